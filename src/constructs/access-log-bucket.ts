/**
 * The bucket that receives the S3 server access logs of every other bucket of
 * an environment in one region (CKV_AWS_18).
 */
import { Construct } from "constructs";
import { SecureBucket } from "./secure-bucket";

/** Props of {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Exact bucket name (`accessLogBucketName` in src/lib/naming.ts): other stacks name it before it has state they could read. */
  readonly bucket: string;
  /** The account whose buckets log here (`aws:SourceAccount` of the logging service). */
  readonly account: string;
  /** Days log objects are kept. @default 365 */
  readonly retentionDays?: number;
}

/**
 * A SecureBucket with SSE-S3 — S3 server access logging delivers only to
 * buckets whose default encryption is SSE-S3 (SSE-KMS targets silently receive
 * nothing), the same exception as the load balancer log bucket — log objects
 * expiring after `retentionDays`, and a policy admitting the S3 logging
 * service (`logging.s3.amazonaws.com`) for this account's buckets only.
 *
 * It does not log itself: access logs of the log bucket would be written into
 * the log bucket, logging their own delivery without end. The guardrail rule
 * `s3-access-logging` recognises a bucket that is the target of an
 * `aws_s3_bucket_logging` and accepts it for that reason.
 */
export class AccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "bucket", {
      bucket: props.bucket,
      name: props.bucket,
      encryption: "sse-s3",
      noncurrentVersionExpirationDays: 30,
      lifecycleRules: [{ id: "expire-access-logs", status: "Enabled", filter: [{}], expiration: [{ days: props.retentionDays ?? 365 }] }],
      policyStatements: (arn) => [
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/*`,
          Condition: { StringEquals: { "aws:SourceAccount": props.account } },
        },
      ],
    });
  }
}
