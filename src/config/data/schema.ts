/**
 * The `data` section of an environment definition: the relational database,
 * the cache, shared files, media storage with its independent backup, the AWS
 * Backup plan and the alarm thresholds of the data stores.
 *
 * Every store is optional; an environment without this section still gets its
 * alarm topic (the data stack always exists). Rules relating these fields to
 * the rest of the definition (AZs, engine versions, a redundant database) live
 * in src/config/data/rules.ts, attached here as refinements.
 */
import { z } from "zod";
import { auroraTakesNoRdsFields, CACHE_RULES, DATA_RULES, DATABASE_RULES } from "./rules";

/** `hh24:mi-hh24:mi` in UTC (RDS backup window, ElastiCache snapshot window). */
const dailyWindow = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "a UTC time range hh24:mi-hh24:mi such as 17:00-18:00");

/** `ddd:hh24:mi-ddd:hh24:mi` in UTC (maintenance windows). */
const weeklyWindow = z
  .string()
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/,
    "a UTC weekly range ddd:hh24:mi-ddd:hh24:mi such as sun:18:30-sun:19:30",
  );

/** An RDS instance class such as `db.r6g.large`. */
const dbInstanceClass = z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, "an RDS instance class such as db.r6g.large");

/** The MySQL log types RDS and Aurora can export to CloudWatch Logs. */
export const DB_LOG_TYPES = ["audit", "error", "general", "slowquery"] as const;

const replica = z.strictObject({
  /** AZ of this replica (or Aurora reader); must be one of `azs`. @default - the AZs in `azs` order, skipping the primary's where it is pinned */
  az: z.string().optional(),
  /** Instance class of this replica. @default - the primary's `instanceClass` */
  instanceClass: dbInstanceClass.optional(),
});

const databaseFields = z.strictObject({
  /**
   * `mysql`: RDS for MySQL (a primary, Multi-AZ standby and/or read replicas).
   * `aurora-mysql`: an Aurora MySQL cluster, a writer and `replicas` readers (R1.9).
   * @default "mysql"
   */
  engine: z.enum(["mysql", "aurora-mysql"]).default("mysql"),
  /**
   * Engine version. RDS MySQL takes a major version (`8.0`: AWS picks the
   * default minor and `autoMinorVersionUpgrade` keeps it current); Aurora
   * needs a full version such as `8.0.mysql_aurora.3.08.2`.
   * @default "8.0" for mysql, "8.0.mysql_aurora.3.08.2" for aurora-mysql
   */
  engineVersion: z.string().regex(/^8\.0(\.[a-z0-9_.]+)?$/, "a MySQL 8.0 engine version such as 8.0 or 8.0.mysql_aurora.3.08.2").optional(),
  /** Instance class of the primary (Aurora: of the writer). Burstable micro/small classes lack Performance Insights. @default "db.t4g.medium" */
  instanceClass: dbInstanceClass.default("db.t4g.medium"),
  /** Name of the application database created with the instance. @default "app" */
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, "a MySQL database name: a letter, then letters, digits or _ (at most 64)").default("app"),
  /**
   * The application's own database user, authenticated by IAM (no password anywhere): the
   * client tier's role may `rds-db:connect` as exactly this user on exactly this database,
   * and never reads the master secret. Create it once with the master user (README,
   * "The application's database user"). Must differ from `masterUsername`.
   * @default "app"
   */
  applicationUser: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, "a letter, then letters, digits or _ (at most 32)").default("app"),
  /** Master user name; its password is generated and kept by RDS in Secrets Manager, never in Terraform (X.4). @default "admin" */
  masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, "a letter, then letters, digits or _ (at most 16)").default("admin"),
  /**
   * Version of the master password where RDS cannot manage it (an RDS MySQL
   * primary with read replicas: AWS refuses replicas of a source whose password
   * RDS manages). Raise it, with a new `TF_VAR_db_master_password`, to rotate.
   * @default 1
   */
  masterPasswordVersion: z.number().int().min(1).default(1),
  /**
   * RDS MySQL only: a synchronous standby in another AZ with automatic
   * failover (R0.6). Cannot be combined with `primaryAz` (AWS places a
   * Multi-AZ primary itself).
   * @default true
   */
  multiAz: z.boolean().default(true),
  /** Pin the primary (Aurora: the writer) to this AZ, one of `azs` (R3.7). @default - AWS chooses (Aurora: the first of `azs`) */
  primaryAz: z.string().optional(),
  /** Read replicas (RDS) or readers (Aurora), each in its own AZ where possible (R1.6, R2.4, R3.7). @default [] */
  replicas: z.array(replica).max(15).default([]),
  /** RDS MySQL only: initial storage in GiB (gp3). @default 50 */
  allocatedStorageGb: z.number().int().min(20).max(65536).default(50),
  /** RDS MySQL only: storage autoscaling ceiling in GiB. @default 500 */
  maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(500),
  /** Days automated backups (point-in-time recovery) are kept: 7-35 (CKV_AWS_133, X.3). @default 7 */
  backupRetentionDays: z.number().int().min(7, "keep automated backups at least 7 days (X.3)").max(35).default(7),
  /** Daily backup window, UTC. @default "17:00-18:00" (02:00-03:00 KST) */
  backupWindow: dailyWindow.default("17:00-18:00"),
  /** Weekly maintenance window, UTC; must not overlap the backup window. @default "sun:18:30-sun:19:30" (Monday 03:30-04:30 KST) */
  maintenanceWindow: weeklyWindow.default("sun:18:30-sun:19:30"),
  /** Collation of the utf8mb4 character set for the server (and connections, unless `connectionCollation` says otherwise) (R3.7). @default "utf8mb4_0900_ai_ci" */
  collation: z.string().regex(/^utf8mb4_[a-z0-9_]+$/, "a utf8mb4 collation such as utf8mb4_0900_ai_ci or utf8mb4_unicode_ci").default("utf8mb4_0900_ai_ci"),
  /**
   * Collation of client connections (`collation_connection`) when it differs from the server's
   * (seed 003 sets `utf8mb4_unicode_ci` on the server and `utf8mb4_general_ci` on connections, R3.7).
   * @default - the same as `collation`
   */
  connectionCollation: z.string().regex(/^utf8mb4_[a-z0-9_]+$/, "a utf8mb4 collation such as utf8mb4_general_ci").optional(),
  /** Queries slower than this many seconds go to the slow query log. @default 1 */
  slowQuerySeconds: z.number().min(0).max(3600).default(1),
  /** Logs exported to CloudWatch Logs (CKV_AWS_129). `audit` adds the MariaDB audit plugin (RDS) or server audit logging (Aurora). @default ["audit", "error", "slowquery"] */
  logExports: z.array(z.enum(DB_LOG_TYPES)).default(["audit", "error", "slowquery"]),
  /** Enhanced monitoring interval in seconds (CKV_AWS_118). @default 60 */
  monitoringIntervalSeconds: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]).default(60),
  /** Days Performance Insights keeps data: 7 (free) or a multiple of 31 up to 731. @default 7 */
  performanceInsightsRetentionDays: z
    .number()
    .int()
    .refine((d) => d === 7 || d === 731 || (d % 31 === 0 && d >= 31 && d <= 713), "7, a multiple of 31 up to 713, or 731")
    .default(7),
}).check(...DATABASE_RULES);

/** The database; RDS-only fields given for Aurora are refused before their defaults are filled in. */
const database = z.pipe(z.custom<z.input<typeof databaseFields>>().check(auroraTakesNoRdsFields), databaseFields);

const cache = z.strictObject({
  /** `valkey` (Redis-compatible, cheaper) or `redis` (Redis OSS). @default "valkey" */
  engine: z.enum(["valkey", "redis"]).default("valkey"),
  /** Engine version; IAM authentication needs valkey >= 7.2 or redis >= 7.0. @default "8.0" for valkey, "7.1" for redis */
  engineVersion: z.string().regex(/^\d+\.\d+$/, "a major.minor version such as 8.0").optional(),
  /** Node type. @default "cache.t4g.medium" */
  nodeType: z.string().regex(/^cache\.[a-z0-9-]+\.[a-z0-9]+$/, "an ElastiCache node type such as cache.r7g.large").default("cache.t4g.medium"),
  /** Nodes: one primary plus replicas, spread over the AZs; automatic failover needs at least 2 (CKV2_AWS_50). @default 2 */
  nodes: z.number().int().min(2, "automatic failover and Multi-AZ need at least 2 nodes (a primary and a replica)").max(6).default(2),
  /** Days daily snapshots are kept. @default 7 */
  snapshotRetentionDays: z.number().int().min(1).max(35).default(7),
  /** Daily snapshot window, UTC. @default "16:00-17:00" */
  snapshotWindow: dailyWindow.default("16:00-17:00"),
  /** Weekly maintenance window, UTC. @default "sun:19:30-sun:20:30" */
  maintenanceWindow: weeklyWindow.default("sun:19:30-sun:20:30"),
}).check(...CACHE_RULES);

const accessPoint = z.strictObject({
  /** Directory inside the file system, also where instances mount it (`/static`, `/media`, `/logs`). */
  path: z.string().regex(/^\/[a-z0-9][a-z0-9_-]{0,62}$/, "one directory level such as /static: '/', then a-z, 0-9, '_' or '-'"),
  /** POSIX user every access through this point runs as. @default 1000 */
  uid: z.number().int().min(0).max(4294967295).default(1000),
  /** POSIX group every access through this point runs as. @default 1000 */
  gid: z.number().int().min(0).max(4294967295).default(1000),
  /** Permissions of the directory when EFS creates it. @default "0755" */
  permissions: z.string().regex(/^0?[0-7]{3}$/, "octal permissions such as 0755").default("0755"),
});

const sharedFiles = z.strictObject({
  /** One access point per path; instances mount each (R3.6 `/static` and `/media`, R2.5 `/logs`). */
  accessPoints: z
    .array(accessPoint)
    .min(1)
    .max(120)
    .refine((aps) => new Set(aps.map((a) => a.path)).size === aps.length, "each path may appear only once"),
  /** Days without access before a file moves to Infrequent Access (R3.6). @default 30 */
  transitionToIaDays: z.union([z.literal(1), z.literal(7), z.literal(14), z.literal(30), z.literal(60), z.literal(90), z.literal(180), z.literal(270), z.literal(365)]).default(30),
  /** `elastic` (pay per use, no credits to run out) or `bursting` (credits; alarmed). @default "elastic" */
  throughputMode: z.enum(["elastic", "bursting"]).default("elastic"),
});

const mediaBackup = z.strictObject({
  /**
   * Object Lock mode of the backup copy (and of the DR copy): `GOVERNANCE` (a
   * principal with `s3:BypassGovernanceRetention` can delete a locked version
   * early; the safe default) or `COMPLIANCE` (nobody can, not even the root
   * user, until `objectLockDays` have passed: an attacker with admin rights
   * cannot destroy the copy).
   *
   * WARNING, irreversible: a version written under COMPLIANCE cannot be
   * deleted, nor its bucket, nor the account closed cleanly, before its
   * retention ends, and the mode of an existing version cannot be relaxed.
   * Refused with `lifecycle: "disposable"`.
   * @default "GOVERNANCE"
   */
  objectLockMode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
  /** Days every replicated version is locked against deletion and overwrite. @default 30 */
  objectLockDays: z.number().int().min(1).max(36500).default(30),
  /** Storage class of the copies. @default "GLACIER_IR" (millisecond reads, about a fifth of Standard's price) */
  storageClass: z.enum(["STANDARD", "STANDARD_IA", "GLACIER_IR"]).default("GLACIER_IR"),
  /** Days superseded versions of the copy are kept (after their lock ends). @default 365 */
  noncurrentVersionDays: z.number().int().min(1).max(36500).default(365),
});

const media = z.strictObject({
  /** Days after upload an object moves to S3 Intelligent-Tiering (R1.2: 3 TB and more). @default 0 */
  intelligentTieringAfterDays: z.number().int().min(0).max(3650).default(0),
  /** Days superseded versions of media objects are kept. @default 90 */
  noncurrentVersionDays: z.number().int().min(1).max(36500).default(90),
  /** The independent copy (R1.3): replicated, without delete markers, Object Lock, its own key. @default {} (all defaults) */
  backup: mediaBackup.prefault({}),
});

const backupPlan = z.strictObject({
  /** When AWS Backup runs, a cron or rate expression (UTC). @default "cron(0 18 * * ? *)" (03:00 KST daily) */
  schedule: z.string().regex(/^(cron|rate)\(.+\)$/, "an AWS Backup schedule such as cron(0 18 * * ? *)").default("cron(0 18 * * ? *)"),
  /** Days recovery points are kept. @default 35 */
  retentionDays: z.number().int().min(1).max(36500).default(35),
  /** Minutes a job may wait to start. @default 60 */
  startWindowMinutes: z.number().int().min(60).max(10080).default(60),
  /** Minutes a started job may run (large buckets need long). @default 1440 */
  completionWindowMinutes: z.number().int().min(120).max(43200).default(1440),
  /**
   * AWS Backup Vault Lock on the vault (and the DR vault): recovery points
   * cannot be deleted before their retention ends, and the vault refuses
   * retention shorter than the plan's.
   * - `governance`: the lock can be removed by a principal allowed
   *   `backup:DeleteBackupVaultLockConfiguration` (reversible; the safe default);
   * - `compliance`: after `vaultLockGraceDays` the lock is immutable: nobody,
   *   not AWS support nor the root user, can remove it, delete a recovery
   *   point early or delete the vault while it holds one.
   * - `off`: no lock.
   *
   * WARNING, irreversible: `compliance` cannot be undone once its grace
   * period has passed. Refused (as is `governance`) with `lifecycle: "disposable"`.
   * @default - "governance"; "off" with `lifecycle: "disposable"`
   */
  vaultLock: z.enum(["off", "governance", "compliance"]).optional(),
  /** `compliance` only: days during which the lock can still be removed (changeable_for_days, at least 3). @default 3 */
  vaultLockGraceDays: z.number().int().min(3).max(36500).default(3),
});

const alarms = z.strictObject({
  /**
   * E-mail addresses subscribed to the alarm topic `<env>-alarms` (each must confirm by mail).
   * Every alarm of every stack notifies that topic: name at least one subscriber here or in
   * `httpsEndpoints`, or say in `noSubscribersReason` who reads the topic instead.
   * @default []
   */
  emails: z.array(z.email("an e-mail address")).default([]),
  /**
   * HTTPS endpoints subscribed to the alarm topic (an on-call service's SNS integration URL:
   * PagerDuty, Opsgenie, a webhook). SNS posts a confirmation request first.
   * @default []
   */
  httpsEndpoints: z.array(z.url({ protocol: /^https$/, error: "an https:// URL" })).default([]),
  /**
   * No subscriber is synthesized, on purpose: why, and who reads the topic instead (an AWS
   * Chatbot configuration or an existing topic's fan-out subscribed to the `alarm_topic_arn`
   * output, a sandbox nobody watches). Only without `emails` and `httpsEndpoints`.
   * @default none (a subscriber is required)
   */
  noSubscribersReason: z.string().min(20, "state the reason in at least 20 characters").max(500).optional(),
  /** Consecutive 5-minute periods over the threshold before an alarm fires. @default 3 */
  evaluationPeriods: z.number().int().min(1).max(288).default(3),
  /** Database CPU, percent. @default 80 */
  dbCpuPercent: z.number().min(1).max(100).default(80),
  /** RDS free storage below this many GiB alarms. @default 10 */
  dbFreeStorageGb: z.number().min(1).default(10),
  /** Freeable memory below this many MiB alarms. @default 256 */
  dbFreeableMemoryMb: z.number().min(1).default(256),
  /**
   * Connections above this alarm.
   * @default - 80 % of the engine's default max_connections for the instance class (src/lib/db-capacity.ts)
   */
  dbConnections: z.number().int().min(1).optional(),
  /** Replica (Aurora: reader) lag above this many seconds alarms. @default 60 */
  dbReplicaLagSeconds: z.number().min(1).default(60),
  /** Cache engine CPU, percent. @default 80 */
  cacheCpuPercent: z.number().min(1).max(100).default(80),
  /** Cache memory used, percent of max memory. @default 80 */
  cacheMemoryPercent: z.number().min(1).max(100).default(80),
  /** Keys evicted per 5 minutes above this alarm (the cache is too small for the working set). @default 1000 */
  cacheEvictions: z.number().int().min(0).default(1000),
  /** EFS burst credits below this many GiB alarm (bursting mode only): about 17 minutes of bursting at 100 MiB/s. @default 100 */
  efsBurstCreditGb: z.number().min(1).default(100),
});

/** Schema of the `data` section. */
export const dataSchema = z.strictObject({
  /** Relational database: RDS MySQL or Aurora MySQL. @default none */
  database: database.optional(),
  /** ElastiCache replication group for cache-aside reads (R1.6). @default none */
  cache: cache.optional(),
  /** EFS shared by the application tiers, mounted at boot (R2.5, R3.6). @default none */
  sharedFiles: sharedFiles.optional(),
  /** Media bucket (images, video) with an independent, locked backup copy (R1.2, R1.3). @default none */
  media: media.optional(),
  /** AWS Backup vault and daily plan covering the database, EFS and the media bucket (R1.3, R1.7). @default none (RDS automated backups and EFS automatic backups still apply) */
  backupPlan: backupPlan.optional(),
  /** Days the data stores' logs (database exports, cache slow log) are kept in CloudWatch Logs (CKV_AWS_338). @default 365 */
  logRetentionDays: z
    .union([z.literal(30), z.literal(60), z.literal(90), z.literal(180), z.literal(365), z.literal(400), z.literal(545), z.literal(731), z.literal(1827), z.literal(3653)])
    .default(365),
  /** Alarm recipients and thresholds of the data stores. @default {} (all defaults) */
  alarms: alarms.prefault({}),
}).check(...DATA_RULES);

/** The parsed `data` section. */
export type DataSection = z.output<typeof dataSchema>;
/** The parsed `data.database`. */
export type DatabaseSection = NonNullable<DataSection["database"]>;
/** The parsed `data.cache`. */
export type CacheSection = NonNullable<DataSection["cache"]>;
/** The parsed `data.sharedFiles`. */
export type SharedFilesSection = NonNullable<DataSection["sharedFiles"]>;
/** The parsed `data.media`. */
export type MediaSection = NonNullable<DataSection["media"]>;
/** The parsed `data.backupPlan`. */
export type BackupPlanSection = NonNullable<DataSection["backupPlan"]>;
/** The parsed `data.alarms`. */
export type DataAlarmsSection = DataSection["alarms"];

export { DEFAULT_ENGINE_VERSIONS } from "./versions";
