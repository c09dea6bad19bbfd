/**
 * Entry point of `cdktf synth` / `npm run synth`: environments in, stacks out.
 *
 *   ENVIRONMENT=buddyverse npx cdktf synth    # one environment (comma-separate several)
 */
import { buildApp } from "./src/app";
import { DEFINITIONS } from "./src/environments";

const only = (process.env.ENVIRONMENT ?? "").split(",").map((s) => s.trim()).filter(Boolean);
try {
  const { app } = buildApp({ definitions: DEFINITIONS, only, outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
  app.synth();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
