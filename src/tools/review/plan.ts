/**
 * `npm run review -- <env> --plan`: terraform plan of the CHANGED stacks only
 * (unchanged stacks are not planned), rendered from the plan's own
 * `resource_changes`: attribute-level before → after (sensitive values masked
 * as Terraform marks them, unknown values as "(known after apply)"), and the
 * replace reasons Terraform gives (`action_reason`, `replace_paths`).
 *
 * Offline (default): the harness of the tests (src/tools/terraform/terraform-offline.ts),
 * with the real provider and no AWS account; `--state-dir` plans a stack
 * against `<dir>/<stack>.tfstate`, others start empty. `--backend`: init and
 * plan against the stack's real S3 backend with the credentials of the
 * environment (CI: OIDC); the plan is saved as `<stack>.tfplan` for apply.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CONTRACTS } from "../../contract";
import { changesFromPlanDocument, describeCause, statefulRisks } from "../preview/summary";
import type { AllowList } from "../preview/summary";
import type { PlanDocument } from "../terraform/terraform-offline";
import type { ReviewRisk } from "./diff";
import { ReviewInputError } from "./git";
import { AttributeChange, attributeChanges } from "./values";
import { Body, isObject } from "../../synthesized/terraform-json";

/** One resource change of a plan. */
export interface PlanResourceChange {
  readonly address: string;
  readonly type?: string;
  /** `create`, `update`, `delete`, `replace`, `forget`, ... */
  readonly action: string;
  /** Changed attributes (updates and replacements). */
  readonly attributes: readonly AttributeChange[];
  /** Terraform's reason, in words (replacements, deletions). */
  readonly cause?: string;
  /** Attributes forcing the replacement (`replace_paths`). */
  readonly replacePaths?: readonly string[];
}

/** The plan of one stack. */
export interface PlanStack {
  readonly stack: string;
  readonly ok: boolean;
  readonly changes: readonly PlanResourceChange[];
  /** First lines of the failure. */
  readonly error?: string;
  /** Saved plan (backend mode) or plan JSON file. */
  readonly planFile?: string;
}

/** What `--plan` found. */
export interface PlanReview {
  readonly mode: "offline" | "backend";
  readonly ok: boolean;
  readonly stacks: readonly PlanStack[];
  readonly risks: readonly ReviewRisk[];
  /** Stacks whose state came from `--state-dir`. */
  readonly stateFrom: readonly string[];
  readonly seconds: number;
}


/** Replace masked leaves: `mask` is Terraform's `*_sensitive` / `after_unknown` shape (true at a path = masked). */
function masked(value: unknown, mask: unknown, text: string): unknown {
  if (mask === true) return text;
  if (Array.isArray(value) && Array.isArray(mask)) return value.map((v, i) => masked(v, mask[i], text));
  if (isObject(value) && isObject(mask)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, mask[k], text)]));
  return value;
}

/** Unknown leaves added to `after` (present in `after_unknown` only). */
function withUnknowns(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return "(known after apply)";
  if (isObject(unknown)) {
    const base = isObject(after) ? { ...after } : {};
    for (const [k, u] of Object.entries(unknown)) base[k] = withUnknowns(base[k], u);
    return base;
  }
  if (Array.isArray(unknown)) {
    const base = Array.isArray(after) ? [...(after as unknown[])] : [];
    unknown.forEach((u, i) => (base[i] = withUnknowns(base[i], u)));
    return base;
  }
  return after;
}

/** Resource changes of a `terraform show -json` document, with attributes for updates and replacements. */
export function planChanges(document: PlanDocument): PlanResourceChange[] {
  const raw = new Map<string, Body>();
  for (const rc of (document.resource_changes ?? []) as unknown as Body[]) if (typeof rc.address === "string") raw.set(rc.address, rc);
  return changesFromPlanDocument(document).map((c) => {
    const rc = raw.get(c.address);
    const change = isObject(rc?.change) ? rc.change : {};
    let attributes: AttributeChange[] = [];
    if (c.kind === "update" || c.kind === "replace") {
      const before = masked(change.before, change.before_sensitive, "(sensitive)");
      const after = withUnknowns(masked(change.after, change.after_sensitive, "(sensitive)"), change.after_unknown);
      attributes = attributeChanges(before ?? {}, after ?? {}).map((a) => (a.before === '"(sensitive)"' || a.after === '"(sensitive)"' ? { path: a.path, before: a.before === '"(sensitive)"' ? "(sensitive)" : a.before, after: a.after === '"(sensitive)"' ? "(sensitive)" : a.after, sensitive: true } : a.after === '"(known after apply)"' ? { ...a, after: "(known after apply)" } : a));
    }
    const cause = describeCause(c);
    return {
      address: c.address,
      ...(c.type !== undefined ? { type: c.type } : {}),
      action: c.kind,
      attributes,
      ...(cause !== undefined && c.kind !== "create" && c.kind !== "update" ? { cause } : {}),
      ...(c.replacePaths ? { replacePaths: c.replacePaths } : {}),
    };
  });
}

/** Plan options. */
export interface PlanOptions {
  readonly stateDir?: string;
  readonly backend?: boolean;
  readonly allow: AllowList;
  /** Where plan files go (`<outdir>/review/<env>/`). */
  readonly planDir: string;
}

function risksOf(stack: string, document: PlanDocument, allow: AllowList): ReviewRisk[] {
  return statefulRisks(stack, changesFromPlanDocument(document), allow).map((r) => ({
    stack: r.stack,
    address: r.address,
    type: r.type,
    kind: r.kind,
    why: r.why,
    cause: r.cause ?? (r.kind === "delete" ? "no longer in the configuration" : "terraform plans a replacement"),
    ...(r.allowedBy ? { allowedBy: r.allowedBy } : {}),
  }));
}

/**
 * Plan the stacks in `stackDirs` (synthesized folders of the changed stacks,
 * in dependency order). Throws {@link ReviewInputError} when terraform (or,
 * offline, the provider mirror) is missing.
 */
export async function planStacks(stackDirs: readonly string[], options: PlanOptions): Promise<PlanReview> {
  const started = Date.now();
  fs.mkdirSync(options.planDir, { recursive: true });
  const offline = await import("../terraform/terraform-offline");
  if (options.backend) {
    const terraform = offline.findTerraform();
    if (!terraform) throw new ReviewInputError("--plan needs terraform: it is not on PATH (set TERRAFORM_BIN)");
    const { execTerraform } = await import("../terraform/terraform-process");
    const stacks: PlanStack[] = [];
    const risks: ReviewRisk[] = [];
    for (const dir of stackDirs) {
      const stack = path.basename(dir);
      const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
      const planFile = path.join(options.planDir, `${stack}.tfplan`);
      const init = await execTerraform(terraform.path, ["init", "-input=false", "-no-color"], dir, env, 600_000);
      const plan = init.code === 0 ? await execTerraform(terraform.path, ["plan", "-input=false", "-lock=false", "-no-color", `-out=${planFile}`], dir, env, 1_800_000) : undefined;
      const show = plan?.code === 0 ? await execTerraform(terraform.path, ["show", "-json", "-no-color", planFile], dir, env, 600_000) : undefined;
      if (!show || show.code !== 0) {
        const failed = plan ?? init;
        stacks.push({ stack, ok: false, changes: [], error: (failed.stderr.trim() || failed.stdout.trim()).split("\n").slice(-6).join("\n") });
        continue;
      }
      const document = JSON.parse(show.stdout) as PlanDocument;
      fs.writeFileSync(path.join(options.planDir, `${stack}.plan.json`), show.stdout);
      stacks.push({ stack, ok: true, changes: planChanges(document), planFile });
      risks.push(...risksOf(stack, document, options.allow));
    }
    return { mode: "backend", ok: stacks.every((s) => s.ok), stacks, risks, stateFrom: [], seconds: (Date.now() - started) / 1000 };
  }

  const problem = offline.offlinePrerequisiteProblem();
  if (problem) throw new ReviewInputError(`--plan cannot run offline: ${problem}`);
  const initialStates: Record<string, string> = {};
  if (options.stateDir !== undefined) {
    for (const dir of stackDirs) {
      const file = path.resolve(options.stateDir, `${path.basename(dir)}.tfstate`);
      if (fs.existsSync(file)) initialStates[path.basename(dir)] = file;
    }
  }
  const results = await offline.runStacksOffline(stackDirs, { stubOutputs: offline.stubsFromTables(CONTRACTS), planJson: true, initialStates });
  const stacks: PlanStack[] = [];
  const risks: ReviewRisk[] = [];
  for (const r of results) {
    const document = r.show?.document;
    if (!r.ok || !document) {
      stacks.push({ stack: r.stackName, ok: false, changes: [], error: offline.formatOfflineResult(r).split("\n").slice(0, 8).join("\n") });
      continue;
    }
    const file = path.join(options.planDir, `${r.stackName}.plan.json`);
    fs.writeFileSync(file, JSON.stringify(document));
    stacks.push({ stack: r.stackName, ok: true, changes: planChanges(document), planFile: file });
    risks.push(...risksOf(r.stackName, document, options.allow));
  }
  return { mode: "offline", ok: stacks.every((s) => s.ok), stacks, risks, stateFrom: Object.keys(initialStates), seconds: (Date.now() - started) / 1000 };
}
