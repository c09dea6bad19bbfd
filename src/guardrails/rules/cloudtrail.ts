/**
 * CloudTrail rules.
 */
import { Rule, rule } from "../rule";
import { isTrue, show } from "../../synthesized/terraform-json";

const TYPES = ["aws_cloudtrail"];

/** CloudTrail rules. */
export const CLOUDTRAIL_RULES: readonly Rule[] = [
  rule({
    id: "cloudtrail-multi-region",
    checkov: ["CKV_AWS_67"],
    service: "cloudtrail",
    types: TYPES,
    title: "Trails record every region.",
    reason: "An attacker works where nobody looks; a single-region trail misses activity in every other region (R1.8).",
    fix: "Set is_multi_region_trail = true (AuditTrail).",
    check(t) {
      if (!isTrue(t.attrs.is_multi_region_trail)) return `is_multi_region_trail is ${show(t.attrs.is_multi_region_trail)}`;
      return undefined;
    },
  }),
  rule({
    id: "cloudtrail-log-validation",
    checkov: ["CKV_AWS_36"],
    service: "cloudtrail",
    types: TYPES,
    title: "Trails validate their log files.",
    reason: "Digest files prove the audit record was not altered or deleted after delivery.",
    fix: "Set enable_log_file_validation = true.",
    check(t) {
      if (!isTrue(t.attrs.enable_log_file_validation)) return `enable_log_file_validation is ${show(t.attrs.enable_log_file_validation)}`;
      return undefined;
    },
  }),
  rule({
    id: "cloudtrail-kms",
    checkov: ["CKV_AWS_35"],
    service: "cloudtrail",
    types: TYPES,
    title: "Trails encrypt their logs with a customer-managed KMS key.",
    reason: "The key policy then decides who can read the audit record, separately from who can read the bucket.",
    fix: "Set kms_key_id to the audit EncryptionKey.",
    check(t) {
      if (typeof t.attrs.kms_key_id !== "string" || t.attrs.kms_key_id === "") return "no kms_key_id";
      return undefined;
    },
  }),
  rule({
    id: "cloudtrail-cloudwatch-logs",
    checkov: ["CKV2_AWS_10"],
    service: "cloudtrail",
    types: TYPES,
    title: "Trails also deliver to CloudWatch Logs.",
    reason: "Metric filters and alarms on the trail (root use, IAM changes, console sign-in failures) need the events in CloudWatch Logs.",
    fix: "Set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn (AuditTrail).",
    check(t) {
      const problems: string[] = [];
      if (typeof t.attrs.cloud_watch_logs_group_arn !== "string") problems.push("no cloud_watch_logs_group_arn");
      if (typeof t.attrs.cloud_watch_logs_role_arn !== "string") problems.push("no cloud_watch_logs_role_arn");
      return problems;
    },
  }),
];
