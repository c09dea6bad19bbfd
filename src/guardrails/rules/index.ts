/**
 * The guardrail rule pack: every rule, and how suppressions name them.
 */
import { Rule } from "../rule";
import { ACM_RULES } from "./acm";
import { ALB_RULES } from "./alb";
import { BACKUP_RULES } from "./backup";
import { CLOUDFRONT_RULES } from "./cloudfront";
import { CLOUDTRAIL_RULES } from "./cloudtrail";
import { EC2_ASG_RULES } from "./ec2-asg";
import { EFS_RULES } from "./efs";
import { ELASTICACHE_RULES } from "./elasticache";
import { IAM_RULES } from "./iam";
import { KMS_RULES } from "./kms";
import { LOGS_RULES } from "./logs";
import { NETWORK_RULES } from "./network";
import { RDS_RULES } from "./rds";
import { ROUTE53_RULES } from "./route53";
import { S3_RULES } from "./s3";
import { SECRETSMANAGER_RULES } from "./secretsmanager";
import { WAF_RULES } from "./waf";

/** Every rule, grouped by service. */
export const RULES: readonly Rule[] = [
  ...NETWORK_RULES,
  ...S3_RULES,
  ...RDS_RULES,
  ...ELASTICACHE_RULES,
  ...EFS_RULES,
  ...ALB_RULES,
  ...EC2_ASG_RULES,
  ...CLOUDFRONT_RULES,
  ...WAF_RULES,
  ...CLOUDTRAIL_RULES,
  ...KMS_RULES,
  ...IAM_RULES,
  ...LOGS_RULES,
  ...BACKUP_RULES,
  ...ACM_RULES,
  ...SECRETSMANAGER_RULES,
  ...ROUTE53_RULES,
];

/** Every rule id of the pack. */
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/** Every checkov id some rule mirrors. */
export const CHECKOV_IDS: readonly string[] = [...new Set(RULES.flatMap((r) => r.checkov))].sort();

/**
 * The rules a suppression's `rule` names: the rule with that id, or every rule
 * mirroring that checkov id (case-insensitive). Empty when it names nothing.
 */
export function rulesNamedBy(reference: string, rules: readonly Rule[] = RULES): Rule[] {
  const ref = reference.trim();
  const byId = rules.filter((r) => r.id === ref);
  if (byId.length > 0) return byId;
  const upper = ref.toUpperCase();
  return rules.filter((r) => r.checkov.includes(upper));
}
