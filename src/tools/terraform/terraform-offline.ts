/**
 * Offline Terraform harness: `terraform init` / `validate` / `plan` (and
 * `show -json`) of synthesized cdktf stacks with no AWS account, no S3 state
 * and no Terraform registry. Used by jest tests and by the `preview` CLI, so
 * it must never import jest.
 *
 * How a stack is made offline (see {@link prepareOfflineStack}):
 *   - `cdk.tf.json` (and `assets/`) is copied into a fresh work dir under
 *     `.cache/terraform-offline/runs/`;
 *   - a Terraform override file `zz_offline_override.tf.json` replaces the S3
 *     backend by `local`, gives every aws provider config (default and each
 *     alias) dummy static keys + the `skip_*` flags, nulls
 *     `allowed_account_ids`, and points every `data.terraform_remote_state.<kind>`
 *     at a local stub state holding the contract's stub outputs.
 *   All three overrides were verified with terraform 1.11.4: a `backend` block
 *   in an override file replaces the original (init reports "local"); the data
 *   source's `backend` and `config` arguments are replaced (the planned
 *   `vpc_id` is the stub's); provider blocks are matched by name + alias.
 *   `allowed_account_ids` MUST be neutralised: with `skip_requesting_account_id`
 *   the provider knows no account id and plan fails with "AWS account ID not
 *   allowed: " — setting it to null in the override works.
 *   The copied JSON is rewritten only where an override cannot help: nested
 *   blocks (`assume_role`, `assume_role_with_web_identity`) cannot be removed by
 *   an override (an override only replaces blocks it itself contains), and a
 *   `terraform.cloud` block would clash with the local backend.
 *
 * Measurements, and why validate is inferred from plan, stacks are batched and
 * providers are installed as they are: docs/terraform-harness.md.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { OutputTable } from "../../contract/output-spec";
import { defaultWorkRoot, OfflineEnvironment, setupOfflineEnvironment } from "./terraform-locate";
import { execTerraform, ExecResult, mapPool, withFileLock } from "./terraform-process";

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

// ---------------------------------------------------------------------------
// Stubs

/** One stub output value: a string, or a list of strings. */
export type StubValue = string | readonly string[];

/** Stub outputs per upstream stack kind: `{ network: { vpc_id: "vpc-..." } }`. */
export type StubOutputs = Readonly<Record<string, Readonly<Record<string, StubValue>>>>;

/** Build {@link StubOutputs} from contract tables keyed by stack kind (`{ network: NETWORK_OUTPUTS }`). */
export function stubsFromTables(tables: Readonly<Record<string, OutputTable>>): StubOutputs {
  const stubs: Record<string, Record<string, StubValue>> = {};
  for (const [kind, table] of Object.entries(tables)) {
    const outputs: Record<string, StubValue> = {};
    for (const [name, spec] of Object.entries(table)) {
      outputs[name] = spec.kind === "list" ? [...(spec.stub as readonly string[])] : (spec.stub as string);
    }
    stubs[kind] = outputs;
  }
  return stubs;
}

/**
 * A Terraform v4 state document whose only content is `outputs`, typed
 * `"string"` or `["list","string"]` — what `terraform_remote_state` reads.
 */
export function stubStateDocument(outputs: Readonly<Record<string, StubValue>>): object {
  const out: Record<string, { value: StubValue; type: unknown }> = {};
  for (const [name, value] of Object.entries(outputs)) {
    out[name] = typeof value === "string" ? { value, type: "string" } : { value: [...value], type: ["list", "string"] };
  }
  return {
    version: 4,
    terraform_version: "1.0.0",
    serial: 1,
    lineage: randomUUID(),
    outputs: out,
    resources: [],
    check_results: null,
  };
}

// ---------------------------------------------------------------------------
// Preparing a stack

/** Name of the override file added to each work dir. */
export const OVERRIDE_FILE = "zz_offline_override.tf.json";
/** Metadata file written into each work dir by {@link prepareOfflineStack}. */
const META_FILE = "offline-stack.json";
/** Marker written after a successful init (so a dir is never initialised twice). */
const INIT_MARKER = ".offline-init-ok";

/** Options of {@link prepareOfflineStack}. */
export interface PrepareOptions {
  /** Stub outputs per upstream kind; every `terraform_remote_state` of the stack needs one. */
  readonly stubOutputs: StubOutputs;
  /** Harness work directory; default `<project>/.cache/terraform-offline`. */
  readonly workRoot?: string;
  /**
   * A Terraform state file to plan against, copied into the work dir as the
   * local backend's state (`initial.tfstate`), so the plan shows the
   * updates, destroys and replacements that state implies (the plan preview's
   * `--state-dir`). Plans run with `-refresh=false`: the state is compared as
   * written and the provider makes no AWS call for it.
   * @default - none: empty state, the plan only creates
   */
  readonly initialState?: string;
}

/** A stack copied into a work dir and made offline. */
export interface PreparedStack {
  /** Stack name (the folder name under `cdktf.out/stacks`). */
  readonly stackName: string;
  /** The synthesized stack folder it was copied from (undefined when prepared from JSON). */
  readonly sourceDir?: string;
  /** The fresh work dir terraform runs in. */
  readonly workDir: string;
  /** The override file written into the work dir. */
  readonly overrideFile: string;
  /** Stub state file per remote-state kind. */
  readonly stubStateFiles: Readonly<Record<string, string>>;
  /** aws provider configs overridden: `aws`, `aws.us_east_1`, ... */
  readonly providerConfigs: readonly string[];
  /** What was rewritten in the copied JSON because an override could not do it. */
  readonly rewrites: readonly string[];
}

/** Dummy static credentials and skip flags for every aws provider config. */
const OFFLINE_AWS_PROVIDER = {
  access_key: "AKIAOFFLINEHARNESS00",
  secret_key: "offline-harness-secret-key-not-real",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/** Provider arguments nulled when present: they would need a real account or profile. */
const NULLED_PROVIDER_ARGS = [
  "allowed_account_ids",
  "forbidden_account_ids",
  "profile",
  "shared_config_files",
  "shared_credentials_files",
  "token",
] as const;

/** Provider blocks removed from the copy (an override cannot remove a nested block). */
const REMOVED_PROVIDER_BLOCKS = ["assume_role", "assume_role_with_web_identity"] as const;

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `provider.aws` as a list (Terraform JSON allows an object or an array of objects). */
function awsProviderConfigs(doc: JsonObject): JsonObject[] {
  const providers = doc.provider;
  if (!isObject(providers)) return [];
  const aws = providers.aws;
  if (Array.isArray(aws)) return aws.filter(isObject);
  return isObject(aws) ? [aws] : [];
}

/** Thrown by {@link prepareOfflineStack} when a stack cannot be made offline. */
export class OfflinePrepareError extends Error {
  /** The stack concerned. */
  readonly stackName: string;
  /** @param stackName stack concerned @param message what is wrong */
  constructor(stackName: string, message: string) {
    super(`[stack ${stackName}] ${message}`);
    this.name = "OfflinePrepareError";
    this.stackName = stackName;
  }
}

/** Copy a directory tree (used for cdktf `assets/`). */
function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/**
 * Copy `<stackDir>/cdk.tf.json` (and `assets/`) into a fresh work dir and add
 * the offline override file plus one stub state per remote-state kind.
 *
 * Throws {@link OfflinePrepareError} when `cdk.tf.json` is missing, when a
 * `terraform_remote_state.<kind>` has no stubs (naming the kind), or when the
 * stack reads `outputs.<name>` that the stubs of that kind do not define.
 * Needs no terraform binary.
 */
export function prepareOfflineStack(stackDir: string, options: PrepareOptions): PreparedStack {
  const sourceDir = path.resolve(stackDir);
  const stackName = path.basename(sourceDir);
  const source = path.join(sourceDir, "cdk.tf.json");
  if (!fs.existsSync(source)) throw new OfflinePrepareError(stackName, `no cdk.tf.json in ${sourceDir} (run synth first)`);
  return prepareFromText(stackName, fs.readFileSync(source, "utf8"), sourceDir, options);
}

/**
 * Like {@link prepareOfflineStack}, from the stack's JSON in memory (e.g.
 * `Testing.synth(stack)`), for tests that do not write `cdktf.out`. Stacks
 * with assets need {@link prepareOfflineStack}.
 */
export function prepareOfflineStackJson(stackName: string, cdkTfJson: string | object, options: PrepareOptions): PreparedStack {
  const text = typeof cdkTfJson === "string" ? cdkTfJson : JSON.stringify(cdkTfJson, null, 2);
  return prepareFromText(stackName, text, undefined, options);
}

function prepareFromText(stackName: string, text: string, sourceDir: string | undefined, options: PrepareOptions): PreparedStack {
  let doc: JsonObject;
  try {
    doc = JSON.parse(text) as JsonObject;
  } catch (e) {
    throw new OfflinePrepareError(stackName, `cdk.tf.json is not JSON: ${(e as Error).message}`);
  }

  // Remote states: every kind needs stubs, every referenced output must exist.
  const data = isObject(doc.data) ? doc.data : {};
  const remoteStates = isObject(data.terraform_remote_state) ? data.terraform_remote_state : {};
  const kinds = Object.keys(remoteStates);
  const missingKinds = kinds.filter((k) => !options.stubOutputs[k]);
  if (missingKinds.length > 0) {
    throw new OfflinePrepareError(
      stackName,
      `no stub outputs for remote state ${missingKinds.map((k) => `"${k}"`).join(", ")} ` +
        `(data.terraform_remote_state.${missingKinds[0]}); pass stubOutputs.${missingKinds[0]} ` +
        `(stubsFromTables({ ${missingKinds[0]}: <its contract table> }))`,
    );
  }
  const missingOutputs = new Set<string>();
  for (const m of text.matchAll(/data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
    const [, kind, name] = m as unknown as [string, string, string];
    if (options.stubOutputs[kind] && !(name in (options.stubOutputs[kind] ?? {}))) missingOutputs.add(`${kind}.${name}`);
  }
  if (missingOutputs.size > 0) {
    throw new OfflinePrepareError(
      stackName,
      `the stack reads remote-state outputs that have no stub: ${[...missingOutputs].sort().join(", ")}`,
    );
  }

  // Fresh work dir.
  const runsDir = path.join(path.resolve(options.workRoot ?? defaultWorkRoot()), "runs");
  fs.mkdirSync(runsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(runsDir, `${stackName}-`));

  // Rewrites the override mechanism cannot express.
  const rewrites: string[] = [];
  const configs = awsProviderConfigs(doc);
  for (const config of configs) {
    for (const block of REMOVED_PROVIDER_BLOCKS) {
      if (block in config) {
        delete config[block];
        rewrites.push(`removed ${block} from provider aws${config.alias ? `.${String(config.alias)}` : ""}`);
      }
    }
  }
  const terraformBlock = isObject(doc.terraform) ? doc.terraform : undefined;
  if (terraformBlock && "cloud" in terraformBlock) {
    delete terraformBlock.cloud;
    rewrites.push("removed terraform.cloud");
  }
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), rewrites.length > 0 ? JSON.stringify(doc, null, 2) : text);
  const assets = sourceDir ? path.join(sourceDir, "assets") : undefined;
  if (assets && fs.existsSync(assets)) copyTree(assets, path.join(workDir, "assets"));

  // Stub states.
  const stubDir = path.join(workDir, "stubs");
  fs.mkdirSync(stubDir);
  const stubStateFiles: Record<string, string> = {};
  const remoteOverrides: Record<string, JsonObject> = {};
  for (const kind of kinds) {
    const file = path.join(stubDir, `${kind}.tfstate`);
    fs.writeFileSync(file, JSON.stringify(stubStateDocument(options.stubOutputs[kind] ?? {}), null, 2));
    stubStateFiles[kind] = file;
    const original = remoteStates[kind];
    const override: JsonObject = { backend: "local", config: { path: file } };
    if (isObject(original) && "workspace" in original) override.workspace = null;
    remoteOverrides[kind] = override;
  }

  // Provider overrides: one per existing config (an override for a config the
  // original lacks is an error: "Missing base provider configuration").
  const providerConfigs: string[] = [];
  const providerOverrides = configs.map((config) => {
    const o: JsonObject = {};
    if (typeof config.alias === "string") o.alias = config.alias;
    Object.assign(o, OFFLINE_AWS_PROVIDER);
    for (const arg of NULLED_PROVIDER_ARGS) if (arg in config) o[arg] = null;
    providerConfigs.push(typeof config.alias === "string" ? `aws.${config.alias}` : "aws");
    return o;
  });

  // A given state gets another name than `terraform.tfstate`: `terraform init`
  // treats that file in the work dir as legacy local state and "migrates" it
  // into the configured backend, which truncates it when both are the same
  // file (terraform 1.11.4: a 0-byte state and a `.backup`, plan sees nothing).
  const statePath = path.join(workDir, options.initialState ? "initial.tfstate" : "terraform.tfstate");
  if (options.initialState) fs.copyFileSync(options.initialState, statePath);
  const override: JsonObject = {
    "//": "Written by src/tools/terraform/terraform-offline.ts: offline planning only (local backend, stub remote state, dummy credentials).",
    terraform: { backend: { local: { path: statePath } } },
  };
  if (providerOverrides.length > 0) override.provider = { aws: providerOverrides };
  if (kinds.length > 0) override.data = { terraform_remote_state: remoteOverrides };
  const overrideFile = path.join(workDir, OVERRIDE_FILE);
  fs.writeFileSync(overrideFile, JSON.stringify(override, null, 2));

  const prepared: PreparedStack = { stackName, ...(sourceDir ? { sourceDir } : {}), workDir, overrideFile, stubStateFiles, providerConfigs, rewrites };
  fs.writeFileSync(path.join(workDir, META_FILE), JSON.stringify(prepared, null, 2));
  return prepared;
}

/** Delete a work dir made by {@link prepareOfflineStack} (symlinks are removed, never followed). */
export function removeOfflineWorkDir(workDir: string): void {
  if (!fs.existsSync(path.join(workDir, META_FILE))) {
    throw new Error(`${workDir} is not an offline harness work dir (no ${META_FILE})`);
  }
  initResults.delete(path.resolve(workDir));
  fs.rmSync(workDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------
// Results

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

// ---------------------------------------------------------------------------
// Parsing terraform's JSON

interface TfJsonDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number; column?: number } };
}

/** Parse the JSON lines of `-json` UI output, ignoring non-JSON lines. */
function jsonLines(text: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (isObject(v)) out.push(v);
    } catch {
      // not JSON
    }
  }
  return out;
}

/** Resource address (without instance key) → cdktf construct path, from the JSON's `//.metadata.path`. */
function constructPaths(workDir: string): Map<string, string> {
  const map = new Map<string, string>();
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(workDir, "cdk.tf.json"), "utf8")) as JsonObject;
    for (const [mode, prefix] of [["resource", ""], ["data", "data."]] as const) {
      const section = doc[mode];
      if (!isObject(section)) continue;
      for (const [type, byName] of Object.entries(section)) {
        if (!isObject(byName)) continue;
        for (const [name, body] of Object.entries(byName)) {
          const meta = isObject(body) && isObject(body["//"]) ? body["//"].metadata : undefined;
          if (isObject(meta) && typeof meta.path === "string") map.set(`${prefix}${type}.${name}`, meta.path);
        }
      }
    }
  } catch {
    // best effort
  }
  return map;
}

function toDiagnostic(d: TfJsonDiagnostic, paths: Map<string, string>): OfflineDiagnostic {
  const address = d.address || undefined;
  const constructPath = address ? paths.get(address.replace(/\[[^\]]*\]$/, "")) : undefined;
  const start = d.range?.start;
  const location = d.range?.filename ? `${d.range.filename}:${start?.line ?? 0}:${start?.column ?? 0}` : undefined;
  return {
    severity: d.severity === "warning" ? "warning" : "error",
    summary: d.summary ?? "(no summary)",
    detail: d.detail ?? "",
    ...(address ? { address } : {}),
    ...(constructPath ? { constructPath } : {}),
    ...(location ? { location } : {}),
  };
}

/** A diagnostic built from raw process output when terraform produced no JSON diagnostic. */
function processDiagnostic(step: string, r: ExecResult): OfflineDiagnostic {
  const text = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-40).join("\n");
  return {
    severity: "error",
    summary: r.timedOut ? `terraform ${step} timed out after ${Math.round(r.durationMs / 1000)} s` : `terraform ${step} exited with code ${r.code}`,
    detail: text,
  };
}

const hasErrors = (ds: readonly OfflineDiagnostic[]) => ds.some((d) => d.severity === "error");

// ---------------------------------------------------------------------------
// Running terraform

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

/** In-process init results per work dir (never init the same dir twice). */
const initResults = new Map<string, Promise<StepResult>>();

/** Drop `hashes = [...]` from the lock file (see the measurements at the top of this file). */
function stripLockHashes(workDir: string): void {
  const lock = path.join(workDir, ".terraform.lock.hcl");
  if (!fs.existsSync(lock)) return;
  const text = fs.readFileSync(lock, "utf8");
  fs.writeFileSync(lock, text.replace(/\n\s*hashes\s*=\s*\[[^\]]*\]/g, ""));
}

async function initOnce(env: OfflineEnvironment, workDir: string, timeoutMs: number): Promise<StepResult> {
  const key = path.resolve(workDir);
  const existing = initResults.get(key);
  if (existing) return existing.then((r) => (r.ok ? { ...r, reused: true } : r));
  if (fs.existsSync(path.join(workDir, INIT_MARKER))) {
    return { ok: true, durationMs: 0, diagnostics: [], exitCode: 0, reused: true };
  }
  const run = (async (): Promise<StepResult> => {
    const args = ["init", "-input=false", "-no-color", "-json"];
    let r: ExecResult;
    if (env.pluginCacheDir) {
      // Packed mirror + shared plugin cache: inits are serialised (the cache is
      // not safe for concurrent installs) and seeded with the first init's lock
      // file, so they link from the cache instead of re-extracting into it
      // while another stack's plan is using it.
      const seed = path.join(env.workRoot, "provider-seed.lock.hcl");
      const lockFile = path.join(workDir, ".terraform.lock.hcl");
      r = await withFileLock(path.join(env.workRoot, "init.lock"), async () => {
        if (fs.existsSync(seed) && !fs.existsSync(lockFile)) fs.copyFileSync(seed, lockFile);
        const res = await execTerraform(env.terraform.path, args, workDir, env.env, timeoutMs);
        if (res.code === 0 && !fs.existsSync(seed) && fs.existsSync(lockFile)) fs.copyFileSync(lockFile, seed);
        return res;
      });
    } else {
      // Unpacked mirror: .terraform/providers links straight into the
      // read-only mirror; inits share nothing and run in parallel.
      r = await execTerraform(env.terraform.path, args, workDir, env.env, timeoutMs);
    }
    const paths = constructPaths(workDir);
    const diagnostics = jsonLines(r.stdout)
      .filter((l) => l.type === "diagnostic" && isObject(l.diagnostic))
      .map((l) => toDiagnostic(l.diagnostic as TfJsonDiagnostic, paths))
      .filter((d) => !(d.severity === "warning" && d.summary.startsWith("Incomplete lock file information")));
    const ok = r.code === 0 && !hasErrors(diagnostics);
    if (!ok && !hasErrors(diagnostics)) diagnostics.push(processDiagnostic("init", r));
    if (ok) {
      stripLockHashes(workDir);
      fs.writeFileSync(path.join(workDir, INIT_MARKER), new Date().toISOString());
    }
    return { ok, durationMs: r.durationMs, diagnostics, exitCode: r.code };
  })();
  initResults.set(key, run);
  return run;
}

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
        if (wantValidate && validate === undefined) {
          validate = plan.ok
            ? {
                ok: true,
                durationMs: 0,
                diagnostics: plan.diagnostics.filter((d) => d.severity === "warning"),
                exitCode: 0,
                source: "plan",
                reused: true,
              }
            : await runValidate(env, workDir, timeoutMs);
        }
        if (plan.ok && options.planJson) {
          show = await runShow(env, workDir, plan.planFile, timeoutMs);
          const byAddress = new Map((show.document?.resource_changes ?? []).map((c) => [c.address, c.change]));
          plan = {
            ...plan,
            resources: plan.resources.map((res) => {
              const change = byAddress.get(res.address);
              return change ? { ...res, actions: change.actions, after: change.after ?? null } : res;
            }),
          };
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

// ---------------------------------------------------------------------------
// Several stacks

/**
 * Default worker count: the number of CPUs. On the 2-core box, 8 stacks took
 * 18.2 s with 1 worker, 11.2 s with 2 and 11.6 s with 3 (table at the top of
 * this file).
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

/** Write the {@link BatchRoot} of `prepared` into a fresh directory of `runsDir` named `<prefix>XXXXXX`. */
function createBatchRoot(prepared: readonly PreparedStack[], runsDir: string, prefix: string): BatchRoot {
  const dir = fs.mkdtempSync(path.join(runsDir, prefix));
  const byDir = new Map(prepared.map((p) => [path.basename(p.workDir), p.stackName]));
  const byRootFile = new Map<string, string>();
  for (const p of prepared) {
    const file = `${p.stackName}.tf.json`;
    byRootFile.set(file, p.stackName);
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
    const text = {
      module: { [p.stackName]: { source: `../${path.basename(p.workDir)}` } },
      ...(Object.keys(output).length > 0 ? { output } : {}),
    };
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
  if (r.code !== 0) return null;
  const warnings = new Map<string, OfflineDiagnostic[]>(prepared.map((p) => [p.stackName, []]));
  const global: OfflineDiagnostic[] = [];
  const resources = new Map<string, PlannedResource[]>(prepared.map((p) => [p.stackName, []]));
  let summary: JsonObject | undefined;
  for (const line of jsonLines(r.stdout)) {
    if (line.type === "diagnostic" && isObject(line.diagnostic)) {
      const d = line.diagnostic as TfJsonDiagnostic;
      if (d.severity !== "warning") return null;
      if (batchArtefact(d)) continue;
      const stackName = root.stackOf(d);
      const diagnostic = stackDiagnostic(d, prepared.find((p) => p.stackName === stackName)?.workDir);
      if (stackName) warnings.get(stackName)!.push(diagnostic);
      else global.push(diagnostic);
    } else if (line.type === "planned_change" && isObject(line.change)) {
      const res = isObject(line.change.resource) ? line.change.resource : {};
      const m = /^module\.([^.[]+)\.(.+)$/.exec(String(res.addr ?? ""));
      if (!m || !resources.has(m[1]!)) return null; // a change outside the stacks' modules: not ours to attribute
      resources.get(m[1]!)!.push({ address: m[2]!, action: String(line.change.action ?? "?") });
    } else if (line.type === "change_summary" && isObject(line.changes)) {
      summary = line.changes;
    }
  }
  const perStack = new Map<string, PlanResult>();
  const total = { add: 0, change: 0, destroy: 0 };
  for (const p of prepared) {
    const changes = countChanges(resources.get(p.stackName)!);
    total.add += changes.add;
    total.change += changes.change;
    total.destroy += changes.destroy;
    const diagnostics = [...global, ...warnings.get(p.stackName)!];
    perStack.set(p.stackName, { ok: true, durationMs: r.durationMs, diagnostics, exitCode: r.code, changes, resources: resources.get(p.stackName)!, planFile, batch: true });
  }
  const num = (k: string) => (summary && typeof summary[k] === "number" ? (summary[k] as number) : -1);
  if (num("add") !== total.add || num("change") !== total.change || num("remove") !== total.destroy) return null;
  return perStack;
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
  initResults.delete(path.resolve(root.dir));
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
     * `inferFromPlan`: `plan` only (it runs the same validation first, see the top of this
     * file); `validate` runs only when the plan fails, to attribute the errors. Saves one
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
      initResults.delete(path.resolve(root.dir));
      if (!options.keepRoot) fs.rmSync(root.dir, { recursive: true, force: true });
      return { init: { ...init, reused: true }, validate: inferred, plans: planned };
    }
  }
  const validate = await validateBatchRoot(env, root, prepared, timeoutMs);
  const allValid = prepared.every((p) => validate.get(p.stackName)!.ok);
  const plans = allValid && prepared.length > 0 && options.validate !== "inferFromPlan" ? await planBatchRoot(env, root, prepared, timeoutMs) : null;
  initResults.delete(path.resolve(root.dir));
  if (!options.keepRoot) fs.rmSync(root.dir, { recursive: true, force: true });
  return { init: { ...init, reused: true }, validate, plans };
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

// ---------------------------------------------------------------------------
// Reporting

function formatDiagnostic(d: OfflineDiagnostic): string {
  const where = [d.address, d.constructPath ? `(${d.constructPath})` : undefined, d.location ? `at ${d.location}` : undefined]
    .filter(Boolean)
    .join(" ");
  const head = `    ${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where ? ` — ${where}` : ""}`;
  const detail = d.detail
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => `      ${l}`)
    .join("\n");
  return detail ? `${head}\n${detail}` : head;
}

/**
 * A readable multi-line report of one result: the stack name, each step's
 * status and duration, and every diagnostic with address, construct path and
 * location.
 */
export function formatOfflineResult(result: OfflineRunResult): string {
  const lines = [`[stack ${result.stackName}] ${result.ok ? "ok" : "FAILED"}${result.workDir ? ` (work dir ${result.workDir})` : ""}`];
  if (result.error) lines.push(`  ${result.error}`);
  const steps: Array<[string, StepResult | undefined, string]> = [
    ["init", result.init, ""],
    ["validate", result.validate, result.validate ? ` [${result.validate.source}]` : ""],
    [
      "plan",
      result.plan,
      result.plan?.ok
        ? ` (${result.plan.changes.add} to add, ${result.plan.changes.change} to change, ${result.plan.changes.destroy} to destroy, ${result.plan.changes.replace} to replace)`
        : "",
    ],
    ["show", result.show, ""],
  ];
  for (const [name, step, extra] of steps) {
    if (!step) continue;
    lines.push(`  ${name}: ${step.ok ? "ok" : "FAILED"}${extra}, ${step.reused ? "reused" : `${(step.durationMs / 1000).toFixed(1)} s`}`);
    for (const d of step.diagnostics) lines.push(formatDiagnostic(d));
  }
  return lines.join("\n");
}

/** Thrown by {@link assertOfflineOk}; carries the failed results. */
export class OfflineStackError extends Error {
  /** The failed results. */
  readonly results: readonly OfflineRunResult[];
  /** @param results the failed results (their reports form the message) */
  constructor(results: readonly OfflineRunResult[]) {
    super(
      `offline terraform failed for ${results.map((r) => r.stackName).join(", ")}:\n` +
        results.map(formatOfflineResult).join("\n\n"),
    );
    this.name = "OfflineStackError";
    this.results = results;
  }
}

/** Throw an {@link OfflineStackError} listing every failed stack with its diagnostics; no-op when all are ok. */
export function assertOfflineOk(results: OfflineRunResult | readonly OfflineRunResult[]): void {
  const list = Array.isArray(results) ? (results as readonly OfflineRunResult[]) : [results as OfflineRunResult];
  const failed = list.filter((r) => !r.ok);
  if (failed.length > 0) throw new OfflineStackError(failed);
}
