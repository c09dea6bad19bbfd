/**
 * The one mapping from a data stack's stores to its contract outputs
 * (src/contract/data.ts), shared by `<env>-data` and `<env>-dr-data`: an absent
 * store publishes empty values, so downstream stacks read one shape.
 */
import { Cache, CACHE_PORT } from "../constructs/cache";
import { SharedFiles } from "../constructs/shared-files";
import { DATA_OUTPUTS } from "../contract/data";
import { OutputValues } from "../contract/output-spec";

/** The relational database as the outputs describe it. */
export interface DatabaseOutputs {
  readonly writerAddress: string;
  readonly readerAddress: string;
  readonly port: number;
  readonly masterSecretArn: string;
  readonly iamResourceId: string;
  readonly replicaIamResourceIds: readonly string[];
  /** ARN AWS Backup protects. */
  readonly arn: string;
}

/** The media bucket and its key, as the outputs describe them. */
export interface MediaOutputs {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly regionalDomainName: string;
  readonly kmsKeyArn: string;
}

/** The stores of one data stack; `undefined` where it has none. */
export interface DataStores {
  readonly database?: DatabaseOutputs | undefined;
  /** The definition's database name (published even where this region runs no database). */
  readonly databaseName?: string | undefined;
  readonly cache?: Cache | undefined;
  readonly files?: SharedFiles | undefined;
  readonly media?: MediaOutputs | undefined;
  readonly alarmTopicArn: string;
}

/** The values of every data output. */
export function dataOutputValues(s: DataStores): OutputValues<typeof DATA_OUTPUTS> {
  const { database: db, cache, files, media } = s;
  return {
    db_writer_endpoint: db?.writerAddress ?? "",
    db_reader_endpoint: db?.readerAddress ?? "",
    db_port: db ? String(db.port) : "",
    db_name: s.databaseName ?? "",
    db_master_secret_arn: db?.masterSecretArn ?? "",
    db_iam_resource_id: db?.iamResourceId ?? "",
    db_replica_iam_resource_ids: db ? [...db.replicaIamResourceIds] : [],
    db_arn: db?.arn ?? "",
    cache_primary_endpoint: cache?.primaryAddress ?? "",
    cache_reader_endpoint: cache?.readerAddress ?? "",
    cache_port: cache ? String(CACHE_PORT) : "",
    cache_replication_group_id: cache?.replicationGroupId ?? "",
    cache_user_id: cache?.appUserId ?? "",
    efs_id: files?.fileSystem.id ?? "",
    efs_arn: files?.fileSystem.arn ?? "",
    efs_access_point_ids: files?.accessPoints.map((ap) => ap.id) ?? [],
    efs_access_point_paths: files?.accessPointPaths ?? [],
    media_bucket_name: media?.bucketName ?? "",
    media_bucket_arn: media?.bucketArn ?? "",
    media_bucket_regional_domain_name: media?.regionalDomainName ?? "",
    media_kms_key_arn: media?.kmsKeyArn ?? "",
    alarm_topic_arn: s.alarmTopicArn,
  };
}
