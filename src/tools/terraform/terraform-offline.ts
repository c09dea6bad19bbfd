/**
 * Offline Terraform harness: `terraform init` / `validate` / `plan` (and
 * `show -json`) of synthesized cdktf stacks with no AWS account, no S3 state
 * and no Terraform registry. Used by jest tests and by the `preview` CLI, so
 * it must never import jest.
 *
 * This file is the harness's public API; its parts, in the order a run uses them:
 *   - terraform-locate.ts   terraform binary, provider mirror, CLI configuration, work root
 *   - remote-state-stubs.ts stub upstream states built from the contract tables
 *   - prepare-stack.ts      a stack copied into a work dir and made offline (how: its header)
 *   - work-dir-init.ts      `terraform init` of a work dir, once
 *   - run-stack.ts          validate / plan / show of one stack ({@link runOffline})
 *   - terraform-diagnostics.ts, offline-results.ts  terraform's JSON output read into results
 *   - batch-root.ts         several stacks as modules of one root (one init, validate, plan)
 *   - run-stacks.ts         several stacks: worker pool, or batched with per-stack fallback
 *   - format-results.ts     reports and the error thrown for failed stacks
 *   - terraform-process.ts  child processes, worker pool, file lock
 *
 * Measurements, and why validate is inferred from plan, stacks are batched and
 * providers are installed as they are: docs/terraform-harness.md.
 */
export {
  AWS_PROVIDER_VERSION,
  childEnvironment,
  cliConfigText,
  DEFAULT_MIRROR_ROOTS,
  defaultWorkRoot,
  findProviderMirror,
  findTerraform,
  offlinePrerequisiteProblem,
  setupOfflineEnvironment,
  terraformPlatform,
} from "./terraform-locate";
export type { OfflineEnvironment, ProviderMirror, TerraformBinary, FindMirrorOptions, SetupOptions } from "./terraform-locate";

export { stubsFromTables, stubStateDocument } from "./remote-state-stubs";
export type { StubOutputs, StubValue } from "./remote-state-stubs";

export { OfflinePrepareError, OVERRIDE_FILE, prepareOfflineStack, prepareOfflineStackJson, removeOfflineWorkDir } from "./prepare-stack";
export type { PreparedStack, PrepareOptions } from "./prepare-stack";

export type {
  ChangeCounts,
  OfflineDiagnostic,
  OfflineRunResult,
  PlanAction,
  PlanDocument,
  PlannedResource,
  PlanResult,
  ShowResult,
  StepResult,
  ValidateResult,
} from "./offline-results";

export { runOffline, validationFromPlan } from "./run-stack";
export type { RunOptions } from "./run-stack";

export { planResultsFromStream, planStacksTogether, rootModuleFile, validateStacksTogether } from "./batch-root";

export { DEFAULT_CONCURRENCY, runStacksOffline } from "./run-stacks";
export type { OfflineStackSource, RunStacksOptions } from "./run-stacks";

export { assertOfflineOk, formatOfflineResult, OfflineStackError } from "./format-results";
