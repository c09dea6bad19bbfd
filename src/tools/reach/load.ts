/**
 * Synthesize one environment in-process and read its stacks' Terraform JSON
 * (the only input of the reachability matrix), through the tools' one
 * in-process synthesizer (src/tools/docs/synth.ts: a temporary output
 * directory, src/synthesized/load.ts).
 */
import { EnvironmentDefinition } from "../../config/definition";
import { TerraformJson } from "../../synthesized/terraform-json";
import { synthesizeEnvironment } from "../docs/synth";

/** The synthesized stacks of environment `name`, keyed by stack name (`buddyverse-network`), sorted by name. */
export function synthesizeStacks(name: string, definitions: readonly EnvironmentDefinition[]): Record<string, TerraformJson> {
  return { ...synthesizeEnvironment(name, definitions).stacks };
}
