/**
 * Preset `buddyverse` — seeds/003: PLAY BUDDY's social platform migrated to AWS.
 * The seed lists exact names, CIDRs and settings; this preset reproduces them.
 *
 * Requirement IDs: R3.1–R3.11 (see ../shared/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const buddyverse: EnvironmentDefinition = {
  name: "buddyverse",
  description: "BUDDYVERSE social platform (seed 003)",
  account: "444444444444",
  region: "ap-northeast-2",
  azs: ["ap-northeast-2a", "ap-northeast-2c"], // R3.1
  stateBucket: "buddyverse-tfstate-444444444444",
  tags: { Customer: "play-buddy" },
  network: {
    vpcCidr: "172.31.0.0/16", // R3.1
    subnets: [
      // R3.1: per AZ one public and two private subnets (Buddy-Public1/2, Buddy-Web-Private1/2, Buddy-DB-Private1/2)
      { tier: "public", cidrs: ["172.31.10.0/24", "172.31.20.0/24"] },
      { tier: "web", cidrs: ["172.31.11.0/24", "172.31.21.0/24"] },
      { tier: "db", cidrs: ["172.31.12.0/24", "172.31.22.0/24"] },
    ],
    // R3.2: the seed built NAT instances for cost (NAT gateway is the production choice: set mode "gateway-per-az").
    nat: { mode: "instance", instanceType: "t4g.nano" },
    bastionAllowedCidrs: ["198.51.100.0/24"], // R3.3
    bastionReaches: ["web", "db"], // R3.3 SSH to web; R3.7 3306 from the bastion
    webIngressPorts: [80, 443], // R3.3: web allows 80/443 from the load balancer
  },
  dns: { domain: "buddyverse.link" }, // R3.8
};
