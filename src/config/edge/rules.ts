/**
 * Rules of the `edge` section that relate its fields to each other
 * (`EDGE_RULES`, attached to the section) and to the rest of the definition
 * (`EDGE_DEFINITION_RULES`, attached to the definition). Each reads the parsed
 * section, defaults filled in (src/config/rule.ts).
 */
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from "../../lib/cloudfront-prefix-lists";
import type { ParsedDefinition } from "../definition";
import { FieldPath } from "../problems";
import { rule, RuleReport } from "../rule";
import type { EdgeSection } from "./schema";

/** Report every string that appears a second time in `list` (at `path[i]`). */
function checkUnique(list: readonly string[] | undefined, path: FieldPath, what: string, report: RuleReport): void {
  const seen = new Set<string>();
  (list ?? []).forEach((v, i) => {
    if (seen.has(v)) report.add([...path, i], `${what} "${v}" is listed twice`);
    seen.add(v);
  });
}

/** Site names once each; a host named `apex` cannot sit beside `@`. */
const siteNames = rule<EdgeSection>([["dns", "names"]], (edge, report) => {
  const names = edge.dns.names;
  checkUnique(names, ["dns", "names"], "name", report);
  // "@" is labelled "apex" in record ids (site-records.ts): both together would collide.
  if (names.includes("@")) {
    const i = names.indexOf("apex");
    if (i >= 0) report.add(["dns", "names", i], 'a host named "apex" cannot sit beside "@" (the apex records are named apex-a/apex-aaaa); rename it');
  }
});

/** Media paths and countries once each; the media TTL default within its maximum (CloudFront refuses it otherwise). */
const cdnSettings = rule<EdgeSection>([["cdn"]], (edge, report) => {
  const cdn = edge.cdn;
  if (!cdn) return;
  checkUnique(cdn.mediaPaths, ["cdn", "mediaPaths"], "path pattern", report);
  checkUnique(cdn.geoRestriction?.countries, ["cdn", "geoRestriction", "countries"], "country", report);
  if (cdn.mediaDefaultTtlSeconds > cdn.mediaMaxTtlSeconds) {
    report.add(["cdn", "mediaDefaultTtlSeconds"], `must not exceed edge.cdn.mediaMaxTtlSeconds (${cdn.mediaMaxTtlSeconds})`);
  }
});

/** Countries blocked at the WAF once each. */
const wafGeoBlock = rule<EdgeSection>([["waf", "geoBlock"]], (edge, report) => {
  checkUnique(edge.waf.geoBlock, ["waf", "geoBlock"], "country", report);
});

/** Rules within the `edge` section. */
export const EDGE_RULES = [siteNames, cdnSettings, wafGeoBlock];

/**
 * `edge.cdn` needs the CloudFront origin-facing prefix list of the region (known
 * for the region, or given as `edge.cdn.originFacingPrefixListId`; without it the
 * ALB would have to stay open to the internet) and the media bucket
 * (`data.media`: its origin, whose policy the edge stack writes).
 */
const cdnNeeds = rule<ParsedDefinition>([["region"], ["edge", "cdn"], ["data", "media"]], (def, report) => {
  const cdn = def.edge?.cdn;
  if (!cdn) return;
  if (cdn.originFacingPrefixListId === undefined && !(def.region in CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS)) {
    report.add(
      ["edge", "cdn", "originFacingPrefixListId"],
      `no known CloudFront origin-facing prefix list for region ${def.region}; give its id (aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing). Known regions: ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(", ")}`,
    );
  }
  if (!def.data?.media) {
    report.add(["edge", "cdn"], "CloudFront serves media from the media bucket and writes its policy: define data.media too, or remove edge.cdn");
  }
});

/** The vendor account is another account than the environment's own. */
const vendorIsAnotherAccount = rule<ParsedDefinition>([["account"], ["edge", "vendorAccess"]], (def, report) => {
  if (def.edge?.vendorAccess?.accountId === def.account) {
    report.add(["edge", "vendorAccess", "accountId"], "the vendor's account must be another account than the environment's own (account); give the vendor's AWS account id");
  }
});

/** Rules of the edge section that need the rest of the definition. */
export const EDGE_DEFINITION_RULES = [cdnNeeds, vendorIsAnotherAccount];
