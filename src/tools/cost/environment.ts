/**
 * Synthesize an environment and estimate it. Apart from src/tools/cost/estimate.ts
 * so that pricing an existing synthesis (`npm run cost -- <env> --from
 * cdktf.out`, the change review) does not load cdktf and the provider.
 */
import { EnvironmentDefinition } from "../../config/definition";
import { validateDefinition } from "../../config/validate";
import { synthesizeStacks } from "../reach/load";
import { CostError } from "./errors";
import { estimateStacks } from "./estimate";
import { CostEstimate } from "./model";
import { PRICED_REGIONS } from "./prices";

/**
 * Synthesize environment `name` of `definitions` and estimate it; the usage
 * comes from its validated definition (refusals name `usage.<field>`).
 */
export function estimateEnvironment(name: string, definitions: readonly EnvironmentDefinition[]): CostEstimate {
  const definition = definitions.find((d) => d.name === name);
  if (!definition) throw new CostError("environment", name, `no such environment; known: ${definitions.map((d) => d.name).join(", ")}`);
  const env = validateDefinition(definition);
  // Refuse a region without prices before synthesizing, naming the definition's field.
  for (const [field, region] of [["region", env.region], ["dr.region", env.dr?.region]] as const) {
    if (region !== undefined && !PRICED_REGIONS.includes(region)) {
      throw new CostError(field, region, `no price table for this region; priced regions: ${PRICED_REGIONS.join(", ")} (add src/tools/cost/prices/${region}.ts)`);
    }
  }
  return estimateStacks(name, synthesizeStacks(name, definitions), env.usage);
}
