/**
 * `npm run bench`: how fast synthesis is, measured in fresh processes.
 *
 * Prints the median (and min/max) wall time and peak memory of:
 *   - every environment through the project's entry point (`node --import tsx main.ts`),
 *   - each preset alone (ENVIRONMENT=<name>),
 *   - every environment through `npx cdktf synth` (the CLI users run),
 *   - a baseline in the same run: the same app with `@cdktf/provider-aws` imported from
 *     its package root (what an app that writes `import { vpc } from "@cdktf/provider-aws"`
 *     pays), preloaded through scripts/bench/import-provider-root.cjs,
 * and checks the goals: each preset < 2 s wall, the entry point >= 3x faster than the baseline.
 *
 *   npm run bench                 # 5 runs each
 *   npm run bench -- --runs 9     # more runs
 *   npm run bench -- --with-tests # also time `npm test` once
 *   npm run bench -- --cost-only  # only `npm run cost -- <preset>` (goal: < 3 s each)
 *   npm run bench -- --terraform  # also time `npm run preview` of each preset (needs terraform)
 *   npm run bench -- --tools-only # only review (and, with --terraform, preview): no synthesis rows
 *   npm run bench -- --terraform --preview-only   # only the preview rows (and the load reference)
 *
 * Also timed: `npm run review -- <preset> --base HEAD` of each preset, cold (the
 * base checked out by git archive and synthesized in a child process while the
 * working tree is synthesized in-process) and warm (the base's synthesis cached
 * under .cache/review/), goal < 5 s, with buddyverse cold also run with the
 * review code of c810ca7 (before) as the baseline in the same run; with
 * --terraform, `npm run preview -- <preset>` (all stacks planned together in a
 * batch root kept initialised, with the wall time of each phase), goal < 15 s,
 * and buddyverse in the same run with no initialised root (before) and with
 * --per-stack, for comparison. Those rows plan every stack (`--no-cache`);
 * buddyverse is also timed with the plan cache (src/tools/preview/plan-cache.ts):
 * warm (nothing changed: no terraform) and with one stack's entry removed
 * before each run (that stack planned alone, the four others reused).
 *
 * Numbers go to stdout and to bench-results/latest.json. Nothing here is a test:
 * goals are reported, never asserted.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFINITIONS, PRESETS } from "../src/environments";

const root = resolve(__dirname, "..");
const { values: flags } = parseArgs({
  options: { runs: { type: "string" }, "with-tests": { type: "boolean" }, "cost-only": { type: "boolean" }, terraform: { type: "boolean" }, "tools-only": { type: "boolean" }, "preview-only": { type: "boolean" } },
});
const runs = Number(flags.runs) > 0 ? Number(flags.runs) : 5;
const withTests = flags["with-tests"] ?? false;
const costOnly = flags["cost-only"] ?? false;
const withTerraform = flags.terraform ?? false;
const previewOnly = flags["preview-only"] ?? false;
const toolsOnly = (flags["tools-only"] ?? false) || previewOnly;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Sample {
  readonly seconds: number;
  readonly peakMb: number | undefined;
  /** User + system CPU seconds of the process and its children (GNU time): what the machine's load does not inflate. */
  readonly cpu?: number;
  /** The `profile:` line a command printed on stderr (`npm run preview` with PREVIEW_PROFILE=1: wall time per phase). */
  readonly profile?: string;
}

/** Run a command in a fresh process; wall time and peak RSS (GNU time, when present). */
function measure(command: string, commandArgs: readonly string[], env: NodeJS.ProcessEnv, okCodes: readonly number[] = [0], before?: () => void): Sample {
  before?.();
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const childEnv = { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M %U %S", command, ...commandArgs.map((a) => a.replace("{outdir}", outdir))], { cwd: root, env: childEnv, encoding: "utf8" })
    : spawnSync(command, commandArgs.map((a) => a.replace("{outdir}", outdir)), { cwd: root, env: childEnv, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`${command} ${commandArgs.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const [kb, user, sys] = timeBin ? (result.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number) : [NaN, NaN, NaN];
  const cpu = Number.isFinite(user) && Number.isFinite(sys) ? user! + sys! : undefined;
  const profile = result.stderr.split("\n").find((l) => l.startsWith("profile: "))?.slice("profile: ".length);
  return { seconds, peakMb: Number.isFinite(kb) ? kb! / 1024 : undefined, ...(cpu !== undefined ? { cpu } : {}), ...(profile ? { profile } : {}) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Row {
  /** Median CPU seconds (user + system), when measured. */
  readonly cpu?: number;
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly peakMb: number | undefined;
  /** Phases of the last run, when the command printed them. */
  readonly profile?: string;
}

function bench(name: string, command: string, commandArgs: readonly string[], env: NodeJS.ProcessEnv = {}, times = runs, okCodes: readonly number[] = [0], before?: () => void, warm = true): Row {
  if (warm) measure(command, commandArgs, env, okCodes, before); // warm the file cache; not counted
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) samples.push(measure(command, commandArgs, env, okCodes, before));
  const seconds = samples.map((s) => s.seconds);
  const peaks = samples.map((s) => s.peakMb).filter((m): m is number => m !== undefined);
  const cpus = samples.map((s) => s.cpu).filter((c): c is number => c !== undefined);
  const profile = samples.at(-1)?.profile;
  const row = { name, median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds), peakMb: peaks.length ? Math.max(...peaks) : undefined, ...(cpus.length ? { cpu: median(cpus) } : {}), ...(profile ? { profile } : {}) };
  console.log(`  ${name.padEnd(44)} median ${row.median.toFixed(2)} s  (min ${row.min.toFixed(2)}, max ${row.max.toFixed(2)})  cpu ${row.cpu?.toFixed(1) ?? "?"} s  peak ${row.peakMb?.toFixed(0) ?? "?"} MB`);
  if (profile) console.log(`  ${"".padEnd(44)} phases of the last run: ${profile}`);
  return row;
}

const node = process.execPath;
const entry = ["--import", "tsx", "main.ts"];
const baselineHook = ["--require", "./scripts/bench/import-provider-root.cjs"];

console.log(`Synthesis benchmark: ${runs} fresh-process runs each (median), ${DEFINITIONS.length} environments, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
// npm run cost -- <preset>: synthesis of one environment in-process, then the estimate (src/tools/cost/).
const cost = toolsOnly ? [] : PRESETS.map((p) => bench(`npm run cost -- ${p.name}`, node, ["--import", "tsx", "scripts/cost.ts", p.name, "--out", "{outdir}/cost.json"], {}, Math.min(runs, 3)));
const slowestCost = cost.reduce<Row | undefined>((a, b) => (a && a.median > b.median ? a : b), undefined);
if (costOnly) {
  console.log(`\nGoal\n  ${slowestCost && slowestCost.median < 3 ? "met   " : "MISSED"} npm run cost < 3 s per environment: ${slowestCost?.name}: ${slowestCost?.median.toFixed(2)} s`);
  process.exit(0);
}
const all = toolsOnly ? undefined : bench("all environments, project entry point", node, entry);
const baseline = toolsOnly ? undefined : bench("baseline: same app, provider root import", node, [...baselineHook, ...entry]);
const perPreset = toolsOnly ? [] : PRESETS.map((p) => bench(`preset ${p.name}, project entry point`, node, entry, { ENVIRONMENT: p.name }));
const cli = toolsOnly ? undefined : bench("all environments, npx cdktf synth", "npx", ["cdktf", "synth", "--output", "{outdir}"], {}, Math.min(runs, 3));

// Review: exit 4 (uncommitted changes) is a normal outcome while developing.
const reviewCodes = [0, 4];
// The load reference: one preset's synthesis, measured idle at ~1.0 s (README), in this same run.
const loadReference = toolsOnly ? bench("load reference: preset buddyverse synthesis", node, entry, { ENVIRONMENT: "buddyverse" }) : undefined;
const clearReviewCache = () => rmSync(join(root, ".cache", "review"), { recursive: true, force: true });
const reviewCold = previewOnly ? [] : PRESETS.map((p) =>
  bench(`review ${p.name} --base HEAD, cold`, node, ["--import", "tsx", "scripts/review.ts", p.name, "--base", "HEAD", "--outdir", "{outdir}"], {}, Math.min(runs, 3), reviewCodes, clearReviewCache),
);
// The same cold review of buddyverse with the review code as it was before the base was checked out
// by git archive at a stable path and the working tree synthesized in-process (both sides in child
// processes, the base in a new git worktree each time): the baseline, under this run's load.
const REVIEW_BEFORE = "c810ca79fc6002aaa76295a3909eade7e588cf9c";
const reviewBefore = ((): Row | undefined => {
  if (previewOnly) return undefined;
  const probe = spawnSync("git", ["cat-file", "-e", `${REVIEW_BEFORE}^{commit}`], { cwd: root });
  if (probe.status !== 0) return undefined; // a shallow clone without that commit
  // A stable path, like the project's own files: tsx's transform cache (keyed on path and content) hits after the warm-up run.
  const dir = join(root, ".cache", "bench-review-before");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const tar = spawnSync("git", ["archive", "--format=tar", REVIEW_BEFORE, "src", "scripts", "main.ts", "tsconfig.json", "package.json"], { cwd: root, maxBuffer: 1 << 30 });
    spawnSync("tar", ["-x", "-f", "-", "-C", dir], { input: tar.stdout });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    return bench(`review buddyverse --base HEAD, cold, before (${REVIEW_BEFORE.slice(0, 7)})`, node, ["--import", "tsx", join(dir, "scripts", "review.ts"), "buddyverse", "--base", "HEAD", "--project", root, "--outdir", "{outdir}"], {}, Math.min(runs, 3), reviewCodes, clearReviewCache);
  } finally {
    unlinkSync(join(dir, "node_modules"));
    rmSync(dir, { recursive: true, force: true });
  }
})();
const reviewWarm = previewOnly ? [] : PRESETS.map((p) =>
  bench(`review ${p.name} --base HEAD, base cached`, node, ["--import", "tsx", "scripts/review.ts", p.name, "--base", "HEAD", "--outdir", "{outdir}"], {}, Math.min(runs, 3), reviewCodes),
);
// PREVIEW_PROFILE=1: the preview prints the wall time of each phase (synthesis, prepare, root, init, plan, show, parse).
const previewArgs = (env: string, ...extra: string[]) => ["--import", "tsx", "scripts/preview.ts", env, "--outdir", "{outdir}", ...extra];
const clearBatchRoots = () => rmSync(join(root, ".cache", "terraform-offline", "batch-roots"), { recursive: true, force: true });
// "One stack changed": the plan cache entry of buddyverse-compute removed before each run, as if only its JSON had changed.
const planCache = join(root, ".cache", "terraform-offline", "plans");
const forgetOneStack = () => {
  for (const f of existsSync(planCache) ? readdirSync(planCache) : []) {
    if (!f.endsWith(".json")) continue;
    try {
      if ((JSON.parse(readFileSync(join(planCache, f), "utf8")) as { stack?: string }).stack === "buddyverse-compute") rmSync(join(planCache, f));
    } catch {
      // an entry being written: not ours
    }
  }
};
const previews = withTerraform
  ? [
      // Baseline in the same run: no initialised batch root (what every run paid before roots were kept: init each time).
      bench("preview buddyverse, batch root initialised (before)", node, previewArgs("buddyverse", "--no-cache"), { PREVIEW_PROFILE: "1" }, 1, [0], clearBatchRoots, true),
      // One run each after a warm-up run (which also initialises the preset's batch root): every stack planned (cold cache).
      ...PRESETS.map((p) => bench(`preview ${p.name} (batch root reused)`, node, previewArgs(p.name, "--no-cache"), { PREVIEW_PROFILE: "1" }, 1, [0], undefined, true)),
      // With the plan cache: the warm-up run fills it, then nothing changed (terraform not run) ...
      bench("preview buddyverse, warm (no change)", node, previewArgs("buddyverse"), { PREVIEW_PROFILE: "1" }, 1, [0], undefined, true),
      // ... and one stack changed: compute planned alone (its own batch root, initialised by the warm-up run), four reused.
      bench("preview buddyverse, one stack changed", node, previewArgs("buddyverse"), { PREVIEW_PROFILE: "1" }, 1, [0], forgetOneStack, true),
      bench("preview buddyverse --per-stack (each stack alone)", node, previewArgs("buddyverse", "--per-stack"), {}, 1, [0], undefined, false),
    ]
  : [];

let testSeconds: number | undefined;
if (withTests) {
  const started = Date.now();
  execFileSync("npm", ["test", "--silent"], { cwd: root, stdio: "inherit" });
  testSeconds = (Date.now() - started) / 1000;
  console.log(`  npm test (full suite, validate + plan included): ${testSeconds.toFixed(1)} s`);
}

const speedup = baseline && all ? baseline.median / all.median : undefined;
const slowestPreset = perPreset.reduce<Row | undefined>((a, b) => (a && a.median > b.median ? a : b), undefined);
const slowestReview = reviewCold.reduce<Row | undefined>((a, b) => (a && a.median > b.median ? a : b), undefined);
const slowestPreview = previews.filter((r) => r.name.includes("reused")).reduce<Row | undefined>((a, b) => (a && a.median > b.median ? a : b), undefined);
const goals = [
  ...(slowestReview ? [{ goal: "review of one environment (no --plan, cold) < 5 s", value: `${slowestReview.name}: ${slowestReview.median.toFixed(2)} s${reviewBefore ? ` (buddyverse with the code of ${REVIEW_BEFORE.slice(0, 7)}: ${reviewBefore.median.toFixed(2)} s, same run)` : ""}`, met: slowestReview.median < 5 }] : []),
  ...(slowestPreview ? [{ goal: "preview of one environment < 15 s (every stack planned)", value: `${slowestPreview.name}: ${slowestPreview.median.toFixed(2)} s`, met: slowestPreview.median < 15 }] : []),
  ...previews.filter((r) => /warm|one stack changed/.test(r.name)).map((r) => ({ goal: "preview of one environment < 15 s (plan cache)", value: `${r.name}: ${r.median.toFixed(2)} s`, met: r.median < 15 })),
  ...(slowestPreset ? [{ goal: "every preset synthesized in < 2 s wall", value: `${slowestPreset.name}: ${slowestPreset.median.toFixed(2)} s`, met: slowestPreset.median < 2 }] : []),
  ...(speedup !== undefined ? [{ goal: "entry point >= 3x faster than the root-import baseline", value: `${speedup.toFixed(2)}x`, met: speedup >= 3 }] : []),
  ...(slowestCost ? [{ goal: "npm run cost < 3 s per environment", value: `${slowestCost.name}: ${slowestCost.median.toFixed(2)} s`, met: slowestCost.median < 3 }] : []),
  ...(testSeconds !== undefined ? [{ goal: "full test suite < 90 s", value: `${testSeconds.toFixed(1)} s`, met: testSeconds < 90 }] : []),
];
console.log("\nGoals");
for (const g of goals) console.log(`  ${g.met ? "met   " : "MISSED"} ${g.goal}: ${g.value}`);

mkdirSync(join(root, "bench-results"), { recursive: true });
const previousFile = join(root, "bench-results", "latest.json");
if (existsSync(previousFile) && all) {
  const previous = JSON.parse(readFileSync(previousFile, "utf8")) as { all?: Row };
  if (previous.all) console.log(`\nPrevious run on this machine: all environments ${previous.all.median.toFixed(2)} s (now ${all.median.toFixed(2)} s)`);
}
writeFileSync(toolsOnly ? join(root, "bench-results", "tools.json") : previousFile, JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg(), loadReference, runs, all, baseline, perPreset, cli, reviewCold, reviewBefore, reviewWarm, previews, cost, testSeconds, goals }, null, 2));
