/**
 * The stacks of one environment, in deployment order.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { drStackKinds } from "../lib/dr";
import { drEnvironment } from "./dr-environment";
import { CicdStack } from "./cicd-stack";
import { ComputeStack } from "./compute-stack";
import { DataStack } from "./data-stack";
import { DrComputeStack } from "./dr-compute-stack";
import { DrDataStack } from "./dr-data-stack";
import { DrStorageStack } from "./dr-storage-stack";
import { EdgeStack } from "./edge-stack";
import { EnvironmentStack } from "./environment-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";

/** Add every stack of `env` to `app`; returns them in deployment order. */
export function addEnvironmentStacks(app: Construct, env: Environment): EnvironmentStack[] {
  const state = new StateStack(app, env);
  const network = new NetworkStack(app, env);
  // DR (src/lib/dr.ts): the DR region's copy destinations exist before the primary data
  // stack points its replication rule, backup copy and secret replica at them.
  const dr = drStackKinds(env);
  const drStorage = dr.includes("dr-storage") ? new DrStorageStack(app, env) : undefined;
  // Later stacks read `network` through remote state; the dependency orders `cdktf deploy`.
  const data = new DataStack(app, env);
  data.addDependency(network);
  if (drStorage) data.addDependency(drStorage);
  // DR network: the primary's network code on the DR view; reads `network` (hosted zone).
  const drNetwork = dr.includes("dr-network") ? new NetworkStack(app, env, { kind: "dr-network", site: drEnvironment(env), hostedZone: "primary" }) : undefined;
  drNetwork?.addDependency(network);
  // DR data reads dr-network, dr-storage and data (the global database's source, the secret).
  const drData = dr.includes("dr-data") ? new DrDataStack(app, env) : undefined;
  for (const upstream of [drNetwork, drStorage, data]) if (drData && upstream) drData.addDependency(upstream);
  // Compute reads network and data (remote state).
  const compute = new ComputeStack(app, env);
  compute.addDependency(network);
  compute.addDependency(data);
  // DR compute reads dr-network, dr-data and compute (the primary load balancer of the failover records).
  const drCompute = dr.includes("dr-compute") ? new DrComputeStack(app, env) : undefined;
  for (const upstream of [drNetwork, drData, compute]) if (drCompute && upstream) drCompute.addDependency(upstream);
  // Edge reads network, data and compute (remote state); it deploys after all of them, and after
  // the DR stacks whose failover name and media copy CloudFront uses.
  const edge = new EdgeStack(app, env);
  edge.addDependency(network);
  edge.addDependency(data);
  edge.addDependency(compute);
  for (const upstream of [drStorage, drCompute]) if (upstream) edge.addDependency(upstream);
  // The pipeline's roles (with a cicd section): state in the bucket, applied by hand, never by the pipeline.
  const cicd = env.cicd ? new CicdStack(app, env) : undefined;
  return [state, ...(cicd ? [cicd] : []), network, ...(drStorage ? [drStorage] : []), data, ...(drNetwork ? [drNetwork] : []), ...(drData ? [drData] : []), compute, ...(drCompute ? [drCompute] : []), edge];
}
