/**
 * `terraform init` of a harness work dir (a stack's, or a batch root), once
 * per dir: concurrent callers share one run, a dir initialised by an earlier
 * process is recognised by its marker file. After a successful init the lock
 * file's hashes are dropped (why: docs/terraform-harness.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { StepResult } from "./offline-results";
import { constructPaths, hasErrors, isObject, jsonLines, processDiagnostic, TfJsonDiagnostic, toDiagnostic } from "./terraform-diagnostics";
import type { OfflineEnvironment } from "./terraform-locate";
import { execTerraform, ExecResult, withFileLock } from "./terraform-process";

/** Marker written after a successful init (so a dir is never initialised twice). */
const INIT_MARKER = ".offline-init-ok";

/** In-process init results per work dir (never init the same dir twice). */
const initResults = new Map<string, Promise<StepResult>>();

/** Drop `hashes = [...]` from the lock file (measured gain: docs/terraform-harness.md). */
function stripLockHashes(workDir: string): void {
  const lock = path.join(workDir, ".terraform.lock.hcl");
  if (!fs.existsSync(lock)) return;
  const text = fs.readFileSync(lock, "utf8");
  fs.writeFileSync(lock, text.replace(/\n\s*hashes\s*=\s*\[[^\]]*\]/g, ""));
}

/** `terraform init` of `workDir`, or the earlier result when it was initialised before. */
export async function initOnce(env: OfflineEnvironment, workDir: string, timeoutMs: number): Promise<StepResult> {
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

/** Forget the in-process init result of a work dir (it is about to be deleted). */
export function forgetInit(workDir: string): void {
  initResults.delete(path.resolve(workDir));
}
