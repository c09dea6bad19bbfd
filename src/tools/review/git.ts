/**
 * The git side of `npm run review`: which revision is the base and whether the
 * working tree is dirty. The base revision's files are written by
 * base-checkout.ts from git's object database (`git archive`): the user's
 * checkout (index, HEAD, files, worktree records) is never touched.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** A problem with the command's input (bad ref, not a repository): one line, no stack trace. */
export class ReviewInputError extends Error {
  /** Process exit code to use. */
  readonly exitCode: number;
  /** @param message one line @param exitCode process exit code */
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "ReviewInputError";
    this.exitCode = exitCode;
  }
}

/** Run git in `cwd`; never throws (status and output are returned). */
export function git(cwd: string, args: readonly string[], raw = false): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  if (r.error) return { ok: false, stdout: "", stderr: r.error.message };
  return { ok: r.status === 0, stdout: raw ? r.stdout : r.stdout.trim(), stderr: r.stderr.trim() };
}

/** Where the project sits in its repository. */
export interface RepositoryLayout {
  /** The repository's top level (of this worktree). */
  readonly root: string;
  /** The project's directory relative to `root` (`""` when the project is the repository). */
  readonly prefix: string;
}

/** The repository holding `projectDir`; throws {@link ReviewInputError} outside a git repository. */
export function repositoryOf(projectDir: string): RepositoryLayout {
  const top = git(projectDir, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) throw new ReviewInputError(`${projectDir} is not inside a git repository (review compares with a git revision)`);
  const prefix = git(projectDir, ["rev-parse", "--show-prefix"]).stdout.replace(/\/$/, "");
  return { root: top.stdout, prefix };
}

/** The commit `ref` names, or undefined when it names none. */
export function commitOf(repo: string, ref: string): string | undefined {
  if (ref.startsWith("-")) return undefined; // never let a ref be read as an option
  const r = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  return r.ok && /^[0-9a-f]{40,64}$/.test(r.stdout) ? r.stdout : undefined;
}

/** A base revision: the ref as given (or chosen) and its commit. */
export interface BaseRevision {
  /** What the user gave, or `merge-base(HEAD, main)`. */
  readonly ref: string;
  /** The commit reviewed against. */
  readonly commit: string;
}

/**
 * The base to compare with: `ref` when given, else the merge base of HEAD
 * with `main` (or `origin/main`, `master`, `origin/master`, the first that
 * exists). Throws {@link ReviewInputError} when the ref names no commit.
 */
export function resolveBase(repo: string, ref?: string): BaseRevision {
  if (ref !== undefined) {
    const commit = commitOf(repo, ref);
    if (!commit) throw new ReviewInputError(`--base ${JSON.stringify(ref)} names no commit in ${repo} (a branch, tag or commit; fetch it first in a shallow clone)`);
    return { ref, commit };
  }
  for (const candidate of ["main", "origin/main", "master", "origin/master"]) {
    if (!commitOf(repo, candidate)) continue;
    const mb = git(repo, ["merge-base", "HEAD", candidate]);
    if (mb.ok && mb.stdout) return { ref: `merge-base(HEAD, ${candidate})`, commit: mb.stdout };
  }
  throw new ReviewInputError("no base given and no main/master branch to take the merge base with; pass --base <git-ref>");
}

/**
 * Paths with uncommitted changes (tracked or untracked, git-ignored files excluded) under
 * `projectDir`; the review's own base checkout (`.cache/review-checkout/`, which may exist by
 * then) never counts, even where `.cache/` is not git-ignored.
 */
export function dirtyPaths(projectDir: string): string[] {
  const r = git(projectDir, ["status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).cache/review-checkout"], true);
  return r.ok ? r.stdout.split("\n").filter(Boolean).map((l) => l.slice(3)) : [];
}

/** Files changed between `base` and the working tree (paths relative to the repository root). */
export function changedFiles(repo: string, base: string): string[] {
  const r = git(repo, ["diff", "--name-only", base, "--"]);
  const untracked = git(repo, ["ls-files", "--others", "--exclude-standard"]);
  return [...new Set([...(r.ok ? r.stdout.split("\n") : []), ...(untracked.ok ? untracked.stdout.split("\n") : [])].filter(Boolean))].map((p) =>
    p.split(path.sep).join("/"),
  );
}
