/**
 * The security group rules of every tier, as data: who may talk to whom, on
 * which port, and why. A pure function of the environment, so the rules can be
 * read, tested and diffed without synthesizing anything; the
 * TierSecurityGroups construct turns them into Terraform resources.
 *
 * Rules between two groups are chained by group reference (never by CIDR), and
 * appear twice: as egress on the source and ingress on the target.
 */
import { originFacingPrefixListId } from "./cloudfront-prefix-lists";
import { NetworkFacts } from "./tiers";

/** The security groups of the platform. */
export type GroupName = "alb" | "web" | "was" | "internal_alb" | "bastion" | "db" | "cache" | "efs";

/** The other side of a rule. */
export type Peer =
  | { readonly group: GroupName }
  | { readonly cidr: string }
  /** A managed prefix list by id (`pl-...`): CloudFront's origin-facing addresses. */
  | { readonly prefixList: string };

/** One security group rule. */
export interface SecurityRule {
  /** The group the rule belongs to. */
  readonly group: GroupName;
  readonly direction: "ingress" | "egress";
  readonly peer: Peer;
  /** `tcp`, `udp`, `icmp`. */
  readonly protocol: "tcp" | "udp" | "icmp";
  /** Port (tcp/udp); -1 for all ICMP types. */
  readonly port: number;
  /** Why the rule exists (CKV_AWS_23 wants a description on every rule). */
  readonly description: string;
}

/** MySQL, Redis and NFS ports. */
export const PORTS = { http: 80, https: 443, ssh: 22, was: 8080, mysql: 3306, redis: 6379, nfs: 2049 } as const;

/**
 * The groups an environment has: `was` and `internal_alb` only with a WAS tier,
 * `cache` only with a cache and `efs` only with shared files — a group nothing
 * attaches is clutter an auditor has to explain (CKV2_AWS_5).
 */
export function securityGroupNames(env: NetworkFacts): GroupName[] {
  const hasWas = env.layout.was !== undefined;
  return [
    "alb",
    "web",
    ...(hasWas ? (["was", "internal_alb"] as const) : []),
    "bastion",
    "db",
    ...(env.data?.cache !== undefined ? (["cache"] as const) : []),
    ...(env.data?.sharedFiles !== undefined ? (["efs"] as const) : []),
  ];
}

/** The tier that talks to the database and cache: WAS where there is one, else WEB. */
export function dataClientTier(env: NetworkFacts): "web" | "was" {
  return env.layout.was !== undefined ? "was" : "web";
}

/** Every rule of every group of `env`. */
export function securityRules(env: NetworkFacts): SecurityRule[] {
  const rules: SecurityRule[] = [];
  const hasWas = env.layout.was !== undefined;
  const appTiers: ("web" | "was")[] = hasWas ? ["web", "was"] : ["web"];

  /** A connection from group `from` to group `to`: egress on one, ingress on the other. */
  const link = (from: GroupName, to: GroupName, port: number, what: string) => {
    rules.push({ group: from, direction: "egress", peer: { group: to }, protocol: "tcp", port, description: `${what}: to ${to}` });
    rules.push({ group: to, direction: "ingress", peer: { group: from }, protocol: "tcp", port, description: `${what}: from ${from}` });
  };

  // Internet → public ALB. HTTP only to redirect to HTTPS.
  // Behind CloudFront (edge.cdn) the ALB accepts HTTPS from CloudFront's origin-facing
  // prefix list only, so nobody reaches it around the CDN and its WAF (CKV_AWS_260).
  // Only 443: CloudFront talks HTTPS to the origin, and each reference to the list
  // weighs 55 rules against the group's default quota of 60 inbound rules.
  const cdnPrefixList = env.edge?.cdn ? originFacingPrefixListId(env.region, env.edge.cdn.originFacingPrefixListId) : undefined;
  if (cdnPrefixList) {
    rules.push({ group: "alb", direction: "ingress", peer: { prefixList: cdnPrefixList }, protocol: "tcp", port: PORTS.https, description: "HTTPS from CloudFront origin-facing addresses only" });
  } else {
    rules.push({ group: "alb", direction: "ingress", peer: { cidr: "0.0.0.0/0" }, protocol: "tcp", port: PORTS.https, description: "HTTPS from the internet" });
    rules.push({ group: "alb", direction: "ingress", peer: { cidr: "0.0.0.0/0" }, protocol: "tcp", port: PORTS.http, description: "HTTP from the internet, redirected to HTTPS" });
  }

  // ALB → WEB (R0.3, R2.7, R3.3).
  for (const port of env.network.webIngressPorts) link("alb", "web", port, `Load balancer to WEB on ${port}`);
  // ICMP for diagnostics from inside the VPC (R3.3).
  rules.push({ group: "web", direction: "ingress", peer: { cidr: env.network.vpcCidr }, protocol: "icmp", port: -1, description: "ICMP diagnostics from inside the VPC" });

  // WEB → internal ALB → WAS on 8080 (R2.3, R2.7).
  if (hasWas) {
    link("web", "internal_alb", PORTS.was, "WEB to the internal load balancer");
    link("internal_alb", "was", PORTS.was, "Internal load balancer to WAS");
  }

  // Bastion: SSH from the allowed CIDRs only (R0.9, R2.1, R3.3), and onward only where its scope says.
  for (const cidr of env.network.bastionAllowedCidrs) {
    rules.push({ group: "bastion", direction: "ingress", peer: { cidr }, protocol: "tcp", port: PORTS.ssh, description: `SSH from allowed network ${cidr}` });
  }
  for (const tier of env.network.bastionReaches) {
    if (tier === "db") link("bastion", "db", PORTS.mysql, "Bastion to the database (operator access)");
    else if (tier === "web" || hasWas) link("bastion", tier, PORTS.ssh, `Bastion SSH to ${tier.toUpperCase()}`);
  }

  // Data stores: only the application tier that uses them (R0.8, R3.7).
  const client = dataClientTier(env);
  link(client, "db", PORTS.mysql, `${client.toUpperCase()} to the database`);
  if (env.data?.cache !== undefined) link(client, "cache", PORTS.redis, `${client.toUpperCase()} to the cache`);
  // Shared files: every application tier (logs R2.5, /static and /media R3.6).
  if (env.data?.sharedFiles !== undefined) for (const tier of appTiers) link(tier, "efs", PORTS.nfs, `${tier.toUpperCase()} to EFS (NFS)`);

  // Outbound to the internet through NAT: package repositories and AWS APIs.
  // A documented exception to CKV_AWS_382: port-scoped, from private subnets only.
  for (const group of [...appTiers, "bastion"] as const) {
    rules.push({ group, direction: "egress", peer: { cidr: "0.0.0.0/0" }, protocol: "tcp", port: PORTS.https, description: "HTTPS to the internet (AWS APIs, package repositories)" });
    rules.push({ group, direction: "egress", peer: { cidr: "0.0.0.0/0" }, protocol: "tcp", port: PORTS.http, description: "HTTP to the internet (package repositories)" });
  }

  // The datacenter services, from the routed tiers only (R0.4).
  const dc = env.network.datacenter;
  if (dc) {
    for (const tier of dc.routedTiers) {
      for (const svc of dc.services) {
        rules.push({ group: tier, direction: "egress", peer: { cidr: svc.cidr }, protocol: "tcp", port: svc.port, description: `Datacenter ${svc.name} service` });
      }
    }
  }
  return rules;
}
