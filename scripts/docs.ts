/**
 * `npm run docs`: regenerate docs/requirements.md and docs/<preset>.md for
 * every preset from the synthesized stacks, the reachability matrix, the
 * requirement map and the test titles.
 *
 *   npm run docs                 write the files (only those that changed)
 *   npm run docs -- --check      write nothing; exit 1 naming the stale files
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { generateDocs } from "../src/tools/docs/generate";
import { DEFINITIONS, PRESETS } from "../src/environments";

const USAGE = "usage: npm run docs [-- --check]";

function main(argv: readonly string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const check = argv.includes("--check");
  const root = resolve(__dirname, "..");
  const started = performance.now();
  const docs = generateDocs({ projectRoot: root, presets: PRESETS, environments: DEFINITIONS });
  const stale: string[] = [];
  for (const [path, content] of Object.entries(docs.files)) {
    const file = join(root, path);
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (current === content) {
      console.log(`  unchanged  ${path}`);
      continue;
    }
    stale.push(path);
    if (check) {
      console.log(`  STALE      ${path}`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`  written    ${path}`);
  }
  const t = docs.trace;
  if (t.withoutTests.length > 0) console.warn(`\nIDs without a test: ${t.withoutTests.join(", ")}`);
  if (t.withoutRealization.length > 0) console.warn(`IDs without resources in src/tools/docs/requirement-resources.ts: ${t.withoutRealization.join(", ")}`);
  for (const u of t.unknownTestIds) console.warn(`test names an unknown ID ${u.id}: ${u.test.file} "${u.test.title}"`);
  const phases = Object.entries(docs.timings)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(", ");
  console.log(`\n${t.entries.length} requirements, ${Object.keys(docs.files).length} files in ${Math.round(performance.now() - started)} ms (${phases})`);
  if (check && stale.length > 0) {
    console.error(`stale: ${stale.join(", ")}; run npm run docs`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
