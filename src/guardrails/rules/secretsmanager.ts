/**
 * Secrets Manager rules.
 */
import { Rule, rule } from "../rule";
import { block, num, show } from "../../synthesized/terraform-json";

/** Secrets Manager rules. */
export const SECRETSMANAGER_RULES: readonly Rule[] = [
  rule({
    id: "secretsmanager-rotation",
    checkov: ["CKV2_AWS_57"],
    service: "secretsmanager",
    types: ["aws_secretsmanager_secret"],
    title: "Every secret rotates automatically (an aws_secretsmanager_secret_rotation with a schedule).",
    reason: "A credential that never changes stays valid for whoever copied it once; automatic rotation bounds that window (X.4).",
    fix:
      "Add an aws_secretsmanager_secret_rotation (rotation_lambda_arn or a managed rotation, rotation_rules.automatically_after_days), or state in the definition why this secret is rotated another way (guardrails.suppressions).",
    check(secret, model) {
      const rotations = model.referrers(secret, "aws_secretsmanager_secret_rotation", ["secret_id"]);
      if (rotations.length === 0) return "no aws_secretsmanager_secret_rotation points at this secret";
      const scheduled = rotations.some((r) => {
        const rules = block(r.attrs.rotation_rules);
        return rules !== undefined && ((num(rules.automatically_after_days) ?? 0) > 0 || typeof rules.schedule_expression === "string");
      });
      if (!scheduled) return `rotation ${show(rotations[0].address)} has no rotation_rules schedule`;
      return undefined;
    },
  }),
];
