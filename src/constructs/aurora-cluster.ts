/**
 * Aurora MySQL: a cluster, its first instance (the writer at creation) and
 * readers spread over the AZs, with the cluster parameter group, subnet group
 * and log groups (R1.9).
 */
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { WatchedDbInstance } from "../lib/data-alarms";
import { replicaAzs } from "../lib/db-placement";
import { mysqlParameters, parameterFamily } from "../lib/mysql-parameters";
import { resourceName } from "../lib/naming";
import { DbLogGroups } from "./db-log-groups";
import { DatabaseProps, RDS_CA, RelationalDatabase, WriteOnlyMasterPassword } from "./rds-database";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link AuroraCluster}. */
export interface AuroraClusterProps extends DatabaseProps {
  /**
   * Where the master password comes from. `managed`: RDS generates it and keeps
   * it in a secret it rotates (X.4). RDS cannot manage the password of an
   * Aurora global database member, so a replicated cluster takes a password
   * through write-only arguments (`master_password_wo`: never in state or
   * plan) and names the secret that holds a copy of it (DbMasterSecret).
   * Switching an existing cluster from `managed` is an in-place update.
   * @default "managed"
   */
  readonly masterPassword?: "managed" | WriteOnlyMasterPassword;
  /**
   * This cluster is (or will be) the primary of an Aurora global database:
   * ignore the attributes AWS sets when it joins one or changes role
   * (`global_cluster_identifier`, `replication_source_identifier`), as the
   * provider documents for a global cluster created from an existing cluster.
   * @default false
   */
  readonly globalMember?: boolean;
  /**
   * Make this a secondary cluster of the Aurora global database
   * `globalClusterIdentifier` (in another region than its primary): no master
   * user, password or database name (they replicate), no final snapshot (a
   * secondary's data is the global database's; the primary takes one).
   * `secretArn` is the replica of the master secret in this region.
   * @default - a primary cluster
   */
  readonly secondaryOf?: { readonly globalClusterIdentifier: string; readonly secretArn: string; readonly dependsOn: readonly ITerraformDependable[] };
  /**
   * Number of instances. `0` only for a secondary (a headless secondary:
   * storage replicated, no compute billed).
   * @default - 1 + settings.replicas.length
   */
  readonly instanceCount?: number;
  /**
   * `prevent_destroy` on the instances. A standby secondary's instances hold no
   * data (the cluster volume does) and must scale back down after a failback.
   * @default true
   */
  readonly instancesPreventDestroy?: boolean;
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
  /** Aurora: none (the cluster resource id covers every instance). */
  readonly replicaIamResourceIds: readonly string[] = [];
  readonly backupArn: string;
  readonly watched: WatchedDbInstance[] = [];

  constructor(scope: Construct, id: string, props: AuroraClusterProps) {
    super(scope, id);
    const s = props.settings;
    const env = props.envName;
    const clusterId = resourceName(env, "db");
    const count = props.instanceCount ?? 1 + s.replicas.length;
    const secondary = props.secondaryOf;
    if (count < 1 && !secondary) throw new Error(`AuroraCluster ${id}: a primary cluster needs a writer instance`);
    const password = props.masterPassword ?? "managed";
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
      parameter: mysqlParameters({ engine: "aurora-mysql", collation: s.collation, ...(s.connectionCollation !== undefined ? { connectionCollation: s.connectionCollation } : {}), slowQuerySeconds: s.slowQuerySeconds, logExports: s.logExports }).map(
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
      // A secondary replicates its database, users and passwords from the primary.
      ...(secondary
        ? { globalClusterIdentifier: secondary.globalClusterIdentifier }
        : {
            databaseName: s.databaseName,
            masterUsername: s.masterUsername,
            // The provider refuses manage_master_user_password (even false) beside master_password_wo.
            ...(password === "managed"
              ? { manageMasterUserPassword: true, masterUserSecretKmsKeyId: props.kmsKeyArn }
              : { masterPasswordWo: password.writeOnly, masterPasswordWoVersion: password.version }),
          }),
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      backupRetentionPeriod: s.backupRetentionDays,
      preferredBackupWindow: s.backupWindow,
      preferredMaintenanceWindow: s.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: protectionOf(this).deletionProtection,
      deleteAutomatedBackups: !protectionOf(this).finalSnapshot,
      ...(secondary || !protectionOf(this).finalSnapshot ? { skipFinalSnapshot: true } : { skipFinalSnapshot: false, finalSnapshotIdentifier: `${clusterId}-final` }),
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: [...s.logExports],
      applyImmediately: false,
      tags: { Name: clusterId },
      // Minor upgrades are applied by AWS (auto_minor_version_upgrade on the
      // instances); without ignoring the version Terraform would then plan a
      // downgrade, which fails.
      // A global database member: AWS sets global_cluster_identifier (primary created
      // from an existing cluster) and replication_source_identifier (secondary, or a
      // demoted primary after a failover); Terraform must not try to undo either.
      lifecycle: {
        preventDestroy: protectionOf(this).preventDestroy,
        ignoreChanges: ["engine_version", ...(props.globalMember ? ["global_cluster_identifier", "replication_source_identifier"] : secondary ? ["replication_source_identifier"] : [])],
      },
      dependsOn: [...logs.groups, ...(secondary?.dependsOn ?? [])],
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
        lifecycle: { preventDestroy: (props.instancesPreventDestroy ?? true) && protectionOf(this).preventDestroy },
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
    this.masterSecretArn = secondary ? secondary.secretArn : password === "managed" ? this.cluster.masterUserSecret.get(0).secretArn : password.secretArn;
    this.iamResourceId = this.cluster.clusterResourceId;
    this.backupArn = this.cluster.arn;
  }
}
