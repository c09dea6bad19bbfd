/**
 * The types of the network model (src/tools/reach/model.ts builds it from the
 * synthesized JSON): the matrix's parties, security groups and their rules,
 * network ACLs, routes, subnets, NAT devices.
 */
import type { IntervalSet } from "./intervals";

/** The parties of the matrix, in table order. */
export const PARTY_IDS = ["internet", "datacenter", "bastion", "alb", "web", "internal_alb", "was", "db", "cache", "efs"] as const;
/** One party of the matrix. */
export type PartyId = (typeof PARTY_IDS)[number];
/** Parties that live in the VPC and are identified by their security group. */
export type InternalPartyId = Exclude<PartyId, "internet" | "datacenter">;

/** Readable names of the parties. */
export const PARTY_LABELS: Readonly<Record<PartyId, string>> = {
  internet: "internet",
  datacenter: "datacenter",
  bastion: "bastion",
  alb: "public ALB",
  web: "web",
  internal_alb: "internal ALB",
  was: "WAS",
  db: "database",
  cache: "cache",
  efs: "EFS",
};

/**
 * Where a party lives when no synthesized resource places it (the compute or
 * data stack is absent): the tiers, first present wins. The internal ALB and
 * WAS use the `was` tier, or `web` in two-tier environments; EFS mount targets
 * live in the web subnets; the database and cache in the db subnets.
 */
export const CONVENTIONAL_TIERS: Readonly<Record<InternalPartyId, readonly string[]>> = {
  bastion: ["public"],
  alb: ["public"],
  web: ["web"],
  internal_alb: ["was", "web"],
  was: ["was", "web"],
  db: ["db"],
  cache: ["db"],
  efs: ["web"],
};

/** One security group rule. `protocol` is normalized: `all`, `tcp`, `udp`, `icmp`, or the number. */
export interface SgRule {
  readonly id: string;
  readonly direction: "ingress" | "egress";
  readonly protocol: string;
  /** Inclusive port range (0-65535 for `all`). */
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: { readonly group: string } | { readonly cidr: string } | { readonly prefixList: string };
  readonly description?: string;
}

/** A security group and every rule that belongs to it, wherever it was written. */
export interface SecurityGroup {
  readonly id: string;
  /** `name`, else the `Name` tag, else the logical name. */
  readonly name: string;
  readonly rules: readonly SgRule[];
}

/** One NACL entry; `protocol` normalized like {@link SgRule}. */
export interface NaclEntry {
  readonly id: string;
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly protocol: string;
  readonly action: "allow" | "deny";
  readonly cidr: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** A network ACL with its entries sorted by rule number (the evaluation order). */
export interface Nacl {
  readonly id: string;
  readonly entries: readonly NaclEntry[];
}

/** Where a route sends traffic. */
export type RouteTarget =
  | { readonly kind: "igw"; readonly id: string }
  | { readonly kind: "nat"; readonly id: string }
  | { readonly kind: "vgw"; readonly id: string }
  | { readonly kind: "local" }
  | { readonly kind: "other"; readonly id: string };

/** One IPv4 route. */
export interface RouteEntry {
  readonly id: string;
  readonly destination: string;
  readonly target: RouteTarget;
}

/** A route table (the VPC-local route is implicit and not listed). */
export interface RouteTable {
  readonly id: string;
  readonly routes: readonly RouteEntry[];
}

/** A subnet with its NACL and route table resolved. */
export interface Subnet {
  readonly id: string;
  readonly cidr: string;
  readonly vpc: string;
  /** The `Tier` tag. */
  readonly tier?: string;
  readonly az?: string;
  /** Its NACL; absent: the VPC's unmanaged default NACL, which allows everything. */
  readonly nacl?: string;
  /** Its route table (the main table when not associated; `<vpc>#main` when that is unmanaged). */
  readonly routeTable: string;
}

/** A NAT gateway, or a network interface private routes point at (a NAT instance). */
export interface NatDevice {
  readonly id: string;
  readonly kind: "gateway" | "instance";
  /** The subnet it sits in. */
  readonly subnet?: string;
  /** Security groups of the interface (NAT instances only; a NAT gateway has none). */
  readonly securityGroups: readonly string[];
  /** It translates to a public address (public NAT gateway; interface with an Elastic IP). */
  readonly publicIp: boolean;
}

/** A party of the matrix. */
export interface Party {
  readonly id: PartyId;
  readonly label: string;
  readonly kind: "internal" | "external";
  /** Internal: its security groups. */
  readonly securityGroups: readonly string[];
  /** Internal: the subnets its instances, nodes or interfaces may be in. */
  readonly subnets: readonly string[];
  /** Internal: it has a public address (internet-facing load balancer, bastion with a public IP). */
  readonly publicIp: boolean;
  /** How `subnets`/`publicIp` were found: synthesized resources, or the tier convention. */
  readonly placement: "synthesized" | "convention" | "external";
  /** Resource ids that place it (or the convention used). */
  readonly evidence: readonly string[];
  /** External: its addresses. */
  readonly addresses: IntervalSet;
}

/** Everything the matrix needs. */
export interface NetworkModel {
  readonly vpcs: Readonly<Record<string, readonly string[]>>;
  readonly subnets: Readonly<Record<string, Subnet>>;
  readonly securityGroups: Readonly<Record<string, SecurityGroup>>;
  readonly nacls: Readonly<Record<string, Nacl>>;
  readonly routeTables: Readonly<Record<string, RouteTable>>;
  readonly nats: Readonly<Record<string, NatDevice>>;
  /** Present parties, in {@link PARTY_IDS} order. */
  readonly parties: readonly Party[];
  /** Datacenter CIDRs (VPN connection routes and routes to a virtual private gateway). */
  readonly datacenterCidrs: readonly string[];
  /** The stacks read. */
  readonly stacks: readonly string[];
  /** Assumptions and things not understood, for the reader of the matrix. */
  readonly notes: readonly string[];
}
