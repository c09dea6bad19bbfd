/**
 * Largest source file and largest functions (lines) under one or more folders, from @swc/core spans:
 *   node scripts/size.js src scripts            one ranking over both (paths relative to the repository)
 *   node scripts/size.js src tools/reach        the optional last argument that is not a folder lists the
 *                                               largest functions under that sub-folder of a root too
 *   node scripts/size.js --top 10 src scripts   how many functions to list (default 5)
 * Files: .ts, .js, .cjs and .mjs.
 */
const { parseSync } = require("@swc/core");
const fs = require("node:fs"), path = require("node:path");

const argv = process.argv.slice(2);
let top = 5;
const roots = [];
let under;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--top") top = Number(argv[++i]);
  else if (fs.existsSync(argv[i]) && fs.statSync(argv[i]).isDirectory()) roots.push(argv[i]);
  else under = argv[i];
}
if (roots.length === 0 || !(top > 0)) {
  console.error("usage: node scripts/size.js [--top N] <folder>... [sub-folder]");
  process.exit(2);
}
// One root: paths relative to it (as before); several: relative to the current directory.
const label = (root, file) => (roots.length === 1 ? path.relative(root, file) : path.relative(".", file)).split(path.sep).join("/");

const files = [];
for (const root of roots) {
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|cjs|mjs)$/.test(p)) files.push({ root, file: p });
    }
  })(root);
}

let bigFile = { lines: 0 };
const fns = [];
for (const { root, file } of files) {
  const src = fs.readFileSync(file, "utf8");
  const name = label(root, file);
  const lines = src.split("\n").length - (src.endsWith("\n") ? 1 : 0);
  if (lines > bigFile.lines) bigFile = { file: name, lines };
  const ast = parseSync(src, { syntax: "typescript" });
  const base = 1;
  const buf = Buffer.from(src, "utf8");
  const lineOf = (pos) => buf.subarray(0, pos - base).toString("utf8").split("\n").length;
  const visit = (n, fnName) => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, fnName);
      return;
    }
    const t = n.type;
    let nm = fnName;
    if (t === "FunctionDeclaration") nm = n.identifier?.value;
    if (t === "ClassMethod" || t === "Constructor") nm = n.key?.value ?? "constructor";
    if (t === "VariableDeclarator" && n.id?.value) nm = n.id.value;
    if (["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ClassMethod", "Constructor"].includes(t) && n.span) {
      const body = t === "ClassMethod" ? n.function : n;
      const sp = (body.body && body.body.span) || n.span;
      fns.push({ file: name, name: nm ?? "(anonymous)", lines: lineOf(sp.end) - lineOf(sp.start) + 1 });
    }
    for (const k of Object.keys(n)) if (k !== "span") visit(n[k], nm);
  };
  visit(ast.body);
}
fns.sort((a, b) => b.lines - a.lines);
const show = (list) => list.map((f) => `${f.file}:${f.name} ${f.lines}`).join("; ");
console.log("files:", files.length, "largest file:", bigFile.file, bigFile.lines, "lines");
console.log("largest functions:", show(fns.slice(0, top)));
if (under) console.log("in", under, ":", show(fns.filter((f) => f.file.startsWith(under) || roots.some((r) => f.file.startsWith(`${r.replace(/\/$/, "")}/${under}`))).slice(0, 3)));
