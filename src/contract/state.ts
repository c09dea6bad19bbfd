/**
 * Outputs of `<env>-state`, for operators (no stack reads them: the backend
 * configuration needs the bucket name before any state can be read).
 */
import { defineOutputs } from "./output-spec";

export const STATE_OUTPUTS = defineOutputs({
  state_bucket_name: { kind: "string", description: "S3 bucket holding this environment's Terraform state.", stub: "example-tfstate-111111111111" },
  state_bucket_arn: { kind: "string", description: "ARN of the state bucket.", stub: "arn:aws:s3:::example-tfstate-111111111111" },
  state_kms_key_arn: { kind: "string", description: "KMS key encrypting the state objects.", stub: "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000" },
});
