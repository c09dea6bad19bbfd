/**
 * `npm run preview -- <env>`: offline terraform plan of every stack of an
 * environment, in dependency order, with a summary that highlights (and
 * refuses, exit 3) destroys of stateful resources. See src/tools/preview/cli.ts,
 * or `npm run preview -- --help`.
 *
 *   npm run preview -- buddyverse
 *   npm run preview -- buddyverse --stack data --state-dir ./pulled-states
 *   npm run preview -- buddyverse --state-dir ./pulled-states --allow-destroy buddyverse-data:aws_s3_bucket.media_old
 */
import { main } from "../src/tools/preview/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  },
);
