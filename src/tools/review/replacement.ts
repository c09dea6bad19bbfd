/**
 * Arguments of stateful resource types that cannot change in place: changing
 * one makes Terraform destroy the resource and create a new one (hashicorp/aws
 * marks them ForceNew). Without `--plan` the review has no provider to ask, so
 * it flags these as an EXPECTED replacement; `--plan` shows Terraform's own
 * verdict (`replace_paths`). Deliberately short: names, identifiers and
 * encryption settings, the arguments whose change always replaces. A type or
 * argument missing here is reported as an in-place update.
 */
export const FORCE_NEW_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["identifier", "identifier_prefix", "username", "storage_encrypted", "kms_key_id", "character_set_name", "nchar_character_set_name", "timezone", "snapshot_identifier"],
  aws_rds_cluster: ["cluster_identifier", "cluster_identifier_prefix", "engine", "engine_mode", "database_name", "master_username", "storage_encrypted", "kms_key_id", "snapshot_identifier", "db_subnet_group_name"],
  aws_rds_cluster_instance: ["identifier", "identifier_prefix", "cluster_identifier", "engine", "availability_zone", "db_subnet_group_name"],
  aws_elasticache_replication_group: ["replication_group_id", "at_rest_encryption_enabled", "kms_key_id", "subnet_group_name"],
  aws_efs_file_system: ["creation_token", "encrypted", "kms_key_id", "performance_mode", "availability_zone_name"],
  aws_ebs_volume: ["availability_zone", "encrypted", "kms_key_id", "snapshot_id"],
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id"],
  aws_cloudwatch_log_group: ["name", "name_prefix"],
  aws_secretsmanager_secret: ["name", "name_prefix"],
  aws_backup_vault: ["name", "encryption_key_arn"],
  aws_route53_zone: ["name"],
  aws_eip: ["domain", "network_border_group", "public_ipv4_pool", "address"],
  aws_vpn_connection: ["type", "static_routes_only", "tunnel1_inside_cidr", "tunnel2_inside_cidr"],
};

/** The changed attribute paths of `type` that force a replacement (top-level argument names from {@link FORCE_NEW_ARGUMENTS}). */
export function forcingReplacement(type: string, changedPaths: readonly string[]): string[] {
  const args = FORCE_NEW_ARGUMENTS[type];
  if (!args) return [];
  return changedPaths.filter((p) => args.includes(p.split(/[.[]/)[0]!));
}
