/**
 * The CloudTrail events that raise an alarm (R1.8): CloudWatch Logs metric
 * filter patterns after the CIS AWS Foundations Benchmark (monitoring section),
 * as data so they can be read and tested on their own.
 *
 * Filter pattern syntax:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

/** One audited event class: a metric filter on the trail's log group and an alarm on its metric. */
export interface AuditAlarm {
  /** Construct id and name part (`root-usage`). */
  readonly id: string;
  /** What it catches, for the alarm description. */
  readonly description: string;
  /** The metric filter pattern over CloudTrail JSON events. */
  readonly pattern: string;
}

/** `($.eventName = A) || ($.eventName = B) ...` */
function anyEvent(names: readonly string[]): string {
  return names.map((n) => `($.eventName = ${n})`).join(" || ");
}

/** Every audited event class. */
export const AUDIT_ALARMS: readonly AuditAlarm[] = [
  {
    id: "root-usage",
    description: "The root user made an API call or signed in (CIS 4.3)",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: "console-signin-without-mfa",
    description: "Successful console sign-in by an IAM user without MFA (CIS 4.2)",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "iam-policy-changes",
    description: "An IAM policy was created, changed, attached or detached (CIS 4.4)",
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent([
      "DeleteGroupPolicy",
      "DeleteRolePolicy",
      "DeleteUserPolicy",
      "PutGroupPolicy",
      "PutRolePolicy",
      "PutUserPolicy",
      "CreatePolicy",
      "DeletePolicy",
      "CreatePolicyVersion",
      "DeletePolicyVersion",
      "SetDefaultPolicyVersion",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "AttachUserPolicy",
      "DetachUserPolicy",
      "AttachGroupPolicy",
      "DetachGroupPolicy",
    ])}) }`,
  },
  {
    id: "security-group-changes",
    description: "A security group or one of its rules was created, changed or deleted (CIS 4.10)",
    pattern: `{ ${anyEvent([
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "ModifySecurityGroupRules",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
    ])} }`,
  },
  {
    id: "nacl-changes",
    description: "A network ACL or one of its entries was created, changed or deleted (CIS 4.11)",
    pattern: `{ ${anyEvent([
      "CreateNetworkAcl",
      "CreateNetworkAclEntry",
      "DeleteNetworkAcl",
      "DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry",
      "ReplaceNetworkAclAssociation",
    ])} }`,
  },
];
