/**
 * `npm run diagram -- <env>`: the environment as a Mermaid flowchart, drawn
 * from its synthesized Terraform JSON (VPC, AZs, subnets per tier, NAT,
 * internet gateway, load balancers, Auto Scaling groups, bastion, data
 * stores, CDN/WAF/DNS, datacenter VPN; disaster-recovery stacks too).
 *
 *   npm run diagram -- buddyverse                 Mermaid on stdout
 *   npm run diagram -- buddyverse --markdown      wrapped in a ```mermaid block
 *   npm run diagram -- buddyverse --out x.mmd     into a file
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildDiagram, renderMermaid } from "../src/tools/docs/diagram";
import { synthesizeEnvironment } from "../src/tools/docs/synth";
import { parseCommandLine } from "./command-line";
import { DEFINITIONS } from "../src/environments";

const USAGE = `usage: npm run diagram -- <env> [--markdown] [--out <file>]
  <env>  one of: ${DEFINITIONS.map((d) => d.name).join(", ")}`;

function main(argv: string[]): number {
  const parsed = parseCommandLine(argv, USAGE, { out: { type: "string" as const }, markdown: { type: "boolean" as const } });
  if (typeof parsed === "number") return parsed;
  const { out, markdown = false } = parsed.values;
  const positional = parsed.positionals;
  const [envName] = positional;
  if (positional.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  if (!DEFINITIONS.some((d) => d.name === envName)) {
    console.error(`unknown environment ${JSON.stringify(envName)}; known: ${DEFINITIONS.map((d) => d.name).join(", ")}`);
    return 2;
  }
  const mermaid = renderMermaid(buildDiagram(envName, synthesizeEnvironment(envName, DEFINITIONS).stacks));
  const text = markdown ? `\`\`\`mermaid\n${mermaid}\`\`\`\n` : mermaid;
  if (out === undefined) process.stdout.write(text);
  else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.error(`written ${out}`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
