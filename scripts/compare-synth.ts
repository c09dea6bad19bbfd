/**
 * Compares two syntheses (cdktf output directories) with resource addresses
 * mapped: proves a change renamed addresses and nothing else.
 *
 *   npx tsx scripts/compare-synth.ts <before-outdir> <after-outdir> [--map docs/address-map.md] [--title "..."]
 *   npx tsx scripts/compare-synth.ts --count <outdir>
 *
 * Each resource and data source of the BEFORE output is renamed with the
 * address rule (src/lib/address.ts `resourceAddressName`, applied to the
 * construct path cdktf records in its `//` metadata), and every reference to
 * it (`${aws_lb.alb_lb.arn}`, `depends_on` entries, `for` expressions) is
 * rewritten; the result must equal the AFTER output exactly, stack by stack.
 * `--map` writes the old → new table (markdown) of the renamed addresses.
 * `--count` prints how many addresses of an output break the rule (repeat their
 * type, or use `_` inside a construct id). Exits 1 on any difference.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resourceAddressName, withoutTypeName } from "../src/lib/address";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Blocks = Record<string, Record<string, { [key: string]: Json }>>;

/** The stacks of a cdktf output directory: name → parsed cdk.tf.json. */
function loadStacks(outdir: string): Map<string, Record<string, Json>> {
  const root = join(outdir, "stacks");
  if (!existsSync(root)) throw new Error(`${outdir}: no stacks/ directory (synthesize with CDKTF_OUTDIR=${outdir} npx tsx main.ts)`);
  const stacks = new Map<string, Record<string, Json>>();
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, "cdk.tf.json");
    if (existsSync(file)) stacks.set(name, JSON.parse(readFileSync(file, "utf8")));
  }
  if (stacks.size === 0) throw new Error(`${outdir}: no stacks`);
  return stacks;
}

/** The construct path below the stack that cdktf recorded for a block. */
function pathOf(block: { [key: string]: Json }, what: string): string[] {
  const meta = (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  if (typeof meta !== "string") throw new Error(`${what}: no "//".metadata.path`);
  return meta.split("/").slice(1);
}

/** True when cdktf recorded a construct path for the block. */
function hasPath(block: { [key: string]: Json }): boolean {
  return typeof (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path === "string";
}

/** One renamed address. */
interface Rename {
  readonly stack: string;
  /** `aws_lb` or `data.terraform_remote_state`. */
  readonly type: string;
  readonly from: string;
  readonly to: string;
}

/** The renames of one stack: every resource and data source through the address rule. */
function renamesOf(stack: string, json: Record<string, Json>): Rename[] {
  const out: Rename[] = [];
  for (const [section, prefix] of [["resource", ""], ["data", "data."]] as const) {
    const blocks = (json[section] ?? {}) as Blocks;
    for (const [type, byName] of Object.entries(blocks)) {
      for (const [name, block] of Object.entries(byName)) {
        // Remote-state reads carry no metadata and keep their id (they are not resources).
        const to = hasPath(block) ? resourceAddressName(type, pathOf(block, `${stack} ${prefix}${type}.${name}`)) : name;
        out.push({ stack, type: `${prefix}${type}`, from: name, to });
      }
    }
  }
  return out;
}

/** `json` with the renames applied: block keys, metadata unique ids and every reference in strings. */
function applyRenames(json: Record<string, Json>, renames: readonly Rename[]): Record<string, Json> {
  const byAddress = new Map(renames.map((r) => [`${r.type}.${r.from}`, `${r.type}.${r.to}`]));
  // A reference: `<type>.<name>` (or `data.<type>.<name>`) not preceded by a name character.
  const ref = /(?<![A-Za-z0-9_.-])((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g;
  const rewrite = (s: string) => s.replace(ref, (whole, type: string, name: string) => byAddress.get(`${type}.${name}`) ?? whole);
  const walk = (v: Json): Json => {
    if (typeof v === "string") return rewrite(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(json) as Record<string, Json>;
  for (const [section, prefix] of [["resource", ""], ["data", "data."]] as const) {
    const blocks = out[section] as Blocks | undefined;
    if (!blocks) continue;
    for (const [type, byName] of Object.entries(blocks)) {
      const renamed: Record<string, { [key: string]: Json }> = {};
      for (const [name, block] of Object.entries(byName)) {
        const to = renames.find((r) => r.type === `${prefix}${type}` && r.from === name)?.to ?? name;
        const meta = (block["//"] as { metadata?: { uniqueId?: string } } | undefined)?.metadata;
        if (meta && meta.uniqueId === name) meta.uniqueId = to;
        renamed[to] = block;
      }
      blocks[type] = renamed;
    }
  }
  return out;
}

/** Paths where `a` and `b` differ (at most `limit`). */
function differences(a: Json, b: Json, at = "", limit = 20, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== "object") {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at || "/"}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}`);
    return out;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) {
    if (!(k in (a as object))) out.push(`${at}/${k}: only after`);
    else if (!(k in (b as object))) out.push(`${at}/${k}: only before`);
    else differences((a as Record<string, Json>)[k]!, (b as Record<string, Json>)[k]!, `${at}/${k}`, limit, out);
    if (out.length >= limit) break;
  }
  return out;
}

/** Resource addresses of an output: total, those whose name repeats its type, those not written by the address rule. */
export function countStutters(outdir: string): { total: number; repeatingType: string[]; offRule: string[] } {
  let total = 0;
  const repeatingType: string[] = [];
  const offRule: string[] = [];
  for (const [stack, json] of loadStacks(outdir)) {
    for (const [type, byName] of Object.entries((json.resource ?? {}) as Blocks)) {
      for (const [name, block] of Object.entries(byName)) {
        total++;
        // A name part after the first that is (or starts with) the type's last word(s): `alb_lb`, `nat_eip-a`.
        if (name.split("_").slice(1).some((p) => withoutTypeName(type, p) !== p)) repeatingType.push(`${stack} ${type}.${name}`);
        if (name !== resourceAddressName(type, pathOf(block, `${stack} ${type}.${name}`))) offRule.push(`${stack} ${type}.${name}`);
      }
    }
  }
  return { total, repeatingType, offRule };
}

/** The markdown table of the renames (unchanged addresses left out). */
function mapTable(renames: readonly Rename[], title: string): string {
  const changed = renames.filter((r) => r.from !== r.to);
  const lines = [
    `# ${title}`,
    "",
    "Generated by `npx tsx scripts/compare-synth.ts <before> <after> --map <this file>`. The rule (src/lib/address.ts):",
    "a resource's name is its construct path below the stack joined with `_`; a `_` inside a construct id becomes `-`;",
    "every path part after the first that only names the resource's type (its last word(s) in kebab case) is dropped,",
    "and one that starts with them keeps only its qualifier (`nat/eip-a` → `nat_a`).",
    "",
    `${changed.length} of ${renames.length} addresses change (every stack of every preset).`,
    "",
    "| stack | type | old name | new name |",
    "| --- | --- | --- | --- |",
    ...changed.map((r) => `| ${r.stack} | \`${r.type}\` | \`${r.from}\` | \`${r.to}\` |`),
    "",
  ];
  return lines.join("\n");
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { map: { type: "string" }, title: { type: "string" }, count: { type: "boolean" } },
  });
  if (values.count) {
    for (const dir of positionals) {
      const { total, repeatingType, offRule } = countStutters(dir);
      console.log(`${dir}: ${total} resource addresses; ${repeatingType.length} repeat their type; ${offRule.length} are not what the address rule gives`);
    }
    return 0;
  }
  const [beforeDir, afterDir] = positionals;
  if (!beforeDir || !afterDir) {
    console.error("usage: compare-synth.ts <before-outdir> <after-outdir> [--map file.md] [--title text] | --count <outdir>...");
    return 2;
  }
  const before = loadStacks(beforeDir);
  const after = loadStacks(afterDir);
  const allRenames: Rename[] = [];
  let failed = false;
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(name);
    const a = after.get(name);
    if (!b || !a) {
      console.log(`${name}: only ${b ? "before" : "after"}`);
      failed = true;
      continue;
    }
    const renames = renamesOf(name, b);
    allRenames.push(...renames);
    const diff = differences(applyRenames(b, renames), a);
    if (diff.length > 0) {
      failed = true;
      console.log(`${name}: differs after mapping\n  ${diff.join("\n  ")}`);
    }
  }
  const changed = allRenames.filter((r) => r.from !== r.to).length;
  console.log(`${before.size} stacks compared; ${changed} of ${allRenames.length} addresses renamed; ${failed ? "DIFFERENCES FOUND" : "identical apart from addresses"}`);
  if (values.map) writeFileSync(values.map, mapTable(allRenames, values.title ?? "Address map"));
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
