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
  validationFromPlan,
} from "../terraform/terraform-offline";
import { BatchPhases, BatchRootRun, planInBatchRoot } from "./batch-root";
import { CachedPlan, planCacheDir, planCacheKey, prunePlanCache, readCachedPlan, writeCachedPlan } from "./plan-cache";
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

/** What {@link planTogetherWithShow} reports about the plan cache (plan-cache.ts). */
export interface PlanCacheUse {
  /** Stacks whose plan was reused (key hit), in the order given. */
  readonly reused: readonly string[];
  /** Stacks planned by terraform now. */
  readonly planned: readonly string[];
  /** The cache directory. */
  readonly dir: string;
}

/** Phases of one batched preview (BatchPhases zero when every stack was reused) plus prepare and cache look-up. */
export type PreviewPhases = BatchPhases & { readonly prepare: number; readonly cache: number };

/**
 * Plan `stackDirs` together and return one result per stack (with its plan
 * document as `show.document`), or null when the batch cannot give them
 * (a stack does not prepare, init, plan or show fails): the caller then plans
 * stack by stack. The root is reused across runs (batch-root.ts: no `init`
 * once it exists); validation is inferred from the plan (one walk fewer).
 * With `cache` (the default), a stack whose prepared files, terraform and
 * provider are those of a stored plan reuses it (plan-cache.ts); only the
 * other stacks are planned (terraform does not run when all hit), and their
 * successful plans are stored. `onPhases` receives the wall time of each
 * phase (PREVIEW_PROFILE, bench), `onCache` which stacks were reused.
 */
export async function planTogetherWithShow(
  stackDirs: readonly string[],
  options: {
    readonly stubOutputs: StubOutputs;
    readonly workRoot?: string;
    /** Read and write the plan cache. @default true */
    readonly cache?: boolean;
    readonly onPhases?: (phases: PreviewPhases) => void;
    readonly onCache?: (use: PlanCacheUse) => void;
  },
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
  const useCache = options.cache !== false;
  const cacheDir = planCacheDir(env.workRoot);
  const keys = new Map<string, string>();
  const hits = new Map<string, CachedPlan>();
  if (useCache) {
    prunePlanCache(cacheDir);
    for (const p of prepared) {
      const key = planCacheKey(p, env);
      keys.set(p.stackName, key);
      const hit = readCachedPlan(cacheDir, key, p.stackName);
      if (hit) hits.set(p.stackName, hit);
    }
  }
  const cacheMs = Date.now() - started - prepareMs;
  const missing = prepared.filter((p) => !hits.has(p.stackName));
  let run: BatchRootRun | null = null;
  try {
    if (missing.length > 0) {
      run = await planInBatchRoot(missing, env);
      if (!run) return null;
    }
  } finally {
    cleanup();
  }
  const none: BatchPhases = { root: 0, init: 0, plan: 0, show: 0, parse: 0 };
  options.onPhases?.({ prepare: prepareMs, cache: cacheMs, ...(run ? run.phases : none) });
  if (useCache) options.onCache?.({ reused: prepared.filter((p) => hits.has(p.stackName)).map((p) => p.stackName), planned: missing.map((p) => p.stackName), dir: cacheDir });
  const seconds = Date.now() - started;
  return prepared.map((p): OfflineRunResult => {
    const hit = hits.get(p.stackName);
    if (hit) {
      return {
        stackName: p.stackName,
        workDir: p.workDir,
        ok: true,
        init: { ok: true, durationMs: 0, diagnostics: [], exitCode: 0, reused: true },
        validate: hit.validate,
        plan: { ...hit.plan, durationMs: 0 },
        show: { ok: true, durationMs: 0, diagnostics: [], exitCode: 0, document: hit.document, reused: true },
        durations: { init: 0, validate: 0, plan: 0, show: 0, total: seconds },
      };
    }
    const batch = run!;
    const plan = batch.plans.get(p.stackName)!;
    const validate = validationFromPlan(plan);
    const document = stackDocument(batch.document, p.stackName);
    const key = keys.get(p.stackName);
    if (key !== undefined) {
      try {
        writeCachedPlan(cacheDir, { stack: p.stackName, key, validate, plan, document });
      } catch {
        // a cache that cannot be written only costs the next run a plan
      }
    }
    return {
      stackName: p.stackName,
      workDir: p.workDir,
      ok: true,
      init: batch.init,
      validate,
      plan,
      show: { ok: true, durationMs: batch.showMs, diagnostics: [], exitCode: 0, document },
      durations: { init: batch.init.reused ? 0 : batch.init.durationMs, validate: 0, plan: plan.durationMs, show: batch.showMs, total: seconds },
    };
  });
}
