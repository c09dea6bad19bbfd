/**
 * Small process helpers of the offline Terraform harness: running terraform
 * with a timeout, a cross-process lock, a worker pool. No jest imports.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";

/** Outcome of one terraform invocation. */
export interface ExecResult {
  /** Exit code; null when killed. */
  readonly code: number | null;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly durationMs: number;
  /** True when the timeout killed the process. */
  readonly timedOut: boolean;
}

/**
 * Process ids below `pid` (children, grandchildren...), read from /proc; empty
 * where there is no /proc. Terraform's provider plugins are its children: when
 * terraform dies first they are re-parented to init and keep running (each
 * holds ~0.5 GB), so a timeout must find them before terraform goes.
 */
export function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const e of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // the process ended while we read
    }
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** SIGKILL every process of `pids` that still runs. */
function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Run `bin args` in `cwd` with `env`; never rejects for a non-zero exit, only
 * for a spawn failure. On timeout the process gets SIGTERM (terraform then
 * stops its provider plugins), then SIGKILL 10 s later; the processes it had
 * started when the timeout hit (provider plugins) are killed too, so none
 * outlives a timed-out run.
 */
export function execTerraform(
  bin: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ExecResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    let tree: number[] = [];
    const timer = setTimeout(() => {
      timedOut = true;
      tree = child.pid !== undefined ? descendants(child.pid) : [];
      child.kill("SIGTERM");
      killTimer = setTimeout(() => {
        tree = [...new Set([...tree, ...(child.pid !== undefined ? descendants(child.pid) : [])])];
        child.kill("SIGKILL");
      }, 10_000);
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (timedOut) killAll(tree);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        durationMs: Date.now() - started,
        timedOut,
      });
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True when process `pid` exists (EPERM counts as alive). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Serialises holders inside this process, so only one of them polls the lock file. */
const localQueues = new Map<string, Promise<void>>();

/**
 * Run `fn` while holding an exclusive lock on `lockFile`, across processes
 * (jest workers, a CLI running alongside). The lock file holds the owner's pid;
 * a lock whose owner is dead, or older than `staleMs`, is broken.
 */
export async function withFileLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  { staleMs = 5 * 60_000, waitMs = 10 * 60_000 } = {},
): Promise<T> {
  const previous = localQueues.get(lockFile) ?? Promise.resolve();
  let releaseLocal!: () => void;
  const mine = new Promise<void>((r) => (releaseLocal = r));
  const tail = previous.then(() => mine);
  localQueues.set(lockFile, tail);
  await previous;
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      try {
        const owner = Number(fs.readFileSync(lockFile, "utf8"));
        const age = Date.now() - fs.statSync(lockFile).mtimeMs;
        if ((owner > 0 && !alive(owner)) || age > staleMs) fs.rmSync(lockFile, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockFile}`);
      await sleep(40);
    }
    try {
      return await fn();
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  } finally {
    releaseLocal();
    if (localQueues.get(lockFile) === tail) localQueues.delete(lockFile);
  }
}

/** Map `items` through async `fn` with at most `concurrency` in flight; results keep input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}
