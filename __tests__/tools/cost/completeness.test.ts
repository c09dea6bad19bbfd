/**
 * Every billable resource type, and every size (instance types, instance
 * classes, node types), that any registered environment synthesizes has a
 * price in the tables of the region it is created in; every other type is on
 * the explicit free list. A new resource cannot go unpriced silently.
 */
import { classifyType, estimateStacks } from "../../../src/tools/cost/estimate";
import { regionOf } from "../../../src/tools/cost/index-of-stacks";
import { TerraformIndex } from "../../../src/synthesized/terraform-index";
import { TerraformJson } from "../../../src/synthesized/terraform-json";
import { FREE_TYPES, PRICERS } from "../../../src/tools/cost/pricers";
import { PRICE_TABLES, priceOf } from "../../../src/tools/cost/prices";
import { validateDefinition } from "../../../src/config/validate";
import { DEFINITIONS } from "../../../src/environments";
import { synthesizeStacks } from "../../../src/tools/reach/load";

const synthesized: Record<string, Record<string, TerraformJson>> = {};

beforeAll(() => {
  for (const d of DEFINITIONS) synthesized[d.name] = synthesizeStacks(d.name, DEFINITIONS) as unknown as Record<string, TerraformJson>;
});

/** Sizes per price-key family, read from the synthesized JSON (not from the pricers). */
function sizes(index: TerraformIndex): { region: string; key: string; where: string }[] {
  const out: { region: string; key: string; where: string }[] = [];
  for (const r of index.resources()) {
    const region = regionOf(index, r);
    const where = `${r.stack} ${r.type}.${r.name}`;
    const v = r.attrs;
    if (r.type === "aws_launch_template" || (r.type === "aws_instance" && v.instance_type)) out.push({ region, key: `ec2:${String(v.instance_type)}`, where });
    if (r.type === "aws_db_instance") out.push({ region, key: `rds-${String(v.engine)}:${String(v.instance_class)}`, where });
    if (r.type === "aws_rds_cluster_instance") out.push({ region, key: `aurora-mysql:${String(v.instance_class)}`, where });
    if (r.type === "aws_elasticache_replication_group") out.push({ region, key: `elasticache-${String(v.engine)}:${String(v.node_type)}`, where });
  }
  return out;
}

describe("price completeness", () => {
  it("every registered environment is synthesized", () => {
    expect(Object.keys(synthesized).sort()).toEqual(DEFINITIONS.map((d) => d.name).sort());
  });

  it.each(DEFINITIONS.map((d) => d.name))("%s: every resource type is priced or explicitly free", (name) => {
    const types = [...new Set(new TerraformIndex(synthesized[name]).resources().map((r) => r.type))];
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((t) => classifyType(t) === "unknown")).toEqual([]);
    expect(types.filter((t) => classifyType(t) === "billable").length).toBeGreaterThan(5);
  });

  it.each(DEFINITIONS.map((d) => d.name))("%s: every instance type, instance class and node type has a price in its region", (name) => {
    const found = sizes(new TerraformIndex(synthesized[name]));
    expect(found.length).toBeGreaterThan(2);
    for (const s of found) expect(() => priceOf(s.region, s.key, s.where)).not.toThrow();
  });

  it.each(DEFINITIONS.map((d) => d.name))("%s: the whole estimate prices every resource (no refusal) and is positive per stack with resources", (name) => {
    const e = estimateStacks(name, synthesized[name], validateDefinition(DEFINITIONS.find((d) => d.name === name)!).usage);
    expect(e.stacks.length).toBeGreaterThan(3);
    for (const s of e.stacks) expect(s.monthlyUsd).toBeGreaterThan(0);
    for (const l of e.stacks.flatMap((s) => s.lines)) {
      expect(Number.isFinite(l.monthlyUsd)).toBe(true);
      if (l.basis === "assumed") expect(l.assumptions?.every((a) => a.startsWith("usage."))).toBe(true);
      else expect(l.assumptions).toBeUndefined();
    }
  });

  it("R1.5 media-commerce's DR stacks are priced in ap-northeast-1 and CloudFront's web ACL in us-east-1", () => {
    const e = estimateStacks("media-commerce", synthesized["media-commerce"], validateDefinition(DEFINITIONS.find((d) => d.name === "media-commerce")!).usage);
    const lines = e.stacks.flatMap((s) => s.lines);
    const dr = lines.filter((l) => /-dr-(network|compute)$/.test(l.stack));
    expect(dr.length).toBeGreaterThan(5);
    expect(new Set(dr.map((l) => l.region))).toEqual(new Set(["ap-northeast-1"]));
    expect(lines.find((l) => l.address === "aws_wafv2_web_acl.waf" && l.priceKey === "waf:web-acl-month")!.region).toBe("us-east-1");
  });

  it("no type is both priced and free", () => {
    expect(Object.keys(PRICERS).filter((t) => t in FREE_TYPES)).toEqual([]);
  });

  it("every price names a positive-or-zero USD figure, its unit, its AWS pricing page and its date, and says whether it was read online", () => {
    const all = Object.values(PRICE_TABLES).flatMap((t) => Object.entries(t.prices).map(([key, p]) => ({ region: t.region, key, ...p })));
    expect(all.length).toBeGreaterThan(100);
    for (const p of all) {
      expect(Number.isFinite(p.usd) && p.usd >= 0).toBe(true);
      expect(p.unit.length).toBeGreaterThan(0);
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+(\/[a-z0-9-]+)*\/(#[A-Za-z_]+)?$/);
      expect(p.asOf).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(typeof p.readOnline).toBe("boolean");
    }
  });
});
