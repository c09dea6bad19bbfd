/**
 * Copying a synthesized stack into a fresh work dir and making it offline.
 *
 * How (see {@link prepareOfflineStack}):
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
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { StubOutputs, stubStateDocument } from "./remote-state-stubs";
import { REMOTE_STATE_REF } from "../../synthesized/references";
import { isObject, JsonObject } from "./terraform-diagnostics";
import { defaultWorkRoot } from "./terraform-locate";
import { forgetInit } from "./work-dir-init";

/** Name of the override file added to each work dir. */
export const OVERRIDE_FILE = "zz_offline_override.tf.json";
/** Metadata file written into each work dir by {@link prepareOfflineStack} (its {@link PreparedStack}). */
export const META_FILE = "offline-stack.json";

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
  const data = isObject(doc.data) ? doc.data : {};
  const remoteStates = isObject(data.terraform_remote_state) ? data.terraform_remote_state : {};
  const kinds = Object.keys(remoteStates);
  checkStubs(stackName, text, kinds, options.stubOutputs);

  // Fresh work dir.
  const runsDir = path.join(path.resolve(options.workRoot ?? defaultWorkRoot()), "runs");
  fs.mkdirSync(runsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(runsDir, `${stackName}-`));

  const configs = awsProviderConfigs(doc);
  const rewrites = rewriteWhatOverridesCannot(doc, configs);
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), rewrites.length > 0 ? JSON.stringify(doc, null, 2) : text);
  const assets = sourceDir ? path.join(sourceDir, "assets") : undefined;
  if (assets && fs.existsSync(assets)) copyTree(assets, path.join(workDir, "assets"));

  const { stubStateFiles, remoteOverrides } = writeStubStates(workDir, kinds, remoteStates, options.stubOutputs);
  const { providerConfigs, overrideFile } = writeOverrideFile(workDir, configs, kinds.length > 0 ? remoteOverrides : undefined, options.initialState);

  const prepared: PreparedStack = { stackName, ...(sourceDir ? { sourceDir } : {}), workDir, overrideFile, stubStateFiles, providerConfigs, rewrites };
  fs.writeFileSync(path.join(workDir, META_FILE), JSON.stringify(prepared, null, 2));
  return prepared;
}

/** Remote states: every kind needs stubs, every referenced output must exist. */
function checkStubs(stackName: string, text: string, kinds: readonly string[], stubOutputs: StubOutputs): void {
  const missingKinds = kinds.filter((k) => !stubOutputs[k]);
  if (missingKinds.length > 0) {
    throw new OfflinePrepareError(
      stackName,
      `no stub outputs for remote state ${missingKinds.map((k) => `"${k}"`).join(", ")} ` +
        `(data.terraform_remote_state.${missingKinds[0]}); pass stubOutputs.${missingKinds[0]} ` +
        `(stubsFromTables({ ${missingKinds[0]}: <its contract table> }))`,
    );
  }
  const missingOutputs = new Set<string>();
  for (const m of text.matchAll(REMOTE_STATE_REF)) {
    const [, kind, name] = m as unknown as [string, string, string];
    if (stubOutputs[kind] && !(name in (stubOutputs[kind] ?? {}))) missingOutputs.add(`${kind}.${name}`);
  }
  if (missingOutputs.size > 0) {
    throw new OfflinePrepareError(
      stackName,
      `the stack reads remote-state outputs that have no stub: ${[...missingOutputs].sort().join(", ")}`,
    );
  }
}

/** Rewrites of the copied JSON the override mechanism cannot express (in place); what was done, for {@link PreparedStack.rewrites}. */
function rewriteWhatOverridesCannot(doc: JsonObject, configs: readonly JsonObject[]): string[] {
  const rewrites: string[] = [];
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
  return rewrites;
}

/** One stub state file per remote-state kind under `<workDir>/stubs`, and the remote-state overrides that read them. */
function writeStubStates(
  workDir: string,
  kinds: readonly string[],
  remoteStates: JsonObject,
  stubOutputs: StubOutputs,
): { stubStateFiles: Record<string, string>; remoteOverrides: Record<string, JsonObject> } {
  const stubDir = path.join(workDir, "stubs");
  fs.mkdirSync(stubDir);
  const stubStateFiles: Record<string, string> = {};
  const remoteOverrides: Record<string, JsonObject> = {};
  for (const kind of kinds) {
    const file = path.join(stubDir, `${kind}.tfstate`);
    fs.writeFileSync(file, JSON.stringify(stubStateDocument(stubOutputs[kind] ?? {}), null, 2));
    stubStateFiles[kind] = file;
    const original = remoteStates[kind];
    const override: JsonObject = { backend: "local", config: { path: file } };
    if (isObject(original) && "workspace" in original) override.workspace = null;
    remoteOverrides[kind] = override;
  }
  return { stubStateFiles, remoteOverrides };
}

/** Write {@link OVERRIDE_FILE}: local backend (with the initial state, if any), offline provider configs, stubbed remote states. */
function writeOverrideFile(
  workDir: string,
  configs: readonly JsonObject[],
  remoteOverrides: Record<string, JsonObject> | undefined,
  initialState: string | undefined,
): { providerConfigs: string[]; overrideFile: string } {
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
  const statePath = path.join(workDir, initialState ? "initial.tfstate" : "terraform.tfstate");
  if (initialState) fs.copyFileSync(initialState, statePath);
  const override: JsonObject = {
    "//": "Written by src/tools/terraform/prepare-stack.ts: offline planning only (local backend, stub remote state, dummy credentials).",
    terraform: { backend: { local: { path: statePath } } },
  };
  if (providerOverrides.length > 0) override.provider = { aws: providerOverrides };
  if (remoteOverrides) override.data = { terraform_remote_state: remoteOverrides };
  const overrideFile = path.join(workDir, OVERRIDE_FILE);
  fs.writeFileSync(overrideFile, JSON.stringify(override, null, 2));
  return { providerConfigs, overrideFile };
}

/** Delete a work dir made by {@link prepareOfflineStack} (symlinks are removed, never followed). */
export function removeOfflineWorkDir(workDir: string): void {
  if (!fs.existsSync(path.join(workDir, META_FILE))) {
    throw new Error(`${workDir} is not an offline harness work dir (no ${META_FILE})`);
  }
  forgetInit(workDir);
  fs.rmSync(workDir, { recursive: true, force: true });
}
