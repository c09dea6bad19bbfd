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
 *
 * Numbers go to stdout and to bench-results/latest.json. Nothing here is a test:
 * goals are reported, never asserted.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFINITIONS, PRESETS } from "../src/environments";

const root = resolve(__dirname, "..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) > 0 && args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 5;
const withTests = args.includes("--with-tests");
const costOnly = args.includes("--cost-only");
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Sample {
  readonly seconds: number;
  readonly peakMb: number | undefined;
}

/** Run a command in a fresh process; wall time and peak RSS (GNU time, when present). */
function measure(command: string, commandArgs: readonly string[], env: NodeJS.ProcessEnv): Sample {
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const childEnv = { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  const started = process.hrtime.bigint();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", command, ...commandArgs.map((a) => a.replace("{outdir}", outdir))], { cwd: root, env: childEnv, encoding: "utf8" })
    : spawnSync(command, commandArgs.map((a) => a.replace("{outdir}", outdir)), { cwd: root, env: childEnv, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const kb = timeBin ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, peakMb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Row {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly peakMb: number | undefined;
}

function bench(name: string, command: string, commandArgs: readonly string[], env: NodeJS.ProcessEnv = {}, times = runs): Row {
  measure(command, commandArgs, env); // warm the file cache; not counted
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) samples.push(measure(command, commandArgs, env));
  const seconds = samples.map((s) => s.seconds);
  const peaks = samples.map((s) => s.peakMb).filter((m): m is number => m !== undefined);
  const row = { name, median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds), peakMb: peaks.length ? Math.max(...peaks) : undefined };
  console.log(`  ${name.padEnd(44)} median ${row.median.toFixed(2)} s  (min ${row.min.toFixed(2)}, max ${row.max.toFixed(2)})  peak ${row.peakMb?.toFixed(0) ?? "?"} MB`);
  return row;
}

const node = process.execPath;
const entry = ["--import", "tsx", "main.ts"];
const baselineHook = ["--require", "./scripts/bench/import-provider-root.cjs"];

console.log(`Synthesis benchmark: ${runs} fresh-process runs each (median), ${DEFINITIONS.length} environments, node ${process.version}`);
// npm run cost -- <preset>: synthesis of one environment in-process, then the estimate (src/cost/).
const cost = PRESETS.map((p) => bench(`npm run cost -- ${p.name}`, node, ["--import", "tsx", "scripts/cost.ts", p.name, "--out", "{outdir}/cost.json"], {}, Math.min(runs, 3)));
const slowestCost = cost.reduce((a, b) => (a.median > b.median ? a : b));
if (costOnly) {
  console.log(`\nGoal\n  ${slowestCost.median < 3 ? "met   " : "MISSED"} npm run cost < 3 s per environment: ${slowestCost.name}: ${slowestCost.median.toFixed(2)} s`);
  process.exit(0);
}
const all = bench("all environments, project entry point", node, entry);
const baseline = bench("baseline: same app, provider root import", node, [...baselineHook, ...entry]);
const perPreset = PRESETS.map((p) => bench(`preset ${p.name}, project entry point`, node, entry, { ENVIRONMENT: p.name }));
const cli = bench("all environments, npx cdktf synth", "npx", ["cdktf", "synth", "--output", "{outdir}"], {}, Math.min(runs, 3));

let testSeconds: number | undefined;
if (withTests) {
  const started = Date.now();
  execFileSync("npm", ["test", "--silent"], { cwd: root, stdio: "inherit" });
  testSeconds = (Date.now() - started) / 1000;
  console.log(`  npm test (full suite, validate + plan included): ${testSeconds.toFixed(1)} s`);
}

const speedup = baseline.median / all.median;
const slowestPreset = perPreset.reduce((a, b) => (a.median > b.median ? a : b));
const goals = [
  { goal: "every preset synthesized in < 2 s wall", value: `${slowestPreset.name}: ${slowestPreset.median.toFixed(2)} s`, met: slowestPreset.median < 2 },
  { goal: "entry point >= 3x faster than the root-import baseline", value: `${speedup.toFixed(2)}x`, met: speedup >= 3 },
  { goal: "npm run cost < 3 s per environment", value: `${slowestCost.name}: ${slowestCost.median.toFixed(2)} s`, met: slowestCost.median < 3 },
  ...(testSeconds !== undefined ? [{ goal: "full test suite < 90 s", value: `${testSeconds.toFixed(1)} s`, met: testSeconds < 90 }] : []),
];
console.log("\nGoals");
for (const g of goals) console.log(`  ${g.met ? "met   " : "MISSED"} ${g.goal}: ${g.value}`);

mkdirSync(join(root, "bench-results"), { recursive: true });
const previousFile = join(root, "bench-results", "latest.json");
if (existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, "utf8")) as { all: Row };
  console.log(`\nPrevious run on this machine: all environments ${previous.all.median.toFixed(2)} s (now ${all.median.toFixed(2)} s)`);
}
writeFileSync(previousFile, JSON.stringify({ date: new Date().toISOString(), runs, all, baseline, perPreset, cli, cost, testSeconds, goals }, null, 2));
