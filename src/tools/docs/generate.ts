/**
 * Generate every document `npm run docs` writes: `docs/requirements.md` and
 * `docs/<env>.md` for every registered environment (the presets and the
 * user's own). Returns the files' contents (the
 * script writes them; the staleness test compares them), so generation has
 * no side effect besides temporary synthesis directories.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentDefinition } from "../../config/definition";
import { computeMatrix } from "../reach/matrix";
import { extractModel } from "../reach/model";
import { buildDiagram } from "./diagram";
import { environmentDocPath, renderEnvironmentDoc } from "./environment-doc";
import { egressFacts } from "./network-facts";
import { Realization, REQUIREMENT_RESOURCES } from "./requirement-resources";
import { renderRequirementsDoc, REQUIREMENTS_DOC } from "./requirements-doc";
import { loadRequirements, Requirements, REQUIREMENTS_PATH } from "./requirements";
import { synthesizeEnvironment, SynthesizedStacks } from "./synth";
import { TerraformIndex } from "../../synthesized/terraform-index";
import { scanProjectTests } from "./test-titles";
import { buildTrace, Trace } from "./trace";

/** The generated documents. */
export interface GeneratedDocs {
  /** Project-relative path → content. */
  readonly files: Readonly<Record<string, string>>;
  readonly trace: Trace;
  readonly requirements: Requirements;
  /** Synthesized stacks per environment. */
  readonly synthesized: Readonly<Record<string, SynthesizedStacks>>;
  /** Milliseconds spent per phase (synthesis, trace, rendering). */
  readonly timings: Readonly<Record<string, number>>;
}

/** Options of {@link generateDocs}. */
export interface GenerateOptions {
  /** The project root (holds `__tests__/` and `src/requirements/requirements.md`). */
  readonly projectRoot: string;
  /** The presets: the environments the requirement list traces (`docs/<name>.md` each). */
  readonly presets: readonly EnvironmentDefinition[];
  /**
   * Every environment to document (`docs/<name>.md` each), presets included; the
   * user's own environments get the same page without a requirements table.
   * @default presets
   */
  readonly environments?: readonly EnvironmentDefinition[];
  /** The requirement → resources map. @default REQUIREMENT_RESOURCES */
  readonly realizations?: Readonly<Record<string, readonly Realization[]>>;
}

/**
 * Generate the documents. Throws when the requirements file is missing or
 * when the resource map is broken (a pattern matching nothing, an unknown ID
 * or preset): those must be fixed, not documented.
 */
export function generateDocs(options: GenerateOptions): GeneratedDocs {
  const timings: Record<string, number> = {};
  const time = <T>(phase: string, f: () => T): T => {
    const start = performance.now();
    const result = f();
    timings[phase] = (timings[phase] ?? 0) + Math.round(performance.now() - start);
    return result;
  };
  const requirements = time("requirements", () => loadRequirements(options.projectRoot));
  const presetNames = options.presets.map((p) => p.name);
  const unknown = requirements.presets.filter((s) => !presetNames.includes(s.preset));
  if (unknown.length > 0) throw new Error(`${REQUIREMENTS_PATH} names presets that src/environments does not define: ${unknown.map((s) => s.preset).join(", ")}`);
  const environments = options.environments ?? options.presets;
  const missing = options.presets.filter((p) => !environments.some((e) => e.name === p.name));
  if (missing.length > 0) throw new Error(`environments must include every preset; missing: ${missing.map((p) => p.name).join(", ")}`);

  const synthesized: Record<string, SynthesizedStacks> = {};
  for (const e of environments) synthesized[e.name] = time("synthesis", () => synthesizeEnvironment(e.name, environments));

  const trace = time("trace", () =>
    buildTrace({
      requirements: requirements.requirements,
      presets: presetNames,
      realizations: options.realizations ?? REQUIREMENT_RESOURCES,
      stacks: Object.fromEntries(presetNames.map((k) => [k, synthesized[k].stacks])),
      titles: scanProjectTests(options.projectRoot),
      fileExists: (path) => existsSync(join(options.projectRoot, path)),
    }),
  );
  if (trace.mapProblems.length > 0) {
    throw new Error(`src/tools/docs/requirement-resources.ts does not match the synthesized stacks:\n  ${trace.mapProblems.join("\n  ")}`);
  }

  const files: Record<string, string> = {};
  files[REQUIREMENTS_DOC] = time("render", () => renderRequirementsDoc(trace, requirements.presets));
  for (const p of environments) {
    const s = synthesized[p.name];
    const model = time("reach", () => extractModel(s.stacks));
    const matrix = time("reach", () => computeMatrix(model));
    files[environmentDocPath(p.name)] = time("render", () =>
      renderEnvironmentDoc({
        name: p.name,
        description: p.description ?? "",
        ...(requirements.presets.find((x) => x.preset === p.name) ? { section: requirements.presets.find((x) => x.preset === p.name)! } : {}),
        synthesized: s,
        diagram: buildDiagram(p.name, s.stacks),
        model,
        matrix,
        egress: egressFacts(new TerraformIndex(s.stacks)),
        trace,
      }),
    );
  }
  return { files, trace, requirements, synthesized, timings };
}
