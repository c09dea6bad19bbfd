/**
 * Aurora MySQL: a cluster, its first instance (the writer at creation) and
 * readers spread over the AZs, with the cluster parameter group, subnet group
 * and log groups (R1.9).
 */
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { Construct } from "constructs";
import type { DatabaseSection } from "../config/sections/data";
import type { WatchedDbInstance } from "../lib/data-alarms";
import { replicaAzs } from "../lib/db-placement";
import { mysqlParameters, parameterFamily } from "../lib/mysql-parameters";
import { resourceName } from "../lib/naming";
import { DbLogGroups } from "./db-log-groups";
import { DbMonitoringRole } from "./db-monitoring-role";
import { RDS_CA, RelationalDatabase } from "./rds-database";

/** Props of {@link AuroraCluster}. */
export interface AuroraClusterProps {
  /** Environment name: identifiers and names. */
  readonly envName: string;
  /** The environment's AZs, in order (instance placement). */
  readonly azs: readonly string[];
  /** The parsed `data.database` section (engine `aurora-mysql`). */
  readonly settings: DatabaseSection;
  /** Resolved engine version (`8.0.mysql_aurora.3.08.2`). */
  readonly engineVersion: string;
  /** Database subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The database security group from the network stack. */
  readonly securityGroupId: string;
  /** Customer managed key: storage, Performance Insights, the master secret, log groups. */
  readonly kmsKeyArn: string;
  /** Enhanced monitoring role. */
  readonly monitoringRole: DbMonitoringRole;
  /** Days exported logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * Cluster `<env>-db` with instances `<env>-db-1` (created first, so it is the
 * writer) and `<env>-db-2..n` (readers, each created after the writer, in the
 * AZs after the writer's). The instance names carry no role: after a failover
 * any of them may be the writer; the cluster endpoint always points at it and
 * the reader endpoint spreads reads over the others.
 *
 * Encrypted with the CMK, TLS required, IAM auth, log exports, backups kept
 * after deletion, a final snapshot, deletion protection and prevent_destroy;
 * the master password lives only in Secrets Manager (X.4).
 */
export class AuroraCluster extends Construct implements RelationalDatabase {
  /** The cluster. */
  readonly cluster: RdsCluster;
  /** The instances: `[0]` is the writer at creation. */
  readonly instances: RdsClusterInstance[] = [];
  readonly writerAddress: string;
  readonly replicaAddresses: string[] = [];
  readonly clusterReaderAddress: string;
  readonly port = 3306;
  readonly masterSecretArn: string;
  readonly iamResourceId: string;
  readonly backupArn: string;
  readonly watched: WatchedDbInstance[] = [];

  constructor(scope: Construct, id: string, props: AuroraClusterProps) {
    super(scope, id);
    const s = props.settings;
    const env = props.envName;
    const clusterId = resourceName(env, "db");
    const count = 1 + s.replicas.length;
    const instanceIds = Array.from({ length: count }, (_, i) => resourceName(env, "db", i + 1));

    const subnets = new DbSubnetGroup(this, "subnets", {
      name: clusterId,
      description: `Database subnets of ${env}`,
      subnetIds: props.subnetIds,
      tags: { Name: clusterId },
    });
    const family = parameterFamily("aurora-mysql", props.engineVersion);
    const parameters = new RdsClusterParameterGroup(this, "parameters", {
      namePrefix: `${clusterId}-${family.replace(/\./g, "")}-`,
      family,
      description: `Aurora MySQL settings of ${env}: utf8mb4, TLS required, slow query and audit logs`,
      parameter: mysqlParameters({ engine: "aurora-mysql", collation: s.collation, slowQuerySeconds: s.slowQuerySeconds, logExports: s.logExports }).map(
        (p) => ({ ...p, applyMethod: "pending-reboot" }),
      ),
      tags: { Name: `${clusterId}-parameters` },
      lifecycle: { createBeforeDestroy: true },
    });
    const logs = new DbLogGroups(this, "logs", {
      kind: "cluster",
      sources: [{ role: "cluster", identifier: clusterId }],
      logTypes: s.logExports,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays,
    });

    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: clusterId,
      engine: "aurora-mysql",
      engineVersion: props.engineVersion,
      databaseName: s.databaseName,
      masterUsername: s.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      backupRetentionPeriod: s.backupRetentionDays,
      preferredBackupWindow: s.backupWindow,
      preferredMaintenanceWindow: s.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${clusterId}-final`,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: [...s.logExports],
      applyImmediately: false,
      tags: { Name: clusterId },
      // Minor upgrades are applied by AWS (auto_minor_version_upgrade on the
      // instances); without ignoring the version Terraform would then plan a
      // downgrade, which fails.
      lifecycle: { preventDestroy: true, ignoreChanges: ["engine_version"] },
      dependsOn: logs.groups,
    });

    const writerAz = s.primaryAz ?? props.azs[0];
    const azs = [writerAz, ...replicaAzs(props.azs, writerAz, s.replicas)];
    for (let i = 0; i < count; i++) {
      const identifier = instanceIds[i]!;
      const instanceClass = i === 0 ? s.instanceClass : (s.replicas[i - 1]?.instanceClass ?? s.instanceClass);
      const az = azs[i];
      const instance = new RdsClusterInstance(this, `instance-${i + 1}`, {
        identifier,
        clusterIdentifier: this.cluster.id,
        engine: "aurora-mysql",
        instanceClass,
        ...(az ? { availabilityZone: az } : {}),
        dbSubnetGroupName: subnets.name,
        publiclyAccessible: false,
        // Failover prefers lower tiers: the second instance first.
        promotionTier: i === 0 ? 0 : 1,
        monitoringInterval: s.monitoringIntervalSeconds,
        monitoringRoleArn: props.monitoringRole.arn,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
        autoMinorVersionUpgrade: true,
        caCertIdentifier: RDS_CA,
        copyTagsToSnapshot: true,
        applyImmediately: false,
        tags: { Name: identifier },
        lifecycle: { preventDestroy: true },
        // The first instance created becomes the writer: readers wait for it.
        dependsOn: [props.monitoringRole.attachment, ...(i > 0 && this.instances[0] ? [this.instances[0]] : [])],
      });
      this.instances.push(instance);
      // Any instance may be a reader after a failover, so every one watches lag
      // (AuroraReplicaLag is reported by readers only; the writer's is missing).
      this.watched.push({ role: `instance-${i + 1}`, identifier, instanceClass, replica: true });
    }

    this.writerAddress = this.cluster.endpoint;
    this.clusterReaderAddress = this.cluster.readerEndpoint;
    this.masterSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
    this.iamResourceId = this.cluster.clusterResourceId;
    this.backupArn = this.cluster.arn;
  }
}
