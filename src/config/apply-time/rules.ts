/**
 * Rules for what only `terraform apply` would otherwise refuse: names the
 * project derives from definition fields, checked against the AWS limits and
 * against each other. Names derived from the environment name alone are
 * bounded by the name's own limit (20 characters; the survey in
 * __tests__/config/apply-time.test.ts synthesizes every preset under a
 * 20-character name and checks every name against its AWS limit).
 * Attached to the definition; they read it parsed (src/config/rule.ts).
 */
import { accessLogBucketName } from "../../lib/naming";
import type { ParsedDefinition } from "../definition";
import { rule } from "../rule";

/** S3's limit on bucket names. */
const MAX_BUCKET_NAME = 63;

/**
 * - The region's access-log bucket, `<stateBucket>-logs-<region>` (and the DR
 *   region's), must fit S3's 63 characters: the state bucket name is refused
 *   when it leaves no room (reported once, at `stateBucket`).
 * - Exact bucket names of one environment are distinct (the state bucket, the
 *   access-log buckets, the DR media copy): S3 refuses the second at apply.
 */
const bucketNamesFit = rule<ParsedDefinition>([["stateBucket"], ["region"], ["name"], ["account"], ["dr", "region"], ["data", "media"]], (def, report) => {
  const { stateBucket, region } = def;
  const drRegion = def.dr?.region;
  const regions = [region, ...(drRegion && drRegion !== region ? [drRegion] : [])];
  const tooLong = regions.map((r) => accessLogBucketName(stateBucket, r)).filter((n) => n.length > MAX_BUCKET_NAME);
  if (tooLong.length > 0) {
    const longestRegion = Math.max(...regions.map((r) => r.length));
    report.add(
      ["stateBucket"],
      `at most ${MAX_BUCKET_NAME - "-logs-".length - longestRegion} characters here: the S3 access-log bucket of each region is named <stateBucket>-logs-<region> (${tooLong.map((n) => `"${n}", ${n.length}`).join("; ")}) and S3 allows ${MAX_BUCKET_NAME}`,
    );
  }
  const exact = [stateBucket, ...regions.map((r) => accessLogBucketName(stateBucket, r))];
  if (drRegion && def.data?.media) exact.push(`${def.name}-media-${def.account}-${drRegion}`);
  const seen = new Set<string>();
  for (const n of exact) {
    if (seen.has(n)) report.add(["stateBucket"], `bucket name "${n}" would be used twice in this environment (the state bucket, the access-log buckets <stateBucket>-logs-<region>, the DR media copy <name>-media-<account>-<dr region>); choose another state bucket name`);
    seen.add(n);
  }
});

/** Every apply-time rule. */
export const APPLY_TIME_RULES = [bucketNamesFit];
