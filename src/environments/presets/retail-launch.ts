/**
 * Preset `retail-launch` — seeds/000: a shoe retailer opens a small online shop
 * and must not slow down at launch (written for Naver Cloud; realized on AWS).
 *
 * Requirement IDs: R0.1–R0.11 (see ../shared/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const retailLaunch: EnvironmentDefinition = {
  name: "retail-launch",
  description: "Shoe retailer's first online shop (seed 000)",
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
    nat: { mode: "gateway-per-az" }, // fixed egress IP per AZ the datacenter can allow-list (R0.4)
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
};
