/**
 * `npm run review -- <env> [--base <git-ref>] [--plan]`: what a change does to
 * one environment, per stack, in words (src/tools/review/cli.ts, or `--help`).
 *
 *   npm run review -- buddyverse
 *   npm run review -- buddyverse --base origin/main --plan
 */
// Source maps off (tsx turns them on): the review prints no stack traces, and the working tree's
// synthesis in this process then skips parsing every module's source map and mapping the stack
// traces cdktf captures per token (see src/tools/review/synth-runner.ts). The heavy modules load
// later (lazily), after this line.
process.setSourceMapsEnabled(false);

import { main } from "../src/tools/review/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`review: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    process.exitCode = 1;
  },
);
