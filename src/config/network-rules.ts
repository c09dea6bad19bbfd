/**
 * Rules of the definition that relate fields to each other: AZs and region,
 * subnets and VPC, NAT and tiers, datacenter and VPC.
 *
 * They run on the raw definition even when the schema found problems, so a user
 * sees everything in one pass; each rule checks only what is well-formed enough
 * to check (a malformed CIDR is already reported by the schema).
 */
import { Cidr, cidrContains, cidrsOverlap } from "../lib/cidr";
import { deriveSubnetLayout, SubnetLayout, SubnetLayoutError, TierRequest } from "../lib/subnet-layout";
import { TIERS } from "./definition";
import { ProblemCollector } from "./problems";
import { arr, cidr, obj, Raw } from "./raw";

/** Every AZ must belong to the region (`ap-northeast-2` → `ap-northeast-2a`), and appear once. */
export function checkAzs(raw: Raw, problems: ProblemCollector): void {
  const region = typeof raw.region === "string" ? raw.region : undefined;
  const azs = arr(raw.azs) ?? [];
  const seen = new Set<string>();
  azs.forEach((az, i) => {
    if (typeof az !== "string") return;
    if (region && !new RegExp(`^${region}[a-z]$`).test(az)) {
      problems.add(["azs", i], `availability zone must be in region ${region} (e.g. ${region}a)`);
    }
    if (seen.has(az)) problems.add(["azs", i], "each availability zone may appear only once");
    seen.add(az);
  });
}

/**
 * Subnets: required tiers present and unique, one explicit CIDR per AZ, every
 * explicit CIDR inside the VPC and disjoint from the others, derived tiers fit.
 * Returns the resolved layout when everything checks out.
 */
export function checkSubnets(raw: Raw, problems: ProblemCollector): SubnetLayout | undefined {
  const network = obj(raw.network);
  if (!network) return undefined;
  const vpc = cidr(network.vpcCidr);
  const azCount = arr(raw.azs)?.length ?? 0;
  const tiers = arr(network.subnets);
  if (!tiers) return undefined;
  const before = problems.problems.length;

  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) {
    problems.add(["network", "vpcCidr"], "a VPC CIDR must be between /16 and /28");
  }

  const seen = new Set<string>();
  const explicit: { cidr: Cidr; path: (string | number)[] }[] = [];
  tiers.forEach((t, i) => {
    const tier = obj(t);
    if (!tier || typeof tier.tier !== "string") return;
    if (seen.has(tier.tier)) problems.add(["network", "subnets", i, "tier"], `tier "${tier.tier}" is listed twice`);
    seen.add(tier.tier);
    const cidrs = arr(tier.cidrs);
    if (!cidrs) return;
    if (azCount > 0 && cidrs.length !== azCount) {
      problems.add(["network", "subnets", i, "cidrs"], `give one CIDR per availability zone: ${azCount} expected, ${cidrs.length} given`);
    }
    cidrs.forEach((c, j) => {
      const parsed = cidr(c);
      if (!parsed) return;
      const path = ["network", "subnets", i, "cidrs", j];
      if (parsed.prefix < 16 || parsed.prefix > 28) problems.add(path, "an AWS subnet must be between /16 and /28");
      if (vpc && !cidrContains(vpc, parsed)) problems.add(path, `subnet must lie inside the VPC ${vpc.text}`);
      for (const other of explicit) {
        if (cidrsOverlap(other.cidr, parsed)) {
          problems.add(path, `overlaps ${other.cidr.text} at ${other.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").slice(1)}`);
        }
      }
      explicit.push({ cidr: parsed, path });
    });
  });

  for (const required of ["public", "web", "db"] as const) {
    if (!seen.has(required)) {
      problems.add(["network", "subnets"], `tier "${required}" is missing; every environment needs ${required === "public" ? "public subnets (load balancers, bastion, NAT)" : required === "web" ? "a private WEB tier" : "private database subnets"}. Tiers allowed: ${TIERS.join(", ")}`);
    }
  }

  if (problems.problems.length > before || !vpc || azCount < 2) return undefined;
  const requests: TierRequest[] = tiers.map((t) => {
    const tier = obj(t) ?? {};
    return {
      tier: String(tier.tier),
      ...(Array.isArray(tier.cidrs) ? { cidrs: tier.cidrs as string[] } : {}),
      ...(typeof tier.prefixLength === "number" ? { prefixLength: tier.prefixLength } : {}),
    };
  });
  if (requests.some((r) => (r.cidrs === undefined) === (r.prefixLength === undefined))) return undefined;
  try {
    return deriveSubnetLayout(vpc.text, azCount, requests);
  } catch (e) {
    if (e instanceof SubnetLayoutError) {
      for (const p of e.problems) problems.add(["network", "subnets", p.tierIndex], p.message);
      return undefined;
    }
    throw e;
  }
}

/** A NAT instance lives in a public subnet; say so where it is asked for. */
export function checkNat(raw: Raw, problems: ProblemCollector): void {
  const network = obj(raw.network);
  const nat = obj(network?.nat);
  const tiers = arr(network?.subnets) ?? [];
  const hasPublic = tiers.some((t) => obj(t)?.tier === "public");
  if (nat?.mode === "instance" && !hasPublic) {
    problems.add(["network", "nat", "mode"], 'a NAT instance needs a "public" subnet tier to live in; add one to network.subnets');
  }
}

/** Datacenter CIDRs must not overlap the VPC; services must sit inside a routed datacenter CIDR; routed tiers must exist. */
export function checkDatacenter(raw: Raw, problems: ProblemCollector): void {
  const network = obj(raw.network);
  const dc = obj(network?.datacenter);
  if (!network || !dc) return;
  const vpc = cidr(network.vpcCidr);
  const dcCidrs = (arr(dc.cidrs) ?? []).map(cidr);
  dcCidrs.forEach((c, i) => {
    if (c && vpc && cidrsOverlap(c, vpc)) {
      problems.add(["network", "datacenter", "cidrs", i], `datacenter CIDR overlaps the VPC ${vpc.text}; traffic to it could not be routed to the datacenter`);
    }
  });
  (arr(dc.services) ?? []).forEach((s, i) => {
    const svc = cidr(obj(s)?.cidr);
    if (svc && dcCidrs.every((c) => c && !cidrContains(c, svc))) {
      problems.add(["network", "datacenter", "services", i, "cidr"], "service must lie inside one of network.datacenter.cidrs");
    }
  });
  const tiers = new Set((arr(network.subnets) ?? []).map((t) => obj(t)?.tier));
  (arr(dc.routedTiers) ?? []).forEach((t, i) => {
    if (typeof t === "string" && !tiers.has(t)) {
      problems.add(["network", "datacenter", "routedTiers", i], `tier "${t}" has no subnets in network.subnets`);
    }
  });
}

/** SSH must never be open to the world (CKV_AWS_24); Session Manager is the keyless alternative. */
export function checkBastion(raw: Raw, problems: ProblemCollector): void {
  const network = obj(raw.network);
  const tiers = new Set((arr(network?.subnets) ?? []).map((t) => obj(t)?.tier));
  (arr(network?.bastionReaches) ?? []).forEach((t, i) => {
    if (typeof t === "string" && !tiers.has(t)) {
      problems.add(["network", "bastionReaches", i], `tier "${t}" has no subnets in network.subnets`);
    }
  });
  (arr(network?.bastionAllowedCidrs) ?? []).forEach((c, i) => {
    const parsed = cidr(c);
    if (parsed && parsed.prefix < 8) {
      problems.add(["network", "bastionAllowedCidrs", i], "SSH must not be open to the internet (CKV_AWS_24); list your office or VPN CIDRs, or leave empty and use Session Manager");
    }
  });
}
