/**
 * Security group rules in one shape, whichever resource wrote them: inline
 * `ingress`/`egress` blocks of `aws_security_group`, `aws_security_group_rule`,
 * or the `aws_vpc_security_group_{ingress,egress}_rule` resources this project
 * uses; plus what a group is attached to. Shared by the network, ALB and EC2 rules.
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Body, blocks, isTrue, list, num, str } from "../../synthesized/terraform-json";

/** One rule of a security group, normalized. */
export interface SgEntry {
  readonly direction: "ingress" | "egress";
  /** `-1` (all), `tcp`, `udp`, `icmp`, ... (numbers 6/17 mapped to tcp/udp). */
  readonly protocol: string;
  /** First port; undefined means every port of the protocol. */
  readonly from: number | undefined;
  /** Last port; undefined means every port of the protocol. */
  readonly to: number | undefined;
  /** IPv4 and IPv6 CIDRs. */
  readonly cidrs: readonly string[];
  /** Managed prefix list ids. */
  readonly prefixLists: readonly string[];
  /** The peer is another security group (or the group itself). */
  readonly peerGroup: boolean;
  /** The rule's description, if any. */
  readonly description: string | undefined;
}

/** CIDRs meaning "anywhere". */
export const WORLD = new Set(["0.0.0.0/0", "::/0"]);

function protocolName(p: unknown): string {
  const text = String(p ?? "-1").toLowerCase();
  if (text === "all" || text === "-1") return "-1";
  if (text === "6") return "tcp";
  if (text === "17") return "udp";
  return text;
}

function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === "string");
}

function fromInline(direction: "ingress" | "egress", b: Body): SgEntry {
  return {
    direction,
    protocol: protocolName(b.protocol),
    from: num(b.from_port),
    to: num(b.to_port),
    cidrs: [...strings(b.cidr_blocks), ...strings(b.ipv6_cidr_blocks)],
    prefixLists: strings(b.prefix_list_ids),
    peerGroup: strings(b.security_groups).length > 0 || isTrue(b.self),
    description: str(b.description),
  };
}

/** The rules a security-group-related resource declares (empty for other types). */
export function sgEntries(resource: TfResource): SgEntry[] {
  const b = resource.attrs;
  switch (resource.type) {
    case "aws_security_group":
      return [...blocks(b.ingress).map((x) => fromInline("ingress", x)), ...blocks(b.egress).map((x) => fromInline("egress", x))];
    case "aws_security_group_rule":
      return [
        {
          ...fromInline(b.type === "egress" ? "egress" : "ingress", b),
          peerGroup: typeof b.source_security_group_id === "string" || isTrue(b.self),
        },
      ];
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule": {
      const protocol = protocolName(b.ip_protocol);
      return [
        {
          direction: resource.type.endsWith("ingress_rule") ? "ingress" : "egress",
          protocol,
          // The API ignores ports for protocol -1 (and icmp uses them as type/code).
          from: protocol === "-1" ? undefined : num(b.from_port),
          to: protocol === "-1" ? undefined : num(b.to_port),
          cidrs: [...strings(b.cidr_ipv4), ...strings(b.cidr_ipv6)],
          prefixLists: strings(b.prefix_list_id),
          peerGroup: typeof b.referenced_security_group_id === "string",
          description: str(b.description),
        },
      ];
    }
    default:
      return [];
  }
}

/** Every resource type that can declare security group rules. */
export const SG_RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
] as const;

/** The rule admits traffic on every port (protocol -1, or 0-65535). */
export function allPorts(e: SgEntry): boolean {
  if (e.protocol === "-1") return true;
  if (e.protocol !== "tcp" && e.protocol !== "udp") return false;
  return e.from === undefined || e.to === undefined || (e.from <= 0 && e.to >= 65535);
}

/** The rule admits TCP traffic to `port`. */
export function coversTcpPort(e: SgEntry, port: number): boolean {
  if (e.protocol === "-1") return true;
  if (e.protocol !== "tcp") return false;
  if (e.from === undefined || e.to === undefined) return true;
  return e.from <= port && port <= e.to;
}

/** The rule's peer is the whole internet. */
export function fromWorld(e: SgEntry): boolean {
  return e.cidrs.some((c) => WORLD.has(c));
}

/** Describes a rule for messages: `ingress tcp 22 from 0.0.0.0/0`. */
export function describeEntry(e: SgEntry): string {
  const ports = e.protocol === "-1" ? "all traffic" : e.from === undefined ? `${e.protocol} all ports` : e.from === e.to ? `${e.protocol} ${e.from}` : `${e.protocol} ${e.from}-${e.to}`;
  const peers = [...e.cidrs, ...e.prefixLists, ...(e.peerGroup ? ["a security group"] : [])].join(", ") || "nobody";
  return `${e.direction} ${ports} ${e.direction === "ingress" ? "from" : "to"} ${peers}`;
}

/** The security group a rule resource belongs to (the group itself for inline rules). */
export function groupOf(resource: TfResource, model: TerraformIndex): TfResource | undefined {
  if (resource.type === "aws_security_group") return resource;
  return model.refOf(resource, "security_group_id", "aws_security_group");
}

/** Where security groups are attached: resource type → attributes naming groups. */
const ATTACHMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_lb: ["security_groups"],
  aws_alb: ["security_groups"],
  aws_instance: ["vpc_security_group_ids", "security_groups"],
  aws_launch_template: ["vpc_security_group_ids", "network_interfaces"],
  aws_network_interface: ["security_groups"],
  aws_db_instance: ["vpc_security_group_ids"],
  aws_rds_cluster: ["vpc_security_group_ids"],
  aws_elasticache_replication_group: ["security_group_ids"],
  aws_efs_mount_target: ["security_groups"],
  aws_vpc_endpoint: ["security_group_ids"],
};

/** Every resource (any stack of the environment) a security group is attached to. */
export function attachmentsOf(group: TfResource, model: TerraformIndex): TfResource[] {
  return Object.entries(ATTACHMENTS).flatMap(([type, attributes]) => model.referrers(group, type, attributes));
}

/**
 * The group is attached to a forwarding interface (`source_dest_check = false`):
 * a NAT instance's fixed interface, which must send whatever it translates.
 */
export function isNatGroup(group: TfResource, model: TerraformIndex): boolean {
  return attachmentsOf(group, model).some((a) => a.type === "aws_network_interface" && (a.attrs.source_dest_check === false || a.attrs.source_dest_check === "false"));
}

/** Every rule entry of a group: its inline rules and the rule resources that name it. */
export function entriesOfGroup(group: TfResource, model: TerraformIndex): SgEntry[] {
  const separate = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"].flatMap((type) =>
    model.referrers(group, type, ["security_group_id"]),
  );
  return [...sgEntries(group), ...separate.flatMap(sgEntries)];
}
