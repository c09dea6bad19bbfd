/**
 * The fast path of `npm run preview`: every stack planned as a module of ONE
 * root (batch-root.ts: kept initialised across runs, so no `terraform init`
 * once it exists; one `plan`, which validates first, so no separate
 * `validate`; the provider schema loads once instead of once per stack per
 * command), then ONE `terraform show -json` of that plan, split back into one
 * plan document per stack (addresses without the `module.<stack>.` prefix, as
 * the stack planned alone would show them).
 *
 * Measured on the 2-core machine (buddyverse, 5 stacks): planned one by one
 * with `show -json` each, ~31 s; batched, see README "Benchmark". Used when no
 * stack has a given state (a module's state would have to be merged into the
 * root's); otherwise, and whenever the batch fails, the preview plans stack by
 * stack as before, so a failure is reported by the failing stack's own plan.
 */
import {
  OfflineRunResult,
  PlanDocument,
  PreparedStack,
  prepareOfflineStack,
  removeOfflineWorkDir,
  setupOfflineEnvironment,
  StubOutputs,
  ValidateResult,
} from "../terraform/terraform-offline";
import { BatchPhases, BatchRootRun, planInBatchRoot } from "./batch-root";
import { Body, isObject } from "../../synthesized/terraform-json";


/** `module.<stack>.x` → `x`; undefined when the address is not in that module. */
function local(address: unknown, stack: string): string | undefined {
  const prefix = `module.${stack}.`;
  return typeof address === "string" && address.startsWith(prefix) ? address.slice(prefix.length) : undefined;
}

/**
 * One stack's plan document out of the batch root's `show -json`: its
 * resource changes and planned values, addresses as the stack alone has them.
 */
export function stackDocument(batch: Body, stack: string): PlanDocument {
  const changes = (Array.isArray(batch.resource_changes) ? batch.resource_changes : [])
    .filter(isObject)
    .flatMap((rc) => {
      const address = local(rc.address, stack);
      if (address === undefined) return [];
      const { module_address: _module, ...rest } = rc;
      return [{ ...rest, address, ...(rc.previous_address ? { previous_address: local(rc.previous_address, stack) ?? rc.previous_address } : {}) }];
    });
  const root = isObject(batch.planned_values) && isObject(batch.planned_values.root_module) ? batch.planned_values.root_module : {};
  const child = (Array.isArray(root.child_modules) ? root.child_modules : []).filter(isObject).find((m) => m.address === `module.${stack}`);
  const resources = (child && Array.isArray(child.resources) ? child.resources : []).filter(isObject).map((r) => ({ ...r, address: local(r.address, stack) ?? r.address }));
  const outputs: Record<string, unknown> = {};
  const batchOutputs = isObject(batch.planned_values) && isObject(batch.planned_values.outputs) ? batch.planned_values.outputs : {};
  for (const [name, o] of Object.entries(batchOutputs)) if (name.startsWith(`${stack}__`)) outputs[name.slice(stack.length + 2)] = o;
  return {
    format_version: typeof batch.format_version === "string" ? batch.format_version : undefined,
    terraform_version: batch.terraform_version,
    planned_values: { outputs, root_module: { resources } },
    resource_changes: changes as unknown as PlanDocument["resource_changes"],
    batch: true,
  } as PlanDocument;
}

/**
 * Plan `stackDirs` together and return one result per stack (with its plan
 * document as `show.document`), or null when the batch cannot give them
 * (a stack does not prepare, init, plan or show fails): the caller then plans
 * stack by stack. The root is reused across runs (batch-root.ts: no `init`
 * once it exists); validation is inferred from the plan (one walk fewer).
 * `onPhases` receives the wall time of each phase (PREVIEW_PROFILE, bench).
 */
export async function planTogetherWithShow(
  stackDirs: readonly string[],
  options: { readonly stubOutputs: StubOutputs; readonly workRoot?: string; readonly onPhases?: (phases: BatchPhases & { readonly prepare: number }) => void },
): Promise<OfflineRunResult[] | null> {
  const started = Date.now();
  const env = setupOfflineEnvironment(options.workRoot ? { workRoot: options.workRoot } : {});
  const prepared: PreparedStack[] = [];
  const cleanup = () => {
    for (const p of prepared) removeOfflineWorkDir(p.workDir);
  };
  try {
    for (const dir of stackDirs) prepared.push(prepareOfflineStack(dir, { stubOutputs: options.stubOutputs, ...(options.workRoot ? { workRoot: options.workRoot } : {}) }));
  } catch {
    cleanup();
    return null;
  }
  const prepareMs = Date.now() - started;
  let run: BatchRootRun | null;
  try {
    run = await planInBatchRoot(prepared, env);
  } finally {
    cleanup();
  }
  if (!run) return null;
  options.onPhases?.({ prepare: prepareMs, ...run.phases });
  const seconds = Date.now() - started;
  return prepared.map((p) => {
    const plan = run.plans.get(p.stackName)!;
    const validate: ValidateResult = {
      ok: true,
      durationMs: 0,
      diagnostics: plan.diagnostics.filter((d) => d.severity === "warning"),
      exitCode: 0,
      source: "plan",
      reused: true,
    };
    return {
      stackName: p.stackName,
      workDir: p.workDir,
      ok: true,
      init: run.init,
      validate,
      plan,
      show: { ok: true, durationMs: run.showMs, diagnostics: [], exitCode: 0, document: stackDocument(run.document, p.stackName) },
      durations: { init: run.init.reused ? 0 : run.init.durationMs, validate: 0, plan: plan.durationMs, show: run.showMs, total: seconds },
    };
  });
}
