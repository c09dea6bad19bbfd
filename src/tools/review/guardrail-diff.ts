/**
 * Guardrail differences between two syntheses: violations the change brings
 * (the rule pack of the working tree run over both sides, each with its own
 * suppressions) and suppressions added or removed, with their reasons.
 */
import { checkEnvironment, Suppression, Violation } from "../../guardrails/check";
import { TerraformJson } from "../../synthesized/terraform-json";

/** A violation, for the review. */
export interface ReviewViolation {
  readonly stack: string;
  readonly address: string;
  readonly rule: string;
  readonly checkov: readonly string[];
  readonly title: string;
  readonly detail: string;
  readonly fix: string;
}

/** A suppression, for the review. */
export interface ReviewSuppression {
  readonly rule: string;
  readonly stack?: string;
  readonly resource?: string;
  readonly reason: string;
}

/** What changes in guardrail terms. */
export interface GuardrailDiff {
  /** Unsuppressed violations in the head that the base does not have. */
  readonly newViolations: readonly ReviewViolation[];
  /** Unsuppressed violations of the base that the head no longer has. */
  readonly fixedViolations: readonly ReviewViolation[];
  /** Unsuppressed violations in the head (synthesis refuses these). */
  readonly headViolations: number;
  readonly suppressionsAdded: readonly ReviewSuppression[];
  readonly suppressionsRemoved: readonly ReviewSuppression[];
}

const key = (v: ReviewViolation) => `${v.stack}|${v.address}|${v.rule}|${v.detail}`;
const sKey = (s: ReviewSuppression) => `${s.rule}|${s.stack ?? ""}|${s.resource ?? ""}|${s.reason}`;

function toReview(v: Violation): ReviewViolation {
  return { stack: v.stack, address: v.address, rule: v.rule.id, checkov: v.rule.checkov, title: v.rule.title, detail: v.detail, fix: v.rule.fix };
}

/** Suppressions as given in a definition (unknown shape from another revision): the well-formed ones. */
export function suppressionsOf(raw: readonly unknown[]): Suppression[] {
  return raw.filter((s): s is Suppression => typeof s === "object" && s !== null && typeof (s as Suppression).rule === "string" && typeof (s as Suppression).reason === "string");
}

/** Guardrail differences; stacks as `{ name: json }`, kinds taken from `<env>-<kind>` names. */
export function guardrailDiff(
  env: string,
  base: { readonly stacks: Readonly<Record<string, TerraformJson>>; readonly suppressions: readonly unknown[] } | undefined,
  head: { readonly stacks: Readonly<Record<string, TerraformJson>>; readonly suppressions: readonly unknown[] },
): GuardrailDiff {
  const run = (side: { readonly stacks: Readonly<Record<string, TerraformJson>>; readonly suppressions: readonly unknown[] }) =>
    checkEnvironment({
      environment: env,
      stacks: Object.entries(side.stacks).map(([name, json]) => ({ name, kind: name.startsWith(`${env}-`) ? name.slice(env.length + 1) : name, json })),
      suppressions: suppressionsOf(side.suppressions),
    }).violations.map(toReview);
  const after = run(head);
  const before = base ? run(base) : [];
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const sb = base ? suppressionsOf(base.suppressions).map(plain) : [];
  const sa = suppressionsOf(head.suppressions).map(plain);
  const sbKeys = new Set(sb.map(sKey));
  const saKeys = new Set(sa.map(sKey));
  return {
    newViolations: after.filter((v) => !beforeKeys.has(key(v))),
    fixedViolations: before.filter((v) => !afterKeys.has(key(v))),
    headViolations: after.length,
    suppressionsAdded: sa.filter((s) => !sbKeys.has(sKey(s))),
    suppressionsRemoved: sb.filter((s) => !saKeys.has(sKey(s))),
  };
}

function plain(s: Suppression): ReviewSuppression {
  return { rule: s.rule, ...(s.stack !== undefined ? { stack: s.stack } : {}), ...(s.resource !== undefined ? { resource: s.resource } : {}), reason: s.reason };
}
