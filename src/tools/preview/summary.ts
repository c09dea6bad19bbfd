/**
 * What a plan preview found, as data: per stack the planned changes and
 * their counts, every destroy or replace of a stateful resource (see
 * `stateful.ts`) with whether it was allowed, and the exit code that follows.
 * Pure functions over the offline harness's results (no terraform, no files).
 */
import type { OfflineRunResult, PlannedResource } from "../terraform/terraform-offline";
import { resourceTypeOf, statefulReason } from "./stateful";

/** Exit codes of `npm run preview`. */
export const EXIT = {
  /** Every stack planned; no stateful resource is destroyed or replaced, or every one is allowed. */
  ok: 0,
  /** A stack could not be synthesized, validated or planned (terraform's diagnostics are printed). */
  failed: 1,
  /** The command line is wrong (unknown option or environment). */
  usage: 2,
  /** Plans succeeded, but at least one stateful resource would be destroyed or replaced without being allowed. */
  statefulDestroy: 3,
} as const;

/** What terraform plans for one resource instance, reduced to one word. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "forget" | "read" | "noop" | "move" | "import" | "other";

/** One planned resource instance change. */
export interface ResourceChange {
  /** Instance address, e.g. `aws_s3_bucket.media["a"]`. */
  readonly address: string;
  /** Resource type; undefined for a data source. */
  readonly type?: string;
  /** The change. */
  readonly kind: ChangeKind;
  /** Terraform's `action_reason` (from `show -json`), e.g. `delete_because_no_resource_config`. */
  readonly reason?: string;
  /** Attributes whose change forces the replacement (from `show -json` `replace_paths`). */
  readonly replacePaths?: readonly string[];
}

/** Change counts as terraform reports them: a replacement counts in `add` and in `destroy` too. */
export interface ChangeTotals {
  /** Instances created (including replacements). */
  readonly add: number;
  /** Instances updated in place. */
  readonly change: number;
  /** Instances destroyed (including replacements). */
  readonly destroy: number;
  /** Instances replaced (destroy + create). */
  readonly replace: number;
}

/** A planned destroy or replacement of a stateful resource. */
export interface StatefulRisk {
  /** Stack name. */
  readonly stack: string;
  /** Instance address. */
  readonly address: string;
  /** Resource type. */
  readonly type: string;
  /** Destroyed, or replaced (destroyed and created anew). */
  readonly kind: "delete" | "replace";
  /** Why the type is stateful (`STATEFUL_RESOURCE_TYPES`). */
  readonly why: string;
  /** Why terraform plans it, in words (from `action_reason` / `replace_paths`), when known. */
  readonly cause?: string;
  /** The `--allow-destroy` entry (or `--allow-stateful-destroy`) that allows it; undefined when not allowed. */
  readonly allowedBy?: string;
  /** `lifecycle.prevent_destroy` made terraform refuse the plan for it (no flag of the preview can allow it). */
  readonly preventDestroy?: boolean;
}

/** The preview of one stack. */
export interface StackPreview {
  /** Stack name. */
  readonly stack: string;
  /** Validation and plan succeeded. */
  readonly ok: boolean;
  /** Validation status (`inferred` = taken from a successful plan, see the harness). */
  readonly validate: "ok" | "inferred" | "failed" | "not run";
  /** Plan status. */
  readonly plan: "ok" | "failed" | "not run";
  /** Change counts; undefined when the plan failed. */
  readonly totals?: ChangeTotals;
  /** Every planned change other than no-op and read (for a failed plan: what terraform reported before failing). */
  readonly changes: readonly ResourceChange[];
  /** Destroys and replacements of stateful resources (also from a failed plan, e.g. one stopped by `prevent_destroy`). */
  readonly risks: readonly StatefulRisk[];
  /** Wall time of the stack in seconds. */
  readonly seconds: number;
}

/** What the operator allowed on the command line. */
export interface AllowList {
  /** `--allow-stateful-destroy`: every stateful destroy and replacement is allowed. */
  readonly all: boolean;
  /** `--allow-destroy` entries: `<address>` or `<stack>:<address>`; a resource address covers all its instances. */
  readonly addresses: readonly string[];
}

/** No destroy allowed. */
export const NOTHING_ALLOWED: AllowList = { all: false, addresses: [] };

/** The kind of change of terraform's action list (`show -json`): `["delete","create"]` → replace. */
export function kindOfActions(actions: readonly string[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.length !== 1) return actions.includes("forget") ? "forget" : "other";
  switch (actions[0]) {
    case "create":
    case "update":
    case "delete":
    case "read":
    case "forget":
      return actions[0];
    case "no-op":
      return "noop";
    default:
      return "other";
  }
}

/** The kind of change of a `plan -json` action name (`planned_change.action`). */
export function kindOfAction(action: string): ChangeKind {
  switch (action) {
    case "create":
    case "update":
    case "delete":
    case "replace":
    case "read":
    case "noop":
    case "move":
    case "import":
      return action;
    case "remove": // a `removed` block with destroy = false: forgotten, not destroyed
      return "forget";
    default:
      return "other";
  }
}

/** Path steps of `replace_paths` as text: `[["rule",0,"id"]]` → `rule[0].id`. */
function pathText(steps: unknown): string {
  if (!Array.isArray(steps)) return String(steps);
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join("");
}

/** One entry of `resource_changes` in `terraform show -json` (the parts used here). */
interface JsonResourceChange {
  readonly address?: string;
  readonly mode?: string;
  readonly type?: string;
  readonly change?: { readonly actions?: readonly string[]; readonly replace_paths?: readonly unknown[] };
  readonly action_reason?: string;
}

/** Planned changes from a `terraform show -json` plan document (no-ops and reads left out). */
export function changesFromPlanDocument(document: { readonly resource_changes?: readonly unknown[] }): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const raw of document.resource_changes ?? []) {
    const rc = raw as JsonResourceChange;
    if (typeof rc.address !== "string") continue;
    const kind = kindOfActions(rc.change?.actions ?? []);
    if (kind === "noop" || kind === "read") continue;
    const type = rc.mode === "data" ? undefined : (rc.type ?? resourceTypeOf(rc.address));
    const replacePaths = (rc.change?.replace_paths ?? []).map(pathText);
    out.push({
      address: rc.address,
      ...(type !== undefined ? { type } : {}),
      kind,
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(kind === "replace" && replacePaths.length > 0 ? { replacePaths } : {}),
    });
  }
  return out;
}

/** Planned changes from the harness's `plan -json` resources (used when there is no plan document, e.g. a failed plan). */
export function changesFromPlannedResources(resources: readonly PlannedResource[]): ResourceChange[] {
  return resources
    .map((r): ResourceChange => {
      const type = resourceTypeOf(r.address);
      return { address: r.address, ...(type !== undefined ? { type } : {}), kind: r.actions ? kindOfActions(r.actions) : kindOfAction(r.action) };
    })
    .filter((c) => c.kind !== "noop" && c.kind !== "read");
}

/** Counts of `changes`, the way terraform counts them. */
export function totalsOf(changes: readonly ResourceChange[]): ChangeTotals {
  const n = (k: ChangeKind) => changes.filter((c) => c.kind === k).length;
  return { add: n("create") + n("replace"), change: n("update"), destroy: n("delete") + n("replace"), replace: n("replace") };
}

/** Terraform's `action_reason` values, in words. */
const REASONS: Readonly<Record<string, string>> = {
  delete_because_no_resource_config: "no longer in the configuration (construct removed, or its id renamed: a renamed id is a new resource)",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "count/for_each was added or removed on this resource",
  delete_because_count_index: "its count index no longer exists",
  delete_because_each_key: "its for_each key no longer exists",
  delete_because_no_move_target: "the target of its moved block does not exist",
  replace_because_cannot_update: "an argument that cannot be changed in place changed",
  replace_because_tainted: "it is tainted",
  replace_by_request: "replacement requested (-replace)",
  replace_by_triggers: "replace_triggered_by fired",
};

/** Why terraform plans a change, in words: the action reason and the attributes forcing a replacement. */
export function describeCause(change: Pick<ResourceChange, "reason" | "replacePaths">): string | undefined {
  const parts: string[] = [];
  if (change.reason) parts.push(REASONS[change.reason] ?? change.reason.replace(/_/g, " "));
  if (change.replacePaths && change.replacePaths.length > 0) parts.push(`forced by ${change.replacePaths.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** An instance address without its instance key: `aws_eip.nat["a"]` → `aws_eip.nat`. */
export function baseAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]$/, "");
}

/**
 * The allow entry covering a destroy of `address` in `stack`, if any. Entries
 * are `<address>` (any stack) or `<stack>:<address>`; a resource address
 * (`aws_eip.nat`) covers all its instances (`aws_eip.nat["a"]`).
 */
export function allowingEntry(stack: string, address: string, allow: AllowList): string | undefined {
  const candidates = new Set([address, baseAddress(address)]);
  const entry = allow.addresses.find((e) => {
    const colon = e.indexOf(":");
    // An address has ":" only inside an instance key; `stack:` is a prefix without "." or "[".
    const scoped = colon > 0 && !/[.[]/.test(e.slice(0, colon));
    if (scoped) return e.slice(0, colon) === stack && candidates.has(e.slice(colon + 1));
    return candidates.has(e);
  });
  return entry ?? (allow.all ? "--allow-stateful-destroy" : undefined);
}

/**
 * Addresses whose destroy `lifecycle.prevent_destroy` refused, from terraform's
 * "Instance cannot be destroyed" diagnostics (the address is in the detail text).
 */
export function preventDestroyAddresses(diagnostics: readonly { readonly summary: string; readonly detail: string; readonly address?: string }[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.summary !== "Instance cannot be destroyed") continue;
    const m = /Resource (\S+) has lifecycle\.prevent_destroy/.exec(d.detail);
    const address = d.address ?? m?.[1];
    if (address) out.push(address);
  }
  return out;
}

/** Destroys and replacements of stateful resources among `changes`, each with the entry allowing it (if any). */
export function statefulRisks(
  stack: string,
  changes: readonly ResourceChange[],
  allow: AllowList,
  preventDestroy: readonly string[] = [],
): StatefulRisk[] {
  const out: StatefulRisk[] = [];
  for (const c of changes) {
    if ((c.kind !== "delete" && c.kind !== "replace") || c.type === undefined) continue;
    const reason = statefulReason(c.type);
    if (!reason) continue;
    const cause = describeCause(c);
    const allowedBy = allowingEntry(stack, c.address, allow);
    out.push({
      stack,
      address: c.address,
      type: c.type,
      kind: c.kind,
      why: reason.why,
      ...(cause !== undefined ? { cause } : {}),
      ...(allowedBy !== undefined ? { allowedBy } : {}),
      ...(preventDestroy.includes(c.address) || preventDestroy.includes(baseAddress(c.address)) ? { preventDestroy: true } : {}),
    });
  }
  return out;
}

/** The preview of one stack from the harness result (with `planJson`, changes come from `show -json`, which knows the reasons). */
export function previewStack(result: OfflineRunResult, allow: AllowList): StackPreview {
  const document = result.show?.document;
  const changes = document ? changesFromPlanDocument(document) : changesFromPlannedResources(result.plan?.resources ?? []);
  const planOk = result.plan?.ok === true;
  const validate: StackPreview["validate"] = !result.validate
    ? "not run"
    : !result.validate.ok
      ? "failed"
      : result.validate.source === "plan"
        ? "inferred"
        : "ok";
  return {
    stack: result.stackName,
    ok: result.ok,
    validate,
    plan: result.plan ? (planOk ? "ok" : "failed") : "not run",
    ...(planOk ? { totals: totalsOf(changes) } : {}),
    changes,
    risks: statefulRisks(result.stackName, changes, allow, preventDestroyAddresses(result.plan?.diagnostics ?? [])),
    seconds: result.durations.total / 1000,
  };
}

/** The outcome of a preview. */
export interface Verdict {
  /** Process exit code ({@link EXIT}). */
  readonly code: number;
  /** Stacks that failed to validate or plan. */
  readonly failed: readonly string[];
  /** Stateful destroys and replacements that nothing allowed. */
  readonly blocked: readonly StatefulRisk[];
  /** Stateful destroys and replacements allowed on the command line. */
  readonly allowed: readonly StatefulRisk[];
  /** `--allow-destroy` entries that matched no stateful destroy (likely a typo; a warning only). */
  readonly unusedAllows: readonly string[];
}

/**
 * The exit code: a failed stack wins (1), then any stateful destroy or
 * replacement not allowed (3), else 0.
 */
export function verdictOf(previews: readonly StackPreview[], allow: AllowList): Verdict {
  const risks = previews.flatMap((p) => p.risks);
  const failed = previews.filter((p) => !p.ok).map((p) => p.stack);
  const blocked = risks.filter((r) => r.allowedBy === undefined);
  const allowed = risks.filter((r) => r.allowedBy !== undefined);
  const used = new Set(allowed.map((r) => r.allowedBy));
  const unusedAllows = allow.addresses.filter((a) => !used.has(a));
  const code = failed.length > 0 ? EXIT.failed : blocked.length > 0 ? EXIT.statefulDestroy : EXIT.ok;
  return { code, failed, blocked, allowed, unusedAllows };
}
