/**
 * Which tests name which requirement, found statically: the titles of
 * `describe(...)`, `it(...)` and `test(...)` calls (with `.each(...)`,
 * `.only`, `.skip`, ... and camel-case wrappers such as
 * `describeWithTerraform(...)`, whose first argument is the title) in
 * `__tests__/**\/*.test.ts`. Nothing is run: a title computed at run time
 * (`it.each(ids)("%s ...")`) carries no ID here.
 *
 * The source is parsed with `@swc/core` (TypeScript 7 ships no JavaScript
 * compiler API), so comments, strings, template literals and regular
 * expressions are never mistaken for calls.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseSync } from "@swc/core";
import { byCode } from "../../synthesized/terraform-index";

/** One test or describe title. */
export interface TestTitle {
  /** Path relative to the project root, with `/` separators. */
  readonly file: string;
  /** `describe` for a group (its IDs apply to every test inside it), `test` for `it`/`test`. */
  readonly kind: "describe" | "test";
  /** The title as written (a template literal keeps its `${...}` text). */
  readonly title: string;
  /** 1-based line of the call. */
  readonly line: number;
}

const CALLEE = /^(describe|it|test)(?:[A-Z]\w*)?$/;
const MODIFIERS = new Set(["only", "skip", "concurrent", "failing", "todo", "sequential"]);

/** The parts of swc's AST this reader looks at. */
interface Node {
  readonly type: string;
  readonly span?: { readonly start: number; readonly end: number };
  readonly [key: string]: unknown;
}

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && typeof (v as Node).type === "string";

/**
 * The test function a call's callee names, if it is one: `it`, `describe.only`,
 * `test.concurrent.each(table)`, `describe.each\`table\``, `describeWithTerraform`
 * (never a method of something else: `expect.it`).
 */
function testCallee(callee: Node): Node | undefined {
  let node = callee;
  // `.each(table)` / `.each\`table\``: the call or tagged template wraps `x.each`.
  if (node.type === "CallExpression" || node.type === "TaggedTemplateExpression") {
    const inner = (node.type === "CallExpression" ? node.callee : node.tag) as Node;
    if (inner.type !== "MemberExpression" || (inner.property as Node).type !== "Identifier" || (inner.property as { value: string }).value !== "each") return undefined;
    node = inner.object as Node;
  }
  while (node.type === "MemberExpression") {
    const prop = node.property as Node & { value?: string };
    if (prop.type !== "Identifier" || !MODIFIERS.has(prop.value ?? "")) return undefined;
    node = node.object as Node;
  }
  return node.type === "Identifier" && CALLEE.test((node as { value?: string }).value ?? "") ? node : undefined;
}

/** Test and describe titles of one source file. */
export function scanTitles(source: string, file: string): TestTitle[] {
  const bytes = Buffer.from(source, "utf8");
  const module = parseSync(source, { syntax: "typescript", tsx: false, comments: false });
  // swc positions are 1-based UTF-8 byte offsets (the module's span starts at its first token).
  const text = (span: { start: number; end: number }) => bytes.subarray(span.start - 1, span.end - 1).toString("utf8");
  const lineAt = (pos: number) => bytes.subarray(0, pos - 1).toString("utf8").split("\n").length;
  const found: { readonly pos: number; readonly title: TestTitle }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as Node;
    if (node.type === "CallExpression") {
      const root = isNode(node.callee) ? testCallee(node.callee) : undefined;
      const first = (node.arguments as { expression: Node }[] | undefined)?.[0]?.expression;
      if (root && first && (first.type === "StringLiteral" || first.type === "TemplateLiteral")) {
        const title = first.type === "StringLiteral" ? String(first.value) : text(first.span!).slice(1, -1);
        const name = (root as { value?: string }).value ?? "";
        found.push({ pos: root.span!.start, title: { file, kind: name.startsWith("describe") ? "describe" : "test", title, line: lineAt(root.span!.start) } });
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== "span") visit(child);
  };
  visit(module.body);
  return found.sort((a, b) => a.pos - b.pos).map((f) => f.title);
}

/** Every `*.test.ts` under `<projectRoot>/__tests__`, relative, `/`-separated, sorted. */
export function findTestFiles(projectRoot: string, dir = "__tests__"): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(path);
      } else if (entry.name.endsWith(".test.ts")) out.push(relative(projectRoot, path).split(sep).join("/"));
    }
  };
  walk(join(projectRoot, dir));
  return out.sort(byCode);
}

/** Titles of every test file of the project. */
export function scanProjectTests(projectRoot: string): TestTitle[] {
  return findTestFiles(projectRoot).flatMap((file) => scanTitles(readFileSync(join(projectRoot, file), "utf8"), file));
}

/**
 * What may not follow an ID for it to count: more of the token (`R3.1` is not
 * in `R3.10`, `R3.11`, `R3.1a`, `R3.1.2`), or a compound word (`R3.7-style`
 * cites the requirement as an example, it does not prove it).
 */
const ID_END = "(?![A-Za-z0-9_]|\\.[0-9]|-[a-z])";
const ID_START = "(?<![A-Za-z0-9_.])";

/** Whether `text` contains requirement `id` as a whole token (see {@link ID_END}). */
export function mentionsId(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${ID_START}${escaped}${ID_END}`).test(text);
}

/** Every requirement-like ID a title mentions (`R3.7`, `X.2`). */
export function idsIn(text: string): string[] {
  return [...text.matchAll(new RegExp(`${ID_START}(R\\d+\\.\\d+|X\\.\\d+)${ID_END}`, "g"))].map((m) => m[1]);
}
