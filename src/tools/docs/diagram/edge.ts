/**
 * The edge builder (the global group): Route 53 zones with their alias
 * records, CloudFront distributions with their origins, and WAF web ACLs
 * with what they protect.
 */
import { blocks, byCode } from "../../../synthesized/terraform-index";
import type { Canvas } from "./canvas";
import { targetNodes } from "./targets";

/** Draw DNS, CDN and WAF; runs after the other resource builders (aliases and origins point at their nodes). */
export function drawEdge(c: Canvas): void {
  const zones = c.ix.ofType("aws_route53_zone");
  for (const z of zones) c.addNode(z, c.resourceKey(z), ["Route 53 zone", c.lit(z, z.attrs.name) ?? z.name], "box", "edge", c.edgeGroup());
  drawDistributions(c);
  drawWebAcls(c);
  drawAliasRecords(c);
}

/** CloudFront distributions: the Internet reaches them, they reach their origins. */
function drawDistributions(c: Canvas): void {
  for (const cdn of c.ix.ofType("aws_cloudfront_distribution")) {
    const aliases = c.ix.literals(cdn.stack, cdn.attrs.aliases).sort(byCode);
    const id = c.addNode(cdn, c.resourceKey(cdn), ["CloudFront", aliases.join(", ")], "stadium", "edge", c.edgeGroup());
    const viewer = blocks(cdn.attrs.default_cache_behavior).map((b) => c.lit(cdn, b.viewer_protocol_policy)).find(Boolean);
    c.edge(c.internet(), id, "flow", viewer ?? undefined);
    for (const origin of blocks(cdn.attrs.origin)) {
      for (const target of targetNodes(c, cdn, origin.domain_name)) c.edge(id, target, "flow", `origin ${c.lit(cdn, origin.origin_id) ?? ""}`.trim());
    }
  }
}

/** WAF web ACLs and what they protect (by association, or a distribution naming them). */
function drawWebAcls(c: Canvas): void {
  for (const acl of c.ix.ofType("aws_wafv2_web_acl")) {
    const id = c.addNode(acl, c.resourceKey(acl), ["WAF web ACL", c.lit(acl, acl.attrs.name) ?? acl.name, c.lit(acl, acl.attrs.scope) ?? ""], "hexagon", "edge", c.edgeGroup());
    for (const a of c.ix.ofType("aws_wafv2_web_acl_association").filter((a) => c.ix.refs(a.stack, a.attrs.web_acl_arn).includes(acl.id))) {
      for (const target of targetNodes(c, a, a.attrs.resource_arn)) c.edge(id, target, "security", "protects");
    }
    for (const cdn of c.ix.ofType("aws_cloudfront_distribution").filter((d) => c.ix.refs(d.stack, d.attrs.web_acl_id).includes(acl.id))) {
      c.edge(id, c.nodeOf.get(cdn.id), "security", "protects");
    }
  }
}

/** Alias records, aggregated per zone and target. */
function drawAliasRecords(c: Canvas): void {
  const aliases = new Map<string, { zone: string; target: string; types: Set<string>; names: Set<string> }>();
  for (const rec of c.ix.ofType("aws_route53_record")) {
    const alias = blocks(rec.attrs.alias)[0];
    if (!alias) continue;
    const zone = c.ix.refsOfType(rec.stack, rec.attrs.zone_id, "aws_route53_zone")[0];
    const zoneNode = zone ? c.nodeOf.get(zone.id) : undefined;
    const failover = blocks(rec.attrs.failover_routing_policy).map((f) => c.lit(rec, f.type))[0];
    for (const target of targetNodes(c, rec, alias.name)) {
      if (!zoneNode) continue;
      const key = `${zoneNode}|${target}`;
      const entry = aliases.get(key) ?? { zone: zoneNode, target, types: new Set<string>(), names: new Set<string>() };
      entry.types.add(c.lit(rec, rec.attrs.type) ?? "?");
      entry.names.add(`${c.lit(rec, rec.attrs.name) ?? rec.name}${failover ? ` (failover ${failover})` : ""}`);
      aliases.set(key, entry);
    }
  }
  for (const a of [...aliases.values()]) {
    c.edge(a.zone, a.target, "flow", `alias ${[...a.types].sort(byCode).join("+")} ${[...a.names].sort(byCode).join(", ")}`);
  }
}
