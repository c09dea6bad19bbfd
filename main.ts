/**
 * Entry point of `cdktf synth` / `npm run synth`: environments in, stacks out.
 *
 *   ENVIRONMENT=buddyverse npx cdktf synth    # one environment (comma-separate several)
 *
 * Synthesis is atomic per run (src/synthesize.ts): stacks reach cdktf.out/
 * only when every selected definition is valid and the guardrails pass.
 */
import { DEFINITIONS, PRESETS } from "./src/environments";
import { synthesizeAtomically } from "./src/synthesize";

const only = (process.env.ENVIRONMENT ?? "").split(",").map((s) => s.trim()).filter(Boolean);
try {
  synthesizeAtomically({ definitions: DEFINITIONS, presets: PRESETS, only, outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
