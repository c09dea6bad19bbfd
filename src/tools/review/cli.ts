/**
 * `npm run review -- <env> [--base <git-ref>] [--plan [--state-dir <dir> | --backend]]
 * [--allow-destroy <address>]...`: what this change does to one environment,
 * in words. `scripts/review.ts` only calls {@link main}; the tests call it too.
 * Every problem with the input is one line and a non-zero exit, never a stack trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { TreeStack } from "./synthesize";
import { ReviewInputError } from "./git";
import { mark, printProfile } from "./profile";
import { review, REVIEW_EXIT, ReviewOptions, ReviewResult } from "./review";

/** Where output goes (the console by default; tests capture it). */
export interface ReviewIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const CONSOLE: ReviewIo = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** The usage text. */
export const USAGE = `usage: npm run review -- <env> [options]
  Synthesize <env> from the working tree and from a base revision (a temporary git worktree;
  your checkout is not touched) and report, per stack in dependency order, what changes:
  resources and attributes, renamed addresses (with the moved block), stateful destroys,
  network paths opened or closed, guardrail differences. Writes cdktf.out/review/<env>.md
  (a pull-request comment) and cdktf.out/review/<env>.json.

  --base <git-ref>            compare with this revision (default: merge base of HEAD and main)
  --plan                      also terraform plan the changed stacks (offline by default)
  --state-dir <dir>           with --plan: plan against <dir>/<stack>.tfstate where it exists
  --backend                   with --plan: plan against the real S3 backend (credentials from
                              the environment, e.g. OIDC in CI); plans saved for apply
  --allow-destroy <address>   allow destroying/replacing this stateful resource; repeatable;
                              <address> or <stack>:<address>
  --allow-stateful-destroy    allow every stateful destroy and replacement
  --outdir <dir>              where review/<env>.md|json go (default $CDKTF_OUTDIR or cdktf.out)
  --project <dir>             the project to review (default: the current directory)
  -h, --help                  this text

  exit: ${REVIEW_EXIT.ok} ok · ${REVIEW_EXIT.failed} the working tree does not synthesize, breaks guardrails, or a plan failed ·
        ${REVIEW_EXIT.usage} bad input · ${REVIEW_EXIT.statefulDestroy} stateful destroy not allowed ·
        ${REVIEW_EXIT.caveat} reviewed with a caveat (uncommitted changes, or the base did not synthesize)`;

/** Parse the command line; a problem is a one-line message. */
export function parseReviewArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { ok: true; help: boolean; options: ReviewOptions } | { ok: false; message: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        base: { type: "string" },
        plan: { type: "boolean", default: false },
        "state-dir": { type: "string" },
        backend: { type: "boolean", default: false },
        "allow-destroy": { type: "string", multiple: true, default: [] },
        "allow-stateful-destroy": { type: "boolean", default: false },
        outdir: { type: "string" },
        project: { type: "string" },
        "keep-temp": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    return { ok: false, message: ((e as Error).message ?? String(e)).split("\n")[0]! };
  }
  const v = parsed.values;
  const projectDir = path.resolve(v.project ?? process.cwd());
  const options: ReviewOptions = {
    env: parsed.positionals[0] ?? "",
    ...(v.base !== undefined ? { base: v.base } : {}),
    projectDir,
    outdir: path.resolve(projectDir, v.outdir ?? (env.CDKTF_OUTDIR || "cdktf.out")),
    allow: { all: v["allow-stateful-destroy"] === true, addresses: v["allow-destroy"] ?? [] },
    plan: v.plan === true,
    ...(v["state-dir"] !== undefined ? { stateDir: path.resolve(v["state-dir"]) } : {}),
    backend: v.backend === true,
    keepTemp: v["keep-temp"] === true,
  };
  if (v.help) return { ok: true, help: true, options };
  if (parsed.positionals.length !== 1) return { ok: false, message: parsed.positionals.length === 0 ? "name one environment: npm run review -- <env>" : `name one environment, got ${parsed.positionals.join(" ")}` };
  if (v.base === "") return { ok: false, message: "--base needs a git ref" };
  if (!options.plan && (options.stateDir !== undefined || options.backend)) return { ok: false, message: "--state-dir and --backend only apply with --plan" };
  if (options.stateDir !== undefined && options.backend) return { ok: false, message: "--state-dir (offline) and --backend (real state) exclude each other" };
  if (options.stateDir !== undefined && !fs.statSync(options.stateDir, { throwIfNoEntry: false })?.isDirectory()) return { ok: false, message: `--state-dir ${options.stateDir} is not a directory` };
  return { ok: true, help: false, options };
}

/** Write `<outdir>/review/<env>.md` and `.json`; returns their paths. */
export async function writeReview(result: ReviewResult, outdir: string): Promise<{ markdown: string; json: string }> {
  const { formatMarkdown } = await import("./format");
  const dir = path.join(outdir, "review");
  fs.mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, `${result.env}.md`);
  const json = path.join(dir, `${result.env}.json`);
  fs.writeFileSync(markdown, formatMarkdown(result));
  fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  return { markdown, json };
}

const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
};

/** Run the review with parsed options; returns the exit code. */
export async function runReview(options: ReviewOptions, io: ReviewIo = CONSOLE): Promise<number> {
  try {
    if (options.plan) {
      // Before synthesizing anything: --plan without terraform is bad input.
      const locate = await import("../terraform/terraform-locate");
      const problem = options.backend ? (locate.findTerraform() ? null : "terraform is not on PATH (set TERRAFORM_BIN)") : locate.offlinePrerequisiteProblem();
      if (problem) throw new ReviewInputError(`--plan needs terraform${options.backend ? "" : " and the hashicorp/aws provider mirror"}: ${problem.split("\n")[0]}`);
    }
    const { result } = await review(options, {
      runPlan: async (r: ReviewResult, heads: readonly TreeStack[]) => {
        // Loaded only with --plan: plan.ts pulls in the stack contracts (the whole project, ~0.5 s of CPU).
        const { planStacks } = await import("./plan");
        const changed = r.stacks.filter((s) => s.status === "changed" || s.status === "added").map((s) => s.stack);
        const dirs = changed.map((n) => heads.find((h) => h.name === n)?.dir).filter((d): d is string => d !== undefined);
        return planStacks(dirs, {
          allow: options.allow,
          planDir: path.join(options.outdir, "review", options.env),
          ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
          ...(options.backend ? { backend: true } : {}),
        });
      },
    });
    const files = await writeReview(result, options.outdir);
    // Loaded after the synthesis (like the comparisons), so the base's child process starts sooner.
    const { formatTerminal } = await import("./format");
    io.out(formatTerminal(result, { markdown: shown(files.markdown), json: shown(files.json) }));
    mark("Markdown, JSON and terminal summary written");
    printProfile();
    return result.exitCode;
  } catch (e) {
    if (e instanceof ReviewInputError) {
      io.err(`review: ${e.message}`);
      return e.exitCode;
    }
    io.err(`review: ${((e as Error).message ?? String(e)).split("\n")[0]}`);
    return REVIEW_EXIT.failed;
  }
}

/** The CLI: parse, run, return the exit code. */
export async function main(argv: readonly string[], io: ReviewIo = CONSOLE): Promise<number> {
  mark("node, tsx and the review's modules loaded");
  const parsed = parseReviewArgs(argv);
  if (!parsed.ok) {
    io.err(`review: ${parsed.message} (npm run review -- --help)`);
    return REVIEW_EXIT.usage;
  }
  if (parsed.help) {
    io.out(USAGE);
    return REVIEW_EXIT.ok;
  }
  return runReview(parsed.options, io);
}
