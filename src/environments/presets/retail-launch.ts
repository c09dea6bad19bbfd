/**
 * Preset `retail-launch` — source 000: a shoe retailer opens a small online shop
 * and must not slow down at launch (written for Naver Cloud; realized on AWS).
 *
 * Requirement IDs: R0.1–R0.11 (see src/requirements/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const retailLaunch: EnvironmentDefinition = {
  name: "retail-launch",
  description: "Shoe retailer's first online shop (source 000)",
  account: "111111111111",
  region: "ap-northeast-2",
  azs: ["ap-northeast-2a", "ap-northeast-2c"], // R0.2: web servers over two AZs
  stateBucket: "retail-launch-tfstate-111111111111",
  tags: { CostCenter: "online-shop" },
  network: {
    vpcCidr: "10.10.0.0/16",
    subnets: [
      { tier: "public", prefixLength: 24 },
      { tier: "web", prefixLength: 22 }, // R0.3: web servers in private subnets
      { tier: "db", prefixLength: 24 },
    ],
    // Internet egress: a fixed IP per AZ. Traffic to the datacenter (R0.4) goes over the VPN with the web
    // subnets' private addresses: the datacenter allow-lists those subnets, not these IPs (docs/retail-launch.md).
    nat: { mode: "gateway-per-az" },
    datacenter: {
      // R0.4: web servers reach the Payment Server in the datacenter, and nothing else there.
      customerGatewayIp: "211.45.67.89",
      cidrs: ["192.168.0.0/16"],
      routedTiers: ["web"],
      services: [{ name: "payment", cidr: "192.168.10.20/32", port: 443 }],
    },
    bastionAllowedCidrs: ["198.51.100.0/24"], // R0.9: the operators' office
  },
  dns: { domain: "shop.a-shoes.co.kr" }, // R0.1
  data: {
    // Every alarm of every stack notifies <env>-alarms: a placeholder on-call address, replace it
    // with your team's (each address confirms its subscription by mail).
    alarms: { emails: ["retail-ops@example.com"] },
    // R0.5, R0.6: managed RDS MySQL 8.0, Multi-AZ with automatic failover (a standby in the other AZ).
    // R0.8: the web tier reaches it on 3306 (network stack security groups).
    database: { engine: "mysql", multiAz: true },
  },
  compute: {
    // Operators' SSH key for the bastion and the web servers (R0.9). A placeholder whose
    // private half was discarded: replace it with your operators' public key.
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEiVYnCVIFYWxC2eph7ugwIfHUjnhB9+shAUkhQyWgzn retail-launch-operators",
    web: {
      // R0.2: web servers over both AZs; R0.11: each configured at first boot by its user data (nginx).
      minSize: 2,
      desiredCapacity: 2,
      maxSize: 6,
      // R0.10: least-connection (ALB least outstanding requests) with sticky sessions.
      // No slow start: the API refuses it with this algorithm (trap 1).
      targetGroup: { algorithm: "least_outstanding_requests", stickiness: { durationSeconds: 3600 } },
    },
  },
  edge: {
    dns: { names: ["@", "www"] }, // R0.1: the shop's domain bound to the ALB (alias A records)
    waf: { rateLimit: 2000 }, // regional web ACL on the ALB
    audit: { trail: true },
    // R0.7: the outsourced developer views network, server and database configuration only.
    // The external id is not a secret (confused-deputy guard); MFA is required to assume the role.
    vendorAccess: { accountId: "555555555555", externalId: "a-shoes-retail-launch-vendor" },
  },
  // Cost estimate (npm run cost): a small shop's first months; everything else takes the defaults.
  usage: { requestsMillions: 5, internetEgressGb: 150, natProcessedGb: 20 },
};
