/**
 * Attribute-level comparison of two synthesized resource bodies, for people:
 * leaf paths (`metadata_options.http_tokens`, `ingress[0].from_port`) with
 * `before → after`; policy documents (JSON in a string) compared statement by
 * statement; long strings (user data, dashboard bodies) as a few changed
 * lines; sensitive values masked.
 */
import { ADDRESS_IN_TEXT } from "../../synthesized/references";
import { Body, isObject } from "../../synthesized/terraform-json";

/** One changed attribute of a resource. */
export interface AttributeChange {
  /** Leaf path: `instance_type`, `tags.Name`, `ingress[1].cidr_blocks`, `policy`. */
  readonly path: string;
  /** Value before, as display text (`(absent)` when it was not set, `(sensitive)` when masked). */
  readonly before: string;
  /** Value after, as display text. */
  readonly after: string;
  /** Masked because the attribute is sensitive. */
  readonly sensitive?: boolean;
  /** For policy documents and long text: the compact difference, one line each (`+ ...`, `- ...`, `~ path: a → b`). */
  readonly diff?: readonly string[];
}


/** Attribute names whose values are secrets (hashicorp/aws marks these sensitive), matched on the last path step. */
const SENSITIVE_NAME = /(^|_)(password|passwd|secret|secret_string|secret_binary|token|auth_token|private_key|preshared_key|psk|credentials?|sensitive_value)(_wo)?$|_wo$/i;

/** Whether a leaf path names a sensitive attribute (`master_password`, `tunnel1_preshared_key`, `password_wo`). */
export function isSensitivePath(path: string): boolean {
  const last = path.replace(/\[[0-9]+\]/g, "").split(".").pop() ?? path;
  return SENSITIVE_NAME.test(last);
}

/** Longest value shown inline; longer values get a compact diff. */
export const INLINE_LIMIT = 80;

/** Display text of a value. */
export function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
}

/** Flatten a body into leaf paths. Arrays of scalars and empty containers are leaves; `//` (cdktf metadata) is dropped. */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => k !== "//");
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const k of keys.sort()) flatten(value[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    if (value.length === 0) out.set(prefix, value);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** The JSON document inside a string (a policy), or undefined when the string is not a JSON object. */
function documentOf(value: unknown): Body | undefined {
  if (typeof value !== "string") return undefined;
  const t = value.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(t) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `${base64encode("...")}` / `${jsonencode(...)}`-free literal text of a long string, for line diffs. */
function textOf(value: string): string {
  const m = /^\$\{base64encode\((".*")\)\}$/s.exec(value);
  if (m) {
    try {
      return JSON.parse(m[1]!) as string;
    } catch {
      return value;
    }
  }
  return value;
}

/** Lines removed and added between two texts (LCS on lines), at most `limit` lines then a count. */
export function lineDiff(before: string, after: string, limit = 12): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Trim the common head and tail first: user data usually changes in one place.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const lines: string[] = [];
  if (x.length * y.length > 250_000) {
    for (const l of x) lines.push(`- ${l}`);
    for (const l of y) lines.push(`+ ${l}`);
  } else {
    const dp: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
    for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        i++;
        j++;
      } else if (i < x.length && (j === y.length || dp[i + 1]![j]! >= dp[i]![j + 1]!)) lines.push(`- ${x[i++]}`);
      else lines.push(`+ ${y[j++]}`);
    }
  }
  const shown = lines.map((l) => (l.length > 160 ? `${l.slice(0, 157)}...` : l));
  return shown.length > limit ? [...shown.slice(0, limit), `... ${shown.length - limit} more changed lines`] : shown;
}

/** Statements of a policy keyed by `Sid` (or position), for a statement-level diff. */
function statements(doc: Body): Map<string, unknown> {
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  return new Map(list.map((s, i) => [isObject(s) && typeof s.Sid === "string" ? s.Sid : `#${i}`, s]));
}

/** The compact difference of two JSON documents (IAM, bucket, key policies; dashboards): statement- then leaf-level. */
export function documentDiff(before: Body, after: Body, limit = 12): string[] {
  const lines: string[] = [];
  if ("Statement" in before || "Statement" in after) {
    const b = statements(before);
    const a = statements(after);
    for (const [sid, s] of b) if (!a.has(sid)) lines.push(`- statement ${sid}: ${compact(s)}`);
    for (const [sid, s] of a) if (!b.has(sid)) lines.push(`+ statement ${sid}: ${compact(s)}`);
    for (const [sid, s] of a) {
      const old = b.get(sid);
      if (old === undefined || JSON.stringify(old) === JSON.stringify(s)) continue;
      for (const c of leafChanges(flatten(old), flatten(s))) lines.push(`~ statement ${sid} ${c}`);
    }
    const rest = (d: Body) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== "Statement"));
    for (const c of leafChanges(flatten(rest(before)), flatten(rest(after)))) lines.push(`~ ${c}`);
  } else {
    for (const c of leafChanges(flatten(before), flatten(after))) lines.push(`~ ${c}`);
  }
  const shown = lines.map((l) => (l.length > 200 ? `${l.slice(0, 197)}...` : l));
  return shown.length > limit ? [...shown.slice(0, limit), `... ${shown.length - limit} more`] : shown;
}

function compact(v: unknown): string {
  const t = JSON.stringify(v);
  return t.length > 160 ? `${t.slice(0, 157)}...` : t;
}

function leafChanges(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k);
    const a = after.get(k);
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push(`${k || "(value)"}: ${show(b)} → ${show(a)}`);
  }
  return out;
}

/**
 * Attribute changes between two resource bodies (leaf paths, sorted), with
 * sensitive values masked and documents / long text as compact diffs.
 */
export function attributeChanges(before: unknown, after: unknown): AttributeChange[] {
  const b = flatten(before);
  const a = flatten(after);
  const out: AttributeChange[] = [];
  for (const path of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(path);
    const y = a.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    out.push(describeChange(path, x, y));
  }
  return out;
}

/** One attribute change, masked or compacted as needed. */
export function describeChange(path: string, before: unknown, after: unknown): AttributeChange {
  // Flags and counts named like secrets (`manage_master_user_password`, `password_wo_version`) are not secret.
  const secretShaped = (v: unknown) => v === undefined || typeof v === "string" || (typeof v === "object" && v !== null);
  if (isSensitivePath(path) && secretShaped(before) && secretShaped(after)) {
    return { path, before: before === undefined ? "(absent)" : "(sensitive)", after: after === undefined ? "(absent)" : "(sensitive)", sensitive: true };
  }
  const db = documentOf(before);
  const da = documentOf(after);
  if (db && da) return { path, before: "(document)", after: "(document)", diff: documentDiff(db, da) };
  const long = (v: unknown) => typeof v === "string" && (v.length > INLINE_LIMIT || v.includes("\n"));
  if (typeof before === "string" && typeof after === "string" && (long(before) || long(after))) {
    return { path, before: `(${before.length} chars)`, after: `(${after.length} chars)`, diff: lineDiff(textOf(before), textOf(after)) };
  }
  const cut = (v: unknown) => {
    const t = show(v);
    return t.length > INLINE_LIMIT * 2 ? `${t.slice(0, INLINE_LIMIT * 2 - 3)}...` : t;
  };
  return { path, before: cut(before), after: cut(after) };
}

/** How alike two bodies are: shared leaf (path, value) pairs over the larger leaf count, 0..1. */
export function similarity(before: unknown, after: unknown): number {
  // References name other resources, which a renamed construct renames too: compare their types only.
  const anonymous = (m: Map<string, unknown>) =>
    new Map([...m].map(([k, v]) => [k, typeof v === "string" ? v.replace(ADDRESS_IN_TEXT, "$1.*") : v]));
  const b = anonymous(flatten(before));
  const a = anonymous(flatten(after));
  if (b.size === 0 && a.size === 0) return 1;
  let same = 0;
  for (const [k, v] of b) if (a.has(k) && JSON.stringify(a.get(k)) === JSON.stringify(v)) same++;
  return same / Math.max(b.size, a.size);
}
