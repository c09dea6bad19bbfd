/**
 * Running terraform on one prepared work dir: `init` (once), validation,
 * `plan` and, on request, `show -json`, each step's JSON output parsed into
 * diagnostics and results.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ChangeCounts, OfflineDiagnostic, OfflineRunResult, PlanDocument, PlannedResource, PlanResult, ShowResult, StepResult, ValidateResult } from "./offline-results";
import { META_FILE, PreparedStack } from "./prepare-stack";
import { constructPaths, hasErrors, isObject, JsonObject, jsonLines, processDiagnostic, TfJsonDiagnostic, toDiagnostic } from "./terraform-diagnostics";
import { OfflineEnvironment, setupOfflineEnvironment } from "./terraform-locate";
import { execTerraform } from "./terraform-process";
import { initOnce } from "./work-dir-init";

/** Options of {@link runOffline}. */
export interface RunOptions {
  /** Report validation (default true); see `validateStrategy`. */
  readonly validate?: boolean;
  /** Run `terraform plan` (default true). */
  readonly plan?: boolean;
  /** Also run `terraform show -json plan.bin` and attach planned values (default false; costs ~1.7 s). */
  readonly planJson?: boolean;
  /**
   * `inferFromPlan` (default): when plan runs and succeeds, validation is taken
   * from plan (which validates first); `terraform validate -json` runs only if
   * plan fails or is not requested. `separate`: always run `terraform validate
   * -json` first (and skip plan if it fails).
   */
  readonly validateStrategy?: "inferFromPlan" | "separate" | "batch";
  /** Timeout per terraform command in ms (default 300 000). */
  readonly timeoutMs?: number;
  /** Harness work directory (must match the one the stack was prepared in); default `.cache/terraform-offline`. */
  readonly workRoot?: string;
}


/** `terraform validate -json` of an initialised work dir. */
async function runValidate(env: OfflineEnvironment, workDir: string, timeoutMs: number): Promise<ValidateResult> {
  const r = await execTerraform(env.terraform.path, ["validate", "-json", "-no-color"], workDir, env.env, timeoutMs);
  const paths = constructPaths(workDir);
  let diagnostics: OfflineDiagnostic[] = [];
  let valid = false;
  try {
    const doc = JSON.parse(r.stdout) as { valid?: boolean; diagnostics?: TfJsonDiagnostic[] };
    valid = doc.valid === true;
    diagnostics = (doc.diagnostics ?? []).map((d) => toDiagnostic(d, paths));
  } catch {
    diagnostics = [processDiagnostic("validate", r)];
  }
  const ok = valid && r.code === 0 && !hasErrors(diagnostics);
  if (!ok && !hasErrors(diagnostics)) diagnostics.push(processDiagnostic("validate", r));
  return { ok, durationMs: r.durationMs, diagnostics, exitCode: r.code, source: "terraform validate" };
}

/** `terraform plan -json -out=plan.bin` of an initialised work dir: diagnostics, planned actions, change summary. */
async function runPlan(env: OfflineEnvironment, workDir: string, timeoutMs: number): Promise<PlanResult> {
  const planFile = path.join(workDir, "plan.bin");
  const r = await execTerraform(
    env.terraform.path,
    ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", `-out=${planFile}`],
    workDir,
    env.env,
    timeoutMs,
  );
  const paths = constructPaths(workDir);
  const diagnostics: OfflineDiagnostic[] = [];
  const resources: PlannedResource[] = [];
  let summary: JsonObject | undefined;
  for (const line of jsonLines(r.stdout)) {
    if (line.type === "diagnostic" && isObject(line.diagnostic)) {
      diagnostics.push(toDiagnostic(line.diagnostic as TfJsonDiagnostic, paths));
    } else if (line.type === "planned_change" && isObject(line.change)) {
      const res = isObject(line.change.resource) ? line.change.resource : {};
      resources.push({ address: String(res.addr ?? "?"), action: String(line.change.action ?? "?") });
    } else if (line.type === "change_summary" && isObject(line.changes)) {
      summary = line.changes;
    }
  }
  const ok = r.code === 0 && !hasErrors(diagnostics);
  if (!ok && !hasErrors(diagnostics)) diagnostics.push(processDiagnostic("plan", r));
  const num = (k: string) => (summary && typeof summary[k] === "number" ? (summary[k] as number) : 0);
  const changes: ChangeCounts = {
    add: num("add"),
    change: num("change"),
    destroy: num("remove"),
    replace: resources.filter((x) => x.action === "replace").length,
    import: num("import"),
  };
  return { ok, durationMs: r.durationMs, diagnostics, exitCode: r.code, changes, resources, planFile };
}

/** `terraform show -json` of a saved plan. */
async function runShow(env: OfflineEnvironment, workDir: string, planFile: string, timeoutMs: number): Promise<ShowResult> {
  const r = await execTerraform(env.terraform.path, ["show", "-json", "-no-color", planFile], workDir, env.env, timeoutMs);
  try {
    const document = JSON.parse(r.stdout) as PlanDocument;
    return { ok: r.code === 0, durationMs: r.durationMs, diagnostics: [], exitCode: r.code, document };
  } catch {
    return { ok: false, durationMs: r.durationMs, diagnostics: [processDiagnostic("show", r)], exitCode: r.code };
  }
}

/** Stack name of a work dir (from the metadata written by {@link prepareOfflineStack}). */
function stackNameOf(workDir: string): string {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(workDir, META_FILE), "utf8")) as { stackName?: string };
    if (meta.stackName) return meta.stackName;
  } catch {
    // fall through
  }
  return path.basename(workDir);
}


/**
 * Run terraform on a prepared work dir: `init` (once per dir), validation,
 * `plan -refresh=false -lock=false -out=plan.bin` and, with `planJson`,
 * `show -json`. Never rejects for terraform failures: they are reported in
 * the result (use {@link assertOfflineOk} / {@link formatOfflineResult}).
 * Rejects only when the harness itself cannot run (terraform or mirror missing).
 */
export async function runOffline(stack: string | PreparedStack, options: RunOptions & { readonly validated?: ValidateResult } = {}): Promise<OfflineRunResult> {
  const started = Date.now();
  const workDir = path.resolve(typeof stack === "string" ? stack : stack.workDir);
  const stackName = typeof stack === "string" ? stackNameOf(workDir) : stack.stackName;
  const env = setupOfflineEnvironment(options.workRoot ? { workRoot: options.workRoot } : {});
  const timeoutMs = options.timeoutMs ?? 300_000;
  const wantValidate = options.validate ?? true;
  const wantPlan = options.plan ?? true;
  const strategy = options.validateStrategy ?? "inferFromPlan";

  let init: StepResult | undefined;
  let validate: ValidateResult | undefined = options.validated;
  let plan: PlanResult | undefined;
  let show: ShowResult | undefined;
  let error: string | undefined;
  try {
    init = await initOnce(env, workDir, timeoutMs);
    if (init.ok) {
      if (validate === undefined && wantValidate && (strategy === "separate" || !wantPlan)) validate = await runValidate(env, workDir, timeoutMs);
      if (wantPlan && (validate === undefined || validate.ok)) {
        plan = await runPlan(env, workDir, timeoutMs);
        if (wantValidate && validate === undefined) validate = plan.ok ? validationFromPlan(plan) : await runValidate(env, workDir, timeoutMs);
        if (plan.ok && options.planJson) {
          show = await runShow(env, workDir, plan.planFile, timeoutMs);
          plan = withPlannedValues(plan, show);
        }
      }
    }
  } catch (e) {
    error = `[stack ${stackName}] could not run terraform: ${(e as Error).message}`;
  }
  const ok =
    error === undefined &&
    (init?.ok ?? false) &&
    (validate?.ok ?? !wantValidate) &&
    (plan?.ok ?? !wantPlan) &&
    (show?.ok ?? true);
  return {
    stackName,
    workDir,
    ok,
    ...(error !== undefined ? { error } : {}),
    ...(init ? { init } : {}),
    ...(validate ? { validate } : {}),
    ...(plan ? { plan } : {}),
    ...(show ? { show } : {}),
    durations: {
      init: init?.reused ? 0 : (init?.durationMs ?? 0),
      validate: validate?.durationMs ?? 0,
      plan: plan?.durationMs ?? 0,
      show: show?.durationMs ?? 0,
      total: Date.now() - started,
    },
  };
}

/** The validation a successful plan implies (plan runs the same validation walk first): its warnings, no run of its own. */
export function validationFromPlan(plan: PlanResult): ValidateResult {
  return {
    ok: true,
    durationMs: 0,
    diagnostics: plan.diagnostics.filter((d) => d.severity === "warning"),
    exitCode: 0,
    source: "plan",
    reused: true,
  };
}

/** `plan` with each resource's action list and planned values from `show -json`. */
function withPlannedValues(plan: PlanResult, show: ShowResult): PlanResult {
  const byAddress = new Map((show.document?.resource_changes ?? []).map((c) => [c.address, c.change]));
  return {
    ...plan,
    resources: plan.resources.map((res) => {
      const change = byAddress.get(res.address);
      return change ? { ...res, actions: change.actions, after: change.after ?? null } : res;
    }),
  };
}
