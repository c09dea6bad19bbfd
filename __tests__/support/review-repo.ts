/**
 * A throwaway git repository holding a copy of this project, for the review
 * tests: the project's files (tracked, and untracked but not ignored) are
 * copied into a temporary directory, `node_modules` is a symlink to this
 * project's, and the copy is committed on `main` as the base. Tests then
 * commit changes on branches and review them.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PROJECT = path.resolve(__dirname, "..", "..");

/** Run git in `dir` with a fixed identity; returns stdout. */
export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=review-test", "-c", "user.email=review-test@localhost", "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** A new repository with the project committed on `main`; returns its directory. */
export function createReviewRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-repo-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(PROJECT, f)) && !f.startsWith("docs/"));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(PROJECT, f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(dir, "node_modules"), "dir");
  gitIn(dir, "init", "-q", "-b", "main");
  gitIn(dir, "add", "-A");
  gitIn(dir, "commit", "-q", "-m", "base");
  return dir;
}

/** Replace `from` by `to` in `file` of `dir` (fails when `from` is absent, so an edit never silently does nothing). */
export function edit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, "utf8");
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  fs.writeFileSync(p, text.replace(from, to));
}

/** Commit every change of `dir` on a new branch `branch` started from `main`. */
export function commitBranch(dir: string, branch: string, change: () => void): void {
  gitIn(dir, "checkout", "-q", "-B", branch, "main");
  change();
  gitIn(dir, "add", "-A");
  gitIn(dir, "commit", "-q", "-m", branch);
}

/** Remove the repository (the node_modules symlink is unlinked, never followed). */
export function removeReviewRepo(dir: string): void {
  const link = path.join(dir, "node_modules");
  if (fs.existsSync(link) && fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
  fs.rmSync(dir, { recursive: true, force: true });
}
