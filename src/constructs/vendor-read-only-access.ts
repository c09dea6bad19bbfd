/**
 * Read-only access for an outsourced vendor (R0.7): view the network, server
 * and database configuration, and nothing else.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyJson, PolicyStatement } from "../lib/policy";

/**
 * What the vendor may call: describe/list/get of VPC and EC2, ELB, Auto
 * Scaling, RDS and CloudWatch (metrics and alarms). Deliberately not AWS's
 * managed `ReadOnlyAccess`/`ViewOnlyAccess`: the first reads S3 objects,
 * secrets' metadata and much more; both grow whenever AWS adds services.
 * `ec2:Get*` is left out on purpose: it includes GetPasswordData (Windows
 * administrator passwords) and console output/screenshots.
 */
export const VENDOR_READ_ACTIONS: readonly string[] = [
  "ec2:Describe*",
  "elasticloadbalancing:Describe*",
  "autoscaling:Describe*",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "cloudwatch:Describe*",
  "cloudwatch:Get*",
  "cloudwatch:List*",
];

/**
 * Denied whatever else is ever attached to the role (an explicit deny wins
 * over any allow): secrets, object data, key use, identity, instance secrets
 * and interactive access.
 */
export const VENDOR_DENIED_ACTIONS: readonly string[] = [
  "secretsmanager:GetSecretValue",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "kms:Decrypt",
  "iam:*",
  "ec2:GetPasswordData",
  "ec2:GetConsoleOutput",
  "ec2:GetConsoleScreenshot",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:StartSession",
  "rds-db:connect",
  "rds:DownloadDBLogFilePortion",
];

/** Props of {@link VendorReadOnlyAccess}. */
export interface VendorReadOnlyAccessProps {
  /** Environment name: the role is `<env>-vendor-read-only`. */
  readonly envName: string;
  /** The vendor's AWS account; its IAM users (with MFA) may assume the role. */
  readonly vendorAccountId: string;
  /**
   * External id the vendor must present. The console's Switch Role cannot send
   * one: with it, the vendor signs in through `aws sts assume-role
   * --external-id` and the federation sign-in URL.
   * @default none (console Switch Role works; MFA is still required)
   */
  readonly externalId?: string;
}

/**
 * An IAM role the vendor's account assumes, not IAM users here (CKV_AWS_273:
 * no long-lived credentials of ours at the vendor; the vendor manages its own
 * people). The trust policy requires MFA within the last hour and, when given,
 * the external id; sessions last at most one hour (the IAM minimum for
 * `max_session_duration`). Permissions: {@link VENDOR_READ_ACTIONS} on `*`
 * (Describe calls have no resource-level scoping), and an explicit deny of
 * {@link VENDOR_DENIED_ACTIONS}.
 */
export class VendorReadOnlyAccess extends Construct {
  /** The role. */
  readonly role: IamRole;
  /** ARN of the role (give it to the vendor with the external id). */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: VendorReadOnlyAccessProps) {
    super(scope, id);
    const name = `${props.envName}-vendor-read-only`;
    const trust: PolicyStatement = {
      Sid: "VendorUsersWithMfa",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${props.vendorAccountId}:root` },
      Action: "sts:AssumeRole",
      Condition: {
        // Bool fails when the key is absent (long-term access keys without MFA).
        Bool: { "aws:MultiFactorAuthPresent": "true" },
        NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        ...(props.externalId !== undefined ? { StringEquals: { "sts:ExternalId": props.externalId } } : {}),
      },
    };
    this.role = new IamRole(this, "role", {
      name,
      description: "Outsourced vendor: read-only view of network, server and database configuration (R0.7)",
      assumeRolePolicy: policyJson([trust]),
      maxSessionDuration: 3600,
      tags: { Name: name },
    });
    this.roleArn = this.role.arn;

    new IamRolePolicy(this, "read-only", {
      role: this.role.id,
      name: "read-network-server-database-configuration",
      policy: policyJson([{ Sid: "ReadConfiguration", Effect: "Allow", Action: [...VENDOR_READ_ACTIONS], Resource: "*" }]),
    });
    new IamRolePolicy(this, "deny-sensitive", {
      role: this.role.id,
      name: "deny-secrets-data-and-identity",
      policy: policyJson([{ Sid: "DenySecretsDataAndIdentity", Effect: "Deny", Action: [...VENDOR_DENIED_ACTIONS], Resource: "*" }]),
    });
  }
}
