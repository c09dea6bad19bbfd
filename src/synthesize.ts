/**
 * Atomic synthesis into `cdktf.out/`: what main.ts (and so `cdktf synth`) runs.
 *
 * The App synthesizes into a staging directory beside the output directory.
 * Only when every selected definition is valid and the guardrails pass are the
 * environments' stacks moved into `<outdir>/stacks/` (replacing the previous
 * run's files of those stacks) and the manifest written. On any refusal —
 * an invalid definition, a guardrail violation, any error — no `cdk.tf.json`
 * of the selected environments exists afterwards: the previous run's are
 * removed too, so the plain-Terraform route (`cd cdktf.out/stacks/<stack> &&
 * terraform plan`) cannot deploy around the refusal, and the manifest is
 * removed so `cdktf deploy --skip-synth` cannot either.
 *
 * Terraform's own files in a stack folder (`.terraform/`, the lock file) are
 * kept across runs, so `cdktf diff` does not re-initialize every time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { buildApp } from "./app";
import { EnvironmentDefinition, Environment } from "./config/definition";
import { STACK_KINDS } from "./contract/state-location";

/** Options of {@link synthesizeAtomically}. */
export interface AtomicSynthOptions {
  /** Every registered definition (clashes between environments are checked across all of them). */
  readonly definitions: readonly EnvironmentDefinition[];
  /** Only these environment names. @default every definition */
  readonly only?: readonly string[];
  /** The output directory. @default "cdktf.out" */
  readonly outdir?: string;
  /** The presets: their SSH keys count as placeholders in any environment. @default none */
  readonly presets?: readonly EnvironmentDefinition[];
  /** Where warnings go (placeholder values, overlapping VPCs). @default - process.stderr */
  readonly warn?: (line: string) => void;
}

/** What a successful synthesis wrote. */
export interface AtomicSynthResult {
  readonly environments: readonly Environment[];
  /** Stack names now in `<outdir>/stacks/`, as written by this run. */
  readonly stacks: readonly string[];
  /** Stack folders of the selected environments that this run no longer produces, whose JSON was removed. */
  readonly removed: readonly string[];
}

/** Thrown when synthesis was refused; its message says what was removed from the output directory. */
export class SynthesisRefusedError extends Error {
  /** Stack folders whose `cdk.tf.json` was removed because of the refusal. */
  readonly removed: readonly string[];
  constructor(cause: string, environments: readonly string[], removed: readonly string[], outdir: string) {
    const names = removed.length > 0 ? ` (removed the previous run's: ${removed.join(", ")})` : "";
    const which = environments.length > 0 ? ` of ${environments.join(", ")}` : "";
    super(`${cause}\n\nNothing was written to ${outdir}/: no cdk.tf.json${which} exists there now${names}, and no manifest.json, so nothing can be deployed around this refusal.`);
    this.name = "SynthesisRefusedError";
    this.removed = removed;
  }
}

/** Terraform's files in a stack folder, kept when the folder's JSON is replaced or removed. */
const TERRAFORM_OWNED = /^(\.terraform.*|terraform\.tfstate.*|.*\.tfplan|plan(\.bin|\.json)?)$/;

/** The environment names a run selects (names of invalid definitions included, when they are strings). */
function selectedNames(definitions: readonly EnvironmentDefinition[], only?: readonly string[]): string[] {
  if (only && only.length > 0) return [...only];
  return definitions.map((d) => (d as { name?: unknown }).name).filter((n): n is string => typeof n === "string" && n !== "");
}

/**
 * The stack folders in `stacksDir` that belong to one of `envs`: `<env>-<kind>`
 * for a known kind or `dr-*`, the longest environment name winning (so `mc`
 * never claims `mc-pilot`'s folders).
 */
export function stackFoldersOf(stacksDir: string, envs: readonly string[], allNames: readonly string[]): string[] {
  if (!existsSync(stacksDir)) return [];
  const kind = new RegExp(`^(${STACK_KINDS.join("|")}|dr-[a-z0-9-]+)$`);
  const owner = (folder: string): string | undefined =>
    [...new Set([...allNames, ...envs])]
      .filter((n) => folder.startsWith(`${n}-`) && kind.test(folder.slice(n.length + 1)))
      .sort((a, b) => b.length - a.length)[0];
  return readdirSync(stacksDir).filter((f) => {
    const o = owner(f);
    return o !== undefined && envs.includes(o);
  });
}

/** Remove what a synthesis wrote into a stack folder, keeping Terraform's own files. */
function clearSynthesized(folder: string): void {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder)) {
    if (!TERRAFORM_OWNED.test(entry)) rmSync(join(folder, entry), { recursive: true, force: true });
  }
}

/**
 * Synthesize the selected environments into `outdir` atomically (see the
 * module comment). Throws {@link SynthesisRefusedError} on any refusal.
 */
export function synthesizeAtomically(options: AtomicSynthOptions): AtomicSynthResult {
  const outdir = resolve(options.outdir ?? "cdktf.out");
  const stacksDir = join(outdir, "stacks");
  const envs = selectedNames(options.definitions, options.only);
  const allNames = selectedNames(options.definitions);
  mkdirSync(dirname(outdir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.staging-`));
  try {
    let environments: Environment[];
    try {
      const built = buildApp({
        definitions: options.definitions,
        ...(options.only ? { only: options.only } : {}),
        ...(options.presets ? { presets: options.presets } : {}),
        ...(options.warn ? { warn: options.warn } : {}),
        outdir: staging,
      });
      environments = built.environments;
      built.app.synth();
    } catch (e) {
      const removed = stackFoldersOf(stacksDir, envs, allNames);
      for (const f of removed) clearSynthesized(join(stacksDir, f));
      rmSync(join(outdir, "manifest.json"), { force: true });
      throw new SynthesisRefusedError((e as Error).message, envs, removed, options.outdir ?? "cdktf.out");
    }
    const written = existsSync(join(staging, "stacks")) ? readdirSync(join(staging, "stacks")).sort() : [];
    const produced = new Set(written);
    const removed = stackFoldersOf(stacksDir, environments.map((e) => e.name), allNames).filter((f) => !produced.has(f));
    for (const f of removed) clearSynthesized(join(stacksDir, f));
    mkdirSync(stacksDir, { recursive: true });
    for (const stack of written) {
      const target = join(stacksDir, stack);
      clearSynthesized(target);
      mkdirSync(target, { recursive: true });
      for (const entry of readdirSync(join(staging, "stacks", stack))) renameSync(join(staging, "stacks", stack, entry), join(target, entry));
    }
    for (const entry of readdirSync(staging)) {
      if (entry === "stacks") continue;
      rmSync(join(outdir, entry), { recursive: true, force: true });
      renameSync(join(staging, entry), join(outdir, entry));
    }
    return { environments, stacks: written, removed };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
