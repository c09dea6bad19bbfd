/**
 * What changes between two syntheses of one environment, stack by stack, from
 * the Terraform JSON alone (no provider, no state): resources created,
 * destroyed and changed (attribute by attribute), renamed addresses with the
 * `moved` block that keeps the real resource, destroys and expected
 * replacements of stateful resources, outputs. Pure: JSON in, data out.
 */
import { isStateful, statefulReason } from "../preview/stateful";
import { allowingEntry, AllowList } from "../preview/summary";
import { forcingReplacement } from "./replacement";
import { AttributeChange, attributeChanges, similarity } from "./values";
import { TerraformIndex } from "../../synthesized/terraform-index";
import { Body, isObject, TerraformJson } from "../../synthesized/terraform-json";


/** What happens to one resource. */
export type ResourceAction = "create" | "delete" | "update" | "replace";

/** One resource (or data source) that changes. */
export interface ResourceDiff {
  /** `aws_db_instance.database_replica-1`, `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Resource type. */
  readonly type: string;
  /** `data` for a data source (only read, never destroyed). */
  readonly mode: "resource" | "data";
  readonly action: ResourceAction;
  /** Changed attributes (update, replace). */
  readonly attributes: readonly AttributeChange[];
  /** Why losing it matters, when the type is stateful and it is destroyed or replaced. */
  readonly stateful?: string;
  /** For an expected replacement: the arguments that cannot change in place. */
  readonly forcedBy?: readonly string[];
  /** A create that looks like this destroyed address renamed (same type, similar attributes). */
  readonly renamedFrom?: string;
  /** A destroy that looks renamed to this address. */
  readonly renamedTo?: string;
  /** A destroy whose twin is created in another stack (moving it needs `removed` + `import`, not `moved`). */
  readonly movedToStack?: string;
}

/** A `moved` block that would turn a destroy + create into a rename in place. */
export interface MoveSuggestion {
  readonly from: string;
  readonly to: string;
  /** How alike the two bodies are (0..1). */
  readonly similarity: number;
  /** The HCL block. */
  readonly block: string;
}

/** One output that changes. */
export interface OutputDiff {
  readonly name: string;
  readonly action: "create" | "delete" | "update";
  readonly before?: string;
  readonly after?: string;
}

/** The difference of one stack. */
export interface StackDiff {
  readonly stack: string;
  /** `unchanged`: same JSON (cdktf metadata aside); `added`/`removed`: the stack is new / gone. */
  readonly status: "unchanged" | "changed" | "added" | "removed";
  /** Changed resources, creates first then updates, replaces, deletes (by address within each). */
  readonly resources: readonly ResourceDiff[];
  readonly moves: readonly MoveSuggestion[];
  readonly outputs: readonly OutputDiff[];
  /** Other top-level changes (providers, backend, variables), one line each. */
  readonly other: readonly string[];
}

/** A stateful resource that would be destroyed or replaced. */
export interface ReviewRisk {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly kind: "delete" | "replace";
  readonly why: string;
  /** Why it happens, in words. */
  readonly cause: string;
  /** The `--allow-destroy` entry allowing it; undefined when not allowed. */
  readonly allowedBy?: string;
}

/** A copy without cdktf's `//` metadata keys (construct paths, unique ids), which change nothing deployed. */
export function withoutMetadata(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutMetadata);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) if (k !== "//") out[k] = withoutMetadata(v[k]);
  return out;
}

/** Whether two stack documents deploy the same thing. */
export function sameStack(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutMetadata(a)) === JSON.stringify(withoutMetadata(b));
}

interface Entry {
  readonly address: string;
  readonly type: string;
  readonly mode: "resource" | "data";
  readonly body: unknown;
}

/** Resources and data sources of a stack document, by address (read through src/synthesized/terraform-index.ts). */
export function entriesOf(json: unknown): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const r of new TerraformIndex({ stack: isObject(json) ? (json as TerraformJson) : {} }).all()) {
    const data = r.type.startsWith("data.");
    out.set(r.address, { address: r.address, type: data ? r.type.slice("data.".length) : r.type, mode: data ? "data" : "resource", body: r.attrs });
  }
  return out;
}

/** Least similarity for a destroy + create pair of one type to be reported as a rename. */
export const RENAME_SIMILARITY = 0.6;

const ORDER: Readonly<Record<ResourceAction, number>> = { create: 0, update: 1, replace: 2, delete: 3 };

/** The `moved` block for a rename. */
export function movedBlock(from: string, to: string): string {
  return `moved {\n  from = ${from}\n  to   = ${to}\n}`;
}

/** The difference of one stack; `before` undefined: the stack is new; `after` undefined: it is gone. */
export function diffStack(name: string, before: unknown, after: unknown): StackDiff {
  if (before !== undefined && after !== undefined && sameStack(before, after)) {
    return { stack: name, status: "unchanged", resources: [], moves: [], outputs: [], other: [] };
  }
  const b = entriesOf(before);
  const a = entriesOf(after);
  const resources: ResourceDiff[] = [];
  const created: Entry[] = [];
  const deleted: Entry[] = [];
  for (const [address, e] of a) {
    const old = b.get(address);
    if (!old) {
      created.push(e);
      continue;
    }
    const attributes = attributeChanges(old.body, e.body);
    if (attributes.length === 0) continue;
    const forcedBy = e.mode === "resource" && isStateful(e.type) ? forcingReplacement(e.type, attributes.map((c) => c.path)) : [];
    resources.push({
      address,
      type: e.type,
      mode: e.mode,
      action: forcedBy.length > 0 ? "replace" : "update",
      attributes,
      ...(forcedBy.length > 0 ? { forcedBy, stateful: statefulReason(e.type)!.why } : {}),
    });
  }
  for (const [address, e] of b) if (!a.has(address)) deleted.push(e);

  // Renames: pair each destroy with the most similar create of the same type.
  const pairs: { from: Entry; to: Entry; score: number }[] = [];
  for (const d of deleted) for (const c of created) if (c.type === d.type && c.mode === d.mode && c.mode === "resource") pairs.push({ from: d, to: c, score: similarity(d.body, c.body) });
  pairs.sort((x, y) => y.score - x.score || x.from.address.localeCompare(y.from.address));
  const renamedTo = new Map<string, string>();
  const renamedFrom = new Map<string, string>();
  const moves: MoveSuggestion[] = [];
  for (const p of pairs) {
    if (p.score < RENAME_SIMILARITY || renamedTo.has(p.from.address) || renamedFrom.has(p.to.address)) continue;
    renamedTo.set(p.from.address, p.to.address);
    renamedFrom.set(p.to.address, p.from.address);
    moves.push({ from: p.from.address, to: p.to.address, similarity: Number(p.score.toFixed(2)), block: movedBlock(p.from.address, p.to.address) });
  }
  for (const c of created) {
    const from = renamedFrom.get(c.address);
    resources.push({ address: c.address, type: c.type, mode: c.mode, action: "create", attributes: [], ...(from ? { renamedFrom: from } : {}) });
  }
  for (const d of deleted) {
    const to = renamedTo.get(d.address);
    const why = d.mode === "resource" ? statefulReason(d.type)?.why : undefined;
    resources.push({ address: d.address, type: d.type, mode: d.mode, action: "delete", attributes: [], ...(why ? { stateful: why } : {}), ...(to ? { renamedTo: to } : {}) });
  }
  resources.sort((x, y) => ORDER[x.action] - ORDER[y.action] || x.address.localeCompare(y.address));
  moves.sort((x, y) => x.from.localeCompare(y.from));

  // Outputs.
  const outputsOf = (json: unknown): Body => (isObject(json) && isObject(json.output) ? json.output : {});
  const ob = outputsOf(before);
  const oa = outputsOf(after);
  const outputs: OutputDiff[] = [];
  const value = (o: unknown) => {
    const v = isObject(o) ? (o.sensitive === true ? "(sensitive)" : JSON.stringify(o.value)) : JSON.stringify(o);
    return v.length > 120 ? `${v.slice(0, 117)}...` : v;
  };
  for (const k of Object.keys(oa).sort()) {
    if (!(k in ob)) outputs.push({ name: k, action: "create", after: value(oa[k]) });
    else if (JSON.stringify(withoutMetadata(ob[k])) !== JSON.stringify(withoutMetadata(oa[k]))) outputs.push({ name: k, action: "update", before: value(ob[k]), after: value(oa[k]) });
  }
  for (const k of Object.keys(ob).sort()) if (!(k in oa)) outputs.push({ name: k, action: "delete", before: value(ob[k]) });

  // Everything else at the top level: providers, backend, variables, locals.
  const other: string[] = [];
  const keys = new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(isObject(after) ? after : {})]);
  for (const k of [...keys].sort()) {
    if (["//", "resource", "data", "output"].includes(k)) continue;
    const x = isObject(before) ? before[k] : undefined;
    const y = isObject(after) ? after[k] : undefined;
    if (JSON.stringify(withoutMetadata(x)) === JSON.stringify(withoutMetadata(y))) continue;
    const changes = attributeChanges(x ?? {}, y ?? {});
    for (const c of changes.slice(0, 8)) other.push(`${k}.${c.path}: ${c.before} → ${c.after}`);
    if (changes.length > 8) other.push(`${k}: ${changes.length - 8} more changes`);
  }

  const status = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  return { stack: name, status, resources, moves, outputs, other };
}

/**
 * Cross-stack moves: a destroyed resource whose twin (same type, very similar
 * body) is created in another stack. Terraform's `moved` cannot cross state
 * files: the old stack needs `removed { lifecycle { destroy = false } }` and
 * the new one an `import` block. Returns the diffs with `movedToStack` set.
 */
export function markCrossStackMoves(diffs: readonly StackDiff[]): StackDiff[] {
  const creates = diffs.flatMap((d) => d.resources.filter((r) => r.action === "create" && !r.renamedFrom && r.mode === "resource").map((r) => ({ stack: d.stack, r })));
  if (creates.length === 0) return [...diffs];
  return diffs.map((d) => ({
    ...d,
    resources: d.resources.map((r) => {
      if (r.action !== "delete" || r.renamedTo || r.mode !== "resource" || !isStateful(r.type)) return r;
      const twin = creates.find((c) => c.stack !== d.stack && c.r.type === r.type && c.r.address === r.address);
      return twin ? { ...r, movedToStack: twin.stack } : r;
    }),
  }));
}

/** Destroys and expected replacements of stateful resources, each with the allow entry covering it. */
export function reviewRisks(diffs: readonly StackDiff[], allow: AllowList): ReviewRisk[] {
  const out: ReviewRisk[] = [];
  for (const d of diffs) {
    for (const r of d.resources) {
      if (r.mode !== "resource" || (r.action !== "delete" && r.action !== "replace") || !r.stateful) continue;
      const cause =
        r.action === "replace"
          ? `expected replacement: ${r.forcedBy!.join(", ")} cannot change in place (confirm with --plan)`
          : r.renamedTo
            ? `address renamed to ${r.renamedTo}: add the moved block below to keep the resource`
            : r.movedToStack
              ? `moved to stack ${r.movedToStack}: terraform destroys it here unless it is removed from this state (removed { lifecycle { destroy = false } }) and imported there`
              : "no longer in the configuration";
      const allowedBy = allowingEntry(d.stack, r.address, allow);
      out.push({ stack: d.stack, address: r.address, type: r.type, kind: r.action, why: r.stateful, cause, ...(allowedBy ? { allowedBy } : {}) });
    }
  }
  return out;
}
