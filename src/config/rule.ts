/**
 * Cross-field rules as zod refinements.
 *
 * A rule reads the PARSED value (every default filled in, so no rule restates
 * one) and reports problems at field paths relative to the schema it is
 * attached to. zod skips refinements once any field failed to parse; a rule
 * instead says which fields it reads (`reads`), and runs whenever none of them
 * failed to parse, so a user sees every problem in one pass even when
 * unrelated fields are invalid.
 *
 * "Failed to parse" means an issue that leaves the value without its type
 * (zod's aborting issues: a wrong type, a missing field, a value outside an
 * enum). Issues that leave the typed value in place (a regex, a bound, a
 * refinement, an unknown key beside it) do not stop a rule: a rule that
 * interprets such a value (a CIDR string) checks it is well-formed itself.
 */
import { z } from "zod";
import { FieldPath } from "./problems";

/** Where a rule reports its problems. */
export interface RuleReport {
  /** Record a problem at `path` (relative to the schema the rule is attached to). */
  add(path: FieldPath, message: string): void;
}

/** Does `issue` leave the value at its path without its type? */
function breaksValue(issue: z.core.$ZodRawIssue): boolean {
  return issue.code !== "unrecognized_keys" && issue.continue !== true;
}

/** Is one path a prefix of the other (the same field, one inside the other)? */
function related(a: readonly PropertyKey[], b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A refinement running `check` on the parsed value whenever the value itself
 * and every field in `reads` (and everything inside it) parsed.
 * @param reads the fields the rule reads, relative to the schema it is attached to
 */
export function rule<T>(reads: readonly FieldPath[], check: (value: T, report: RuleReport) => void): z.core.$ZodCheck<T> {
  return z.superRefine<T>(
    (value, ctx) => check(value, { add: (path, message) => ctx.addIssue({ code: "custom", path: [...path], message }) }),
    {
      when: (payload) =>
        !payload.issues.some((issue) => breaksValue(issue) && ((issue.path ?? []).length === 0 || reads.some((field) => related(issue.path ?? [], field)))),
    },
  );
}
