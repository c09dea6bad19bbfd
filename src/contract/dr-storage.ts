/**
 * Outputs of `<env>-dr-storage`: the DR region's keys and the destinations of
 * the primary's continuous copies (media bucket, backup vault). Every DR
 * environment publishes every output (empty where the data section lacks the
 * store). Only add outputs here; renaming one breaks every reader.
 *
 * The primary stacks never read these (they name the DR resources from the
 * definition, src/lib/dr.ts); `<env>-dr-data` does.
 */
import { defineOutputs, OutputValues } from "./output-spec";

export const DR_STORAGE_OUTPUTS = defineOutputs({
  media_bucket_name: { kind: "string", description: "DR copy of the media bucket (replicated from the primary; CloudFront's failover origin); empty without media.", stub: "example-media-111111111111-us-west-2" },
  media_bucket_arn: { kind: "string", description: "ARN of the DR media bucket; empty without media.", stub: "arn:aws:s3:::example-media-111111111111-us-west-2" },
  media_bucket_regional_domain_name: { kind: "string", description: "Regional domain name of the DR media bucket; empty without media.", stub: "example-media-111111111111-us-west-2.s3.us-west-2.amazonaws.com" },
  media_kms_key_arn: { kind: "string", description: "KMS key of the DR media bucket; empty without media.", stub: "arn:aws:kms:us-west-2:111111111111:key/00000000-0000-0000-0000-000000000011" },
  backup_vault_arn: { kind: "string", description: "DR backup vault receiving the copies of the primary's recovery points; empty without a backup plan.", stub: "arn:aws:backup:us-west-2:111111111111:backup-vault:example-dr-backup" },
  db_kms_key_arn: { kind: "string", description: "KMS key of the DR database cluster and of the DR replica of the master secret; empty without a replicated database.", stub: "arn:aws:kms:us-west-2:111111111111:key/00000000-0000-0000-0000-000000000012" },
  efs_kms_key_arn: { kind: "string", description: "KMS key of the DR copy of the shared files; empty without replicated shared files.", stub: "arn:aws:kms:us-west-2:111111111111:key/00000000-0000-0000-0000-000000000013" },
});

/** Typed values of the DR storage stack's outputs. */
export type DrStorageOutputs = OutputValues<typeof DR_STORAGE_OUTPUTS>;
