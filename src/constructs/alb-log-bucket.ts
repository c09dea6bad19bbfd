/**
 * The bucket receiving the public load balancer's access logs (CKV_AWS_91).
 */
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { albLogDeliveryStatements } from "../lib/elb-log-delivery";
import { denyInsecureTransport, policyJson } from "../lib/policy";
import { SecureBucket } from "./secure-bucket";

/** Props of {@link AlbLogBucket}. */
export interface AlbLogBucketProps {
  /** Environment name (bucket prefix and `Name` tag). */
  readonly envName: string;
  /** Account and region whose load balancers write here. */
  readonly account: string;
  readonly region: string;
  /** Key prefix the load balancer writes under. */
  readonly prefix: string;
  /** Days log objects are kept. */
  readonly retentionDays: number;
  /** Bucket receiving this bucket's S3 server access logs (CKV_AWS_18; `accessLogBucketName`). @default none */
  readonly accessLogBucket?: string;
}

/**
 * A SecureBucket with SSE-S3, because ALB access logs support no other
 * encryption (trap 6; the documented exception to CKV_AWS_145), a unique
 * name from `bucketPrefix`, log objects expiring after `retentionDays`, and a
 * policy allowing only TLS plus log delivery for this account's load
 * balancers under `prefix`. The policy is written here (not by SecureBucket)
 * so the load balancer can depend on it: the ALB API checks it can write to
 * the bucket when access logs are switched on.
 */
export class AlbLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: SecureBucket;
  /** The bucket policy; load balancers logging here must depend on it. */
  readonly policy: S3BucketPolicy;
  /** The key prefix load balancers write under. */
  readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlbLogBucketProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.bucket = new SecureBucket(this, "bucket", {
      bucketPrefix: `${props.envName}-alb-logs-`,
      name: `${props.envName}-alb-logs`,
      encryption: "sse-s3",
      managePolicy: false,
      ...(props.accessLogBucket ? { accessLogs: { bucket: props.accessLogBucket, prefix: "alb-logs/" } } : {}),
      lifecycleRules: [{ id: "expire-access-logs", status: "Enabled", filter: [{}], expiration: [{ days: props.retentionDays }] }],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.bucket.id,
      policy: policyJson([
        denyInsecureTransport(this.bucket.arn),
        ...albLogDeliveryStatements(this.bucket.arn, props.account, props.region, props.prefix),
      ]),
    });
  }
}
