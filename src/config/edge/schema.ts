/**
 * The `edge` section of an environment definition: the perimeter — DNS names
 * of the site, the optional CloudFront CDN, the WAF in front of the site, the
 * CloudTrail audit trail and the outside vendor's read-only access.
 *
 * Rules relating these fields to the rest of the definition (a CDN needs a
 * known CloudFront prefix list for the region, the vendor is another account,
 * names appear once) live in src/config/edge/rules.ts, attached as refinements.
 */
import { z } from "zod";
import { EDGE_RULES } from "./rules";

/** Retention periods CloudWatch Logs accepts (days), from 30 up. */
const logRetentionDays = z.literal([30, 60, 90, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

/** ISO 3166-1 alpha-2 country code (what CloudFront and WAF geo matching take). */
const countryCode = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code in capitals, such as KR or US");

/** A name inside the environment's domain: `@` for the apex, else one DNS label (`www`). */
export const siteName = z
  .string()
  .regex(/^(@|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$/, 'a DNS label such as "www", or "@" for the domain itself (the apex)');

/** A CloudFront path pattern such as `/media/*`. */
const pathPattern = z
  .string()
  .max(255)
  .regex(/^\/[A-Za-z0-9_\-.*$/~"'@:+?&=]*$/, "a CloudFront path pattern starting with '/', such as /media/*");

const dns = z.strictObject({
  /**
   * Names in the environment's domain that lead to the site, each an alias A
   * record (plus AAAA where CloudFront serves it: the ALB is IPv4-only). `@` is
   * the domain itself. They are also the CloudFront alternate domain names.
   * @default ["@", "www"]
   */
  names: z.array(siteName).min(1).default(["@", "www"]),
});

const cdn = z.strictObject({
  /**
   * Path patterns served from the media bucket through Origin Access Control,
   * cached long; everything else goes to the ALB uncached.
   * @default ["/media/*"]
   */
  mediaPaths: z.array(pathPattern).min(1).max(20).default(["/media/*"]),
  /** Seconds a media object stays cached when the bucket sends no Cache-Control. @default 86400 (1 day) */
  mediaDefaultTtlSeconds: z.number().int().min(0).max(31536000).default(86400),
  /** Upper bound on how long a media object stays cached, whatever Cache-Control says. @default 31536000 (1 year) */
  mediaMaxTtlSeconds: z.number().int().min(0).max(31536000).default(31536000),
  /**
   * Edge locations used. `PriceClass_200` includes Korea and Japan; `PriceClass_100`
   * is North America, Europe and Israel only.
   * @default "PriceClass_200"
   */
  priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_200"),
  /**
   * Serve only viewers in (`allow`) or outside (`deny`) these countries (R1.4).
   * @default none (served worldwide)
   */
  geoRestriction: z
    .strictObject({
      /** `allow`: only these countries; `deny`: everyone but these. */
      type: z.enum(["allow", "deny"]),
      /** ISO 3166-1 alpha-2 codes. */
      countries: z.array(countryCode).min(1),
    })
    .optional(),
  /**
   * The AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing`
   * in the environment's region. The ALB's security group accepts HTTPS only
   * from it, so the ALB cannot be reached around CloudFront (and its WAF).
   * Its id differs per region; it is read here rather than looked up so plans
   * need no AWS call.
   * @default - the well-known id for the region (src/lib/cloudfront-prefix-lists.ts)
   */
  originFacingPrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, "a managed prefix list id such as pl-22a6434b").optional(),
  /** Days CloudFront access logs are kept in CloudWatch Logs (us-east-1). @default 365 */
  accessLogRetentionDays: logRetentionDays.default(365),
});

/** A WAF upload path: `/board/attachments/*` (prefix) or `/upload` (exact); `*` only at the end. */
const uploadPathPattern = z
  .string()
  .max(200)
  .regex(/^\/[A-Za-z0-9_\-.~/]*\*?$/, "a URI path starting with '/', optionally ending in '*' for a prefix (such as /board/attachments/*)");

const upload = z.strictObject({
  /** Path patterns of the upload endpoints: `/board/attachments/*` (every path below) or `/upload` (exactly). */
  paths: z.array(uploadPathPattern).min(1).max(10),
  /** Largest request body accepted on these paths, in MiB (1-5120). nginx's client_max_body_size on WEB follows the largest. */
  maxBodyMb: z.number().int().min(1).max(5120),
});

const waf = z.strictObject({
  /**
   * Paths that accept request bodies over 8 KB (file uploads, large forms), with the largest
   * body each accepts. AWSManagedRulesCommonRuleSet's SizeRestrictions_BODY blocks any body
   * over 8 KB; with uploads it counts instead, over-size bodies on these paths are blocked
   * by Content-Length, and the 8 KB limit keeps blocking every other path
   * (src/lib/waf-upload-rules.ts).
   * @default [] (the 8 KB body limit blocks everywhere)
   */
  uploads: z.array(upload).max(5).default([]),
  /**
   * Requests one client IP may make per `rateWindowSeconds` before it is
   * blocked (R1.4). AWS WAF accepts 10 to 2,000,000,000.
   * @default 2000
   */
  rateLimit: z.number().int().min(10).max(2_000_000_000).default(2000),
  /** Window of `rateLimit`, in seconds. @default 300 */
  rateWindowSeconds: z.literal([60, 120, 300, 600]).default(300),
  /** Block requests from these countries at the WAF (R1.4). @default [] (none) */
  geoBlock: z.array(countryCode).default([]),
  /** Days WAF logs (`aws-waf-logs-<env>`) are kept. @default 365 */
  logRetentionDays: logRetentionDays.default(365),
});

const audit = z.strictObject({
  /**
   * Create this environment's multi-region CloudTrail trail (R1.8). Turn off when
   * another environment or the organization already records this account: one
   * trail per account is enough, and every further copy of management events
   * is billed.
   * @default true
   */
  trail: z.boolean().default(true),
  /** Days the trail's CloudWatch Logs copy is kept (metric filters read it). @default 365 */
  logRetentionDays: logRetentionDays.default(365),
  /** Days trail log files are kept in the S3 bucket before they expire (moved to Glacier after 90). @default 2557 (7 years) */
  archiveRetentionDays: z.number().int().min(365).max(36500).default(2557),
});

const vendorAccess = z.strictObject({
  /** AWS account of the outsourced vendor whose users may assume the read-only role (R0.7). */
  accountId: z.string().regex(/^\d{12}$/, "a 12-digit AWS account id"),
  /**
   * An external id the vendor must present when assuming the role. Not a
   * secret: AWS designed it against the confused deputy (a vendor serving many
   * customers cannot be tricked into using our role for someone else), not to
   * authenticate; MFA does that. It sits in the definition and the synthesized
   * trust policy in plain text. Trade-off: the console's Switch Role cannot send
   * an external id, so with one the vendor opens the console through
   * `aws sts assume-role --external-id ... --serial-number ... --token-code ...`
   * and the federation sign-in URL. 2-1224 characters of letters, digits and
   * `+=,.@:/-_`.
   * @default none (Switch Role in the console; MFA still required)
   */
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "2-1224 characters of letters, digits and +=,.@:/-_").optional(),
});

/** Schema of the `edge` section. */
export const edgeSchema = z.strictObject({
  /** The site's names in the environment's hosted zone. @default { names: ["@", "www"] } */
  dns: dns.prefault({}),
  /** CloudFront in front of the site (media from S3, dynamic pages from the ALB). @default none (DNS points at the ALB) */
  cdn: cdn.optional(),
  /** The web ACL in front of the site: CloudFront's where there is a CDN, else the ALB's. @default {} (rate limit 2000 per 5 minutes) */
  waf: waf.prefault({}),
  /** The CloudTrail audit trail with alarms. @default {} (trail on) */
  audit: audit.prefault({}),
  /** Read-only console access for an outsourced vendor's account (R0.7). @default none */
  vendorAccess: vendorAccess.optional(),
}).check(...EDGE_RULES);

/** The parsed `edge` section. */
export type EdgeSection = z.output<typeof edgeSchema>;
/** The parsed CDN settings. */
export type CdnSettings = NonNullable<EdgeSection["cdn"]>;

/** The edge settings of an environment: its section, or every default when the definition has none. */
export function edgeSettings(env: { readonly edge?: EdgeSection | undefined }): EdgeSection {
  return env.edge ?? edgeSchema.parse({});
}
