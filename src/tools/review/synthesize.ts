/**
 * Synthesize one environment of a source tree into a temporary directory, and
 * read back its stacks: in a child process with that tree's own code (see
 * synth-runner.ts), or, for the working tree of this very project (the code
 * that is running), in this process ({@link synthesizeOwnTree}: no second Node
 * and tsx start-up). The base revision's child runs while this process
 * synthesizes the working tree (two cores).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readOutdir } from "../../synthesized/load";
import { SynthesizedStack } from "../../synthesized/stack";
import type { RunnerInfo } from "./synth-runner";

/** One synthesized stack of a tree. */
export interface TreeStack extends SynthesizedStack {
  /** cdktf dependencies (`manifest.json`); empty when synthesis failed before the manifest. */
  readonly dependencies: readonly string[];
  /** The synthesized folder (`<outdir>/stacks/<name>`); empty for a cached synthesis. */
  readonly dir: string;
}

/** The stacks under `outdir` as {@link TreeStack}s (`dir` set when `withDir`). */
export function treeStacks(outdir: string, withDir: boolean): TreeStack[] {
  return readOutdir(outdir).map((s) => ({ ...s, dependencies: s.dependencies ?? [], dir: withDir ? path.join(outdir, "stacks", s.name) : "" }));
}

/** What synthesizing one tree gave. */
export interface TreeSynthesis {
  /** The environment exists in the tree. */
  readonly exists: boolean;
  /** Environments the tree defines. */
  readonly names: readonly string[];
  /** Synthesis succeeded (exit 0, manifest written). */
  readonly ok: boolean;
  /** Stacks written (also when synthesis failed afterwards, e.g. on guardrail violations). */
  readonly stacks: readonly TreeStack[];
  /** The definition's guardrail suppressions. */
  readonly suppressions: readonly unknown[];
  /** First line of the error when not ok. */
  readonly error?: string;
  /** Full error output when not ok. */
  readonly errorText?: string;
  /** Wall time, seconds. */
  readonly seconds: number;
}

/** This project's root: the tree whose code is running. */
const OWN_ROOT = path.resolve(__dirname, "..", "..", "..");

/** `projectDir` is this project itself, so its working tree's code is the code already loaded here. */
export function isOwnTree(projectDir: string): boolean {
  try {
    return fs.realpathSync(projectDir) === fs.realpathSync(OWN_ROOT);
  } catch {
    return false;
  }
}

const firstLine = (text: string): string => text.split("\n").find((l) => l.trim() !== "") ?? "";

/**
 * What the runner does with main.ts, in this process, for this project's own
 * working tree: look the environment up in `DEFINITIONS`, then synthesize it
 * into `outdir` exactly as main.ts does (`synthesizeAtomically` with the
 * definitions, the presets and `only: [env]`). Warnings (placeholder values)
 * are kept out of the terminal, as the runner's stderr is. Never rejects for a
 * synthesis failure (see `ok`/`error`).
 */
export async function synthesizeOwnTree(env: string, outdir: string): Promise<TreeSynthesis> {
  const started = Date.now();
  fs.mkdirSync(outdir, { recursive: true });
  const seconds = () => (Date.now() - started) / 1000;
  let environments: typeof import("../../environments");
  try {
    environments = await import("../../environments");
  } catch (e) {
    const errorText = (e as Error).message ?? String(e);
    return { exists: false, names: [], ok: false, stacks: [], suppressions: [], error: firstLine(errorText), errorText, seconds: seconds() };
  }
  const names = environments.DEFINITIONS.map((d) => d.name);
  const def = environments.DEFINITIONS.find((d) => d.name === env);
  const suppressions = (def as { guardrails?: { suppressions?: readonly unknown[] } } | undefined)?.guardrails?.suppressions ?? [];
  if (!def) return { exists: false, names, ok: true, stacks: [], suppressions, seconds: seconds() };
  let errorText: string | undefined;
  try {
    const { synthesizeAtomically } = await import("../../synthesize");
    synthesizeAtomically({ definitions: environments.DEFINITIONS, presets: environments.PRESETS, only: [env], outdir, warn: () => undefined });
  } catch (e) {
    errorText = ((e as Error).message ?? String(e)).trim() || "synthesis failed";
  }
  const ok = errorText === undefined && fs.existsSync(path.join(outdir, "manifest.json"));
  const text = ok ? undefined : (errorText ?? "synthesis wrote no manifest.json");
  return { exists: true, names, ok, stacks: treeStacks(outdir, true), suppressions, ...(text !== undefined ? { error: firstLine(text), errorText: text } : {}), seconds: seconds() };
}

/** Synthesize `env` of `projectDir`: in this process when it is this project ({@link isOwnTree}), else in a child. */
export function synthesizeHead(projectDir: string, env: string, outdir: string): Promise<TreeSynthesis> {
  return isOwnTree(projectDir) ? synthesizeOwnTree(env, outdir) : synthesizeTree(projectDir, env, outdir);
}

/** The runner script (next to this file). */
export const RUNNER = path.join(__dirname, "synth-runner.ts");

/**
 * tsx's CommonJS hook (`tsx/cjs`, for `--require`): from the tree's own node_modules when
 * present, else this project's. Not `--import tsx`: see synth-runner.ts.
 */
function tsxRequireHook(projectDir: string): string {
  for (const dir of [projectDir, path.resolve(__dirname, "..", "..", "..")]) {
    const candidate = path.join(dir, "node_modules", "tsx", "dist", "cjs", "index.cjs");
    if (fs.existsSync(candidate)) return candidate;
  }
  return "tsx/cjs";
}

/**
 * Synthesize `env` of the project at `projectDir` into `outdir` with that
 * project's own code. Never rejects for a synthesis failure (see `ok`/`error`).
 */
export function synthesizeTree(projectDir: string, env: string, outdir: string): Promise<TreeSynthesis> {
  const started = Date.now();
  fs.mkdirSync(outdir, { recursive: true });
  const infoFile = path.join(outdir, "runner-info.json");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--require", tsxRequireHook(projectDir), RUNNER, projectDir, env, outdir, infoFile], {
      cwd: projectDir,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ENVIRONMENT: env, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stdout.on("data", () => undefined);
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const finish = (code: number | null, spawnError?: Error) => {
      let info: RunnerInfo = { exists: false, names: [], suppressions: [] };
      try {
        info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as RunnerInfo;
      } catch {
        // the runner failed before writing it
      }
      const manifestFile = path.join(outdir, "manifest.json");
      const stacks = treeStacks(outdir, true);
      const ok = code === 0 && !spawnError && (!info.exists || fs.existsSync(manifestFile));
      const errorText = spawnError ? spawnError.message : stderr.trim() || info.error || (ok ? "" : `synthesis exited with code ${code}`);
      resolve({
        exists: info.exists,
        names: info.names,
        ok,
        stacks,
        suppressions: info.suppressions,
        ...(ok ? {} : { error: firstLine(errorText), errorText }),
        seconds: (Date.now() - started) / 1000,
      });
    };
    child.on("error", (e) => finish(null, e));
    child.on("close", (code) => finish(code));
  });
}
