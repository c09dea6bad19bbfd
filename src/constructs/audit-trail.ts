/**
 * The audit trail of API activity (R1.8): a multi-region CloudTrail trail to
 * a locked-down bucket and to CloudWatch Logs, with alarms on the events an
 * auditor asks about first.
 */
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { AUDIT_ALARMS } from "../lib/audit-alarms";
import { policyJson, PolicyStatement, serviceTrustPolicy } from "../lib/policy";
import { EncryptionKey } from "./encryption-key";
import { SecureBucket } from "./secure-bucket";
import { logsKeyPrincipal } from "../lib/logs-key";

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** Bucket receiving the buckets' S3 server access logs (CKV_AWS_18; `accessLogBucketName`). @default none */
  readonly accessLogBucket?: string;
  /**
   * The Terraform state bucket: the trail records its S3 data events (every
   * read and write of a state object: who read or overwrote state). @default none
   */
  readonly stateBucketName?: string;
  /** Environment name: names of the trail, bucket, log group, metrics and alarms. */
  readonly envName: string;
  /** Account and home region of the trail. */
  readonly account: string;
  readonly region: string;
  /** SNS topic the alarms notify (the environment's alarm topic). */
  readonly alarmTopicArn: string;
  /** Days the CloudWatch Logs copy is kept. */
  readonly logRetentionDays: number;
  /** Days log files stay in the bucket (to Glacier Instant Retrieval after 90). */
  readonly archiveRetentionDays: number;
}

/**
 * - Trail: every region (CKV_AWS_67), global service events (IAM, STS,
 *   CloudFront), log file validation (CKV_AWS_36: a signed digest per hour, so
 *   tampering is detectable), KMS (CKV_AWS_35), CloudWatch Logs (CKV2_AWS_10).
 *   Management events, read and write, from every source: Auto Scaling
 *   activity (launches, terminations, scaling policy and group changes, R1.8)
 *   is recorded as management events of `autoscaling.amazonaws.com` (and the
 *   EC2 RunInstances/TerminateInstances it triggers). Data events (S3 object
 *   reads) are not recorded: they are billed per event.
 * - Bucket: `SecureBucket` (public access blocked, owner-enforced, versioned,
 *   SSE-KMS, TLS-only, prevent_destroy) whose policy admits CloudTrail for this
 *   trail only (`aws:SourceArn`); files go to Glacier Instant Retrieval after 90
 *   days and expire after `archiveRetentionDays`.
 * - Key: CloudTrail may use it only for this trail; CloudWatch Logs only for
 *   this account's log groups; reading logs needs kms:Decrypt through IAM.
 * - Alarms: a metric filter and alarm per entry of `AUDIT_ALARMS` (root use,
 *   console sign-in without MFA, IAM policy, security group and NACL changes)
 *   to the environment's SNS topic (CKV_AWS_319: actions enabled).
 * No SNS notification per delivered log file (CKV_AWS_252): it would page
 * for every file; the alarms notify instead.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  readonly trail: Cloudtrail;
  /** ARN of the trail. */
  readonly arn: string;
  /** The trail's CloudWatch log group (the metric filters read it). */
  readonly logGroup: CloudwatchLogGroup;
  /** The log bucket. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const name = `${props.envName}-audit`;
    // Known before the trail exists, so the key and bucket policies can name it without a cycle.
    const trailArn = `arn:aws:cloudtrail:${props.region}:${props.account}:trail/${name}`;

    const key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: name,
      description: `Encrypts the CloudTrail logs of ${props.envName}`,
      servicePrincipals: [
        // DescribeKey carries no encryption context, so the trail is pinned by aws:SourceArn alone.
        { service: "cloudtrail.amazonaws.com", condition: { StringEquals: { "aws:SourceArn": trailArn } } },
        logsKeyPrincipal(props.region, props.account, `*`),
      ],
    });

    this.bucket = new SecureBucket(this, "bucket", {
      bucketPrefix: `${name}-`,
      name,
      encryption: { kmsKeyArn: key.arn },
      ...(props.accessLogBucket ? { accessLogs: { bucket: props.accessLogBucket, prefix: "audit/" } } : {}),
      lifecycleRules: [
        {
          id: "archive-then-expire",
          status: "Enabled",
          filter: [{}],
          transition: [{ days: 90, storageClass: "GLACIER_IR" }],
          expiration: [{ days: props.archiveRetentionDays }],
        },
      ],
      policyStatements: (bucketArn): PolicyStatement[] => [
        {
          Sid: "CloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: bucketArn,
          Condition: { StringEquals: { "aws:SourceArn": trailArn } },
        },
        {
          Sid: "CloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${bucketArn}/AWSLogs/${props.account}/*`,
          Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ],
    });

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/cloudtrail/${props.envName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: key.arn,
      tags: { Name: `${name}-logs` },
    });
    const role = new IamRole(this, "logs-role", {
      name: `${name}-logs`,
      description: "CloudTrail delivery to CloudWatch Logs",
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com", { StringEquals: { "aws:SourceArn": trailArn } }),
      tags: { Name: `${name}-logs` },
    });
    const rolePolicy = new IamRolePolicy(this, "logs-policy", {
      role: role.id,
      name: "write-trail-logs",
      policy: policyJson([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:log-stream:*`,
        },
      ]),
    });

    // CloudTrail checks the bucket policy and the role when the trail is created.
    const bucketPolicy = this.bucket.node.tryFindChild("policy") as ITerraformDependable | undefined;
    this.trail = new Cloudtrail(this, "trail", {
      name,
      s3BucketName: this.bucket.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: key.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      eventSelector: [
        {
          readWriteType: "All",
          includeManagementEvents: true,
          excludeManagementEventSources: [],
          // Object-level (data) events of the state bucket only: state is read and written a few
          // times per apply, so this costs little, and it names who read or overwrote state.
          dataResource: props.stateBucketName ? [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::${props.stateBucketName}/`] }] : [],
        },
      ],
      tags: { Name: name },
      dependsOn: [...(bucketPolicy ? [bucketPolicy] : []), rolePolicy],
    });
    this.arn = this.trail.arn;

    const namespace = `Audit/${props.envName}`;
    for (const alarm of AUDIT_ALARMS) {
      const metricName = alarm.id;
      new CloudwatchLogMetricFilter(this, `${alarm.id}-filter`, {
        name: `${props.envName}-${alarm.id}`,
        logGroupName: this.logGroup.name,
        pattern: alarm.pattern,
        metricTransformation: { name: metricName, namespace, value: "1" },
      });
      new CloudwatchMetricAlarm(this, `${alarm.id}-alarm`, {
        alarmName: `${props.envName}-${alarm.id}`,
        alarmDescription: `${alarm.description}. See the trail's log group /aws/cloudtrail/${props.envName}.`,
        namespace,
        metricName,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [props.alarmTopicArn],
        tags: { Name: `${props.envName}-${alarm.id}` },
      });
    }
  }
}
