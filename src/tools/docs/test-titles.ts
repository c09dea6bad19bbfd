/**
 * Which tests name which requirement, found statically: the titles of
 * `describe(...)`, `it(...)` and `test(...)` calls (with `.each(...)`,
 * `.only`, `.skip`, ... and camel-case wrappers such as
 * `describeWithTerraform(...)`, whose first argument is the title) in
 * `__tests__/**\/*.test.ts`. Nothing is run: a title computed at run time
 * (`it.each(ids)("%s ...")`) carries no ID here.
 *
 * TypeScript 7 ships no JavaScript compiler API, so a small tokenizer reads
 * the source: comments, strings, template literals (with nested `${}`) and
 * regular expression literals are skipped correctly, which is all a title
 * search needs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
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

type Token =
  | { readonly t: "str"; readonly value: string; readonly line: number }
  | { readonly t: "ident"; readonly value: string; readonly line: number }
  | { readonly t: "punct"; readonly value: string; readonly line: number }
  | { readonly t: "other"; readonly value: string; readonly line: number };

const REGEX_AFTER_KEYWORD = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"]);

/** Tokens of a TypeScript source, without comments and whitespace. */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = source.length;
  const last = () => out[out.length - 1];
  const regexAllowed = () => {
    const p = last();
    if (!p) return true;
    if (p.t === "str" || p.t === "other") return false;
    if (p.t === "ident") return REGEX_AFTER_KEYWORD.has(p.value);
    return !(p.value === ")" || p.value === "]" || p.value === "}");
  };
  const count = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (source[k] === "\n") line++;
  };
  /** Read a template literal starting at the backquote; returns its raw text and the index after it. */
  const template = (start: number): [string, number] => {
    let k = start + 1;
    while (k < n && source[k] !== "`") {
      if (source[k] === "\\") k += 2;
      else if (source[k] === "$" && source[k + 1] === "{") k = skipBraces(k + 2);
      else k++;
    }
    return [source.slice(start + 1, k), k + 1];
  };
  /** Skip an expression inside `${ ... }` (strings, templates and nested braces included); returns the index after `}`. */
  const skipBraces = (start: number): number => {
    let depth = 1;
    let k = start;
    while (k < n && depth > 0) {
      const c = source[k];
      if (c === "'" || c === '"') k = quoted(k)[1];
      else if (c === "`") k = template(k)[1];
      else {
        if (c === "{") depth++;
        else if (c === "}") depth--;
        k++;
      }
    }
    return k;
  };
  const quoted = (start: number): [string, number] => {
    const q = source[start];
    let k = start + 1;
    let value = "";
    while (k < n && source[k] !== q && source[k] !== "\n") {
      if (source[k] === "\\" && k + 1 < n) {
        value += unescape(source[k + 1]);
        k += 2;
      } else value += source[k++];
    }
    return [value, k + 1];
  };
  while (i < n) {
    const c = source[i];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "/" && source[i + 1] === "/") {
      while (i < n && source[i] !== "\n") i++;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      count(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      const [value, next] = quoted(i);
      out.push({ t: "str", value, line });
      i = next;
    } else if (c === "`") {
      const startLine = line;
      const [value, next] = template(i);
      count(i, next);
      out.push({ t: "str", value, line: startLine });
      i = next;
    } else if (/[A-Za-z_$]/.test(c)) {
      let k = i + 1;
      while (k < n && /[\w$]/.test(source[k])) k++;
      out.push({ t: "ident", value: source.slice(i, k), line });
      i = k;
    } else if (/[0-9]/.test(c)) {
      let k = i + 1;
      while (k < n && /[\w.]/.test(source[k])) k++;
      out.push({ t: "other", value: source.slice(i, k), line });
      i = k;
    } else if (c === "/" && regexAllowed()) {
      let k = i + 1;
      let inClass = false;
      while (k < n && source[k] !== "\n") {
        if (source[k] === "\\") k += 2;
        else if (source[k] === "[") (inClass = true), k++;
        else if (source[k] === "]") (inClass = false), k++;
        else if (source[k] === "/" && !inClass) break;
        else k++;
      }
      k++;
      while (k < n && /[a-z]/.test(source[k])) k++;
      out.push({ t: "other", value: source.slice(i, k), line });
      i = k;
    } else {
      out.push({ t: "punct", value: c, line });
      i++;
    }
  }
  return out;
}

function unescape(c: string): string {
  return c === "n" ? "\n" : c === "t" ? "\t" : c;
}

const CALLEE = /^(describe|it|test)(?:[A-Z]\w*)?$/;
const MODIFIERS = new Set(["only", "skip", "concurrent", "failing", "todo", "sequential"]);

/** Index after the group opened at `start` (`(`, `[`, `{` or `<`), or -1. */
function closeGroup(tokens: readonly Token[], start: number): number {
  const open = tokens[start].value;
  const close = ({ "(": ")", "[": "]", "{": "}", "<": ">" } as Record<string, string>)[open];
  let depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const tk = tokens[k];
    if (tk.t !== "punct") continue;
    if (tk.value === open) depth++;
    else if (tk.value === close) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

/** Test and describe titles of one source file. */
export function scanTitles(source: string, file: string): TestTitle[] {
  const tokens = tokenize(source);
  const titles: TestTitle[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const tk = tokens[k];
    if (tk.t !== "ident" || !CALLEE.test(tk.value)) continue;
    const prev = tokens[k - 1];
    if (prev && prev.t === "punct" && prev.value === ".") continue;
    if (prev && prev.t === "ident" && (prev.value === "function" || prev.value === "const" || prev.value === "let")) continue;
    let j = k + 1;
    // .only / .skip / .concurrent ... and .each(table) or .each`table`
    while (tokens[j]?.value === "." && tokens[j + 1]?.t === "ident") {
      const mod = tokens[j + 1].value;
      if (MODIFIERS.has(mod)) {
        j += 2;
        continue;
      }
      if (mod !== "each") break;
      j += 2;
      if (tokens[j]?.value === "<") j = closeGroup(tokens, j);
      if (j < 0) break;
      if (tokens[j]?.t === "str") j += 1;
      else if (tokens[j]?.value === "(") j = closeGroup(tokens, j);
      else j = -1;
      break;
    }
    if (j < 0 || tokens[j]?.value !== "(" || tokens[j + 1]?.t !== "str") continue;
    titles.push({ file, kind: tk.value.startsWith("describe") ? "describe" : "test", title: tokens[j + 1].value, line: tk.line });
  }
  return titles;
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
