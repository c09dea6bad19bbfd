/**
 * Names of AWS resources: one pattern, `<env>-<role>[-<qualifier>]`, and the
 * truncation AWS name limits force (load balancer and target group names are at
 * most 32 characters, and may not end with a hyphen).
 */
import { createHash } from "node:crypto";

/** `Name` tag and resource name: `<env>-<part>-<part>`. */
export function resourceName(env: string, ...parts: readonly (string | number)[]): string {
  return [env, ...parts].join("-");
}

/**
 * A name of at most `max` characters. When `<env>-<parts>` is longer, the
 * environment part is shortened and a 4-character hash of the full name keeps
 * it unique and stable (the same input always gives the same name).
 */
export function limitedName(max: number, env: string, ...parts: readonly (string | number)[]): string {
  const full = resourceName(env, ...parts);
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 4);
  const suffix = `-${parts.join("-")}-${hash}`;
  const room = max - suffix.length;
  if (room < 1) return `${full.slice(0, max - 5).replace(/-+$/, "")}-${hash}`;
  return `${env.slice(0, room).replace(/-+$/, "")}${suffix}`;
}

/** Elastic Load Balancing names: at most 32 characters. */
export function elbName(env: string, ...parts: readonly (string | number)[]): string {
  return limitedName(32, env, ...parts);
}

/** The letter of an AZ (`ap-northeast-2a` → `a`), used in per-AZ resource ids. */
export function azSuffix(az: string): string {
  return az.slice(-1);
}

/**
 * The S3 server access-log bucket of an environment in `region` (CKV_AWS_18):
 * `<stateBucket>-logs-<region>`. Derived from the (globally unique) state bucket
 * name so every stack of the region can name it without reading the state
 * stack's local state; at most 63 characters (src/config/apply-time-rules.ts).
 */
export function accessLogBucketName(stateBucket: string, region: string): string {
  return `${stateBucket}-logs-${region}`;
}
