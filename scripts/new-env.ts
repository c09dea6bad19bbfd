/**
 * `npm run new-env -- <name> --from <preset> [--account <id>] [--domain <name>]`
 *
 * Writes src/environments/<name>.ts from the preset (personal and unique
 * values replaced, see src/tools/new-env.ts), registers it in DEFINITIONS,
 * writes a starter test __tests__/environments/<name>.test.ts, proves the new
 * environment synthesizes (validation and guardrails included), and writes its
 * page docs/<name>.md. Refused (nothing written): an invalid or existing name,
 * an unknown preset. If the new environment does not synthesize, every file
 * written is restored and the reason printed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFINITIONS, PRESETS } from "../src/environments";
import { exportNameOf, NewEnvError, planNewEnvironment, PresetSource } from "../src/tools/new-env";

const USAGE = "usage: npm run new-env -- <name> --from <preset> [--account <12-digit id>] [--domain <dns name>]";
const ROOT = resolve(__dirname, "..");

function presetSources(): PresetSource[] {
  return PRESETS.map((p) => {
    const path = `src/environments/presets/${p.name}.ts`;
    return { name: p.name, exportName: exportNameOf(p.name), path, text: readFileSync(join(ROOT, path), "utf8"), definition: p as Record<string, any> };
  });
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { from: { type: "string" }, account: { type: "string" }, domain: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  if (!name || extra.length > 0 || !parsed.values.from) {
    console.error(`${!name ? "name the new environment" : extra.length > 0 ? `one name only (got ${[name, ...extra].join(" ")})` : "--from <preset> is required"}\n${USAGE}\npresets: ${PRESETS.map((p) => p.name).join(", ")}`);
    return 2;
  }
  let plan;
  try {
    plan = planNewEnvironment({
      name,
      from: parsed.values.from,
      ...(parsed.values.account ? { account: parsed.values.account } : {}),
      ...(parsed.values.domain ? { domain: parsed.values.domain } : {}),
      presets: presetSources(),
      registered: DEFINITIONS as unknown as Record<string, any>[],
      indexText: readFileSync(join(ROOT, "src/environments/index.ts"), "utf8"),
      exists: (p) => existsSync(join(ROOT, p)),
    });
  } catch (e) {
    if (e instanceof NewEnvError) {
      console.error(`new-env: ${e.message}; nothing was written.`);
      return 1;
    }
    throw e;
  }

  const previous = new Map<string, string | undefined>();
  for (const [path, content] of Object.entries(plan.files)) {
    const file = join(ROOT, path);
    previous.set(path, existsSync(file) ? readFileSync(file, "utf8") : undefined);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  const restore = () => {
    for (const [path, content] of previous) {
      if (content === undefined) rmSync(join(ROOT, path), { force: true });
      else writeFileSync(join(ROOT, path), content);
    }
  };

  // Prove it: synthesize the new environment (validation, clashes, guardrails) in a fresh process.
  const outdir = mkdtempSync(join(tmpdir(), "new-env-"));
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const synth = spawnSync(tsx, ["main.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ENVIRONMENT: name, CDKTF_OUTDIR: outdir } });
  rmSync(outdir, { recursive: true, force: true });
  if (synth.status !== 0) {
    restore();
    console.error(`new-env: ${name} does not synthesize, so nothing was kept:\n${(synth.stderr || synth.stdout).trim()}`);
    return 1;
  }
  const docs = spawnSync(tsx, ["scripts/docs.ts"], { cwd: ROOT, encoding: "utf8" });
  if (docs.status !== 0) {
    restore();
    console.error(`new-env: writing docs/${name}.md failed, so nothing was kept:\n${(docs.stderr || docs.stdout).trim()}`);
    return 1;
  }

  console.log(`created environment ${name} from preset ${parsed.values.from}:`);
  for (const path of [...Object.keys(plan.files), `docs/${name}.md`]) console.log(`  written  ${path}`);
  console.log("\nreplaced:");
  for (const r of plan.replaced) console.log(`  ${r}`);
  const warnings = synth.stderr.split("\n").filter((l) => l.startsWith(`warning: ${name} `));
  if (warnings.length > 0) console.log(`\n${warnings.join("\n")}`);
  console.log(`\nnext: edit src/environments/${name}.ts, then\n  ENVIRONMENT=${name} npx cdktf synth\n  npm test`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`new-env: ${(e as Error).message}`);
  process.exitCode = 1;
}
