/**
 * The subnet tiers and the network facts the rules-as-data functions
 * (security-rules.ts, network-acl-rules.ts) and the network constructs read.
 *
 * lib owns these shapes (it must not import the definition, src/config/); the
 * validated `Environment` satisfies them structurally, and a type check in
 * src/stacks/definition-props.ts fails the build if the two drift apart.
 */

/** The subnet tiers, in layout order. */
export const SUBNET_TIERS = ["public", "web", "was", "db"] as const;
/** One subnet tier. */
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Subnet CIDRs per tier, one per AZ in `azs` order; tiers the environment lacks are absent. */
export type SubnetLayoutByTier = Readonly<Partial<Record<SubnetTier, readonly string[]>>>;

/** A site-to-site VPN to a datacenter, as the rules read it. */
export interface DatacenterFacts {
  /** The datacenter's CIDRs (denied to the tiers that are not routed there). */
  readonly cidrs: readonly string[];
  /** Private tiers whose route tables get the datacenter routes. */
  readonly routedTiers: readonly ("web" | "was")[];
  /** The only datacenter services the routed tiers may open connections to. */
  readonly services: readonly { readonly name: string; readonly cidr: string; readonly port: number }[];
}

/** What the security group and NACL rules are computed from. */
export interface NetworkFacts {
  /** Environment name (resource names). */
  readonly name: string;
  /** Region (CloudFront's origin-facing prefix list). */
  readonly region: string;
  /** Subnet CIDRs per tier. */
  readonly layout: SubnetLayoutByTier;
  readonly network: {
    readonly vpcCidr: string;
    /** Ports the public load balancer may reach WEB on. */
    readonly webIngressPorts: readonly number[];
    /** CIDRs allowed to SSH to the bastion. */
    readonly bastionAllowedCidrs: readonly string[];
    /** Tiers the bastion may reach. */
    readonly bastionReaches: readonly ("web" | "was" | "db")[];
    /** @default none */
    readonly datacenter?: DatacenterFacts | undefined;
  };
  /** Data stores present (each adds a group and its rules). @default none */
  readonly data?: { readonly cache?: unknown; readonly sharedFiles?: unknown } | undefined;
  /** Behind CloudFront: the ALB accepts HTTPS from its origin-facing prefix list only. @default none */
  readonly edge?: { readonly cdn?: { readonly originFacingPrefixListId?: string | undefined } | undefined } | undefined;
}
