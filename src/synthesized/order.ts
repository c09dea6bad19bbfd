/**
 * The order in which the stacks of an environment are planned and reported:
 * a dependency comes before the stacks that need it, as `cdktf deploy`
 * applies them. Derived from the synthesized stacks themselves, never from a
 * list of stack names, so a stack added later (e.g. `<env>-dr-*`) takes its
 * place on its own. Three kinds of evidence, any one suffices:
 *   - cdktf dependencies (`stack.addDependency`, `dependencies` in
 *     `cdktf.out/manifest.json`);
 *   - remote-state reads: `data.terraform_remote_state.<kind>` whose backend
 *     `bucket`/`key` is another stack's S3 backend (fallback: the one stack
 *     named `*-<kind>`; TerraformIndex.upstreamStack, strict: never a guess);
 *   - the S3 backend bucket itself: a stack whose state lives in a bucket that
 *     another stack creates (`aws_s3_bucket.bucket`, the state stack) needs
 *     that stack applied first, though it reads none of its outputs.
 * Stacks that no evidence orders keep their synthesis order.
 */

import { SynthesizedStack } from "./stack";
import { TerraformIndex } from "./terraform-index";
import { block, literal, TerraformJson } from "./terraform-json";

export type { SynthesizedStack };

/** Why one stack comes after another. */
export interface StackDependency {
  /** The stack that needs the other one. */
  readonly stack: string;
  /** The stack it needs. */
  readonly dependsOn: string;
  /** The evidence, for people: `reads remote state "network"`. */
  readonly because: string;
}

/** Dependencies between stacks, and remote-state reads no stack of the list produces. */
export interface StackGraph {
  /** Every dependency found (one per stack pair and kind of evidence). */
  readonly edges: readonly StackDependency[];
  /** `<stack>: remote state "<kind>"` reads that name no stack of the list (not an error: it may be another environment's). */
  readonly unresolved: readonly string[];
}

/** `bucket/key` of a stack's S3 backend, if it has one. */
function backendLocation(json: TerraformJson): { bucket: string; key: string } | undefined {
  const s3 = block(block(json.terraform?.backend)?.s3);
  const bucket = literal(s3?.bucket);
  const key = literal(s3?.key);
  return bucket !== undefined && key !== undefined ? { bucket, key } : undefined;
}

/** Dependencies between `stacks` from cdktf dependencies, remote-state reads and backend buckets. */
export function stackGraph(stacks: readonly SynthesizedStack[]): StackGraph {
  const names = new Set(stacks.map((s) => s.name));
  const index = new TerraformIndex(stacks);
  // Literal bucket names created by the stacks' `aws_s3_bucket` resources.
  const byBucket = new Map<string, string>();
  for (const b of index.ofType("aws_s3_bucket")) {
    const bucket = literal(b.attrs.bucket);
    if (bucket !== undefined) byBucket.set(bucket, b.stack);
  }

  const edges: StackDependency[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  const add = (stack: string, dependsOn: string, because: string) => {
    const id = `${stack}\u0000${dependsOn}\u0000${because}`;
    if (stack === dependsOn || seen.has(id)) return;
    seen.add(id);
    edges.push({ stack, dependsOn, because });
  };

  for (const s of stacks) {
    for (const d of s.dependencies ?? []) if (names.has(d)) add(s.name, d, "cdktf dependency");

    for (const kind of Object.keys(s.json.data?.terraform_remote_state ?? {})) {
      const producer = index.upstreamStack(s.name, kind, "strict");
      if (producer !== undefined) add(s.name, producer, `reads remote state "${kind}"`);
      else unresolved.push(`${s.name}: remote state "${kind}"`);
    }

    const loc = backendLocation(s.json);
    const bucketOwner = loc ? byBucket.get(loc.bucket) : undefined;
    if (loc && bucketOwner !== undefined) add(s.name, bucketOwner, `its state lives in bucket ${loc.bucket}`);
  }
  return { edges, unresolved };
}

/** Thrown when stacks depend on each other in a cycle (cdktf itself would refuse to deploy them). */
export class StackCycleError extends Error {
  /** The stacks left unordered (all on or behind a cycle). */
  readonly stacks: readonly string[];
  /** @param stacks stacks left unordered @param edges the dependencies among them */
  constructor(stacks: readonly string[], edges: readonly StackDependency[]) {
    super(
      `stacks depend on each other in a cycle: ${stacks.join(", ")}\n` +
        edges.map((e) => `  ${e.stack} needs ${e.dependsOn} (${e.because})`).join("\n"),
    );
    this.name = "StackCycleError";
    this.stacks = stacks;
  }
}

/**
 * Stack names in dependency order (Kahn's algorithm); among stacks that are
 * ready at the same time, the one listed first in `stacks` (synthesis order)
 * comes first. Throws {@link StackCycleError} on a cycle.
 */
export function dependencyOrder(stacks: readonly SynthesizedStack[], graph: StackGraph = stackGraph(stacks)): string[] {
  const index = new Map(stacks.map((s, i) => [s.name, i]));
  const needs = new Map(stacks.map((s) => [s.name, new Set<string>()]));
  for (const e of graph.edges) if (index.has(e.stack) && index.has(e.dependsOn)) needs.get(e.stack)!.add(e.dependsOn);

  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < stacks.length) {
    const ready = stacks.find((s) => !done.has(s.name) && [...needs.get(s.name)!].every((d) => done.has(d)));
    if (!ready) {
      const left = stacks.map((s) => s.name).filter((n) => !done.has(n));
      throw new StackCycleError(left, graph.edges.filter((e) => left.includes(e.stack) && left.includes(e.dependsOn)));
    }
    order.push(ready.name);
    done.add(ready.name);
  }
  return order;
}
