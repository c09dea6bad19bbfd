/**
 * Outputs of `<env>-data`: database endpoints, cache endpoints, shared file
 * system, media buckets, the environment's alarm topic.
 *
 * Every environment publishes every output (empty string / empty list where a
 * store is absent), so downstream stacks never read an output that does not
 * exist. Only add outputs here; renaming one breaks every reader.
 */
import { defineOutputs, OutputValues } from "./output-spec";

export const DATA_OUTPUTS = defineOutputs({
  db_writer_endpoint: { kind: "string", description: "Read/write endpoint of the database (host name).", stub: "db-writer.example.internal" },
  db_reader_endpoint: { kind: "string", description: "Single read-only endpoint spreading reads over the replicas (R2.4).", stub: "db-reader.example.internal" },
  db_port: { kind: "string", description: "Database port.", stub: "3306" },
  db_name: { kind: "string", description: "Name of the application database.", stub: "app" },
  db_master_secret_arn: { kind: "string", description: "ARN of the Secrets Manager secret RDS manages for the master user (the ARN, never the secret).", stub: "arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!db-00000000-0000-0000-0000-000000000000-AbCdEf" },
  cache_primary_endpoint: { kind: "string", description: "Redis primary endpoint; empty without a cache.", stub: "master.cache.example.internal" },
  cache_reader_endpoint: { kind: "string", description: "Redis reader endpoint; empty without a cache.", stub: "replica.cache.example.internal" },
  cache_port: { kind: "string", description: "Redis port; empty without a cache.", stub: "6379" },
  efs_id: { kind: "string", description: "EFS file system id; empty without shared files.", stub: "fs-0123456789abcdef0" },
  efs_access_point_ids: { kind: "list", description: "EFS access point ids, in the order of efs_access_point_paths.", stub: ["fsap-0123456789abcdef0", "fsap-0123456789abcdef1"] },
  efs_access_point_paths: { kind: "list", description: "Mount paths of the EFS access points (/static, /media, /logs ...).", stub: ["/static", "/media"] },
  media_bucket_name: { kind: "string", description: "Bucket of images and videos; empty without media.", stub: "example-media-20260101000000000000000001" },
  media_bucket_arn: { kind: "string", description: "ARN of the media bucket; empty without media.", stub: "arn:aws:s3:::example-media-20260101000000000000000001" },
  media_bucket_regional_domain_name: { kind: "string", description: "Regional domain name of the media bucket (CloudFront origin).", stub: "example-media-20260101000000000000000001.s3.us-east-1.amazonaws.com" },
  media_kms_key_arn: { kind: "string", description: "KMS key of the media bucket (CloudFront's OAC needs decrypt on it).", stub: "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000001" },
  alarm_topic_arn: { kind: "string", description: "SNS topic every alarm of the environment notifies.", stub: "arn:aws:sns:us-east-1:111111111111:example-alarms" },
  db_iam_resource_id: { kind: "string", description: "Resource id of the database (RDS DbiResourceId or Aurora cluster resource id) for IAM database authentication: rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:<id>/<user>; empty without a database.", stub: "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
  db_replica_iam_resource_ids: { kind: "list", description: "Resource ids (DbiResourceId) of the RDS read replicas, in definition order: IAM database authentication to a replica needs rds-db:connect on its own id; empty for Aurora (the cluster id covers its instances) and without replicas.", stub: ["db-REPLICA1ABCDEFGHIJKLMNOPQ"] },
  cache_replication_group_id: { kind: "string", description: "Replication group id of the cache (IAM auth tokens and elasticache:Connect name it); empty without a cache.", stub: "example-cache" },
  cache_user_id: { kind: "string", description: "Cache user the application connects as with an IAM auth token (user id = user name); empty without a cache.", stub: "example-app" },
  efs_arn: { kind: "string", description: "ARN of the EFS file system (elasticfilesystem:ClientMount/ClientWrite for instance roles; mounts need -o tls,iam); empty without shared files.", stub: "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0" },
  db_arn: { kind: "string", description: "ARN of the database: the Aurora cluster (source of the global database of the DR region) or the RDS primary instance; empty without a database.", stub: "arn:aws:rds:us-east-1:111111111111:cluster:example-db" },
});

/** Typed values of the data stack's outputs. */
export type DataOutputs = OutputValues<typeof DATA_OUTPUTS>;
