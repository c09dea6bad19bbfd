/**
 * The reachability computation on small hand-written networks: each case
 * changes one thing in `standardNetwork()` (see fixture.ts) and states what
 * the matrix must then say.
 */
import { cidrSet, cidrsSet, covers, intersect, portsText, toCidrs, union } from "../../../src/tools/reach/intervals";
import { computeMatrix, explain, Grant, grantsOf, Matrix, sourcesOf } from "../../../src/tools/reach/matrix";
import { extractModel, PartyId } from "../../../src/tools/reach/model";
import { Net, ref, standardNetwork, withDatacenter } from "./fixture";

function matrixOf(net: Net): Matrix {
  return computeMatrix(extractModel({ network: net.json() }));
}

/** Grants as plain text for exact comparisons: `443 to 192.168.10.20/32 (all)`. */
function grants(m: Matrix, from: PartyId, to: PartyId): string[] {
  return grantsOf(m, from, to).map((g: Grant) => `${portsText(g.ports)}${g.peer ? ` ${g.peer.join(",")}` : ""} (${g.coverage})`);
}

describe("the standard fixture", () => {
  const m = matrixOf(standardNetwork());

  it.each<[PartyId, PartyId, string[]]>([
    ["internet", "alb", ["443 (all)"]],
    ["internet", "bastion", ["22 203.0.113.0/24 (all)"]],
    ["internet", "web", []],
    ["internet", "db", []],
    ["alb", "web", ["80 (all)"]],
    ["bastion", "web", ["22 (all)"]],
    ["web", "db", ["3306 (all)"]],
    ["web", "internet", ["443 (all)"]],
    ["bastion", "internet", []],
    ["db", "web", []],
    ["alb", "db", []],
  ])("%s → %s: %j", (from, to, expected) => {
    expect(grants(m, from, to)).toEqual(expected);
  });

  it("has no datacenter party without a VPN", () => {
    expect(m.parties).toEqual(["internet", "bastion", "alb", "web", "db"]);
  });
});

/** One change to the standard network and what must follow. */
interface Case {
  readonly name: string;
  readonly change: (n: Net) => Net;
  readonly expect: readonly [PartyId, PartyId, string[]][];
}

const cases: Case[] = [
  // ---- NACLs: order, statelessness, subnet boundaries
  {
    name: "a NACL deny wins over a later allow by rule number",
    change: (n) => n.naclEntry("web", 50, "in", "deny", "10.0.0.0/16", 80, 80),
    expect: [["alb", "web", []], ["bastion", "web", ["22 (all)"]]],
  },
  {
    name: "an allow with a lower rule number wins over a later deny",
    change: (n) =>
      n.remove("aws_network_acl_rule", "web-in-100").naclEntry("web", 40, "in", "allow", "10.0.0.0/16", 80, 80).naclEntry("web", 50, "in", "deny", "0.0.0.0/0", 0, 0, "-1"),
    expect: [["alb", "web", ["80 (all)"]], ["bastion", "web", []]],
  },
  {
    name: "a NACL deny covering one source subnet leaves the port open from some placements only",
    change: (n) => n.naclEntry("web", 50, "in", "deny", "10.0.1.0/24", 80, 80),
    expect: [["alb", "web", ["80 (some)"]]],
  },
  {
    name: "NACLs are stateless: denying the replies (ephemeral ports) closes the connection",
    change: (n) => n.naclEntry("db", 50, "out", "deny", "10.0.10.0/23", 1024, 65535),
    expect: [["web", "db", []]],
  },
  {
    name: "denying part of the ephemeral range leaves the connection open for some client ports only",
    change: (n) => n.naclEntry("db", 50, "out", "deny", "10.0.10.0/23", 32768, 65535),
    expect: [["web", "db", ["3306 (some)"]]],
  },
  {
    name: "the inbound NACL rule must match the destination port, not the source port",
    change: (n) => n.remove("aws_network_acl_rule", "db-in-100").naclEntry("db", 100, "in", "allow", "10.0.0.0/16", 4000, 65535),
    expect: [["web", "db", []]],
  },
  {
    name: "traffic inside one subnet crosses no NACL",
    change: (n) =>
      n
        .sg("efs") // placed by convention in the web subnets, like EFS mount targets
        .link("web", "efs", 2049)
        .remove("aws_network_acl_rule", "web-in-100")
        .naclEntry("web", 100, "in", "deny", "0.0.0.0/0", 0, 0, "-1"),
    expect: [["web", "efs", ["2049 (some)"]], ["alb", "web", []]],
  },
  {
    name: "a NACL rule for UDP does not open TCP",
    change: (n) => n.remove("aws_network_acl_rule", "db-in-100").naclEntry("db", 100, "in", "allow", "0.0.0.0/0", 0, 65535, "udp"),
    expect: [["web", "db", []]],
  },

  // ---- security groups: peers, CIDR coverage, chaining
  {
    name: "a CIDR rule covers a subnet only if it contains it (half a subnet: some placements)",
    change: (n) => n.removeRules("db", "in").rule("db", "in", 3306, "10.0.10.0/25"),
    expect: [["web", "db", ["3306 (some)"]]],
  },
  {
    name: "a CIDR rule containing every subnet of the source covers it",
    change: (n) => n.removeRules("db", "in").rule("db", "in", 3306, "10.0.10.0/23"),
    expect: [["web", "db", ["3306 (all)"]], ["bastion", "db", []]],
  },
  {
    name: "group reference chaining: the ingress must name the source's group",
    change: (n) => n.removeRules("db", "in").rule("db", "in", 3306, "bastion"),
    expect: [["web", "db", []], ["bastion", "db", []]],
  },
  {
    name: "group reference chaining: web → internal ALB → WAS does not make WAS reachable from web",
    change: (n) => n.sg("internal_alb").sg("was").link("web", "internal_alb", 8080).link("internal_alb", "was", 8080),
    expect: [["web", "internal_alb", ["8080 (all)"]], ["internal_alb", "was", ["8080 (all)"]], ["web", "was", []], ["alb", "was", []]],
  },
  {
    name: "egress without the matching ingress is closed",
    change: (n) => n.rule("web", "out", 5432, "db"),
    expect: [["web", "db", ["3306 (all)"]]],
  },
  {
    name: "an all-protocols rule opens every port where the other side allows it",
    change: (n) => n.rule("bastion", "out", "all", "web").rule("web", "in", [8000, 8999], "bastion"),
    expect: [["bastion", "web", ["22,8000-8999 (all)"]]],
  },
  {
    name: "a prefix list is an unknown subset of the internet",
    change: (n) => n.removeRules("alb", "in", 443).rule("alb", "in", 443, "pl-22a6434b"),
    expect: [["internet", "alb", ["443 pl-22a6434b (all)"]]],
  },

  // ---- routing
  {
    name: "a missing route blocks: no default route in the private table, no internet",
    change: (n) => n.remove("aws_route", "private-0_0_0_0_0"),
    expect: [["web", "internet", []], ["web", "db", ["3306 (all)"]]],
  },
  {
    name: "a missing route blocks: without the public default route nothing is reachable from the internet, and NAT leads nowhere",
    change: (n) => n.remove("aws_route", "public-0_0_0_0_0"),
    expect: [["internet", "alb", []], ["internet", "bastion", []], ["web", "internet", []]],
  },
  {
    name: "the NAT subnet's NACL must let the private subnets in",
    change: (n) => n.naclEntry("public", 50, "in", "deny", "10.0.10.0/23", 0, 0, "-1"),
    expect: [["web", "internet", []], ["internet", "alb", ["443 (all)"]]],
  },
  {
    name: "the public NACL must let replies in: from the internet to the NAT, and from the targets to the ALB",
    change: (n) => n.naclEntry("public", 50, "in", "deny", "0.0.0.0/0", 1024, 65535),
    expect: [["web", "internet", []], ["alb", "web", []], ["internet", "alb", ["443 (all)"]]],
  },
  {
    name: "a subnet without a route table association uses the main table: local only",
    change: (n) => n.remove("aws_route_table_association", "private-web-a"),
    expect: [["web", "internet", ["443 (some)"]], ["web", "db", ["3306 (all)"]]],
  },
  {
    name: "a NAT instance interface without an Elastic IP leads to no internet",
    change: (n) =>
      n
        .remove("aws_route", "private-0_0_0_0_0")
        .add("aws_security_group", "nat", { name: "t-nat", vpc_id: ref("aws_vpc", "vpc") })
        .add("aws_vpc_security_group_ingress_rule", "nat-in", { security_group_id: ref("aws_security_group", "nat"), ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16" })
        .add("aws_vpc_security_group_egress_rule", "nat-out", { security_group_id: ref("aws_security_group", "nat"), ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" })
        .add("aws_network_interface", "nat", { subnet_id: ref("aws_subnet", "public-b"), security_groups: [ref("aws_security_group", "nat")], source_dest_check: false })
        .route("private", "0.0.0.0/0", "eni:nat"),
    expect: [["web", "internet", []]],
  },
  {
    name: "a NAT instance interface with an Elastic IP and a group that lets the VPC in",
    change: (n) =>
      n
        .remove("aws_route", "private-0_0_0_0_0")
        .add("aws_security_group", "nat", { name: "t-nat", vpc_id: ref("aws_vpc", "vpc") })
        .add("aws_vpc_security_group_ingress_rule", "nat-in", { security_group_id: ref("aws_security_group", "nat"), ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16" })
        .add("aws_vpc_security_group_egress_rule", "nat-out", { security_group_id: ref("aws_security_group", "nat"), ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" })
        .add("aws_network_interface", "nat", { subnet_id: ref("aws_subnet", "public-b"), security_groups: [ref("aws_security_group", "nat")], source_dest_check: false })
        .add("aws_eip", "nat-eni", { domain: "vpc", network_interface: ref("aws_network_interface", "nat") })
        .route("private", "0.0.0.0/0", "eni:nat")
        .rule("web", "out", 80, "0.0.0.0/0"),
    expect: [["web", "internet", ["443 (all)"]]],
  },

  // ---- public entry points
  {
    name: "from the internet only a party with a public IP is reachable, whatever its rules say",
    change: (n) => n.rule("web", "in", 80, "0.0.0.0/0"),
    expect: [["internet", "web", []]],
  },
  {
    name: "an internal load balancer (internal = true) is not reachable from the internet",
    change: (n) =>
      n.add("aws_lb", "alb", { internal: true, load_balancer_type: "application", security_groups: [ref("aws_security_group", "sg_alb")], subnets: [ref("aws_subnet", "public-a"), ref("aws_subnet", "public-b")] }),
    expect: [["internet", "alb", []], ["alb", "web", ["80 (all)"]]],
  },
  {
    name: "a bastion instance with an Elastic IP is a public entry point; without one it is not",
    change: (n) =>
      n
        .add("aws_instance", "bastion", { subnet_id: ref("aws_subnet", "public-a"), vpc_security_group_ids: [ref("aws_security_group", "sg_bastion")] })
        .add("aws_instance", "other", { subnet_id: ref("aws_subnet", "public-b"), vpc_security_group_ids: [ref("aws_security_group", "sg_alb")] })
        .add("aws_eip", "bastion", { domain: "vpc", instance: ref("aws_instance", "bastion") }),
    expect: [["internet", "bastion", ["22 203.0.113.0/24 (all)"]], ["internet", "alb", []]],
  },
];

describe.each(cases)("$name", ({ change, expect: expected }) => {
  const m = matrixOf(change(standardNetwork()));
  it.each(expected.map(([from, to, g]) => [from, to, g] as const))("%s → %s: %j", (from, to, g) => {
    expect(grants(m, from, to)).toEqual(g);
  });
});

it("the longest prefix wins: a more specific route to a peering connection takes those addresses off the NAT", () => {
  const n = standardNetwork().add("aws_route", "peer", {
    route_table_id: ref("aws_route_table", "private"),
    destination_cidr_block: "8.8.8.0/24",
    vpc_peering_connection_id: "pcx-0123",
  });
  const model = extractModel({ network: n.json() });
  const [grant, ...more] = grantsOf(computeMatrix(model), "web", "internet");
  expect(more).toEqual([]);
  expect(portsText(grant.ports)).toBe("443");
  expect(grant.coverage).toBe("all");
  const peer = cidrsSet(grant.peer!);
  expect(intersect(peer, cidrSet("8.8.8.0/24"))).toEqual([]);
  expect(covers(peer, cidrSet("8.8.4.0/24"))).toBe(true);
  expect(covers(peer, cidrSet("8.8.9.0/24"))).toBe(true);
  // Everything else of the internet is still reached.
  expect(union(peer, cidrSet("8.8.8.0/24"))).toEqual(model.parties.find((p) => p.id === "internet")!.addresses);
});

describe("the datacenter", () => {
  const service = (n: Net) => n.rule("web", "out", 443, "192.168.10.20/32");

  it("is the VPN routes' destination CIDRs", () => {
    const model = extractModel({ network: withDatacenter(standardNetwork(), ["192.168.0.0/16", "172.16.0.0/12"], ["private"]).json() });
    expect(model.datacenterCidrs).toEqual(["172.16.0.0/12", "192.168.0.0/16"]);
    expect(toCidrs(model.parties.find((p) => p.id === "datacenter")!.addresses)).toEqual(["172.16.0.0/12", "192.168.0.0/16"]);
  });

  it("is reached through a route to the virtual private gateway, down to the service address", () => {
    const m = matrixOf(service(withDatacenter(standardNetwork(), ["192.168.0.0/16"], ["private"])));
    // web egress 443 to 0.0.0.0/0 also covers the datacenter: the NACL must narrow it.
    expect(grants(m, "web", "datacenter")).toEqual(["443 (all)"]);
  });

  it("a missing route blocks: with the route to the NAT only, the datacenter is unreachable", () => {
    const m = matrixOf(service(withDatacenter(standardNetwork(), ["192.168.0.0/16"], [])));
    expect(grants(m, "web", "datacenter")).toEqual([]);
    // ... and the NAT does not lead there: the datacenter is not part of the internet.
    const model = extractModel({ network: service(withDatacenter(standardNetwork(), ["192.168.0.0/16"], [])).json() });
    expect(covers(model.parties.find((p) => p.id === "internet")!.addresses, cidrSet("192.168.10.20/32"))).toBe(false);
    expect(grants(m, "web", "internet")).toEqual(["443 (all)"]);
  });

  it("R0.4-style NACL: only the service address is allowed, the rest of the datacenter denied", () => {
    const n = service(withDatacenter(standardNetwork(), ["192.168.0.0/16"], ["private"]))
      .naclEntry("web", 10, "out", "allow", "192.168.10.20/32", 443, 443)
      .naclEntry("web", 20, "out", "deny", "192.168.0.0/16", 0, 0, "-1");
    const m = matrixOf(n);
    expect(grants(m, "web", "datacenter")).toEqual(["443 192.168.10.20/32 (all)"]);
    expect(sourcesOf(m, "datacenter", 443)).toEqual(["web"]);
  });

  it("can reach a party only when the party's subnet routes the replies to the VPN", () => {
    const base = () => withDatacenter(standardNetwork(), ["192.168.0.0/16"], []).rule("db", "in", 3306, "192.168.0.0/16");
    expect(grants(matrixOf(base()), "datacenter", "db")).toEqual([]);
    expect(grants(matrixOf(base().route("private", "192.168.0.0/16", "vgw")), "datacenter", "db")).toEqual(["3306 (all)"]);
  });
});

describe("explain", () => {
  it("names the layer and the entry that closes a connection", () => {
    const model = extractModel({ network: standardNetwork().naclEntry("web", 50, "in", "deny", "10.0.0.0/16", 80, 80).json() });
    const e = explain(model, "alb", "web", 80);
    expect(e.placements).toHaveLength(4);
    const layer = e.placements[0].paths[0].layers.find((l) => l.what.includes("web-a network ACL inbound"))!;
    expect(layer.result).toBe("none");
    expect(layer.by).toEqual(["network/aws_network_acl_rule.web-in-50 (50 deny)"]);
  });

  it("says why the internet cannot reach a private party", () => {
    const e = explain(extractModel({ network: standardNetwork().json() }), "internet", "web", 80);
    expect(e.placements.every((p) => p.paths.length === 0 && p.blocked.some((b) => b.includes("no public IP")))).toBe(true);
  });
});
