/**
 * The `guardrails` section: suppressions are accepted with a reason and a rule
 * the pack knows, and every malformed one is refused with its field path (X.5).
 */
import { EnvironmentDefinition } from "../../src/config/definition";
import { guardrailsSchema } from "../../src/config/guardrails/schema";
import { validateDefinition } from "../../src/config/validate";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

/** retail-launch with these suppressions. */
function withSuppressions(...suppressions: unknown[]): EnvironmentDefinition {
  return variant(retailLaunch, (d) => {
    d.guardrails = { suppressions };
  });
}

const valid = { rule: "alb-https-listeners", stack: "compute", resource: "aws_lb_listener.internal-alb", reason: "R2.3 plain HTTP inside the VPC" };

describe("guardrails section", () => {
  it("defaults to no suppressions", () => {
    expect(guardrailsSchema.parse({})).toEqual({ suppressions: [], vpcOverlaps: [] });
    expect(validateDefinition(variant(retailLaunch, (d) => (d.guardrails = {}))).guardrails).toEqual({ suppressions: [], vpcOverlaps: [] });
  });

  it("accepts a suppression by rule id, by checkov id, scoped or environment-wide", () => {
    const env = validateDefinition(withSuppressions(valid, { rule: "CKV_AWS_157", reason: "  a reason with padding  " }));
    expect(env.guardrails?.suppressions).toEqual([valid, { rule: "CKV_AWS_157", reason: "a reason with padding" }]);
  });
});

describe("guardrails refusals (X.5)", () => {
  it.each([
    ["without a reason", { rule: "rds-multi-az" }, "guardrails.suppressions[0].reason", /expected string/],
    ["with a reason under 10 characters", { rule: "rds-multi-az", reason: " because  " }, "guardrails.suppressions[0].reason", /at least 10 characters/],
    ["naming an unknown rule", { rule: "s3-encryption-kms", reason: "a long enough reason" }, "guardrails.suppressions[0].rule", /no guardrail rule is named "s3-encryption-kms".*did you mean s3-kms-encryption/],
    ["naming a checkov id no rule mirrors", { rule: "CKV_AWS_117", reason: "a long enough reason" }, "guardrails.suppressions[0].rule", /no guardrail rule is named "CKV_AWS_117"/],
    ["with an empty rule", { rule: " ", reason: "a long enough reason" }, "guardrails.suppressions[0].rule", /name a rule id/],
    ["for a resource type the rule never examines", { rule: "rds-multi-az", resource: "aws_s3_bucket.media", reason: "a long enough reason" }, "guardrails.suppressions[0].resource", /examines aws_db_instance, aws_rds_cluster; a resource of type aws_s3_bucket can never break it/],
    ["with a malformed address", { rule: "rds-multi-az", resource: "database_primary", reason: "a long enough reason" }, "guardrails.suppressions[0].resource", /Terraform address/],
    ["with an unknown stack kind", { rule: "rds-multi-az", stack: "database", reason: "a long enough reason" }, "guardrails.suppressions[0].stack", /a stack kind/],
    ["with an unknown field", { rule: "rds-multi-az", reason: "a long enough reason", why: "typo" }, "guardrails.suppressions[0].why", /unknown field/],
  ])("refuses a suppression %s, naming the field", (_what, suppression, path, message) => {
    const problems = problemsOf(withSuppressions(suppression));
    expect(problems).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  });

  it("refuses the same suppression twice (by id or by the checkov id of the same rule)", () => {
    const problems = problemsOf(withSuppressions({ rule: "rds-multi-az", reason: "first time, with reason" }, { rule: "CKV_AWS_157", reason: "second time, same rule" }));
    expect(problems).toEqual([expect.objectContaining({ path: "guardrails.suppressions[1]", message: "repeats guardrails.suppressions[0] (same rule, resource and stack)" })]);
  });

  it("reports every bad suppression at once", () => {
    const problems = problemsOf(withSuppressions({ rule: "nope-nope" }, { rule: "rds-multi-az", reason: "short" }));
    expect(problems.map((p) => p.path).sort()).toEqual(["guardrails.suppressions[0].reason", "guardrails.suppressions[0].rule", "guardrails.suppressions[1].reason"]);
  });
});
