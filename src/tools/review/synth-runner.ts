/**
 * Child-process entry of `npm run review`: synthesizes ONE environment of ONE
 * source tree (the working tree, or the base revision's temporary worktree)
 * with that tree's own code, so the base is built exactly as it was committed.
 *
 *   node --require tsx/cjs src/tools/review/synth-runner.ts <projectDir> <env> <outdir> <infoFile>
 *
 * tsx's CommonJS hook only (`tsx/cjs`), and the tree's files loaded with
 * `require`: `--import tsx` also registers ES module loader hooks, which run
 * in a separate loader thread and sit in the path of every module load: ~25%
 * of a synthesis's CPU for a project that is CommonJS TypeScript (no
 * `"type": "module"`), as this one has always been. Same JSON, byte for byte.
 *
 * Only two things of the tree are relied on, both stable across revisions:
 * `src/environments` exporting `DEFINITIONS`, and `main.ts` honouring
 * `ENVIRONMENT` and `CDKTF_OUTDIR`. Before synthesizing it writes `<infoFile>`:
 * whether the environment exists in that tree and its guardrail suppressions
 * (the review compares them). main.ts prints its own error and exits 1 when
 * synthesis fails; the stacks already written stay in `<outdir>/stacks`
 * (guardrail violations are found after the JSON is written).
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";

// tsx turns Node's source maps on. Nothing here prints a stack trace (only an error's message),
// yet with them on Node parses the inline source map of every module it loads and maps every
// stack trace cdktf captures (one per token, thousands per synthesis): ~25% of a synthesis's
// CPU. Off before the tree's modules load; the synthesized JSON is the same byte for byte.
process.setSourceMapsEnabled(false);

/** What the runner reports about the environment before synthesizing it. */
export interface RunnerInfo {
  /** The environment is defined in this tree. */
  readonly exists: boolean;
  /** Environment names defined in this tree. */
  readonly names: readonly string[];
  /** `guardrails.suppressions` of its definition. */
  readonly suppressions: readonly unknown[];
  /** The definitions could not be loaded (message). */
  readonly error?: string;
}

async function run(): Promise<void> {
  const [projectDir, env, outdir, infoFile] = process.argv.slice(2);
  if (!projectDir || !env || !outdir || !infoFile) {
    console.error("usage: synth-runner <projectDir> <env> <outdir> <infoFile>");
    process.exit(2);
  }
  let info: RunnerInfo;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(projectDir, "src", "environments", "index.ts")) as {
      DEFINITIONS?: readonly { name: string; guardrails?: { suppressions?: readonly unknown[] } }[];
      default?: { DEFINITIONS?: readonly { name: string; guardrails?: { suppressions?: readonly unknown[] } }[] };
    };
    const definitions = mod.DEFINITIONS ?? mod.default?.DEFINITIONS ?? [];
    const def = definitions.find((d) => d.name === env);
    info = { exists: def !== undefined, names: definitions.map((d) => d.name), suppressions: def?.guardrails?.suppressions ?? [] };
  } catch (e) {
    info = { exists: false, names: [], suppressions: [], error: ((e as Error).message ?? String(e)).split("\n")[0]! };
  }
  writeFileSync(infoFile, JSON.stringify(info));
  if (!info.exists) return;
  process.env.ENVIRONMENT = env;
  process.env.CDKTF_OUTDIR = outdir;
  process.chdir(projectDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(projectDir, "main.ts"));
}

run().catch((e: unknown) => {
  console.error((e as Error).message ?? String(e));
  process.exit(1);
});
