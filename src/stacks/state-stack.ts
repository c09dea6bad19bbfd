/**
 * `<env>-state`: the S3 bucket that holds every other stack's Terraform state.
 * Local state; deployed alone, first (`cdktf deploy` initializes every selected
 * stack before applying any, so the bucket must exist before the others init).
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { StateBucket } from "../constructs/state-bucket";
import { publishOutputs } from "../contract/output-spec";
import { STATE_OUTPUTS } from "../contract/state";
import { EnvironmentStack } from "./environment-stack";

/** The state bootstrap stack of one environment. */
export class StateStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, "state", { backend: "local" });
    const state = new StateBucket(this, "state", { env });
    publishOutputs(this, STATE_OUTPUTS, {
      state_bucket_name: state.bucket.bucketName,
      state_bucket_arn: state.bucket.arn,
      state_kms_key_arn: state.key.arn,
    });
  }
}
