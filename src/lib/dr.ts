/**
 * Disaster recovery as data: which DR stacks an environment has, how much
 * capacity each DR tier keeps per strategy, and the deterministic names and
 * ARNs that let the primary stacks point their continuous copies at DR
 * resources without reading the DR stacks' state.
 *
 * Direction of the seams (no cycle between primary and DR stacks):
 * - DR stacks read primary stacks through remote state (`dr-network` reads
 *   `network` for the hosted zone, `dr-data` reads `data` for the database and
 *   the master secret, `dr-compute` reads `compute` for the primary load
 *   balancer of the failover records).
 * - `<env>-data` never reads a DR stack. Where it must name a DR resource (the
 *   media replication rule's bucket and key, the backup copy's vault, the
 *   replicated secret's key), it computes the name from the definition with
 *   the functions below, and `<env>-dr-storage`, which holds those resources
 *   and reads nothing, is deployed before it.
 * - `<env>-edge`, the last stack, reads `dr-storage` (the media copy and its
 *   policy) and points CloudFront at the failover name `<env>-dr-compute`
 *   writes; neither DR stack reads the edge stack.
 */
import { resourceName } from "./naming";

/** The DR stack kinds, in deployment order. */
export const DR_STACK_KINDS = ["dr-storage", "dr-network", "dr-data", "dr-compute"] as const;
/** One DR stack kind. */
export type DrStackKind = (typeof DR_STACK_KINDS)[number];

/**
 * The `dr` section as the DR functions read it (lib owns this shape; the
 * definition's `dr` section satisfies it, see src/stacks/definition-props.ts).
 */
export interface DrFacts {
  /** The DR region. */
  readonly region: string;
  /** `backup-restore`, `pilot-light` or `warm-standby`. */
  readonly strategy: string;
  /** Failed over: the DR tiers run the primary's capacity. */
  readonly activate: boolean;
  /** Instances per DR tier in warm standby. */
  readonly standbyCapacity: number;
  /** A cache in the DR region. @default - true for warm-standby and once activated */
  readonly cache?: boolean | undefined;
  readonly database: {
    /** Aurora instances in the DR cluster. @default - 1 for warm-standby, else 0 */
    readonly standbyInstances?: number | undefined;
  };
  /** Host name of the failover record under the environment's domain. */
  readonly originName: string;
}

/** What the DR functions need of an environment. */
interface WithDr {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** @default none (no DR) */
  readonly dr?: DrFacts | undefined;
  /** The data stores the DR region copies. @default none */
  readonly data?:
    | {
        readonly database?: { readonly engine: string; readonly replicas: readonly unknown[] } | undefined;
        readonly sharedFiles?: unknown;
        readonly cache?: unknown;
      }
    | undefined;
  readonly dns: { readonly domain: string };
}

/** The `dr` section, or an error naming the caller's mistake (functions below are only called for DR environments). */
function drOf(env: Pick<WithDr, "name" | "dr">): DrFacts {
  if (!env.dr) throw new Error(`environment ${env.name} has no dr section`);
  return env.dr;
}

/**
 * Name of the DR view of environment `envName`: `<env>-dr`. Everything in the
 * DR region is named after it, so IAM roles (global names) never collide
 * with the primary's and an operator sees at once which region a resource
 * serves.
 */
export function drName(envName: string): string {
  return `${envName}-dr`;
}

/** True when the DR region runs the platform (network, database, compute): pilot light and warm standby. */
export function drRunsPlatform(dr: Pick<DrFacts, "strategy">): boolean {
  return dr.strategy !== "backup-restore";
}

/**
 * The DR stacks of `env`, in deployment order: none without a `dr` section,
 * only `dr-storage` for backup-restore (copies of the data), all four for
 * pilot light and warm standby.
 */
export function drStackKinds(env: Pick<WithDr, "dr">): DrStackKind[] {
  if (!env.dr) return [];
  return drRunsPlatform(env.dr) ? [...DR_STACK_KINDS] : ["dr-storage"];
}

/** True when the database replicates live into the DR region (an Aurora global database). */
export function drReplicatesDatabase(env: Pick<WithDr, "dr" | "data">): boolean {
  return env.dr !== undefined && drRunsPlatform(env.dr) && env.data?.database?.engine === "aurora-mysql";
}

/** True when shared files (EFS) replicate live into the DR region (until `activate`). */
export function drReplicatesFiles(env: Pick<WithDr, "dr" | "data">): boolean {
  return env.dr !== undefined && drRunsPlatform(env.dr) && env.data?.sharedFiles !== undefined;
}

/**
 * True when the DR region holds a cache: with one in the primary, not for
 * backup-restore, by default for a warm standby and once activated.
 */
export function drHasCache(env: Pick<WithDr, "dr" | "data">): boolean {
  const dr = env.dr;
  if (!dr || !drRunsPlatform(dr) || env.data?.cache === undefined) return false;
  return dr.cache ?? (dr.strategy === "warm-standby" || dr.activate);
}

/** Capacity bounds of an Auto Scaling group. */
export interface Capacity {
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
}

/**
 * Capacity of one DR application tier whose primary has `primary`:
 * activated → the primary's; pilot light → 0 and 0 (the group exists, scaled
 * to zero); warm standby → `standbyCapacity` running. The maximum stays the
 * primary's, so target tracking can grow a serving DR tier as far.
 */
export function drTierCapacity(dr: Pick<DrFacts, "strategy" | "activate" | "standbyCapacity">, primary: Capacity): Capacity {
  if (dr.activate) return { ...primary };
  if (dr.strategy === "warm-standby") {
    const n = Math.min(dr.standbyCapacity, primary.maxSize);
    return { minSize: n, desiredCapacity: n, maxSize: primary.maxSize };
  }
  return { minSize: 0, desiredCapacity: 0, maxSize: primary.maxSize };
}

/**
 * Instances of the DR database cluster: activated → the primary's (a writer
 * and its readers); else `dr.database.standbyInstances`, by default 1 for a
 * warm standby and 0 (headless) for a pilot light.
 */
export function drDatabaseInstances(env: Pick<WithDr, "dr" | "data">): number {
  const dr = drOf({ name: "?", dr: env.dr });
  const db = env.data?.database;
  if (!db) return 0;
  if (dr.activate) return 1 + db.replicas.length;
  return dr.database.standbyInstances ?? (dr.strategy === "warm-standby" ? 1 : 0);
}

/** Identifier of the Aurora global database of `envName`: `<env>-global`. */
export function globalClusterIdentifier(envName: string): string {
  return resourceName(envName, "global");
}

/**
 * The DR media bucket's exact name, `<env>-media-<account>-<dr region>`: known
 * in advance (the primary's replication rule names it) and unique (account
 * and region in the name, as for the state bucket). At most 20 + 7 + 12 + 15
 * characters, inside S3's 63.
 */
export function drMediaBucketName(env: Pick<WithDr, "name" | "account" | "dr">): string {
  return `${env.name}-media-${env.account}-${drOf(env).region}`;
}

/** ARN of the DR media bucket. */
export function drMediaBucketArn(env: Pick<WithDr, "name" | "account" | "dr">): string {
  return `arn:aws:s3:::${drMediaBucketName(env)}`;
}

/** Regional domain name of a bucket (a CloudFront S3 origin): `<bucket>.s3.<region>.amazonaws.com`. */
export function bucketRegionalDomainName(bucket: string, region: string): string {
  return `${bucket}.s3.${region}.amazonaws.com`;
}

/** Name of the DR backup vault: `<env>-dr-backup`. */
export function drVaultName(envName: string): string {
  return resourceName(drName(envName), "backup");
}

/** ARN of the DR backup vault (the copy action's destination). */
export function drVaultArn(env: Pick<WithDr, "name" | "account" | "dr">): string {
  return `arn:aws:backup:${drOf(env).region}:${env.account}:backup-vault:${drVaultName(env.name)}`;
}

/** The DR keys held by `<env>-dr-storage`, by purpose. */
export type DrKeyPurpose = "db" | "media" | "backup" | "efs";

/** Alias (without `alias/`) of a DR key: `<env>-dr-<purpose>`. */
export function drKeyAlias(envName: string, purpose: DrKeyPurpose): string {
  return resourceName(drName(envName), purpose);
}

/**
 * ARN of a DR key's alias. S3 replication (`replica_kms_key_id`), Secrets
 * Manager replicas and EFS accept an alias ARN, so the primary names the DR
 * key without reading its state.
 */
export function drKeyAliasArn(env: Pick<WithDr, "name" | "account" | "dr">, purpose: DrKeyPurpose): string {
  return `arn:aws:kms:${drOf(env).region}:${env.account}:alias/${drKeyAlias(env.name, purpose)}`;
}

/** The failover name: `<dr.originName>.<domain>` (Route 53 failover records, primary → DR load balancer). */
export function drOriginFqdn(env: Pick<WithDr, "name" | "dr" | "dns">): string {
  return `${drOf(env).originName}.${env.dns.domain}`;
}

/** Name of the database master secret: `<env>/db-master` (replicated to the DR region under the same name). */
export function dbMasterSecretName(envName: string): string {
  return `${envName}/db-master`;
}
