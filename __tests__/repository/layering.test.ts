/**
 * The layering of src/ (which folder may import which), read from the import
 * statements of every file:
 * - `lib` (pure helpers) imports none of config, constructs, stacks, guardrails, templates or the tools;
 * - `templates` (user-data rendering) imports lib only;
 * - `constructs` import lib, templates and contract only: they own their props, the stacks
 *   translate the definition (src/config/) into them;
 * - `guardrails` import neither stacks nor the tools (the App hook that needs the stacks
 *   lives beside app.ts, src/guardrails-hook.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const SRC = join(ROOT, "src");

/** The operator tools' folders (src/tools/ once they move there). */
const TOOLS = ["tools", "tooling", "docs", "reach", "preview", "cost"];

/** A folder's rule: the top-level src folders its files may not import. */
interface Layer {
  readonly folder: string;
  readonly forbidden: readonly string[];
  /** Only these folders (besides its own) may be imported. @default any not forbidden */
  readonly allowed?: readonly string[];
}

const LAYERS: readonly Layer[] = [
  { folder: "lib", forbidden: ["config", "constructs", "stacks", "guardrails", "templates", ...TOOLS] },
  { folder: "templates", forbidden: ["config", "constructs", "stacks", "guardrails", ...TOOLS], allowed: ["lib"] },
  { folder: "constructs", forbidden: ["config", "stacks", "guardrails", ...TOOLS], allowed: ["lib", "templates", "contract"] },
  { folder: "guardrails", forbidden: ["stacks", ...TOOLS] },
];

/** One source file: its path relative to the repository and its text. */
interface Source {
  readonly path: string;
  readonly text: string;
}

/** Module specifiers of `import ... from`, `export ... from`, `import "x"`, `import("x")` and `require("x")`. */
export function importSpecifiers(text: string): string[] {
  // Comments may quote import lines; drop them first (a string never holds a comment opener in src/).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The top-level src folder of a repository path (`src/lib/cidr.ts` → `lib`); a file directly under src/ → its name. */
function layerOf(repoPath: string): string | undefined {
  const parts = repoPath.split("/");
  if (parts[0] !== "src") return undefined;
  return parts.length > 2 ? parts[1] : parts[1]!.replace(/\.ts$/, "");
}

/** Every forbidden import in `sources`, as `file -> specifier (folder)`. */
export function layeringViolations(sources: readonly Source[]): string[] {
  const out: string[] = [];
  for (const source of sources) {
    const from = layerOf(source.path);
    const layer = LAYERS.find((l) => l.folder === from);
    if (!layer) continue;
    for (const spec of importSpecifiers(source.text)) {
      if (!spec.startsWith(".")) continue; // packages
      const target = posix.normalize(posix.join(posix.dirname(source.path), spec));
      const to = layerOf(target);
      if (to === undefined || to === from) continue;
      const refused = layer.forbidden.includes(to) || (layer.allowed !== undefined && !layer.allowed.includes(to));
      if (refused) out.push(`${source.path} -> ${spec} (${from} may not import ${to})`);
    }
  }
  return out;
}

function sourcesUnder(dir: string): Source[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name))
    .map((file) => ({ path: relative(ROOT, file).split("\\").join("/"), text: readFileSync(file, "utf8") }));
}

const SOURCES = sourcesUnder(SRC);

describe("layering of src/ (issue 11: constructs own their props, tools stay out of synthesis)", () => {
  it("reads the imports of every layer it rules on", () => {
    for (const layer of LAYERS) {
      const files = SOURCES.filter((s) => layerOf(s.path) === layer.folder);
      expect(files.length).toBeGreaterThan(0);
      expect(files.flatMap((f) => importSpecifiers(f.text)).filter((s) => s.startsWith(".")).length).toBeGreaterThan(0);
    }
  });

  it("no file in lib, templates, constructs or guardrails imports a folder its layer may not", () => {
    expect(layeringViolations(SOURCES)).toEqual([]);
  });

  it("the guardrails' App hook lives beside app.ts, not inside the rule pack", () => {
    const hook = SOURCES.find((s) => s.path === "src/guardrails-hook.ts");
    expect(hook).toBeDefined();
    expect(importSpecifiers(hook!.text)).toContain("./stacks/environment-stack");
    expect(SOURCES.some((s) => s.path === "src/guardrails/synth-hook.ts")).toBe(false);
  });

  describe("the check itself (fixtures)", () => {
    const clean = SOURCES.filter((s) => layerOf(s.path) === "constructs");
    const added = (path: string, text: string) => layeringViolations([...clean, { path, text }]);

    it("refuses a construct importing the definition", () => {
      expect(added("src/constructs/bad.ts", 'import { Environment } from "../config/definition";\n')).toEqual([
        "src/constructs/bad.ts -> ../config/definition (constructs may not import config)",
      ]);
    });

    it("refuses type-only, side-effect, re-export, dynamic and require imports alike", () => {
      const text = [
        'import type { DataSection } from "../config/data/schema";',
        'import "../stacks/index";',
        'export { PORTS } from "../guardrails/rules";',
        'const m = await import("../tooling/terraform-offline");',
        'const n = require("../reach/model");',
        "import {",
        "  a,",
        "  b,",
        '} from "../docs/markdown";',
      ].join("\n");
      expect(added("src/lib/bad.ts", text)).toHaveLength(6);
    });

    it("refuses a template importing a construct (templates may import lib only)", () => {
      expect(added("src/templates/bad.ts", 'import { CACHE_PORT } from "../constructs/cache";')).toEqual([
        "src/templates/bad.ts -> ../constructs/cache (templates may not import constructs)",
      ]);
    });

    it("refuses the rule pack importing a stack", () => {
      expect(added("src/guardrails/bad.ts", 'import { EnvironmentStack } from "../stacks/environment-stack";')).toHaveLength(1);
    });

    it("accepts what the layers allow, and ignores imports quoted in comments", () => {
      const text = [
        'import { resourceName } from "../lib/naming";',
        'import { Construct } from "constructs";',
        'import { COMPUTE_OUTPUTS } from "../contract/compute";',
        '// import { Environment } from "../config/definition";',
        '/* import { x } from "../stacks/index"; */',
      ].join("\n");
      expect(added("src/constructs/good.ts", text)).toEqual([]);
    });
  });
});
