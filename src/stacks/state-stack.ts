/**
 * `<env>-state`: the S3 bucket that holds every other stack's Terraform state.
 * Local state; deployed alone, first (`cdktf deploy` initializes every selected
 * stack before applying any, so the bucket must exist before the others init).
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { StateBucket } from "../constructs/state-bucket";
import { accessLogBucketName } from "../lib/naming";
import { publishOutputs } from "../contract/output-spec";
import { STATE_OUTPUTS } from "../contract/state";
import { EnvironmentStack } from "./environment-stack";

/** The state bootstrap stack of one environment. */
export class StateStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, "state", { backend: "local" });
    // The region's S3 server access-log bucket lives here: this stack is deployed first, so
    // every later stack's buckets can log to it by its derived name (CKV_AWS_18).
    const logs = new AccessLogBucket(this, "access-logs", { bucket: accessLogBucketName(env.stateBucket, env.region), account: env.account });
    const state = new StateBucket(this, "state", { env, accessLogBucket: logs.bucket.bucketName });
    publishOutputs(this, STATE_OUTPUTS, {
      state_bucket_name: state.bucket.bucketName,
      state_bucket_arn: state.bucket.arn,
      state_kms_key_arn: state.key.arn,
    });
  }
}
