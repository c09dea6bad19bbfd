/**
 * The plan preview for people (progress lines, a summary table, stateful
 * destroys highlighted) and for tools (`summary.json` next to the plans).
 * Plain text, no colours: it ends up in CI logs and review comments.
 */
import type { StackPreview, StatefulRisk, Verdict } from "./summary";

/** `1.23` → `1.2 s`. */
const secs = (s: number) => `${s.toFixed(1)} s`;

/** `1 stack`, `2 stacks`. */
function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One progress line for a finished stack: position in dependency order,
 * name, validate/plan status, counts, stateful risks, seconds.
 * `[3/5] buddyverse-data      validate ok, plan ok: 40 to add, 0 to change, 0 to destroy (4.2 s)`
 */
export function formatProgress(preview: StackPreview, position: number, total: number, nameWidth: number): string {
  const head = `[${String(position).padStart(String(total).length)}/${total}] ${preview.stack.padEnd(nameWidth)}`;
  const validate = `validate ${preview.validate === "inferred" ? "ok" : preview.validate}`;
  const plan = `plan ${preview.plan === "failed" ? "FAILED" : preview.plan}`;
  const t = preview.totals;
  const counts = t
    ? `: ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy${t.replace > 0 ? ` (${t.replace} replaced)` : ""}`
    : "";
  const risky = preview.risks.length > 0 ? `  !! ${plural(preview.risks.length, "stateful destroy", "stateful destroys")}` : "";
  return `${head}  ${preview.validate === "failed" ? "validate FAILED" : validate}, ${plan}${counts} (${secs(preview.seconds)})${risky}`;
}

/** What the run planned against, for the header. */
export interface PreviewContext {
  /** Environment name. */
  readonly env: string;
  /** Stacks with a state given by `--state-dir` (the others start from empty state). */
  readonly statefulStacks: readonly string[];
  /** Wall time of the whole run (synthesis included), seconds. */
  readonly seconds: number;
  /** Seconds spent synthesizing. */
  readonly synthSeconds: number;
  /** Terraform processes run at once. */
  readonly concurrency: number;
  /** Plan JSON file per stack (only stacks whose plan succeeded). */
  readonly planFiles: Readonly<Record<string, string>>;
  /** The summary JSON written next to the plans. */
  readonly summaryFile: string;
  /** Stacks whose cached plan was reused (src/tools/preview/plan-cache.ts), of how many, from which directory. @default none: the cache was not used */
  readonly reused?: { readonly stacks: number; readonly of: number; readonly dir: string };
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** One highlighted stateful destroy or replacement, on a few lines. */
function formatRisk(r: StatefulRisk): string[] {
  const verb = r.kind === "replace" ? "REPLACE" : "DESTROY";
  const lines = [`${r.allowedBy ? "   " : "!! "}${verb}  ${r.stack}  ${r.address}${r.allowedBy ? `   (allowed by ${r.allowedBy})` : ""}`];
  if (r.cause) lines.push(`      cause: ${r.cause}`);
  lines.push(`      loses: ${r.why}`);
  if (r.preventDestroy) lines.push("      stopped: lifecycle.prevent_destroy makes terraform refuse this plan; remove it on purpose first, or keep the resource");
  else if (!r.allowedBy) lines.push(`      allow: --allow-destroy ${r.stack}:${r.address}   (after making sure the data is kept or moved)`);
  return lines;
}

/** The summary after all stacks finished: table, stateful destroys, files, verdict. */
export function formatSummary(previews: readonly StackPreview[], verdict: Verdict, context: PreviewContext): string {
  const out: string[] = [];
  const stateText =
    context.statefulStacks.length === 0
      ? "every stack planned from an empty state"
      : `planned against the given state for ${context.statefulStacks.join(", ")}; other stacks from an empty state`;
  out.push(`Plan preview of ${context.env}: ${plural(previews.length, "stack")} in dependency order (${stateText}; upstream remote state is stubbed)`);
  out.push("");
  const rows: string[][] = [["stack", "status", "add", "change", "destroy", "replace", "stateful", "seconds"]];
  const sum = { add: 0, change: 0, destroy: 0, replace: 0, risks: 0 };
  for (const p of previews) {
    const t = p.totals;
    if (t) {
      sum.add += t.add;
      sum.change += t.change;
      sum.destroy += t.destroy;
      sum.replace += t.replace;
    }
    sum.risks += p.risks.length;
    const n = (v: number | undefined) => (v === undefined ? "-" : String(v));
    rows.push([
      p.stack,
      p.ok ? "ok" : p.validate === "failed" ? "INVALID" : "FAILED",
      n(t?.add),
      n(t?.change),
      n(t?.destroy),
      n(t?.replace),
      p.risks.length > 0 ? `!! ${p.risks.length}` : "0",
      p.seconds.toFixed(1),
    ]);
  }
  rows.push(["total", "", String(sum.add), String(sum.change), String(sum.destroy), String(sum.replace), sum.risks > 0 ? `!! ${sum.risks}` : "0", ""]);
  out.push(...table(rows, new Set([2, 3, 4, 5, 6, 7])));
  out.push("");

  const risks = [...verdict.blocked, ...verdict.allowed];
  if (risks.length === 0) {
    out.push("Stateful resources destroyed or replaced: none.");
  } else {
    const notAllowed = verdict.blocked.length > 0 ? `, ${verdict.blocked.length} NOT allowed` : ", all allowed";
    out.push(`!! Stateful resources destroyed or replaced: ${risks.length}${notAllowed}`);
    for (const p of previews) for (const r of p.risks) out.push(...formatRisk(r));
  }
  for (const a of verdict.unusedAllows) out.push(`warning: --allow-destroy ${a} matches no stateful destroy or replacement (typo?)`);
  out.push("");

  const files = Object.values(context.planFiles);
  if (files.length > 0) {
    out.push(`Plan JSON (terraform show -json), one per stack:`);
    for (const p of previews) if (context.planFiles[p.stack]) out.push(`  ${context.planFiles[p.stack]}`);
  }
  out.push(`Summary JSON: ${context.summaryFile}`);
  out.push(
    `Took ${secs(context.seconds)} (synthesis ${secs(context.synthSeconds)}, terraform ${context.concurrency} at a time).`,
  );
  if (context.reused) {
    const r = context.reused;
    out.push(`${r.stacks} of ${plural(r.of, "stack")} unchanged since their last plan: reused (${r.dir}; --no-cache plans them all).`);
  }
  out.push("");
  if (verdict.code === 0) out.push(`Result: ok (exit 0)`);
  else if (verdict.failed.length > 0) out.push(`Result: FAILED — ${verdict.failed.join(", ")} did not validate or plan (exit ${verdict.code})`);
  else out.push(`Result: BLOCKED — ${plural(verdict.blocked.length, "stateful destroy", "stateful destroys")} not allowed (exit ${verdict.code})`);
  return out.join("\n");
}

/** The machine-readable summary written as `summary.json` beside the plans. */
export function summaryJson(previews: readonly StackPreview[], verdict: Verdict, context: PreviewContext): object {
  return {
    environment: context.env,
    offline: {
      note: "terraform plan with the real provider and no AWS access: -refresh=false, upstream terraform_remote_state replaced by the contract's stub outputs",
      statefulStacks: context.statefulStacks,
    },
    exitCode: verdict.code,
    order: previews.map((p) => p.stack),
    stacks: previews.map((p) => ({
      stack: p.stack,
      ok: p.ok,
      validate: p.validate,
      plan: p.plan,
      totals: p.totals ?? null,
      planFile: context.planFiles[p.stack] ?? null,
      seconds: Number(p.seconds.toFixed(2)),
      changes: p.changes.filter((c) => c.kind !== "create"),
      statefulDestroys: p.risks,
    })),
    blocked: verdict.blocked,
    unusedAllows: verdict.unusedAllows,
  };
}
