/**
 * Synthesize one environment in-process, into a temporary directory that is
 * removed afterwards (never `cdktf.out/`, which another synthesis may be
 * writing), and read back what the generated docs need: every stack's
 * Terraform JSON and the deployment order from cdktf's manifest.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../app";
import { EnvironmentDefinition } from "../config/definition";
import { byCode, TerraformJson } from "./terraform-refs";

/** The synthesized stacks of one environment. */
export interface SynthesizedStacks {
  readonly environment: string;
  /** Terraform JSON per stack name (`buddyverse-network`). */
  readonly stacks: Readonly<Record<string, TerraformJson>>;
  /** Stack names in deployment order: the state stack first, then dependencies before dependents. */
  readonly order: readonly string[];
  /** Stacks each stack depends on (cdktf `addDependency`). */
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
}

interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly dependencies?: readonly string[]; readonly synthesizedStackPath: string }>>;
}

/** Synthesize environment `name` of `definitions` and read its stacks. */
export function synthesizeEnvironment(name: string, definitions: readonly EnvironmentDefinition[]): SynthesizedStacks {
  const outdir = mkdtempSync(join(tmpdir(), "docs-"));
  try {
    const { app } = buildApp({ definitions, only: [name], outdir, warn: () => undefined });
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
    const stacks: Record<string, TerraformJson> = {};
    const dependencies: Record<string, string[]> = {};
    for (const stack of Object.keys(manifest.stacks).sort(byCode)) {
      const entry = manifest.stacks[stack];
      stacks[stack] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as TerraformJson;
      dependencies[stack] = [...(entry.dependencies ?? [])];
    }
    // The order the stacks were added to the app (src/stacks/index.ts) breaks ties.
    const added = app.node.children.map((c) => c.node.id).filter((id) => id in stacks);
    return { environment: name, stacks, dependencies, order: deploymentOrder(name, added, dependencies) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Stacks in deployment order: `<env>-state` first (every other stack keeps its
 * state in that bucket), then a topological order of the dependencies, ties
 * broken by the order in `added`. Throws on a dependency cycle.
 */
export function deploymentOrder(environment: string, added: readonly string[], dependencies: Readonly<Record<string, readonly string[]>>): string[] {
  const all = [...added, ...Object.keys(dependencies).filter((s) => !added.includes(s)).sort(byCode)];
  const state = `${environment}-state`;
  const order: string[] = all.includes(state) ? [state] : [];
  const done = new Set(order);
  while (order.length < all.length) {
    const next = all.find((s) => !done.has(s) && (dependencies[s] ?? []).every((d) => done.has(d) || !all.includes(d)));
    if (next === undefined) throw new Error(`stack dependency cycle among ${all.filter((s) => !done.has(s)).join(", ")}`);
    order.push(next);
    done.add(next);
  }
  return order;
}
