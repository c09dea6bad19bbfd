/**
 * Preset `media-commerce` — seeds/001: e-commerce with terabytes of images and
 * video, a security review, sales-event load and global expansion plans.
 *
 * Requirement IDs: R1.1–R1.9 (see ../shared/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const mediaCommerce: EnvironmentDefinition = {
  name: "media-commerce",
  description: "E-commerce with a large media library (seed 001)",
  account: "222222222222",
  region: "ap-northeast-2",
  azs: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], // R1.7: redundancy in every tier
  stateBucket: "media-commerce-tfstate-222222222222",
  tags: { CostCenter: "commerce" },
  network: {
    vpcCidr: "10.20.0.0/16",
    subnets: [
      { tier: "public", prefixLength: 24 },
      { tier: "web", prefixLength: 22 }, // R1.4: private subnets for servers
      { tier: "was", prefixLength: 22 }, // R1.1: web + application tiers
      { tier: "db", prefixLength: 24 }, //  R1.4: private subnets for databases
    ],
    nat: { mode: "gateway-per-az" },
    bastionAllowedCidrs: ["198.51.100.0/24"],
    bastionReaches: ["was"], // R1.4: the bastion's stated scope is the WAS tier (seed 001 feedback)
  },
  dns: { domain: "media-commerce.example.com" },
};
