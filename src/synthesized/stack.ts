/** One synthesized stack: the shape every reader of cdktf's output shares. */
import { TerraformJson } from "./terraform-json";

/** One synthesized stack of an environment. */
export interface SynthesizedStack {
  /** cdktf stack name: `web-was-compute`. */
  readonly name: string;
  /** The stack's `cdk.tf.json`, parsed. */
  readonly json: TerraformJson;
  /** Stack kind: `network`, `data`, `compute`, ... (what guardrail suppressions name in `stack`). @default unknown */
  readonly kind?: string;
  /** cdktf dependencies by stack name (`manifest.json`). @default none */
  readonly dependencies?: readonly string[];
}

/** The synthesized stacks of one environment, as the generated docs and the tools read them. */
export interface SynthesizedStacks {
  readonly environment: string;
  /** Terraform JSON per stack name (`buddyverse-network`), sorted by name. */
  readonly stacks: Readonly<Record<string, TerraformJson>>;
  /** Stack names in deployment order: dependencies (cdktf's, remote-state reads, the state bucket) before dependents. */
  readonly order: readonly string[];
  /** Stacks each stack depends on (cdktf `addDependency`). */
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
}
