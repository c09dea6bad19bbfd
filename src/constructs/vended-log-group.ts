/**
 * A KMS-encrypted CloudWatch log group that AWS log delivery (WAF logs,
 * CloudFront access logs v2) writes into, with the resource policy that
 * delivery needs.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyJson } from "../lib/policy";

/** Props of {@link VendedLogGroup}. */
export interface VendedLogGroupProps {
  /** Log group name (`aws-waf-logs-<env>` for WAF: WAF refuses other names). */
  readonly name: string;
  /** Account and region of the log group, for the delivery policy's conditions. */
  readonly account: string;
  readonly region: string;
  /** KMS key encrypting the log group (CKV_AWS_158); its policy must allow `logs.<region>.amazonaws.com`. */
  readonly kmsKeyArn: string;
  /** Days to keep (CKV_AWS_338 wants at least 365). */
  readonly retentionDays: number;
  /** `Name` tag. */
  readonly tagName: string;
  /** Provider of the log group's region. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * The log group and a resource policy letting `delivery.logs.amazonaws.com`
 * write to it, for this account's deliveries only (confused deputy).
 *
 * AWS would otherwise add such a policy itself when logging is enabled, but
 * only if the applying identity may call `logs:PutResourcePolicy`, and into a
 * shared account-wide policy; an explicit one per log group is reviewable and
 * does not depend on who applies. (Quota: 10 resource policies per region.)
 */
export class VendedLogGroup extends Construct {
  /** The log group. */
  readonly logGroup: CloudwatchLogGroup;
  /** ARN of the log group (without the `:*` suffix, as WAF and log delivery expect). */
  readonly arn: string;
  /** The delivery resource policy (deliveries should depend on it). */
  readonly deliveryPolicy: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: VendedLogGroupProps) {
    super(scope, id);
    const provider = props.provider ? { provider: props.provider } : {};
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      ...provider,
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: { Name: props.tagName },
    });
    this.arn = this.logGroup.arn;
    this.deliveryPolicy = new CloudwatchLogResourcePolicy(this, "delivery-policy", {
      ...provider,
      policyName: `${props.name.replace(/^\//, "").replace(/\//g, "-")}-delivery`.slice(0, 255),
      policyDocument: policyJson([
        {
          Sid: "AWSLogDeliveryWrite",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:log-stream:*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": props.account },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:${props.region}:${props.account}:*` },
          },
        },
      ]),
    });
  }
}
