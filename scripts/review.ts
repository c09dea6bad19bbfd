/**
 * `npm run review -- <env> [--base <git-ref>] [--plan]`: what a change does to
 * one environment, per stack, in words (src/tools/review/cli.ts, or `--help`).
 *
 *   npm run review -- buddyverse
 *   npm run review -- buddyverse --base origin/main --plan
 */
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
