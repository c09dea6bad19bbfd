/**
 * `<env>-data`: the relational database with writer and reader endpoints, the
 * cache, shared files, media storage with its independent backup, the AWS
 * Backup plan, the data stores' alarms, and the environment's alarm topic.
 *
 * Every environment has this stack, with or without a `data` section: it
 * always owns the alarm topic, and it publishes every output of DATA_OUTPUTS
 * (an empty string or list for a store the environment lacks).
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { DEFAULT_ENGINE_VERSIONS } from "../config/sections/data";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { edgeSettings } from "../config/sections/edge";
import { AlarmTopic } from "../constructs/alarm-topic";
import { ORIGIN_VERIFY_HEADER } from "../constructs/origin-verify";
import { originVerifySecretName } from "../lib/site-names";
import { AuroraCluster } from "../constructs/aurora-cluster";
import { BackupPlan } from "../constructs/backup-plan";
import { Cache } from "../constructs/cache";
import { DataAlarms } from "../constructs/data-alarms";
import { DbMasterSecret } from "../constructs/db-master-secret";
import { DbMonitoringRole } from "../constructs/db-monitoring-role";
import { EncryptionKey } from "../constructs/encryption-key";
import { MediaStorage } from "../constructs/media-storage";
import { RdsDatabase, RelationalDatabase } from "../constructs/rds-database";
import { ReaderEndpoint } from "../constructs/reader-endpoint";
import { SharedFiles } from "../constructs/shared-files";
import { DATA_OUTPUTS } from "../contract/data";
import { NETWORK_OUTPUTS } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { dataOutputValues } from "./data-outputs";
import { dataAlarmSpecs } from "../lib/data-alarms";
import { dbMasterSecretName, drKeyAliasArn, drMediaBucketArn, drReplicatesDatabase, drVaultArn } from "../lib/dr";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { EnvironmentStack } from "./environment-stack";
import { protectionOf, vaultLockOf } from "../lib/lifecycle";
import { logsKeyPrincipal } from "../lib/logs-key";

/** The data stack of one environment. */
export class DataStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, "data");
    const data = env.data;
    const topic = new AlarmTopic(this, "alarm-topic", { envName: env.name, account: env.account, emails: data?.alarms.emails ?? [], httpsEndpoints: data?.alarms.httpsEndpoints ?? [] });
    const net = this.upstream("network", NETWORK_OUTPUTS);

    /** A CMK; `logs` lets CloudWatch Logs use it for log groups under `logGroupPrefix`. */
    const key = (id: string, what: string, logGroupPrefix?: string) =>
      new EncryptionKey(this, id, {
        account: env.account,
        alias: resourceName(env.name, id.replace(/-key$/, "")),
        description: `Encrypts ${what} of ${env.name}`,
        ...(logGroupPrefix
          ? {
              servicePrincipals: [
                logsKeyPrincipal(env.region, env.account, `${logGroupPrefix}*`),
              ],
            }
          : {}),
      });

    // The origin secret header's value (R1.4: the ALB answers only this environment's CloudFront).
    // Terraform creates the secret, never its value: the operators put one (README), and deploy
    // compute and edge with it (src/constructs/origin-verify.ts).
    if (edgeSettings(env).cdn) {
      const name = originVerifySecretName(env.name);
      new SecretsmanagerSecret(this, "origin-verify-secret", {
        name,
        description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront adds to origin requests; the ALB forwards only requests carrying it`,
        kmsKeyId: key("origin-verify-key", "the origin secret header").arn,
        recoveryWindowInDays: protectionOf(this).secretRecoveryWindowDays,
        tags: { Name: name },
        lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
      });
    }

    // Relational database (R0.5, R0.6, R1.6, R1.9, R2.4, R3.7).
    let db: RelationalDatabase | undefined;
    let readerAddress = "";
    const dbSettings = data?.database;
    if (dbSettings) {
      const dbKey = key("db-key", "the database, its Performance Insights, master secret and logs", "/aws/rds/");
      const monitoringRole = new DbMonitoringRole(this, "db-monitoring", { envName: env.name, account: env.account });
      const common = {
        envName: env.name,
        azs: env.azs,
        settings: dbSettings,
        engineVersion: dbSettings.engineVersion ?? DEFAULT_ENGINE_VERSIONS[dbSettings.engine],
        subnetIds: net.db_subnet_ids,
        securityGroupId: net.sg_db_id,
        kmsKeyArn: dbKey.arn,
        monitoringRole,
        logRetentionDays: data.logRetentionDays,
      };
      if (dbSettings.engine === "aurora-mysql") {
        // With a DR region (pilot light, warm standby) the cluster becomes the primary
        // of an Aurora global database, whose members cannot have an RDS-managed
        // password: it then comes through write-only arguments, and a secret
        // replicated to the DR region keeps a copy (DbMasterSecret, src/lib/dr.ts).
        const replicated = drReplicatesDatabase(env) && env.dr !== undefined;
        const masterSecret = replicated
          ? new DbMasterSecret(this, "db-master-secret", {
              name: dbMasterSecretName(env.name),
              username: dbSettings.masterUsername,
              kmsKeyArn: dbKey.arn,
              replicas: [{ region: env.dr!.region, kmsKeyId: drKeyAliasArn(env, "db") }],
              version: env.dr!.database.masterPasswordVersion,
            })
          : undefined;
        const aurora = new AuroraCluster(this, "database", {
          ...common,
          ...(masterSecret
            ? { masterPassword: { writeOnly: masterSecret.writeOnlyPassword, version: masterSecret.version, secretArn: masterSecret.arn }, globalMember: true }
            : {}),
        });
        masterSecret?.storeAfter(aurora.cluster);
        db = aurora;
        readerAddress = aurora.clusterReaderAddress;
      } else {
        // AWS refuses read replicas of a primary whose password RDS manages, so a
        // primary with replicas takes it write-only and a secret keeps a copy.
        const masterSecret =
          dbSettings.replicas.length > 0
            ? new DbMasterSecret(this, "db-master-secret", {
                name: dbMasterSecretName(env.name),
                username: dbSettings.masterUsername,
                kmsKeyArn: dbKey.arn,
                version: dbSettings.masterPasswordVersion,
              })
            : undefined;
        const rds = new RdsDatabase(this, "database", {
          ...common,
          ...(masterSecret ? { masterPassword: { writeOnly: masterSecret.writeOnlyPassword, version: masterSecret.version, secretArn: masterSecret.arn } } : {}),
        });
        masterSecret?.storeAfter(rds.primary);
        db = rds;
        // One reader name for the application (R2.4): none → the writer, one →
        // the replica, several → a weighted record over them.
        readerAddress =
          rds.replicaAddresses.length === 0
            ? rds.writerAddress
            : rds.replicaAddresses.length === 1
              ? rds.replicaAddresses[0]!
              : new ReaderEndpoint(this, "db-reader", { envName: env.name, vpcId: net.vpc_id, replicaAddresses: rds.replicaAddresses }).fqdn;
      }
    }

    // Cache (R1.6).
    const cacheSettings = data?.cache;
    const cache = cacheSettings
      ? new Cache(this, "cache", {
          envName: env.name,
          azs: env.azs,
          settings: cacheSettings,
          engineVersion: cacheSettings.engineVersion ?? DEFAULT_ENGINE_VERSIONS[cacheSettings.engine],
          subnetIds: net.db_subnet_ids,
          securityGroupId: net.sg_cache_id,
          kmsKeyArn: key("cache-key", "the cache and its slow log", "/elasticache/").arn,
          logRetentionDays: data.logRetentionDays,
        })
      : undefined;

    // Shared files (R2.5, R3.6).
    const files = data?.sharedFiles
      ? new SharedFiles(this, "shared-files", {
          envName: env.name,
          account: env.account,
          azs: env.azs,
          settings: data.sharedFiles,
          subnetIds: net.web_subnet_ids,
          securityGroupId: net.sg_efs_id,
          kmsKeyArn: key("efs-key", "the shared file system").arn,
        })
      : undefined;

    // Media and its independent backup (R1.2, R1.3).
    let mediaKey: EncryptionKey | undefined;
    let media: MediaStorage | undefined;
    if (data?.media) {
      const cdn = env.edge?.cdn !== undefined;
      mediaKey = new EncryptionKey(this, "media-key", {
        account: env.account,
        alias: resourceName(env.name, "media"),
        description: `Encrypts the media objects of ${env.name}`,
        // CloudFront's Origin Access Control decrypts objects as the CloudFront
        // service; any distribution of this account may use the key, the bucket
        // policy (written by the edge stack) admits only the site's distribution.
        ...(cdn
          ? {
              servicePrincipals: [
                {
                  service: "cloudfront.amazonaws.com",
                  actions: ["kms:Decrypt"],
                  condition: {
                    StringEquals: { "aws:SourceAccount": env.account },
                    ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${env.account}:distribution/*` },
                  },
                },
              ],
            }
          : {}),
      });
      media = new MediaStorage(this, "media", {
        envName: env.name,
        accessLogBucket: accessLogBucketName(env.stateBucket, env.region),
        region: env.region,
        settings: data.media,
        mediaKeyArn: mediaKey.arn,
        backupKeyArn: key("media-backup-key", "the independent backup copy of the media").arn,
        manageMediaPolicy: !cdn,
        // With a DR region: a second rule to the DR bucket of <env>-dr-storage (named, not read).
        ...(env.dr
          ? {
              drCopy: {
                bucketArn: drMediaBucketArn(env),
                region: env.dr.region,
                account: env.account,
                kmsKeyAliasArn: drKeyAliasArn(env, "media"),
                storageClass: env.dr.media.storageClass,
                replicationTimeControl: env.dr.media.replicationTimeControl,
              },
            }
          : {}),
      });
    }

    // AWS Backup (R1.3, R1.7).
    if (data?.backupPlan) {
      new BackupPlan(this, "backup", {
        envName: env.name,
        settings: data.backupPlan,
        ...(vaultLockOf(env) ? { vaultLock: vaultLockOf(env)! } : {}),
        kmsKeyArn: key("backup-key", "the backup vault").arn,
        resources: [...(db ? [db.backupArn] : []), ...(files ? [files.fileSystem.arn] : []), ...(media ? [media.media.arn] : [])],
        // With a DR region: every recovery point is copied to the DR vault of <env>-dr-storage (named, not read).
        ...(env.dr ? { copyTo: { vaultArn: drVaultArn(env), retentionDays: env.dr.backupCopyRetentionDays ?? data.backupPlan.retentionDays } } : {}),
      });
    }

    // Alarms of the data stores, to the topic.
    if (data) {
      const specs = dataAlarmSpecs(
        env.name,
        {
          ...(db && dbSettings ? { database: { engine: dbSettings.engine, instances: db.watched } } : {}),
          ...(cache ? { cache: { memberClusterIds: cache.memberClusterIds } } : {}),
          ...(files ? { efs: { fileSystemId: files.fileSystem.id, bursting: data.sharedFiles?.throughputMode === "bursting" } } : {}),
        },
        data.alarms,
      );
      if (specs.length > 0) new DataAlarms(this, "alarms", { specs, topicArn: topic.topic.arn, evaluationPeriods: data.alarms.evaluationPeriods });
    }

    publishOutputs(
      this,
      DATA_OUTPUTS,
      dataOutputValues({
        database: db
          ? { writerAddress: db.writerAddress, readerAddress, port: db.port, masterSecretArn: db.masterSecretArn, iamResourceId: db.iamResourceId, replicaIamResourceIds: db.replicaIamResourceIds, arn: db.backupArn }
          : undefined,
        databaseName: dbSettings?.databaseName,
        cache,
        files,
        media: media ? { bucketName: media.media.bucketName, bucketArn: media.media.arn, regionalDomainName: media.media.bucket.bucketRegionalDomainName, kmsKeyArn: mediaKey?.arn ?? "" } : undefined,
        alarmTopicArn: topic.topic.arn,
      }),
    );
  }
}
