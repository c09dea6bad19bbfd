/**
 * The network builder: per VPC (primary and `dr-` stacks alike) its
 * availability zones, the subnets of every tier with their CIDRs, internet
 * gateway, NAT gateways and NAT instances (with their Elastic IPs), VPN
 * gateways with the datacenters behind them, and each subnet's routes.
 */
import { blocks, byCode, tagsOf, TfResource } from "../../../synthesized/terraform-index";
import { natElasticIp, Route, routesByTable, subnetRouteTables } from "../network-facts";
import type { Canvas } from "./canvas";

const TIER_RANK = ["public", "web", "app", "was", "db", "data"];

/** The group of a VPC (by resource id), or the stack's region group when the VPC is unknown. */
type VpcGroupOf = (vpcId: string | undefined, stack: string) => string;

/** Draw the network of every stack. Runs first: every later builder places its nodes in the subnets drawn here. */
export function drawNetwork(c: Canvas): void {
  // Route tables first: which subnets route 0.0.0.0/0 to an internet gateway (public).
  const tableOf = subnetRouteTables(c.ix);
  const routes = routesByTable(c.ix);
  const vpcGroupOf = drawVpcs(c);
  drawSubnets(c, vpcGroupOf, tableOf, routes);
  drawGateways(c, vpcGroupOf);
  drawNatInstances(c, routes);
  drawVpnGateways(c, vpcGroupOf);
  drawSubnetRoutes(c, tableOf, routes);
}

/** One group per VPC, labelled with its CIDRs (secondary blocks too). */
function drawVpcs(c: Canvas): VpcGroupOf {
  const vpcGroups = new Map<string, string>();
  for (const vpc of c.ix.ofType("aws_vpc")) {
    const cidrs = [c.lit(vpc, vpc.attrs.cidr_block), ...c.ix.ofType("aws_vpc_ipv4_cidr_block_association").filter((a) => c.ix.refs(a.stack, a.attrs.vpc_id).includes(vpc.id)).map((a) => c.lit(a, a.attrs.cidr_block))].filter(
      (cidr): cidr is string => !!cidr,
    );
    c.vpcCidrs.push(...cidrs);
    vpcGroups.set(vpc.id, c.group(c.freshId("g", c.resourceKey(vpc)), `VPC ${c.name(vpc)} ${cidrs.join(", ")}`.trim(), c.regionGroup(vpc.stack)));
  }
  return (vpcId, stack) => (vpcId ? vpcGroups.get(vpcId) : undefined) ?? c.regionGroup(stack);
}

/** Subnets by AZ, then tier, then CIDR, each in its AZ group; public when its table routes to an internet gateway. */
function drawSubnets(c: Canvas, vpcGroupOf: VpcGroupOf, tableOf: Map<string, string>, routes: Map<string, Route[]>): void {
  const subnets = c.ix.ofType("aws_subnet").map((s) => {
    const tier = tagsOf(s.attrs).Tier;
    const rank = tier && TIER_RANK.includes(tier) ? TIER_RANK.indexOf(tier) : TIER_RANK.length;
    return { s, tier, rank, az: c.lit(s, s.attrs.availability_zone) ?? "AZ unknown", cidr: c.lit(s, s.attrs.cidr_block) ?? "" };
  });
  subnets.sort((a, b) => byCode(a.az, b.az) || a.rank - b.rank || byCode(a.cidr, b.cidr) || byCode(a.s.id, b.s.id));
  for (const { s, tier, az, cidr } of subnets) {
    const vpcId = c.ix.refsOfType(s.stack, s.attrs.vpc_id, "aws_vpc")[0]?.id;
    const vpcGroup = vpcGroupOf(vpcId, s.stack);
    const azGroup = c.group(`${vpcGroup}_az_${az.replace(/[^A-Za-z0-9]+/g, "_")}`, az, vpcGroup);
    const table = tableOf.get(s.id);
    const publicRoute = (routes.get(table ?? "") ?? []).some((r) => r.target.type === "aws_internet_gateway");
    c.subnets.set(s.id, { az, azGroup, vpcGroup, publicRoute, ...(vpcId ? { vpc: vpcId } : {}) });
    c.addNode(s, c.resourceKey(s), [`${tier ?? c.name(s)} subnet`, cidr], "box", publicRoute ? "public" : "private", azGroup);
  }
}

/** Internet gateways (linked to the Internet) and NAT gateways (a public one flows to its VPC's internet gateway). */
function drawGateways(c: Canvas, vpcGroupOf: VpcGroupOf): void {
  for (const igw of c.ix.ofType("aws_internet_gateway")) {
    const vpc = c.ix.refsOfType(igw.stack, igw.attrs.vpc_id, "aws_vpc")[0]?.id;
    const id = c.addNode(igw, c.resourceKey(igw), ["Internet gateway"], "hexagon", "network", vpcGroupOf(vpc, igw.stack));
    c.edge(c.internet(), id, "link");
  }

  for (const nat of c.ix.ofType("aws_nat_gateway")) {
    const subnets = c.subnetRefs(nat, nat.attrs.subnet_id);
    const eip = natElasticIp(c.ix, nat);
    const publicNat = (c.lit(nat, nat.attrs.connectivity_type) ?? "public") === "public";
    const id = c.addNode(nat, c.resourceKey(nat), [publicNat ? "NAT gateway" : "private NAT gateway", c.name(nat), eip ? `EIP ${eip.address}` : ""], "hexagon", "network", c.placement(subnets, nat.stack));
    if (publicNat) for (const igw of igwsOf(c, subnets)) c.edge(id, c.nodeOf.get(igw), "flow");
  }
}

/** NAT instances: interfaces that private routes point at, drawn with the Auto Scaling group that attaches them. */
function drawNatInstances(c: Canvas, routes: Map<string, Route[]>): void {
  const eniTargets = new Set([...routes.values()].flat().filter((r) => r.target.type === "aws_network_interface").map((r) => r.target.id));
  for (const eniId of [...eniTargets].sort(byCode)) {
    const eni = c.ix.get(eniId)!;
    const subnets = c.subnetRefs(eni, eni.attrs.subnet_id);
    const eip = natElasticIp(c.ix, eni);
    const asg = natAutoScalingGroup(c, eni);
    if (asg) c.consumed.add(asg.id);
    const size = asg ? `ASG ${c.lit(asg, asg.attrs.name) ?? asg.name}: ${c.lit(asg, asg.attrs.min_size) ?? "?"}..${c.lit(asg, asg.attrs.max_size) ?? "?"}` : "";
    const id = c.addNode(eni, c.resourceKey(eni), ["NAT instance", c.name(eni), size, eip ? `EIP ${eip.address}` : ""], "hexagon", "network", c.placement(subnets, eni.stack));
    if (asg) c.nodeOf.set(asg.id, id);
    for (const igw of igwsOf(c, subnets)) c.edge(id, c.nodeOf.get(igw), "flow");
  }
}

/** VPN gateways and the datacenters behind them (with the CIDRs routed to them). */
function drawVpnGateways(c: Canvas, vpcGroupOf: VpcGroupOf): void {
  for (const vgw of c.ix.ofType("aws_vpn_gateway")) {
    const attachment = c.ix.ofType("aws_vpn_gateway_attachment").find((a) => c.ix.refs(a.stack, a.attrs.vpn_gateway_id).includes(vgw.id));
    const vpc = c.ix.refsOfType(vgw.stack, vgw.attrs.vpc_id ?? attachment?.attrs.vpc_id, "aws_vpc")[0]?.id;
    const id = c.addNode(vgw, c.resourceKey(vgw), ["VPN gateway", c.name(vgw)], "hexagon", "network", vpcGroupOf(vpc, vgw.stack));
    for (const vpn of c.ix.ofType("aws_vpn_connection").filter((v) => c.ix.refs(v.stack, v.attrs.vpn_gateway_id).includes(vgw.id))) {
      const cgw = c.ix.refsOfType(vpn.stack, vpn.attrs.customer_gateway_id, "aws_customer_gateway")[0];
      const cidrs = c.ix
        .ofType("aws_vpn_connection_route")
        .filter((r) => c.ix.refs(r.stack, r.attrs.vpn_connection_id).includes(vpn.id))
        .map((r) => c.lit(r, r.attrs.destination_cidr_block))
        .filter((cidr): cidr is string => !!cidr)
        .sort(byCode);
      const dc = c.addNode(cgw ?? vpn, `datacenter_${cgw ? c.resourceKey(cgw) : c.resourceKey(vpn)}`, ["Datacenter", cidrs.join(", "), cgw ? `customer gateway ${c.lit(cgw, cgw.attrs.ip_address) ?? ""}` : ""], "circle", "external");
      c.datacenterCidrs.set(dc, cidrs);
      c.edge(id, dc, "link", `site-to-site VPN ${c.lit(vpn, vpn.attrs.type) ?? ""}`.trim());
    }
  }
}

/** Routes of every subnet's table, to the targets drawn above. */
function drawSubnetRoutes(c: Canvas, tableOf: Map<string, string>, routes: Map<string, Route[]>): void {
  for (const subnetId of c.subnets.keys()) {
    const table = tableOf.get(subnetId);
    const byTarget = new Map<string, string[]>();
    for (const r of routes.get(table ?? "") ?? []) {
      const target = c.nodeOf.get(r.target.id);
      if (!target) continue;
      byTarget.set(target, [...(byTarget.get(target) ?? []), r.destination]);
    }
    for (const [target, destinations] of byTarget) {
      const label = destinations.filter((d) => d !== "0.0.0.0/0").sort(byCode).join(", ");
      c.edge(c.nodeOf.get(subnetId), target, "flow", label || undefined);
    }
  }
}

/** The internet gateways of the VPCs of `subnets`. */
function igwsOf(c: Canvas, subnets: readonly string[]): string[] {
  const vpcs = new Set(subnets.map((s) => c.subnets.get(s)?.vpc).filter(Boolean));
  return c.ix
    .ofType("aws_internet_gateway")
    .filter((g) => c.ix.refs(g.stack, g.attrs.vpc_id).some((v) => vpcs.has(v)))
    .map((g) => g.id);
}

/** The Auto Scaling group whose instances attach this interface (launch template tag `NatInterface` = the interface's Name). */
function natAutoScalingGroup(c: Canvas, eni: TfResource): TfResource | undefined {
  const name = tagsOf(eni.attrs).Name;
  if (!name) return undefined;
  return c.ix.ofType("aws_autoscaling_group").find((asg) => {
    const lt = c.launchTemplate(asg);
    return !!lt && blocks(lt.attrs.tag_specifications).some((s) => (s.tags as Record<string, string> | undefined)?.NatInterface === name);
  });
}
