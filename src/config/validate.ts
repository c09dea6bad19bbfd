/**
 * Validation of an environment definition: one pass of the schema, whose
 * refinements hold the rules that relate fields to each other; every problem is
 * collected and reported at once.
 */
import { z } from "zod";
import { definitionSchema, Environment } from "./definition";
import { subnetLayoutOf } from "./network/rules";
import { DefinitionError, ProblemCollector } from "./problems";

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union": {
      // A union of literals (CloudWatch retention days, ...): list every allowed value.
      const branches = issue.errors.map((branch) => (branch.length === 1 && branch[0]!.code === "invalid_value" ? branch[0]!.values : undefined));
      if (branches.every((v) => v !== undefined)) return `allowed: ${branches.flat().map((v) => JSON.stringify(v)).join(", ")}`;
      return `none of the allowed forms matched: ${issue.errors.map((branch) => branch.map((i) => i.message).join(", ")).join(" | ")}`;
    }
    case "invalid_key":
      return `invalid key: ${issue.issues.map((i) => i.message).join("; ")}`;
    default:
      return issue.message;
  }
}

/**
 * Validate `raw` and return the resolved {@link Environment}.
 * @param source what to call the definition in errors (its file or name)
 * @throws DefinitionError listing every problem, each with its field path
 */
export function validateDefinition(raw: unknown, source?: string): Environment {
  const name = source ?? (typeof (raw as { name?: unknown })?.name === "string" ? String((raw as { name: string }).name) : "definition");
  const problems = new ProblemCollector(raw);
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) problems.add([...issue.path, key] as (string | number)[], "unknown field; check the spelling against src/config/definition.ts");
      } else {
        problems.add(issue.path as (string | number)[], describeIssue(issue));
      }
    }
    throw new DefinitionError(name, problems.problems);
  }
  // The subnet rules (network/rules.ts) refused every definition whose layout does not resolve.
  return { ...parsed.data, layout: subnetLayoutOf(parsed.data) } as Environment;
}
