/**
 * One environment's synthesized stacks, indexed by address with references
 * resolved (what the guardrail rules read).
 *
 * Rules look at one resource at a time, but many requirements are about how
 * resources relate: a bucket is only private if an `aws_s3_bucket_public_access_block`
 * points at it; an ALB is only protected if a web ACL association names it. The
 * model answers those questions from the JSON alone by resolving references:
 *
 * - `${aws_s3_bucket.media.id}` (anywhere inside a string, including a
 *   policy document or a function call) refers to `aws_s3_bucket.media`
 *   of the same stack;
 * - `${data.terraform_remote_state.network.outputs.sg_alb_id}` refers to
 *   whatever the producing stack's output `sg_alb_id` refers to — the producing
 *   stack is the one whose S3 backend key is the data source's `config.key`, so
 *   references cross stack boundaries exactly like Terraform's remote state does.
 *
 * References that resolve to nothing known (another account's ARN, a literal id)
 * are ignored: a rule that needs a companion resource then reports it missing.
 */
import { RESOURCE_REF, REMOTE_STATE_REF } from "./references";
import { SynthesizedStack } from "./stack";
import { Body, isObject } from "./terraform-json";

export type { SynthesizedStack };

/** A resource of a synthesized stack. */
export interface TfResource {
  /** `aws_s3_bucket`. */
  readonly type: string;
  /** Logical name: `alb-logs`. */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.alb-logs`. */
  readonly address: string;
  /** The resource's attributes as synthesized. */
  readonly body: Body;
  /** The stack that declares it. */
  readonly stack: SynthesizedStack;
}

/** A resource that refers to another, and through which attribute. */
export interface Referrer {
  readonly resource: TfResource;
  /** Top-level attribute holding the reference (`bucket`, `security_groups`, ...). */
  readonly attribute: string;
}

/** Attributes that never hold a reference a rule should follow. */
const NOT_REFERENCES = new Set(["//", "depends_on", "lifecycle", "provider", "tags", "tags_all"]);
/** Output → output → resource chains are short; this bounds pathological cycles. */
const MAX_DEPTH = 4;

function keyOf(stack: SynthesizedStack, address: string): string {
  return `${stack.name}\u0000${address}`;
}

/** The resources and references of one environment's stacks. */
export class EnvironmentModel {
  private readonly byType = new Map<string, TfResource[]>();
  private readonly byKey = new Map<string, TfResource>();
  private readonly producersByStateKey = new Map<string, SynthesizedStack>();
  private readonly refCache = new Map<string, readonly TfResource[]>();
  private readonly referrerIndex = new Map<string, Map<string, Referrer[]>>();

  /**
   * @param environment the environment's name (violations name it)
   * @param stacks every stack of the environment, so cross-stack references resolve
   */
  constructor(
    readonly environment: string,
    readonly stacks: readonly SynthesizedStack[],
  ) {
    for (const stack of stacks) {
      const backend = isObject(stack.json.terraform?.backend) ? stack.json.terraform.backend : undefined;
      for (const config of Object.values(backend ?? {})) {
        if (isObject(config) && typeof config.key === "string") this.producersByStateKey.set(config.key, stack);
      }
      for (const [type, named] of Object.entries(stack.json.resource ?? {})) {
        for (const [name, body] of Object.entries(named ?? {})) {
          const resource: TfResource = { type, name, address: `${type}.${name}`, body, stack };
          this.byKey.set(keyOf(stack, resource.address), resource);
          const sameType = this.byType.get(type);
          if (sameType) sameType.push(resource);
          else this.byType.set(type, [resource]);
        }
      }
    }
  }

  /** Every resource of `type` in the environment, in stack order. */
  of(type: string): readonly TfResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The resources a value refers to (any depth, any string inside it), as seen from `stack`. */
  refs(value: unknown, stack: SynthesizedStack, depth = 0): readonly TfResource[] {
    if (typeof value === "string") return this.refsInString(value, stack, depth);
    if (Array.isArray(value)) return unique(value.flatMap((v) => this.refs(v, stack, depth)));
    if (isObject(value)) return unique(Object.values(value).flatMap((v) => this.refs(v, stack, depth)));
    return [];
  }

  /** The resources `resource.body[attribute]` refers to. */
  refsOf(resource: TfResource, attribute: string): readonly TfResource[] {
    return this.refs(resource.body[attribute], resource.stack);
  }

  /** The first resource of `type` that `resource.body[attribute]` refers to. */
  refOf(resource: TfResource, attribute: string, type: string): TfResource | undefined {
    return this.refsOf(resource, attribute).find((r) => r.type === type);
  }

  /**
   * Resources of `type` (in any stack of the environment) that refer to `target`,
   * optionally only through one of `attributes`.
   */
  referrers(target: TfResource, type: string, attributes?: readonly string[]): TfResource[] {
    const found = this.indexFor(type).get(keyOf(target.stack, target.address)) ?? [];
    const matching = attributes ? found.filter((r) => attributes.includes(r.attribute)) : found;
    return unique(matching.map((r) => r.resource));
  }

  /** Like {@link referrers}, with the attribute each reference comes through. */
  referrersWithAttribute(target: TfResource, type: string): readonly Referrer[] {
    return this.indexFor(type).get(keyOf(target.stack, target.address)) ?? [];
  }

  private refsInString(text: string, stack: SynthesizedStack, depth: number): readonly TfResource[] {
    if (!text.includes(".")) return [];
    const cacheKey = `${stack.name}\u0000${depth}\u0000${text}`;
    const cached = this.refCache.get(cacheKey);
    if (cached) return cached;
    const found: TfResource[] = [];
    for (const m of text.matchAll(RESOURCE_REF)) {
      const r = this.byKey.get(keyOf(stack, `${m[1]}.${m[2]}`));
      if (r) found.push(r);
    }
    if (depth < MAX_DEPTH) {
      for (const m of text.matchAll(REMOTE_STATE_REF)) {
        const producer = this.producerOf(stack, m[1]);
        const output = producer?.json.output?.[m[2]];
        if (producer && output) found.push(...this.refs(output.value, producer, depth + 1));
      }
    }
    const result = unique(found);
    this.refCache.set(cacheKey, result);
    return result;
  }

  /** The stack whose state `data.terraform_remote_state.<id>` of `stack` reads. */
  private producerOf(stack: SynthesizedStack, id: string): SynthesizedStack | undefined {
    const source = stack.json.data?.terraform_remote_state?.[id];
    const config = isObject(source?.config) ? source.config : undefined;
    const byKey = typeof config?.key === "string" ? this.producersByStateKey.get(config.key) : undefined;
    return byKey ?? this.stacks.find((s) => s.kind === id);
  }

  private indexFor(type: string): Map<string, Referrer[]> {
    let index = this.referrerIndex.get(type);
    if (index) return index;
    index = new Map();
    for (const resource of this.of(type)) {
      for (const [attribute, value] of Object.entries(resource.body)) {
        if (NOT_REFERENCES.has(attribute)) continue;
        for (const target of this.refs(value, resource.stack)) {
          const key = keyOf(target.stack, target.address);
          const list = index.get(key);
          const entry = { resource, attribute };
          if (list) list.push(entry);
          else index.set(key, [entry]);
        }
      }
    }
    this.referrerIndex.set(type, index);
    return index;
  }
}

function unique(resources: readonly TfResource[]): TfResource[] {
  const seen = new Set<TfResource>();
  return resources.filter((r) => (seen.has(r) ? false : (seen.add(r), true)));
}
