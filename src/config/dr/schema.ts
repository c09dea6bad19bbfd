/**
 * The `dr` section of an environment definition: a second AWS region that can
 * take over when the primary region is lost (R1.5, R1.7).
 *
 * The DR region is built from the same definition with the same constructs as
 * the primary (src/lib/dr-environment.ts derives its "environment view": DR
 * region, AZs, VPC CIDR and subnet layout, capacity per strategy). This
 * section says where that region is, how much of the platform it keeps
 * running (the strategy) and what it holds.
 *
 * Rules relating these fields to the rest of the definition (another region
 * than the primary, AZs in the DR region, a VPC CIDR that does not overlap the
 * primary's, what each strategy needs) live in src/config/dr/rules.ts, attached
 * to the definition.
 */
import { z } from "zod";
import { cidrString } from "../network/schema";
import { TIERS } from "../network/tiers";

/**
 * How much of the platform the DR region keeps, cheapest first:
 * - `backup-restore`: only copies of the data (AWS Backup recovery points in a
 *   DR vault, the media replicated to a DR bucket); the platform is rebuilt
 *   there after a disaster. RPO hours, RTO hours.
 * - `pilot-light`: the data is live (Aurora global database, media and file
 *   replication), the network and the compute tiers exist but their Auto
 *   Scaling groups are at zero and the database has no instance (headless).
 *   RPO seconds, RTO tens of minutes.
 * - `warm-standby`: like pilot light, with a small running copy of every tier
 *   (Auto Scaling groups at `standbyCapacity`, a database reader, a cache) that
 *   health checks keep proving. RPO seconds, RTO minutes.
 */
export const DR_STRATEGIES = ["backup-restore", "pilot-light", "warm-standby"] as const;
/** A DR strategy. */
export type DrStrategy = (typeof DR_STRATEGIES)[number];

/** A derived subnet tier of the DR VPC (the DR VPC is laid out from prefix lengths only). */
const drSubnetTier = z.strictObject({
  /** Which tier these subnets serve; the DR VPC has exactly the primary's tiers. */
  tier: z.enum(TIERS),
  /** One subnet of this size per DR AZ, derived first-fit from `dr.vpcCidr` (16-28). */
  prefixLength: z.number().int().min(16).max(28),
});

const database = z.strictObject({
  /**
   * Aurora instances the DR cluster (the global database's secondary) runs
   * while the DR region stands by. `0` is a headless secondary: the storage
   * is replicated, no instance is billed; failing over first adds one.
   * Raised to the primary's count (1 + data.database.replicas) by `activate`.
   * @default - 1 for warm-standby, 0 for pilot-light
   */
  standbyInstances: z.number().int().min(0).max(16).optional(),
  /**
   * Instance class of the DR cluster's instances. Aurora global databases
   * need memory-optimized classes (db.r*, db.x*).
   * @default - data.database.instanceClass
   */
  instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, "an RDS instance class such as db.r6g.large").optional(),
  /**
   * Version of the database master password. RDS cannot manage the master
   * password of a global database member (AWS documents the limitation), so
   * with a replicated database the password is supplied once through the
   * ephemeral Terraform variable `db_master_password` (never stored in state
   * or plan: write-only attributes) and kept in a Secrets Manager secret
   * replicated to the DR region. Raise this number, with a new password in
   * `TF_VAR_db_master_password`, to rotate it.
   * @default 1
   */
  masterPasswordVersion: z.number().int().min(1).default(1),
});

const media = z.strictObject({
  /**
   * Storage class of the media copies in the DR bucket (CloudFront serves
   * them from there when the primary bucket fails).
   * @default "INTELLIGENT_TIERING"
   */
  storageClass: z.enum(["STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR"]).default("INTELLIGENT_TIERING"),
  /**
   * S3 Replication Time Control on the DR rule: AWS's SLA replicates 99.99 %
   * of objects within 15 minutes (billed per GB replicated), with replication
   * metrics and events. Without it most objects still arrive within minutes,
   * without a stated bound.
   * @default true
   */
  replicationTimeControl: z.boolean().default(true),
});

/** Schema of the `dr` section. */
export const drSchema = z.strictObject({
  /** The DR region (`ap-northeast-1`); another region than the primary `region`. */
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "an AWS region such as ap-northeast-1"),
  /** Availability zones of the DR region, at least two, each in `dr.region`. */
  azs: z.array(z.string()).min(2, "at least two availability zones are needed for high availability in the DR region too"),
  /** IPv4 CIDR of the DR VPC, /16 to /28; must not overlap network.vpcCidr (so the two VPCs can be peered) or the datacenter's CIDRs. */
  vpcCidr: cidrString,
  /** How much of the platform the DR region keeps running: `backup-restore`, `pilot-light` or `warm-standby`. */
  strategy: z.enum(DR_STRATEGIES),
  /**
   * Subnet tiers of the DR VPC, in allocation order; exactly the primary's tiers.
   * @default - the primary's tiers in the same order and sizes (an explicit tier takes the prefix length of its first CIDR)
   */
  subnets: z.array(drSubnetTier).min(1).optional(),
  /** How the DR VPC's private subnets reach the internet (NAT instances take the primary's type and AMI). @default - network.nat.mode */
  natMode: z.enum(["gateway-per-az", "single-gateway", "instance"]).optional(),
  /**
   * The DR region is serving: after a failover, set this and deploy the DR
   * stacks. Every application tier gets the primary's capacity and scheduled
   * actions, the DR database the primary's instance count, and shared files
   * stop replicating (the DR copy becomes writable). One change, one deploy.
   * @default false
   */
  activate: z.boolean().default(false),
  /** Instances per application tier (minimum and desired) a warm standby keeps running; pilot light keeps none. @default 1 */
  standbyCapacity: z.number().int().min(1).max(100).default(1),
  /** The DR side of the database (Aurora global database secondary). @default {} */
  database: database.prefault({}),
  /** A cache in the DR region (empty: the application refills it, cache-aside). @default - true for warm-standby and once activated, false otherwise */
  cache: z.boolean().optional(),
  /** The DR copy of the media. @default {} */
  media: media.prefault({}),
  /** Days recovery points copied to the DR vault are kept. @default - data.backupPlan.retentionDays */
  backupCopyRetentionDays: z.number().int().min(1).max(36500).optional(),
  /**
   * Label of the failover name in the environment's zone (`origin` →
   * `origin.<domain>`): Route 53 answers with the primary load balancer while
   * it is healthy and with the DR one otherwise. CloudFront (or, without a
   * CDN, the site's records) points at it.
   * @default "origin"
   */
  originName: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "one DNS label such as origin")
    .default("origin"),
  /**
   * CloudFront's origin-facing prefix list in the DR region (with edge.cdn).
   * @default - the well-known id of dr.region (src/lib/cloudfront-prefix-lists.ts)
   */
  originFacingPrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, "a managed prefix list id such as pl-58a04531").optional(),
});

/** The parsed `dr` section. */
export type DrSection = z.output<typeof drSchema>;
