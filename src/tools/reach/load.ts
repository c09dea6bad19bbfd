/**
 * Synthesize one environment in-process and read its stacks' Terraform JSON
 * (the only input of the reachability matrix), through a temporary output
 * directory (src/synthesized/load.ts).
 */
import { buildApp } from "../../app";
import { EnvironmentDefinition } from "../../config/definition";
import { byName, inTemporaryOutdir, readOutdir } from "../../synthesized/load";
import { TerraformJson } from "../../synthesized/terraform-json";

/** The synthesized stacks of environment `name`, keyed by stack name (`buddyverse-network`). */
export function synthesizeStacks(name: string, definitions: readonly EnvironmentDefinition[]): Record<string, TerraformJson> {
  return inTemporaryOutdir("reach-", (outdir) => {
    buildApp({ definitions, only: [name], outdir, warn: () => undefined }).app.synth();
    return byName(readOutdir(outdir));
  });
}
