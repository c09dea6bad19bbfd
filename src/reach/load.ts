/**
 * Synthesize one environment in-process and read its stacks' Terraform JSON
 * (the only input of the reachability matrix). Writes into a temporary
 * directory that is removed afterwards, so it never touches `cdktf.out/stacks`
 * another synthesis may be writing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../app";
import { EnvironmentDefinition } from "../config/definition";
import { TerraformJson } from "./model";

/** The synthesized stacks of environment `name`, keyed by stack name (`buddyverse-network`). */
export function synthesizeStacks(name: string, definitions: readonly EnvironmentDefinition[]): Record<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), "reach-"));
  try {
    const { app } = buildApp({ definitions, only: [name], outdir, warn: () => undefined });
    app.synth();
    const stacksDir = join(outdir, "stacks");
    const stacks: Record<string, TerraformJson> = {};
    for (const stack of readdirSync(stacksDir).sort()) {
      stacks[stack] = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")) as TerraformJson;
    }
    return stacks;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
