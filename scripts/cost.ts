/**
 * `npm run cost -- <env>`: the monthly estimate of an environment from its
 * synthesized Terraform JSON and the definition's `usage` figures, per stack
 * and per resource; every line says whether it is fixed or assumed.
 *
 *   npm run cost -- buddyverse                 table + cdktf.out/cost/buddyverse.json
 *   npm run cost -- buddyverse --json          JSON on stdout instead of the table
 *   npm run cost -- buddyverse --out f.json    JSON elsewhere
 *   npm run cost -- buddyverse --from cdktf.out  price an existing synthesis (no synthesis: faster; may be stale)
 *   npm run cost -- --all                      every environment, one line each (and their JSON)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { validateDefinition } from "../src/config/validate";
import { estimateStacks } from "../src/tools/cost/estimate";
import { readSynthesizedStacks } from "../src/tools/cost/load";
import { formatTable, toJson, usd } from "../src/tools/cost/format";
import { parseCommandLine } from "./command-line";
import { DEFINITIONS } from "../src/environments";

const USAGE = `usage: npm run cost -- <env> [--json] [--out <file>] [--from <cdktf.out>] | --all [--from <cdktf.out>]
  <env>  one of: ${DEFINITIONS.map((d) => d.name).join(", ")}`;

function write(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv, USAGE, { out: { type: "string" as const }, from: { type: "string" as const }, json: { type: "boolean" as const }, all: { type: "boolean" as const } });
  if (typeof parsed === "number") return parsed;
  const { out, from, json = false, all = false } = parsed.values;
  const positional = parsed.positionals;
  if (all ? positional.length !== 0 || out !== undefined : positional.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const names = all ? DEFINITIONS.map((d) => d.name) : positional;
  for (const name of names) {
    if (!DEFINITIONS.some((d) => d.name === name)) {
      console.error(`unknown environment ${JSON.stringify(name)}; known: ${DEFINITIONS.map((d) => d.name).join(", ")}`);
      return 2;
    }
  }
  for (const name of names) {
    const started = performance.now();
    const estimate = from
      ? estimateStacks(name, readSynthesizedStacks(from, name), validateDefinition(DEFINITIONS.find((d) => d.name === name)!).usage)
      : (await import("../src/tools/cost/environment")).estimateEnvironment(name, DEFINITIONS);
    const document = toJson(estimate);
    if (json && out === undefined && !all) {
      process.stdout.write(document);
      continue;
    }
    const file = out ?? `cdktf.out/cost/${name}.json`;
    write(file, document);
    const ms = Math.round(performance.now() - started);
    if (all) console.log(`${name.padEnd(20)} USD ${usd(estimate.monthlyUsd).padStart(10)} per month (fixed ${usd(estimate.fixedUsd)}, assumed ${usd(estimate.assumedUsd)})  ${file}  ${ms} ms`);
    else {
      if (json) process.stdout.write(document);
      else console.log(formatTable(estimate));
      console.log(`\nJSON: ${file} (${ms} ms)`);
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exitCode = 1;
  },
);
