/**
 * Media storage (R1.2) and its independent backup copy (R1.3, the "NAS backup").
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { policyJson, serviceTrustPolicy } from "../lib/policy";
import { SecureBucket } from "./secure-bucket";
import { protectionOf } from "../lib/lifecycle";

/** Lifecycle of the media bucket and its backup copy (the definition's `data.media`). */
export interface MediaSettings {
  /** Days after upload objects move to Intelligent-Tiering (0: at once). */
  readonly intelligentTieringAfterDays: number;
  /** Days a replaced or deleted media version is kept. */
  readonly noncurrentVersionDays: number;
  /** The backup copy in the same region. */
  readonly backup: {
    /** Object Lock mode of the copy. */
    readonly objectLockMode: "GOVERNANCE" | "COMPLIANCE";
    /** Object Lock retention in days. */
    readonly objectLockDays: number;
    /** Storage class of the replicated copies. */
    readonly storageClass: "STANDARD" | "STANDARD_IA" | "GLACIER_IR";
    /** Days a noncurrent copy version is kept. */
    readonly noncurrentVersionDays: number;
  };
}

/** Props of {@link MediaStorage}. */
export interface MediaStorageProps {
  /** Bucket receiving the buckets' S3 server access logs (CKV_AWS_18; `accessLogBucketName`). @default none */
  readonly accessLogBucket?: string;
  /** Environment name: names. */
  readonly envName: string;
  /** Region (KMS `ViaService` conditions). */
  readonly region: string;
  /** The parsed `data.media` section. */
  readonly settings: MediaSettings;
  /** Key of the media bucket. */
  readonly mediaKeyArn: string;
  /** Key of the backup copy: its own, so losing or disabling the media key does not lose the copy. */
  readonly backupKeyArn: string;
  /**
   * Write the media bucket's policy here (TLS only). `false` when CloudFront
   * fronts the bucket: the edge stack owns the policy then (TLS only plus the
   * distribution's Origin Access Control statement). @default true
   */
  readonly manageMediaPolicy?: boolean;
  /**
   * A second copy in the DR region (R1.5, R1.7): another rule of the SAME
   * replication configuration (S3 keeps one configuration per bucket; a second
   * resource would overwrite the first), to a bucket that `<env>-dr-storage`
   * creates before this stack is deployed. Its bucket and key are named, not
   * read from state (src/lib/dr.ts), so this stack never reads a DR stack.
   * @default none
   */
  readonly drCopy?: MediaDrCopy;
}

/** The DR destination of the media (see {@link MediaStorageProps.drCopy}). */
export interface MediaDrCopy {
  /** ARN of the DR bucket (versioned; it must exist before the rule is written). */
  readonly bucketArn: string;
  /** DR region. */
  readonly region: string;
  /** Account (the DR key's ARN pattern in the replication role's policy). */
  readonly account: string;
  /** ARN of the DR key's alias (S3 accepts a key or alias ARN as `replica_kms_key_id`). */
  readonly kmsKeyAliasArn: string;
  /** Storage class of the DR copies. */
  readonly storageClass: string;
  /** Replication Time Control: 99.99 % of objects within 15 minutes, with metrics. */
  readonly replicationTimeControl: boolean;
}

/**
 * Two buckets:
 *
 * - `primary` (`<env>-media-…`): versioned, SSE-KMS with the media key,
 *   public access blocked, objects move to Intelligent-Tiering (3 TB+ of
 *   images and video of uneven popularity), superseded versions expire.
 * - `backup` (`<env>-media-backup-…`): every new object of the media bucket
 *   is replicated here, re-encrypted with the backup key, into a cheaper
 *   storage class. Delete markers are NOT replicated, so deleting media
 *   leaves the copy; an overwrite (corruption) replicates as a new version
 *   while Object Lock keeps the previous ones for `objectLockDays`.
 *
 * With `drCopy`, a second rule of the same configuration replicates every new
 * object to the DR region's bucket too (no delete markers either; with
 * Replication Time Control: 99.99 % within 15 minutes).
 *
 * Replication covers objects written after it is set up; copy anything
 * uploaded before with S3 Batch Replication.
 */
export class MediaStorage extends Construct {
  /** The media bucket. */
  readonly media: SecureBucket;
  /** The backup copy. */
  readonly backup: SecureBucket;

  constructor(scope: Construct, id: string, props: MediaStorageProps) {
    super(scope, id);
    const s = props.settings;
    const env = props.envName;
    const dr = props.drCopy;
    this.media = new SecureBucket(this, "primary", {
      bucketPrefix: `${env}-media-`,
      name: resourceName(env, "media"),
      encryption: { kmsKeyArn: props.mediaKeyArn },
      noncurrentVersionExpirationDays: s.noncurrentVersionDays,
      lifecycleRules: [
        {
          id: "intelligent-tiering",
          status: "Enabled",
          filter: [{}],
          transition: [{ days: s.intelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" }],
        },
      ],
      managePolicy: props.manageMediaPolicy ?? true,
      ...(props.accessLogBucket ? { accessLogs: { bucket: props.accessLogBucket, prefix: "media/" } } : {}),
    });
    this.backup = new SecureBucket(this, "backup", {
      bucketPrefix: `${env}-media-backup-`,
      name: resourceName(env, "media-backup"),
      encryption: { kmsKeyArn: props.backupKeyArn },
      noncurrentVersionExpirationDays: s.backup.noncurrentVersionDays,
      objectLock: true,
      ...(props.accessLogBucket ? { accessLogs: { bucket: props.accessLogBucket, prefix: "media-backup/" } } : {}),
    });
    // A disposable environment has no Object Lock: locked versions could not be emptied on destroy.
    if (protectionOf(this).locks) {
      new S3BucketObjectLockConfigurationA(this, "backup-lock", {
        bucket: this.backup.bucket.id,
        rule: { defaultRetention: { mode: s.backup.objectLockMode, days: s.backup.objectLockDays } },
      });
    }

    const role = new IamRole(this, "replication-role", {
      name: resourceName(env, "media-replication"),
      description: "S3 replicates new media objects to the backup copy",
      // No source-account condition: S3 does not document one for replication
      // roles, and a role cannot be passed to another account's bucket anyway.
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com"),
      tags: { Name: resourceName(env, "media-replication") },
    });
    const viaS3 = `s3.${props.region}.amazonaws.com`;
    // With S3 Bucket Keys the encryption context is the bucket ARN, without
    // them the object ARN: allow both.
    const context = (arn: string) => [arn, `${arn}/*`];
    new IamRolePolicy(this, "replication-policy", {
      role: role.id,
      name: "replicate-media",
      policy: policyJson([
        { Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: this.media.arn },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
          Resource: `${this.media.arn}/*`,
        },
        // No s3:ReplicateDelete: deletions must never reach the copy.
        { Sid: "WriteCopies", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags"], Resource: `${this.backup.arn}/*` },
        {
          Sid: "DecryptSource",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.mediaKeyArn,
          Condition: { StringEquals: { "kms:ViaService": viaS3 }, StringLike: { "kms:EncryptionContext:aws:s3:arn": context(this.media.arn) } },
        },
        {
          Sid: "EncryptCopies",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: props.backupKeyArn,
          Condition: { StringEquals: { "kms:ViaService": viaS3 }, StringLike: { "kms:EncryptionContext:aws:s3:arn": context(this.backup.arn) } },
        },
        ...(dr
          ? [
              // Also no s3:ReplicateDelete: deleting media leaves the DR copy.
              { Sid: "WriteDrCopies", Effect: "Allow" as const, Action: ["s3:ReplicateObject", "s3:ReplicateTags"], Resource: `${dr.bucketArn}/*` },
              {
                // The DR key is known by its alias only (no state read); any key of the
                // account in the DR region, but only through S3 there, only for the DR bucket.
                Sid: "EncryptDrCopies",
                Effect: "Allow" as const,
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: `arn:aws:kms:${dr.region}:${dr.account}:key/*`,
                Condition: { StringEquals: { "kms:ViaService": `s3.${dr.region}.amazonaws.com` }, StringLike: { "kms:EncryptionContext:aws:s3:arn": context(dr.bucketArn) } },
              },
            ]
          : []),
      ]),
    });
    new S3BucketReplicationConfigurationA(this, "replication", {
      bucket: this.media.bucket.id,
      role: role.arn,
      rule: [
        {
          id: "independent-copy",
          priority: 1,
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: this.backup.arn,
            storageClass: s.backup.storageClass,
            encryptionConfiguration: { replicaKmsKeyId: props.backupKeyArn },
          },
        },
        ...(dr
          ? [
              {
                id: "dr-copy",
                priority: 2,
                status: "Enabled",
                filter: {},
                deleteMarkerReplication: { status: "Disabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                  bucket: dr.bucketArn,
                  storageClass: dr.storageClass,
                  encryptionConfiguration: { replicaKmsKeyId: dr.kmsKeyAliasArn },
                  // RTC's SLA (99.99 % within 15 min) needs its metrics on.
                  ...(dr.replicationTimeControl
                    ? { replicationTime: { status: "Enabled", time: { minutes: 15 } }, metrics: { status: "Enabled", eventThreshold: { minutes: 15 } } }
                    : {}),
                },
              },
            ]
          : []),
      ],
      // S3 refuses replication until both buckets are versioned.
      dependsOn: [this.media.versioning!, this.backup.versioning!],
    });
  }
}
