/**
 * KMS rules.
 */
import { actionsOf, allows, anyPrincipal, hasCondition, statements } from "../policy-document";
import { Rule, rule } from "../rule";
import { show, str } from "../../synthesized/terraform-json";

const TYPES = ["aws_kms_key"];

/** The key is symmetric (rotation only exists for symmetric encryption keys). */
function symmetric(spec: unknown): boolean {
  return spec === undefined || spec === "SYMMETRIC_DEFAULT";
}

/** KMS rules. */
export const KMS_RULES: readonly Rule[] = [
  rule({
    id: "kms-rotation",
    checkov: ["CKV_AWS_7"],
    service: "kms",
    types: TYPES,
    title: "Customer-managed symmetric keys rotate yearly.",
    reason: "Rotation limits how much data one key version protects, and is what auditors look for first.",
    fix: "Set enable_key_rotation = true (EncryptionKey does).",
    check(key) {
      if (!symmetric(key.attrs.customer_master_key_spec)) return undefined;
      if (key.attrs.enable_key_rotation !== true && key.attrs.enable_key_rotation !== "true") return `enable_key_rotation is ${show(key.attrs.enable_key_rotation)}`;
      return undefined;
    },
  }),
  rule({
    id: "kms-explicit-policy",
    checkov: ["CKV2_AWS_64"],
    service: "kms",
    types: TYPES,
    title: "Every key has an explicit key policy.",
    reason: "The implicit default policy hands the key to the whole account's IAM; an explicit policy states who may use it and through which service.",
    fix: "Give the key a policy (EncryptionKey builds one from its services).",
    check(key, model) {
      if (typeof key.attrs.policy === "string" && key.attrs.policy.trim() !== "") return undefined;
      if (model.referrers(key, "aws_kms_key_policy", ["key_id"]).length > 0) return undefined;
      return "no policy and no aws_kms_key_policy";
    },
  }),
  rule({
    id: "kms-no-open-principal",
    checkov: ["CKV_AWS_33"],
    service: "kms",
    types: TYPES,
    title: "No key policy statement allows '*' without a condition.",
    reason: "An unconditioned '*' principal lets any AWS account use or manage the key.",
    fix: "Name principals (the account root, service principals), or condition '*' on kms:CallerAccount and kms:ViaService.",
    check(key) {
      const policy = str(key.attrs.policy);
      if (!policy) return undefined;
      const parsed = statements(policy);
      if (!parsed) return "the key policy is not a literal JSON document the guardrails can read";
      return parsed
        .filter((s) => allows(s) && anyPrincipal(s) && !hasCondition(s))
        .map((s) => `statement ${show(s.Sid ?? actionsOf(s).join(","))} allows any principal without a condition`);
    },
  }),
];
