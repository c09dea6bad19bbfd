/**
 * The `network` section of an environment definition: the VPC, its subnet
 * tiers, NAT, the datacenter VPN and the bastion's reach. Rules that relate
 * these fields to each other are attached here (network/rules.ts); those that
 * also need `azs` or `region` are attached to the definition.
 */
import { z } from "zod";
import { parseCidr, isCidr, isPublicIpv4 } from "../../lib/cidr";
import { NETWORK_RULES } from "./rules";
import { TIERS } from "./tiers";

export { TIERS } from "./tiers";
export type { Tier } from "./tiers";

/** A syntactically valid, canonical IPv4 CIDR (`10.0.0.0/16`). */
export const cidrString = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (!isCidr(parsed)) ctx.addIssue({ code: "custom", message: parsed.error });
});

const subnetTier = z
  .strictObject({
    /** Which tier these subnets serve. */
    tier: z.enum(TIERS),
    /** Explicit CIDRs, one per AZ in `azs` order. Give this or `prefixLength`. */
    cidrs: z.array(cidrString).optional(),
    /** Derive one subnet of this size per AZ from the VPC CIDR (16-28). Give this or `cidrs`. */
    prefixLength: z.number().int().min(16).max(28).optional(),
  })
  .refine((t) => (t.cidrs === undefined) !== (t.prefixLength === undefined), {
    message: "give exactly one of `cidrs` (explicit, one per AZ) or `prefixLength` (derived from the VPC CIDR)",
  });

const datacenterService = z.strictObject({
  /** What the service is, for rule descriptions (`payment`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-', at most 31 characters"),
  /** Address(es) of the service inside the datacenter. */
  cidr: cidrString,
  /** TCP port the service listens on. */
  port: z.number().int().min(1).max(65535),
});

const datacenter = z.strictObject({
  /** Public IPv4 address of the datacenter's VPN device (the customer gateway). */
  customerGatewayIp: z.string().refine(isPublicIpv4, "a public IPv4 address (the datacenter's VPN endpoint)"),
  /** BGP ASN of the customer gateway; routing is static, AWS still requires one. @default 65000 */
  bgpAsn: z.number().int().min(1).max(4294967294).default(65000),
  /** Datacenter CIDRs routed over the VPN (static routes). Must not overlap the VPC. */
  cidrs: z.array(cidrString).min(1),
  /** Private tiers whose route tables get the datacenter routes. @default ["web"] */
  routedTiers: z.array(z.enum(["web", "was"])).min(1).default(["web"]),
  /** The only datacenter services the routed tiers may open connections to (R0.4). */
  services: z.array(datacenterService).min(1),
});

/** Schema of the `network` section. */
export const networkSchema = z.strictObject({
  /** IPv4 CIDR of the VPC, /16 to /28. */
  vpcCidr: cidrString,
  /** Subnet tiers in allocation order: `public`, `web` and `db` are required, `was` optional. Derived tiers are allocated first-fit in this order, so append new tiers at the end. */
  subnets: z.array(subnetTier).min(1),
  /** How private subnets reach the internet. */
  nat: z
    .strictObject({
      /**
       * `gateway-per-az` (production: one NAT gateway per AZ), `single-gateway` (cheaper, one AZ's
       * failure cuts egress) or `instance` (cheapest: a self-healing NAT instance per AZ).
       * @default "gateway-per-az"
       */
      mode: z.enum(["gateway-per-az", "single-gateway", "instance"]).default("gateway-per-az"),
      /** Instance type of NAT instances (mode `instance` only). @default "t4g.nano" */
      instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as t4g.nano").default("t4g.nano"),
      /** SSM parameter of the NAT instance AMI; must match the instance type's architecture. @default Amazon Linux 2023 arm64 */
      amiParameter: z.string().startsWith("/").default("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"),
    })
    .prefault({}),
  /** Site-to-site VPN to an on-premises datacenter. @default none */
  datacenter: datacenter.optional(),
  /** CIDRs allowed to reach the bastion on SSH 22; never 0.0.0.0/0. @default [] (Session Manager only) */
  bastionAllowedCidrs: z.array(cidrString).default([]),
  /**
   * Tiers the bastion may open connections to: SSH 22 to `web`/`was`, MySQL 3306 to `db`.
   * State the scope explicitly (R1.4). @default ["web"]
   */
  bastionReaches: z.array(z.enum(["web", "was", "db"])).min(1).default(["web"]),
  /** Ports WEB instances accept from the public load balancer (R3.3 lists 80 and 443). @default [80] */
  webIngressPorts: z.array(z.number().int().min(1).max(65535)).min(1).default([80]),
  /** Days VPC flow logs are kept in CloudWatch Logs. @default 365 */
  flowLogRetentionDays: z
    .literal([30, 60, 90, 180, 365, 400, 545, 731, 1827, 3653])
    .default(365),
}).check(...NETWORK_RULES);

/** The parsed `network` section. */
export type NetworkSection = z.output<typeof networkSchema>;
