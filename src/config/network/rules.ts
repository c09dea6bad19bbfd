/**
 * Rules of the network that relate fields to each other: AZs and region,
 * subnets and VPC, NAT and tiers, datacenter and VPC, the bastion's reach.
 *
 * `NETWORK_RULES` are attached to the `network` section (paths relative to it);
 * `NETWORK_DEFINITION_RULES` need `azs` or `region` and are attached to the
 * definition. A CIDR string the schema already refuses is skipped here, never
 * reported twice.
 */
import { Cidr, cidrContains, cidrsOverlap, isCidr, parseCidr } from "../../lib/cidr";
import { deriveSubnetLayout, SubnetLayout, SubnetLayoutError } from "../../lib/subnet-layout";
import type { ParsedDefinition } from "../definition";
import { FieldPath } from "../problems";
import { rule } from "../rule";
import type { NetworkSection } from "./schema";
import { TIERS } from "./tiers";

/** `text` as a parsed CIDR, or undefined when the schema refuses it. */
export function validCidr(text: string): Cidr | undefined {
  const parsed = parseCidr(text);
  return isCidr(parsed) ? parsed : undefined;
}

/** A NAT instance lives in a public subnet; say so where it is asked for. */
const natNeedsPublicTier = rule<NetworkSection>([["nat", "mode"], ["subnets"]], (network, report) => {
  if (network.nat.mode === "instance" && !network.subnets.some((t) => t.tier === "public")) {
    report.add(["nat", "mode"], 'a NAT instance needs a "public" subnet tier to live in; add one to network.subnets');
  }
});

/** Datacenter CIDRs must not overlap the VPC; services must sit inside a routed datacenter CIDR; routed tiers must exist. */
const datacenterFits = rule<NetworkSection>([["vpcCidr"], ["datacenter"], ["subnets"]], (network, report) => {
  const dc = network.datacenter;
  if (!dc) return;
  const vpc = validCidr(network.vpcCidr);
  const dcCidrs = dc.cidrs.map(validCidr);
  dcCidrs.forEach((c, i) => {
    if (c && vpc && cidrsOverlap(c, vpc)) {
      report.add(["datacenter", "cidrs", i], `datacenter CIDR overlaps the VPC ${vpc.text}; traffic to it could not be routed to the datacenter`);
    }
  });
  dc.services.forEach((s, i) => {
    const svc = validCidr(s.cidr);
    if (svc && dcCidrs.every((c) => c && !cidrContains(c, svc))) {
      report.add(["datacenter", "services", i, "cidr"], "service must lie inside one of network.datacenter.cidrs");
    }
  });
  const tiers = new Set<string>(network.subnets.map((t) => t.tier));
  dc.routedTiers.forEach((t, i) => {
    if (!tiers.has(t)) report.add(["datacenter", "routedTiers", i], `tier "${t}" has no subnets in network.subnets`);
  });
});

/** The bastion reaches existing tiers only; SSH must never be open to the world (CKV_AWS_24), Session Manager is the keyless alternative. */
const bastionScope = rule<NetworkSection>([["subnets"], ["bastionReaches"], ["bastionAllowedCidrs"]], (network, report) => {
  const tiers = new Set<string>(network.subnets.map((t) => t.tier));
  network.bastionReaches.forEach((t, i) => {
    if (!tiers.has(t)) report.add(["bastionReaches", i], `tier "${t}" has no subnets in network.subnets`);
  });
  network.bastionAllowedCidrs.forEach((c, i) => {
    const parsed = validCidr(c);
    if (parsed && parsed.prefix < 8) {
      report.add(["bastionAllowedCidrs", i], "SSH must not be open to the internet (CKV_AWS_24); list your office or VPN CIDRs, or leave empty and use Session Manager");
    }
  });
});

/** Rules within the `network` section. */
export const NETWORK_RULES = [natNeedsPublicTier, datacenterFits, bastionScope];

/** Every AZ must belong to the region (`ap-northeast-2` → `ap-northeast-2a`), and appear once. */
const azsInRegion = rule<ParsedDefinition>([["region"], ["azs"]], (def, report) => {
  const seen = new Set<string>();
  def.azs.forEach((az, i) => {
    if (!new RegExp(`^${def.region}[a-z]$`).test(az)) report.add(["azs", i], `availability zone must be in region ${def.region} (e.g. ${def.region}a)`);
    if (seen.has(az)) report.add(["azs", i], "each availability zone may appear only once");
    seen.add(az);
  });
});

/**
 * The subnet layout of a parsed definition: explicit CIDRs as given, derived
 * tiers allocated first-fit in the VPC.
 * @throws SubnetLayoutError when the derived tiers do not fit
 */
export function subnetLayoutOf(def: Pick<ParsedDefinition, "azs" | "network">): SubnetLayout {
  return deriveSubnetLayout(
    def.network.vpcCidr,
    def.azs.length,
    def.network.subnets.map((t) => ({ tier: t.tier, ...(t.cidrs !== undefined ? { cidrs: t.cidrs } : {}), ...(t.prefixLength !== undefined ? { prefixLength: t.prefixLength } : {}) })),
  );
}

/** "network.subnets[1].cidrs[0]" for a path into the definition. */
function dotted(path: FieldPath): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").slice(1);
}

/**
 * Subnets: required tiers present and unique, one explicit CIDR per AZ, every
 * explicit CIDR inside the VPC and disjoint from the others, derived tiers fit.
 */
const subnetsFit = rule<ParsedDefinition>([["azs"], ["network", "vpcCidr"], ["network", "subnets"]], (def, report) => {
  let found = false;
  const add = (path: FieldPath, message: string) => {
    found = true;
    report.add(path, message);
  };
  const vpc = validCidr(def.network.vpcCidr);
  const azCount = def.azs.length;
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) add(["network", "vpcCidr"], "a VPC CIDR must be between /16 and /28");

  const seen = new Set<string>();
  const explicit: { cidr: Cidr; path: FieldPath }[] = [];
  def.network.subnets.forEach((tier, i) => {
    if (seen.has(tier.tier)) add(["network", "subnets", i, "tier"], `tier "${tier.tier}" is listed twice`);
    seen.add(tier.tier);
    if (!tier.cidrs) return;
    if (azCount > 0 && tier.cidrs.length !== azCount) {
      add(["network", "subnets", i, "cidrs"], `give one CIDR per availability zone: ${azCount} expected, ${tier.cidrs.length} given`);
    }
    tier.cidrs.forEach((c, j) => {
      const parsed = validCidr(c);
      if (!parsed) return;
      const path = ["network", "subnets", i, "cidrs", j];
      if (parsed.prefix < 16 || parsed.prefix > 28) add(path, "an AWS subnet must be between /16 and /28");
      if (vpc && !cidrContains(vpc, parsed)) add(path, `subnet must lie inside the VPC ${vpc.text}`);
      for (const other of explicit) {
        if (cidrsOverlap(other.cidr, parsed)) add(path, `overlaps ${other.cidr.text} at ${dotted(other.path)}`);
      }
      explicit.push({ cidr: parsed, path });
    });
  });

  for (const required of ["public", "web", "db"] as const) {
    if (!seen.has(required)) {
      add(["network", "subnets"], `tier "${required}" is missing; every environment needs ${required === "public" ? "public subnets (load balancers, bastion, NAT)" : required === "web" ? "a private WEB tier" : "private database subnets"}. Tiers allowed: ${TIERS.join(", ")}`);
    }
  }

  // The schema reports a tier with both or neither of cidrs and prefixLength.
  if (found || !vpc || azCount < 2 || def.network.subnets.some((t) => (t.cidrs === undefined) === (t.prefixLength === undefined))) return;
  try {
    subnetLayoutOf(def);
  } catch (e) {
    if (!(e instanceof SubnetLayoutError)) throw e;
    for (const p of e.problems) report.add(["network", "subnets", p.tierIndex], p.message);
  }
});

/** Rules that relate the network to `azs` and `region`. */
export const NETWORK_DEFINITION_RULES = [azsInRegion, subnetsFit];
