/**
 * A content-addressed cache of one stack's preview plan, so `npm run preview`
 * plans only the stacks whose prepared JSON changed since their last plan.
 *
 * Why it is sound: the preview plans every stack from an EMPTY state with
 * STUBBED remote-state outputs (`-refresh=false`, dummy credentials, no AWS
 * call), so a stack's plan document, counts and warnings are a pure function
 * of what terraform reads in the prepared work dir (`*.tf.json` incl. the
 * offline override, the stub states under `stubs/`, `assets/`), the terraform
 * version and the provider binary. {@link planCacheKey} hashes exactly those
 * (the random work dir path inside the override and stub paths is replaced by
 * a placeholder, so two preparations of the same stack have the same key).
 *
 * Entries live in `<workRoot>/plans/<sha256>.json` (default
 * `.cache/terraform-offline/plans/`). Only successful batch plans from an
 * empty state are stored (the caller never stores with `--state-dir`); a hit
 * touches the entry, entries unused for 7 days are pruned. `--no-cache`
 * bypasses reading and writing.
 *
 * Limits: a warning of the batch plan that names no stack is given to every
 * stack of that batch (batch-root.ts) and so is stored with each; it is
 * reused with them while their keys hold. Anything terraform reads outside
 * the work dir other than the provider (none today: no data source calls AWS,
 * no file outside the stack) would not be in the key.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OfflineEnvironment, PlanDocument, PlanResult, PreparedStack, ValidateResult } from "../terraform/terraform-offline";
import { isObject } from "../../synthesized/terraform-json";

/** Raised when the entry layout or what the key covers changes: old entries then never match. */
export const PLAN_CACHE_FORMAT = 1;

/** Entries unused for this long are deleted. */
export const PLAN_CACHE_MAX_AGE_MS = 7 * 24 * 3600_000;

/** The metadata file the harness writes into a work dir (not read by terraform). */
const NOT_READ_BY_TERRAFORM = new Set(["offline-stack.json"]);

/** What one entry holds: the stack's results as the batch produced them. */
export interface CachedPlan {
  /** {@link PLAN_CACHE_FORMAT} when written. */
  readonly format: number;
  /** The stack. */
  readonly stack: string;
  /** The key (also the file name). */
  readonly key: string;
  /** Validation as inferred from the plan (its warnings). */
  readonly validate: ValidateResult;
  /** The plan result: counts, planned resources, warnings. */
  readonly plan: PlanResult;
  /** The stack's plan document (`show -json`, split out of the batch). */
  readonly document: PlanDocument;
}

/** The cache directory of a harness work root. */
export function planCacheDir(workRoot: string): string {
  return path.join(workRoot, "plans");
}

/** Every file below `dir`, relative, sorted (directories descended, links not followed). */
function filesBelow(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== ".terraform") out.push(...filesBelow(dir, rel));
    } else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * The provider binary's identity: for each file of the mirror's aws package
 * (the unpacked directory's files, or the zip), path, size and mtime. A
 * rebuilt or replaced provider gets another key without hashing ~700 MB.
 */
export function providerIdentity(mirror: Pick<OfflineEnvironment["mirror"], "packagePath">): string[] {
  const stat = (file: string) => {
    const s = fs.statSync(file);
    return `${file}:${s.size}:${Math.round(s.mtimeMs)}`;
  };
  const s = fs.statSync(mirror.packagePath, { throwIfNoEntry: false });
  if (!s) return [`${mirror.packagePath}:missing`];
  if (!s.isDirectory()) return [stat(mirror.packagePath)];
  return fs
    .readdirSync(mirror.packagePath)
    .sort()
    .map((f) => path.join(mirror.packagePath, f))
    .filter((f) => fs.statSync(f).isFile())
    .map(stat);
}

/**
 * A file's bytes as the key sees them: the (random) work dir's path, which the
 * override and stub paths name, replaced by `<workdir>`; a stub state without
 * its `lineage` (a random UUID per preparation; the remote-state data source
 * reads only the outputs). The plan depends on neither.
 */
function contentForKey(file: string, rel: string, workDir: string): Buffer {
  const bytes = fs.readFileSync(file);
  let text = bytes.toString("utf8");
  if (rel.startsWith("stubs/") && rel.endsWith(".tfstate")) {
    try {
      const state = JSON.parse(text) as unknown;
      if (isObject(state) && "lineage" in state) {
        const { lineage: _lineage, ...rest } = state;
        text = JSON.stringify(rest);
      }
    } catch {
      // not JSON: hashed as it is
    }
  } else if (!text.includes(workDir)) return bytes;
  return Buffer.from(text.split(workDir).join("<workdir>"), "utf8");
}

/**
 * The sha256 key of a prepared stack's plan: cache format, stack name, every
 * file of its work dir that terraform reads (relative path and content, the
 * work dir's own path replaced by `<workdir>`), the terraform version and the
 * provider identity ({@link providerIdentity}).
 */
export function planCacheKey(prepared: Pick<PreparedStack, "stackName" | "workDir">, env: { readonly terraform: Pick<OfflineEnvironment["terraform"], "version">; readonly mirror: Pick<OfflineEnvironment["mirror"], "packagePath"> }): string {
  const hash = createHash("sha256");
  const field = (name: string, value: string | Buffer) => {
    hash.update(`${name}\0${value.length}\0`);
    hash.update(value);
    hash.update("\0");
  };
  field("format", String(PLAN_CACHE_FORMAT));
  field("stack", prepared.stackName);
  field("terraform", env.terraform.version);
  field("provider", providerIdentity(env.mirror).join("\n"));
  const workDir = path.resolve(prepared.workDir);
  for (const rel of filesBelow(workDir)) {
    if (NOT_READ_BY_TERRAFORM.has(rel)) continue;
    field(`file:${rel}`, contentForKey(path.join(workDir, rel), rel, workDir));
  }
  return hash.digest("hex");
}

const entryFile = (dir: string, key: string) => path.join(dir, `${key}.json`);

/** The entry of `key`, touched as used; undefined when absent, unreadable or of another format or stack. */
export function readCachedPlan(dir: string, key: string, stack: string): CachedPlan | undefined {
  const file = entryFile(dir, key);
  let entry: unknown;
  try {
    entry = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  } catch {
    return undefined;
  }
  if (!isObject(entry) || entry.format !== PLAN_CACHE_FORMAT || entry.key !== key || entry.stack !== stack) return undefined;
  if (!isObject(entry.validate) || !isObject(entry.plan) || !isObject(entry.document)) return undefined;
  try {
    fs.utimesSync(file, new Date(), new Date()); // last used, for prunePlanCache
  } catch {
    // pruned meanwhile: the entry read is still good
  }
  return entry as unknown as CachedPlan;
}

/** Store an entry (written to a temporary file, then renamed: a reader never sees half an entry). */
export function writeCachedPlan(dir: string, entry: Omit<CachedPlan, "format">): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = entryFile(dir, entry.key);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ format: PLAN_CACHE_FORMAT, ...entry }));
  fs.renameSync(tmp, file);
}

/** Delete entries (and stray temporary files) not used for `maxAgeMs`. */
export function prunePlanCache(dir: string, maxAgeMs = PLAN_CACHE_MAX_AGE_MS): void {
  const cutoff = Date.now() - maxAgeMs;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    try {
      if (fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}
