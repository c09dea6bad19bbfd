/**
 * Look-ups across an environment's synthesized stacks that the pricers need,
 * over the one resource view (src/synthesized/terraform-index.ts): a
 * resource's region (through its provider alias, refused when unknown), the
 * resource a reference names (`${aws_launch_template.x.id}`), buckets by name,
 * the AZs of a region.
 */
import { CostError } from "./errors";
import { isDrStack, TerraformIndex, TfResource } from "../../synthesized/terraform-index";

export { isDrStack };

/** The region `resource` is created in (its `provider` alias, else the stack's default provider). */
export function regionOf(index: TerraformIndex, resource: TfResource): string {
  const region = index.regionOf(resource);
  if (region === undefined) {
    const alias = typeof resource.attrs.provider === "string" ? resource.attrs.provider.replace(/^aws\./, "") : undefined;
    const providers = index.stacks[resource.stack]?.provider?.aws ?? [];
    const provider = alias ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
    throw new CostError(`${resource.stack} provider${alias ? ` ${alias}` : ""}`, provider?.region, "the stack declares no AWS provider region for this resource");
  }
  return region;
}

/** The first resource a value written in `stack` refers to (`${aws_db_instance.primary.identifier}`), or undefined. */
export function referenced(index: TerraformIndex, stack: string, ref: unknown): TfResource | undefined {
  if (typeof ref !== "string") return undefined;
  const id = index.refs(stack, ref)[0];
  return id === undefined ? undefined : index.get(id);
}

/** The bucket a replication destination (`${aws_s3_bucket.x.arn}` or `arn:aws:s3:::name`) names. */
export function bucketOf(index: TerraformIndex, stack: string, ref: unknown): TfResource | undefined {
  const local = referenced(index, stack, ref);
  if (local) return local;
  if (typeof ref !== "string" || !ref.startsWith("arn:aws:s3:::")) return undefined;
  const name = ref.slice("arn:aws:s3:::".length);
  return index.ofType("aws_s3_bucket").find((b) => b.attrs.bucket === name);
}

/** Distinct availability zones of the subnets in `region`. */
export function azCount(index: TerraformIndex, region: string): number {
  const azs = new Set<string>();
  for (const s of index.ofType("aws_subnet")) {
    if (regionOf(index, s) === region && typeof s.attrs.availability_zone === "string") azs.add(s.attrs.availability_zone);
  }
  return azs.size;
}
