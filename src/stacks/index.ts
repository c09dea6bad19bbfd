/**
 * The stacks of one environment, in deployment order.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { ComputeStack } from "./compute-stack";
import { DataStack } from "./data-stack";
import { EdgeStack } from "./edge-stack";
import { EnvironmentStack } from "./environment-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";

/** Add every stack of `env` to `app`; returns them in deployment order. */
export function addEnvironmentStacks(app: Construct, env: Environment): EnvironmentStack[] {
  const state = new StateStack(app, env);
  const network = new NetworkStack(app, env);
  // Later stacks read `network` through remote state; the dependency orders `cdktf deploy`.
  const data = new DataStack(app, env);
  data.addDependency(network);
  // Compute reads network and data (remote state).
  const compute = new ComputeStack(app, env);
  compute.addDependency(network);
  compute.addDependency(data);
  // Edge reads network, data and compute (remote state); it deploys after all of them.
  const edge = new EdgeStack(app, env);
  edge.addDependency(network);
  edge.addDependency(data);
  edge.addDependency(compute);
  return [state, network, data, compute, edge];
}
