/**
 * Every resource of an environment's synthesized stacks, by id
 * (`<stack>/<address>`), with references resolved across stacks
 * (`${aws_subnet.vpc_web-a.id}`, and
 * `${data.terraform_remote_state.network.outputs.web_subnet_ids}` followed
 * back to the network stack's output and on to its resources), down to
 * resource ids and literals. The generated docs read every stack; the
 * reachability matrix passes only the primary region's stacks.
 */
import { REMOTE_OUTPUT, SCAN, WHOLE_EXPRESSION, WHOLE_RESOURCE_REF } from "./references";
import { Body, blocks, TerraformJson } from "./terraform-json";

export type { TerraformJson };
export { blocks };

/** Attributes of one resource as cdktf wrote them. */
export type Attrs = Body;

/** One resource (or data source) of one stack. */
export interface TfResource {
  /** `<stack>/<address>`: unique in the environment. */
  readonly id: string;
  readonly stack: string;
  /** `aws_subnet`, or `data.terraform_remote_state` for a data source. */
  readonly type: string;
  readonly name: string;
  /** The Terraform address inside its stack: `aws_subnet.vpc_web-a`, `data.terraform_remote_state.network`. */
  readonly address: string;
  readonly attrs: Attrs;
}

/** A resolved value: a resource id, or a literal. */
export type Resolved = { readonly ref: string } | { readonly literal: string };


/** Stacks of the disaster-recovery region: a `dr-` segment in the stack name (`media-commerce-dr-network`). */
export function isDrStack(stack: string): boolean {
  return /(^|-)dr-/.test(stack);
}

/** Sort strings by code unit order (locale-independent, so output is the same on every machine). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `tags` map of a resource (empty when absent or not a literal map). */
export function tagsOf(attrs: Attrs): Record<string, string> {
  const t = attrs.tags;
  return t && typeof t === "object" && !Array.isArray(t) ? (t as Record<string, string>) : {};
}


/** Every resource and data source of an environment's stacks, with reference resolution. */
export class TerraformIndex {
  private readonly byId = new Map<string, TfResource>();
  /** What resolution could not follow (unknown remote state, missing outputs, expressions read as every reference they contain). */
  readonly notes = new Set<string>();

  constructor(readonly stacks: Readonly<Record<string, TerraformJson>>) {
    for (const stack of Object.keys(stacks).sort(byCode)) {
      const json = stacks[stack];
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, attrs] of Object.entries(byName)) this.add(stack, type, name, `${type}.${name}`, attrs);
      }
      for (const [type, byName] of Object.entries(json.data ?? {})) {
        for (const [name, attrs] of Object.entries(byName)) this.add(stack, `data.${type}`, name, `data.${type}.${name}`, attrs);
      }
    }
  }

  private add(stack: string, type: string, name: string, address: string, attrs: Attrs): void {
    const id = `${stack}/${address}`;
    this.byId.set(id, { id, stack, type, name, address, attrs });
  }

  /** Stack names, sorted. */
  stackNames(): string[] {
    return Object.keys(this.stacks).sort(byCode);
  }

  /** Every resource and data source, sorted by id. */
  all(): TfResource[] {
    return [...this.byId.values()].sort((a, b) => byCode(a.id, b.id));
  }

  /** Resources of the given types, sorted by id. */
  ofType(...types: string[]): TfResource[] {
    return this.all().filter((r) => types.includes(r.type));
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
    if (value === undefined || value === null || depth > 8) return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.resolve(stack, v, depth, quiet));
    if (typeof value === "number" || typeof value === "boolean") return [{ literal: String(value) }];
    if (typeof value === "object") {
      // Nested blocks (launch_template { id }, subnet_mapping [...]); "//" is cdktf metadata.
      return Object.entries(value as Attrs)
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
    const providers = (this.stacks[stack]?.provider as Record<string, unknown[]> | undefined)?.aws ?? [];
    const main = (providers as Attrs[]).find((p) => p.alias === undefined) ?? (providers as Attrs[])[0];
    return typeof main?.region === "string" ? main.region : undefined;
  }

  /** Names of the outputs of `stack` whose value refers to resource `id` (any attribute). */
  outputsReferring(stack: string, id: string): string[] {
    const outputs = this.stacks[stack]?.output ?? {};
    return Object.keys(outputs)
      .sort(byCode)
      .filter((name) => this.refs(stack, outputs[name].value).includes(id));
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

  /**
   * The stack a remote-state data source reads. Its state key is
   * `<env>/<kind>.tfstate` (src/contract/state-location.ts), so the stack is
   * `<env>-<kind>`; a DR stack reading the primary's `network` finds
   * `<env>-network`, never `<env>-dr-network`. Without a key, the data
   * source's name is the kind.
   */
  upstreamStack(stack: string, source: string): string | undefined {
    const config = (this.stacks[stack]?.data?.terraform_remote_state?.[source]?.config ?? {}) as Attrs;
    const key = typeof config.key === "string" ? config.key : "";
    const m = /^(?:(.*)\/)?([^/]+)\.tfstate$/.exec(key);
    const names = Object.keys(this.stacks);
    const named = (kind: string) => (names.includes(kind) ? kind : names.filter((n) => n.endsWith(`-${kind}`)).sort((a, b) => a.length - b.length || byCode(a, b))[0]);
    if (!m) return named(source);
    // A key that names no synthesized stack reads state we do not have: no fallback to the data source's name.
    const exact = m[1] ? names.find((n) => n === `${m[1].split("/").pop()}-${m[2]}`) : undefined;
    return exact ?? named(m[2]);
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
