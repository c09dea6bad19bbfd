/**
 * Where a stack keeps its Terraform state: one S3 key per stack per environment.
 */

/** The stack kinds of an environment, in deployment order. */
export const STACK_KINDS = ["state", "network", "data", "compute", "edge"] as const;
/** One of {@link STACK_KINDS}, `cicd` (the pipeline's roles, with a `cicd` section), or a disaster-recovery kind such as `dr-network`. */
export type StackKind = (typeof STACK_KINDS)[number] | "cicd" | `dr-${string}`;

/** The S3 location of one stack's state. */
export interface StateLocation {
  /** The stack kind (`network`, `data`, ...); also the remote-state data source id. */
  readonly stackKind: StackKind;
  /** The environment's state bucket. */
  readonly bucket: string;
  /** `<env>/<kind>.tfstate`. */
  readonly key: string;
  /** Region of the state bucket (the environment's primary region). */
  readonly region: string;
}

/** The state location of stack `kind` of environment `env`. */
export function stateLocation(
  env: { readonly name: string; readonly region: string; readonly stateBucket: string },
  kind: StackKind,
): StateLocation {
  return { stackKind: kind, bucket: env.stateBucket, key: `${env.name}/${kind}.tfstate`, region: env.region };
}

/** The cdktf stack name (and `cdktf.out/stacks/<name>` folder) of stack `kind` of `env`. */
export function stackName(envName: string, kind: StackKind): string {
  return `${envName}-${kind}`;
}
