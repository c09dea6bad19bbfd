/**
 * The project's traceability holds: every requirement of
 * src/requirements/requirements.md is named by a test and realized by resources
 * (or, for the definition itself, code), and the resource map resolves
 * against what the presets synthesize today.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { REQUIREMENT_RESOURCES } from "../../../src/tools/docs/requirement-resources";
import { loadRequirements } from "../../../src/tools/docs/requirements";
import { synthesizeEnvironment } from "../../../src/tools/docs/synth";
import { scanProjectTests } from "../../../src/tools/docs/test-titles";
import { buildTrace, Trace } from "../../../src/tools/docs/trace";
import { PRESETS } from "../../../src/environments";

const ROOT = resolve(__dirname, "../../..");
let trace: Trace;

beforeAll(() => {
  const requirements = loadRequirements(ROOT);
  trace = buildTrace({
    requirements: requirements.requirements,
    presets: PRESETS.map((p) => p.name),
    realizations: REQUIREMENT_RESOURCES,
    stacks: Object.fromEntries(PRESETS.map((p) => [p.name, synthesizeEnvironment(p.name, PRESETS).stacks])),
    titles: scanProjectTests(ROOT),
    fileExists: (path) => existsSync(join(ROOT, path)),
  });
});

describe("traceability of src/requirements/requirements.md", () => {
  it("every requirement ID is carried by the name of at least one test", () => {
    if (trace.withoutTests.length > 0) {
      throw new Error(`IDs without a test whose name carries them: ${trace.withoutTests.join(", ")}. Name a test (or its describe) with the ID, e.g. it("${trace.withoutTests[0]} ...").`);
    }
  });

  it("every requirement ID is realized by resources in src/tools/docs/requirement-resources.ts (or by code, for the definition itself)", () => {
    if (trace.withoutRealization.length > 0) throw new Error(`IDs without resources in src/tools/docs/requirement-resources.ts: ${trace.withoutRealization.join(", ")}`);
    const codeOnly = trace.entries.filter((e) => e.resources.length === 0).map((e) => e.requirement.id);
    // Only refusing invalid definitions happens before any resource exists.
    expect(codeOnly).toEqual(["X.5"]);
  });

  it("the resource map resolves against the synthesized presets: no pattern matches nothing, no unknown ID, preset or stack", () => {
    if (trace.mapProblems.length > 0) throw new Error(`src/tools/docs/requirement-resources.ts is out of date:\n  ${trace.mapProblems.join("\n  ")}`);
  });

  it("preset requirements map to resources of their own preset only; cross-cutting ones to every preset", () => {
    for (const e of trace.entries) {
      const presets = new Set(e.resources.map((s) => s.preset));
      if (e.requirement.preset) expect([e.requirement.id, [...presets]]).toEqual([e.requirement.id, [e.requirement.preset]]);
      else if (e.code.length === 0) expect([e.requirement.id, [...presets].sort()]).toEqual([e.requirement.id, PRESETS.map((p) => p.name).sort()]);
    }
  });

  it("no test name cites an ID that the requirements file does not define", () => {
    const unknown = trace.unknownTestIds.map((u) => `${u.id} in ${u.test.file}: "${u.test.title}"`);
    if (unknown.length > 0) throw new Error(`test names cite unknown requirement IDs (typo?):\n  ${unknown.join("\n  ")}`);
  });
});
