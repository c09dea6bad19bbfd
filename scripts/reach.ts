/**
 * `npm run reach -- <env>`: who can open a connection to whom, computed from
 * the environment's synthesized Terraform JSON (security groups, NACLs, route
 * tables), printed as a table and written as JSON.
 *
 *   npm run reach -- buddyverse                         table + cdktf.out/reach/buddyverse.json
 *   npm run reach -- buddyverse --out /tmp/m.json       JSON elsewhere
 *   npm run reach -- buddyverse --json                  JSON on stdout instead of the table
 *   npm run reach -- buddyverse --explain internet web 80   layer by layer, why open or closed
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DEFINITIONS } from "../src/environments";
import { formatExplanation, formatTable, parseParty, toJson } from "../src/tools/reach/format";
import { synthesizeStacks } from "../src/tools/reach/load";
import { computeMatrix, explain } from "../src/tools/reach/matrix";
import { parseCommandLine } from "./command-line";
import { extractModel, PARTY_IDS } from "../src/tools/reach/model";

const USAGE = `usage: npm run reach -- <env> [--out <file>] [--json] [--explain <from> <to> <port>]
  <env>      one of: ${DEFINITIONS.map((d) => d.name).join(", ")}
  parties:   ${PARTY_IDS.join(", ")}`;

function main(argv: string[]): number {
  const parsed = parseCommandLine(argv, USAGE, { out: { type: "string" as const }, json: { type: "boolean" as const }, explain: { type: "boolean" as const } });
  if (typeof parsed === "number") return parsed;
  const { out, json = false, explain: explaining = false } = parsed.values;
  // `--explain <from> <to> <port>`: the three words after the environment.
  const [envName, ...rest] = parsed.positionals;
  const explainArgs = explaining ? rest : undefined;
  if (envName === undefined || rest.length > (explaining ? 3 : 0)) {
    console.error(USAGE);
    return 2;
  }
  if (!DEFINITIONS.some((d) => d.name === envName)) {
    console.error(`unknown environment ${JSON.stringify(envName)}; known: ${DEFINITIONS.map((d) => d.name).join(", ")}`);
    return 2;
  }

  const started = performance.now();
  const model = extractModel(synthesizeStacks(envName, DEFINITIONS));

  if (explainArgs) {
    const [fromText = "", toText = "", port] = explainArgs;
    const [from, to] = [parseParty(fromText), parseParty(toText)];
    const p = Number(port);
    if (!from || !to || !Number.isInteger(p) || p < 0 || p > 65535 || port === undefined) {
      const bad = !from ? `unknown party ${JSON.stringify(fromText)}; ` : !to ? `unknown party ${JSON.stringify(toText)}; ` : "";
      console.error(`${bad}--explain takes <from> <to> <port>: parties ${PARTY_IDS.join(", ")} (as the matrix heads them), a port 0-65535`);
      return 2;
    }
    console.log(formatExplanation(explain(model, from, to, p)));
    return 0;
  }

  const matrix = computeMatrix(model);
  const document = `${JSON.stringify(toJson(envName, model, matrix), null, 2)}\n`;
  if (json && out === undefined) {
    process.stdout.write(document);
    return 0;
  }
  const file = out ?? `cdktf.out/reach/${envName}.json`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, document);
  if (!json) console.log(formatTable(envName, model, matrix));
  else process.stdout.write(document);
  console.log(`\nJSON: ${file} (${Math.round(performance.now() - started)} ms)`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
