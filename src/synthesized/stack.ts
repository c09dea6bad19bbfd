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
