/**
 * Several stacks at once: prepare and run each with a worker pool
 * ({@link runStacksOffline}), or validate and plan them together as one
 * batch root (batch-root.ts) with a per-stack fallback.
 */
import * as os from "node:os";
import * as path from "node:path";
import { planStacksTogether, validateStacksTogether } from "./batch-root";
import type { OfflineRunResult, PlanResult, StepResult, ValidateResult } from "./offline-results";
import { PrepareOptions, PreparedStack, prepareOfflineStack, prepareOfflineStackJson, removeOfflineWorkDir } from "./prepare-stack";
import type { StubOutputs } from "./remote-state-stubs";
import { RunOptions, runOffline } from "./run-stack";
import { defaultWorkRoot, setupOfflineEnvironment } from "./terraform-locate";
import { mapPool } from "./terraform-process";

/**
 * Default worker count: the number of CPUs. On the 2-core box, 8 stacks took
 * 18.2 s with 1 worker, 11.2 s with 2 and 11.6 s with 3 (docs/terraform-harness.md).
 */
export const DEFAULT_CONCURRENCY = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** Options of {@link runStacksOffline}. */
export interface RunStacksOptions extends RunOptions {
  /** Stub outputs for every stack's remote states. */
  readonly stubOutputs: StubOutputs;
  /** Stacks run at once (default {@link DEFAULT_CONCURRENCY}: the number of CPUs). */
  readonly concurrency?: number;
  /** Keep work dirs of successful stacks (failed ones are always kept for debugging). Default false. */
  readonly keepWorkDirs?: boolean;
  /** Called as each stack finishes (progress output of the CLI). */
  readonly onResult?: (result: OfflineRunResult) => void;
  /** State file to plan against per stack name ({@link PrepareOptions.initialState}). @default - none: empty states */
  readonly initialStates?: Readonly<Record<string, string>>;
  /**
   * `perStack` (default): `terraform init` + `plan` in each stack's own work dir.
   * `batch`: validate (as `validateStrategy: "batch"`) and then plan every stack
   * together, as modules of one root configuration (see
   * {@link planStacksTogether}); each stack still gets its own plan result.
   * When the batch plan fails, or with `planJson` or `initialStates`, the stacks
   * are planned one by one as with `perStack`, so a failure is always reported
   * by the failing stack's own plan.
   * @default "perStack"
   */
  readonly planStrategy?: "perStack" | "batch";
}

/** A stack to run: its synthesized folder (`cdktf.out/stacks/<name>`), or its name and JSON. */
export type OfflineStackSource = string | { readonly stackName: string; readonly json: string | object };

/**
 * Prepare and run several stacks with a worker pool. Stacks are independent
 * because remote state is stubbed. Results keep the input order; a stack that
 * cannot be prepared gets `ok: false` and `error` instead of rejecting the
 * whole batch.
 */
export async function runStacksOffline(stacks: readonly OfflineStackSource[], options: RunStacksOptions): Promise<OfflineRunResult[]> {
  const workRoot = options.workRoot ?? defaultWorkRoot();
  setupOfflineEnvironment({ workRoot }); // fail fast, once, when terraform or the mirror is missing
  if (options.validateStrategy === "batch" || options.planStrategy === "batch") return runStacksBatched(stacks, options, workRoot);
  return mapPool(stacks, options.concurrency ?? DEFAULT_CONCURRENCY, async (stack) => {
    const started = Date.now();
    const initialState = options.initialStates?.[typeof stack === "string" ? path.basename(path.resolve(stack)) : stack.stackName];
    const prepareOptions = { stubOutputs: options.stubOutputs, workRoot, ...(initialState ? { initialState } : {}) };
    let prepared: PreparedStack;
    try {
      prepared =
        typeof stack === "string"
          ? prepareOfflineStack(stack, prepareOptions)
          : prepareOfflineStackJson(stack.stackName, stack.json, prepareOptions);
    } catch (e) {
      const result: OfflineRunResult = {
        stackName: typeof stack === "string" ? path.basename(path.resolve(stack)) : stack.stackName,
        workDir: "",
        ok: false,
        error: (e as Error).message,
        durations: { init: 0, validate: 0, plan: 0, show: 0, total: Date.now() - started },
      };
      options.onResult?.(result);
      return result;
    }
    const result = await runOffline(prepared, { ...options, workRoot });
    if (result.ok && !options.keepWorkDirs) removeOfflineWorkDir(prepared.workDir);
    options.onResult?.(result);
    return result;
  });
}

/**
 * `validateStrategy: "batch"` / `planStrategy: "batch"`: prepare every stack,
 * validate them together once, then plan them together (batch plan) or init +
 * plan each (otherwise, and whenever the batch plan gives no result).
 */
async function runStacksBatched(stacks: readonly OfflineStackSource[], options: RunStacksOptions, workRoot: string): Promise<OfflineRunResult[]> {
  const started = Date.now();
  const nameOf = (stack: OfflineStackSource) => (typeof stack === "string" ? path.basename(path.resolve(stack)) : stack.stackName);
  const prepared: (PreparedStack | OfflineRunResult)[] = stacks.map((stack) => {
    const initialState = options.initialStates?.[nameOf(stack)];
    const prepareOptions = { stubOutputs: options.stubOutputs, workRoot, ...(initialState ? { initialState } : {}) };
    try {
      return typeof stack === "string" ? prepareOfflineStack(stack, prepareOptions) : prepareOfflineStackJson(stack.stackName, stack.json, prepareOptions);
    } catch (e) {
      return { stackName: nameOf(stack), workDir: "", ok: false, error: (e as Error).message, durations: { init: 0, validate: 0, plan: 0, show: 0, total: 0 } };
    }
  });
  const ready = prepared.filter((p): p is PreparedStack => "overrideFile" in p);
  const timeout = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
  const canBatchPlan = options.planStrategy === "batch" && options.plan !== false && !options.planJson && Object.keys(options.initialStates ?? {}).length === 0;
  let validated: Map<string, ValidateResult>;
  let batch: { init: StepResult; plans: Map<string, PlanResult> } | undefined;
  if (canBatchPlan) {
    const together = await planStacksTogether(ready, { workRoot, ...timeout });
    validated = together.validate;
    if (together.plans) batch = { init: together.init, plans: together.plans };
  } else {
    validated = await validateStacksTogether(ready, { workRoot, ...timeout });
  }
  return mapPool(prepared, options.concurrency ?? DEFAULT_CONCURRENCY, async (p) => {
    if (!("overrideFile" in p)) {
      options.onResult?.(p);
      return p;
    }
    const validate = validated.get(p.stackName)!;
    const plan = batch?.plans.get(p.stackName);
    let result: OfflineRunResult;
    if (batch && plan) {
      result = {
        stackName: p.stackName,
        workDir: p.workDir,
        ok: true,
        init: batch.init,
        validate,
        plan,
        durations: { init: 0, validate: validate.durationMs, plan: plan.durationMs, show: 0, total: Date.now() - started },
      };
    } else {
      result = await runOffline(p, { ...options, workRoot, validated: validate, ...(validate.ok ? {} : { plan: false }) });
    }
    if (result.ok && !options.keepWorkDirs) removeOfflineWorkDir(p.workDir);
    options.onResult?.(result);
    return result;
  });
}
