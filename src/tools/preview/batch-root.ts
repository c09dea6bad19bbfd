/**
 * A batch root that outlives the run: the throwaway root configuration of
 * `batch.ts` (every stack a module of one root), kept initialised under
 * `<workRoot>/batch-roots/<key>/`, so a preview runs `terraform init` only the
 * first time a set of stacks is planned (and again when the key changes), not
 * on every run.
 *
 * Terraform remembers a local module by its `source` string
 * (`.terraform/modules/modules.json`), and the harness prepares every stack in
 * a fresh, randomly named work dir. So the root calls each stack as
 * `./stacks/<stack>`, a directory that keeps its path and gets the prepared
 * stack's files (`*.tf.json`, `assets/`) anew on each run: the sources stay the
 * same, the contents are the new ones, and terraform reads them as written (a
 * local module is never copied into `.terraform`). A symbolic link would not
 * do: init records the directory a link resolves to.
 *
 * The key (see {@link batchRootKey}) covers what `init` installs: the stack
 * names (one module each), every stack's `terraform.required_providers`, the
 * terraform binary and version, the provider mirror. A stack that changes only
 * its resources, outputs or provider configurations reuses the root.
 *
 * Only one run uses a root at a time (a file lock around update, plan and
 * show); a root whose plan fails is deleted, so the next run initialises it
 * afresh instead of failing the same way. Measurements: README "Benchmark".
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OfflineEnvironment, PlanResult, PreparedStack, StepResult } from "../terraform/terraform-offline";
import { planResultsFromStream as parseBatchPlan, rootModuleFile } from "../terraform/terraform-offline";
import type { TfJsonDiagnostic } from "../terraform/terraform-diagnostics";
import { execTerraform, ExecResult, withFileLock } from "../terraform/terraform-process";
import { isObject } from "../../synthesized/terraform-json";

type Json = Record<string, unknown>;

/** Marker written into a root after a successful `terraform init`. */
export const ROOT_INIT_MARKER = ".batch-root-init-ok";

/** The file a run's plan is saved to, inside the root. */
const PLAN_FILE = "plan.bin";

function readJson(file: string): Json {
  try {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    return isObject(doc) ? doc : {};
  } catch {
    return {};
  }
}

/**
 * What `terraform init` of a batch root depends on, as a short hash: stack
 * names, each stack's `required_providers`, terraform (path and version) and
 * the provider mirror. Same key: the initialised root can be reused.
 */
export function batchRootKey(prepared: readonly PreparedStack[], env: Pick<OfflineEnvironment, "terraform" | "mirror">): string {
  const stacks = [...prepared]
    .sort((a, b) => a.stackName.localeCompare(b.stackName))
    .map((p) => {
      const doc = readJson(path.join(p.workDir, "cdk.tf.json"));
      const terraform = isObject(doc.terraform) ? doc.terraform : {};
      return [p.stackName, terraform.required_providers ?? null];
    });
  const material = JSON.stringify({ stacks, terraform: [env.terraform.path, env.terraform.version], mirror: [env.mirror.root, env.mirror.layout] });
  return createHash("sha256").update(material).digest("hex").slice(0, 16);
}

/**
 * Write the root's files for this run: per stack `<stack>.tf.json` calling
 * `./stacks/<stack>` with the stack's outputs re-exported (the harness's
 * `rootModuleFile`), and `stacks/<stack>` with the prepared stack's files. Files of stacks no longer in the batch cannot exist (the key names
 * every stack).
 */
export function writeBatchRoot(dir: string, prepared: readonly PreparedStack[]): void {
  fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
  for (const p of prepared) {
    const text = rootModuleFile(p, `./stacks/${p.stackName}`);
    fs.writeFileSync(path.join(dir, `${p.stackName}.tf.json`), JSON.stringify(text, null, 2));
    // The module's files, copied: terraform records where a local module's directory resolved to at init
    // (a link would be followed), so the directory itself must stay. Stub state paths in the override
    // point into the prepared work dir, which lives until the run ends.
    const moduleDir = path.join(dir, "stacks", p.stackName);
    fs.rmSync(moduleDir, { recursive: true, force: true });
    fs.mkdirSync(moduleDir);
    for (const entry of fs.readdirSync(p.workDir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(".tf.json")) fs.copyFileSync(path.join(p.workDir, entry.name), path.join(moduleDir, entry.name));
      else if (entry.isDirectory() && entry.name === "assets") fs.cpSync(path.join(p.workDir, entry.name), path.join(moduleDir, entry.name), { recursive: true });
    }
  }
}

/** The stack a diagnostic of this root is about: by `module.<stack>.` address, or by its file (`stacks/<stack>/...`, `<stack>.tf.json`). */
function stackOfDiagnostic(names: ReadonlySet<string>): (d: TfJsonDiagnostic) => string | undefined {
  return (d) => {
    const file = d.range?.filename ?? "";
    const byAddress = /^module\.([^.[]+)\./.exec(d.address ?? "")?.[1];
    const byFile = /(?:^|[\\/])stacks[\\/]([^\\/]+)[\\/]/.exec(file)?.[1] ?? /^([^\\/]+)\.tf\.json$/.exec(file)?.[1];
    return [byAddress, byFile].find((s): s is string => s !== undefined && names.has(s));
  };
}

/**
 * One plan result per stack out of this root's `terraform plan -json` stream
 * (the harness's parser, with this root's layout); null when the stream cannot
 * be split per stack: the caller then plans stack by stack.
 */
export function planResultsFromStream(run: Pick<ExecResult, "code" | "stdout" | "durationMs">, stackNames: readonly string[], planFile: string): Map<string, PlanResult> | null {
  return parseBatchPlan(run, stackNames, planFile, stackOfDiagnostic(new Set(stackNames)));
}

/** Wall times of one batch run, milliseconds (init 0 when the root was reused). */
export interface BatchPhases {
  /** Writing the root's files and links, computing the key. */
  readonly root: number;
  /** `terraform init` (0 when the root was initialised before). */
  readonly init: number;
  /** `terraform plan -json -out`. */
  readonly plan: number;
  /** `terraform show -json` of the saved plan. */
  readonly show: number;
  /** Parsing the show document. */
  readonly parse: number;
}

/** What {@link planInBatchRoot} returns when the batch worked. */
export interface BatchRootRun {
  /** The root's init: run now, or `reused`. */
  readonly init: StepResult;
  /** One plan result per stack. */
  readonly plans: Map<string, PlanResult>;
  /** `terraform show -json` of the batch plan, parsed. */
  readonly document: Json;
  /** Milliseconds of `show`. */
  readonly showMs: number;
  /** The root directory used. */
  readonly rootDir: string;
  /** Wall time per phase. */
  readonly phases: BatchPhases;
}

/** Roots unused for this long are deleted (a root per set of stacks planned: `--stack` selections add some). */
const ROOT_MAX_AGE_MS = 7 * 24 * 3600_000;

/** Delete roots in `dir` not used for `maxAgeMs` (never `keep`; a root in use by another run is locked and recent). */
export function pruneBatchRoots(dir: string, maxAgeMs: number, keep?: string): void {
  const cutoff = Date.now() - maxAgeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory() || full === keep) continue;
    try {
      if (fs.statSync(full).mtimeMs < cutoff && !fs.existsSync(`${full}.lock`)) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}

/**
 * Plan `prepared` together in the reused root of their key: init when the
 * root is new, then `plan -json -out` (which validates first: no separate
 * validate) and `show -json`. Null when init, plan or show fails, or the plan
 * stream cannot be split per stack (the root is then deleted).
 */
export async function planInBatchRoot(
  prepared: readonly PreparedStack[],
  env: OfflineEnvironment,
  options: { readonly timeoutMs?: number } = {},
): Promise<BatchRootRun | null> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const started = Date.now();
  const rootDir = path.join(env.workRoot, "batch-roots", batchRootKey(prepared, env));
  fs.mkdirSync(path.dirname(rootDir), { recursive: true });
  pruneBatchRoots(path.dirname(rootDir), ROOT_MAX_AGE_MS, rootDir);
  return withFileLock(`${rootDir}.lock`, async () => {
    const discard = () => fs.rmSync(rootDir, { recursive: true, force: true });
    writeBatchRoot(rootDir, prepared);
    fs.utimesSync(rootDir, new Date(), new Date()); // last used, for pruneBatchRoots
    const rootMs = Date.now() - started;
    let init: StepResult = { ok: true, durationMs: 0, diagnostics: [], exitCode: 0, reused: true };
    if (!fs.existsSync(path.join(rootDir, ROOT_INIT_MARKER))) {
      const runInit = () => execTerraform(env.terraform.path, ["init", "-input=false", "-no-color", "-json"], rootDir, env.env, timeoutMs);
      // A packed mirror installs through the shared plugin cache, which the harness's inits take turns on.
      const r = env.pluginCacheDir ? await withFileLock(path.join(env.workRoot, "init.lock"), runInit) : await runInit();
      if (r.code !== 0) {
        discard();
        return null;
      }
      // The hashes only prove the mirror matches itself; without them plan does not re-hash the 675 MB provider.
      const lock = path.join(rootDir, ".terraform.lock.hcl");
      if (fs.existsSync(lock)) fs.writeFileSync(lock, fs.readFileSync(lock, "utf8").replace(/\n\s*hashes\s*=\s*\[[^\]]*\]/g, ""));
      fs.writeFileSync(path.join(rootDir, ROOT_INIT_MARKER), new Date().toISOString());
      init = { ok: true, durationMs: r.durationMs, diagnostics: [], exitCode: 0 };
    }
    const planFile = path.join(rootDir, PLAN_FILE);
    fs.rmSync(planFile, { force: true });
    const plan = await execTerraform(
      env.terraform.path,
      ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", `-out=${PLAN_FILE}`],
      rootDir,
      env.env,
      timeoutMs,
    );
    const plans = planResultsFromStream(plan, prepared.map((p) => p.stackName), planFile);
    if (!plans) {
      discard();
      return null;
    }
    const show = await execTerraform(env.terraform.path, ["show", "-json", "-no-color", PLAN_FILE], rootDir, env.env, timeoutMs);
    const parseStarted = Date.now();
    let document: Json | undefined;
    try {
      const parsed = show.code === 0 ? (JSON.parse(show.stdout) as unknown) : undefined;
      document = isObject(parsed) ? parsed : undefined;
    } catch {
      document = undefined;
    }
    fs.rmSync(planFile, { force: true });
    if (!document) {
      discard();
      return null;
    }
    return {
      init,
      plans,
      document,
      showMs: show.durationMs,
      rootDir,
      phases: { root: rootMs, init: init.durationMs, plan: plan.durationMs, show: show.durationMs, parse: Date.now() - parseStarted },
    };
  });
}
