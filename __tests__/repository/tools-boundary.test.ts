/**
 * The operator tools (`src/tools/`) sit apart from what runs at synth: nothing
 * on the synth side imports them, and the one model of the synthesized JSON
 * (`src/synthesized/`) imports nothing from `src/` but the contract and lib
 * (issue 11: target folder layout). Read from the import statements of every
 * file, so a new file is covered the day it is added.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const SRC = join(ROOT, "src");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** `src/`-relative targets of a file's relative imports (`tools/reach/model`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)).split("\\").join("/"));
}

const ALL = filesUnder(SRC).map((f) => ({ file: relative(SRC, f).split("\\").join("/"), imports: importsOf(f) }));

describe("the operator tools stay apart from the synth side", () => {
  it("finds the files it checks: the synth side, the tools and src/synthesized", () => {
    expect(ALL.filter((f) => f.file.startsWith("tools/")).length).toBeGreaterThan(50);
    expect(ALL.filter((f) => !f.file.startsWith("tools/")).length).toBeGreaterThan(100);
    expect(ALL.filter((f) => f.file.startsWith("synthesized/")).map((f) => f.file).sort()).toEqual([
      "synthesized/load.ts",
      "synthesized/order.ts",
      "synthesized/references.ts",
      "synthesized/stack.ts",
      "synthesized/terraform-index.ts",
      "synthesized/terraform-json.ts",
    ]);
  });

  it("no file outside src/tools imports src/tools", () => {
    const offending = ALL.filter((f) => !f.file.startsWith("tools/")).flatMap((f) => f.imports.filter((i) => i.startsWith("tools/")).map((i) => `${f.file} -> ${i}`));
    expect(offending).toEqual([]);
  });

  it("src/synthesized imports nothing from src/ but itself, contract and lib", () => {
    const synthesized = ALL.filter((f) => f.file.startsWith("synthesized/"));
    const offending = synthesized.flatMap((f) => f.imports.filter((i) => !/^(synthesized|contract|lib)\//.test(i)).map((i) => `${f.file} -> ${i}`));
    expect(offending).toEqual([]);
  });
});
