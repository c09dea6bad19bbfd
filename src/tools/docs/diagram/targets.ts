/** Following a value to the nodes it points at, by reference or by what a literal names. */
import { blocks, TfResource } from "../../../synthesized/terraform-index";
import type { Canvas } from "./canvas";

/**
 * Nodes a value points at: by reference, or, for values written as literals
 * (known in advance, often in another region's stack), by what they name —
 * an S3 bucket ARN or domain name, a backup vault ARN, or a DNS name whose
 * alias records lead on.
 */
export function targetNodes(c: Canvas, r: TfResource, value: unknown, depth = 0): string[] {
  const byRef = c.ix.refs(r.stack, value).map((id) => c.nodeOf.get(id));
  const byLiteral = c.ix.literals(r.stack, value).flatMap((lit) => literalTargets(c, lit, depth));
  return [...new Set([...byRef, ...byLiteral].filter((n): n is string => !!n))];
}

function literalTargets(c: Canvas, lit: string, depth: number): (string | undefined)[] {
  const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(lit)?.[1] ?? /^([a-z0-9][a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(lit)?.[1];
  if (bucket) return c.ix.ofType("aws_s3_bucket").filter((b) => c.lit(b, b.attrs.bucket) === bucket).map((b) => c.nodeOf.get(b.id));
  const vault = /^arn:aws[a-z-]*:backup:([^:]+):\d*:backup-vault:(.+)$/.exec(lit);
  if (vault) {
    return c.ix
      .ofType("aws_backup_vault")
      .filter((v) => c.lit(v, v.attrs.name) === vault[2] && (c.ix.region(v.stack) ?? vault[1]) === vault[1])
      .map((v) => c.nodeOf.get(v.id));
  }
  if (depth > 2 || !/^[a-z0-9.-]+\.[a-z]{2,}\.?$/i.test(lit)) return [];
  const name = lit.replace(/\.$/, "");
  return c.ix
    .ofType("aws_route53_record")
    .filter((rec) => (c.lit(rec, rec.attrs.name) ?? "").replace(/\.$/, "") === name)
    .flatMap((rec) => {
      const alias = blocks(rec.attrs.alias)[0];
      return alias ? targetNodes(c, rec, alias.name, depth + 1) : [];
    });
}
