/**
 * Preset `web-was` — seeds/002: a classic WEB (nginx) / WAS (Spring Boot)
 * split behind public and internal load balancers, with a bastion for developers.
 *
 * Requirement IDs: R2.1–R2.9 (see ../shared/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const webWas: EnvironmentDefinition = {
  name: "web-was",
  description: "nginx WEB and Spring Boot WAS tiers (seed 002)",
  account: "333333333333",
  region: "ap-northeast-2",
  azs: ["ap-northeast-2a", "ap-northeast-2c"],
  stateBucket: "web-was-tfstate-333333333333",
  tags: { Team: "platform" },
  network: {
    vpcCidr: "10.30.0.0/16",
    subnets: [
      { tier: "public", prefixLength: 24 },
      { tier: "web", prefixLength: 23 },
      { tier: "was", prefixLength: 23 }, // R2.3: WAS behind an internal load balancer
      { tier: "db", prefixLength: 24 },
    ],
    nat: { mode: "gateway-per-az" }, // R2.8: one fixed egress IP per AZ
    bastionAllowedCidrs: ["198.51.100.0/24", "192.0.2.0/28"], // R2.1: allowed addresses only
    bastionReaches: ["web", "was"], // developers reach both tiers
  },
  dns: { domain: "web-was.example.com" },
};
