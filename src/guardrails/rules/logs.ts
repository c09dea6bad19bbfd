/**
 * Logging and alerting rules: CloudWatch log groups, metric alarms, SNS topics.
 */
import { actionsOf, allows, anyPrincipal, hasCondition, statements } from "../policy-document";
import { Rule, rule } from "../rule";
import { isFalse, num, show } from "../../synthesized/terraform-json";

/** Logging and alerting rules. */
export const LOGS_RULES: readonly Rule[] = [
  rule({
    id: "logs-kms",
    checkov: ["CKV_AWS_158"],
    service: "logs",
    types: ["aws_cloudwatch_log_group"],
    title: "Log groups are encrypted with a customer-managed KMS key.",
    reason: "Logs hold request data, user ids and sometimes tokens; the key policy decides who reads them.",
    fix: "Set kms_key_id (AppLogGroup, VendedLogGroup and FlowLogs take the stack's logs key).",
    check(g) {
      if (typeof g.attrs.kms_key_id !== "string" || g.attrs.kms_key_id === "") return "no kms_key_id";
      return undefined;
    },
  }),
  rule({
    id: "logs-retention",
    checkov: ["CKV_AWS_66", "CKV_AWS_338"],
    service: "logs",
    types: ["aws_cloudwatch_log_group"],
    title: "Log groups state a retention of at least one year.",
    reason: "Investigations look back months; an unset retention keeps logs forever at a cost nobody chose.",
    fix: "Set retention_in_days >= 365 (network.flowLogRetentionDays and the sections' log retention fields).",
    check(g) {
      const days = num(g.attrs.retention_in_days);
      if (days === undefined || days === 0) return "retention_in_days is not set (logs are kept forever)";
      if (days < 365) return `retention_in_days is ${days}`;
      return undefined;
    },
  }),
  rule({
    id: "alarm-actions-enabled",
    checkov: ["CKV_AWS_319"],
    service: "logs",
    types: ["aws_cloudwatch_metric_alarm"],
    title: "Alarm actions are enabled.",
    reason: "An alarm with actions disabled changes state silently: nobody is paged (R3.10).",
    fix: "Leave actions_enabled unset or true; alarms notify the environment's alarm topic.",
    check(a) {
      if (isFalse(a.attrs.actions_enabled)) return "actions_enabled is false";
      return undefined;
    },
  }),
  rule({
    id: "sns-kms",
    checkov: ["CKV_AWS_26"],
    service: "logs",
    types: ["aws_sns_topic"],
    title: "SNS topics are encrypted with a KMS key.",
    reason: "Alarm notifications describe the system's weak points; encrypt them at rest.",
    fix: "Set kms_master_key_id (AlarmTopic uses its own key that CloudWatch may use).",
    check(t) {
      if (typeof t.attrs.kms_master_key_id !== "string" || t.attrs.kms_master_key_id === "") return "no kms_master_key_id";
      return undefined;
    },
  }),
  rule({
    id: "sns-policy-not-public",
    checkov: ["CKV_AWS_169"],
    service: "logs",
    types: ["aws_sns_topic_policy"],
    title: "No SNS topic policy allows '*' without a condition.",
    reason: "A public topic lets anyone publish fake alarms or subscribe to real ones.",
    fix: "Grant the account root and cloudwatch.amazonaws.com with aws:SourceAccount (AlarmTopic).",
    check(p) {
      const parsed = statements(p.attrs.policy);
      if (!parsed) return "the topic policy is not a literal JSON document the guardrails can read";
      return parsed
        .filter((s) => allows(s) && anyPrincipal(s) && !hasCondition(s))
        .map((s) => `statement ${show(s.Sid ?? actionsOf(s).join(","))} allows any principal without a condition`);
    },
  }),
];
