/**
 * Rules of the `guardrails` section that need the rule pack itself: a
 * suppression must name a rule the pack has (by id, or a checkov id one of its
 * rules mirrors), its resource must be of a type that rule examines, and the
 * same suppression may appear only once. A suppression that could never match
 * would silently hide nothing today and something unintended tomorrow, so it is
 * refused here rather than warned about at synth.
 *
 * Attached to the `guardrails` section (src/config/rule.ts); the schema reports
 * missing or malformed fields (including a missing or too short `reason`).
 * The dependency runs one way: config imports the rule pack, never back.
 */
import { RULES, rulesNamedBy } from "../../guardrails/rules";
import { rule } from "../rule";
import type { GuardrailsSection, GuardrailSuppression } from "./schema";

/** Up to three rule ids that look like `ref` (shared words), for "did you mean". */
function closest(ref: string): string[] {
  const words = ref.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
  return RULES.map((r) => ({ id: r.id, score: words.filter((w) => r.id.includes(w)).length }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((c) => c.id);
}

/** One suppression: a rule of the pack, and a resource of a type that rule examines. */
const suppressionMatchesThePack = rule<GuardrailSuppression>([["rule"], ["resource"]], (entry, report) => {
  if (entry.rule === "") return; // the schema asks for a rule id
  const rules = rulesNamedBy(entry.rule);
  if (rules.length === 0) {
    const hint = closest(entry.rule);
    report.add(
      ["rule"],
      `no guardrail rule is named "${entry.rule}"; give a rule id (${RULES.length} rules in src/guardrails/rules, printed with every violation) or a checkov id one of them mirrors${hint.length > 0 ? `; did you mean ${hint.join(", ")}?` : ""}`,
    );
    return;
  }
  if (entry.resource !== undefined) {
    const type = entry.resource.split(".")[0]!;
    const types = [...new Set(rules.flatMap((r) => r.types))];
    if (!types.includes(type)) {
      report.add(["resource"], `rule "${entry.rule}" examines ${types.join(", ")}; a resource of type ${type} can never break it`);
    }
  }
});

/** Rules of one suppression. */
export const SUPPRESSION_RULES = [suppressionMatchesThePack];

/** The same suppression (by rule id or the checkov id of the same rule) only once. */
const suppressionsOnce = rule<GuardrailsSection>([["suppressions"]], (guardrails, report) => {
  const seen = new Map<string, number>();
  guardrails.suppressions.forEach((entry, i) => {
    const rules = rulesNamedBy(entry.rule);
    if (rules.length === 0) return; // refused above
    const key = JSON.stringify([rules.map((r) => r.id).sort(), entry.resource ?? null, entry.stack ?? null]);
    const first = seen.get(key);
    if (first !== undefined) report.add(["suppressions", i], `repeats guardrails.suppressions[${first}] (same rule, resource and stack)`);
    else seen.set(key, i);
  });
});

/** Rules of the `guardrails` section. */
export const GUARDRAILS_RULES = [suppressionsOnce];
