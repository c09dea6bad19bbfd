/**
 * Finding the pieces the offline Terraform harness needs: the `terraform`
 * binary, the local provider mirror, and a private CLI configuration that
 * installs providers from that mirror only.
 *
 * No jest imports: this module is also used by the `npm run preview` CLI.
 * The measurements behind the choices made here: docs/terraform-harness.md.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Provider the project pins (`@cdktf/provider-aws` 20.1.0 = hashicorp/aws 5.100.0). */
export const AWS_PROVIDER_VERSION = "5.100.0";

/** Roots searched for a provider mirror when `TF_PROVIDER_MIRROR` is not set. */
export const DEFAULT_MIRROR_ROOTS: readonly string[] = [
  "/opt/tf-plugins",
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/opt",
];

/** A filesystem mirror holding hashicorp/aws at the pinned version. */
export interface ProviderMirror {
  /** The mirror root: the directory that contains `registry.terraform.io/`. */
  readonly root: string;
  /** The provider package: the unpacked directory or the `.zip` file. */
  readonly packagePath: string;
  /** `unpacked` (a directory with the executable) or `packed` (a zip archive). */
  readonly layout: "unpacked" | "packed";
  /** Where the root came from. */
  readonly source: "TF_PROVIDER_MIRROR" | "search";
}

/** Options of {@link findProviderMirror}. */
export interface FindMirrorOptions {
  /** Provider version to look for; default {@link AWS_PROVIDER_VERSION}. */
  readonly version?: string;
  /** Roots to search; default {@link DEFAULT_MIRROR_ROOTS}. */
  readonly roots?: readonly string[];
  /** How many directory levels below each root to look for a mirror root; default 3. */
  readonly maxDepth?: number;
  /** Environment to read `TF_PROVIDER_MIRROR` from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Terraform's `<os>_<arch>` name of the current platform. */
export function terraformPlatform(): string {
  const osName = process.platform === "win32" ? "windows" : process.platform;
  const archMap: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${osName}_${archMap[process.arch] ?? process.arch}`;
}

/** The aws provider package inside mirror root `root`, or null when it is not there. */
function providerPackageIn(root: string, version: string): Pick<ProviderMirror, "packagePath" | "layout"> | null {
  const platform = terraformPlatform();
  const providerDir = path.join(root, "registry.terraform.io", "hashicorp", "aws");
  const unpacked = path.join(providerDir, version, platform);
  try {
    if (fs.readdirSync(unpacked).some((f) => f.startsWith("terraform-provider-aws"))) {
      return { packagePath: unpacked, layout: "unpacked" };
    }
  } catch {
    // not an unpacked mirror; try the packed layout
  }
  const zip = path.join(providerDir, `terraform-provider-aws_${version}_${platform}.zip`);
  return fs.existsSync(zip) ? { packagePath: zip, layout: "packed" } : null;
}

/** Directories never worth descending into while searching for a mirror. */
const SKIP_DIRS = new Set(["node_modules", ".git", "proc", "sys", "dev", ".cache", "tmp"]);

/**
 * Locate a provider mirror holding hashicorp/aws (pinned version) for this
 * platform. `TF_PROVIDER_MIRROR`, when set, is the only place looked at (null
 * if the provider is not there); otherwise a bounded breadth-first search of
 * {@link DEFAULT_MIRROR_ROOTS} (depth 3) is done. Returns null when not found.
 */
export function findProviderMirror(options: FindMirrorOptions = {}): ProviderMirror | null {
  const version = options.version ?? AWS_PROVIDER_VERSION;
  const env = options.env ?? process.env;
  const fromEnv = env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    const root = path.resolve(fromEnv);
    const pkg = providerPackageIn(root, version);
    return pkg ? { root, ...pkg, source: "TF_PROVIDER_MIRROR" } : null;
  }
  const maxDepth = options.maxDepth ?? 3;
  const seen = new Set<string>();
  for (const start of options.roots ?? DEFAULT_MIRROR_ROOTS) {
    let level = [start];
    for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
      const next: string[] = [];
      for (const dir of level) {
        if (seen.has(dir)) continue;
        seen.add(dir);
        const pkg = providerPackageIn(dir, version);
        if (pkg) return { root: dir, ...pkg, source: "search" };
        if (depth === maxDepth) continue;
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          continue;
        }
        for (const e of entries) {
          if (e.isDirectory() && !SKIP_DIRS.has(e.name) && e.name !== "registry.terraform.io") {
            next.push(path.join(dir, e.name));
          }
        }
      }
      level = next;
    }
  }
  return null;
}

/** The terraform executable and its version. */
export interface TerraformBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** Version reported by `terraform version -json`, e.g. `1.11.4`. */
  readonly version: string;
}

/** First executable called `name` on `PATH`, or null. */
function whichSync(name: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

const binaryCache = new Map<string, TerraformBinary | null>();

/**
 * Locate terraform: `TERRAFORM_BIN` if set, else `terraform` on `PATH`.
 * Runs `terraform version -json` once per path (cached). Null when missing
 * or not runnable.
 */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): TerraformBinary | null {
  const bin = env.TERRAFORM_BIN ? path.resolve(env.TERRAFORM_BIN) : whichSync("terraform", env.PATH);
  if (!bin) return null;
  if (binaryCache.has(bin)) return binaryCache.get(bin) ?? null;
  let found: TerraformBinary | null = null;
  try {
    const out = execFileSync(bin, ["version", "-json"], {
      encoding: "utf8",
      timeout: 30_000,
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...env, CHECKPOINT_DISABLE: "1" },
    });
    const parsed = JSON.parse(out) as { terraform_version?: string };
    found = { path: bin, version: parsed.terraform_version ?? "unknown" };
  } catch {
    found = null;
  }
  binaryCache.set(bin, found);
  return found;
}

/** The project root: nearest ancestor of this file (else of the cwd) with a package.json. */
export function projectRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, "package.json"))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return process.cwd();
}

/** Default harness work directory: `<project>/.cache/terraform-offline` (gitignored). */
export function defaultWorkRoot(): string {
  return path.join(projectRoot(), ".cache", "terraform-offline");
}

/**
 * The Terraform CLI configuration text: install every hashicorp/* provider
 * from `mirrorRoot` only (no registry).
 *
 * `pluginCacheDir` is given only for a packed (zip) mirror. With an unpacked
 * mirror, init symlinks `.terraform/providers/...` straight into the mirror,
 * so there is nothing to cache, and a shared cache is harmful: init without a
 * lock file re-"installs" the cache entry (remove + re-create the symlink),
 * which made concurrent inits fail ("mkdir ...: file exists", 2 of 6) and
 * made a concurrent plan in another dir fail ("could not read package
 * directory ... no such file or directory"). With a packed mirror the cache
 * avoids extracting 675 MB per stack; the harness then serialises inits and
 * seeds each work dir's lock file so later inits only link from the cache
 * (`plugin_cache_may_break_dependency_lock_file` is therefore not needed).
 */
export function cliConfigText(
  mirrorRoot: string,
  pluginCacheDir: string | null,
  header: readonly string[] = ["# Written by src/tools/terraform/terraform-locate.ts (offline Terraform harness). Do not edit."],
): string {
  return [
    ...header,
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorRoot)}`,
    `    include = ["registry.terraform.io/hashicorp/*"]`,
    "  }",
    "}",
    ...(pluginCacheDir ? [`plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`] : []),
    "disable_checkpoint = true",
    "",
  ].join("\n");
}

/** Everything a terraform child process of the harness needs. */
export interface OfflineEnvironment {
  /** The terraform binary. */
  readonly terraform: TerraformBinary;
  /** The provider mirror. */
  readonly mirror: ProviderMirror;
  /** The harness work directory (CLI config, plugin cache, per-stack runs). */
  readonly workRoot: string;
  /** The CLI config file written by {@link setupOfflineEnvironment}. */
  readonly cliConfigFile: string;
  /** The shared `plugin_cache_dir`; null for an unpacked mirror (see {@link cliConfigText}). */
  readonly pluginCacheDir: string | null;
  /** Directory holding one fresh work dir per prepared stack. */
  readonly runsDir: string;
  /** Environment for terraform children (see {@link childEnvironment}). */
  readonly env: NodeJS.ProcessEnv;
}

/** Why {@link setupOfflineEnvironment} cannot work, or null when it can. */
export function offlinePrerequisiteProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const problems: string[] = [];
  if (!findTerraform(env)) {
    problems.push(
      env.TERRAFORM_BIN
        ? `TERRAFORM_BIN=${env.TERRAFORM_BIN} is not a runnable terraform`
        : "terraform is not on PATH (set TERRAFORM_BIN to use another binary)",
    );
  }
  if (!findProviderMirror({ env })) {
    const where = env.TF_PROVIDER_MIRROR
      ? `TF_PROVIDER_MIRROR=${env.TF_PROVIDER_MIRROR}`
      : `any of ${DEFAULT_MIRROR_ROOTS.join(", ")} (set TF_PROVIDER_MIRROR to point at one)`;
    problems.push(
      `no provider mirror with registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${terraformPlatform()} in ${where}`,
    );
  }
  return problems.length > 0 ? problems.join("; ") : null;
}

/** Environment variables never passed to terraform children (real credentials, stray TF settings). */
function scrubbed(name: string): boolean {
  return (
    name.startsWith("AWS_") ||
    name.startsWith("TF_CLI_ARGS") ||
    name.startsWith("TF_LOG") ||
    ["TF_DATA_DIR", "TF_WORKSPACE", "TF_PLUGIN_CACHE_DIR", "TF_CLI_CONFIG_FILE", "TF_TOKEN"].includes(name)
  );
}

/**
 * Go garbage collector target of terraform and its provider plugins (they
 * inherit terraform's environment), unless the parent sets `GOGC` itself.
 * Go's default (100) collects often while the aws provider builds its schema;
 * 400 trades memory for CPU: the 24 preset stacks validated and planned
 * together took 54 s of CPU at 100, 44 s at 400 (27 s wall instead of 32 s),
 * with the largest process at ~0.9 GB instead of ~0.45 GB. Plans are the same.
 */
export const TERRAFORM_GOGC = "400";

/**
 * The environment of terraform children: the parent's minus AWS credentials
 * and profiles (the overrides give the providers dummy static keys; a stray
 * AWS_PROFILE would make the SDK look for a profile) and minus TF_* knobs that
 * change behaviour; plus our CLI config, CHECKPOINT_DISABLE=1,
 * TF_IN_AUTOMATION=1, TF_INPUT=0, AWS_EC2_METADATA_DISABLED=true and
 * GOGC={@link TERRAFORM_GOGC} when the parent has no GOGC.
 */
export function childEnvironment(cliConfigFile: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !scrubbed(k)) env[k] = v;
  }
  return {
    GOGC: TERRAFORM_GOGC,
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Write `file` atomically (other processes may write the same file concurrently). */
function writeFileAtomic(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return;
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Remove run directories older than `maxAgeMs` (left behind by failed or killed runs). */
function pruneOldRuns(runsDir: string, maxAgeMs: number): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(runsDir);
  } catch {
    return;
  }
  const cutoff = Date.now() - maxAgeMs;
  for (const name of entries) {
    const dir = path.join(runsDir, name);
    try {
      if (fs.statSync(dir).mtimeMs < cutoff) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another process may be removing it too
    }
  }
}

const environmentCache = new Map<string, OfflineEnvironment>();

/** Options of {@link setupOfflineEnvironment}. */
export interface SetupOptions {
  /** Harness work directory; default {@link defaultWorkRoot}. */
  readonly workRoot?: string;
  /** Parent environment; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Locate terraform and the mirror, write the CLI config into the work root and
 * return the environment for children. Cached per work root. Throws an Error
 * naming what is missing (see {@link offlinePrerequisiteProblem}).
 */
export function setupOfflineEnvironment(options: SetupOptions = {}): OfflineEnvironment {
  const workRoot = path.resolve(options.workRoot ?? defaultWorkRoot());
  const cached = environmentCache.get(workRoot);
  if (cached) return cached;
  const parentEnv = options.env ?? process.env;
  const terraform = findTerraform(parentEnv);
  const mirror = findProviderMirror({ env: parentEnv });
  if (!terraform || !mirror) {
    throw new Error(`offline terraform harness unavailable: ${offlinePrerequisiteProblem(parentEnv)}`);
  }
  const pluginCacheDir = mirror.layout === "packed" ? path.join(workRoot, "plugin-cache") : null;
  const runsDir = path.join(workRoot, "runs");
  if (pluginCacheDir) fs.mkdirSync(pluginCacheDir, { recursive: true });
  fs.mkdirSync(runsDir, { recursive: true });
  pruneOldRuns(runsDir, 6 * 3600_000);
  const cliConfigFile = path.join(workRoot, "terraformrc");
  writeFileAtomic(cliConfigFile, cliConfigText(mirror.root, pluginCacheDir));
  const result: OfflineEnvironment = {
    terraform,
    mirror,
    workRoot,
    cliConfigFile,
    pluginCacheDir,
    runsDir,
    env: childEnvironment(cliConfigFile, parentEnv),
  };
  environmentCache.set(workRoot, result);
  return result;
}
