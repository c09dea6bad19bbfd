/**
 * The Terraform address rule (issue 11): a resource's name is its construct
 * path below the stack, with
 * - `_` only between path parts (a `_` inside a construct id becomes `-`), and
 * - every part after the first that only names the resource's type dropped, so a
 *   name never repeats its type: `aws_lb.alb` (path `alb/lb`), `aws_kms_key.alarm-topic`
 *   (path `alarm-topic/key/key`), `aws_s3_bucket.state` (path `state/bucket/bucket`).
 *   A part "names the type" when it equals the type's last word(s) in kebab case
 *   (`key` and `kms-key` for `aws_kms_key`, `group` and `log-group` for
 *   `aws_cloudwatch_log_group`); a part that starts with them keeps only its
 *   qualifier (`nat/eip-a` → `aws_eip.nat_a`, `shared-files/access-point-logs` →
 *   `aws_efs_access_point.shared-files_logs`).
 * A construct's main resource therefore takes the construct's id; its other
 * resources `<construct-id>_<role>`. Pure, so scripts/compare-synth.ts maps
 * old addresses with the same function.
 */

/** The kebab-case suffixes of a resource type's words, longest first (`aws_kms_key` → `kms-key`, `key`). */
export function typeSuffixes(resourceType: string): string[] {
  const words = resourceType.split("_").slice(1);
  return words.map((_, i) => words.slice(i).join("-"));
}

/**
 * A path part without the type's name: `undefined` when the part only names the
 * type (`key` of an `aws_kms_key`), the qualifier when it starts with it
 * (`eip-a` of an `aws_eip` → `a`, `access-point-logs` → `logs`), else the part.
 */
export function withoutTypeName(resourceType: string, part: string): string | undefined {
  for (const suffix of typeSuffixes(resourceType)) {
    if (part === suffix) return undefined;
    if (part.startsWith(`${suffix}-`)) return part.slice(suffix.length + 1);
  }
  return part;
}

/** The address name of a resource of `resourceType` at construct `path` (ids below the stack). */
export function resourceAddressName(resourceType: string, path: readonly string[]): string {
  if (path.length === 0) throw new Error(`a ${resourceType} needs a construct path`);
  const parts = path.map((p) => p.replace(/[^A-Za-z0-9-]/g, "-"));
  const rest = parts.slice(1).flatMap((p) => withoutTypeName(resourceType, p) ?? []);
  return [parts[0]!, ...rest].join("_");
}

/** True when a resource at construct `path` would break the rule as is: a part after the first names its type, or an id holds `_`. */
export function stutters(resourceType: string, path: readonly string[]): boolean {
  return path.slice(1).some((p) => withoutTypeName(resourceType, p) !== p) || path.some((p) => p.includes("_"));
}
