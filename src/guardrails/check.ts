/**
 * Running the rule pack over an environment's synthesized stacks, and applying
 * the environment's suppressions. Pure: JSON in, findings out (the synth hook
 * in src/guardrails-hook.ts reads the JSON and decides to fail).
 */
import { SynthesizedStack } from "../synthesized/stack";
import { TerraformIndex } from "../synthesized/terraform-index";
import { Rule } from "./rule";
import { RULES, rulesNamedBy } from "./rules";

/** A suppression as the environment definition gives it (`guardrails.suppressions[i]`). */
export interface Suppression {
  /** A rule id of the pack, or a checkov id the rule mirrors. */
  readonly rule: string;
  /** Terraform address (`aws_s3_bucket.alb-logs`). @default - every resource */
  readonly resource?: string;
  /** Stack kind (`compute`). @default - every stack */
  readonly stack?: string;
  /** Why the rule does not apply here. */
  readonly reason: string;
}

/** One resource breaking one rule. */
export interface Violation {
  /** The environment (`web-was`). */
  readonly environment: string;
  /** The stack name (`web-was-compute`). */
  readonly stack: string;
  /** The stack kind (`compute`). */
  readonly stackKind: string;
  /** Terraform address (`aws_lb_listener.internal-alb`). */
  readonly address: string;
  /** The rule broken. */
  readonly rule: Rule;
  /** What exactly is wrong. */
  readonly detail: string;
}

/** A violation a suppression accepted. */
export interface SuppressedViolation {
  readonly violation: Violation;
  /** Index of the suppression in `guardrails.suppressions`; -1 when a definition choice answered it (`answeredBy`). */
  readonly suppression: number;
  /** The definition choice that answers the rule, with its reason (`lifecycle: "disposable"`). @default - a suppression */
  readonly answeredBy?: Suppression;
}

/** A suppression that matched no violation (stale: the warning asks to remove it). */
export interface UnusedSuppression {
  readonly index: number;
  readonly suppression: Suppression;
}

/** The outcome for one environment. */
export interface EnvironmentResult {
  readonly environment: string;
  /** Violations no suppression covers: synthesis fails when any exists. */
  readonly violations: readonly Violation[];
  /** Violations accepted by a suppression, with which one. */
  readonly suppressed: readonly SuppressedViolation[];
  /** Suppressions that matched nothing. */
  readonly unused: readonly UnusedSuppression[];
  /** How many rule evaluations ran (resources × rules that examine their type). */
  readonly evaluations: number;
}

/** Every violation of `rules` in the environment described by `model`. */
export function findViolations(model: TerraformIndex, rules: readonly Rule[] = RULES): { violations: Violation[]; evaluations: number } {
  const violations: Violation[] = [];
  let evaluations = 0;
  for (const r of rules) {
    for (const type of r.types) {
      for (const resource of model.ofType(type)) {
        evaluations++;
        const result = r.check(resource, model);
        const details = result === undefined ? [] : typeof result === "string" ? [result] : result;
        for (const detail of details) {
          violations.push({
            environment: model.environment,
            stack: resource.stack,
            stackKind: model.kindOf(resource.stack),
            address: resource.address,
            rule: r,
            detail,
          });
        }
      }
    }
  }
  return { violations, evaluations };
}

/** The suppression covers the violation: same rule (by id or checkov id), stack and address when given. */
export function suppresses(s: Suppression, v: Violation, rules: readonly Rule[] = RULES): boolean {
  if (s.stack !== undefined && s.stack !== v.stackKind) return false;
  if (s.resource !== undefined && s.resource !== v.address) return false;
  return rulesNamedBy(s.rule, rules).includes(v.rule);
}

/** Input of {@link checkEnvironment}. */
export interface EnvironmentInput {
  /** The environment's name. */
  readonly environment: string;
  /** Every stack of the environment (cross-stack references resolve among them). */
  readonly stacks: readonly SynthesizedStack[];
  /** `guardrails.suppressions` of the definition. @default [] */
  readonly suppressions?: readonly Suppression[];
  /**
   * Rules a definition choice answers (src/guardrails/answers.ts: a disposable
   * environment has no deletion protection by design). Matched after the
   * suppressions, never reported as unused. @default []
   */
  readonly answers?: readonly Suppression[];
}

/** Run the pack over one environment and apply its suppressions. */
export function checkEnvironment(input: EnvironmentInput, rules: readonly Rule[] = RULES): EnvironmentResult {
  const model = new TerraformIndex(input.stacks, input.environment);
  const { violations: found, evaluations } = findViolations(model, rules);
  const suppressions = input.suppressions ?? [];
  const used = new Set<number>();
  const violations: Violation[] = [];
  const suppressed: SuppressedViolation[] = [];
  for (const v of found) {
    const index = suppressions.findIndex((s) => suppresses(s, v, rules));
    const answer = index < 0 ? (input.answers ?? []).find((s) => suppresses(s, v, rules)) : undefined;
    if (answer) {
      suppressed.push({ violation: v, suppression: -1, answeredBy: answer });
    } else if (index < 0) {
      violations.push(v);
    } else {
      used.add(index);
      suppressed.push({ violation: v, suppression: index });
    }
  }
  const unused = suppressions.map((suppression, index) => ({ index, suppression })).filter((u) => !used.has(u.index));
  return { environment: input.environment, violations, suppressed, unused, evaluations };
}
