/**
 * ElastiCache (Valkey or Redis OSS) replication group for cache-aside reads
 * during sales events (R1.6), authenticated with IAM: no password anywhere.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { protectionOf } from "../lib/lifecycle";

/** Redis/Valkey port. */
export const CACHE_PORT = 6379;

/** Engine, size and windows of the cache (the definition's `data.cache`). */
export interface CacheSettings {
  /** `valkey` or `redis`. */
  readonly engine: "valkey" | "redis";
  /** Node type (`cache.t4g.medium`). */
  readonly nodeType: string;
  /** Nodes: a primary and replicas (at least 2, automatic failover). */
  readonly nodes: number;
  /** Days automatic snapshots are kept. */
  readonly snapshotRetentionDays: number;
  /** Daily snapshot window (UTC, `hh:mm-hh:mm`). */
  readonly snapshotWindow: string;
  /** Weekly maintenance window (UTC, `ddd:hh:mm-ddd:hh:mm`). */
  readonly maintenanceWindow: string;
}

/** Props of {@link Cache}. */
export interface CacheProps {
  /** Environment name: ids and names. */
  readonly envName: string;
  /** The environment's AZs: nodes are spread over them in order. */
  readonly azs: readonly string[];
  /** The parsed `data.cache` section. */
  readonly settings: CacheSettings;
  /** Resolved engine version (`8.0`). */
  readonly engineVersion: string;
  /** Database-tier subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The cache security group from the network stack (6379 from the data client tier only). */
  readonly securityGroupId: string;
  /** Customer managed key: data at rest and the slow log. */
  readonly kmsKeyArn: string;
  /** Days the slow log is kept. */
  readonly logRetentionDays: number;
}

/**
 * Replication group `<env>-cache`: one primary and `nodes - 1` replicas
 * across the AZs, automatic failover and Multi-AZ (CKV2_AWS_50), encryption
 * at rest with the CMK (CKV_AWS_191) and TLS required in transit (CKV_AWS_30),
 * RBAC through a user group (CKV_AWS_31).
 *
 * Authentication: user `<env>-app` authenticates with IAM (a short-lived
 * token signed with the instance role's credentials, `elasticache:Connect`),
 * so no password or AUTH token exists in Terraform, state or outputs (X.4).
 * IAM users need the user id to equal the user name. A Valkey user group may
 * hold only authenticated users and needs no `default` user; a Redis OSS user
 * group must contain a user named `default`, which is created switched off
 * (`off`, no commands), so an unauthenticated connection can do nothing.
 *
 * The app user may run every command but the `@dangerous` category
 * (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
 */
export class Cache extends Construct {
  /** The replication group. */
  readonly group: ElasticacheReplicationGroup;
  /** Primary (read/write) endpoint host name. */
  readonly primaryAddress: string;
  /** Reader endpoint host name (spreads over the replicas). */
  readonly readerAddress: string;
  /** Replication group id (IAM auth tokens name it). */
  readonly replicationGroupId: string;
  /** The IAM-authenticated user the application connects as (user id = user name). */
  readonly appUserId: string;
  /** Member cluster ids `<group>-001`..., as ElastiCache names them (alarm dimensions). */
  readonly memberClusterIds: string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const s = props.settings;
    const name = resourceName(props.envName, "cache");
    this.replicationGroupId = name;
    this.appUserId = resourceName(props.envName, "app");

    const subnets = new ElasticacheSubnetGroup(this, "subnets", {
      name,
      description: `Cache subnets of ${props.envName}`,
      subnetIds: props.subnetIds,
      tags: { Name: name },
    });

    const app = new ElasticacheUser(this, "app-user", {
      userId: this.appUserId,
      userName: this.appUserId,
      engine: s.engine,
      accessString: "on ~* +@all -@dangerous",
      authenticationMode: { type: "iam" },
      tags: { Name: this.appUserId },
    });
    const users = [app];
    if (s.engine === "redis") {
      users.push(
        new ElasticacheUser(this, "default-user", {
          userId: resourceName(props.envName, "default"),
          userName: "default",
          engine: "redis",
          accessString: "off ~* -@all",
          authenticationMode: { type: "no-password-required" },
          tags: { Name: resourceName(props.envName, "default") },
        }),
      );
    }
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: name,
      engine: s.engine,
      userIds: users.map((u) => u.userId),
      tags: { Name: name },
    });

    const slowLog = new CloudwatchLogGroup(this, "slow-log", {
      name: `/elasticache/${props.envName}/slow-log`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: { Name: `${name}-slow-log` },
    });

    this.group = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: name,
      description: `Cache-aside ${s.engine} of ${props.envName}`,
      engine: s.engine,
      engineVersion: props.engineVersion,
      nodeType: s.nodeType,
      port: CACHE_PORT,
      numCacheClusters: s.nodes,
      preferredCacheClusterAzs: Array.from({ length: s.nodes }, (_, i) => props.azs[i % props.azs.length]!),
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      subnetGroupName: subnets.name,
      securityGroupIds: [props.securityGroupId],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: s.snapshotRetentionDays,
      snapshotWindow: s.snapshotWindow,
      maintenanceWindow: s.maintenanceWindow,
      ...(protectionOf(this).finalSnapshot ? { finalSnapshotIdentifier: `${name}-final` } : {}),
      autoMinorVersionUpgrade: "true",
      applyImmediately: false,
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
      ],
      tags: { Name: name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
      dependsOn: [userGroup, slowLog],
    });
    this.primaryAddress = this.group.primaryEndpointAddress;
    this.readerAddress = this.group.readerEndpointAddress;
    this.memberClusterIds = Array.from({ length: s.nodes }, (_, i) => `${name}-${String(i + 1).padStart(3, "0")}`);
  }
}
