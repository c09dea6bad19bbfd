/**
 * Largest source file and largest functions (lines) under a folder, from @swc/core spans:
 *   node scripts/size.js src [tools/reach]
 * (the optional second argument lists the largest functions under that sub-folder too).
 */
const { parseSync } = require("@swc/core");
const fs = require("node:fs"), path = require("node:path");
const root = process.argv[2];
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith(".ts")) files.push(p); } })(root);
let bigFile = { lines: 0 }, fns = [];
for (const f of files) {
  const src = fs.readFileSync(f, "utf8");
  const lines = src.split("\n").length - (src.endsWith("\n") ? 1 : 0);
  if (lines > bigFile.lines) bigFile = { file: path.relative(root, f), lines };
  const ast = parseSync(src, { syntax: "typescript" });
  const base = 1; const buf = Buffer.from(src, "utf8");
  const lineOf = (pos) => { const b = buf.subarray(0, pos - base).toString("utf8"); return b.split("\n").length; };
  const visit = (n, name) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) { for (const x of n) visit(x, name); return; }
    const t = n.type;
    let nm = name;
    if (t === "FunctionDeclaration") nm = n.identifier?.value;
    if (t === "ClassMethod" || t === "Constructor") nm = (n.key?.value ?? "constructor");
    if (t === "VariableDeclarator" && n.id?.value) nm = n.id.value;
    if (["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ClassMethod", "Constructor"].includes(t) && n.span) {
      const body = t === "ClassMethod" ? n.function : n;
      const sp = (body.body && body.body.span) || n.span;
      const len = lineOf(sp.end) - lineOf(sp.start) + 1;
      fns.push({ file: path.relative(root, f), name: nm ?? "(anonymous)", lines: len });
    }
    for (const k of Object.keys(n)) if (k !== "span") visit(n[k], nm);
  };
  visit(ast.body);
}
fns.sort((a, b) => b.lines - a.lines);
console.log("files:", files.length, "largest file:", bigFile.file, bigFile.lines, "lines");
console.log("largest functions:", fns.slice(0, 5).map((f) => `${f.file}:${f.name} ${f.lines}`).join("; "));
if (process.argv[3]) console.log("in", process.argv[3], ":", fns.filter((f) => f.file.startsWith(process.argv[3])).slice(0, 3).map((f) => `${f.file}:${f.name} ${f.lines}`).join("; "));
