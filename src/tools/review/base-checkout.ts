/**
 * The base revision's files for `npm run review`, written from git's object
 * database (`git archive <commit>:<project> | tar -x`): no `git worktree`, so
 * nothing of the user's repository is written (no worktree record, index or
 * HEAD). The files go to a STABLE path, `<project>/.cache/review-checkout/<slot>`,
 * and are removed after the synthesis: only the path stays the same from one
 * review to the next. That is what makes the base cheap to synthesize: tsx keys
 * its transform cache on a file's path and content, so every source file the
 * base shares with an earlier review (usually all but the few a change touched)
 * is not compiled again; a new temporary path every time missed that cache for
 * every file (~0.8 s of CPU per base synthesis of one environment).
 *
 * A slot is taken by creating its folder (atomic); a review running at the same
 * time takes the next slot. A slot left behind by a process that no longer
 * runs is taken over. With every slot busy, a temporary folder is used (correct,
 * only slower).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { alive } from "../terraform/terraform-process";
import { git, RepositoryLayout, ReviewInputError } from "./git";

/** Stable slots tried before falling back to a temporary folder. */
const SLOTS = 4;
/** The file in a slot naming the process that holds it. */
const OWNER_FILE = ".review-owner";
/** A slot without an owner file older than this is abandoned (its process died before writing it). */
const ABANDONED_MS = 10 * 60 * 1000;

/** The base revision's project files, checked out. */
export interface BaseCheckout {
  /** The base project's directory (the project's own folder at the base commit). */
  readonly projectDir: string;
  /** False when the project's folder does not exist at the base commit (nothing was checked out). */
  readonly exists: boolean;
  /** The checkout sits at a stable slot path (the transform cache can hit), not a temporary folder. */
  readonly stable: boolean;
  /** Remove the files (and free the slot); never throws. */
  release(): void;
}

/** The slot folder is held by a process that no longer runs (or by nobody, for long). */
function abandoned(dir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), "utf8"));
    return !(Number.isInteger(pid) && pid > 0 && alive(pid));
  } catch {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > ABANDONED_MS;
  }
}

/** Take a free slot under `root` (creating it), or undefined when every slot is busy. */
function takeSlot(root: string): string | undefined {
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch {
    return undefined;
  }
  for (let i = 0; i < SLOTS; i++) {
    const dir = path.join(root, String(i));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
        return dir;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !abandoned(dir)) break;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return undefined;
}

/** Remove a checkout folder; its node_modules symlink is unlinked, never followed. */
function removeCheckout(dir: string): void {
  try {
    const link = path.join(dir, "node_modules");
    if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(link);
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: a later review takes the slot over once this process has ended
  }
}

/**
 * Check out the project as committed at `commit` (the working tree's
 * `node_modules` linked in) for synthesizing it. `projectDir` is the working
 * tree's project; `tmp` a temporary folder for the fallback. Throws
 * {@link ReviewInputError} when git cannot export the revision.
 */
export function checkOutBase(repo: RepositoryLayout, commit: string, projectDir: string, tmp: string): BaseCheckout {
  const none: BaseCheckout = { projectDir: path.join(tmp, "base"), exists: false, stable: false, release: () => undefined };
  if (repo.prefix !== "" && !git(repo.root, ["cat-file", "-e", `${commit}:${repo.prefix}`]).ok) return none;
  const slot = takeSlot(checkoutRoot(projectDir));
  const dir = slot ?? path.join(tmp, "base");
  fs.mkdirSync(dir, { recursive: true });
  const release = () => removeCheckout(dir);
  const archive = spawnSync("git", ["archive", "--format=tar", repo.prefix === "" ? commit : `${commit}:${repo.prefix}`], {
    cwd: repo.root,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
  });
  const extract = archive.status === 0 ? spawnSync("tar", ["-x", "-f", "-", "-C", dir], { input: archive.stdout, maxBuffer: 64 * 1024 * 1024 }) : undefined;
  if (archive.status !== 0 || extract?.status !== 0) {
    release();
    const why = (archive.status !== 0 ? (archive.error?.message ?? archive.stderr?.toString()) : (extract?.error?.message ?? extract?.stderr?.toString())) ?? "";
    throw new ReviewInputError(`cannot check out ${commit.slice(0, 12)} into a temporary folder: ${why.trim().split("\n")[0]}`);
  }
  const link = path.join(dir, "node_modules");
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(projectDir, "node_modules"), link, "dir");
  return { projectDir: dir, exists: true, stable: slot !== undefined, release };
}

/** Where the stable slots of `projectDir` live (for tests and the benchmark). */
export function checkoutRoot(projectDir: string): string {
  return path.join(projectDir, ".cache", "review-checkout");
}
