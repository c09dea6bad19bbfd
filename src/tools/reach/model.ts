/**
 * The network model of one environment, read from its SYNTHESIZED Terraform
 * JSON only (never from the environment definition), so the reachability
 * matrix proves what Terraform will build, not what we meant to build.
 *
 * What is read (every stack of the environment, except disaster-recovery
 * stacks `*-dr-*`, which are another region's VPC):
 * - subnets (`aws_subnet`: `cidr_block`, the `Tier` tag), VPC CIDRs;
 * - security groups (`aws_security_group` and its inline rules,
 *   `aws_vpc_security_group_ingress_rule` / `_egress_rule`, `aws_security_group_rule`):
 *   peers by group reference, IPv4 CIDR or prefix list (IPv6 rules are ignored: the VPCs are IPv4-only);
 * - network ACLs (`aws_network_acl` with inline entries or `aws_network_acl_rule`,
 *   subnet associations, `aws_default_network_acl`);
 * - route tables (`aws_route_table` with inline routes or `aws_route`, associations,
 *   the main table, VGW route propagation) and their targets: internet gateway,
 *   NAT gateway, NAT instance interface, virtual private gateway;
 * - where the parties live: compute/data stack resources that attach a party's
 *   security group (`aws_lb`, `aws_autoscaling_group` + launch template,
 *   `aws_instance`, `aws_db_instance`, `aws_rds_cluster`, ElastiCache, EFS mount
 *   targets), following `terraform_remote_state` outputs back to the network
 *   stack's resources. Where no such resource exists yet, the tier convention
 *   applies (see {@link CONVENTIONAL_TIERS}) and the model says so in `notes`.
 *
 * References (`${aws_security_group.sg_web.id}`) resolve to resource ids
 * `<stack>/<type>.<name>` (the Terraform address prefixed with its stack).
 */
import { blocks, isDrStack, tagsOf, TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Body, isObject, isTrue, num, TerraformJson } from "../../synthesized/terraform-json";
import { ALL_ADDRESSES, cidrSet, cidrsSet, IntervalSet, subtract, union } from "./intervals";


export * from "./network-model";
import { PARTY_IDS, InternalPartyId, PARTY_LABELS, CONVENTIONAL_TIERS, SgRule, SecurityGroup, NaclEntry, RouteTarget, RouteEntry, Subnet, NatDevice, Party, NetworkModel } from "./network-model";

/** Parties with a public IP by convention: internet-facing load balancers and the bastion (NAT devices are not services). */
const CONVENTIONAL_PUBLIC: ReadonlySet<InternalPartyId> = new Set(["alb", "bastion"]);

// ---------------------------------------------------------------- helpers

function normalizeProtocol(value: unknown): string {
  const p = String(value ?? "-1").toLowerCase();
  if (p === "-1" || p === "all") return "all";
  if (p === "6") return "tcp";
  if (p === "17") return "udp";
  if (p === "1") return "icmp";
  return p;
}


// ---------------------------------------------------------------- extraction

/**
 * Build the model from the synthesized stacks of one environment, keyed by
 * stack name (`buddyverse-network`, or just `network` in tests).
 */
export function extractModel(stacks: Readonly<Record<string, TerraformJson>>): NetworkModel {
  const selected = Object.fromEntries(Object.entries(stacks).filter(([name]) => !isDrStack(name)));
  const ix = new TerraformIndex(selected);
  const notes: string[] = [];
  const skipped = Object.keys(stacks).filter(isDrStack);
  if (skipped.length > 0) notes.push(`disaster-recovery stacks not read (another region): ${skipped.join(", ")}`);

  const vpcs = extractVpcs(ix);
  const groups = extractSecurityGroups(ix, notes);
  const acls = extractNacls(ix, notes);
  const tables = extractRoutes(ix, notes);
  const { nacls } = acls;
  const { routes } = tables;
  const datacenter = extractDatacenter(ix, routes);
  const subnets = extractSubnets(ix, notes, acls, tables);
  const { nats, eipTargets } = extractNats(ix, routes, groups);
  noteHeaderOnlyListeners(ix, notes);

  // Parties.
  const parties = findParties(ix, groups, subnets, eipTargets, notes);
  const vpcCidrs = Object.values(vpcs).flat();
  const dcCidrs = [...datacenter].sort();
  const internet = subtract(ALL_ADDRESSES, union(cidrsSet(vpcCidrs), cidrsSet(dcCidrs)));
  const external = (id: "internet" | "datacenter", addresses: IntervalSet, evidence: string[]): Party => ({
    id,
    label: PARTY_LABELS[id],
    kind: "external",
    securityGroups: [],
    subnets: [],
    publicIp: false,
    placement: "external",
    evidence,
    addresses,
  });
  const all: Party[] = [
    external("internet", internet, ["every IPv4 address outside the VPC and the datacenter"]),
    ...(dcCidrs.length > 0 ? [external("datacenter", cidrsSet(dcCidrs), dcCidrs)] : []),
    ...parties,
  ];
  all.sort((a, b) => PARTY_IDS.indexOf(a.id) - PARTY_IDS.indexOf(b.id));

  return {
    vpcs,
    subnets,
    securityGroups: Object.fromEntries([...groups].map(([id, g]) => [id, { ...g, rules: [...g.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }])),
    nacls: Object.fromEntries([...nacls].map(([id, entries]) => [id, { id, entries: sortEntries(entries) }])),
    routeTables: Object.fromEntries([...routes].map(([id, rs]) => [id, { id, routes: [...rs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }])),
    nats,
    parties: all,
    datacenterCidrs: dcCidrs,
    stacks: Object.keys(selected).sort(),
    notes: [...new Set([...notes, ...ix.notes])],
  };
}

/** VPCs and their IPv4 CIDRs (primary and associated). */
function extractVpcs(ix: TerraformIndex): Record<string, string[]> {
  const vpcs: Record<string, string[]> = {};
  for (const r of ix.ofType("aws_vpc")) {
    const cidr = ix.literal(r.stack, r.attrs.cidr_block);
    if (cidr) checkCidr(r.id, cidr);
    vpcs[r.id] = cidr ? [cidr] : [];
  }
  for (const r of ix.ofType("aws_vpc_ipv4_cidr_block_association")) {
    const vpc = ix.refs(r.stack, r.attrs.vpc_id)[0];
    const cidr = ix.literal(r.stack, r.attrs.cidr_block);
    if (cidr) checkCidr(r.id, cidr);
    if (vpc && cidr && vpcs[vpc]) vpcs[vpc].push(cidr);
  }
  return vpcs;
}

/** A security group while its rules are collected from inline blocks and rule resources. */
type GroupInProgress = { id: string; name: string; rules: SgRule[] };

/** Security groups with every rule that belongs to them, wherever it was written. */
function extractSecurityGroups(ix: TerraformIndex, notes: string[]): Map<string, GroupInProgress> {
  const groups = new Map<string, GroupInProgress>();
  for (const r of ix.ofType("aws_security_group")) {
    const name = String(ix.literal(r.stack, r.attrs.name) ?? tagsOf(r.attrs).Name ?? r.name);
    const rules: SgRule[] = [];
    for (const direction of ["ingress", "egress"] as const) {
      blocks(r.attrs[direction]).forEach((rule, i) => {
        const base = { id: `${r.id}.${direction}[${i}]`, direction, ...ports(rule.protocol, rule.from_port, rule.to_port), description: rule.description as string | undefined };
        for (const cidr of ix.resolve(r.stack, rule.cidr_blocks)) if ("literal" in cidr) rules.push({ ...base, peer: { cidr: cidr.literal } });
        for (const g of ix.refs(r.stack, rule.security_groups)) rules.push({ ...base, peer: { group: g } });
        if (isTrue(rule.self)) rules.push({ ...base, peer: { group: r.id } });
        for (const pl of ix.resolve(r.stack, rule.prefix_list_ids)) if ("literal" in pl) rules.push({ ...base, peer: { prefixList: pl.literal } });
      });
    }
    groups.set(r.id, { id: r.id, name, rules });
  }
  const addRule = (r: TfResource, groupValue: unknown, make: (group: string) => SgRule[]) => {
    const group = ix.refs(r.stack, groupValue).find((g) => groups.has(g));
    if (!group) {
      notes.push(`${r.id}: its security group is not in the synthesized stacks; rule ignored`);
      return;
    }
    groups.get(group)!.rules.push(...make(group));
  };
  for (const r of ix.ofType("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
    const direction = r.type.endsWith("ingress_rule") ? "ingress" : "egress";
    addRule(r, r.attrs.security_group_id, () => {
      const base = { id: r.id, direction, ...ports(r.attrs.ip_protocol, r.attrs.from_port, r.attrs.to_port), description: r.attrs.description as string | undefined } as const;
      const peers: SgRule["peer"][] = [];
      const cidr = ix.literal(r.stack, r.attrs.cidr_ipv4);
      if (cidr) peers.push({ cidr });
      for (const g of ix.refs(r.stack, r.attrs.referenced_security_group_id)) peers.push({ group: g });
      const pl = ix.literal(r.stack, r.attrs.prefix_list_id);
      if (pl) peers.push({ prefixList: pl });
      return peers.map((peer) => ({ ...base, peer }));
    });
  }
  for (const r of ix.ofType("aws_security_group_rule")) {
    const direction = r.attrs.type === "egress" ? "egress" : "ingress";
    addRule(r, r.attrs.security_group_id, (group) => {
      const base = { id: r.id, direction, ...ports(r.attrs.protocol, r.attrs.from_port, r.attrs.to_port), description: r.attrs.description as string | undefined } as const;
      const peers: SgRule["peer"][] = [];
      for (const c of ix.resolve(r.stack, r.attrs.cidr_blocks)) if ("literal" in c) peers.push({ cidr: c.literal });
      for (const g of ix.refs(r.stack, r.attrs.source_security_group_id)) peers.push({ group: g });
      if (isTrue(r.attrs.self)) peers.push({ group });
      for (const pl of ix.resolve(r.stack, r.attrs.prefix_list_ids)) if ("literal" in pl) peers.push({ prefixList: pl.literal });
      return peers.map((peer) => ({ ...base, peer }));
    });
  }
  for (const g of groups.values()) for (const rule of g.rules) if ("cidr" in rule.peer) checkCidr(rule.id, rule.peer.cidr);

  return groups;
}

/** Network ACLs with their entries, which ACL each subnet has, and each VPC's default ACL. */
function extractNacls(ix: TerraformIndex, notes: string[]) {
  const nacls = new Map<string, NaclEntry[]>();
  const naclOfSubnet = new Map<string, string>();
  const defaultNaclOfVpc = new Map<string, string>();
  for (const r of ix.ofType("aws_network_acl", "aws_default_network_acl")) {
    const entries: NaclEntry[] = [];
    for (const direction of ["ingress", "egress"] as const) {
      blocks(r.attrs[direction]).forEach((e, i) => {
        entries.push(naclEntry(`${r.id}.${direction}[${i}]`, direction === "egress", e.rule_no, e.protocol, e.action, ix.literal(r.stack, e.cidr_block), e.from_port, e.to_port));
      });
    }
    nacls.set(r.id, entries);
    for (const s of ix.refs(r.stack, r.attrs.subnet_ids)) naclOfSubnet.set(s, r.id);
    if (r.type === "aws_default_network_acl") {
      const vpc = ix.refs(r.stack, r.attrs.default_network_acl_id)[0];
      if (vpc) defaultNaclOfVpc.set(vpc, r.id);
    }
  }
  for (const r of ix.ofType("aws_network_acl_rule")) {
    const acl = ix.refs(r.stack, r.attrs.network_acl_id).find((a) => nacls.has(a));
    if (!acl) {
      notes.push(`${r.id}: its network ACL is not in the synthesized stacks; entry ignored`);
      continue;
    }
    if (!ix.literal(r.stack, r.attrs.cidr_block)) {
      notes.push(`${r.id}: no IPv4 cidr_block (IPv6 entries are not evaluated); entry ignored`);
      continue;
    }
    nacls.get(acl)!.push(naclEntry(r.id, isTrue(r.attrs.egress), r.attrs.rule_number, r.attrs.protocol, r.attrs.rule_action, ix.literal(r.stack, r.attrs.cidr_block), r.attrs.from_port, r.attrs.to_port));
  }
  for (const r of ix.ofType("aws_network_acl_association")) {
    const acl = ix.refs(r.stack, r.attrs.network_acl_id)[0];
    for (const s of ix.refs(r.stack, r.attrs.subnet_id)) if (acl) naclOfSubnet.set(s, acl);
  }

  return { nacls, naclOfSubnet, defaultNaclOfVpc };
}

/** Route tables with their routes, each VPC's main table, and each subnet's table. */
function extractRoutes(ix: TerraformIndex, notes: string[]) {
  const routes = new Map<string, RouteEntry[]>();
  const mainTableOfVpc = new Map<string, string>();
  const target = (r: TfResource, attrs: Body): RouteTarget | undefined => {
    for (const [field, kind] of [
      ["gateway_id", undefined],
      ["nat_gateway_id", "nat"],
      ["network_interface_id", "nat"],
    ] as const) {
      const value = attrs[field];
      if (value === undefined || value === null || value === "") continue;
      if (ix.literal(r.stack, value) === "local") return { kind: "local" };
      const ref = ix.refs(r.stack, value)[0];
      if (!ref) return { kind: "other", id: String(value) };
      const type = ix.get(ref)!.type;
      if (kind === "nat") return { kind: "nat", id: ref };
      if (type === "aws_internet_gateway") return { kind: "igw", id: ref };
      if (type === "aws_vpn_gateway") return { kind: "vgw", id: ref };
      return { kind: "other", id: ref };
    }
    for (const field of ["transit_gateway_id", "vpc_peering_connection_id", "vpc_endpoint_id", "egress_only_gateway_id", "local_gateway_id", "carrier_gateway_id", "core_network_arn", "instance_id"]) {
      if (attrs[field] !== undefined && attrs[field] !== null && attrs[field] !== "") return { kind: "other", id: `${field}=${String(attrs[field])}` };
    }
    return undefined;
  };
  const addRoute = (table: string, id: string, r: TfResource, attrs: Body) => {
    const destination = ix.literal(r.stack, attrs.destination_cidr_block ?? attrs.cidr_block);
    if (!destination) {
      if (attrs.destination_prefix_list_id ?? attrs.destination_ipv6_cidr_block ?? attrs.ipv6_cidr_block) return; // S3/IPv6 routes: not a party's path
      notes.push(`${id}: no IPv4 destination; route ignored`);
      return;
    }
    const t = target(r, attrs);
    if (!t) {
      notes.push(`${id}: no target understood; route ignored`);
      return;
    }
    checkCidr(id, destination);
    routes.get(table)!.push({ id, destination, target: t });
  };
  for (const r of ix.ofType("aws_route_table", "aws_default_route_table")) {
    routes.set(r.id, []);
    blocks(r.attrs.route).forEach((route, i) => addRoute(r.id, `${r.id}.route[${i}]`, r, route));
    if (r.type === "aws_default_route_table") {
      const vpc = ix.refs(r.stack, r.attrs.default_route_table_id)[0];
      if (vpc) mainTableOfVpc.set(vpc, r.id);
    }
  }
  for (const r of ix.ofType("aws_route")) {
    const table = ix.refs(r.stack, r.attrs.route_table_id).find((t) => routes.has(t));
    if (!table) {
      notes.push(`${r.id}: its route table is not in the synthesized stacks; route ignored`);
      continue;
    }
    addRoute(table, r.id, r, r.attrs);
  }
  const tableOfSubnet = new Map<string, string>();
  for (const r of ix.ofType("aws_route_table_association")) {
    const table = ix.refs(r.stack, r.attrs.route_table_id)[0];
    for (const s of ix.refs(r.stack, r.attrs.subnet_id)) if (table) tableOfSubnet.set(s, table);
  }
  for (const r of ix.ofType("aws_main_route_table_association")) {
    const vpc = ix.refs(r.stack, r.attrs.vpc_id)[0];
    const table = ix.refs(r.stack, r.attrs.route_table_id)[0];
    if (vpc && table) mainTableOfVpc.set(vpc, table);
  }

  return { routes, mainTableOfVpc, tableOfSubnet };
}

/**
 * The datacenter's CIDRs: the VPN connections' static routes, and every route to a
 * virtual private gateway (static routes are propagated into `routes` first).
 */
function extractDatacenter(ix: TerraformIndex, routes: Map<string, RouteEntry[]>): Set<string> {
  const vpnRoutesOfGateway = new Map<string, string[]>();
  const datacenter = new Set<string>();
  for (const r of ix.ofType("aws_vpn_connection_route")) {
    const cidr = ix.literal(r.stack, r.attrs.destination_cidr_block);
    if (!cidr) continue;
    checkCidr(r.id, cidr);
    datacenter.add(cidr);
    for (const conn of ix.refs(r.stack, r.attrs.vpn_connection_id)) {
      const connection = ix.get(conn)!;
      for (const vgw of ix.refs(connection.stack, connection.attrs.vpn_gateway_id)) {
        vpnRoutesOfGateway.set(vgw, [...(vpnRoutesOfGateway.get(vgw) ?? []), cidr]);
      }
    }
  }
  const propagate = (table: string, vgw: string, via: string) => {
    for (const cidr of vpnRoutesOfGateway.get(vgw) ?? []) {
      if (!routes.get(table)!.some((x) => x.destination === cidr)) routes.get(table)!.push({ id: `${via} (propagated)`, destination: cidr, target: { kind: "vgw", id: vgw } });
    }
  };
  for (const r of ix.ofType("aws_vpn_gateway_route_propagation")) {
    const table = ix.refs(r.stack, r.attrs.route_table_id).find((t) => routes.has(t));
    const vgw = ix.refs(r.stack, r.attrs.vpn_gateway_id)[0];
    if (table && vgw) propagate(table, vgw, r.id);
  }
  for (const r of ix.ofType("aws_route_table")) for (const vgw of ix.refs(r.stack, r.attrs.propagating_vgws)) propagate(r.id, vgw, r.id);
  for (const table of routes.values()) for (const route of table) if (route.target.kind === "vgw") datacenter.add(route.destination);

  return datacenter;
}

/** Subnets with their VPC, tier, AZ, network ACL and route table (a subnet's implicit main table gets an empty entry in `routes`). */
function extractSubnets(
  ix: TerraformIndex,
  notes: string[],
  acls: ReturnType<typeof extractNacls>,
  tables: ReturnType<typeof extractRoutes>,
): Record<string, Subnet> {
  const { naclOfSubnet, defaultNaclOfVpc } = acls;
  const { routes, mainTableOfVpc, tableOfSubnet } = tables;
  const vpcOf = (r: TfResource) => ix.refs(r.stack, r.attrs.vpc_id)[0] ?? "(unknown vpc)";
  const subnets: Record<string, Subnet> = {};
  for (const r of ix.ofType("aws_subnet")) {
    const cidr = ix.literal(r.stack, r.attrs.cidr_block);
    if (!cidr) {
      notes.push(`${r.id}: no IPv4 cidr_block; subnet ignored`);
      continue;
    }
    checkCidr(r.id, cidr);
    const vpc = vpcOf(r);
    const main = mainTableOfVpc.get(vpc) ?? `${vpc}#main`;
    const nacl = naclOfSubnet.get(r.id) ?? defaultNaclOfVpc.get(vpc);
    subnets[r.id] = {
      id: r.id,
      cidr,
      vpc,
      ...(tagsOf(r.attrs).Tier ? { tier: tagsOf(r.attrs).Tier } : {}),
      ...(typeof r.attrs.availability_zone === "string" ? { az: r.attrs.availability_zone } : {}),
      ...(nacl ? { nacl } : {}),
      routeTable: tableOfSubnet.get(r.id) ?? main,
    };
    if (!routes.has(subnets[r.id].routeTable)) routes.set(subnets[r.id].routeTable, []);
    if (!nacl) notes.push(`${r.id}: no network ACL in the JSON; the VPC's default ACL is assumed to allow everything`);
  }

  return subnets;
}

/** NAT devices (NAT gateways, and interfaces that routes point at) and what holds an Elastic IP. */
function extractNats(ix: TerraformIndex, routes: ReadonlyMap<string, readonly RouteEntry[]>, groups: ReadonlyMap<string, GroupInProgress>) {
  const nats: Record<string, NatDevice> = {};
  for (const r of ix.ofType("aws_nat_gateway")) {
    const connectivity = ix.literal(r.stack, r.attrs.connectivity_type) ?? "public";
    const subnet = ix.refs(r.stack, r.attrs.subnet_id)[0];
    nats[r.id] = { id: r.id, kind: "gateway", ...(subnet ? { subnet } : {}), securityGroups: [], publicIp: connectivity === "public" };
  }
  const eipTargets = new Set<string>();
  for (const r of ix.ofType("aws_eip")) for (const t of ix.refs(r.stack, [r.attrs.network_interface, r.attrs.instance])) eipTargets.add(t);
  for (const r of ix.ofType("aws_eip_association")) for (const t of ix.refs(r.stack, [r.attrs.network_interface_id, r.attrs.instance_id])) eipTargets.add(t);
  for (const table of routes.values()) {
    for (const route of table) {
      if (route.target.kind !== "nat" || nats[route.target.id]) continue;
      const eni = ix.get(route.target.id)!;
      const subnet = ix.refs(eni.stack, eni.attrs.subnet_id)[0];
      nats[eni.id] = {
        id: eni.id,
        kind: "instance",
        ...(subnet ? { subnet } : {}),
        securityGroups: ix.refs(eni.stack, eni.attrs.security_groups).filter((g) => groups.has(g)),
        publicIp: eipTargets.has(eni.id) || isTrue(eni.attrs.associate_public_ip_address),
      };
    }
  }

  return { nats, eipTargets };
}

/**
 * Layer 7 on top of the network: a listener rule that forwards only requests carrying a header
 * (the origin secret CloudFront adds) narrows what the security groups admit. The matrix is
 * about connections, so it still shows the port open to CloudFront's prefix list; say what
 * actually gets through.
 */
function noteHeaderOnlyListeners(ix: TerraformIndex, notes: string[]): void {
  for (const rule of ix.ofType("aws_lb_listener_rule")) {
    const conditions = Array.isArray(rule.attrs.condition) ? rule.attrs.condition : [rule.attrs.condition];
    for (const c of conditions) {
      const header = isObject(c) && isObject(c.http_header) ? c.http_header : undefined;
      if (header && typeof header.http_header_name === "string") {
        notes.push(
          `${rule.id}: the load balancer forwards only requests carrying the ${header.http_header_name} header value (this environment's CloudFront sends it; its listener answers everything else 403): CloudFront's origin-facing addresses open the connection, only this distribution gets a response from the targets`,
        );
      }
    }
  }

}

/** A CIDR the matrix cannot read is an error naming the resource (AWS would refuse it too). */
function checkCidr(id: string, text: string): void {
  try {
    cidrSet(text);
  } catch (e) {
    throw new Error(`${id}: ${(e as Error).message}`);
  }
}

/** Normalized protocol and port range of a rule (`all` covers every port). */
function ports(protocol: unknown, from: unknown, to: unknown): { protocol: string; fromPort: number; toPort: number } {
  const p = normalizeProtocol(protocol);
  if (p === "all") return { protocol: p, fromPort: 0, toPort: 65535 };
  return { protocol: p, fromPort: num(from) ?? 0, toPort: num(to) ?? 65535 };
}

function naclEntry(id: string, egress: boolean, ruleNumber: unknown, protocol: unknown, action: unknown, cidr: string | undefined, from: unknown, to: unknown): NaclEntry {
  if (!cidr) throw new Error(`${id}: a network ACL entry without an IPv4 cidr_block`);
  checkCidr(id, cidr);
  const a = String(action).toLowerCase();
  if (a !== "allow" && a !== "deny") throw new Error(`${id}: rule action ${JSON.stringify(action)} is neither allow nor deny`);
  return { id, ruleNumber: num(ruleNumber) ?? NaN, egress, action: a, cidr, ...ports(protocol, from, to) };
}

/** AWS evaluates entries lowest rule number first; the id only breaks ties (which AWS refuses anyway). */
function sortEntries(entries: readonly NaclEntry[]): NaclEntry[] {
  return [...entries].sort((a, b) => a.ruleNumber - b.ruleNumber || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Resource types that put a security group on something in a subnet. */
const PLACEMENT_TYPES = [
  "aws_lb",
  "aws_alb",
  "aws_instance",
  "aws_autoscaling_group",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticache_cluster",
  "aws_efs_mount_target",
  "aws_network_interface",
];

/**
 * The internal parties: each is the security group with logical name
 * `sg_<party>` (the TierSecurityGroups construct's ids, which are API), else
 * the group whose `name` ends with `-<party>` (`internal_alb` → `-internal-alb`).
 */
function findParties(
  ix: TerraformIndex,
  groups: ReadonlyMap<string, SecurityGroup>,
  subnets: Readonly<Record<string, Subnet>>,
  eipTargets: ReadonlySet<string>,
  notes: string[],
): Party[] {
  const sgRes = ix.ofType("aws_security_group");
  const networkFirst = (r: TfResource) => (/(^|-)network$/.test(r.stack) ? 0 : 1);
  const groupOf = (party: InternalPartyId): string | undefined => {
    const byId = sgRes.filter((r) => r.name === `sg_${party.replace(/_/g, "-")}`).sort((a, b) => networkFirst(a) - networkFirst(b))[0];
    if (byId) return byId.id;
    const suffix = party.replace("_", "-");
    const byName = sgRes.find((r) => {
      const name = groups.get(r.id)!.name;
      return (name === suffix || name.endsWith(`-${suffix}`)) && !(party === "alb" && name.endsWith("-internal-alb"));
    });
    if (byName) notes.push(`${party}: security group found by name (${byName.id}), not by the logical id sg_${party.replace(/_/g, "-")}`);
    return byName?.id;
  };

  // Placement: resources of PLACEMENT_TYPES, with the subnets and party groups they (or what they reference) name.
  const partyOfGroup = new Map<string, InternalPartyId>();
  const present: InternalPartyId[] = [];
  for (const id of PARTY_IDS) {
    if (id === "internet" || id === "datacenter") continue;
    const g = groupOf(id);
    if (g) {
      partyOfGroup.set(g, id);
      present.push(id);
    }
  }
  const placed = new Map<InternalPartyId, { subnets: Set<string>; evidence: Set<string>; publicIp: boolean }>();
  for (const r of ix.ofType(...PLACEMENT_TYPES)) {
    const direct = ix.refs(r.stack, r.attrs);
    const reach = new Set(direct);
    for (const d of direct) {
      const res = ix.get(d)!;
      if (res.type === "aws_launch_template" || res.type.endsWith("subnet_group") || res.type === "aws_network_interface") {
        for (const x of ix.refs(res.stack, res.attrs)) reach.add(x);
      }
    }
    const where = [...reach].filter((x) => subnets[x]);
    const who = [...new Set([...reach].flatMap((x) => (partyOfGroup.has(x) ? [partyOfGroup.get(x)!] : [])))];
    if (where.length === 0 || who.length === 0) continue;
    const publicIp = hasPublicIp(ix, r, direct, eipTargets);
    for (const party of who) {
      const p = placed.get(party) ?? { subnets: new Set<string>(), evidence: new Set<string>(), publicIp: false };
      where.forEach((s) => p.subnets.add(s));
      p.evidence.add(r.id);
      p.publicIp ||= publicIp;
      placed.set(party, p);
    }
  }

  return present.map((id): Party => {
    const sg = [...partyOfGroup].find(([, p]) => p === id)![0];
    const found = placed.get(id);
    if (found) {
      return { id, label: PARTY_LABELS[id], kind: "internal", securityGroups: [sg], subnets: [...found.subnets].sort(), publicIp: found.publicIp, placement: "synthesized", evidence: [...found.evidence].sort(), addresses: [] };
    }
    const all = Object.values(subnets);
    const tier = CONVENTIONAL_TIERS[id].find((t) => all.some((s) => s.tier === t));
    const where = all.filter((s) => s.tier === tier).map((s) => s.id).sort();
    notes.push(
      `${id}: no synthesized resource attaches ${sg}; placed by convention in the ${tier ?? "(missing)"} subnets` +
        (CONVENTIONAL_PUBLIC.has(id) ? " with a public IP" : ""),
    );
    return {
      id,
      label: PARTY_LABELS[id],
      kind: "internal",
      securityGroups: [sg],
      subnets: where,
      publicIp: CONVENTIONAL_PUBLIC.has(id),
      placement: "convention",
      evidence: [`convention: ${tier ?? "no"} tier subnets`],
      addresses: [],
    };
  });
}

/** Internet-facing load balancer; instance or launch template with a public IP; Elastic IP on the instance. */
function hasPublicIp(ix: TerraformIndex, r: TfResource, direct: readonly string[], eipTargets: ReadonlySet<string>): boolean {
  if (r.type === "aws_lb" || r.type === "aws_alb") return !isTrue(r.attrs.internal);
  if (eipTargets.has(r.id) || isTrue(r.attrs.associate_public_ip_address)) return true;
  for (const d of direct) {
    const res = ix.get(d)!;
    if (res.type === "aws_launch_template" && blocks(res.attrs.network_interfaces).some((n) => isTrue(n.associate_public_ip_address))) return true;
    if (res.type === "aws_network_interface" && eipTargets.has(res.id)) return true;
  }
  return blocks(r.attrs.network_interface).some((n) => ix.refs(r.stack, n.network_interface_id).some((e) => eipTargets.has(e)));
}
