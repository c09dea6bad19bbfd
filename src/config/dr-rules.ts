/**
 * Rules of the `dr` section that relate its fields to each other and to the
 * rest of the definition: a second region (not the primary's) with its own
 * AZs, a VPC that does not overlap the primary's or the datacenter's and has
 * the primary's tiers, and what each strategy needs of the data section.
 *
 * Like src/config/network-rules.ts they read the raw definition defensively
 * (anything may be missing or malformed: the schema reports that) and add
 * every problem found, with its field path.
 */
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from "../lib/cloudfront-prefix-lists";
import { cidrsOverlap } from "../lib/cidr";
import { drTierRequests } from "../lib/dr-environment";
import { deriveSubnetLayout, SubnetLayoutError } from "../lib/subnet-layout";
import { DR_STRATEGIES } from "./sections/dr";
import { FieldPath, ProblemCollector } from "./problems";
import { arr, cidr, obj, Raw, str } from "./raw";

/** `compute.<tier>.maxSize` default (keep in step with sections/compute.ts). */
const DEFAULT_MAX_SIZE = 4;

/** Aurora global databases need memory-optimized instance classes (AWS: "configuration requirements of an Aurora global database"). */
export function isMemoryOptimizedClass(instanceClass: string): boolean {
  return /^db\.(r|x)[0-9a-z-]*\./.test(instanceClass);
}

/**
 * Every rule of the `dr` section:
 * - `dr.region` is another region than `region`; `dr.azs` are in it, once each;
 * - `dr.vpcCidr` is /16-/28 and overlaps neither `network.vpcCidr` (the two
 *   VPCs must stay peerable) nor the datacenter's CIDRs; `dr.subnets` has
 *   exactly the primary's tiers and fits the DR VPC;
 * - backup-restore has something to copy (data.backupPlan or data.media) and
 *   nothing to activate;
 * - pilot light and warm standby replicate the database as an Aurora global
 *   database: RDS MySQL is refused (see the message), Aurora classes must be
 *   memory-optimized;
 * - the standby capacity fits every tier's maximum; a DR cache mirrors a
 *   primary cache; the failover name is not one of the site's names; a CDN
 *   knows CloudFront's prefix list in the DR region.
 */
export function checkDr(raw: Raw, problems: ProblemCollector): void {
  const dr = obj(raw.dr);
  if (!dr) return;
  const p = (...rest: (string | number)[]): FieldPath => ["dr", ...rest];
  const primaryRegion = str(raw.region);
  const region = str(dr.region);

  if (region !== undefined && region === primaryRegion) {
    problems.add(p("region"), `must be another region than the primary region (${primaryRegion}): a disaster that takes the primary region takes everything in it`);
  }

  const seen = new Set<string>();
  (arr(dr.azs) ?? []).forEach((az, i) => {
    if (typeof az !== "string") return;
    if (region && !new RegExp(`^${region}[a-z]$`).test(az)) problems.add(p("azs", i), `availability zone must be in the DR region ${region} (e.g. ${region}a)`);
    if (seen.has(az)) problems.add(p("azs", i), "each availability zone may appear only once");
    seen.add(az);
  });

  checkVpc(raw, dr, problems);
  checkStrategy(raw, dr, problems);

  const cdn = obj(obj(raw.edge)?.cdn);
  if (cdn && region && dr.originFacingPrefixListId === undefined && !(region in CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS)) {
    problems.add(
      p("originFacingPrefixListId"),
      `no known CloudFront origin-facing prefix list for the DR region ${region}; give its id (aws ec2 describe-managed-prefix-lists --region ${region} --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing)`,
    );
  }

  const originName = str(dr.originName) ?? "origin";
  const names = arr(obj(obj(raw.edge)?.dns)?.names) ?? ["@", "www"];
  if (names.includes(originName)) {
    problems.add(p("originName"), `"${originName}" is one of the site's names (edge.dns.names); the failover name must be another label`);
  }
}

/** The DR VPC: size, no overlap with the primary VPC or the datacenter, the primary's tiers, a layout that fits. */
function checkVpc(raw: Raw, dr: Raw, problems: ProblemCollector): void {
  const network = obj(raw.network);
  const vpc = cidr(dr.vpcCidr);
  const before = problems.problems.length;
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) problems.add(["dr", "vpcCidr"], "a VPC CIDR must be between /16 and /28");
  const primaryVpc = cidr(network?.vpcCidr);
  if (vpc && primaryVpc && cidrsOverlap(vpc, primaryVpc)) {
    problems.add(["dr", "vpcCidr"], `overlaps the primary VPC ${primaryVpc.text} (network.vpcCidr); give the DR VPC its own range so the two can be peered or joined by a transit gateway`);
  }
  (arr(obj(network?.datacenter)?.cidrs) ?? []).forEach((c) => {
    const dc = cidr(c);
    if (vpc && dc && cidrsOverlap(vpc, dc)) problems.add(["dr", "vpcCidr"], `overlaps the datacenter CIDR ${dc.text} (network.datacenter.cidrs); traffic to it could not be routed over the VPN`);
  });

  const primaryTiers = (arr(network?.subnets) ?? []).map((t) => obj(t)).filter((t): t is Raw => t !== undefined && typeof t.tier === "string");
  const wanted = new Set(primaryTiers.map((t) => String(t.tier)));
  const drSubnets = arr(dr.subnets);
  if (drSubnets) {
    const given = new Set<string>();
    drSubnets.forEach((t, i) => {
      const tier = str(obj(t)?.tier);
      if (tier === undefined) return;
      if (given.has(tier)) problems.add(["dr", "subnets", i, "tier"], `tier "${tier}" is listed twice`);
      else if (!wanted.has(tier)) problems.add(["dr", "subnets", i, "tier"], `the primary network has no "${tier}" tier; the DR VPC has exactly the primary's tiers (${[...wanted].join(", ")})`);
      given.add(tier);
    });
    for (const tier of wanted) {
      if (!given.has(tier)) problems.add(["dr", "subnets"], `tier "${tier}" is missing; the DR VPC has exactly the primary's tiers (${[...wanted].join(", ")})`);
    }
  }

  const azCount = (arr(dr.azs) ?? []).length;
  if (problems.problems.length > before || !vpc || azCount < 2) return;
  const requests = drTierRequests(
    primaryTiers.map((t) => ({
      tier: String(t.tier),
      ...(Array.isArray(t.cidrs) ? { cidrs: t.cidrs as string[] } : {}),
      ...(typeof t.prefixLength === "number" ? { prefixLength: t.prefixLength } : {}),
    })),
    drSubnets?.every((t) => typeof obj(t)?.tier === "string" && typeof obj(t)?.prefixLength === "number")
      ? drSubnets.map((t) => ({ tier: String(obj(t)!.tier), prefixLength: Number(obj(t)!.prefixLength) }))
      : undefined,
  );
  try {
    deriveSubnetLayout(vpc.text, azCount, requests);
  } catch (e) {
    if (!(e instanceof SubnetLayoutError)) throw e;
    for (const problem of e.problems) {
      problems.add(drSubnets ? ["dr", "subnets", problem.tierIndex] : ["dr", "vpcCidr"], `${problem.message}${drSubnets ? "" : " (the DR VPC takes the primary's tier sizes unless dr.subnets says otherwise)"}`);
    }
  }
}

/** What each strategy needs of the rest of the definition. */
function checkStrategy(raw: Raw, dr: Raw, problems: ProblemCollector): void {
  const strategy = str(dr.strategy);
  if (strategy === undefined || !(DR_STRATEGIES as readonly string[]).includes(strategy)) return; // the schema lists the allowed values
  const data = obj(raw.data);
  const db = obj(data?.database);
  const engine = str(db?.engine) ?? "mysql";

  if (strategy === "backup-restore") {
    if (!obj(data?.backupPlan) && !obj(data?.media)) {
      problems.add(["dr", "strategy"], "backup-restore copies data.backupPlan's recovery points and data.media's objects to the DR region, and the definition has neither; add data.backupPlan (and/or data.media), or choose pilot-light");
    }
    if (dr.activate === true) {
      problems.add(["dr", "activate"], "backup-restore keeps no platform in the DR region to activate; to serve from it, change dr.strategy to pilot-light or warm-standby (the runbook in docs/dr.md says how)");
    }
  } else if (db) {
    if (engine === "mysql") {
      problems.add(
        ["dr", "strategy"],
        `${strategy} replicates the database live, which is built for Aurora MySQL (an Aurora global database). RDS MySQL cross-region read replicas are not built: AWS refuses a read replica of a source whose master password RDS manages (manage_master_user_password, X.4). Use data.database.engine "aurora-mysql", or dr.strategy "backup-restore" (AWS Backup copies to the DR region)`,
      );
    } else {
      const classes: [FieldPath, unknown][] = [
        [["data", "database", "instanceClass"], db.instanceClass ?? "db.t4g.medium"],
        ...(arr(db.replicas) ?? []).map((r, i) => [["data", "database", "replicas", i, "instanceClass"], obj(r)?.instanceClass] as [FieldPath, unknown]),
        [["dr", "database", "instanceClass"], obj(dr.database)?.instanceClass],
      ];
      for (const [path, c] of classes) {
        if (typeof c === "string" && !isMemoryOptimizedClass(c)) {
          problems.add(path, `${c} cannot join an Aurora global database, which needs memory-optimized classes (db.r*, db.x*), such as db.r6g.large`);
        }
      }
    }
  }

  if (strategy === "warm-standby") {
    const capacity = typeof dr.standbyCapacity === "number" ? dr.standbyCapacity : 1;
    const compute = obj(raw.compute);
    for (const tier of ["web", "was"] as const) {
      const section = obj(compute?.[tier]);
      if (tier === "was" && !section) continue;
      const max = typeof section?.maxSize === "number" ? section.maxSize : DEFAULT_MAX_SIZE;
      if (capacity > max) problems.add(["dr", "standbyCapacity"], `${capacity} is above compute.${tier}.maxSize (${max}); the DR ${tier.toUpperCase()} tier keeps the primary's maximum`);
    }
  }

  if (dr.cache === true && !obj(data?.cache)) {
    problems.add(["dr", "cache"], "the primary has no cache (data.cache) for the DR region to mirror");
  }
  if (dr.backupCopyRetentionDays !== undefined && !obj(data?.backupPlan)) {
    problems.add(["dr", "backupCopyRetentionDays"], "recovery points are copied by data.backupPlan, which the definition lacks");
  }
}
