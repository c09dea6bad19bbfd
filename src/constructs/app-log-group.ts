/**
 * The CloudWatch log group an application tier's instances ship their logs to (R2.5).
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";

/** Props of {@link AppLogGroup}. */
export interface AppLogGroupProps {
  /** Log group name (`/<env>/compute/web`). */
  readonly name: string;
  /** Days to keep (CKV_AWS_338 wants >= 365). */
  readonly retentionDays: number;
  /** KMS key ARN (CKV_AWS_158); its policy must let CloudWatch Logs use it. */
  readonly kmsKeyArn: string;
}

/**
 * Encrypted log group with retention, created by Terraform rather than by the
 * CloudWatch agent, so its encryption and retention are reviewed and the
 * instance role needs no `logs:CreateLogGroup`.
 */
export class AppLogGroup extends Construct {
  /** The log group. */
  readonly logGroup: CloudwatchLogGroup;
  /** Its name. */
  readonly name: string;
  /** Its ARN (without the `:*` suffix). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AppLogGroupProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: { Name: props.name },
    });
    this.name = props.name;
    this.arn = this.logGroup.arn;
  }
}
