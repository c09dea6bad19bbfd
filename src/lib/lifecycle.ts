/**
 * What `lifecycle` (the definition's top-level field) means for every
 * stateful resource: `retain` (the default: production) or `disposable`
 * (staging, a preset tried in a sandbox, a short-lived test environment).
 *
 * The choice reaches constructs through the construct tree's context, set once
 * by EnvironmentStack, so every construct that creates something stateful asks
 * {@link protectionOf} instead of each props interface growing a flag. A
 * construct synthesized outside an environment stack (construct tests) gets
 * `retain`.
 */
import { IConstruct } from "constructs";

/** Context key EnvironmentStack sets to the environment's `lifecycle`. */
export const LIFECYCLE_CONTEXT = "ha-web-platform:lifecycle";

/** The definition's choice. */
export type Lifecycle = "retain" | "disposable";

/** The protections a lifecycle synthesizes. */
export interface Protection {
  /** `lifecycle.prevent_destroy` on stateful resources (Terraform refuses a plan that destroys them). */
  readonly preventDestroy: boolean;
  /** Deletion protection on databases and load balancers (the API refuses the delete). */
  readonly deletionProtection: boolean;
  /** Take a final snapshot when a database or cache is deleted. */
  readonly finalSnapshot: boolean;
  /** Buckets, vaults and zones may be deleted with what they hold (`force_destroy`). */
  readonly forceDestroy: boolean;
  /** S3 Object Lock and AWS Backup Vault Lock (neither can be emptied before the lock ends). */
  readonly locks: boolean;
  /** Days a deleted secret can be restored; 0 deletes it at once, so the name can be reused. */
  readonly secretRecoveryWindowDays: number;
  /** Days before a deleted KMS key is gone (7 is the shortest AWS allows). */
  readonly keyDeletionWindowDays: number;
}

const RETAIN: Protection = {
  preventDestroy: true,
  deletionProtection: true,
  finalSnapshot: true,
  forceDestroy: false,
  locks: true,
  secretRecoveryWindowDays: 30,
  keyDeletionWindowDays: 30,
};

const DISPOSABLE: Protection = {
  preventDestroy: false,
  deletionProtection: false,
  finalSnapshot: false,
  forceDestroy: true,
  locks: false,
  secretRecoveryWindowDays: 0,
  keyDeletionWindowDays: 7,
};

/** The lifecycle of the environment `scope` belongs to. */
export function lifecycleOf(scope: IConstruct): Lifecycle {
  return scope.node.tryGetContext(LIFECYCLE_CONTEXT) === "disposable" ? "disposable" : "retain";
}

/** The protections of the environment `scope` belongs to. */
export function protectionOf(scope: IConstruct): Protection {
  return lifecycleOf(scope) === "disposable" ? DISPOSABLE : RETAIN;
}

/**
 * The Vault Lock of an environment's backup vaults: `data.backupPlan.vaultLock`,
 * by default `governance`, and `off` in a `disposable` environment (the
 * definition rules refuse a lock given with `disposable`). Undefined: no lock.
 */
export function vaultLockOf(env: {
  readonly lifecycle: Lifecycle;
  readonly data?: { readonly backupPlan?: { readonly vaultLock?: "off" | "governance" | "compliance" | undefined; readonly vaultLockGraceDays: number } | undefined } | undefined;
}): { readonly mode: "governance" | "compliance"; readonly graceDays: number } | undefined {
  const plan = env.data?.backupPlan;
  if (!plan) return undefined;
  const mode = plan.vaultLock ?? (env.lifecycle === "disposable" ? "off" : "governance");
  return mode === "off" ? undefined : { mode, graceDays: plan.vaultLockGraceDays };
}
