/**
 * `npm run docs:dr`: write docs/dr.md, the disaster-recovery plan of every
 * environment with a `dr` section, generated from the definitions and their
 * synthesized stacks (src/tools/docs/dr.ts).
 *
 *   npm run docs:dr              write docs/dr.md
 *   npm run docs:dr -- --check   exit 1 when docs/dr.md is stale
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DR_DOC, generateDrDoc } from "../src/tools/docs/dr";
import { DEFINITIONS } from "../src/environments";

const file = join(resolve(__dirname, ".."), DR_DOC);
const text = generateDrDoc(DEFINITIONS);
if (process.argv.includes("--check")) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current !== text) {
    console.error(`${DR_DOC} is ${current === undefined ? "missing" : "stale"}: run npm run docs:dr`);
    process.exit(1);
  }
  console.log(`${DR_DOC} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${DR_DOC}`);
}
