/**
 * VPC flow logs to an encrypted CloudWatch log group.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { policyJson, serviceTrustPolicy } from "../lib/policy";

/** Props of {@link FlowLogs}. */
export interface FlowLogsProps {
  /** Environment name, for names. */
  readonly envName: string;
  /** Account id and region, to scope the trust policy (confused deputy). */
  readonly account: string;
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** KMS key ARN encrypting the log group (CKV_AWS_158). */
  readonly kmsKeyArn: string;
  /** Days to keep (CKV_AWS_338 wants >= 365). */
  readonly retentionDays: number;
}

/**
 * Flow logs of ALL traffic (CKV2_AWS_11). The delivery role may write only to
 * its own log group, and only VPC Flow Logs of this account may assume it.
 */
export class FlowLogs extends Construct {
  /** The log group. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/vpc/${props.envName}/flow-logs`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: { Name: resourceName(props.envName, "flow-logs") },
    });
    const role = new IamRole(this, "role", {
      name: resourceName(props.envName, "flow-logs"),
      description: "VPC Flow Logs delivery to CloudWatch Logs",
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": props.account },
        ArnLike: { "aws:SourceArn": `arn:aws:ec2:${props.region}:${props.account}:vpc-flow-log/*` },
      }),
      tags: { Name: resourceName(props.envName, "flow-logs") },
    });
    new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: policyJson([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: resourceName(props.envName, "flow-logs") },
    });
  }
}
