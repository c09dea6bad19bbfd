/**
 * A guardrail rule: one requirement over the synthesized Terraform JSON of an
 * environment, mirroring one or more checkov checks, with the reason it exists
 * and the fix in this project's terms.
 */
import { TerraformIndex, TfResource } from "../synthesized/terraform-index";

/** The service groups of the pack (one file each under src/guardrails/rules/). */
export type RuleService =
  | "network"
  | "s3"
  | "rds"
  | "elasticache"
  | "efs"
  | "alb"
  | "ec2-asg"
  | "cloudfront"
  | "waf"
  | "cloudtrail"
  | "kms"
  | "iam"
  | "logs"
  | "backup"
  | "acm"
  | "secretsmanager"
  | "route53";

/**
 * What a rule's check returns for one resource: nothing (compliant), or one
 * message per problem found ("http_tokens is \"optional\"").
 */
export type RuleResult = string | readonly string[] | undefined | void;

/** One rule of the pack. */
export interface Rule {
  /** Stable id, `<service>-<what>` (`s3-kms-encryption`); suppressions name it. */
  readonly id: string;
  /** The checkov checks it mirrors (`CKV_AWS_145`, `CKV2_AWS_6`); suppressions may name these too. */
  readonly checkov: readonly string[];
  /** The group it belongs to. */
  readonly service: RuleService;
  /** Resource types it examines; a violation names a resource of one of them. */
  readonly types: readonly string[];
  /** What it requires, one line. */
  readonly title: string;
  /** Why it matters (shown with every violation). */
  readonly reason: string;
  /** How to fix it in this project (shown with every violation). */
  readonly fix: string;
  /**
   * Cases the rule accepts on purpose although the checkov check would flag
   * them, recognised precisely from the JSON, and why. @default - none
   */
  readonly exceptions?: string;
  /** Problems of `resource` (one of {@link types}), read with the environment's model. */
  check(resource: TfResource, model: TerraformIndex): RuleResult;
}

/** Defines a rule (an identity function that checks the shape at compile time). */
export function rule(definition: Rule): Rule {
  return definition;
}
