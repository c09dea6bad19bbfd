/**
 * An S3 bucket with the protections every bucket of ours needs.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, policyJson, PolicyStatement } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link SecureBucket}. Give exactly one of `bucket` and `bucketPrefix`. */
export interface SecureBucketProps {
  /** Exact, globally unique bucket name (only where others must know it in advance, like the state bucket). */
  readonly bucket?: string;
  /** Prefix (at most 37 characters) to which Terraform appends a unique suffix; the usual choice. */
  readonly bucketPrefix?: string;
  /** `Name` tag. */
  readonly name: string;
  /**
   * KMS key ARN for SSE-KMS, or `"sse-s3"` where the writer cannot use KMS
   * (ALB access logs accept only SSE-S3).
   */
  readonly encryption: { readonly kmsKeyArn: string } | "sse-s3";
  /** Keep every version of every object. @default true */
  readonly versioning?: boolean;
  /** Days a noncurrent version is kept before it expires; `undefined` keeps them forever. @default 90 */
  readonly noncurrentVersionExpirationDays?: number | undefined;
  /** More lifecycle rules (Intelligent-Tiering, log expiry). @default [] */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** More bucket policy statements; receives the bucket ARN. TLS-only is always there. @default none */
  readonly policyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /**
   * Create the bucket policy here. `false` where another stack owns the policy
   * (the media bucket behind CloudFront: the edge stack writes TLS-only plus the
   * distribution's Origin Access Control statement, since only it knows the
   * distribution). @default true
   */
  readonly managePolicy?: boolean;
  /** Server access logs go to this bucket (CKV_AWS_18). @default none */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
  /** Enable S3 Object Lock at creation (cannot be added later); never in a `disposable` environment. @default false */
  readonly objectLock?: boolean;
  /** Terraform refuses to destroy the bucket (X.3). @default - true, false for a `disposable` environment */
  readonly preventDestroy?: boolean;
}

/**
 * S3 bucket with public access blocked (all four flags), bucket-owner-enforced
 * ownership (no ACLs), default encryption, versioning, a TLS-only policy and a
 * lifecycle that aborts incomplete uploads and expires old versions.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** Bucket name (known after apply when `bucketPrefix` is used). */
  readonly bucketName: string;
  /** Bucket ARN. */
  readonly arn: string;
  /** The bucket's versioning resource (replication must depend on it). */
  readonly versioning?: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if ((props.bucket === undefined) === (props.bucketPrefix === undefined)) {
      throw new Error(`SecureBucket ${id}: give exactly one of bucket or bucketPrefix`);
    }
    if (props.bucketPrefix !== undefined && props.bucketPrefix.length > 37) {
      throw new Error(`SecureBucket ${id}: bucketPrefix "${props.bucketPrefix}" is longer than S3's 37 characters`);
    }
    const protection = protectionOf(this);
    this.bucket = new S3Bucket(this, "bucket", {
      ...(props.bucket !== undefined ? { bucket: props.bucket } : { bucketPrefix: props.bucketPrefix }),
      // disposable: destroy empties the bucket (every version) instead of failing on it.
      forceDestroy: protection.forceDestroy,
      objectLockEnabled: (props.objectLock ?? false) && protection.locks,
      tags: { Name: props.name },
      lifecycle: { preventDestroy: props.preventDestroy ?? protection.preventDestroy },
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;

    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        props.encryption === "sse-s3"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });
    if (props.versioning ?? true) {
      this.versioning = new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
      });
    }
    const noncurrentDays = "noncurrentVersionExpirationDays" in props ? props.noncurrentVersionExpirationDays : 90;
    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-uploads",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      ...(noncurrentDays !== undefined && (props.versioning ?? true)
        ? [
            {
              id: "expire-noncurrent-versions",
              status: "Enabled",
              filter: [{}],
              noncurrentVersionExpiration: [{ noncurrentDays, newerNoncurrentVersions: 3 }],
            },
          ]
        : []),
      ...(props.lifecycleRules ?? []),
    ];
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: rules,
      dependsOn: this.versioning ? [this.versioning] : [],
    });
    if (props.managePolicy ?? true) {
      new S3BucketPolicy(this, "policy", {
        bucket: this.bucket.id,
        policy: policyJson([denyInsecureTransport(this.bucket.arn), ...(props.policyStatements?.(this.bucket.arn) ?? [])]),
      });
    }
    if (props.accessLogs) {
      new S3BucketLoggingA(this, "logging", {
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.bucket,
        targetPrefix: props.accessLogs.prefix,
      });
    }
  }
}
