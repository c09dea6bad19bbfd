/**
 * DNS query logging of a public hosted zone (CKV2_AWS_39).
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Route53QueryLog } from "@cdktf/provider-aws/lib/route53-query-log";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyJson } from "../lib/policy";
import { assignProvider } from "../lib/providers";
import { EncryptionKey } from "./encryption-key";
import { logsKeyPrincipal } from "../lib/logs-key";

/** Props of {@link ZoneQueryLog}. */
export interface ZoneQueryLogProps {
  /** Environment name (key alias, policy name). */
  readonly envName: string;
  /** The account. */
  readonly account: string;
  /** The zone's domain (`buddyverse.link`): the log group is `/aws/route53/<domain>`. */
  readonly domain: string;
  /** The hosted zone. */
  readonly zoneId: string;
  /** Days the queries are kept (CKV_AWS_338: at least 365). */
  readonly retentionDays: number;
  /** A provider in us-east-1: Route 53 delivers public query logs only to log groups there. */
  readonly usEast1: TerraformProvider;
}

/**
 * A KMS-encrypted log group in us-east-1 (with its own key there), the
 * account's CloudWatch Logs resource policy admitting Route 53 for
 * `/aws/route53/*` log groups of this account, and the query-logging config,
 * created after the policy (Route 53 checks it can write when logging starts).
 */
export class ZoneQueryLog extends Construct {
  /** The log group. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ZoneQueryLogProps) {
    super(scope, id);
    const region = "us-east-1";
    const key = assignProvider(
      new EncryptionKey(this, "key", {
        account: props.account,
        alias: `${props.envName}-dns-query-logs`,
        description: `Encrypts the DNS query logs of ${props.domain} (${props.envName}) in ${region}`,
        servicePrincipals: [
          logsKeyPrincipal(region, props.account, `/aws/route53/*`),
        ],
      }),
      props.usEast1,
    );
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider: props.usEast1,
      name: `/aws/route53/${props.domain}`,
      retentionInDays: props.retentionDays,
      kmsKeyId: key.arn,
      tags: { Name: `/aws/route53/${props.domain}` },
    });
    const policy = new CloudwatchLogResourcePolicy(this, "policy", {
      provider: props.usEast1,
      policyName: `${props.envName}-route53-query-logs`,
      policyDocument: policyJson([
        {
          Sid: "Route53QueryLogs",
          Effect: "Allow",
          Principal: { Service: "route53.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:${region}:${props.account}:log-group:/aws/route53/*`,
          Condition: { StringEquals: { "aws:SourceAccount": props.account }, ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" } },
        },
      ]),
    });
    new Route53QueryLog(this, "query-log", {
      zoneId: props.zoneId,
      cloudwatchLogGroupArn: this.logGroup.arn,
      dependsOn: [policy],
    });
  }
}
