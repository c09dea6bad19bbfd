/**
 * `<env>-dr-data`: the data stores of the DR region for pilot light and warm
 * standby (R1.5, R1.7), built with the primary's constructs from the DR view
 * of the environment (src/stacks/dr-environment.ts):
 *
 * - the Aurora global database (created from the primary cluster, in the
 *   primary region) and its secondary cluster here, encrypted with the DR
 *   key: headless for a pilot light, a reader for a warm standby, the
 *   primary's instance count once activated;
 * - a cache (warm standby; empty, the application refills it cache-aside);
 * - the DR copy of the shared files with its EFS replication (until activated);
 * - the DR region's alarm topic and the data alarms, among them the global
 *   database's replication lag (the RPO as it happens).
 *
 * Reads `dr-network` (subnets, security groups), `dr-storage` (DR keys, media
 * copy) and the primary `data` (cluster ARN, master secret, file system).
 * Publishes DATA_OUTPUTS, so `<env>-dr-compute` is the primary compute stack's
 * code reading `dr-data` instead of `data`.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { DEFAULT_ENGINE_VERSIONS } from "../config/data/schema";
import { AlarmTopic } from "../constructs/alarm-topic";
import { AuroraCluster } from "../constructs/aurora-cluster";
import { Cache } from "../constructs/cache";
import { DataAlarms } from "../constructs/data-alarms";
import { DbMonitoringRole } from "../constructs/db-monitoring-role";
import { EncryptionKey } from "../constructs/encryption-key";
import { FileReplication } from "../constructs/file-replication";
import { GlobalDatabase } from "../constructs/global-database";
import { SharedFiles } from "../constructs/shared-files";
import { DATA_OUTPUTS } from "../contract/data";
import { DR_STORAGE_OUTPUTS } from "../contract/dr-storage";
import { NETWORK_OUTPUTS } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { dataOutputValues } from "./data-outputs";
import { AlarmSpec, dataAlarmSpecs } from "../lib/data-alarms";
import { drDatabaseInstances, drHasCache, drReplicatesDatabase, drReplicatesFiles, globalClusterIdentifier } from "../lib/dr";
import { drEnvironment } from "./dr-environment";
import { resourceName } from "../lib/naming";
import { EnvironmentStack } from "./environment-stack";
import { logsKeyPrincipal } from "../lib/logs-key";

/**
 * The global database's replication lag alarm: `AuroraGlobalDBReplicationLag`
 * (milliseconds) of the secondary cluster, above the definition's replica lag
 * threshold. This is the data a failover would lose right now.
 */
export function globalLagAlarmSpec(siteName: string, clusterIdentifier: string, thresholdSeconds: number): AlarmSpec {
  return {
    id: "db-global-lag",
    name: resourceName(siteName, "db-global-lag"),
    description: `The DR database lags the primary region by more than ${thresholdSeconds} s: a regional failover now would lose that much of the latest writes (RPO). Check the primary's write load and the global database's health.`,
    namespace: "AWS/RDS",
    metricName: "AuroraGlobalDBReplicationLag",
    dimensions: { DBClusterIdentifier: clusterIdentifier },
    statistic: "Maximum",
    comparison: "GreaterThanThreshold",
    threshold: thresholdSeconds * 1000,
    treatMissingData: "missing",
  };
}

/** The DR data stack of an environment with a pilot-light or warm-standby `dr` section. */
export class DrDataStack extends EnvironmentStack {
  /** The primary region's provider (alias `primary`): the global cluster and the file replication live there. */
  readonly primaryRegion: AwsProvider;

  constructor(scope: Construct, env: Environment) {
    const dr = env.dr;
    if (!dr) throw new Error(`DrDataStack: environment ${env.name} has no dr section`);
    super(scope, env, "dr-data", { region: dr.region });
    const site = drEnvironment(env);
    const data = site.data;
    this.primaryRegion = this.aliasedProvider("aws_primary", "primary", env.region);

    const net = this.upstream("dr-network", NETWORK_OUTPUTS);
    const storage = this.upstream("dr-storage", DR_STORAGE_OUTPUTS);
    const primary = this.upstream("data", DATA_OUTPUTS);
    const topic = new AlarmTopic(this, "alarm-topic", { envName: site.name, account: env.account, emails: data?.alarms.emails ?? [], httpsEndpoints: data?.alarms.httpsEndpoints ?? [] });

    // The database: the secondary of the Aurora global database.
    const dbSettings = data?.database;
    let aurora: AuroraCluster | undefined;
    // The master secret replicated by the primary (DbMasterSecret): same name and ARN suffix, this region.
    const secretArn = Fn.replace(primary.db_master_secret_arn, `:${env.region}:`, `:${dr.region}:`);
    if (dbSettings && drReplicatesDatabase(env)) {
      const global = new GlobalDatabase(this, "global-database", {
        identifier: globalClusterIdentifier(env.name),
        sourceClusterArn: primary.db_arn,
        provider: this.primaryRegion,
      });
      aurora = new AuroraCluster(this, "database", {
        envName: site.name,
        azs: site.azs,
        settings: dbSettings,
        engineVersion: dbSettings.engineVersion ?? DEFAULT_ENGINE_VERSIONS[dbSettings.engine],
        subnetIds: net.db_subnet_ids,
        securityGroupId: net.sg_db_id,
        kmsKeyArn: storage.db_kms_key_arn,
        monitoringRole: new DbMonitoringRole(this, "db-monitoring", { envName: site.name, account: env.account }),
        logRetentionDays: data.logRetentionDays,
        secondaryOf: { globalClusterIdentifier: global.identifier, secretArn, dependsOn: [global.globalCluster] },
        instanceCount: drDatabaseInstances(env),
        // Standby instances scale back down after a failback; serving ones are protected.
        instancesPreventDestroy: dr.activate,
      });
    }

    // Cache (warm standby): empty until the application fills it.
    const cacheSettings = data?.cache;
    const cache =
      cacheSettings && drHasCache(env)
        ? new Cache(this, "cache", {
            envName: site.name,
            azs: site.azs,
            settings: cacheSettings,
            engineVersion: cacheSettings.engineVersion ?? DEFAULT_ENGINE_VERSIONS[cacheSettings.engine],
            subnetIds: net.db_subnet_ids,
            securityGroupId: net.sg_cache_id,
            kmsKeyArn: new EncryptionKey(this, "cache-key", {
              account: env.account,
              alias: resourceName(site.name, "cache"),
              description: `Encrypts the DR cache and its slow log of ${env.name} in ${dr.region}`,
              servicePrincipals: [
                logsKeyPrincipal(dr.region, env.account, `/elasticache/*`),
              ],
            }).arn,
            logRetentionDays: data.logRetentionDays,
          })
        : undefined;

    // Shared files: a DR file system written by EFS replication until the DR region is activated.
    const filesSettings = data?.sharedFiles;
    const files =
      filesSettings && drReplicatesFiles(env)
        ? new SharedFiles(this, "shared-files", {
            envName: site.name,
            account: env.account,
            azs: site.azs,
            settings: filesSettings,
            subnetIds: net.web_subnet_ids,
            securityGroupId: net.sg_efs_id,
            kmsKeyArn: storage.efs_kms_key_arn,
            replicationDestination: !dr.activate,
          })
        : undefined;
    if (files && !dr.activate) {
      new FileReplication(this, "file-replication", {
        sourceFileSystemId: primary.efs_id,
        destinationFileSystemId: files.fileSystem.id,
        destinationRegion: dr.region,
        provider: this.primaryRegion,
      });
    }

    // Alarms of the DR data stores, to the DR region's topic (alarms notify topics of their own region).
    if (data) {
      const specs = [
        ...dataAlarmSpecs(
          site.name,
          {
            ...(aurora && dbSettings ? { database: { engine: dbSettings.engine, instances: aurora.watched } } : {}),
            ...(cache ? { cache: { memberClusterIds: cache.memberClusterIds } } : {}),
            ...(files ? { efs: { fileSystemId: files.fileSystem.id, bursting: filesSettings?.throughputMode === "bursting" } } : {}),
          },
          data.alarms,
        ),
        ...(aurora ? [globalLagAlarmSpec(site.name, resourceName(site.name, "db"), data.alarms.dbReplicaLagSeconds)] : []),
      ];
      if (specs.length > 0) new DataAlarms(this, "alarms", { specs, topicArn: topic.topic.arn, evaluationPeriods: data.alarms.evaluationPeriods });
    }

    publishOutputs(
      this,
      DATA_OUTPUTS,
      dataOutputValues({
        database: aurora
          ? { writerAddress: aurora.writerAddress, readerAddress: aurora.clusterReaderAddress, port: aurora.port, masterSecretArn: secretArn, iamResourceId: aurora.iamResourceId, replicaIamResourceIds: [], arn: aurora.backupArn }
          : undefined,
        databaseName: dbSettings?.databaseName,
        cache,
        files,
        // The media copy lives in <env>-dr-storage: its outputs, passed through.
        media: { bucketName: storage.media_bucket_name, bucketArn: storage.media_bucket_arn, regionalDomainName: storage.media_bucket_regional_domain_name, kmsKeyArn: storage.media_kms_key_arn },
        alarmTopicArn: topic.topic.arn,
      }),
    );
  }
}
