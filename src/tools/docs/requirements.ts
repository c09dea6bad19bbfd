/**
 * The requirement IDs of `src/requirements/requirements.md`: the project's own
 * list, in the repository (what each source write-up asks is summarised in
 * `src/requirements/sources.md`). Each `## Preset `name`` section holds that
 * preset's table; `## Cross-cutting` holds the `X.*` IDs that apply to every
 * preset.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** One requirement. */
export interface Requirement {
  /** `R3.7`, `X.2`. */
  readonly id: string;
  /** The requirement text as written (Markdown inline formatting kept). */
  readonly text: string;
  /** The preset of its section; absent for cross-cutting requirements (every preset). */
  readonly preset?: string;
}

/** One preset section of the requirements file. */
export interface PresetSection {
  readonly preset: string;
  /** The source write-up it reproduces (`source 003`, summarised in `src/requirements/sources.md`), when the heading names one. */
  readonly source?: string;
  /** The paragraph under the heading. */
  readonly summary: string;
}

/** The parsed requirements file. */
export interface Requirements {
  readonly presets: readonly PresetSection[];
  /** In file order. */
  readonly requirements: readonly Requirement[];
}

/** Where the requirements file lives relative to the project root. */
export const REQUIREMENTS_PATH = "src/requirements/requirements.md";
/** Where the summaries of the source write-ups live relative to the project root. */
export const SOURCES_PATH = "src/requirements/sources.md";

/** Read and parse `<projectRoot>/src/requirements/requirements.md`; a clear error when it is missing. */
export function loadRequirements(projectRoot: string): Requirements {
  const file = resolve(join(projectRoot, REQUIREMENTS_PATH));
  if (!existsSync(file)) {
    throw new Error(
      `requirements file not found: ${file}\n` +
        `The requirement IDs live in ${REQUIREMENTS_PATH} (relative to the project root); restore it from git ` +
        `(git checkout -- ${REQUIREMENTS_PATH}).`,
    );
  }
  return parseRequirements(readFileSync(file, "utf8"));
}

const ID = /^(R\d+\.\d+|X\.\d+)$/;

/**
 * Parse the requirements Markdown. Table rows `| ID | text |` under a
 * `## Preset `name`` heading belong to that preset; under a heading starting
 * with `Cross-cutting` they apply to every preset. Header and separator rows
 * are skipped; a row whose first cell is not an ID is refused, as is a
 * duplicate ID or an `X.*` ID in a preset section (and an `R*` ID outside one).
 */
export function parseRequirements(markdown: string): Requirements {
  const presets: PresetSection[] = [];
  const requirements: Requirement[] = [];
  const problems: string[] = [];
  let section: { preset?: string; crossCutting: boolean } | undefined;
  let summary: string[] | undefined;
  const lines = markdown.split(/\r?\n/);
  lines.forEach((line, i) => {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      const title = heading[1].trim();
      const preset = /^Preset\s+`([^`]+)`(?:\s*[—–-]\s*(.+?))?\s*$/.exec(title);
      if (preset) {
        section = { preset: preset[1], crossCutting: false };
        summary = [];
        presets.push({ preset: preset[1], ...(preset[2] ? { source: preset[2] } : {}), summary: "" });
      } else {
        section = { crossCutting: /^cross-cutting/i.test(title) };
        summary = undefined;
      }
      return;
    }
    if (!line.trimStart().startsWith("|")) {
      if (summary && line.trim() !== "" && !line.startsWith("#")) summary.push(line.trim());
      return;
    }
    if (summary && presets.length > 0) {
      const last = presets[presets.length - 1];
      if (last.summary === "" && summary.length > 0) presets[presets.length - 1] = { ...last, summary: summary.join(" ") };
      summary = undefined;
    }
    const cells = splitRow(line);
    const first = cells[0] ?? "";
    if (first === "ID" || /^:?-+:?$/.test(first)) return;
    if (!section || (!section.preset && !section.crossCutting)) return;
    if (!ID.test(first)) {
      problems.push(`line ${i + 1}: "${first}" is not a requirement ID (R<n>.<m> or X.<n>)`);
      return;
    }
    if (requirements.some((r) => r.id === first)) problems.push(`line ${i + 1}: ${first} is defined twice`);
    if (section.crossCutting !== first.startsWith("X.")) {
      problems.push(`line ${i + 1}: ${first} is in the ${section.crossCutting ? "cross-cutting" : `preset ${section.preset}`} section; X.* IDs belong to the cross-cutting section, R* IDs to a preset`);
    }
    const text = cells.slice(1).join(" | ").trim();
    requirements.push({ id: first, text, ...(section.preset ? { preset: section.preset } : {}) });
  });
  if (problems.length > 0) throw new Error(`${REQUIREMENTS_PATH} cannot be read:\n  ${problems.join("\n  ")}`);
  if (requirements.length === 0) throw new Error(`${REQUIREMENTS_PATH} holds no requirement table rows`);
  return { presets, requirements };
}

/** Cells of a Markdown table row (a `\|` stays inside its cell). */
function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** Numeric order of IDs: R0.2 < R0.10 < R1.1 < X.1. */
export function compareIds(a: string, b: string): number {
  const key = (id: string) => {
    const m = /^([A-Z])(\d*)\.(\d+)$/.exec(id);
    return m ? [m[1] === "X" ? 1 : 0, Number(m[2] || 0), Number(m[3])] : [2, 0, 0];
  };
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a < b ? -1 : a > b ? 1 : 0;
}
