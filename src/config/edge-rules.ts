/**
 * Rules of the `edge` section that relate its fields to each other and to the
 * rest of the definition. Like src/config/network-rules.ts they read the raw
 * definition defensively (anything may be missing or malformed: the schema
 * reports that) and add every problem found, with its field path.
 */
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from "../lib/cloudfront-prefix-lists";
import { ProblemCollector } from "./problems";
import { arr, obj, Raw } from "./raw";

/** Report every string that appears a second time in `list` (at `path[i]`). */
function checkUnique(list: unknown[] | undefined, path: (string | number)[], what: string, problems: ProblemCollector): void {
  const seen = new Set<string>();
  (list ?? []).forEach((v, i) => {
    if (typeof v !== "string") return;
    if (seen.has(v)) problems.add([...path, i], `${what} "${v}" is listed twice`);
    seen.add(v);
  });
}

/**
 * - `edge.cdn` needs the media bucket (`data.media`: its origin, whose policy
 *   the edge stack writes) and the CloudFront origin-facing prefix list of the region:
 *   known for the region, or given as `edge.cdn.originFacingPrefixListId`
 *   (without it the ALB would have to stay open to the internet).
 * - Site names, media paths and country lists hold each value once; a host
 *   named `apex` cannot sit beside `@`.
 * - The media TTL default may not exceed its maximum (CloudFront refuses it).
 * - The vendor account is another account than the environment's own.
 */
export function checkEdge(raw: Raw, problems: ProblemCollector): void {
  const edge = obj(raw.edge);
  if (!edge) return;

  const names = arr(obj(edge.dns)?.names);
  checkUnique(names, ["edge", "dns", "names"], "name", problems);
  // "@" is labelled "apex" in record ids (site-records.ts): both together would collide.
  if (names?.includes("@")) {
    const i = names.indexOf("apex");
    if (i >= 0) problems.add(["edge", "dns", "names", i], 'a host named "apex" cannot sit beside "@" (the apex records are named apex-a/apex-aaaa); rename it');
  }

  const cdn = obj(edge.cdn);
  if (cdn) {
    const region = typeof raw.region === "string" ? raw.region : undefined;
    if (region && cdn.originFacingPrefixListId === undefined && !(region in CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS)) {
      problems.add(
        ["edge", "cdn", "originFacingPrefixListId"],
        `no known CloudFront origin-facing prefix list for region ${region}; give its id (aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing). Known regions: ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(", ")}`,
      );
    }
    if (!obj(obj(raw.data)?.media)) {
      problems.add(["edge", "cdn"], "CloudFront serves media from the media bucket and writes its policy: define data.media too, or remove edge.cdn");
    }
    checkUnique(arr(cdn.mediaPaths), ["edge", "cdn", "mediaPaths"], "path pattern", problems);
    checkUnique(arr(obj(cdn.geoRestriction)?.countries), ["edge", "cdn", "geoRestriction", "countries"], "country", problems);
    const ttl = cdn.mediaDefaultTtlSeconds;
    const max = cdn.mediaMaxTtlSeconds;
    if (typeof ttl === "number" && typeof max === "number" && ttl > max) {
      problems.add(["edge", "cdn", "mediaDefaultTtlSeconds"], `must not exceed edge.cdn.mediaMaxTtlSeconds (${max})`);
    }
  }

  checkUnique(arr(obj(edge.waf)?.geoBlock), ["edge", "waf", "geoBlock"], "country", problems);

  const vendor = obj(edge.vendorAccess);
  if (vendor && typeof vendor.accountId === "string" && vendor.accountId === raw.account) {
    problems.add(["edge", "vendorAccess", "accountId"], "the vendor's account must be another account than the environment's own (account); give the vendor's AWS account id");
  }
}
