/**
 * Parsing the requirements file: IDs, texts, presets from the section
 * headings, cross-cutting IDs, and refusals of malformed tables.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareIds, loadRequirements, parseRequirements } from "../../../src/tools/docs/requirements";

const SAMPLE = `# Requirements

Intro text.

## Preset \`shop\` — source 000
A small shop.
Second line of the summary.

| ID | Requirement |
|---|---|
| R9.1 | Users reach the site [Route 53 alias]. |
| R9.2 | Text with \`code\` and a \\| pipe. |
| R9.10 | The tenth. |

## Preset \`blog\`
| ID | Requirement |
|---|---|
| R8.1 | Blog text. |

## Cross-cutting (every preset)
| ID | Requirement |
|---|---|
| X.9 | Everywhere. |
`;

describe("parseRequirements", () => {
  const parsed = parseRequirements(SAMPLE);

  it.each([
    ["R9.1", "Users reach the site [Route 53 alias].", "shop"],
    ["R9.2", "Text with `code` and a | pipe.", "shop"],
    ["R9.10", "The tenth.", "shop"],
    ["R8.1", "Blog text.", "blog"],
    ["X.9", "Everywhere.", undefined],
  ])("reads %s with its text and preset", (id, text, preset) => {
    const r = parsed.requirements.find((x) => x.id === id);
    expect(r).toEqual(preset ? { id, text, preset } : { id, text });
  });

  it("keeps file order and skips header and separator rows", () => {
    expect(parsed.requirements.map((r) => r.id)).toEqual(["R9.1", "R9.2", "R9.10", "R8.1", "X.9"]);
  });

  it("reads each preset section's source and summary paragraph", () => {
    expect(parsed.presets).toEqual([
      { preset: "shop", source: "source 000", summary: "A small shop. Second line of the summary." },
      { preset: "blog", summary: "" },
    ]);
  });

  it.each([
    ["a row whose first cell is not an ID", SAMPLE.replace("| R9.10 |", "| R9-10 |"), /"R9-10" is not a requirement ID/],
    ["a duplicate ID", SAMPLE.replace("| R9.10 |", "| R9.1 |"), /R9\.1 is defined twice/],
    ["a cross-cutting ID in a preset section", SAMPLE.replace("| R8.1 |", "| X.8 |"), /X\.8 is in the preset blog section/],
    ["a preset ID in the cross-cutting section", SAMPLE.replace("| X.9 |", "| R7.1 |"), /R7\.1 is in the cross-cutting section/],
    ["no table at all", "# nothing\n", /holds no requirement table rows/],
  ])("refuses %s", (_what, text, message) => {
    expect(() => parseRequirements(text)).toThrow(message);
  });

  it("reports every problem of the file at once", () => {
    const broken = SAMPLE.replace("| R9.10 |", "| R9.1 |").replace("| R8.1 |", "| X.8 |");
    expect(() => parseRequirements(broken)).toThrow(/defined twice[\s\S]*X\.8 is in the preset/);
  });
});

describe("loadRequirements", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "req-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads src/requirements/requirements.md inside the project root", () => {
    mkdirSync(join(dir, "project", "src", "requirements"), { recursive: true });
    writeFileSync(join(dir, "project", "src", "requirements", "requirements.md"), SAMPLE);
    expect(loadRequirements(join(dir, "project")).requirements).toHaveLength(5);
  });

  it("never reads outside the project root: a requirements file beside it is ignored", () => {
    mkdirSync(join(dir, "project"));
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "requirements.md"), SAMPLE);
    expect(() => loadRequirements(join(dir, "project"))).toThrow(/requirements file not found: .*src.requirements.requirements\.md[\s\S]*restore it from git/);
  });
});

describe("compareIds", () => {
  it("orders IDs numerically, preset IDs before cross-cutting ones", () => {
    expect(["X.2", "R3.10", "R3.2", "X.10", "R0.1", "R10.1", "R3.1"].sort(compareIds)).toEqual(["R0.1", "R3.1", "R3.2", "R3.10", "R10.1", "X.2", "X.10"]);
  });
});
