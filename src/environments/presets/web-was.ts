/**
 * Preset `web-was` — source 002: a classic WEB (nginx) / WAS (Spring Boot)
 * split behind public and internal load balancers, with a bastion for developers.
 *
 * Requirement IDs: R2.1–R2.9 (see src/requirements/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

/** The prebuilt EFS mount helper for the Ubuntu tiers (a placeholder artifact: build and upload yours). */
const EFS_UTILS_DEB = "s3://web-was-artifacts-333333333333/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb";

export const webWas: EnvironmentDefinition = {
  name: "web-was",
  description: "nginx WEB and Spring Boot WAS tiers (source 002)",
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
    // R2.8: seed 002 — "instances in the VPC leave with the SAME IP": one NAT gateway, one fixed egress IP.
    // The availability cost (docs/web-was.md, Egress IPs): while its AZ is down, no private instance
    // reaches the internet. "gateway-per-az" removes that at the price of one IP per AZ.
    nat: { mode: "single-gateway" },
    bastionAllowedCidrs: ["198.51.100.0/24", "192.0.2.0/28"], // R2.1: allowed addresses only
    bastionReaches: ["web", "was"], // developers reach both tiers
  },
  dns: { domain: "web-was.example.com" },
  data: {
    // Every alarm of every stack notifies <env>-alarms: a placeholder on-call address, replace it
    // with your team's (each address confirms its subscription by mail).
    alarms: { emails: ["platform-ops@example.com"] },
    // R2.4: a read/write primary (Multi-AZ) and a read-only replica: separate writer and reader endpoints.
    database: { engine: "mysql", multiAz: true, replicas: [{}] },
    // R2.5: instance logs shipped to durable shared storage.
    sharedFiles: { accessPoints: [{ path: "/logs" }] },
  },
  compute: {
    // R2.1: developers' key pair (public key only; never passwords). A placeholder whose private
    // half was discarded: replace it with your developers' public key.
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74oGk8kWmoilxYZ2r1zl+8ARn1l4rPpoegLWI+4MZa web-was-operators",
    // R2.9: an OS per role. The seed ran Ubuntu 20.04 on WEB and WAS; its standard support ended in
    // 2025, so both run 22.04 here ("ubuntu-20.04" reproduces the seed). The bastion runs Amazon Linux.
    bastion: { os: "amazon-linux-2023" },
    // R2.3: nginx WEB proxying to the internal load balancer on 8080; R2.5: logs to CloudWatch Logs
    // and, every minute, to the /logs EFS access point.
    // Ubuntu does not package the EFS mount helper and no boot may build it: both tiers install the
    // amazon-efs-utils .deb built once by CI (efs-utils' ./build-deb.sh on Ubuntu 22.04, amd64) from
    // this placeholder artifact bucket; their roles may read exactly that object.
    web: { os: "ubuntu-22.04", efsLogArchivePath: "/logs", efsUtilsPackage: EFS_UTILS_DEB },
    // R2.3: Spring Boot WAS behind the internal load balancer, each tier auto scaling.
    was: { os: "ubuntu-22.04", efsLogArchivePath: "/logs", efsUtilsPackage: EFS_UTILS_DEB },
  },
  edge: {
    dns: { names: ["@", "www"] }, // alias A records to the public ALB (R2.2)
    waf: { rateLimit: 2000 }, // regional web ACL on the ALB
    audit: { trail: true },
  },
  // Guardrails (src/guardrails): the rule pack runs on every synth; this environment's reasoned exceptions.
  guardrails: {
    suppressions: [
      {
        rule: "CKV2_AWS_57",
        stack: "data",
        resource: "aws_secretsmanager_secret.db-master-secret",
        reason:
          "X.4: the master password is write-only (master_password_wo from an ephemeral variable, never in state); a rotation Lambda would change it behind Terraform's back and the next password version would overwrite it. Rotation is an apply: raise data.masterPasswordVersion with a new TF_VAR_db_master_password.",
      },
      {
        rule: "alb-https-listeners",
        stack: "compute",
        resource: "aws_lb_listener.internal-alb",
        reason:
          "R2.3: WEB forwards to the internal load balancer in front of WAS on HTTP 8080 inside the VPC, reachable only from the WEB security group (see npm run reach); TLS on this hop would need a private CA, which the seed does not call for.",
      },
    ],
  },
  // Cost estimate (npm run cost): monthly traffic and data; logs also go to EFS.
  usage: { requestsMillions: 20, internetEgressGb: 300, natProcessedGb: 50, efsStoredGb: 50, logsIngestedGb: 30 },
};
