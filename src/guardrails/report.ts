/**
 * How guardrail findings read: the error that stops synthesis (every violation
 * of every environment, grouped by stack and resource, each with its rule,
 * checkov ids, detail, reason and fix) and the warnings about stale suppressions.
 */
import { EnvironmentResult, UnusedSuppression, Violation } from "./check";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The violations, grouped by stack then resource, one block per rule broken. */
export function formatViolations(violations: readonly Violation[]): string {
  const lines: string[] = [];
  const byResource = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.stack}\u0000${v.address}`;
    const list = byResource.get(key);
    if (list) list.push(v);
    else byResource.set(key, [v]);
  }
  for (const list of byResource.values()) {
    lines.push(`  ${list[0].stack}: ${list[0].address}`);
    const byRule = new Map<string, Violation[]>();
    for (const v of list) byRule.set(v.rule.id, [...(byRule.get(v.rule.id) ?? []), v]);
    for (const same of byRule.values()) {
      const r = same[0].rule;
      lines.push(`    x ${r.id} [${r.checkov.join(", ")}] ${r.title}`);
      for (const v of same) lines.push(`        - ${v.detail}`);
      lines.push(`        why: ${r.reason}`);
      lines.push(`        fix: ${r.fix}`);
    }
  }
  return lines.join("\n");
}

/**
 * Thrown when synthesized Terraform breaks guardrail rules. Carries every
 * violation of every environment checked, so a user fixes them in one pass.
 */
export class GuardrailViolationError extends Error {
  /** Every unsuppressed violation. */
  readonly violations: readonly Violation[];

  constructor(results: readonly EnvironmentResult[]) {
    const violations = results.flatMap((r) => r.violations);
    const environments = results.filter((r) => r.violations.length > 0).map((r) => r.environment);
    super(
      [
        `guardrails: ${plural(violations.length, "violation")} in ${environments.join(", ")}; synthesis refused.`,
        "Fix each resource, or, when the rule does not apply to this environment, suppress it with a reason in the",
        "environment definition: guardrails: { suppressions: [{ rule, resource, stack, reason }] }.",
        "",
        formatViolations(violations),
      ].join("\n"),
    );
    this.name = "GuardrailViolationError";
    this.violations = violations;
  }
}

/** One warning line per suppression that matched nothing (it should be removed). */
export function formatUnused(environment: string, unused: readonly UnusedSuppression[]): string[] {
  return unused.map(({ index, suppression: s }) => {
    const scope = [s.stack ? `stack ${s.stack}` : "", s.resource ?? ""].filter(Boolean).join(", ");
    return `guardrails: warning: ${environment}: guardrails.suppressions[${index}] (rule ${s.rule}${scope ? `, ${scope}` : ""}) matched no violation; remove it.`;
  });
}
