/**
 * `<env>-dr-storage`: the DR region's keys and the destinations of the
 * primary's continuous copies — the media bucket's DR copy (a locked,
 * replicated copy CloudFront can fail over to) and the backup vault the
 * primary backup plan copies every recovery point to (R1.5, R1.7).
 *
 * It reads no other stack and is deployed BEFORE `<env>-data`: S3 refuses a
 * replication rule whose destination bucket does not exist yet, and the
 * primary's replicated master secret needs the DR key. The primary data stack
 * names these resources from the definition (src/lib/dr.ts) instead of
 * reading this stack's state, so no stack pair reads each other.
 */
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { EncryptionKey, EncryptionKeyProps } from "../constructs/encryption-key";
import { RecoveryVault } from "../constructs/recovery-vault";
import { SecureBucket } from "../constructs/secure-bucket";
import { DR_STORAGE_OUTPUTS } from "../contract/dr-storage";
import { publishOutputs } from "../contract/output-spec";
import { bucketRegionalDomainName, drKeyAlias, DrKeyPurpose, drMediaBucketName, drName, drReplicatesDatabase, drReplicatesFiles, drVaultName } from "../lib/dr";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { EnvironmentStack } from "./environment-stack";
import { protectionOf, vaultLockOf } from "../lib/lifecycle";
import { logsKeyPrincipal } from "../lib/logs-key";

/** The DR storage stack of an environment with a `dr` section. */
export class DrStorageStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    const dr = env.dr;
    if (!dr) throw new Error(`DrStorageStack: environment ${env.name} has no dr section`);
    super(scope, env, "dr-storage", { region: dr.region });
    const data = env.data;
    const site = drName(env.name);

    /** A DR key `<env>-dr-<purpose>`; `servicePrincipals` as EncryptionKey's. */
    const key = (purpose: DrKeyPurpose, what: string, servicePrincipals?: EncryptionKeyProps["servicePrincipals"]) =>
      new EncryptionKey(this, `${purpose}-key`, {
        account: env.account,
        alias: drKeyAlias(env.name, purpose),
        description: `Encrypts ${what} of ${env.name} in the DR region ${dr.region}`,
        ...(servicePrincipals ? { servicePrincipals } : {}),
      });

    // The DR region's S3 server access-log bucket (CKV_AWS_18): dr-storage deploys before every
    // other DR stack, whose buckets (the DR load balancer's logs) log here by its derived name.
    const accessLogs = new AccessLogBucket(this, "access-logs", { bucket: accessLogBucketName(env.stateBucket, dr.region), account: env.account });

    // The media's DR copy: replicated by the primary's rule "dr-copy" (MediaStorage),
    // locked like the primary's backup copy, served by CloudFront when the primary fails.
    let media: { bucket: SecureBucket; key: EncryptionKey } | undefined;
    if (data?.media) {
      const cdn = env.edge?.cdn !== undefined;
      const mediaKey = key(
        "media",
        "the DR copy of the media",
        // As the primary media key: CloudFront's OAC decrypts as the CloudFront service for
        // distributions of this account; the bucket policy (edge stack) admits only the site's.
        cdn
          ? [
              {
                service: "cloudfront.amazonaws.com",
                actions: ["kms:Decrypt"],
                condition: { StringEquals: { "aws:SourceAccount": env.account }, ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${env.account}:distribution/*` } },
              },
            ]
          : undefined,
      );
      const bucket = new SecureBucket(this, "media", {
        // An exact name: the primary's replication rule names it before this stack has state to read.
        bucket: drMediaBucketName(env),
        name: resourceName(site, "media"),
        encryption: { kmsKeyArn: mediaKey.arn },
        noncurrentVersionExpirationDays: data.media.backup.noncurrentVersionDays,
        objectLock: true,
        accessLogs: { bucket: accessLogs.bucket.bucketName, prefix: "media/" },
        // Behind CloudFront the edge stack writes the policy (TLS only + this distribution's OAC).
        managePolicy: !cdn,
      });
      if (protectionOf(this).locks) {
        new S3BucketObjectLockConfigurationA(this, "media-lock", {
          bucket: bucket.bucket.id,
          rule: { defaultRetention: { mode: data.media.backup.objectLockMode, days: data.media.backup.objectLockDays } },
        });
      }
      media = { bucket, key: mediaKey };
    }

    // The vault the primary backup plan copies every recovery point to.
    const vault = data?.backupPlan
      ? new RecoveryVault(this, "backup", {
          name: drVaultName(env.name),
          kmsKeyArn: key("backup", "the DR backup vault").arn,
          // The copies arrive with the copy action's retention (data-stack: dr.backupCopyRetentionDays).
          ...(vaultLockOf(env) ? { vaultLock: { ...vaultLockOf(env)!, minRetentionDays: dr.backupCopyRetentionDays ?? data.backupPlan.retentionDays } } : {}),
        })
      : undefined;

    // The DR database cluster's key (also the DR replica of the master secret, written by
    // the primary data stack): CloudWatch Logs uses it for the DR cluster's log groups.
    const dbKey = drReplicatesDatabase(env)
      ? key("db", "the DR database, its Performance Insights, master secret replica and logs", [
          logsKeyPrincipal(dr.region, env.account, `/aws/rds/*`),
        ])
      : undefined;
    const efsKey = drReplicatesFiles(env) ? key("efs", "the DR copy of the shared files") : undefined;

    publishOutputs(this, DR_STORAGE_OUTPUTS, {
      media_bucket_name: media?.bucket.bucketName ?? "",
      media_bucket_arn: media?.bucket.arn ?? "",
      media_bucket_regional_domain_name: media ? bucketRegionalDomainName(drMediaBucketName(env), dr.region) : "",
      media_kms_key_arn: media?.key.arn ?? "",
      backup_vault_arn: vault?.vault.arn ?? "",
      db_kms_key_arn: dbKey?.arn ?? "",
      efs_kms_key_arn: efsKey?.arn ?? "",
    });
  }
}
