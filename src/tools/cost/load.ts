/**
 * Read an environment's stacks from an existing synthesis output directory
 * (`cdktf.out`: `stacks/<env>-<kind>/cdk.tf.json`) instead of synthesizing
 * again: `npm run cost -- <env> --from cdktf.out`, and the change review,
 * which has both trees on disk already.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { byName, readOutdir } from "../../synthesized/load";
import { TerraformJson } from "../../synthesized/terraform-json";
import { CostError } from "./errors";

/** Stack kinds an environment's stacks are named with (`<env>-network`, `<env>-dr-data`). */
const KIND = /^(state|network|data|compute|edge|dr-[a-z]+)$/;

/** The stacks of environment `name` under `outdir/stacks`, by stack name. */
export function readSynthesizedStacks(outdir: string, name: string): Record<string, TerraformJson> {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) throw new CostError("--from", outdir, `no stacks/ directory: synthesize first (npm run synth)`);
  const stacks = byName(readOutdir(outdir, (stack) => stack.startsWith(`${name}-`) && KIND.test(stack.slice(name.length + 1))));
  if (Object.keys(stacks).length === 0) throw new CostError("--from", outdir, `no stack of environment ${JSON.stringify(name)} under ${dir}: synthesize it first (ENVIRONMENT=${name} npm run synth)`);
  return stacks;
}
