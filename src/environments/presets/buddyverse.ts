/**
 * Preset `buddyverse` — source 003: PLAY BUDDY's social platform migrated to AWS.
 * The seed lists exact names, CIDRs and settings; this preset reproduces them.
 *
 * Requirement IDs: R3.1–R3.11 (see src/requirements/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const buddyverse: EnvironmentDefinition = {
  name: "buddyverse",
  description: "BUDDYVERSE social platform (source 003)",
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
  data: {
    // Every alarm of every stack notifies <env>-alarms: a placeholder on-call address, replace it
    // with your team's (each address confirms its subscription by mail).
    alarms: { emails: ["buddyverse-ops@example.com"] },
    // R3.7: primary in 2a and a read replica in 2c (a pinned primary cannot be Multi-AZ), utf8mb4;
    // R3.11: encrypted at rest (KMS) and TLS required in transit.
    // The seed's parameter group: collation_server utf8mb4_unicode_ci, collation_connection utf8mb4_general_ci.
    database: {
      engine: "mysql",
      multiAz: false,
      primaryAz: "ap-northeast-2a",
      replicas: [{ az: "ap-northeast-2c" }],
      collation: "utf8mb4_unicode_ci",
      connectionCollation: "utf8mb4_general_ci",
    },
    // R3.6: EFS for /static and /media, mount targets in both web subnets, IA after 30 days.
    sharedFiles: { accessPoints: [{ path: "/static" }, { path: "/media" }], transitionToIaDays: 30 },
  },
  compute: {
    // R3.3: key-only SSH to the bastion and on to the web tier. A placeholder whose private half
    // was discarded: replace it with your operators' public key.
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILj6fmBH5F0k7KatqkIF7YLeCLDR4keDaX3qdx9rVSBb buddyverse-operators",
    // R3.3: the seed's two bastions, one per public subnet (Buddy-Public1 in 2a, Buddy-Public2 in 2c),
    // each with its own fixed IP: operators get in while either AZ is down.
    bastion: { az: "ap-northeast-2a", additionalAzs: ["ap-northeast-2c"] },
    web: {
      // R3.5: desired 2, min 2, max 4 across both web subnets, CPU target tracking, ELB health checks.
      minSize: 2,
      desiredCapacity: 2,
      maxSize: 4,
      cpuTargetPercent: 50,
      // R3.4: round robin with a load-balancer-generated cookie.
      targetGroup: { algorithm: "round_robin", stickiness: { durationSeconds: 86400 } },
      // R3.6: the EFS access points mounted at boot.
      efsMounts: ["/static", "/media"],
    },
    // R3.9: ACM certificate for buddyverse.link (and www), DNS-validated; HTTPS with TLS 1.3, 80 → 443.
    loadBalancer: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
  },
  edge: {
    // R3.8: buddyverse.link (and www) alias A records to the ALB; no AAAA, the ALB is IPv4-only.
    dns: { names: ["@", "www"] },
    // Regional web ACL on the ALB (R3.11 in transit: HTTPS only). The board takes photo attachments
    // (seed 003's EFS test posts one, R3.6): bodies up to 20 MiB under /board/, 8 KB everywhere else.
    waf: { rateLimit: 2000, uploads: [{ paths: ["/board/*"], maxBodyMb: 20 }] },
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
        rule: "rds-multi-az",
        stack: "data",
        resource: "aws_db_instance.database_primary",
        reason:
          "R3.7: the seed pins the primary to ap-northeast-2a with a read replica in 2c, and a pinned primary cannot be Multi-AZ (RDS refuses availability_zone with multi_az); failover is a manual promotion of the replica.",
      },
    ],
  },
  // Cost estimate (npm run cost): a social platform's monthly traffic; /static and /media on EFS (R3.6).
  usage: { requestsMillions: 30, internetEgressGb: 500, natProcessedGb: 100, efsStoredGb: 200, efsInfrequentPercent: 60, logsIngestedGb: 20 },
};
