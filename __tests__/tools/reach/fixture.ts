/**
 * Hand-written Terraform JSON for the reachability tests, in the shape cdktf
 * synthesizes (`resource.<type>.<name>`, references `${type.name.id}`), built
 * from a few readable calls instead of hundreds of lines of literal JSON.
 *
 * `standardNetwork()` is a small two-AZ VPC:
 *   public 10.0.0.0/24, 10.0.1.0/24  (route 0.0.0.0/0 → igw; NAT gateway in public-a)
 *   web    10.0.10.0/24, 10.0.11.0/24 (route 0.0.0.0/0 → NAT)
 *   db     10.0.20.0/24, 10.0.21.0/24 (route 0.0.0.0/0 → NAT)
 * with one allow-everything NACL per tier and groups sg_alb, sg_web, sg_bastion,
 * sg_db: internet → alb 443, alb → web 80, office 203.0.113.0/24 → bastion 22,
 * bastion → web 22, web → db 3306, web → internet 443.
 */
import type { TerraformJson } from "../../../src/synthesized/terraform-json";

type Attrs = Record<string, unknown>;

/** `${type.name.id}`. */
export const ref = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;

/** A mutable stack JSON with helpers. */
export class Net {
  readonly resource: Record<string, Record<string, Attrs>> = {};
  readonly output: Record<string, { value: unknown }> = {};
  private n = 0;

  add(type: string, name: string, attrs: Attrs): this {
    (this.resource[type] ??= {})[name] = attrs;
    return this;
  }

  remove(type: string, name: string): this {
    delete this.resource[type]?.[name];
    return this;
  }

  vpc(cidr: string): this {
    return this.add("aws_vpc", "vpc", { cidr_block: cidr });
  }

  subnet(name: string, cidr: string, tier: string): this {
    return this.add("aws_subnet", name, { cidr_block: cidr, vpc_id: ref("aws_vpc", "vpc"), tags: { Name: name, Tier: tier } });
  }

  /** A route table for `subnets` with routes `destination → target` (`igw`, `nat:<name>`, `eni:<name>`, `vgw`). */
  routeTable(name: string, subnets: string[], routes: Record<string, string>): this {
    this.add("aws_route_table", name, { vpc_id: ref("aws_vpc", "vpc") });
    for (const [dest, target] of Object.entries(routes)) this.route(name, dest, target);
    for (const s of subnets) this.add("aws_route_table_association", `${name}-${s}`, { route_table_id: ref("aws_route_table", name), subnet_id: ref("aws_subnet", s) });
    return this;
  }

  route(table: string, destination: string, target: string): this {
    const [kind, name] = target.split(":");
    const t =
      kind === "igw"
        ? { gateway_id: ref("aws_internet_gateway", "igw") }
        : kind === "vgw"
          ? { gateway_id: ref("aws_vpn_gateway", "vgw") }
          : kind === "nat"
            ? { nat_gateway_id: ref("aws_nat_gateway", name) }
            : { network_interface_id: ref("aws_network_interface", name) };
    return this.add("aws_route", `${table}-${destination.replace(/[./]/g, "_")}`, { route_table_id: ref("aws_route_table", table), destination_cidr_block: destination, ...t });
  }

  /** A NACL on `subnets`; entries `[number, "in"|"out", action, cidr, from, to, protocol?]`. */
  nacl(name: string, subnets: string[], entries: [number, "in" | "out", "allow" | "deny", string, number, number, string?][]): this {
    this.add("aws_network_acl", name, { vpc_id: ref("aws_vpc", "vpc"), subnet_ids: subnets.map((s) => ref("aws_subnet", s)) });
    for (const e of entries) this.naclEntry(name, ...e);
    return this;
  }

  naclEntry(acl: string, number: number, dir: "in" | "out", action: "allow" | "deny", cidr: string, from: number, to: number, protocol = "tcp"): this {
    return this.add("aws_network_acl_rule", `${acl}-${dir}-${number}`, {
      network_acl_id: ref("aws_network_acl", acl),
      rule_number: number,
      egress: dir === "out",
      protocol,
      rule_action: action,
      cidr_block: cidr,
      from_port: from,
      to_port: to,
    });
  }

  sg(party: string): this {
    return this.add("aws_security_group", `sg_${party}`, { name: `t-${party.replace("_", "-")}`, vpc_id: ref("aws_vpc", "vpc") });
  }

  /** An SG rule on `sg_<party>`; peer: a party name (group reference), a CIDR, or `pl-...`. */
  rule(party: string, direction: "in" | "out", port: number | [number, number] | "all", peer: string): this {
    const [from, to] = port === "all" ? [undefined, undefined] : typeof port === "number" ? [port, port] : port;
    const p = peer.includes("/") ? { cidr_ipv4: peer } : peer.startsWith("pl-") ? { prefix_list_id: peer } : { referenced_security_group_id: ref("aws_security_group", `sg_${peer}`) };
    return this.add(direction === "in" ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule", `r${this.n++}-${party}-${direction}`, {
      security_group_id: ref("aws_security_group", `sg_${party}`),
      ip_protocol: port === "all" ? "-1" : "tcp",
      ...(from !== undefined ? { from_port: from, to_port: to } : {}),
      description: "test",
      ...p,
    });
  }

  /** Remove the rules of `sg_<party>` in one direction (on one port, or all). */
  removeRules(party: string, direction: "in" | "out", port?: number): this {
    const type = direction === "in" ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule";
    for (const [name, r] of Object.entries(this.resource[type] ?? {})) {
      if (r.security_group_id === ref("aws_security_group", `sg_${party}`) && (port === undefined || r.from_port === port)) this.remove(type, name);
    }
    return this;
  }

  /** Egress on `from` and ingress on `to`, by group reference. */
  link(from: string, to: string, port: number): this {
    return this.rule(from, "out", port, to).rule(to, "in", port, from);
  }

  json(): TerraformJson {
    return structuredClone({ resource: this.resource, output: this.output }) as TerraformJson;
  }
}

/** Allow-everything NACL entries (both directions). */
export const OPEN: [number, "in" | "out", "allow" | "deny", string, number, number, string?][] = [
  [100, "in", "allow", "0.0.0.0/0", 0, 0, "-1"],
  [100, "out", "allow", "0.0.0.0/0", 0, 0, "-1"],
];

/** The small network described at the top of this file. */
export function standardNetwork(): Net {
  const n = new Net()
    .vpc("10.0.0.0/16")
    .subnet("public-a", "10.0.0.0/24", "public")
    .subnet("public-b", "10.0.1.0/24", "public")
    .subnet("web-a", "10.0.10.0/24", "web")
    .subnet("web-b", "10.0.11.0/24", "web")
    .subnet("db-a", "10.0.20.0/24", "db")
    .subnet("db-b", "10.0.21.0/24", "db")
    .add("aws_internet_gateway", "igw", { vpc_id: ref("aws_vpc", "vpc") })
    .add("aws_eip", "nat", { domain: "vpc" })
    .add("aws_nat_gateway", "nat", { allocation_id: ref("aws_eip", "nat", "allocation_id"), subnet_id: ref("aws_subnet", "public-a") })
    .routeTable("public", ["public-a", "public-b"], { "0.0.0.0/0": "igw" })
    .routeTable("private", ["web-a", "web-b", "db-a", "db-b"], { "0.0.0.0/0": "nat:nat" })
    .nacl("public", ["public-a", "public-b"], OPEN)
    .nacl("web", ["web-a", "web-b"], OPEN)
    .nacl("db", ["db-a", "db-b"], OPEN);
  for (const p of ["alb", "web", "bastion", "db"]) n.sg(p);
  return n
    .rule("alb", "in", 443, "0.0.0.0/0")
    .link("alb", "web", 80)
    .rule("bastion", "in", 22, "203.0.113.0/24")
    .link("bastion", "web", 22)
    .link("web", "db", 3306)
    .rule("web", "out", 443, "0.0.0.0/0");
}

/** A datacenter behind a VPN: virtual private gateway, connection, static routes. */
export function withDatacenter(n: Net, cidrs: string[], routedTables: string[]): Net {
  n.add("aws_vpn_gateway", "vgw", { vpc_id: ref("aws_vpc", "vpc") })
    .add("aws_customer_gateway", "cgw", { bgp_asn: "65000", ip_address: "198.51.100.7", type: "ipsec.1" })
    .add("aws_vpn_connection", "vpn", { vpn_gateway_id: ref("aws_vpn_gateway", "vgw"), customer_gateway_id: ref("aws_customer_gateway", "cgw"), type: "ipsec.1", static_routes_only: true });
  cidrs.forEach((c, i) => n.add("aws_vpn_connection_route", `dc-${i}`, { vpn_connection_id: ref("aws_vpn_connection", "vpn"), destination_cidr_block: c }));
  for (const t of routedTables) for (const c of cidrs) n.route(t, c, "vgw");
  return n;
}
