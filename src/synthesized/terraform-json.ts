/**
 * Reading synthesized Terraform JSON (`cdk.tf.json`) defensively.
 *
 * cdktf writes nested blocks either as an object (`metadata_options: {...}`) or
 * as a list of objects (`rule: [{...}]`), booleans sometimes as strings
 * (`encrypted: "true"`) and numbers sometimes as strings (`deregistration_delay:
 * "60"`). Readers (the guardrail rules, the tools) read values through these
 * helpers so they accept every spelling Terraform accepts.
 */

/** A resource's or block's attributes. */
export type Body = Readonly<Record<string, unknown>>;

/** The Terraform JSON of one synthesized stack (`cdk.tf.json`), as far as any reader reads it. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
  /** Provider blocks by provider name: `{ aws: [{ region, alias? }, ...] }`. */
  readonly provider?: Readonly<Record<string, readonly Body[]>>;
  readonly terraform?: Body;
  readonly [key: string]: unknown;
}

/** True for a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Body {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A nested block as a list: `{...}` → `[{...}]`, `[{...}]` as is, anything else → `[]`. */
export function blocks(v: unknown): Body[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** The first (usually only) instance of a nested block. */
export function block(v: unknown): Body | undefined {
  return blocks(v)[0];
}

/** `true` or `"true"`. */
export function isTrue(v: unknown): boolean {
  return v === true || v === "true";
}

/** `false` or `"false"` (an absent value is neither true nor false). */
export function isFalse(v: unknown): boolean {
  return v === false || v === "false";
}

/** A number, from a number or a numeric string; undefined otherwise (absent, token, ...). */
export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** A string value, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A string without interpolation (`"fx-tfstate"`, not `"${aws_s3_bucket.x.id}"`), or undefined. */
export function literal(v: unknown): string | undefined {
  return typeof v === "string" && !v.includes("${") ? v : undefined;
}

/** A list attribute as an array (a scalar becomes a one-element list, absent an empty one). */
export function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/** Shows a value in a message: `"optional"`, `3`, `missing`. */
export function show(v: unknown): string {
  if (v === undefined) return "missing";
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
