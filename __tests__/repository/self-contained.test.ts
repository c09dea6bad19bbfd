/**
 * A clone is all a user has: nothing the project runs or tests may read a
 * path outside the repository (the source write-ups and the team's reference
 * notes are not shipped). The requirement list and the summaries of the
 * sources live in src/requirements/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadRequirements, REQUIREMENTS_PATH, SOURCES_PATH } from "../../src/tools/docs/requirements";
import { PRESETS } from "../../src/environments";

const ROOT = resolve(__dirname, "../..");
/** Files git tracks that run or configure something (not prose, not generated pages). */
const RUNNABLE = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|js|cjs|mjs|json|sh)$/.test(f) || f === ".ci/run" || f === "help")
  .filter((f) => f !== "package-lock.json")
  .filter((f) => existsSync(join(ROOT, f)));

/**
 * Paths beside the repository: the reference folder one level up and the source write-ups'
 * file names. Built from parts so that this file does not name them itself.
 */
const BESIDE = new RegExp([["\\.\\.", "shared\\b"].join("/"), ["shared", "requirements\\.md"].join("/"), ["shared", "seeds"].join("/"), "seeds/\\d{3}_[0-9a-f]+\\.txt"].join("|"));

describe("the pattern of paths beside the repository", () => {
  it.each([["../" + "shared/conventions.md"], ["seeds/" + "003_f05f809818d7a0f9.txt"], ["x/shared/" + "requirements.md"]])("matches %s", (text) => expect(BESIDE.test(text)).toBe(true));
  it.each([["src/requirements/requirements.md"], ["sharedFiles"], ["./shared-files"]])("does not match %s", (text) => expect(BESIDE.test(text)).toBe(false));
});

describe("the repository stands alone", () => {
  it("has runnable files to check", () => {
    expect(RUNNABLE.length).toBeGreaterThan(100);
    expect(RUNNABLE).toContain("main.ts");
    expect(RUNNABLE).toContain(".ci/run");
  });

  it("no runnable file names a path beside the repository (the reference folder, the source write-ups)", () => {
    const offenders = RUNNABLE.filter((f) => BESIDE.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("keeps its own requirement list, with a section for every preset and a summary of every source", () => {
    expect(existsSync(join(ROOT, REQUIREMENTS_PATH))).toBe(true);
    const requirements = loadRequirements(ROOT);
    expect(requirements.presets.map((p) => p.preset).sort()).toEqual(PRESETS.map((p) => p.name).sort());
    const sources = readFileSync(join(ROOT, SOURCES_PATH), "utf8");
    for (const section of requirements.presets) {
      expect(section.source).toMatch(/^source \d{3}$/);
      expect(sources).toContain(`## ${section.source!.replace("source", "Source")} —`);
      expect(sources).toContain(`(preset \`${section.preset}\`)`);
    }
  });

  it("every requirement ID of the list is cited in the summary of the sources (each fact has its origin)", () => {
    const sources = readFileSync(join(ROOT, SOURCES_PATH), "utf8");
    const presetIds = loadRequirements(ROOT).requirements.filter((r) => r.preset).map((r) => r.id);
    expect(presetIds.length).toBeGreaterThan(30);
    expect(presetIds.filter((id) => !new RegExp(`\\b${id.replace(".", "\\.")}\\b`).test(sources))).toEqual([]);
  });
});
