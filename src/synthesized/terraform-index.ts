/**
 * The one resource view of an environment's synthesized stacks: every
 * resource and data source by id (`<stack>/<address>`), with references
 * resolved across stacks. Every reader of the synthesized output reads
 * through it: the guardrail rules, the generated docs and diagram, the
 * reachability matrix (which passes only the primary region's stacks).
 *
 * References cross stack boundaries exactly like Terraform's remote state:
 * `${data.terraform_remote_state.network.outputs.web_subnet_ids}` is followed
 * to the output `web_subnet_ids` of the stack whose state the data source
 * reads ({@link TerraformIndex.upstreamStack}), and on to that stack's
 * resources. Two questions are answered about a value, with one index and one
 * remote-state lookup:
 *
 * - what it evaluates to ({@link TerraformIndex.resolve}, {@link TerraformIndex.refs},
 *   {@link TerraformIndex.literal}): resource ids and literals, precise where the
 *   expression is understood (`element(list, 0)` is one element), every
 *   reference it contains otherwise (noted in {@link TerraformIndex.notes});
 *   what the docs, the diagram and the reachability matrix draw;
 * - what it mentions ({@link TerraformIndex.mentions}, {@link TerraformIndex.refsOf},
 *   {@link TerraformIndex.referrers}): every resource named anywhere inside it
 *   (a policy document, a function call, any depth), never a literal; what a
 *   guardrail rule must consider (a bucket is only private if an
 *   `aws_s3_bucket_public_access_block` mentions it).
 *
 * References that resolve to nothing known (another account's ARN, a literal
 * id) are ignored: a rule that needs a companion resource then reports it missing.
 */
import { REMOTE_OUTPUT, REMOTE_STATE_REF, RESOURCE_REF, SCAN, WHOLE_EXPRESSION, WHOLE_RESOURCE_REF } from "./references";
import { SynthesizedStack } from "./stack";
import { block, blocks, Body, isObject, literal, TerraformJson } from "./terraform-json";

export type { SynthesizedStack, TerraformJson };
export { blocks };

/** One resource (or data source) of one stack. */
export interface TfResource {
  /** `<stack>/<address>`: unique in the environment. */
  readonly id: string;
  /** The name of the stack that declares it: `web-was-compute`. */
  readonly stack: string;
  /** `aws_subnet`, or `data.terraform_remote_state` for a data source. */
  readonly type: string;
  /** Logical name: `vpc_web-a`. */
  readonly name: string;
  /** The Terraform address inside its stack: `aws_subnet.vpc_web-a`, `data.terraform_remote_state.network`. */
  readonly address: string;
  /** The resource's attributes as synthesized. */
  readonly attrs: Body;
}

/** A resolved value: a resource id, or a literal. */
export type Resolved = { readonly ref: string } | { readonly literal: string };

/** A resource that refers to another, and through which attribute. */
export interface Referrer {
  readonly resource: TfResource;
  /** Top-level attribute holding the reference (`bucket`, `security_groups`, ...). */
  readonly attribute: string;
}

/** The stacks of one environment: a list (names, kinds, dependencies), or Terraform JSON by stack name. */
export type StackSet = readonly SynthesizedStack[] | Readonly<Record<string, TerraformJson>>;

/** Stacks of the disaster-recovery region: a `dr-` segment in the stack name (`media-commerce-dr-network`). */
export function isDrStack(stack: string): boolean {
  return /(^|-)dr-/.test(stack);
}

/** Sort strings by code unit order (locale-independent, so output is the same on every machine). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `tags` map of a resource (empty when absent or not a literal map). */
export function tagsOf(attrs: Body): Record<string, string> {
  const t = attrs.tags;
  return isObject(t) ? (t as Record<string, string>) : {};
}

/** Attributes that never hold a reference a rule should follow. */
const NOT_REFERENCES = new Set(["//", "depends_on", "lifecycle", "provider", "tags", "tags_all"]);
/** Output → output → resource chains are short; this bounds pathological cycles when following mentions. */
const MAX_MENTION_DEPTH = 4;
/** The same bound for resolution (nested blocks count too). */
const MAX_RESOLVE_DEPTH = 8;

/** Every resource and data source of an environment's stacks, with reference resolution. */
export class TerraformIndex {
  /** The stacks, in the order given (Terraform JSON by name: sorted by name). */
  readonly list: readonly SynthesizedStack[];
  /** Terraform JSON by stack name. */
  readonly stacks: Readonly<Record<string, TerraformJson>>;
  /** What resolution could not follow (unknown remote state, missing outputs, expressions read as every reference they contain). */
  readonly notes = new Set<string>();
  private readonly byId = new Map<string, TfResource>();
  /** Every resource and data source: stacks in order, then by address. */
  private readonly ordered: readonly TfResource[];
  private readonly byType = new Map<string, TfResource[]>();
  /** Backends by state key: the stack, and its bucket when the backend names one literally. */
  private readonly backendsByKey = new Map<string, { stack: string; bucket?: string }[]>();
  private readonly mentionCache = new Map<string, readonly TfResource[]>();
  private readonly referrerIndex = new Map<string, Map<string, Referrer[]>>();

  /**
   * @param stacks every stack of the environment, so cross-stack references resolve
   * @param environment the environment's name (guardrail violations name it) @default ""
   */
  constructor(
    stacks: StackSet,
    readonly environment = "",
  ) {
    this.list = Array.isArray(stacks)
      ? [...(stacks as readonly SynthesizedStack[])]
      : Object.keys(stacks)
          .sort(byCode)
          .map((name) => ({ name, json: (stacks as Readonly<Record<string, TerraformJson>>)[name] }));
    this.stacks = Object.fromEntries(this.list.map((s) => [s.name, s.json]));
    const ordered: TfResource[] = [];
    for (const { name: stack, json } of this.list) {
      for (const config of Object.values(isObject(json.terraform?.backend) ? json.terraform.backend : {})) {
        if (!isObject(config) || typeof config.key !== "string") continue;
        const bucket = literal(config.bucket);
        this.backendsByKey.set(config.key, [...(this.backendsByKey.get(config.key) ?? []), { stack, ...(bucket !== undefined ? { bucket } : {}) }]);
      }
      const own: TfResource[] = [];
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, attrs] of Object.entries(byName ?? {})) own.push(this.add(stack, type, name, `${type}.${name}`, attrs));
      }
      for (const [type, byName] of Object.entries(json.data ?? {})) {
        for (const [name, attrs] of Object.entries(byName ?? {})) own.push(this.add(stack, `data.${type}`, name, `data.${type}.${name}`, attrs));
      }
      ordered.push(...own.sort((a, b) => byCode(a.address, b.address)));
    }
    this.ordered = ordered;
    for (const r of ordered) {
      const sameType = this.byType.get(r.type);
      if (sameType) sameType.push(r);
      else this.byType.set(r.type, [r]);
    }
  }

  private add(stack: string, type: string, name: string, address: string, attrs: Body): TfResource {
    const id = `${stack}/${address}`;
    const resource: TfResource = { id, stack, type, name, address, attrs };
    this.byId.set(id, resource);
    return resource;
  }

  /** Stack names, sorted. */
  stackNames(): string[] {
    return this.list.map((s) => s.name).sort(byCode);
  }

  /** The kind of a stack (`network`; what guardrail suppressions name), or its name when it has none. */
  kindOf(stack: string): string {
    return this.list.find((s) => s.name === stack)?.kind ?? stack;
  }

  /** Every resource and data source: stacks in the order given (Terraform JSON by name: by name), then by address. */
  all(): TfResource[] {
    return [...this.ordered];
  }

  /** Every resource (no data source), in the order of {@link all}. */
  resources(): TfResource[] {
    return this.ordered.filter((r) => !r.type.startsWith("data."));
  }

  /** Resources of the given types, in the order of {@link all}. */
  ofType(...types: string[]): TfResource[] {
    if (types.length === 1) return [...(this.byType.get(types[0]) ?? [])];
    return this.ordered.filter((r) => types.includes(r.type));
  }

  /** One resource by id. */
  get(id: string): TfResource | undefined {
    return this.byId.get(id);
  }

  /**
   * Resolve a value written in `stack` to resource ids and literals (nested
   * blocks included; `quiet`: no note for expressions read as every reference).
   */
  resolve(stack: string, value: unknown, depth = 0, quiet = false): Resolved[] {
    if (value === undefined || value === null || depth > MAX_RESOLVE_DEPTH) return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.resolve(stack, v, depth, quiet));
    if (typeof value === "number" || typeof value === "boolean") return [{ literal: String(value) }];
    if (typeof value === "object") {
      // Nested blocks (launch_template { id }, subnet_mapping [...]); "//" is cdktf metadata.
      return Object.entries(value as Body)
        .filter(([k]) => k !== "//" && k !== "depends_on" && k !== "lifecycle")
        .flatMap(([, v]) => this.resolve(stack, v, depth, true));
    }
    if (typeof value !== "string") return [];
    if (!value.includes("${")) return value === "" ? [] : [{ literal: value }];
    const whole = WHOLE_EXPRESSION.exec(value);
    if (whole && !whole[1].includes("${")) {
      const direct = this.expression(stack, whole[1].trim(), depth);
      if (direct) return direct;
    }
    // Anything else: every reference the expression contains (an over-approximation).
    if (!quiet) this.notes.add(`expression ${value.length > 120 ? `${value.slice(0, 117)}...` : value} read as every reference it contains`);
    return this.scan(stack, value, depth);
  }

  /** Resource ids a value refers to (a whole resource's attributes: without notes). */
  refs(stack: string, value: unknown): string[] {
    return unique(this.resolve(stack, value, 0, typeof value === "object").flatMap((r) => ("ref" in r ? [r.ref] : [])));
  }

  /** Resources of `type` a value refers to. */
  refsOfType(stack: string, value: unknown, type: string): TfResource[] {
    return this.refs(stack, value)
      .map((id) => this.byId.get(id))
      .filter((r): r is TfResource => r !== undefined && r.type === type);
  }

  /** Literals a value resolves to. */
  literals(stack: string, value: unknown): string[] {
    return this.resolve(stack, value).flatMap((r) => ("literal" in r ? [r.literal] : []));
  }

  /** The first literal a value resolves to. */
  literal(stack: string, value: unknown): string | undefined {
    return this.literals(stack, value)[0];
  }

  /** The provider region of a stack (its default, un-aliased `aws` provider). */
  region(stack: string): string | undefined {
    const providers = this.stacks[stack]?.provider?.aws ?? [];
    const main = providers.find((p) => p.alias === undefined) ?? providers[0];
    return typeof main?.region === "string" ? main.region : undefined;
  }

  /**
   * The region a resource is created in: the region of the `aws` provider its
   * `provider` names (`aws.dr`), else of its stack's default provider.
   */
  regionOf(resource: TfResource): string | undefined {
    const providers = this.stacks[resource.stack]?.provider?.aws ?? [];
    const alias = typeof resource.attrs.provider === "string" ? resource.attrs.provider.replace(/^aws\./, "") : undefined;
    const provider = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
    return typeof provider?.region === "string" ? provider.region : undefined;
  }

  /** Names of the outputs of `stack` whose value refers to resource `id` (any attribute). */
  outputsReferring(stack: string, id: string): string[] {
    const outputs = this.stacks[stack]?.output ?? {};
    return Object.keys(outputs)
      .sort(byCode)
      .filter((name) => this.refs(stack, outputs[name].value).includes(id));
  }

  /**
   * Every resource (not data source) a value written in `stack` mentions: in
   * any string inside it (a policy document, a function call), at any depth,
   * remote-state outputs followed to the producing stack; `element(list, 0)`
   * mentions the whole list.
   */
  mentions(stack: string, value: unknown, depth = 0): readonly TfResource[] {
    if (typeof value === "string") return this.mentionsInString(stack, value, depth);
    if (Array.isArray(value)) return unique(value.flatMap((v) => this.mentions(stack, v, depth)));
    if (isObject(value)) return unique(Object.values(value).flatMap((v) => this.mentions(stack, v, depth)));
    return [];
  }

  /** The resources `resource.attrs[attribute]` mentions. */
  refsOf(resource: TfResource, attribute: string): readonly TfResource[] {
    return this.mentions(resource.stack, resource.attrs[attribute]);
  }

  /** The first resource of `type` that `resource.attrs[attribute]` mentions. */
  refOf(resource: TfResource, attribute: string, type: string): TfResource | undefined {
    return this.refsOf(resource, attribute).find((r) => r.type === type);
  }

  /**
   * Resources of `type` (in any stack of the environment) that mention `target`
   * in a top-level attribute other than `depends_on`, `lifecycle`, `provider`
   * and tags, optionally only through one of `attributes`.
   */
  referrers(target: TfResource, type: string, attributes?: readonly string[]): TfResource[] {
    const found = this.referrerIndexFor(type).get(target.id) ?? [];
    const matching = attributes ? found.filter((r) => attributes.includes(r.attribute)) : found;
    return unique(matching.map((r) => r.resource));
  }

  /** Like {@link referrers}, with the attribute each mention comes through. */
  referrersWithAttribute(target: TfResource, type: string): readonly Referrer[] {
    return this.referrerIndexFor(type).get(target.id) ?? [];
  }

  /**
   * The stack a remote-state data source `source` of `stack` reads: the stack
   * whose backend has the data source's `config.key` (and its `config.bucket`,
   * when both name one). Without such a stack:
   *
   * - `guess` (what the tools and rules read): by the key's form
   *   `<env>/<kind>.tfstate` (src/contract/state-location.ts), `<env>-<kind>`
   *   (a DR stack reading the primary's `network` finds `<env>-network`, never
   *   `<env>-dr-network`); without a key, the data source's name is the kind
   *   (a stack of that name or kind, else the shortest name ending in `-<kind>`);
   * - `strict` (the deployment order, which a wrong guess would break): only
   *   the one other stack named `*-<kind>` (`dr_network`: `*-dr-network`);
   *   two candidates or none: undefined.
   */
  upstreamStack(stack: string, source: string, fallback: "guess" | "strict" = "guess"): string | undefined {
    const config = block(this.stacks[stack]?.data?.terraform_remote_state?.[source]?.config);
    const key = typeof config?.key === "string" ? config.key : "";
    const bucket = literal(config?.bucket);
    const byBackend = (this.backendsByKey.get(key) ?? []).filter((b) => bucket === undefined || b.bucket === undefined || b.bucket === bucket).pop();
    if (byBackend !== undefined) return byBackend.stack;
    if (fallback === "strict") {
      const candidates = this.list.filter((s) => s.name !== stack && s.name.endsWith(`-${source.replace(/_/g, "-")}`));
      return candidates.length === 1 ? candidates[0].name : undefined;
    }
    const m = /^(?:(.*)\/)?([^/]+)\.tfstate$/.exec(key);
    const names = this.list.map((s) => s.name);
    const named = (kind: string) =>
      names.includes(kind) ? kind : (this.list.find((s) => s.kind === kind)?.name ?? names.filter((n) => n.endsWith(`-${kind}`)).sort((a, b) => a.length - b.length || byCode(a, b))[0]);
    if (!m) return named(source);
    // A key that names no synthesized stack reads state we do not have: no fallback to the data source's name.
    const exact = m[1] ? names.find((n) => n === `${m[1].split("/").pop()}-${m[2]}`) : undefined;
    return exact ?? named(m[2]);
  }

  private expression(stack: string, expr: string, depth: number): Resolved[] | undefined {
    const remote = REMOTE_OUTPUT.exec(expr);
    if (remote) return this.remoteOutput(stack, remote[1], remote[2], depth);
    const res = WHOLE_RESOURCE_REF.exec(expr);
    if (res && this.byId.has(`${stack}/${res[1]}.${res[2]}`)) return [{ ref: `${stack}/${res[1]}.${res[2]}` }];
    if (expr === "local") return [{ literal: "local" }];
    // element(list, i) and list[i]: one element (element() wraps around).
    const element = /^element\(([\s\S]+),\s*(\d+)\s*\)$/.exec(expr) ?? /^([\s\S]+)\[(\d+)\]$/.exec(expr);
    if (element) {
      const list = this.expression(stack, element[1].trim(), depth);
      if (list && list.length > 0) return [list[Number(element[2]) % list.length]];
      return list;
    }
    const wrapped = /^(?:tolist|toset|flatten|concat|compact|distinct)\(([\s\S]+)\)$/.exec(expr);
    if (wrapped && !wrapped[1].includes(",")) return this.expression(stack, wrapped[1].trim(), depth);
    return undefined;
  }

  private scan(stack: string, text: string, depth: number): Resolved[] {
    const out: Resolved[] = [];
    for (const m of text.matchAll(SCAN)) {
      if (m[1] !== undefined) out.push(...this.remoteOutput(stack, m[1], m[2], depth));
      else if (this.byId.has(`${stack}/${m[3]}.${m[4]}`)) out.push({ ref: `${stack}/${m[3]}.${m[4]}` });
    }
    return out;
  }

  /** Output `output` of the stack that `data.terraform_remote_state.<source>` in `stack` reads, resolved there. */
  private remoteOutput(stack: string, source: string, output: string, depth: number): Resolved[] {
    const upstream = this.upstreamStack(stack, source);
    if (upstream === undefined) {
      this.notes.add(`${stack}: data.terraform_remote_state.${source} reads no stack that was synthesized; its outputs are unknown`);
      return [];
    }
    const out = this.stacks[upstream].output?.[output];
    if (!out) {
      this.notes.add(`${stack}: output ${output} of ${upstream} does not exist`);
      return [];
    }
    return this.resolve(upstream, out.value, depth + 1);
  }

  private mentionsInString(stack: string, text: string, depth: number): readonly TfResource[] {
    if (!text.includes(".")) return [];
    const cacheKey = `${stack}\u0000${depth}\u0000${text}`;
    const cached = this.mentionCache.get(cacheKey);
    if (cached) return cached;
    const found: TfResource[] = [];
    for (const m of text.matchAll(RESOURCE_REF)) {
      const r = this.byId.get(`${stack}/${m[1]}.${m[2]}`);
      if (r) found.push(r);
    }
    if (depth < MAX_MENTION_DEPTH) {
      for (const m of text.matchAll(REMOTE_STATE_REF)) {
        const producer = this.upstreamStack(stack, m[1]);
        const output = producer === undefined ? undefined : this.stacks[producer].output?.[m[2]];
        if (producer !== undefined && output) found.push(...this.mentions(producer, output.value, depth + 1));
      }
    }
    const result = unique(found);
    this.mentionCache.set(cacheKey, result);
    return result;
  }

  private referrerIndexFor(type: string): Map<string, Referrer[]> {
    let index = this.referrerIndex.get(type);
    if (index) return index;
    index = new Map();
    for (const resource of this.ofType(type)) {
      for (const [attribute, value] of Object.entries(resource.attrs)) {
        if (NOT_REFERENCES.has(attribute)) continue;
        for (const target of this.mentions(resource.stack, value)) {
          const list = index.get(target.id);
          const entry = { resource, attribute };
          if (list) list.push(entry);
          else index.set(target.id, [entry]);
        }
      }
    }
    this.referrerIndex.set(type, index);
    return index;
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
