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
import { DatabaseSection, DataSection, DEFAULT_ENGINE_VERSIONS, MediaSection } from "../config/data/schema";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { edgeSettings } from "../config/edge/schema";
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
import { MediaDrCopy, MediaStorage } from "../constructs/media-storage";
import { RdsDatabase, RelationalDatabase } from "../constructs/rds-database";
import { ReaderEndpoint } from "../constructs/reader-endpoint";
import { SharedFiles } from "../constructs/shared-files";
import { DATA_OUTPUTS } from "../contract/data";
import { NETWORK_OUTPUTS, NetworkOutputs } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { dataOutputValues } from "./data-outputs";
import { dataAlarmSpecs, WatchedStores } from "../lib/data-alarms";
import { dbMasterSecretName, drKeyAliasArn, drMediaBucketArn, drReplicatesDatabase, drVaultArn } from "../lib/dr";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { EnvironmentStack } from "./environment-stack";
import { protectionOf, vaultLockOf } from "../lib/lifecycle";
import { logsKeyPrincipal } from "../lib/logs-key";

/** The relational database of a stack and the one reader name the application gets (R2.4). */
interface BuiltDatabase {
  readonly db: RelationalDatabase;
  readonly readerAddress: string;
}

/**
 * The customer managed key of Origin Access Control: CloudFront decrypts the media objects as
 * the CloudFront service; any distribution of this account may use the key, the bucket policy
 * (written by the edge stack) admits only the site's distribution.
 */
function cloudFrontDecrypts(account: string) {
  return {
    service: "cloudfront.amazonaws.com",
    actions: ["kms:Decrypt"],
    condition: {
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${account}:distribution/*` },
    },
  };
}

/** With a DR region: a second replication rule to the DR bucket of `<env>-dr-storage` (named, not read). */
function mediaDrCopy(env: Environment): MediaDrCopy | undefined {
  if (!env.dr) return undefined;
  return {
    bucketArn: drMediaBucketArn(env),
    region: env.dr.region,
    account: env.account,
    kmsKeyAliasArn: drKeyAliasArn(env, "media"),
    storageClass: env.dr.media.storageClass,
    replicationTimeControl: env.dr.media.replicationTimeControl,
  };
}

/** The watched data stores of the stack, as the alarm specs want them. */
function watchedStores(data: DataSection, database: BuiltDatabase | undefined, cache: Cache | undefined, files: SharedFiles | undefined): WatchedStores {
  return {
    ...(database && data.database ? { database: { engine: data.database.engine, instances: database.db.watched } } : {}),
    ...(cache ? { cache: { memberClusterIds: cache.memberClusterIds } } : {}),
    ...(files ? { efs: { fileSystemId: files.fileSystem.id, bursting: data.sharedFiles?.throughputMode === "bursting" } } : {}),
  };
}

/** What the data outputs publish of a database, besides the reader name. */
function databaseOutputs(db: RelationalDatabase) {
  return { writerAddress: db.writerAddress, port: db.port, masterSecretArn: db.masterSecretArn, iamResourceId: db.iamResourceId, replicaIamResourceIds: db.replicaIamResourceIds, arn: db.backupArn };
}

/** The data stack of one environment. */
export class DataStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, "data");
    const data = env.data;
    const topic = new AlarmTopic(this, "alarm-topic", { envName: env.name, account: env.account, emails: data?.alarms.emails ?? [], httpsEndpoints: data?.alarms.httpsEndpoints ?? [] });
    const net = this.upstream("network", NETWORK_OUTPUTS);

    // The origin secret header's value (R1.4: the ALB answers only this environment's CloudFront).
    if (edgeSettings(env).cdn) this.originVerifySecret();

    // Relational database (R0.5, R0.6, R1.6, R1.9, R2.4, R3.7).
    const database = data?.database ? this.database(data.database, data.logRetentionDays, net) : undefined;

    // Cache (R1.6).
    const cache = data?.cache
      ? new Cache(this, "cache", {
          envName: env.name,
          azs: env.azs,
          settings: data.cache,
          engineVersion: data.cache.engineVersion ?? DEFAULT_ENGINE_VERSIONS[data.cache.engine],
          subnetIds: net.db_subnet_ids,
          securityGroupId: net.sg_cache_id,
          kmsKeyArn: this.key("cache-key", "the cache and its slow log", "/elasticache/").arn,
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
          kmsKeyArn: this.key("efs-key", "the shared file system").arn,
        })
      : undefined;

    // Media and its independent backup (R1.2, R1.3).
    const media = data?.media ? this.media(data.media) : undefined;

    // AWS Backup (R1.3, R1.7).
    if (data?.backupPlan) {
      const vaultLock = vaultLockOf(env);
      new BackupPlan(this, "backup", {
        envName: env.name,
        settings: data.backupPlan,
        ...(vaultLock ? { vaultLock } : {}),
        kmsKeyArn: this.key("backup-key", "the backup vault").arn,
        resources: [...(database ? [database.db.backupArn] : []), ...(files ? [files.fileSystem.arn] : []), ...(media ? [media.storage.media.arn] : [])],
        // With a DR region: every recovery point is copied to the DR vault of <env>-dr-storage (named, not read).
        ...(env.dr ? { copyTo: { vaultArn: drVaultArn(env), retentionDays: env.dr.backupCopyRetentionDays ?? data.backupPlan.retentionDays } } : {}),
      });
    }

    // Alarms of the data stores, to the topic.
    if (data) {
      const specs = dataAlarmSpecs(env.name, watchedStores(data, database, cache, files), data.alarms);
      if (specs.length > 0) new DataAlarms(this, "alarms", { specs, topicArn: topic.topic.arn, evaluationPeriods: data.alarms.evaluationPeriods });
    }

    publishOutputs(
      this,
      DATA_OUTPUTS,
      dataOutputValues({
        database: database ? { ...databaseOutputs(database.db), readerAddress: database.readerAddress } : undefined,
        databaseName: data?.database?.databaseName,
        cache,
        files,
        media: media ? { bucketName: media.storage.media.bucketName, bucketArn: media.storage.media.arn, regionalDomainName: media.storage.media.bucket.bucketRegionalDomainName, kmsKeyArn: media.keyArn } : undefined,
        alarmTopicArn: topic.topic.arn,
      }),
    );
  }

  /** A CMK of this environment, alias `<env>-<id without -key>`; `logGroupPrefix` lets CloudWatch Logs use it for log groups under it. */
  private key(id: string, what: string, logGroupPrefix?: string): EncryptionKey {
    const env = this.env;
    return new EncryptionKey(this, id, {
      account: env.account,
      alias: resourceName(env.name, id.replace(/-key$/, "")),
      description: `Encrypts ${what} of ${env.name}`,
      ...(logGroupPrefix ? { servicePrincipals: [logsKeyPrincipal(env.region, env.account, `${logGroupPrefix}*`)] } : {}),
    });
  }

  /**
   * The secret holding the origin secret header's value. Terraform creates the secret, never its
   * value: the operators put one (README), and deploy compute and edge with it (src/constructs/origin-verify.ts).
   */
  private originVerifySecret(): void {
    const name = originVerifySecretName(this.env.name);
    new SecretsmanagerSecret(this, "origin-verify-secret", {
      name,
      description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront adds to origin requests; the ALB forwards only requests carrying it`,
      kmsKeyId: this.key("origin-verify-key", "the origin secret header").arn,
      recoveryWindowInDays: protectionOf(this).secretRecoveryWindowDays,
      tags: { Name: name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
  }

  /** The database (RDS with replicas, or Aurora), its key, monitoring role, master secret and reader name. */
  private database(settings: DatabaseSection, logRetentionDays: number, net: NetworkOutputs): BuiltDatabase {
    const env = this.env;
    const dbKey = this.key("db-key", "the database, its Performance Insights, master secret and logs", "/aws/rds/");
    const monitoringRole = new DbMonitoringRole(this, "db-monitoring", { envName: env.name, account: env.account });
    const common = {
      envName: env.name,
      azs: env.azs,
      settings,
      engineVersion: settings.engineVersion ?? DEFAULT_ENGINE_VERSIONS[settings.engine],
      subnetIds: net.db_subnet_ids,
      securityGroupId: net.sg_db_id,
      kmsKeyArn: dbKey.arn,
      monitoringRole,
      logRetentionDays,
    };
    if (settings.engine === "aurora-mysql") {
      // With a DR region (pilot light, warm standby) the cluster becomes the primary
      // of an Aurora global database, whose members cannot have an RDS-managed
      // password: it then comes through write-only arguments, and a secret
      // replicated to the DR region keeps a copy (DbMasterSecret, src/lib/dr.ts).
      const dr = drReplicatesDatabase(env) ? env.dr : undefined;
      const masterSecret = dr
        ? new DbMasterSecret(this, "db-master-secret", {
            name: dbMasterSecretName(env.name),
            username: settings.masterUsername,
            kmsKeyArn: dbKey.arn,
            replicas: [{ region: dr.region, kmsKeyId: drKeyAliasArn(env, "db") }],
            version: dr.database.masterPasswordVersion,
          })
        : undefined;
      const aurora = new AuroraCluster(this, "database", {
        ...common,
        ...(masterSecret ? { masterPassword: { writeOnly: masterSecret.writeOnlyPassword, version: masterSecret.version, secretArn: masterSecret.arn }, globalMember: true } : {}),
      });
      masterSecret?.storeAfter(aurora.cluster);
      return { db: aurora, readerAddress: aurora.clusterReaderAddress };
    }
    // AWS refuses read replicas of a primary whose password RDS manages, so a
    // primary with replicas takes it write-only and a secret keeps a copy.
    const masterSecret =
      settings.replicas.length > 0
        ? new DbMasterSecret(this, "db-master-secret", { name: dbMasterSecretName(env.name), username: settings.masterUsername, kmsKeyArn: dbKey.arn, version: settings.masterPasswordVersion })
        : undefined;
    const rds = new RdsDatabase(this, "database", {
      ...common,
      ...(masterSecret ? { masterPassword: { writeOnly: masterSecret.writeOnlyPassword, version: masterSecret.version, secretArn: masterSecret.arn } } : {}),
    });
    masterSecret?.storeAfter(rds.primary);
    // One reader name for the application (R2.4): none → the writer, one → the replica,
    // several → a weighted record over them.
    const [first, second] = rds.replicaAddresses;
    const readerAddress =
      first === undefined
        ? rds.writerAddress
        : second === undefined
          ? first
          : new ReaderEndpoint(this, "db-reader", { envName: env.name, vpcId: net.vpc_id, replicaAddresses: rds.replicaAddresses }).fqdn;
    return { db: rds, readerAddress };
  }

  /** The media bucket with its key (CloudFront may decrypt behind a CDN), its independent backup and the DR copy. */
  private media(settings: MediaSection): { storage: MediaStorage; keyArn: string } {
    const env = this.env;
    const cdn = env.edge?.cdn !== undefined;
    const mediaKey = new EncryptionKey(this, "media-key", {
      account: env.account,
      alias: resourceName(env.name, "media"),
      description: `Encrypts the media objects of ${env.name}`,
      ...(cdn ? { servicePrincipals: [cloudFrontDecrypts(env.account)] } : {}),
    });
    const drCopy = mediaDrCopy(env);
    const storage = new MediaStorage(this, "media", {
      envName: env.name,
      accessLogBucket: accessLogBucketName(env.stateBucket, env.region),
      region: env.region,
      settings,
      mediaKeyArn: mediaKey.arn,
      backupKeyArn: this.key("media-backup-key", "the independent backup copy of the media").arn,
      manageMediaPolicy: !cdn,
      ...(drCopy ? { drCopy } : {}),
    });
    return { storage, keyArn: mediaKey.arn };
  }
}
