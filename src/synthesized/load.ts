/**
 * Reading synthesized stacks from disk: a cdktf output directory
 * (`<outdir>/manifest.json`, `<outdir>/stacks/<name>/cdk.tf.json`), or a
 * temporary directory that a synthesis writes and that is removed afterwards
 * (never `cdktf.out/`, which another synthesis may be writing).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SynthesizedStack } from "./stack";
import { TerraformJson } from "./terraform-json";

interface Manifest {
  readonly stacks?: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>;
}

/** cdktf dependencies per stack name from `<outdir>/manifest.json` (empty when it is missing or unreadable). */
export function manifestDependencies(outdir: string): Record<string, readonly string[]> {
  const file = join(outdir, "manifest.json");
  if (!existsSync(file)) return {};
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    return Object.fromEntries(Object.entries(manifest.stacks ?? {}).map(([name, s]) => [name, [...(s.dependencies ?? [])]]));
  } catch {
    return {};
  }
}

/**
 * Every stack under `<outdir>/stacks` that has a `cdk.tf.json` (optionally
 * only those `accept` names), sorted by name, with its cdktf dependencies.
 */
export function readOutdir(outdir: string, accept: (name: string) => boolean = () => true): SynthesizedStack[] {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) return [];
  const deps = manifestDependencies(outdir);
  const stacks: SynthesizedStack[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, "cdk.tf.json");
    if (!accept(name) || !existsSync(file)) continue;
    stacks.push({ name, json: JSON.parse(readFileSync(file, "utf8")) as TerraformJson, dependencies: deps[name] ?? [] });
  }
  return stacks;
}

/** Stacks by name (`buddyverse-network`), in the order given. */
export function byName(stacks: readonly SynthesizedStack[]): Record<string, TerraformJson> {
  return Object.fromEntries(stacks.map((s) => [s.name, s.json]));
}

/**
 * Run `synth` with a fresh temporary output directory (named `<prefix>…`),
 * and remove the directory afterwards whatever happens.
 */
export function inTemporaryOutdir<T>(prefix: string, synth: (outdir: string) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return synth(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
