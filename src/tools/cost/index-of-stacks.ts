/**
 * Look-ups across an environment's synthesized stacks that the pricers need:
 * a resource's region (through its provider alias), references between
 * resources (`${aws_launch_template.x.id}`), buckets by name, the AZs of a
 * region, counts of a type.
 */
import { CostError } from "./errors";
import { Body, str, TerraformJson } from "../../synthesized/terraform-json";

/** A resource of a stack. */
export interface Located {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly resource: Body;
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/;

/** Whether a stack belongs to the DR region (`<env>-dr-network`, ...). */
export const isDrStack = (stack: string): boolean => /-dr-[a-z]+$/.test(stack);

/** The stacks of one environment, indexed. */
export class StackIndex {
  private cached?: Located[];
  private readonly byType = new Map<string, Located[]>();

  constructor(readonly stacks: Readonly<Record<string, TerraformJson>>) {}

  /** Every resource of every stack, stacks and types in name order. */
  all(): Located[] {
    if (this.cached) return this.cached;
    const out: Located[] = [];
    for (const stack of Object.keys(this.stacks).sort()) {
      const resources = this.stacks[stack].resource ?? {};
      for (const type of Object.keys(resources).sort()) {
        for (const name of Object.keys(resources[type]).sort()) out.push({ stack, type, name, resource: resources[type][name] });
      }
    }
    this.cached = out;
    return out;
  }

  /** Resources of `type` (in every stack). */
  ofType(type: string): Located[] {
    let found = this.byType.get(type);
    if (!found) {
      found = this.all().filter((r) => r.type === type);
      this.byType.set(type, found);
    }
    return found;
  }

  /** The region a resource of `stack` is created in (its `provider` alias, else the stack's default provider). */
  regionOf(stack: string, resource: Body): string {
    const providers = this.stacks[stack]?.provider?.aws ?? [];
    const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\./, "") : undefined;
    const provider = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
    const region = str(provider?.region);
    if (!region) {
      throw new CostError(`${stack} provider${alias ? ` ${alias}` : ""}`, provider?.region, "the stack declares no AWS provider region for this resource");
    }
    return region;
  }

  /** The resource a `${type.name.attr}` reference in `stack` points at, or undefined for anything else. */
  resolve(stack: string, ref: unknown): Located | undefined {
    if (typeof ref !== "string") return undefined;
    const m = REF.exec(ref);
    if (!m) return undefined;
    const resource = this.stacks[stack]?.resource?.[m[1]]?.[m[2]];
    return resource ? { stack, type: m[1], name: m[2], resource } : undefined;
  }

  /** The bucket a replication destination (`${aws_s3_bucket.x.arn}` or `arn:aws:s3:::name`) names. */
  bucket(stack: string, ref: unknown): Located | undefined {
    const local = this.resolve(stack, ref);
    if (local) return local;
    if (typeof ref !== "string" || !ref.startsWith("arn:aws:s3:::")) return undefined;
    const name = ref.slice("arn:aws:s3:::".length);
    return this.ofType("aws_s3_bucket").find((b) => b.resource.bucket === name);
  }

  /** Distinct availability zones of the subnets in `region`. */
  azCount(region: string): number {
    const azs = new Set<string>();
    for (const s of this.ofType("aws_subnet")) {
      if (this.regionOf(s.stack, s.resource) === region && typeof s.resource.availability_zone === "string") azs.add(s.resource.availability_zone);
    }
    return azs.size;
  }
}
