/**
 * RDS for MySQL: a primary (Multi-AZ or pinned to an AZ) and read replicas,
 * with the subnet group, parameter and option groups and log groups they use.
 */
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbOptionGroup } from "@cdktf/provider-aws/lib/db-option-group";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { Construct } from "constructs";
import type { WatchedDbInstance } from "../lib/data-alarms";
import { replicaAzs } from "../lib/db-placement";
import { auditPluginOption, mysqlParameters, parameterFamily } from "../lib/mysql-parameters";
import { resourceName } from "../lib/naming";
import { DbLogGroups } from "./db-log-groups";
import { DbMonitoringRole } from "./db-monitoring-role";
import { protectionOf } from "../lib/lifecycle";

/** The CA every instance's server certificate is issued by (CKV_AWS_211): RSA 2048, valid to 2061. */
export const RDS_CA = "rds-ca-rsa2048-g1";

/** What the stack needs from a relational database, RDS or Aurora. */
export interface RelationalDatabase {
  /** Host name of the read/write endpoint. */
  readonly writerAddress: string;
  /** Host name of each replica (RDS) — empty for Aurora, whose cluster reader endpoint spreads reads. */
  readonly replicaAddresses: readonly string[];
  /** The Aurora cluster reader endpoint; undefined for RDS. */
  readonly clusterReaderAddress?: string;
  /** TCP port. */
  readonly port: number;
  /** ARN of the Secrets Manager secret RDS manages for the master user. */
  readonly masterSecretArn: string;
  /** Resource id for IAM database authentication (`rds-db:connect` ARNs). */
  readonly iamResourceId: string;
  /** Resource ids of the RDS read replicas (each is its own `rds-db:connect` resource); empty for Aurora (the cluster's id covers its instances). */
  readonly replicaIamResourceIds: readonly string[];
  /** ARN AWS Backup selects (the instance or the cluster). */
  readonly backupArn: string;
  /** The instances, for alarms. */
  readonly watched: readonly WatchedDbInstance[];
}

/** A master password that RDS does not manage: given write-only, with the secret that keeps a copy. */
export interface WriteOnlyMasterPassword {
  /** The expression for `password_wo` / `master_password_wo` (an ephemeral variable). */
  readonly writeOnly: string;
  /** Raise to write a new password. */
  readonly version: number;
  /** The secret holding a copy (DbMasterSecret), for the operators (the application has its own IAM-authenticated user). */
  readonly secretArn: string;
}

/** The MySQL log types RDS and Aurora export to CloudWatch Logs. */
export type DbLogType = "audit" | "error" | "general" | "slowquery";

/** Engine settings, size, windows and replicas of a database (the definition's `data.database`). */
export interface DatabaseSettings {
  /** `mysql` (RDS) or `aurora-mysql`. */
  readonly engine: "mysql" | "aurora-mysql";
  /** Instance class of the primary/writer (`db.t4g.medium`). */
  readonly instanceClass: string;
  /** Database created at launch. */
  readonly databaseName: string;
  /** Master user name (its password lives in Secrets Manager). */
  readonly masterUsername: string;
  /** Multi-AZ standby (RDS). */
  readonly multiAz: boolean;
  /** AZ of a single-AZ primary. @default - chosen by RDS */
  readonly primaryAz?: string | undefined;
  /** Read replicas (RDS) or readers (Aurora), each optionally pinned to an AZ and class. */
  readonly replicas: readonly { readonly az?: string | undefined; readonly instanceClass?: string | undefined }[];
  /** Initial storage (RDS). */
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling (RDS). */
  readonly maxAllocatedStorageGb: number;
  /** Days automated backups are kept. */
  readonly backupRetentionDays: number;
  /** Daily backup window (UTC). */
  readonly backupWindow: string;
  /** Weekly maintenance window (UTC). */
  readonly maintenanceWindow: string;
  /** Server collation. */
  readonly collation: string;
  /** Connection collation. @default - the server's */
  readonly connectionCollation?: string | undefined;
  /** `long_query_time` in seconds. */
  readonly slowQuerySeconds: number;
  /** Logs exported to CloudWatch Logs. */
  readonly logExports: readonly DbLogType[];
  /** Enhanced Monitoring interval. */
  readonly monitoringIntervalSeconds: 1 | 5 | 10 | 15 | 30 | 60;
  /** Performance Insights retention. */
  readonly performanceInsightsRetentionDays: number;
}

/** What every relational database construct (RDS instance set, Aurora cluster) needs. */
export interface DatabaseProps {
  /** Environment name: identifiers and names. */
  readonly envName: string;
  /** The environment's AZs, in order (instance and replica placement). */
  readonly azs: readonly string[];
  /** The parsed `data.database` section. */
  readonly settings: DatabaseSettings;
  /** Resolved engine version (`8.0`, `8.0.mysql_aurora.3.08.2`). */
  readonly engineVersion: string;
  /** Database subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The database security group from the network stack (3306 from the data client tier only). */
  readonly securityGroupId: string;
  /** Customer managed key: storage, Performance Insights, the master secret, log groups. */
  readonly kmsKeyArn: string;
  /** Enhanced monitoring role. */
  readonly monitoringRole: DbMonitoringRole;
  /** Days exported logs are kept. */
  readonly logRetentionDays: number;
}

/** Props of {@link RdsDatabase}. */
export interface RdsDatabaseProps extends DatabaseProps {
  /**
   * Who keeps the master password. `managed`: RDS generates it and keeps it in
   * Secrets Manager. AWS refuses read replicas of such a source (RDS User
   * Guide, "Limitations for Secrets Manager integration"), so a primary with
   * replicas takes it through write-only arguments (never in state or plan)
   * and names the secret holding a copy (DbMasterSecret).
   * @default "managed" (refused when `settings.replicas` is not empty)
   */
  readonly masterPassword?: "managed" | WriteOnlyMasterPassword;
}

/**
 * RDS MySQL primary `<env>-db` and replicas `<env>-db-replica-<n>`.
 *
 * Every instance: encrypted with the CMK, private, TLS required by the
 * parameter group, IAM authentication, log exports to pre-created encrypted
 * log groups, enhanced monitoring, Performance Insights with the CMK, minor
 * upgrades, the current CA, deletion protection and `prevent_destroy` (X.3).
 * The master password is generated and rotated by RDS in Secrets Manager
 * (`manage_master_user_password`); Terraform never sees it (X.4).
 *
 * Replicas repeat the storage and security settings explicitly although AWS
 * copies them from the source (scanners ignore `replicate_source_db`), and
 * keep backups so they can be promoted ready to use: AWS creates a replica
 * with backups off and the provider turns them on with a modify right after.
 * Replicas skip the final snapshot: RDS refuses one for a replica, and it
 * holds nothing the primary's snapshot does not.
 */
export class RdsDatabase extends Construct implements RelationalDatabase {
  /** The primary instance. */
  readonly primary: DbInstance;
  /** The read replicas, in definition order. */
  readonly replicas: DbInstance[] = [];
  readonly writerAddress: string;
  readonly replicaAddresses: string[];
  readonly port = 3306;
  readonly masterSecretArn: string;
  readonly iamResourceId: string;
  readonly replicaIamResourceIds: string[];
  readonly backupArn: string;
  readonly watched: WatchedDbInstance[] = [];

  constructor(scope: Construct, id: string, props: RdsDatabaseProps) {
    super(scope, id);
    const s = props.settings;
    const env = props.envName;
    const primaryId = resourceName(env, "db");
    const replicaIds = s.replicas.map((_, i) => resourceName(env, "db", "replica", i + 1));
    const primaryAz = s.multiAz ? undefined : s.primaryAz;
    const password = props.masterPassword ?? "managed";
    if (password === "managed" && s.replicas.length > 0) {
      throw new Error(
        `RdsDatabase ${id}: AWS refuses read replicas of a primary whose master password RDS manages; give masterPassword (write-only, see DbMasterSecret)`,
      );
    }

    const subnets = new DbSubnetGroup(this, "subnets", {
      name: primaryId,
      description: `Database subnets of ${env}`,
      subnetIds: props.subnetIds,
      tags: { Name: primaryId },
    });
    const family = parameterFamily("mysql", props.engineVersion);
    // name_prefix + create_before_destroy: a new family (major upgrade) creates
    // the new group before the old one, which is in use, is deleted.
    const parameters = new DbParameterGroup(this, "parameters", {
      namePrefix: `${primaryId}-${family.replace(/\./g, "")}-`,
      family,
      description: `MySQL settings of ${env}: utf8mb4, TLS required, slow query log`,
      // pending-reboot is accepted for every parameter (immediate is refused
      // for static ones); a new instance starts with the group applied.
      parameter: mysqlParameters({ engine: "mysql", collation: s.collation, ...(s.connectionCollation !== undefined ? { connectionCollation: s.connectionCollation } : {}), slowQuerySeconds: s.slowQuerySeconds, logExports: s.logExports }).map(
        (p) => ({ ...p, applyMethod: "pending-reboot" }),
      ),
      tags: { Name: `${primaryId}-parameters` },
      lifecycle: { createBeforeDestroy: true },
    });
    const audit = auditPluginOption(s.logExports);
    const options = audit
      ? new DbOptionGroup(this, "options", {
          namePrefix: `${primaryId}-${family.replace(/\./g, "")}-`,
          engineName: "mysql",
          majorEngineVersion: /^(\d+\.\d+)/.exec(props.engineVersion)?.[1] ?? props.engineVersion,
          optionGroupDescription: `MariaDB audit plugin (audit log export) of ${env}`,
          option: [{ optionName: audit.optionName, optionSettings: audit.settings }],
          tags: { Name: `${primaryId}-options` },
          lifecycle: { createBeforeDestroy: true },
        })
      : undefined;
    const logs = new DbLogGroups(this, "logs", {
      kind: "instance",
      sources: [{ role: "primary", identifier: primaryId }, ...replicaIds.map((identifier, i) => ({ role: `replica-${i + 1}`, identifier }))],
      logTypes: s.logExports,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays,
    });

    /** Settings every instance shares. */
    const common = {
      engine: "mysql",
      storageType: "gp3",
      maxAllocatedStorage: s.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      ...(options ? { optionGroupName: options.name } : {}),
      backupRetentionPeriod: s.backupRetentionDays,
      backupWindow: s.backupWindow,
      maintenanceWindow: s.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: protectionOf(this).deletionProtection,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: [...s.logExports],
      monitoringInterval: s.monitoringIntervalSeconds,
      monitoringRoleArn: props.monitoringRole.arn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: s.performanceInsightsRetentionDays,
      autoMinorVersionUpgrade: true,
      caCertIdentifier: RDS_CA,
      applyImmediately: false,
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    };

    this.primary = new DbInstance(this, "primary", {
      ...common,
      identifier: primaryId,
      engineVersion: props.engineVersion,
      instanceClass: s.instanceClass,
      allocatedStorage: s.allocatedStorageGb,
      dbName: s.databaseName,
      username: s.masterUsername,
      ...(password === "managed"
        ? { manageMasterUserPassword: true, masterUserSecretKmsKeyId: props.kmsKeyArn }
        : { passwordWo: password.writeOnly, passwordWoVersion: password.version }),
      dbSubnetGroupName: subnets.name,
      multiAz: s.multiAz,
      // AWS refuses an AZ for a Multi-AZ instance (it places primary and standby).
      ...(primaryAz ? { availabilityZone: primaryAz } : {}),
      deleteAutomatedBackups: !protectionOf(this).finalSnapshot,
      ...(protectionOf(this).finalSnapshot ? { skipFinalSnapshot: false, finalSnapshotIdentifier: `${primaryId}-final` } : { skipFinalSnapshot: true }),
      tags: { Name: primaryId },
      dependsOn: [...logs.groupsOf("primary"), props.monitoringRole.attachment],
    });
    this.watched.push({ role: "primary", identifier: primaryId, instanceClass: s.instanceClass, replica: false });

    const azs = replicaAzs(props.azs, primaryAz, s.replicas);
    s.replicas.forEach((r, i) => {
      const identifier = replicaIds[i]!;
      const instanceClass = r.instanceClass ?? s.instanceClass;
      const az = azs[i];
      this.replicas.push(
        new DbInstance(this, `replica-${i + 1}`, {
          ...common,
          identifier,
          // The identifier, not the ARN: with an ARN the provider sends a
          // SourceRegion, which is for cross-region replicas only.
          replicateSourceDb: this.primary.identifier,
          instanceClass,
          multiAz: false,
          ...(az ? { availabilityZone: az } : {}),
          skipFinalSnapshot: true,
          tags: { Name: identifier, Role: "read-replica" },
          dependsOn: [...logs.groupsOf(`replica-${i + 1}`), props.monitoringRole.attachment],
        }),
      );
      this.watched.push({ role: `replica-${i + 1}`, identifier, instanceClass, replica: true });
    });

    this.writerAddress = this.primary.address;
    this.replicaAddresses = this.replicas.map((r) => r.address);
    this.masterSecretArn = password === "managed" ? this.primary.masterUserSecret.get(0).secretArn : password.secretArn;
    this.iamResourceId = this.primary.resourceId;
    this.replicaIamResourceIds = this.replicas.map((r) => r.resourceId);
    this.backupArn = this.primary.arn;
  }
}
