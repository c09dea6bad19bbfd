/**
 * Rules of the `guardrails` section that need the rule pack itself: a
 * suppression must name a rule the pack has (by id, or a checkov id one of its
 * rules mirrors), its resource must be of a type that rule examines, and the
 * same suppression may appear only once. A suppression that could never match
 * would silently hide nothing today and something unintended tomorrow, so it is
 * refused here rather than warned about at synth.
 *
 * Reads the raw definition defensively like src/config/network-rules.ts: the
 * schema reports missing or malformed fields (including a missing or too short
 * `reason`).
 */
import { RULES, rulesNamedBy } from "../guardrails/rules";
import { ProblemCollector } from "./problems";
import { obj, Raw } from "./raw";

/** Up to three rule ids that look like `ref` (shared words), for "did you mean". */
function closest(ref: string): string[] {
  const words = ref.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
  return RULES.map((r) => ({ id: r.id, score: words.filter((w) => r.id.includes(w)).length }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((c) => c.id);
}

/** Refuses suppressions of unknown rules, of resources a rule never examines, and duplicates. */
export function checkGuardrails(raw: Raw, problems: ProblemCollector): void {
  const suppressions = obj(raw.guardrails)?.suppressions;
  if (!Array.isArray(suppressions)) return;
  const seen = new Map<string, number>();
  suppressions.forEach((s, i) => {
    const entry = obj(s);
    if (!entry || typeof entry.rule !== "string" || entry.rule.trim() === "") return;
    const path = ["guardrails", "suppressions", i];
    const rules = rulesNamedBy(entry.rule);
    if (rules.length === 0) {
      const hint = closest(entry.rule);
      problems.add(
        [...path, "rule"],
        `no guardrail rule is named "${entry.rule}"; give a rule id (${RULES.length} rules in src/guardrails/rules, printed with every violation) or a checkov id one of them mirrors${hint.length > 0 ? `; did you mean ${hint.join(", ")}?` : ""}`,
      );
      return;
    }
    if (typeof entry.resource === "string") {
      const type = entry.resource.split(".")[0];
      const types = [...new Set(rules.flatMap((r) => r.types))];
      if (!types.includes(type)) {
        problems.add([...path, "resource"], `rule "${entry.rule}" examines ${types.join(", ")}; a resource of type ${type} can never break it`);
      }
    }
    const key = JSON.stringify([rules.map((r) => r.id).sort(), entry.resource ?? null, entry.stack ?? null]);
    const first = seen.get(key);
    if (first !== undefined) problems.add(path, `repeats guardrails.suppressions[${first}] (same rule, resource and stack)`);
    else seen.set(key, i);
  });
}
