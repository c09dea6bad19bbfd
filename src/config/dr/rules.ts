/**
 * Rules of the `dr` section that relate its fields to the rest of the
 * definition: a second region (not the primary's) with its own AZs, a VPC that
 * does not overlap the primary's or the datacenter's and has the primary's
 * tiers, and what each strategy needs of the data section. All of them are
 * attached to the definition and read it parsed, defaults filled in
 * (src/config/rule.ts).
 */
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from "../../lib/cloudfront-prefix-lists";
import { cidrsOverlap } from "../../lib/cidr";
import { drTierRequests } from "../../lib/dr-environment";
import { deriveSubnetLayout, SubnetLayoutError } from "../../lib/subnet-layout";
import { computeSettings } from "../compute/schema";
import type { ParsedDefinition } from "../definition";
import { edgeSettings } from "../edge/schema";
import { validCidr } from "../network/rules";
import { FieldPath } from "../problems";
import { rule } from "../rule";

/** Aurora global databases need memory-optimized instance classes (AWS: "configuration requirements of an Aurora global database"). */
export function isMemoryOptimizedClass(instanceClass: string): boolean {
  return /^db\.(r|x)[0-9a-z-]*\./.test(instanceClass);
}

/** `dr.region` is another region than `region`; `dr.azs` are in it, once each. */
const drRegion = rule<ParsedDefinition>([["region"], ["dr", "region"], ["dr", "azs"]], (def, report) => {
  const dr = def.dr;
  if (!dr) return;
  if (dr.region === def.region) {
    report.add(["dr", "region"], `must be another region than the primary region (${def.region}): a disaster that takes the primary region takes everything in it`);
  }
  const seen = new Set<string>();
  dr.azs.forEach((az, i) => {
    if (!new RegExp(`^${dr.region}[a-z]$`).test(az)) report.add(["dr", "azs", i], `availability zone must be in the DR region ${dr.region} (e.g. ${dr.region}a)`);
    if (seen.has(az)) report.add(["dr", "azs", i], "each availability zone may appear only once");
    seen.add(az);
  });
});

/**
 * The DR VPC: /16-/28, no overlap with the primary VPC (the two must stay
 * peerable) or the datacenter, exactly the primary's tiers, a layout that fits.
 */
const drVpc = rule<ParsedDefinition>([["dr", "vpcCidr"], ["dr", "subnets"], ["dr", "azs"], ["network"]], (def, report) => {
  const dr = def.dr;
  if (!dr) return;
  let found = false;
  const add = (path: FieldPath, message: string) => {
    found = true;
    report.add(path, message);
  };
  const vpc = validCidr(dr.vpcCidr);
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) add(["dr", "vpcCidr"], "a VPC CIDR must be between /16 and /28");
  const primaryVpc = validCidr(def.network.vpcCidr);
  if (vpc && primaryVpc && cidrsOverlap(vpc, primaryVpc)) {
    add(["dr", "vpcCidr"], `overlaps the primary VPC ${primaryVpc.text} (network.vpcCidr); give the DR VPC its own range so the two can be peered or joined by a transit gateway`);
  }
  for (const c of def.network.datacenter?.cidrs ?? []) {
    const dc = validCidr(c);
    if (vpc && dc && cidrsOverlap(vpc, dc)) add(["dr", "vpcCidr"], `overlaps the datacenter CIDR ${dc.text} (network.datacenter.cidrs); traffic to it could not be routed over the VPN`);
  }

  const wanted = new Set<string>(def.network.subnets.map((t) => t.tier));
  if (dr.subnets) {
    const given = new Set<string>();
    dr.subnets.forEach(({ tier }, i) => {
      if (given.has(tier)) add(["dr", "subnets", i, "tier"], `tier "${tier}" is listed twice`);
      else if (!wanted.has(tier)) add(["dr", "subnets", i, "tier"], `the primary network has no "${tier}" tier; the DR VPC has exactly the primary's tiers (${[...wanted].join(", ")})`);
      given.add(tier);
    });
    for (const tier of wanted) {
      if (!given.has(tier)) add(["dr", "subnets"], `tier "${tier}" is missing; the DR VPC has exactly the primary's tiers (${[...wanted].join(", ")})`);
    }
  }

  if (found || !vpc || dr.azs.length < 2) return;
  try {
    deriveSubnetLayout(vpc.text, dr.azs.length, drTierRequests(def.network.subnets, dr.subnets));
  } catch (e) {
    if (!(e instanceof SubnetLayoutError)) throw e;
    for (const problem of e.problems) {
      report.add(dr.subnets ? ["dr", "subnets", problem.tierIndex] : ["dr", "vpcCidr"], `${problem.message}${dr.subnets ? "" : " (the DR VPC takes the primary's tier sizes unless dr.subnets says otherwise)"}`);
    }
  }
});

/**
 * What each strategy needs of the data section: backup-restore something to
 * copy and nothing to activate; pilot light and warm standby replicate the
 * database as an Aurora global database (RDS MySQL is refused, see the message),
 * whose classes must be memory-optimized.
 */
const strategyNeedsData = rule<ParsedDefinition>([["dr"], ["data"]], (def, report) => {
  const dr = def.dr;
  if (!dr) return;
  const data = def.data;
  const db = data?.database;
  if (dr.strategy === "backup-restore") {
    if (!data?.backupPlan && !data?.media) {
      report.add(["dr", "strategy"], "backup-restore copies data.backupPlan's recovery points and data.media's objects to the DR region, and the definition has neither; add data.backupPlan (and/or data.media), or choose pilot-light");
    }
    if (dr.activate) {
      report.add(["dr", "activate"], "backup-restore keeps no platform in the DR region to activate; to serve from it, change dr.strategy to pilot-light or warm-standby (the runbook in docs/dr.md says how)");
    }
  } else if (db?.engine === "mysql") {
    report.add(
      ["dr", "strategy"],
      `${dr.strategy} replicates the database live, which is built for Aurora MySQL (an Aurora global database). RDS MySQL cross-region read replicas are not built: AWS refuses a read replica of a source whose master password RDS manages (manage_master_user_password, X.4). Use data.database.engine "aurora-mysql", or dr.strategy "backup-restore" (AWS Backup copies to the DR region)`,
    );
  } else if (db) {
    const classes: [FieldPath, string | undefined][] = [
      [["data", "database", "instanceClass"], db.instanceClass],
      ...db.replicas.map((r, i): [FieldPath, string | undefined] => [["data", "database", "replicas", i, "instanceClass"], r.instanceClass]),
      [["dr", "database", "instanceClass"], dr.database.instanceClass],
    ];
    for (const [path, c] of classes) {
      if (c !== undefined && !isMemoryOptimizedClass(c)) {
        report.add(path, `${c} cannot join an Aurora global database, which needs memory-optimized classes (db.r*, db.x*), such as db.r6g.large`);
      }
    }
  }
  if (dr.cache === true && !data?.cache) {
    report.add(["dr", "cache"], "the primary has no cache (data.cache) for the DR region to mirror");
  }
  if (dr.backupCopyRetentionDays !== undefined && !data?.backupPlan) {
    report.add(["dr", "backupCopyRetentionDays"], "recovery points are copied by data.backupPlan, which the definition lacks");
  }
});

/** A warm standby's capacity fits every tier's maximum (the DR tiers keep the primary's). */
const standbyFits = rule<ParsedDefinition>([["dr", "strategy"], ["dr", "standbyCapacity"], ["compute"]], (def, report) => {
  const dr = def.dr;
  if (dr?.strategy !== "warm-standby") return;
  const compute = computeSettings(def);
  for (const name of ["web", "was"] as const) {
    const tier = compute[name];
    if (tier && dr.standbyCapacity > tier.maxSize) {
      report.add(["dr", "standbyCapacity"], `${dr.standbyCapacity} is above compute.${name}.maxSize (${tier.maxSize}); the DR ${name.toUpperCase()} tier keeps the primary's maximum`);
    }
  }
});

/** A CDN knows CloudFront's prefix list in the DR region; the failover name is not one of the site's names. */
const drEdge = rule<ParsedDefinition>([["dr", "region"], ["dr", "originFacingPrefixListId"], ["dr", "originName"], ["edge"]], (def, report) => {
  const dr = def.dr;
  if (!dr) return;
  if (def.edge?.cdn && dr.originFacingPrefixListId === undefined && !(dr.region in CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS)) {
    report.add(
      ["dr", "originFacingPrefixListId"],
      `no known CloudFront origin-facing prefix list for the DR region ${dr.region}; give its id (aws ec2 describe-managed-prefix-lists --region ${dr.region} --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing)`,
    );
  }
  if (edgeSettings(def).dns.names.includes(dr.originName)) {
    report.add(["dr", "originName"], `"${dr.originName}" is one of the site's names (edge.dns.names); the failover name must be another label`);
  }
});

/** Every rule of the `dr` section. */
export const DR_DEFINITION_RULES = [drRegion, drVpc, strategyNeedsData, standbyFits, drEdge];
