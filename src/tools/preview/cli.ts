/**
 * `npm run preview -- <env>`: synthesize one environment, plan every stack
 * offline with the real provider (src/tools/terraform/terraform-offline.ts) in
 * dependency order, save each plan as `terraform show -json`, summarize, and
 * refuse (exit 3) a destroy or replacement of a stateful resource that was
 * not allowed explicitly. `scripts/preview.ts` only calls {@link main}; the
 * tests call it too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "../../app";
import { EnvironmentDefinition } from "../../config/definition";
import { CONTRACTS } from "../../contract";
import { DEFINITIONS } from "../../environments";
import {
  DEFAULT_CONCURRENCY,
  formatOfflineResult,
  OfflineRunResult,
  runStacksOffline,
  stubsFromTables,
} from "../terraform/terraform-offline";
import { planTogetherWithShow, PlanCacheUse, PreviewPhases } from "./batch";
import { formatProgress, formatSummary, PreviewContext, summaryJson } from "./format";
import { readOutdir } from "../../synthesized/load";
import { dependencyOrder, stackGraph, SynthesizedStack } from "../../synthesized/order";
import { AllowList, EXIT, previewStack, StackPreview, verdictOf } from "./summary";

/** Parsed command line. */
export interface PreviewOptions {
  /** Environment name. */
  readonly env: string;
  /** Synthesis output directory; plans go to `<outdir>/preview/<env>/`. @default $CDKTF_OUTDIR or "cdktf.out" */
  readonly outdir: string;
  /** Stacks to plan (full names or kinds such as `data`). @default every stack of the environment */
  readonly stacks: readonly string[];
  /** Directory of `<stack>.tfstate` files to plan against. @default none: empty states */
  readonly stateDir?: string;
  /** What may be destroyed. */
  readonly allow: AllowList;
  /** Terraform processes at once. @default the number of CPUs */
  readonly concurrency: number;
  /** Harness work directory. @default the harness's (`.cache/terraform-offline`) */
  readonly workRoot?: string;
  /** Plan each stack in its own work dir instead of all together (src/tools/preview/batch.ts). @default false */
  readonly perStack?: boolean;
  /** `--no-cache`: plan every stack even when its plan is cached (src/tools/preview/plan-cache.ts). @default false */
  readonly noCache?: boolean;
}

/** Where output goes (the console by default; tests capture it). */
export interface PreviewIo {
  /** Normal output. */
  readonly out: (text: string) => void;
  /** Errors and usage. */
  readonly err: (text: string) => void;
}

const CONSOLE: PreviewIo = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** The usage text (lists the known environments). */
export function usage(definitions: readonly EnvironmentDefinition[] = DEFINITIONS): string {
  return `usage: npm run preview -- <env> [options]
  Synthesize <env>, terraform plan each of its stacks offline (real provider, no AWS account)
  in dependency order, save every plan as JSON and refuse stateful destroys.

  <env>                       one of: ${definitions.map((d) => d.name).join(", ")}
  --outdir <dir>              synthesis output (default $CDKTF_OUTDIR or cdktf.out);
                              plans are written to <dir>/preview/<env>/<stack>.plan.json
  --stack <name>              plan only this stack (name or kind, e.g. data); repeatable
  --state-dir <dir>           plan a stack against <dir>/<stack>.tfstate when it exists
                              (e.g. pulled with terraform state pull); others start empty
  --allow-destroy <address>   allow destroying/replacing this stateful resource; repeatable;
                              <address> or <stack>:<address>, a resource covers its instances
  --allow-stateful-destroy    allow every stateful destroy and replacement
  --concurrency <n>           terraform processes at once (default ${DEFAULT_CONCURRENCY}, the CPUs)
  --work-root <dir>           harness work dir (default .cache/terraform-offline)
  --per-stack                 plan each stack in its own terraform process (default: all
                              stacks together as modules of one root, one plan, one show)
  --no-cache                  plan every stack; by default a stack whose prepared JSON,
                              terraform and provider are unchanged since its last plan
                              reuses that plan (.cache/terraform-offline/plans/; never
                              with --state-dir)
  -h, --help                  this text

  exit: ${EXIT.ok} ok · ${EXIT.failed} a stack failed to synthesize/validate/plan · ${EXIT.usage} usage · ${EXIT.statefulDestroy} stateful destroy not allowed`;
}

/** Result of {@link parseArgs}: options, or a usage problem (`help` when -h was asked). */
export type ParsedArgs = { readonly ok: true; readonly options: PreviewOptions } | { readonly ok: false; readonly help: boolean; readonly message: string };

/** Parse the command line (after `--`). Environment names are checked by {@link runPreview}, which knows the definitions. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const args = [...argv];
  const positional: string[] = [];
  const stacks: string[] = [];
  const addresses: string[] = [];
  let outdir = env.CDKTF_OUTDIR || "cdktf.out";
  let stateDir: string | undefined;
  let workRoot: string | undefined;
  let all = false;
  let perStack = false;
  let noCache = false;
  let concurrency = DEFAULT_CONCURRENCY;
  const fail = (message: string): ParsedArgs => ({ ok: false, help: false, message });
  while (args.length > 0) {
    const a = args.shift()!;
    const value = (): string | undefined => {
      const v = args.shift();
      return v === undefined || v.startsWith("--") ? undefined : v;
    };
    switch (a) {
      case "-h":
      case "--help":
        return { ok: false, help: true, message: "" };
      case "--allow-stateful-destroy":
        all = true;
        break;
      case "--per-stack":
        perStack = true;
        break;
      case "--no-cache":
        noCache = true;
        break;
      case "--outdir":
      case "--stack":
      case "--state-dir":
      case "--allow-destroy":
      case "--concurrency":
      case "--work-root": {
        const v = value();
        if (v === undefined || v === "") return fail(`${a} needs a value`);
        if (a === "--outdir") outdir = v;
        else if (a === "--stack") stacks.push(v);
        else if (a === "--state-dir") stateDir = v;
        else if (a === "--allow-destroy") addresses.push(v);
        else if (a === "--work-root") workRoot = v;
        else {
          concurrency = Number(v);
          if (!Number.isInteger(concurrency) || concurrency < 1) return fail(`--concurrency takes a whole number >= 1, got ${JSON.stringify(v)}`);
        }
        break;
      }
      default:
        if (a.startsWith("-")) return fail(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (positional.length !== 1) return fail(positional.length === 0 ? "name one environment" : `name one environment, got ${positional.join(" ")}`);
  return {
    ok: true,
    options: {
      env: positional[0]!,
      outdir,
      stacks,
      ...(stateDir !== undefined ? { stateDir } : {}),
      allow: { all, addresses },
      concurrency,
      ...(workRoot !== undefined ? { workRoot } : {}),
      ...(perStack ? { perStack } : {}),
      ...(noCache ? { noCache } : {}),
    },
  };
}

/** A path relative to the working directory when inside it (shorter to read), else absolute. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : path.resolve(file);
}

/** Synthesize `env` into `outdir`; its stacks in synthesis order with JSON and cdktf dependencies. */
function synthesize(env: string, outdir: string, definitions: readonly EnvironmentDefinition[]): SynthesizedStack[] {
  const { app } = buildApp({ definitions, only: [env], outdir, warn: () => undefined });
  app.synth();
  const names = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => s.node.id);
  const read = new Map(readOutdir(outdir).map((s) => [s.name, s]));
  return names.flatMap((name) => read.get(name) ?? []);
}

/** `{ plan: 8123 }` → `plan 8.12 s` (PREVIEW_PROFILE output, parsed by scripts/bench.ts). */
export function profileText(phases: Readonly<Record<string, number>>): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
    .join(", ");
}

/** `data` or `buddyverse-data` → the stack's name; undefined when no stack matches. */
function resolveStack(wanted: string, env: string, names: readonly string[]): string | undefined {
  return names.find((n) => n === wanted || n === `${env}-${wanted}`);
}

/**
 * Run the preview; returns the exit code ({@link EXIT}). Never throws for a
 * terraform failure: failures are reported and give exit 1.
 */
export async function runPreview(
  options: PreviewOptions,
  io: PreviewIo = CONSOLE,
  definitions: readonly EnvironmentDefinition[] = DEFINITIONS,
): Promise<number> {
  const started = Date.now();
  const { env } = options;
  if (!definitions.some((d) => d.name === env)) {
    io.err(`unknown environment ${JSON.stringify(env)}; known: ${definitions.map((d) => d.name).join(", ")}`);
    return EXIT.usage;
  }
  if (options.stateDir !== undefined && !fs.statSync(options.stateDir, { throwIfNoEntry: false })?.isDirectory()) {
    io.err(`--state-dir ${options.stateDir} is not a directory`);
    return EXIT.usage;
  }

  // 1. Synthesize (the same code path as `npm run synth`, for this environment only).
  const outdir = path.resolve(options.outdir);
  let stacks: SynthesizedStack[];
  try {
    stacks = synthesize(env, outdir, definitions);
  } catch (e) {
    io.err(`synthesis of ${env} failed:\n${(e as Error).message}`);
    return EXIT.failed;
  }
  const synthSeconds = (Date.now() - started) / 1000;

  // 2. Order, then select.
  const selection = orderAndSelect(stacks, env, options.stacks);
  if ("error" in selection) {
    io.err(selection.error);
    return selection.code;
  }
  const { graph, order, selected } = selection;
  const initialStates = options.stateDir !== undefined ? statesIn(options.stateDir, selected) : {};

  // 3. Where the plans go: stale files of an earlier run are removed first, so
  //    a stack that fails now leaves no plan that looks current.
  const planDir = freshPlanDir(outdir, env);
  io.out(
    `Synthesized ${env} into ${shown(outdir)} (${synthSeconds.toFixed(1)} s). Planning ${selected.length} of ${order.length} stacks offline, ` +
      `${Math.min(options.concurrency, selected.length)} at a time, in dependency order: ${selected.join(" → ")}`,
  );
  for (const u of graph.unresolved) io.out(`note: ${u} is produced by no stack of ${env} (stub outputs used)`);
  if (Object.keys(initialStates).length > 0) io.out(`State from ${shown(options.stateDir!)} for: ${Object.keys(initialStates).join(", ")}`);
  io.out("");

  // 4. Plan. Stacks are independent (remote state is stubbed), so they run in
  //    parallel; a stack is printed once it and every stack before it finished.
  const printer = new ProgressPrinter(selected, planDir, options.allow, io);
  let cacheUse: PlanCacheUse | undefined;
  try {
    cacheUse = await planStacks(options, outdir, selected, initialStates, printer, synthSeconds, io);
  } catch (e) {
    io.err(`cannot run terraform offline: ${(e as Error).message}`);
    return EXIT.failed;
  }
  printer.flush();

  // 5. Summary and verdict.
  const done = printer.previews.filter((p): p is StackPreview => p !== undefined);
  const verdict = verdictOf(done, options.allow);
  const context: PreviewContext = {
    env,
    statefulStacks: Object.keys(initialStates),
    seconds: (Date.now() - started) / 1000,
    synthSeconds,
    concurrency: Math.min(options.concurrency, selected.length),
    planFiles: printer.planFiles,
    summaryFile: shown(path.join(planDir, "summary.json")),
    ...(cacheUse !== undefined ? { reused: { stacks: cacheUse.reused.length, of: selected.length, dir: shown(cacheUse.dir) } } : {}),
  };
  fs.writeFileSync(path.join(planDir, "summary.json"), `${JSON.stringify(summaryJson(done, verdict, context), null, 2)}\n`);
  io.out("");
  io.out(formatSummary(done, verdict, context));
  return verdict.code;
}

/** The stacks in dependency order and those `wanted` (all when none is named); or why not. */
function orderAndSelect(
  stacks: SynthesizedStack[],
  env: string,
  wanted: readonly string[],
): { graph: ReturnType<typeof stackGraph>; order: string[]; selected: string[] } | { error: string; code: number } {
  const graph = stackGraph(stacks);
  let order: string[];
  try {
    order = dependencyOrder(stacks, graph);
  } catch (e) {
    return { error: (e as Error).message, code: EXIT.failed };
  }
  if (wanted.length === 0) return { graph, order, selected: order };
  const unknown = wanted.filter((s) => resolveStack(s, env, order) === undefined);
  if (unknown.length > 0) return { error: `unknown stack ${unknown.join(", ")}; stacks of ${env}: ${order.join(", ")}`, code: EXIT.usage };
  const names = new Set(wanted.map((s) => resolveStack(s, env, order)));
  return { graph, order, selected: order.filter((n) => names.has(n)) };
}

/** `<stateDir>/<stack>.tfstate` of each selected stack that has one. */
function statesIn(stateDir: string, selected: readonly string[]): Record<string, string> {
  const states: Record<string, string> = {};
  for (const name of selected) {
    const file = path.resolve(stateDir, `${name}.tfstate`);
    if (fs.existsSync(file)) states[name] = file;
  }
  return states;
}

/** `<outdir>/preview/<env>/` without the plan files and summary of an earlier run. */
function freshPlanDir(outdir: string, env: string): string {
  const planDir = path.join(outdir, "preview", env);
  fs.mkdirSync(planDir, { recursive: true });
  for (const f of fs.readdirSync(planDir)) if (f.endsWith(".plan.json") || f === "summary.json") fs.rmSync(path.join(planDir, f));
  return planDir;
}

/** Prints each stack's line (and writes its plan file) once it and every stack before it has finished. */
class ProgressPrinter {
  readonly previews: (StackPreview | undefined)[];
  readonly results: (OfflineRunResult | undefined)[];
  readonly planFiles: Record<string, string> = {};
  private printed = 0;
  private readonly width: number;

  constructor(
    private readonly selected: readonly string[],
    private readonly planDir: string,
    private readonly allow: PreviewOptions["allow"],
    private readonly io: PreviewIo,
  ) {
    this.previews = new Array(selected.length);
    this.results = new Array(selected.length);
    this.width = Math.max(...selected.map((n) => n.length));
  }

  /** Record a stack's result, then print what can be printed in order. */
  add(result: OfflineRunResult): void {
    const i = this.selected.indexOf(result.stackName);
    if (i >= 0) this.results[i] = result;
    this.flush();
  }

  flush(): void {
    while (this.printed < this.selected.length && this.results[this.printed] !== undefined) {
      const result = this.results[this.printed]!;
      const preview = previewStack(result, this.allow);
      this.previews[this.printed] = preview;
      const document = result.show?.document;
      if (result.plan?.ok && document) {
        const file = path.join(this.planDir, `${result.stackName}.plan.json`);
        fs.writeFileSync(file, JSON.stringify(document));
        this.planFiles[result.stackName] = shown(file);
      }
      this.io.out(formatProgress(preview, this.printed + 1, this.selected.length, this.width));
      if (!result.ok) this.io.out(formatOfflineResult(result).replace(/^/gm, "      "));
      this.printed++;
    }
  }
}

/**
 * Plan the selected stacks: all as modules of one root (src/tools/preview/batch.ts: one plan, one
 * show, unchanged stacks from the plan cache) when there are several and no state is given;
 * otherwise, or when the batch fails, stack by stack. Returns what the plan cache reused.
 */
async function planStacks(
  options: PreviewOptions,
  outdir: string,
  selected: readonly string[],
  initialStates: Record<string, string>,
  printer: ProgressPrinter,
  synthSeconds: number,
  io: PreviewIo,
): Promise<PlanCacheUse | undefined> {
  let cacheUse: PlanCacheUse | undefined;
  const dirs = selected.map((n) => path.join(outdir, "stacks", n));
  const workRoot = options.workRoot !== undefined ? { workRoot: options.workRoot } : {};
  const batched =
    Object.keys(initialStates).length === 0 && selected.length > 1 && !options.perStack
      ? await planTogetherWithShow(dirs, {
          stubOutputs: stubsFromTables(CONTRACTS),
          ...workRoot,
          // Plans from an empty state only: never cached or reused with --state-dir.
          cache: !options.noCache && options.stateDir === undefined,
          onCache: (use: PlanCacheUse) => (cacheUse = use),
          // PREVIEW_PROFILE=1: wall time per phase on stderr (npm run bench reads it).
          ...(process.env.PREVIEW_PROFILE ? { onPhases: (p: PreviewPhases) => io.err(`profile: ${profileText({ synthesis: synthSeconds * 1000, ...p })}`) } : {}),
        })
      : null;
  if (batched) {
    for (const r of batched) printer.add(r);
    return cacheUse;
  }
  await runStacksOffline(dirs, {
    stubOutputs: stubsFromTables(CONTRACTS),
    planJson: true,
    concurrency: options.concurrency,
    initialStates,
    ...workRoot,
    onResult: (r) => printer.add(r),
  });
  return cacheUse;
}

/** The CLI: parse, run, return the exit code. */
export async function main(argv: readonly string[], io: PreviewIo = CONSOLE, definitions: readonly EnvironmentDefinition[] = DEFINITIONS): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.out(usage(definitions));
      return EXIT.ok;
    }
    io.err(`${parsed.message}\n${usage(definitions)}`);
    return EXIT.usage;
  }
  return runPreview(parsed.options, io, definitions);
}
