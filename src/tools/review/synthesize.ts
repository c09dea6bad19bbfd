/**
 * Synthesize one environment of a source tree in a child process (see
 * synth-runner.ts) into a temporary directory, and read back its stacks.
 * The working tree and the base revision run at the same time (two cores).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
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

/** The runner script (next to this file). */
export const RUNNER = path.join(__dirname, "synth-runner.ts");

/** `tsx` as Node's loader: from the tree's own node_modules when present, else this project's. */
function tsxLoader(projectDir: string): string {
  for (const dir of [projectDir, path.resolve(__dirname, "..", "..", "..")]) {
    const candidate = path.join(dir, "node_modules", "tsx", "dist", "loader.mjs");
    if (fs.existsSync(candidate)) return pathToFileURL(candidate).href;
  }
  return "tsx";
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
    const child = spawn(process.execPath, ["--import", tsxLoader(projectDir), RUNNER, projectDir, env, outdir, infoFile], {
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
      const firstLine = errorText.split("\n").find((l) => l.trim() !== "") ?? "";
      resolve({
        exists: info.exists,
        names: info.names,
        ok,
        stacks,
        suppressions: info.suppressions,
        ...(ok ? {} : { error: firstLine, errorText }),
        seconds: (Date.now() - started) / 1000,
      });
    };
    child.on("error", (e) => finish(null, e));
    child.on("close", (code) => finish(code));
  });
}
