/**
 * The review for people: a terminal summary, and Markdown written to be
 * pasted (or posted by CI) as a pull-request comment — one collapsible
 * section per changed stack, long lists capped with how many were left out,
 * the whole comment kept under GitHub's 65,536-character limit.
 */
import type { ResourceDiff, ReviewRisk, StackDiff } from "./diff";
import type { PlanResourceChange, PlanStack } from "./plan";
import { reachChangeText } from "./reach-diff";
import type { ReviewResult } from "./review";
import type { AttributeChange } from "./values";

/** Most resources listed per action and stack; most attributes per resource; most lines of a list. */
export const CAPS = { resources: 15, attributes: 8, lines: 20, markdownChars: 60_000 } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The first `cap` items, and a "... N more" line when some were left out. */
function capped<T>(items: readonly T[], cap: number, render: (t: T) => string[], more: (n: number) => string): string[] {
  const out = items.slice(0, cap).flatMap(render);
  if (items.length > cap) out.push(more(items.length - cap));
  return out;
}

/** Counts of a stack diff the way terraform counts (a replacement is an add and a destroy). */
export function countsOf(d: StackDiff): { add: number; change: number; destroy: number; replace: number } {
  const n = (a: string) => d.resources.filter((r) => r.action === a && r.mode === "resource").length;
  return { add: n("create") + n("replace"), change: n("update"), destroy: n("delete") + n("replace"), replace: n("replace") };
}

function countsText(d: StackDiff): string {
  const c = countsOf(d);
  return `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy${c.replace > 0 ? ` (${c.replace} replaced)` : ""}`;
}

const code = (t: string) => `\`${t.replace(/`/g, "'")}\``;

function attributeLines(a: AttributeChange, md: boolean): string[] {
  const head = md ? `  - ${code(a.path)}: ${code(a.before)} → ${code(a.after)}` : `      ${a.path}: ${a.before} → ${a.after}`;
  if (!a.diff || a.diff.length === 0) return [head];
  const lines = md ? [`  - ${code(a.path)}:`, "    ```diff", ...a.diff.map((l) => `    ${l}`), "    ```"] : [`      ${a.path}:`, ...a.diff.map((l) => `        ${l}`)];
  return lines;
}

function verb(r: { action: string }): string {
  return { create: "create", update: "update in place", delete: "destroy", replace: "REPLACE" }[r.action] ?? r.action;
}

function resourceLines(r: ResourceDiff, md: boolean): string[] {
  const notes: string[] = [];
  if (r.renamedFrom) notes.push(`renamed from ${r.renamedFrom}?`);
  if (r.renamedTo) notes.push(`renamed to ${r.renamedTo}? see the moved block`);
  if (r.movedToStack) notes.push(`created again in ${r.movedToStack}`);
  if (r.forcedBy) notes.push(`expected replacement: ${r.forcedBy.join(", ")} cannot change in place`);
  if (r.stateful && (r.action === "delete" || r.action === "replace")) notes.push("STATEFUL");
  const head = md ? `- ${code(r.address)}${notes.length ? ` — ${notes.join("; ")}` : ""}` : `    ${r.action === "create" ? "+" : r.action === "delete" ? "-" : r.action === "replace" ? "-/+" : "~"} ${r.address}${notes.length ? `   (${notes.join("; ")})` : ""}`;
  return [head, ...capped(r.attributes, CAPS.attributes, (a) => attributeLines(a, md), (n) => (md ? `  - … ${n} more attributes` : `      ... ${n} more attributes`))];
}

function planChangeLines(c: PlanResourceChange, md: boolean): string[] {
  const why = [c.cause, c.replacePaths?.length ? `forced by ${c.replacePaths.join(", ")}` : undefined].filter(Boolean).join("; ");
  const head = md ? `- ${code(c.address)} **${verb(c)}**${why ? ` — ${why}` : ""}` : `    ${verb(c)} ${c.address}${why ? `   (${why})` : ""}`;
  return [head, ...capped(c.attributes, CAPS.attributes, (a) => attributeLines(a, md), (n) => (md ? `  - … ${n} more attributes` : `      ... ${n} more attributes`))];
}

function riskLine(r: ReviewRisk, md: boolean): string {
  const kind = r.kind === "replace" ? "REPLACE" : "DESTROY";
  const allowed = r.allowedBy ? `allowed by ${r.allowedBy}` : md ? "**not allowed**" : "NOT allowed";
  return md
    ? `| ${kind} | ${code(r.stack)} | ${code(r.address)} | ${r.cause} | ${r.why} | ${allowed} |`
    : `  ${r.allowedBy ? "  " : "!!"} ${kind} ${r.stack}: ${r.address}\n       cause: ${r.cause}\n       loses: ${r.why}\n       ${r.allowedBy ? allowed : `allow:  --allow-destroy ${r.stack}:${r.address}`}`;
}

/** One line: what changes overall. */
export function headline(r: ReviewResult): string {
  const changed = r.stacks.filter((s) => s.status !== "unchanged");
  const total = changed.reduce((t, s) => {
    const c = countsOf(s);
    return { add: t.add + c.add, change: t.change + c.change, destroy: t.destroy + c.destroy };
  }, { add: 0, change: 0, destroy: 0 });
  const risks = [...r.risks, ...(r.plan?.risks ?? [])];
  const blocked = risks.filter((x) => !x.allowedBy).length;
  const parts = [
    `${plural(changed.length, "stack")} changed, ${r.stacks.length - changed.length} unchanged`,
    `${total.add} to add, ${total.change} to change, ${total.destroy} to destroy`,
    risks.length === 0 ? "no stateful destroy" : `${plural(risks.length, "stateful destroy/replace", "stateful destroys/replaces")}${blocked ? ` (${blocked} NOT allowed)` : " (allowed)"}`,
    r.reach.changes.length === 0 ? "no reachability change" : `${plural(r.reach.changes.length, "connection")} opened/closed`,
    r.guardrails.newViolations.length === 0 ? "no new guardrail violation" : `${plural(r.guardrails.newViolations.length, "NEW guardrail violation")}`,
  ];
  return parts.join(" · ");
}

function planSection(stacks: readonly PlanStack[], md: boolean): string[] {
  const out: string[] = [];
  for (const s of stacks) {
    if (!s.ok) {
      out.push(md ? `- ${code(s.stack)}: **plan FAILED**` : `  ${s.stack}: plan FAILED`);
      if (s.error) out.push(...(md ? ["  ```", ...s.error.split("\n").map((l) => `  ${l}`), "  ```"] : s.error.split("\n").map((l) => `      ${l}`)));
      continue;
    }
    const interesting = s.changes.filter((c) => c.action !== "create");
    const creates = s.changes.length - interesting.length;
    out.push(md ? `- ${code(s.stack)}: ${plural(creates, "create")}, ${plural(interesting.length, "other change")}` : `  ${s.stack}: ${plural(creates, "create")}, ${plural(interesting.length, "other change")}`);
    out.push(...capped(interesting, CAPS.resources, (c) => planChangeLines(c, md).map((l) => (md ? `  ${l}` : l)), (n) => (md ? `  - … ${n} more changes` : `    ... ${n} more changes`)));
  }
  return out;
}

/** The terminal summary. */
export function formatTerminal(r: ReviewResult, files: { readonly markdown: string; readonly json: string }): string {
  const out: string[] = [];
  const head = `working tree (${r.head.commit.slice(0, 12)}${r.head.dirty.length > 0 ? ", uncommitted changes" : ""})`;
  out.push(`Review of ${r.env}: ${r.base.ref} (${r.base.commit.slice(0, 12)}) → ${head}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(headline(r));
  out.push("");
  for (const s of r.stacks) {
    if (s.status === "unchanged") continue;
    out.push(`${s.stack}${s.status === "added" ? " (new stack)" : s.status === "removed" ? " (stack removed)" : ""}: ${countsText(s)}`);
    for (const action of ["create", "update", "replace", "delete"] as const) {
      const list = s.resources.filter((x) => x.action === action);
      out.push(...capped(list, CAPS.resources, (x) => resourceLines(x, false), (n) => `    ... ${n} more to ${action}`));
    }
    for (const m of s.moves) out.push(`    moved suggestion: ${m.from} → ${m.to} (similarity ${m.similarity})`);
    for (const o of s.outputs.slice(0, CAPS.lines)) out.push(`    output ${o.name}: ${o.action}${o.action === "update" ? ` ${o.before} → ${o.after}` : ""}`);
    for (const o of s.other.slice(0, CAPS.lines)) out.push(`    ${o}`);
  }
  const unchanged = r.stacks.filter((s) => s.status === "unchanged").map((s) => s.stack);
  if (unchanged.length > 0) out.push(`unchanged (not planned): ${unchanged.join(", ")}`);
  out.push("");
  out.push(r.reach.changes.length === 0 ? "Reachability: no connection opened or closed." : "Reachability:");
  out.push(...capped(r.reach.changes, CAPS.lines, (c) => [`  ${reachChangeText(c)}`], (n) => `  ... ${n} more`));
  for (const p of r.reach.problems) out.push(`  (not modelled: ${p})`);
  const g = r.guardrails;
  out.push(`Guardrails: ${plural(g.newViolations.length, "new violation")}, ${g.fixedViolations.length} fixed, suppressions +${g.suppressionsAdded.length} -${g.suppressionsRemoved.length}`);
  for (const v of g.newViolations.slice(0, CAPS.lines)) out.push(`  NEW ${v.rule} [${v.checkov.join(", ")}] ${v.stack}: ${v.address}: ${v.detail}`);
  for (const s of g.suppressionsAdded) out.push(`  + suppression ${s.rule}${s.resource ? ` on ${s.resource}` : ""}: ${s.reason}`);
  for (const s of g.suppressionsRemoved) out.push(`  - suppression ${s.rule}${s.resource ? ` on ${s.resource}` : ""}: ${s.reason}`);
  const risks = [...r.risks, ...(r.plan?.risks ?? [])];
  if (risks.length > 0) {
    out.push("");
    out.push(`!! Stateful resources destroyed or replaced: ${risks.length}`);
    for (const x of risks) out.push(riskLine(x, false));
  }
  for (const a of r.unusedAllows) out.push(`warning: --allow-destroy ${a} matches no stateful destroy (typo?)`);
  if (r.plan) {
    out.push("");
    out.push(`terraform plan (${r.plan.mode}${r.plan.stateFrom.length ? `, state for ${r.plan.stateFrom.join(", ")}` : ", empty state"}), changed stacks only, ${r.plan.seconds.toFixed(1)} s:`);
    out.push(...planSection(r.plan.stacks, false));
  }
  out.push("");
  out.push(`Markdown: ${files.markdown}`);
  out.push(`JSON:     ${files.json}`);
  out.push(`Took ${r.seconds.toFixed(1)} s (synthesis: working tree ${r.head.seconds.toFixed(1)} s, base ${r.base.seconds.toFixed(1)} s, in parallel). Exit ${r.exitCode}.`);
  return out.join("\n");
}

/** The pull-request comment. */
export function formatMarkdown(r: ReviewResult): string {
  const out: string[] = [];
  out.push(`### Change review: \`${r.env}\``);
  out.push("");
  out.push(`Base ${code(r.base.ref)} (${code(r.base.commit.slice(0, 12))}) → ${r.head.dirty.length > 0 ? "working tree with uncommitted changes" : code(r.head.commit.slice(0, 12))}  `);
  out.push(`**${headline(r)}**`);
  for (const n of r.notes) out.push(`> [!NOTE]\n> ${n}`);
  const risks = [...r.risks, ...(r.plan?.risks ?? [])];
  if (risks.length > 0) {
    out.push("");
    out.push(risks.some((x) => !x.allowedBy) ? "> [!CAUTION]\n> Stateful resources would be destroyed or replaced. Data or identities (addresses, name servers) are lost; `review` and `preview` exit 3 until each is allowed with `--allow-destroy <stack>:<address>`." : "> [!WARNING]\n> Stateful resources are destroyed or replaced (allowed).");
    out.push("");
    out.push("| | stack | address | cause | loses | |");
    out.push("|---|---|---|---|---|---|");
    for (const x of risks.slice(0, CAPS.lines)) out.push(riskLine(x, true));
    if (risks.length > CAPS.lines) out.push(`\n… ${risks.length - CAPS.lines} more`);
  }
  out.push("");
  out.push("#### Network reachability");
  if (r.reach.changes.length === 0) out.push("No connection opened or closed (security groups, NACLs and routes as `npm run reach` models them).");
  else out.push(...capped(r.reach.changes, CAPS.lines, (c) => [`- ${c.change === "OPENED" ? "🔓" : "🔒"} ${reachChangeText(c).replace(/ (OPENED|CLOSED)/, " **$1**")}`], (n) => `- … ${n} more`));
  for (const p of r.reach.problems) out.push(`- not modelled: ${p}`);
  const g = r.guardrails;
  if (g.newViolations.length + g.fixedViolations.length + g.suppressionsAdded.length + g.suppressionsRemoved.length > 0) {
    out.push("");
    out.push("#### Guardrails");
    out.push(...capped(g.newViolations, CAPS.lines, (v) => [`- ❌ **new** ${code(v.rule)} (${v.checkov.join(", ")}) on ${code(`${v.stack}: ${v.address}`)}: ${v.detail}. Fix: ${v.fix}`], (n) => `- … ${n} more new violations`));
    out.push(...capped(g.fixedViolations, CAPS.lines, (v) => [`- ✅ fixed ${code(v.rule)} on ${code(`${v.stack}: ${v.address}`)}`], (n) => `- … ${n} more fixed`));
    for (const s of g.suppressionsAdded) out.push(`- ➕ suppression ${code(s.rule)}${s.stack ? ` in ${s.stack}` : ""}${s.resource ? ` on ${code(s.resource)}` : ""} — reason: ${s.reason}`);
    for (const s of g.suppressionsRemoved) out.push(`- ➖ suppression removed ${code(s.rule)}${s.resource ? ` on ${code(s.resource)}` : ""} — was: ${s.reason}`);
  }
  out.push("");
  out.push("#### Stacks, in dependency order");
  const sections: string[][] = [];
  for (const s of r.stacks) {
    if (s.status === "unchanged") continue;
    const sec: string[] = [];
    const label = s.status === "added" ? " (new stack)" : s.status === "removed" ? " (stack removed)" : "";
    sec.push(`<details><summary><code>${s.stack}</code>${label}: ${countsText(s)}${s.moves.length ? ` · ${plural(s.moves.length, "rename")}` : ""}</summary>`);
    sec.push("");
    for (const action of ["create", "update", "replace", "delete"] as const) {
      const list = s.resources.filter((x) => x.action === action);
      if (list.length === 0) continue;
      sec.push(`**${verb({ action })}** (${list.length})`);
      sec.push(...capped(list, CAPS.resources, (x) => resourceLines(x, true), (n) => `- … ${n} more`));
      sec.push("");
    }
    if (s.moves.length > 0) {
      sec.push("**Renamed addresses**: terraform destroys and recreates them unless told they moved. Add (or, in cdktf, call `newResource.moveFromId(\"<from>\")`):");
      sec.push("```hcl");
      for (const m of s.moves) sec.push(m.block);
      sec.push("```");
      sec.push("");
    }
    if (s.outputs.length > 0) {
      sec.push("**Outputs**");
      sec.push(...capped(s.outputs, CAPS.lines, (o) => [`- ${code(o.name)}: ${o.action}${o.action === "update" ? ` ${code(o.before ?? "")} → ${code(o.after ?? "")}` : ""}`], (n) => `- … ${n} more`));
      sec.push("");
    }
    if (s.other.length > 0) {
      sec.push("**Configuration**");
      sec.push(...s.other.slice(0, CAPS.lines).map((o) => `- ${code(o)}`));
      sec.push("");
    }
    sec.push("</details>");
    sections.push(sec);
  }
  let used = out.join("\n").length;
  let left = 0;
  for (const sec of sections) {
    const text = sec.join("\n");
    if (used + text.length > CAPS.markdownChars - 2_000) {
      left++;
      continue;
    }
    out.push(text);
    used += text.length + 1;
  }
  if (left > 0) out.push(`\n… ${plural(left, "more changed stack")} left out to fit a comment: see \`cdktf.out/review/${r.env}.json\`.`);
  const unchanged = r.stacks.filter((s) => s.status === "unchanged").map((s) => code(s.stack));
  if (unchanged.length > 0) out.push(`\nUnchanged, not planned: ${unchanged.join(", ")}`);
  if (r.plan) {
    out.push("");
    out.push(`#### terraform plan (${r.plan.mode === "offline" ? "offline" : "real backend"}${r.plan.stateFrom.length ? `, state for ${r.plan.stateFrom.join(", ")}` : ", from empty state"}), changed stacks only`);
    out.push(...planSection(r.plan.stacks, true));
  }
  out.push("");
  out.push(`<sub>\`npm run review -- ${r.env}\` · exit ${r.exitCode} · ${r.seconds.toFixed(1)} s</sub>`);
  return `${out.join("\n")}\n`;
}
