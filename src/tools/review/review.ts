/**
 * `npm run review`: the working tree against a base revision, for one
 * environment. Orchestration only: git (git.ts, base-checkout.ts), synthesis
 * of both sides at the same time (synthesize.ts: the base in a child process,
 * the working tree in this process when it is this project), then the pure comparisons (diff.ts,
 * reach-diff.ts, guardrail-diff.ts) and, with `--plan`, terraform (plan.ts).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AllowList } from "../preview/summary";
import type { ReviewRisk, StackDiff } from "./diff";
import type { GuardrailDiff } from "./guardrail-diff";
import type { ReachDiff } from "./reach-diff";
import { BaseCheckout, checkOutBase } from "./base-checkout";
import { dirtyPaths, git, repositoryOf, resolveBase, ReviewInputError } from "./git";
import type { PlanReview } from "./plan";
import { mark } from "./profile";
import { isOwnTree, synthesizeHead, synthesizeTree, treeStacks, TreeStack, TreeSynthesis } from "./synthesize";

/** Exit codes of `npm run review`. */
export const REVIEW_EXIT = {
  /** Reviewed; nothing refused. */
  ok: 0,
  /** The working tree does not synthesize (invalid definition, guardrail violations) or a plan failed. */
  failed: 1,
  /** Bad input: unknown option or environment, a base ref naming no commit, no terraform for --plan. */
  usage: 2,
  /** A stateful resource would be destroyed or replaced and no --allow-destroy allows it. */
  statefulDestroy: 3,
  /** Reviewed with a caveat: the base did not synthesize (head reviewed alone), or the working tree has uncommitted changes. */
  caveat: 4,
} as const;

/** What to review. */
export interface ReviewOptions {
  /** Environment name. */
  readonly env: string;
  /** Git ref of the base. @default - the merge base of HEAD with main */
  readonly base?: string;
  /** The project (working tree) to review. @default process.cwd() */
  readonly projectDir: string;
  /** Where `review/<env>.md|json` go. @default "<projectDir>/cdktf.out" */
  readonly outdir: string;
  /** Stateful destroys allowed. */
  readonly allow: AllowList;
  /** Run terraform plan for the changed stacks. */
  readonly plan: boolean;
  /** With plan: a directory of `<stack>.tfstate` files (offline plan against them). */
  readonly stateDir?: string;
  /** With plan: plan against the real S3 backend (credentials from the environment, e.g. OIDC in CI). */
  readonly backend?: boolean;
  /** Keep the temporary directory (debugging). */
  readonly keepTemp?: boolean;
}

/** Everything the review found. */
export interface ReviewResult {
  readonly env: string;
  readonly base: { readonly ref: string; readonly commit: string; readonly synthesized: boolean; readonly error?: string; readonly seconds: number };
  readonly head: { readonly commit: string; readonly dirty: readonly string[]; readonly synthesized: boolean; readonly error?: string; readonly seconds: number };
  /** Every stack of either side, in dependency order (removed stacks last). */
  readonly stacks: readonly StackDiff[];
  readonly reach: ReachDiff;
  readonly guardrails: GuardrailDiff;
  readonly risks: readonly ReviewRisk[];
  /** `--allow-destroy` entries that matched nothing. */
  readonly unusedAllows: readonly string[];
  /** Caveats, one line each (dirty tree, base failed, new environment). */
  readonly notes: readonly string[];
  readonly plan?: PlanReview;
  readonly exitCode: number;
  readonly seconds: number;
}


/** Cached base syntheses kept (oldest removed first). */
const CACHE_ENTRIES = 12;

/**
 * Where the synthesis of `env` at `commit` is cached: `.cache/review/<commit>-<lock>/<env>`,
 * `<lock>` a hash of package-lock.json (the base is synthesized with the working tree's node_modules).
 */
function baseCacheDir(projectDir: string, commit: string, env: string): string {
  const lock = path.join(projectDir, "package-lock.json");
  const lockHash = fs.existsSync(lock) ? createHash("sha256").update(fs.readFileSync(lock)).digest("hex").slice(0, 12) : "nolock";
  return path.join(projectDir, ".cache", "review", `${commit}-${lockHash}`, env);
}

/** A cached synthesis, or undefined. */
function readTree(dir: string): TreeSynthesis | undefined {
  const file = path.join(dir, "synthesis.json");
  if (!fs.existsSync(file)) return undefined;
  try {
    const t = JSON.parse(fs.readFileSync(file, "utf8")) as TreeSynthesis;
    return { ...t, stacks: t.stacks.map((s) => ({ ...s, dir: path.join(dir, "stacks", s.name) })), seconds: 0 };
  } catch {
    return undefined;
  }
}

/** Cache the synthesis written to `outdir` (stacks with their JSON, runner info) under `dir`. */
function saveTree(outdir: string, dir: string): void {
  try {
    const root = path.dirname(path.dirname(dir));
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const staging = `${dir}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(outdir, staging, { recursive: true });
    const info = fs.existsSync(path.join(outdir, "runner-info.json")) ? (JSON.parse(fs.readFileSync(path.join(outdir, "runner-info.json"), "utf8")) as { exists: boolean; names: string[]; suppressions: unknown[] }) : { exists: false, names: [], suppressions: [] };
    const t: TreeSynthesis = {
      exists: info.exists,
      names: info.names,
      ok: true,
      suppressions: info.suppressions,
      seconds: 0,
      stacks: treeStacks(outdir, false),
    };
    fs.writeFileSync(path.join(staging, "synthesis.json"), JSON.stringify(t));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    const entries = fs.readdirSync(root).map((e) => ({ e, t: fs.statSync(path.join(root, e)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const old of entries.slice(CACHE_ENTRIES)) fs.rmSync(path.join(root, old.e), { recursive: true, force: true });
  } catch {
    // a cache only: never fail the review for it
  }
}

/** Run the review (no output besides the returned result and the files under `<outdir>/review/`). */
export async function review(options: ReviewOptions, hooks: { readonly runPlan?: (r: ReviewResult, heads: readonly TreeStack[]) => Promise<PlanReview> } = {}): Promise<{ result: ReviewResult; head: TreeSynthesis }> {
  const started = Date.now();
  const projectDir = path.resolve(options.projectDir);
  const repo = repositoryOf(projectDir);
  const base = resolveBase(projectDir, options.base);
  mark("git: repository and base");

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `review-${options.env}-`));
  const cacheDir = baseCacheDir(projectDir, base.commit, options.env);
  let headSynth: TreeSynthesis;
  let baseSynth: TreeSynthesis;
  let dirty: string[];
  try {
    // A commit's synthesis never changes (same code, same node_modules): reuse it when cached.
    const cached = readTree(cacheDir);
    let checkout: BaseCheckout | undefined;
    let baseRun: Promise<TreeSynthesis>;
    if (cached) {
      baseRun = Promise.resolve(cached);
    } else {
      // The base's child process starts first, then this process synthesizes the working tree meanwhile.
      checkout = checkOutBase(repo, base.commit, projectDir, tmp);
      mark(`base checked out (git archive, ${checkout.stable ? "stable path" : "temporary path"})`);
      baseRun = checkout.exists && fs.existsSync(path.join(checkout.projectDir, "main.ts"))
        ? synthesizeTree(checkout.projectDir, options.env, path.join(tmp, "base-out"))
        : Promise.resolve<TreeSynthesis>({ exists: false, names: [], ok: false, stacks: [], suppressions: [], error: `no main.ts at ${base.ref}`, errorText: "", seconds: 0 });
    }
    // While the base synthesizes: the working tree's commit and uncommitted changes, then its synthesis.
    const headCommit = git(projectDir, ["rev-parse", "HEAD"]).stdout;
    dirty = dirtyPaths(projectDir);
    mark("git: HEAD and dirty paths");
    try {
      headSynth = await synthesizeHead(projectDir, options.env, path.join(tmp, "head-out"));
      mark(`head synthesized (${isOwnTree(projectDir) ? "in this process" : "child process"})`);
    } finally {
      // synthesizeTree never rejects: the base's child has ended before its files are removed.
      baseSynth = await baseRun;
      checkout?.release();
    }
    mark(cached ? "base: cached synthesis read" : `base synthesized (child process, ${baseSynth.seconds.toFixed(2)} s) and its files removed`);
    if (!cached && (baseSynth.ok || (!baseSynth.exists && baseSynth.names.length > 0))) {
      saveTree(path.join(tmp, "base-out"), cacheDir);
      mark("base synthesis cached");
    }

    if (!headSynth.exists) {
      const known = headSynth.names.length > 0 ? `; known: ${headSynth.names.join(", ")}` : headSynth.error ? ` (${headSynth.error})` : "";
      throw new ReviewInputError(`unknown environment ${JSON.stringify(options.env)}${known}`);
    }
    if (headSynth.stacks.length === 0) throw new ReviewInputError(`the working tree does not synthesize ${options.env}: ${headSynth.error ?? "no stacks written"}`, REVIEW_EXIT.failed);

    const notes: string[] = [];
    if (dirty.length > 0) notes.push(`the working tree has ${dirty.length} uncommitted change${dirty.length === 1 ? "" : "s"} (${dirty.slice(0, 3).join(", ")}${dirty.length > 3 ? ", ..." : ""}): reviewed as it is, not as committed`);
    if (!headSynth.ok) notes.push(`the working tree does not synthesize cleanly: ${headSynth.error}`);
    const baseUsable = baseSynth.exists && baseSynth.ok;
    const baseFailed = baseSynth.exists ? !baseSynth.ok : baseSynth.names.length === 0;
    if (!baseFailed && !baseSynth.exists) notes.push(`${options.env} does not exist at ${base.ref}: every stack is new`);
    else if (baseFailed) notes.push(`the base ${base.ref} (${base.commit.slice(0, 12)}) failed to synthesize (${baseSynth.error ?? "unknown error"}): the working tree is reviewed alone, everything shows as created`);
    const baseStacks = baseUsable ? baseSynth.stacks : [];

    // The comparisons are loaded only now: the base's child process started without waiting for them.
    const { compareSyntheses } = await import("./compare");
    const { stacks, risks, reach, guardrails } = compareSyntheses(options.env, options.allow, { stacks: baseStacks, suppressions: baseUsable ? baseSynth.suppressions : undefined }, { stacks: headSynth.stacks, suppressions: headSynth.suppressions });
    const used = new Set(risks.map((r) => r.allowedBy));

    let result: ReviewResult = {
      env: options.env,
      base: { ref: base.ref, commit: base.commit, synthesized: baseUsable, ...(baseUsable || !baseSynth.error ? {} : { error: baseSynth.error }), seconds: baseSynth.seconds },
      head: { commit: headCommit, dirty, synthesized: headSynth.ok, ...(headSynth.ok ? {} : { error: headSynth.error }), seconds: headSynth.seconds },
      stacks,
      reach,
      guardrails,
      risks,
      unusedAllows: options.allow.addresses.filter((a) => !used.has(a)),
      notes,
      exitCode: REVIEW_EXIT.ok,
      seconds: 0,
    };
    if (options.plan && hooks.runPlan) result = { ...result, plan: await hooks.runPlan(result, headSynth.stacks) };
    const blocked = [...result.risks, ...(result.plan?.risks ?? [])].some((r) => r.allowedBy === undefined);
    const failed = !headSynth.ok || guardrails.headViolations > 0 || (result.plan !== undefined && !result.plan.ok);
    const exitCode = failed ? REVIEW_EXIT.failed : blocked ? REVIEW_EXIT.statefulDestroy : dirty.length > 0 || baseFailed ? REVIEW_EXIT.caveat : REVIEW_EXIT.ok;
    return { result: { ...result, exitCode, seconds: (Date.now() - started) / 1000 }, head: headSynth };
  } finally {
    if (!options.keepTemp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
