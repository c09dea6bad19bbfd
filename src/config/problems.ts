/**
 * Problems found in an environment definition, and the error that carries them.
 */

/** A path into the definition: keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** One thing wrong with a definition. */
export interface DefinitionProblem {
  /** Where: `network.subnets[1].cidrs[0]`. */
  readonly path: string;
  /** The value given there (undefined when the field is missing). */
  readonly value: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Formats `["network","subnets",1]` as `network.subnets[1]`. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(root)" : out;
}

/** The value at `path` in `raw`, or undefined when any step is missing. */
export function valueAt(raw: unknown, path: FieldPath): unknown {
  let cur: unknown = raw;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Thrown when a definition is invalid; lists every problem, each with its field
 * path, the value given and what is allowed. Nothing is synthesized after it.
 */
export class DefinitionError extends Error {
  /** Every problem found, in definition order. */
  readonly problems: readonly DefinitionProblem[];
  /** Which definition (its name, or the file it came from). */
  readonly source: string;

  constructor(source: string, problems: readonly DefinitionProblem[]) {
    const lines = problems.map((p) => `  - ${p.path} (given: ${show(p.value)}): ${p.message}`);
    super(`environment definition "${source}" is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "DefinitionError";
    this.problems = problems;
    this.source = source;
  }
}

/** Collects problems against one raw definition. */
export class ProblemCollector {
  private readonly found: DefinitionProblem[] = [];
  constructor(private readonly raw: unknown) {}

  /** Record a problem at `path`; the given value is looked up in the raw definition. */
  add(path: FieldPath, message: string): void {
    this.found.push({ path: formatPath(path), value: valueAt(this.raw, path), message });
  }

  /** Everything recorded so far. */
  get problems(): readonly DefinitionProblem[] {
    return this.found;
  }
}
