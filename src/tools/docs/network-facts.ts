/**
 * Facts about the synthesized network that both the diagram and the
 * environment document need: each subnet's route table, each table's routes
 * and their targets, and the egress Elastic IPs of the private subnets.
 */
import { blocks, byCode, tagsOf, TerraformIndex, TfResource } from "../../synthesized/terraform-index";

/** One route: destination CIDR (or `propagated` for VGW route propagation) and its target resource. */
export interface Route {
  readonly destination: string;
  readonly target: TfResource;
}

const TARGET_TYPES = ["aws_internet_gateway", "aws_nat_gateway", "aws_network_interface", "aws_vpn_gateway", "aws_ec2_transit_gateway", "aws_vpc_peering_connection"];
const TARGET_KEYS = ["gateway_id", "nat_gateway_id", "network_interface_id", "transit_gateway_id", "vpc_peering_connection_id"];

/** Route table id of every subnet: its explicit association, else its VPC's main table when that is managed. */
export function subnetRouteTables(ix: TerraformIndex): Map<string, string> {
  const out = new Map<string, string>();
  const main = new Map<string, string>();
  for (const a of ix.ofType("aws_main_route_table_association")) {
    const vpc = ix.refsOfType(a.stack, a.attrs.vpc_id, "aws_vpc")[0];
    const table = ix.refsOfType(a.stack, a.attrs.route_table_id, "aws_route_table")[0];
    if (vpc && table) main.set(vpc.id, table.id);
  }
  for (const s of ix.ofType("aws_subnet")) {
    const vpc = ix.refsOfType(s.stack, s.attrs.vpc_id, "aws_vpc")[0];
    if (vpc && main.has(vpc.id)) out.set(s.id, main.get(vpc.id)!);
  }
  for (const a of ix.ofType("aws_route_table_association")) {
    const subnet = ix.refsOfType(a.stack, a.attrs.subnet_id, "aws_subnet")[0];
    const table = ix.refsOfType(a.stack, a.attrs.route_table_id, "aws_route_table")[0];
    if (subnet && table) out.set(subnet.id, table.id);
  }
  return out;
}

/** Routes per route table id (inline routes, `aws_route`, VGW route propagation). */
export function routesByTable(ix: TerraformIndex): Map<string, Route[]> {
  const out = new Map<string, Route[]>();
  const add = (table: string, stack: string, destination: string | undefined, route: Record<string, unknown>) => {
    if (!destination) return;
    const target = TARGET_KEYS.flatMap((k) => ix.refs(stack, route[k]))
      .map((id) => ix.get(id))
      .find((r): r is TfResource => !!r && TARGET_TYPES.includes(r.type));
    if (target) out.set(table, [...(out.get(table) ?? []), { destination, target }]);
  };
  for (const t of ix.ofType("aws_route_table")) {
    for (const route of blocks(t.attrs.route)) add(t.id, t.stack, ix.literal(t.stack, route.cidr_block), route as Record<string, unknown>);
  }
  for (const r of ix.ofType("aws_route")) {
    const table = ix.refsOfType(r.stack, r.attrs.route_table_id, "aws_route_table")[0];
    if (table) add(table.id, r.stack, ix.literal(r.stack, r.attrs.destination_cidr_block), r.attrs as Record<string, unknown>);
  }
  for (const p of ix.ofType("aws_vpn_gateway_route_propagation")) {
    const table = ix.refsOfType(p.stack, p.attrs.route_table_id, "aws_route_table")[0];
    const vgw = ix.refsOfType(p.stack, p.attrs.vpn_gateway_id, "aws_vpn_gateway")[0];
    if (table && vgw) out.set(table.id, [...(out.get(table.id) ?? []), { destination: "propagated", target: vgw }]);
  }
  return out;
}

/** The Elastic IP a NAT device translates to: the NAT gateway's allocation, or the EIP on a NAT instance's interface. */
export function natElasticIp(ix: TerraformIndex, nat: TfResource): TfResource | undefined {
  if (nat.type === "aws_nat_gateway") return ix.refsOfType(nat.stack, nat.attrs.allocation_id, "aws_eip")[0];
  return ix.ofType("aws_eip").find((e) => ix.refs(e.stack, e.attrs.network_interface).includes(nat.id));
}

/** Egress of the private subnets behind one NAT device. */
export interface EgressPath {
  readonly az: string;
  /** The NAT gateway or NAT instance interface. */
  readonly nat: TfResource;
  readonly natKind: "NAT gateway" | "NAT instance";
  /** Its Elastic IP resource (absent for a private NAT gateway). */
  readonly eip?: TfResource;
  /** Subnets whose default route uses it: `web 172.31.11.0/24`. */
  readonly subnets: readonly string[];
  /** AZs of those subnets (more than its own with a single NAT gateway). */
  readonly servedAzs: readonly string[];
}

/** Private subnets whose route table sends some destinations to a VPN gateway (site-to-site VPN). */
export interface VpnRouting {
  /** Destinations routed to the VPN gateway (`192.168.0.0/16`, or `propagated`). */
  readonly destinations: readonly string[];
  /** The subnets using those routes: `web 10.10.4.0/22`. */
  readonly subnets: readonly string[];
}

/** An Elastic IP that is not a NAT's. */
export interface OtherElasticIp {
  readonly eip: TfResource;
  /** What it is attached to (`EC2 instance buddyverse-bastion`). */
  readonly attachedTo: string;
}

/** Egress IPs of an environment (primary and DR regions alike). */
export interface EgressFacts {
  /** One per NAT device with private subnets behind it, sorted by AZ. */
  readonly paths: readonly EgressPath[];
  /** Outputs (per stack) that publish the NAT Elastic IPs' addresses. */
  readonly outputs: readonly { readonly stack: string; readonly names: readonly string[] }[];
  readonly others: readonly OtherElasticIp[];
  /** Traffic to a datacenter over a site-to-site VPN (it keeps private source addresses); absent without one. */
  readonly vpn?: VpnRouting;
}

/** Which Elastic IP each private subnet leaves the VPC with, read from routes. */
export function egressFacts(ix: TerraformIndex): EgressFacts {
  const tables = subnetRouteTables(ix);
  const routes = routesByTable(ix);
  const byNat = new Map<string, { nat: TfResource; subnets: string[]; azs: Set<string> }>();
  const vpnDestinations = new Set<string>();
  const vpnSubnets: string[] = [];
  for (const s of ix.ofType("aws_subnet")) {
    const table = tables.get(s.id);
    const label = `${tagsOf(s.attrs).Tier ?? s.name} ${ix.literal(s.stack, s.attrs.cidr_block) ?? ""}`.trim();
    const toVpn = (routes.get(table ?? "") ?? []).filter((r) => r.target.type === "aws_vpn_gateway");
    if (toVpn.length > 0) {
      for (const r of toVpn) vpnDestinations.add(r.destination);
      vpnSubnets.push(label);
    }
    const route = (routes.get(table ?? "") ?? []).find((r) => r.destination === "0.0.0.0/0");
    if (!route || (route.target.type !== "aws_nat_gateway" && route.target.type !== "aws_network_interface")) continue;
    const entry = byNat.get(route.target.id) ?? { nat: route.target, subnets: [], azs: new Set<string>() };
    entry.subnets.push(label);
    entry.azs.add(ix.literal(s.stack, s.attrs.availability_zone) ?? "AZ unknown");
    byNat.set(route.target.id, entry);
  }
  const azOf = (nat: TfResource) => {
    const subnet = ix.refsOfType(nat.stack, nat.attrs.subnet_id, "aws_subnet")[0];
    return (subnet && ix.literal(subnet.stack, subnet.attrs.availability_zone)) ?? "AZ unknown";
  };
  const paths: EgressPath[] = [...byNat.values()]
    .map(({ nat, subnets, azs }) => {
      const eip = natElasticIp(ix, nat);
      return {
        az: azOf(nat),
        nat,
        natKind: nat.type === "aws_nat_gateway" ? ("NAT gateway" as const) : ("NAT instance" as const),
        ...(eip ? { eip } : {}),
        subnets: subnets.sort(byCode),
        servedAzs: [...azs].sort(byCode),
      };
    })
    .sort((a, b) => byCode(a.az, b.az) || byCode(a.nat.id, b.nat.id));
  const natEips = new Set(paths.flatMap((p) => (p.eip ? [p.eip.id] : [])));
  const outputs = new Map<string, Set<string>>();
  for (const p of paths) {
    if (!p.eip) continue;
    for (const name of ix.outputsReferring(p.eip.stack, p.eip.id)) {
      if (!outputs.has(p.eip.stack)) outputs.set(p.eip.stack, new Set());
      outputs.get(p.eip.stack)!.add(name);
    }
  }
  const others = ix
    .ofType("aws_eip")
    .filter((e) => !natEips.has(e.id))
    .map((eip) => {
      const instance = ix.refsOfType(eip.stack, eip.attrs.instance, "aws_instance")[0];
      const eni = ix.refsOfType(eip.stack, eip.attrs.network_interface, "aws_network_interface")[0];
      const attachedTo = instance ? `EC2 instance ${tagsOf(instance.attrs).Name ?? instance.name}` : eni ? `network interface ${tagsOf(eni.attrs).Name ?? eni.name}` : "not attached in Terraform";
      return { eip, attachedTo };
    });
  return {
    paths,
    outputs: [...outputs.entries()].sort((a, b) => byCode(a[0], b[0])).map(([stack, names]) => ({ stack, names: [...names].sort(byCode) })),
    others,
    ...(vpnSubnets.length > 0 ? { vpn: { destinations: [...vpnDestinations].sort(byCode), subnets: vpnSubnets.sort(byCode) } } : {}),
  };
}
