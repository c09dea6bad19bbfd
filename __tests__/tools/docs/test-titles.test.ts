/**
 * Finding test titles statically and matching requirement IDs as whole
 * tokens. The sources below are test code as text; IDs use presets 8 and 9,
 * which the requirements file does not define.
 */
import { mentionsId, idsIn, scanTitles } from "../../../src/tools/docs/test-titles";

const titles = (source: string) => scanTitles(source, "x.test.ts").map((t) => [t.kind, t.title]);

describe("scanTitles", () => {
  it.each([
    ["it", `it("R9.1 plain", () => {});`, [["test", "R9.1 plain"]]],
    ["test", `test('single quotes', () => {});`, [["test", "single quotes"]]],
    ["describe", `describe("group R9.2", () => { it("inner", () => {}); });`, [["describe", "group R9.2"], ["test", "inner"]]],
    ["a template literal, kept raw", "it(`${name}: R9.3`, () => {});", [["test", "${name}: R9.3"]]],
    ["it.each(table)(title)", `it.each([[1], [2]])("R9.4 row %s", (n) => {});`, [["test", "R9.4 row %s"]]],
    ["it.each with a generic and nested brackets", `it.each<[string, number[]]>([["a", [1]]])("R9.5 %s", () => {});`, [["test", "R9.5 %s"]]],
    ["describe.each with a tagged template table", "describe.each`\n a | b\n ${1} | ${2}\n`(\"R9.6 $a\", () => {});", [["describe", "R9.6 $a"]]],
    ["modifiers", `it.only("a", f); describe.skip("b", f); test.concurrent.each([1])("c", f);`, [["test", "a"], ["describe", "b"], ["test", "c"]]],
    ["camel-case wrappers", `describeWithTerraform("R9.7 wrapped", () => {}); itWhenReady("R9.8", f);`, [["describe", "R9.7 wrapped"], ["test", "R9.8"]]],
    ["escaped quotes", `it("say \\"hi\\" R9.9", f);`, [["test", 'say "hi" R9.9']]],
  ])("reads %s", (_what, source, expected) => {
    expect(titles(source)).toEqual(expected);
  });

  it.each([
    ["a method call", `expect.it("no"); foo.describe("no"); cy.test("no");`],
    ["a definition", `function describeThing(name) {} const itemize = 1;`],
    ["a call in a comment", `// it("commented R9.1", f)\n/* describe("block comment", f) */`],
    ["a call in a string", `const s = 'it("in a string", f)'; const t = \`describe("in a template", f)\`;`],
    ["a call in a regular expression", `const re = /it\\("in a regex", f\\)/g;`],
    ["an identifier that only starts like one", `items("no"); tests("no"); describer("no");`],
    ["a call without a string title", `it(name, f); describe(title(), f);`],
  ])("ignores %s", (_what, source) => {
    expect(titles(source)).toEqual([]);
  });

  it("does not lose its place after a regular expression, a division or a template with nested braces", () => {
    const source = [
      'const a = x / 2; const re = /["\'`]/; const t = `${ { a: "}" }.a }`;',
      'it("after them", () => {});',
      "const q = (a) / (b) / c;",
      'describe("still found", () => {});',
    ].join("\n");
    expect(scanTitles(source, "f.test.ts")).toEqual([
      { file: "f.test.ts", kind: "test", title: "after them", line: 2 },
      { file: "f.test.ts", kind: "describe", title: "still found", line: 4 },
    ]);
  });

  it("counts lines across multi-line comments and templates", () => {
    const source = "/*\n\n*/\nconst t = `\n\n`;\n\ntest(\"on line 8\", f);";
    expect(scanTitles(source, "f.test.ts")[0].line).toBe(8);
  });

  it("reads a regular expression after a keyword and a division after a parenthesis as such", () => {
    const source = "function f(x, y) { return /a'b(/.test(x) / (y) / 2; }\nit(\"after R9.1\", f);";
    expect(scanTitles(source, "f.test.ts")).toEqual([{ file: "f.test.ts", kind: "test", title: "after R9.1", line: 2 }]);
  });
});

describe("mentionsId", () => {
  it.each([
    ["R9.1 alone", "R9.1", true],
    ["(R9.1, R9.2)", "R9.1", true],
    ["ends with R9.1.", "R9.1", true],
    ["a range R9.1-R9.3", "R9.1", true],
    ["R9.10 is another ID", "R9.1", false],
    ["R9.11 too", "R9.1", false],
    ["R9.1a is not it", "R9.1", false],
    ["R9.1.2 is a sub-item", "R9.1", false],
    ["XR9.1 has a prefix", "R9.1", false],
    ["R9.1-style cites it as an example", "R9.1", false],
    ["X.9 cross-cutting", "X.9", true],
    ["CKV.X.9 is not it", "X.9", false],
    ["X.90", "X.9", false],
  ])("%s → %s: %s", (text, id, expected) => {
    expect(mentionsId(text, id)).toBe(expected);
  });

  it("lists every ID of a title once per mention", () => {
    expect(idsIn("R9.1, R9.10: x R9.1-style and X.9 (X.10)")).toEqual(["R9.1", "R9.10", "X.9", "X.10"]);
  });
});
