/**
 * Which Terraform resource types are STATEFUL: destroying or replacing one
 * loses data, or an identity that others hold on to (an address, a name
 * server set, a tunnel endpoint), and no later `apply` brings it back.
 *
 * The single list of the project: the plan preview flags a planned destroy or
 * replace of these types (and refuses it unless allowed explicitly); anyone
 * else who needs "is this stateful?" (guardrails requiring `prevent_destroy`,
 * docs) imports it from here rather than keeping a second list.
 *
 * Listed by type, not by what our constructs happen to create today, so a
 * new store added to a stack is covered the day it appears. A type missing
 * here is treated as replaceable: add it (with the reason) when in doubt.
 */

/** What is lost, in a few words, grouped for the report. */
export type StatefulCategory = "data" | "encryption" | "identity" | "logs";

/** Why one resource type is stateful. */
export interface StatefulReason {
  /** The kind of loss. */
  readonly category: StatefulCategory;
  /** What a destroy or replace loses; shown next to the address in the preview. */
  readonly why: string;
}

/**
 * Stateful resource types with the reason each is stateful. Keys are
 * Terraform resource types of hashicorp/aws.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, StatefulReason>> = {
  // --- Databases: a replacement is a new, empty database.
  aws_db_instance: {
    category: "data",
    why: "RDS instance: a replacement starts empty (data only survives in a final snapshot or backups); endpoints change",
  },
  aws_rds_cluster: {
    category: "data",
    why: "Aurora cluster: its volume holds the data; a replacement is a new, empty cluster",
  },
  aws_rds_cluster_instance: {
    category: "data",
    why: "Aurora instance: replacing the writer forces a failover, removing the last one leaves the cluster unreachable",
  },
  aws_db_snapshot: { category: "data", why: "RDS snapshot: a point-in-time copy of the database, gone for good" },
  aws_db_cluster_snapshot: { category: "data", why: "Aurora snapshot: a point-in-time copy of the cluster, gone for good" },
  aws_dynamodb_table: { category: "data", why: "DynamoDB table: items are deleted with the table" },
  aws_docdb_cluster: { category: "data", why: "DocumentDB cluster: its volume holds the data" },
  aws_neptune_cluster: { category: "data", why: "Neptune cluster: its volume holds the data" },
  aws_redshift_cluster: { category: "data", why: "Redshift cluster: the warehouse's data lives on it" },
  aws_opensearch_domain: { category: "data", why: "OpenSearch domain: indices are deleted with the domain" },
  // --- Caches: in-memory data (sessions, carts) and its snapshots.
  aws_elasticache_replication_group: {
    category: "data",
    why: "ElastiCache replication group: cached data and sessions are lost, the endpoint changes",
  },
  aws_elasticache_cluster: { category: "data", why: "ElastiCache cluster: cached data and sessions are lost, the endpoint changes" },
  aws_elasticache_serverless_cache: { category: "data", why: "ElastiCache serverless cache: cached data is lost, the endpoint changes" },
  aws_memorydb_cluster: { category: "data", why: "MemoryDB cluster: a durable in-memory database; its data is lost" },
  // --- File and object storage.
  aws_efs_file_system: { category: "data", why: "EFS file system: every shared file is deleted with it" },
  aws_ebs_volume: { category: "data", why: "EBS volume: the block device's data is deleted with it" },
  aws_fsx_lustre_file_system: { category: "data", why: "FSx file system: its files are deleted with it" },
  aws_fsx_windows_file_system: { category: "data", why: "FSx file system: its files are deleted with it" },
  aws_fsx_ontap_file_system: { category: "data", why: "FSx file system: its files are deleted with it" },
  aws_fsx_openzfs_file_system: { category: "data", why: "FSx file system: its files are deleted with it" },
  aws_s3_bucket: {
    category: "data",
    why: "S3 bucket (media, logs, CloudTrail, Terraform state): objects go with it, and the globally unique name may be taken by anyone once released",
  },
  aws_ecr_repository: { category: "data", why: "ECR repository: the images in it are deleted" },
  aws_backup_vault: { category: "data", why: "Backup vault: holds the recovery points of every backed-up store" },
  aws_glacier_vault: { category: "data", why: "Glacier vault: archives are deleted with it" },
  aws_secretsmanager_secret: { category: "data", why: "Secrets Manager secret: the secret value (and its versions) is lost after the recovery window" },
  // --- Encryption: data encrypted under a deleted key cannot be read again.
  aws_kms_key: {
    category: "encryption",
    why: "KMS key: once the deletion window ends, everything encrypted with it (volumes, databases, backups, state) is unreadable",
  },
  // --- Identities others hold on to.
  aws_route53_zone: {
    category: "identity",
    why: "Route 53 zone: a new zone gets new name servers, so the domain's delegation breaks until the registrar is updated; records go with it",
  },
  aws_eip: {
    category: "identity",
    why: "Elastic IP: the public address is released; partners and the datacenter allowlist our egress and bastion IPs",
  },
  aws_vpn_connection: {
    category: "identity",
    why: "VPN connection: new tunnel addresses and pre-shared keys must be configured on the datacenter's device",
  },
  // --- Logs kept as evidence (audit, flow, WAF): deleting the group deletes its events.
  aws_cloudwatch_log_group: {
    category: "logs",
    why: "CloudWatch log group: its log events (audit, flow, WAF, application) are deleted at once",
  },
};

/**
 * The resource type of a Terraform address: `aws_s3_bucket.media["a"]` →
 * `aws_s3_bucket`, `module.x.aws_db_instance.db` → `aws_db_instance`;
 * `undefined` for a data source (`data.aws_region.current`), which is only read.
 */
export function resourceTypeOf(address: string): string | undefined {
  // Drop module prefixes (`module.<name>[key].`); keys may contain dots inside quotes.
  let rest = address;
  for (;;) {
    const m = /^module\.[A-Za-z0-9_-]+(\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?\./.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
  }
  if (rest.startsWith("data.")) return undefined;
  const m = /^([A-Za-z0-9_-]+)\./.exec(rest);
  return m ? m[1] : undefined;
}

/** Why the resource type (or the type of an address) is stateful; `undefined` when it is not. */
export function statefulReason(typeOrAddress: string): StatefulReason | undefined {
  const type = typeOrAddress.includes(".") ? resourceTypeOf(typeOrAddress) : typeOrAddress;
  return type !== undefined && Object.hasOwn(STATEFUL_RESOURCE_TYPES, type) ? STATEFUL_RESOURCE_TYPES[type] : undefined;
}

/** Whether destroying or replacing a resource of this type (or at this address) loses something (see {@link STATEFUL_RESOURCE_TYPES}). */
export function isStateful(typeOrAddress: string): boolean {
  return statefulReason(typeOrAddress) !== undefined;
}
