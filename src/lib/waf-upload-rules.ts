/**
 * WAF rules for upload paths, as data (src/constructs/web-acl.ts adds them).
 *
 * `AWSManagedRulesCommonRuleSet`'s `SizeRestrictions_BODY` blocks every request
 * body over 8 KB: file uploads and large forms fail. Where the definition names
 * upload paths (`edge.waf.uploads`), that one rule is overridden to COUNT (it
 * still labels the request) and two rules of ours take its place:
 *
 * 1. `body-size-outside-uploads`: the managed rule's label on a path that is NOT
 *    an upload path → block. The 8 KB limit keeps blocking everywhere else.
 * 2. `upload-body-size-<n>`: an upload path whose `Content-Length` is larger
 *    than the allowed size → block.
 *
 * Why `Content-Length` and a regular expression: WAF inspects at most the
 * first 8 KB (ALB) or 16-64 KB (CloudFront) of a body, so a size constraint on
 * the body cannot see a 20 MB upload; and a size constraint on a header
 * compares the length of its text, not its value. A regular expression that
 * matches exactly the decimal numbers above the limit does compare the value.
 * A request without `Content-Length` (chunked) is bounded by nginx's
 * `client_max_body_size` on the WEB tier, set to the largest allowed upload.
 *
 * Labels are visible only to rules evaluated after the one that adds them, so
 * these rules come after the managed groups.
 */

/** The label `SizeRestrictions_BODY` adds (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html). */
export const SIZE_RESTRICTIONS_BODY_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";
/** The rule of `AWSManagedRulesCommonRuleSet` that blocks bodies over 8 KB. */
export const SIZE_RESTRICTIONS_BODY_RULE = "SizeRestrictions_BODY";

/** Upload paths with the largest body they accept. */
export interface UploadPaths {
  /** Path patterns: `/board/attachments/*` (a prefix) or `/upload` (exactly this path). */
  readonly paths: readonly string[];
  /** Largest body accepted on these paths, in MiB. */
  readonly maxBodyMb: number;
}

/** A WAF rule in Terraform's shape (snake_case statement keys; the construct adds visibility). */
export interface UploadRule {
  readonly name: string;
  readonly statement: Record<string, unknown>;
}

/**
 * A regular expression matching exactly the decimal integers (leading zeros
 * allowed) greater than `n`, e.g. a `Content-Length` over a limit.
 */
export function integerGreaterThanRegex(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`integerGreaterThanRegex: a non-negative integer is needed, got ${n}`);
  const d = String(n);
  // Longer numbers (without leading zeros) are always greater.
  const alternatives = [`[1-9][0-9]{${d.length},}`];
  // As long: equal up to position i, larger at i, anything after.
  for (let i = 0; i < d.length; i++) {
    const digit = Number(d[i]);
    if (digit === 9) continue;
    const rest = d.length - i - 1;
    const next = digit + 1;
    alternatives.push(`${d.slice(0, i)}${next === 9 ? "9" : `[${next}-9]`}${rest > 0 ? `[0-9]{${rest}}` : ""}`);
  }
  return `^0*(${alternatives.join("|")})$`;
}

/** `/x/*` → a prefix match on `/x/`; `/x` → exactly `/x`. */
function pathStatement(pattern: string): Record<string, unknown> {
  const prefix = pattern.endsWith("*");
  return {
    byte_match_statement: {
      field_to_match: { uri_path: {} },
      positional_constraint: prefix ? "STARTS_WITH" : "EXACTLY",
      search_string: prefix ? pattern.slice(0, -1) : pattern,
      text_transformation: [{ priority: 0, type: "NONE" }],
    },
  };
}

/** One statement matching any of `paths`. */
function anyPath(paths: readonly string[]): Record<string, unknown> {
  return paths.length === 1 ? pathStatement(paths[0]!) : { or_statement: { statement: paths.map(pathStatement) } };
}

/** The rules replacing `SizeRestrictions_BODY` for `uploads`, in evaluation order; none without uploads. */
export function uploadRules(uploads: readonly UploadPaths[]): UploadRule[] {
  if (uploads.length === 0) return [];
  const allPaths = uploads.flatMap((u) => u.paths);
  return [
    {
      name: "body-size-outside-uploads",
      statement: {
        and_statement: {
          // label AND NOT p1 AND NOT p2 ...: rather than NOT (p1 OR p2), which would nest one
          // level deeper than the provider's statement schema allows (three levels).
          statement: [{ label_match_statement: { scope: "LABEL", key: SIZE_RESTRICTIONS_BODY_LABEL } }, ...allPaths.map((p) => ({ not_statement: { statement: [pathStatement(p)] } }))],
        },
      },
    },
    ...uploads.map((u, i) => ({
      name: `upload-body-size-${i + 1}`,
      statement: {
        and_statement: {
          statement: [
            anyPath(u.paths),
            {
              regex_match_statement: {
                regex_string: integerGreaterThanRegex(u.maxBodyMb * 1024 * 1024),
                field_to_match: { single_header: { name: "content-length" } },
                text_transformation: [{ priority: 0, type: "NONE" }],
              },
            },
          ],
        },
      },
    })),
  ];
}
