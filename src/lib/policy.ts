/**
 * IAM and resource policies as plain JSON strings, so the synthesized
 * Terraform shows the policy an operator approves (no `aws_iam_policy_document`
 * indirection) and tools can evaluate it from the JSON alone.
 */

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | number | readonly string[]>>>>;
}

/** A policy document JSON string from statements. Tokens inside are resolved by cdktf. */
export function policyJson(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}

/** The trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(service: string, conditions?: PolicyStatement["Condition"]): string {
  return policyJson([
    { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(conditions ? { Condition: conditions } : {}) },
  ]);
}

/** Deny every request to an S3 bucket that does not use TLS (CKV_AWS_70 / aws:SecureTransport). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
