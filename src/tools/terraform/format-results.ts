/**
 * Offline results for people: a readable report per stack, and the error
 * thrown when any stack failed.
 */
import type { OfflineDiagnostic, OfflineRunResult, StepResult } from "./offline-results";

function formatDiagnostic(d: OfflineDiagnostic): string {
  const where = [d.address, d.constructPath ? `(${d.constructPath})` : undefined, d.location ? `at ${d.location}` : undefined]
    .filter(Boolean)
    .join(" ");
  const head = `    ${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where ? ` — ${where}` : ""}`;
  const detail = d.detail
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => `      ${l}`)
    .join("\n");
  return detail ? `${head}\n${detail}` : head;
}

/**
 * A readable multi-line report of one result: the stack name, each step's
 * status and duration, and every diagnostic with address, construct path and
 * location.
 */
export function formatOfflineResult(result: OfflineRunResult): string {
  const lines = [`[stack ${result.stackName}] ${result.ok ? "ok" : "FAILED"}${result.workDir ? ` (work dir ${result.workDir})` : ""}`];
  if (result.error) lines.push(`  ${result.error}`);
  const steps: Array<[string, StepResult | undefined, string]> = [
    ["init", result.init, ""],
    ["validate", result.validate, result.validate ? ` [${result.validate.source}]` : ""],
    [
      "plan",
      result.plan,
      result.plan?.ok
        ? ` (${result.plan.changes.add} to add, ${result.plan.changes.change} to change, ${result.plan.changes.destroy} to destroy, ${result.plan.changes.replace} to replace)`
        : "",
    ],
    ["show", result.show, ""],
  ];
  for (const [name, step, extra] of steps) {
    if (!step) continue;
    lines.push(`  ${name}: ${step.ok ? "ok" : "FAILED"}${extra}, ${step.reused ? "reused" : `${(step.durationMs / 1000).toFixed(1)} s`}`);
    for (const d of step.diagnostics) lines.push(formatDiagnostic(d));
  }
  return lines.join("\n");
}

/** Thrown by {@link assertOfflineOk}; carries the failed results. */
export class OfflineStackError extends Error {
  /** The failed results. */
  readonly results: readonly OfflineRunResult[];
  /** @param results the failed results (their reports form the message) */
  constructor(results: readonly OfflineRunResult[]) {
    super(
      `offline terraform failed for ${results.map((r) => r.stackName).join(", ")}:\n` +
        results.map(formatOfflineResult).join("\n\n"),
    );
    this.name = "OfflineStackError";
    this.results = results;
  }
}

/** Throw an {@link OfflineStackError} listing every failed stack with its diagnostics; no-op when all are ok. */
export function assertOfflineOk(results: OfflineRunResult | readonly OfflineRunResult[]): void {
  const list = Array.isArray(results) ? (results as readonly OfflineRunResult[]) : [results as OfflineRunResult];
  const failed = list.filter((r) => !r.ok);
  if (failed.length > 0) throw new OfflineStackError(failed);
}
