/**
 * What the offline harness reports about a stack: diagnostics, the result of
 * each terraform step (init, validate, plan, show) and of a whole run.
 */

/** One diagnostic reported by terraform (or by the harness). */
export interface OfflineDiagnostic {
  /** `error` or `warning`. */
  readonly severity: "error" | "warning";
  /** Terraform's one-line summary. */
  readonly summary: string;
  /** Terraform's detail text (may be empty). */
  readonly detail: string;
  /** Resource address, e.g. `aws_security_group.web`, when terraform gives one. */
  readonly address?: string;
  /** cdktf construct path of that address (from the JSON's metadata), when known. */
  readonly constructPath?: string;
  /** `file:line:column` in the work dir, when terraform gives a range. */
  readonly location?: string;
}

/** Result of one terraform step. */
export interface StepResult {
  /** Succeeded without error diagnostics. */
  readonly ok: boolean;
  /** Wall time in milliseconds (0 when not run). */
  readonly durationMs: number;
  /** Diagnostics of the step. */
  readonly diagnostics: readonly OfflineDiagnostic[];
  /** Exit code (null when killed or not run). */
  readonly exitCode: number | null;
  /** True when the result was reused instead of running terraform (init done before; validate inferred from plan). */
  readonly reused?: boolean;
}

/** Validate result; `source` says whether `terraform validate` ran or plan's validation was used. */
export interface ValidateResult extends StepResult {
  /** `terraform validate` ran, or the result comes from `terraform plan`'s own validation walk. */
  readonly source: "terraform validate" | "plan";
}

/** Planned action of one resource instance as reported by `terraform plan -json`. */
export type PlanAction = "create" | "update" | "delete" | "replace" | "read" | "noop" | "move" | "remove" | "import" | string;

/** One planned resource instance. */
export interface PlannedResource {
  /** Resource instance address, e.g. `aws_security_group.sg` or `aws_subnet.x[0]`. */
  readonly address: string;
  /** The action from `plan -json`. */
  readonly action: PlanAction;
  /** Terraform's action list from `show -json` (e.g. `["delete","create"]`), with planJson. */
  readonly actions?: readonly string[];
  /** Planned values (unknowns absent) from `show -json`, with planJson. */
  readonly after?: Readonly<Record<string, unknown>> | null;
}

/** Resource change counts of a plan (`replace` also counts in add and destroy, as terraform does). */
export interface ChangeCounts {
  /** Resources to create (terraform's "to add"). */
  readonly add: number;
  /** Resources to update in place. */
  readonly change: number;
  /** Resources to destroy. */
  readonly destroy: number;
  /** Resources to replace (destroy + create). */
  readonly replace: number;
  /** Resources to import. */
  readonly import: number;
}

/** Result of `terraform plan`. */
export interface PlanResult extends StepResult {
  /** Counts from terraform's change summary (zeros when plan failed before it). */
  readonly changes: ChangeCounts;
  /** Every resource instance with a planned action other than no-op. */
  readonly resources: readonly PlannedResource[];
  /** The saved plan file (exists when ok). */
  readonly planFile: string;
  /**
   * True when the stack was planned together with others, as a module of one
   * root configuration ({@link planStacksTogether}): addresses are the stack's
   * own, counts come from its actions, `planFile` is the batch's.
   */
  readonly batch?: boolean;
}

/** Subset of `terraform show -json` used by the harness; the full document is kept in `document`. */
export interface PlanDocument {
  readonly format_version?: string;
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly change: { readonly actions: readonly string[]; readonly after?: Record<string, unknown> | null };
  }>;
  readonly [key: string]: unknown;
}

/** Result of `terraform show -json plan.bin`. */
export interface ShowResult extends StepResult {
  /** The parsed JSON plan (undefined when show failed). */
  readonly document?: PlanDocument;
}

/** Everything {@link runOffline} found out about one stack. */
export interface OfflineRunResult {
  /** Stack name. */
  readonly stackName: string;
  /** Work dir (kept on failure for debugging). */
  readonly workDir: string;
  /** Every requested step succeeded. */
  readonly ok: boolean;
  /** A harness-level problem (prepare failed, terraform could not start); not a terraform diagnostic. */
  readonly error?: string;
  /** `terraform init` (reused when the dir was initialised before). */
  readonly init?: StepResult;
  /** Validation (see {@link RunOptions.validateStrategy}). */
  readonly validate?: ValidateResult;
  /** `terraform plan`. */
  readonly plan?: PlanResult;
  /** `terraform show -json`, with planJson. */
  readonly show?: ShowResult;
  /** Milliseconds per step and in total. */
  readonly durations: { readonly init: number; readonly validate: number; readonly plan: number; readonly show: number; readonly total: number };
}
