/**
 * Preset `media-commerce` — source 001: e-commerce with terabytes of images and
 * video, a security review, sales-event load and global expansion plans.
 *
 * Requirement IDs: R1.1–R1.9 (see src/requirements/requirements.md).
 */
import { EnvironmentDefinition } from "../../config/definition";

export const mediaCommerce: EnvironmentDefinition = {
  name: "media-commerce",
  description: "E-commerce with a large media library (source 001)",
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
  data: {
    // Every alarm of every stack notifies <env>-alarms: a placeholder on-call address, replace it
    // with your team's (each address confirms its subscription by mail).
    alarms: { emails: ["commerce-oncall@example.com"] },
    // R1.9: Aurora MySQL; R1.6/R1.7: a writer and two readers, one per AZ (reader endpoint for reads).
    database: { engine: "aurora-mysql", instanceClass: "db.r6g.large", replicas: [{}, {}] },
    // R1.6: cache-aside for sales events; a node per AZ, automatic failover.
    cache: { engine: "valkey", nodeType: "cache.r7g.large", nodes: 3 },
    // R1.2: 3 TB+ of images and video, Intelligent-Tiering; R1.3: the independent, locked copy.
    media: { intelligentTieringAfterDays: 0, backup: { objectLockMode: "GOVERNANCE", objectLockDays: 30, storageClass: "GLACIER_IR" } },
    // R1.3, R1.7: AWS Backup of the cluster and the media bucket, kept 35 days.
    backupPlan: { retentionDays: 35 },
  },
  compute: {
    // Operators' SSH key; the bastion reaches WAS only (network.bastionReaches, R1.4). A placeholder
    // whose private half was discarded: replace it with your operators' public key.
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGUeNLGxlV64JsSOHyRkee5vQ+KZ7DL8Vrlb+SlnuNds media-commerce-operators",
    // R1.1, R1.7: WEB and WAS, one instance per AZ at least, scaling on CPU (CloudWatch alarms drive it).
    // R1.6: capacity raised ahead of the weekly Friday-evening sale (20:00 KST) and released after it;
    // add one pair of actions per known event window.
    web: {
      instanceType: "t3.medium",
      minSize: 3,
      desiredCapacity: 3,
      maxSize: 12,
      cpuTargetPercent: 50,
      scheduledActions: [
        { name: "sale-warmup", recurrence: "30 19 * * FRI", timeZone: "Asia/Seoul", minSize: 6, desiredCapacity: 6 },
        { name: "sale-release", recurrence: "0 2 * * SAT", timeZone: "Asia/Seoul", minSize: 3 },
      ],
    },
    was: {
      instanceType: "t3.large",
      minSize: 3,
      desiredCapacity: 3,
      maxSize: 12,
      cpuTargetPercent: 50,
      scheduledActions: [
        { name: "sale-warmup", recurrence: "30 19 * * FRI", timeZone: "Asia/Seoul", minSize: 6, desiredCapacity: 6 },
        { name: "sale-release", recurrence: "0 2 * * SAT", timeZone: "Asia/Seoul", minSize: 3 },
      ],
      application: { javaOptions: "-Xms1g -Xmx3g" },
    },
  },
  edge: {
    dns: { names: ["@", "www"] }, // A + AAAA aliases to CloudFront
    cdn: {
      // R1.2: images and videos from S3 through CloudFront (OAC); R1.5: the CDN fronts the whole site.
      mediaPaths: ["/media/*", "/images/*", "/videos/*"],
      mediaDefaultTtlSeconds: 86400,
      priceClass: "PriceClass_200", // includes Korea and Japan
      // R1.4 optional geo restriction, e.g. { type: "allow", countries: ["KR", "JP", "US"] }
    },
    // R1.4: managed rules + per-IP rate limit at CloudFront. Generous: shoppers behind
    // mobile carrier NAT share addresses during sales events.
    // Uploads (product images and videos from the back office, review photos) may exceed the 8 KB
    // body limit of the managed rules on these paths only; placeholders: name your upload endpoints.
    waf: {
      rateLimit: 5000,
      rateWindowSeconds: 300,
      uploads: [
        { paths: ["/admin/media/*"], maxBodyMb: 500 },
        { paths: ["/reviews/photos", "/account/profile-image"], maxBodyMb: 20 },
      ],
    },
    audit: { trail: true }, // R1.8
  },
  // R1.5, R1.7: a warm standby in Tokyo (docs/dr.md: RPO and RTO per tier, runbook). The Aurora cluster
  // becomes a global database's primary; media, backups and traffic fail over to ap-northeast-1.
  dr: {
    region: "ap-northeast-1",
    azs: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    vpcCidr: "10.21.0.0/16", // beside 10.20.0.0/16: the two VPCs can be peered
    strategy: "warm-standby", // one instance per tier, a DB reader and a cache running; dr.activate scales up
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
        rule: "CKV2_AWS_57",
        stack: "data",
        resource: "aws_secretsmanager_secret.origin-verify-secret",
        reason:
          "R1.4: the origin header value must change in CloudFront's origin and in the ALB listener rule together; a rotation Lambda changes only the secret and would lock viewers out. Rotation is the README runbook: put a new value, then apply compute, dr-compute and edge (the listener accepts the current and the previous value meanwhile).",
      },
      {
        rule: "alb-https-listeners",
        stack: "compute",
        resource: "aws_lb_listener.internal-alb",
        reason:
          "R1.1: WEB forwards to the internal load balancer in front of WAS on HTTP 8080 inside the VPC, reachable only from the WEB security group (see npm run reach); TLS on this hop would need a private CA, which the seed does not call for (viewers are served HTTPS through CloudFront and the public ALB).",
      },
      // Disaster recovery (dr, docs/dr.md).
      {
        rule: "alb-https-listeners",
        stack: "dr-compute",
        resource: "aws_lb_listener.internal-alb",
        reason: "R1.1, R1.7: the DR region's copy of the WEB → internal load balancer hop (HTTP 8080 inside the DR VPC, only from the WEB group), as in the primary compute stack.",
      },
      {
        rule: "alb-waf",
        stack: "compute",
        resource: "aws_lb.alb",
        reason:
          "pending: issue 7 — R1.4 holds: the ALB admits only CloudFront's origin-facing prefix list, forwards only requests carrying this distribution's origin secret header (X-Origin-Verify), and CloudFront has the web ACL, but CloudFront reaches it through the Route 53 failover name (origin.<domain>, dr-compute), which the rule does not follow yet.",
      },
      {
        rule: "alb-waf",
        stack: "dr-compute",
        resource: "aws_lb.alb",
        reason:
          "pending: issue 7 — as the primary ALB: the DR ALB admits only CloudFront's origin-facing prefix list of ap-northeast-1, forwards only requests with the origin secret header, and is reached through the failover name behind the CloudFront web ACL.",
      },
      {
        rule: "rds-multi-az",
        stack: "dr-data",
        resource: "aws_rds_cluster.database",
        reason:
          "R1.7: the global database's DR cluster is the primary's redundancy across regions; a warm standby keeps one reader, and dr.activate gives it the primary's writer and readers over ap-northeast-1a/1c/1d.",
      },
      {
        rule: "rds-cluster-backup-plan",
        stack: "dr-data",
        resource: "aws_rds_cluster.database",
        reason:
          "R1.7: the DR cluster is the global database's secondary, holding the primary cluster's data; the primary plan backs that cluster up and copies every recovery point to the DR vault (dr-storage).",
      },
    ],
  },
  // Cost estimate (npm run cost). R1.2: 3 TB of media and more (3.5 TB), growing 150 GB a month; sales-event traffic
  // served through CloudFront, the ALB carrying what CloudFront does not cache.
  usage: {
    requestsMillions: 300,
    internetEgressGb: 8000,
    albProcessedGb: 800,
    natProcessedGb: 300,
    dnsQueriesMillions: 5,
    mediaStoredGb: 3500,
    mediaNewGbPerMonth: 150,
    mediaAverageObjectMb: 2,
    mediaFrequentPercent: 20,
    databaseStorageGb: 200,
    databaseIoMillions: 500,
    logsIngestedGb: 100,
    flowLogsGb: 30,
  },
};
