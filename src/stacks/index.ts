/**
 * The stacks of one environment, in deployment order.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { EnvironmentStack } from "./environment-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";

/** Add every stack of `env` to `app`; returns them in deployment order. */
export function addEnvironmentStacks(app: Construct, env: Environment): EnvironmentStack[] {
  const state = new StateStack(app, env);
  const network = new NetworkStack(app, env);
  // Later stacks read `network` through remote state; the dependency orders `cdktf deploy`.
  return [state, network];
}
