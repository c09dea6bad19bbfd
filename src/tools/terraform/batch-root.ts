/**
 * Several prepared stacks as modules of ONE throwaway root configuration: one
 * `terraform init`, one `validate`, one `plan` for all of them, so the
 * provider schema loads once instead of once per stack per command
 * (measurements: docs/terraform-harness.md). Every stack still gets its own
 * validate and plan result, as it would planned alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ChangeCounts, OfflineDiagnostic, PlannedResource, PlanResult, StepResult, ValidateResult } from "./offline-results";
import type { PreparedStack } from "./prepare-stack";
import { constructPaths, hasErrors, isObject, JsonObject, jsonLines, processDiagnostic, TfJsonDiagnostic, toDiagnostic } from "./terraform-diagnostics";
import { OfflineEnvironment, setupOfflineEnvironment } from "./terraform-locate";
import { execTerraform, ExecResult } from "./terraform-process";
import { forgetInit, initOnce } from "./work-dir-init";

/**
 * A throwaway root configuration whose modules are prepared stacks: for each
 * stack a `<stack>.tf.json` with `module "<stack>"` (source: its work dir) and
 * every output of the stack re-exported as a root output
 * `<stack>__<output>` with the stack's own `sensitive` / `ephemeral`.
 *
 * The re-exports keep the checks Terraform makes on ROOT module outputs only:
 * a root output whose value is sensitive must say `sensitive = true` ("Output
 * refers to sensitive values", reported by plan, not by validate), and a root
 * output cannot be ephemeral. Verified with terraform 1.11.4: a module whose
 * output leaks a sensitive variable plans fine as a child module, and fails as
 * a root module and with the re-export alike.
 */
interface BatchRoot {
  /** The root directory (in the runs dir, next to the stacks' work dirs). */
  readonly dir: string;
  /** The stack a diagnostic is about (by file, or by `module.<stack>.` address); undefined when it names none. */
  readonly stackOf: (d: TfJsonDiagnostic) => string | undefined;
}

/**
 * The root file that calls one prepared stack as module `<stack>` from `source`
 * and re-exports every output of the stack as `<stack>__<output>` (keeping
 * `sensitive` / `ephemeral`: terraform checks those on root outputs only).
 */
export function rootModuleFile(p: PreparedStack, source: string): JsonObject {
  let outputs: JsonObject = {};
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(p.workDir, "cdk.tf.json"), "utf8")) as JsonObject;
    if (isObject(doc.output)) outputs = doc.output;
  } catch {
    // an unreadable stack fails in terraform with its own diagnostic
  }
  const output: JsonObject = {};
  for (const [name, spec] of Object.entries(outputs)) {
    const o: JsonObject = { value: `\${module.${p.stackName}.${name}}` };
    if (isObject(spec) && "sensitive" in spec) o.sensitive = spec.sensitive;
    if (isObject(spec) && "ephemeral" in spec) o.ephemeral = spec.ephemeral;
    output[`${p.stackName}__${name}`] = o;
  }
  return { module: { [p.stackName]: { source } }, ...(Object.keys(output).length > 0 ? { output } : {}) };
}

/** Write the {@link BatchRoot} of `prepared` into a fresh directory of `runsDir` named `<prefix>XXXXXX`. */
function createBatchRoot(prepared: readonly PreparedStack[], runsDir: string, prefix: string): BatchRoot {
  const dir = fs.mkdtempSync(path.join(runsDir, prefix));
  const byDir = new Map(prepared.map((p) => [path.basename(p.workDir), p.stackName]));
  const byRootFile = new Map<string, string>();
  for (const p of prepared) {
    const file = `${p.stackName}.tf.json`;
    byRootFile.set(file, p.stackName);
    const text = rootModuleFile(p, `../${path.basename(p.workDir)}`);
    fs.writeFileSync(path.join(dir, file), JSON.stringify(text, null, 2));
  }
  const names = new Set(prepared.map((p) => p.stackName));
  const stackOf = (d: TfJsonDiagnostic): string | undefined => {
    const parts = d.range?.filename?.split(/[\\/]/) ?? [];
    const inWorkDir = parts.find((part) => byDir.has(part));
    if (inWorkDir) return byDir.get(inWorkDir);
    if (parts.length === 1 && byRootFile.has(parts[0]!)) return byRootFile.get(parts[0]!);
    const m = /^module\.([^.[]+)\./.exec(d.address ?? "");
    return m && names.has(m[1]!) ? m[1] : undefined;
  };
  return { dir, stackOf };
}

/**
 * Diagnostics only batching produces, dropped: the child modules' backend
 * blocks are ignored ("Backend configuration ignored"), and a provider block
 * of a JSON child module merged with its override file is reported as a
 * "Redundant empty provider block" although it is configured (checked: the
 * plan's `configuration.provider_config` has every stack's provider with its
 * own region and aliases; a stack validated or planned alone has no such warning).
 */
function batchArtefact(d: TfJsonDiagnostic): boolean {
  return d.severity === "warning" && /^(backend configuration ignored|redundant empty provider block)$/i.test(d.summary ?? "");
}

/** A module diagnostic as the stack alone would report it: `module.<stack>.` dropped from the address. */
function stackDiagnostic(d: TfJsonDiagnostic, workDir: string | undefined): OfflineDiagnostic {
  const address = d.address ? d.address.replace(/^module\.[^.[]+\./, "") : undefined;
  return toDiagnostic({ ...d, ...(address ? { address } : {}) }, workDir ? constructPaths(workDir) : new Map<string, string>());
}

/** `terraform validate -json` of an initialised batch root; one result per stack. */
async function validateBatchRoot(env: OfflineEnvironment, root: BatchRoot, prepared: readonly PreparedStack[], timeoutMs: number): Promise<Map<string, ValidateResult>> {
  const results = new Map<string, ValidateResult>();
  const r = await execTerraform(env.terraform.path, ["validate", "-json", "-no-color"], root.dir, env.env, timeoutMs);
  let doc: { valid?: boolean; diagnostics?: TfJsonDiagnostic[] };
  try {
    doc = JSON.parse(r.stdout) as typeof doc;
  } catch {
    const diagnostics = [processDiagnostic("validate", r)];
    for (const p of prepared) results.set(p.stackName, { ok: false, durationMs: r.durationMs, diagnostics, exitCode: r.code, source: "terraform validate" });
    return results;
  }
  const perStack = new Map<string, OfflineDiagnostic[]>(prepared.map((p) => [p.stackName, []]));
  const global: OfflineDiagnostic[] = [];
  for (const d of doc.diagnostics ?? []) {
    if (batchArtefact(d)) continue;
    const stackName = root.stackOf(d);
    const diagnostic = stackDiagnostic(d, prepared.find((p) => p.stackName === stackName)?.workDir);
    if (stackName) perStack.get(stackName)!.push(diagnostic);
    else global.push(diagnostic);
  }
  // Terraform failing without an error diagnostic explains nothing: then every stack fails.
  if (r.code !== 0 && !hasErrors(global) && ![...perStack.values()].some(hasErrors)) global.push(processDiagnostic("validate", r));
  for (const p of prepared) {
    const diagnostics = [...global, ...perStack.get(p.stackName)!];
    results.set(p.stackName, { ok: !hasErrors(diagnostics), durationMs: r.durationMs, diagnostics, exitCode: r.code, source: "terraform validate" });
  }
  return results;
}

/** Change counts of one stack from its planned actions (terraform's own rules: a replacement also counts as an add and a destroy). */
function countChanges(resources: readonly PlannedResource[]): ChangeCounts {
  const n = (...actions: string[]) => resources.filter((r) => actions.includes(r.action)).length;
  return { add: n("create", "replace"), change: n("update"), destroy: n("delete", "replace"), replace: n("replace"), import: n("import") };
}

/**
 * `terraform plan -json` of an initialised batch root whose stacks all
 * validated; one plan result per stack (its planned resources, with the
 * `module.<stack>.` prefix dropped, its warnings, and counts derived from its
 * actions), or null when the plan failed or its change summary disagrees with
 * the per-stack counts (the caller then plans each stack on its own).
 */
async function planBatchRoot(env: OfflineEnvironment, root: BatchRoot, prepared: readonly PreparedStack[], timeoutMs: number): Promise<Map<string, PlanResult> | null> {
  const planFile = path.join(root.dir, "plan.bin");
  const r = await execTerraform(
    env.terraform.path,
    ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", `-out=${planFile}`],
    root.dir,
    env.env,
    timeoutMs,
  );
  return planResultsFromStream(r, prepared.map((p) => p.stackName), planFile, root.stackOf, (stack) => prepared.find((p) => p.stackName === stack)?.workDir);
}

/**
 * Validate several prepared stacks with ONE `terraform init` + `terraform validate`.
 *
 * Each stack's work dir becomes a module of a throwaway root configuration
 * (with the stack's outputs re-exported, see {@link BatchRoot}), so the
 * provider (whose schema load is most of a command's cost) starts once for all
 * of them instead of once per stack: on this 2-core machine, validating the 20
 * preset stacks one by one cost ~30 s of CPU, together ~5 s. Every stack is
 * still validated as written (a module is validated like a root module, its own
 * provider configurations included); diagnostics are attributed to the stack
 * whose file or module they point at, and a diagnostic naming no stack fails
 * every stack. Artefacts of batching are dropped (see {@link batchArtefact}).
 */
export async function validateStacksTogether(
  prepared: readonly PreparedStack[],
  options: { readonly workRoot?: string; readonly timeoutMs?: number } = {},
): Promise<Map<string, ValidateResult>> {
  const env = setupOfflineEnvironment(options.workRoot ? { workRoot: options.workRoot } : {});
  const timeoutMs = options.timeoutMs ?? 300_000;
  const root = createBatchRoot(prepared, env.runsDir, "batch-validate-");
  const init = await initOnce(env, root.dir, timeoutMs);
  if (!init.ok) {
    const results = new Map<string, ValidateResult>();
    for (const p of prepared) results.set(p.stackName, { ok: false, durationMs: init.durationMs, diagnostics: init.diagnostics, exitCode: init.exitCode, source: "terraform validate" });
    return results;
  }
  const results = await validateBatchRoot(env, root, prepared, timeoutMs);
  forgetInit(root.dir);
  fs.rmSync(root.dir, { recursive: true, force: true });
  return results;
}

/**
 * Validate and plan several prepared stacks as modules of ONE root
 * configuration (one `terraform init`, one `validate`, one `plan`), so the
 * provider schema is loaded by one terraform process instead of one per stack
 * per command. Measured on this 2-core machine, the 24 preset stacks: planned
 * one by one, ~94 s of CPU (~45 s wall with 2 at a time); planned together,
 * ~40 s of CPU and ~23 s wall (terraform plans the modules in parallel).
 *
 * What a stack planned alone would tell is kept: every stack gets its own
 * validate result (see {@link validateStacksTogether}) and its own plan result
 * (its resource instances without the `module.<stack>.` prefix, its warnings,
 * counts from its actions; `batch: true`), the root-only checks of outputs are
 * kept by re-exporting them (see {@link BatchRoot}), each module keeps its own
 * provider configurations (regions, aliases). Returns null for the plans when a
 * stack is invalid or the batch plan fails: the caller then plans the valid
 * stacks one by one, so that each failure is reported by its own stack's plan.
 */
export async function planStacksTogether(
  prepared: readonly PreparedStack[],
  options: {
    readonly workRoot?: string;
    readonly timeoutMs?: number;
    readonly keepRoot?: boolean;
    /**
     * `separate`: `terraform validate` of the batch, then `plan` when every stack is valid.
     * `inferFromPlan`: `plan` only (it runs the same validation first, see
     * docs/terraform-harness.md); `validate` runs only when the plan fails, to attribute the errors. Saves one
     * walk, i.e. one provider start per provider configuration (the preview uses it).
     * @default "separate"
     */
    readonly validate?: "separate" | "inferFromPlan";
  } = {},
): Promise<{ readonly init: StepResult; readonly validate: Map<string, ValidateResult>; readonly plans: Map<string, PlanResult> | null }> {
  const env = setupOfflineEnvironment(options.workRoot ? { workRoot: options.workRoot } : {});
  const timeoutMs = options.timeoutMs ?? 300_000;
  const root = createBatchRoot(prepared, env.runsDir, "batch-");
  const init = await initOnce(env, root.dir, timeoutMs);
  if (!init.ok) {
    const validate = new Map<string, ValidateResult>();
    for (const p of prepared) validate.set(p.stackName, { ok: false, durationMs: init.durationMs, diagnostics: init.diagnostics, exitCode: init.exitCode, source: "terraform validate" });
    return { init, validate, plans: null };
  }
  if (options.validate === "inferFromPlan" && prepared.length > 0) {
    const planned = await planBatchRoot(env, root, prepared, timeoutMs);
    if (planned) {
      const inferred = new Map<string, ValidateResult>();
      for (const p of prepared) {
        const warnings = planned.get(p.stackName)!.diagnostics.filter((d) => d.severity === "warning");
        inferred.set(p.stackName, { ok: true, durationMs: 0, diagnostics: warnings, exitCode: 0, source: "plan", reused: true });
      }
      forgetInit(root.dir);
      if (!options.keepRoot) fs.rmSync(root.dir, { recursive: true, force: true });
      return { init: { ...init, reused: true }, validate: inferred, plans: planned };
    }
  }
  const validate = await validateBatchRoot(env, root, prepared, timeoutMs);
  const allValid = prepared.every((p) => validate.get(p.stackName)!.ok);
  const plans = allValid && prepared.length > 0 && options.validate !== "inferFromPlan" ? await planBatchRoot(env, root, prepared, timeoutMs) : null;
  forgetInit(root.dir);
  if (!options.keepRoot) fs.rmSync(root.dir, { recursive: true, force: true });
  return { init: { ...init, reused: true }, validate, plans };
}

/**
 * One plan result per stack out of a batch root's `terraform plan -json`
 * stream: the stack's planned resources (the `module.<stack>.` prefix
 * dropped), its warnings (batching artefacts dropped; a warning naming no stack
 * goes to every stack; construct paths from the stack's work dir when
 * `workDirOf` knows it) and counts from its actions. Null when the plan failed,
 * a change lies outside the stacks' modules, or terraform's change summary
 * disagrees with the per-stack counts: the caller then plans stack by stack.
 */
export function planResultsFromStream(
  r: Pick<ExecResult, "code" | "stdout" | "durationMs">,
  stackNames: readonly string[],
  planFile: string,
  stackOf: (d: TfJsonDiagnostic) => string | undefined,
  workDirOf: (stack: string) => string | undefined = () => undefined,
): Map<string, PlanResult> | null {
  if (r.code !== 0) return null;
  const names = new Set(stackNames);
  const warnings = new Map<string, OfflineDiagnostic[]>(stackNames.map((s) => [s, []]));
  const global: OfflineDiagnostic[] = [];
  const resources = new Map<string, PlannedResource[]>(stackNames.map((s) => [s, []]));
  let summary: JsonObject | undefined;
  for (const line of jsonLines(r.stdout)) {
    if (line.type === "diagnostic" && isObject(line.diagnostic)) {
      const d = line.diagnostic as TfJsonDiagnostic;
      if (d.severity !== "warning") return null;
      if (batchArtefact(d)) continue;
      const stackName = stackOf(d);
      const diagnostic = stackDiagnostic(d, stackName !== undefined ? workDirOf(stackName) : undefined);
      if (stackName) warnings.get(stackName)!.push(diagnostic);
      else global.push(diagnostic);
    } else if (line.type === "planned_change" && isObject(line.change)) {
      const res = isObject(line.change.resource) ? line.change.resource : {};
      const m = /^module\.([^.[]+)\.(.+)$/.exec(String(res.addr ?? ""));
      if (!m || !names.has(m[1]!)) return null; // a change outside the stacks' modules: not ours to attribute
      resources.get(m[1]!)!.push({ address: m[2]!, action: String(line.change.action ?? "?") });
    } else if (line.type === "change_summary" && isObject(line.changes)) {
      summary = line.changes;
    }
  }
  const perStack = new Map<string, PlanResult>();
  const total = { add: 0, change: 0, destroy: 0 };
  for (const name of stackNames) {
    const changes = countChanges(resources.get(name)!);
    total.add += changes.add;
    total.change += changes.change;
    total.destroy += changes.destroy;
    const diagnostics = [...global, ...warnings.get(name)!];
    perStack.set(name, { ok: true, durationMs: r.durationMs, diagnostics, exitCode: r.code, changes, resources: resources.get(name)!, planFile, batch: true });
  }
  const num = (k: string) => (summary && typeof summary[k] === "number" ? (summary[k] as number) : -1);
  if (num("add") !== total.add || num("change") !== total.change || num("remove") !== total.destroy) return null;
  return perStack;
}
