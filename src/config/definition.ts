/**
 * The environment definition: the single input of the project.
 *
 * One definition per environment (see src/environments/). It is validated once,
 * up front, by `validateDefinition` (src/config/validate.ts); stacks only ever
 * see the validated, resolved {@link Environment}.
 *
 * The schema describes the shape and each field's own rules; rules that relate
 * fields to each other (subnets inside the VPC, AZs in the region, ...) live in
 * src/config/network-rules.ts so every problem is reported in one pass.
 */
import { z } from "zod";
import { parseCidr, isCidr, isPublicIpv4 } from "../lib/cidr";
import { dataSchema } from "./sections/data";
import { computeSchema } from "./sections/compute";
import { edgeSchema } from "./sections/edge";
import { drSchema } from "./sections/dr";
import { guardrailsSchema } from "./sections/guardrails";
import { usageSchema } from "./sections/usage";
import { cicdSchema } from "./sections/cicd";

/** A syntactically valid, canonical IPv4 CIDR (`10.0.0.0/16`). */
export const cidrString = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (!isCidr(parsed)) ctx.addIssue({ code: "custom", message: parsed.error });
});

/** The subnet tiers the platform knows, in their usual order. */
export const TIERS = ["public", "web", "was", "db"] as const;
/** A subnet tier. `was` is the optional second private application tier. */
export type Tier = (typeof TIERS)[number];

/** S3 bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit")
  .refine((v) => !v.includes(".."), "must not contain '..'")
  .refine((v) => !/^\d+\.\d+\.\d+\.\d+$/.test(v), "must not look like an IP address")
  .refine((v) => !v.startsWith("xn--") && !v.endsWith("-s3alias") && !v.endsWith("--ol-s3"), "must not use a reserved prefix or suffix (xn--, -s3alias, --ol-s3)");

/** A DNS name such as `buddyverse.link` or `shop.example.co.kr`. */
export const domainName = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name such as example.com");

const subnetTier = z
  .strictObject({
    /** Which tier these subnets serve. */
    tier: z.enum(TIERS),
    /** Explicit CIDRs, one per AZ in `azs` order. Give this or `prefixLength`. */
    cidrs: z.array(cidrString).optional(),
    /** Derive one subnet of this size per AZ from the VPC CIDR (16-28). Give this or `cidrs`. */
    prefixLength: z.number().int().min(16).max(28).optional(),
  })
  .refine((t) => (t.cidrs === undefined) !== (t.prefixLength === undefined), {
    message: "give exactly one of `cidrs` (explicit, one per AZ) or `prefixLength` (derived from the VPC CIDR)",
  });

const datacenterService = z.strictObject({
  /** What the service is, for rule descriptions (`payment`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-', at most 31 characters"),
  /** Address(es) of the service inside the datacenter. */
  cidr: cidrString,
  /** TCP port the service listens on. */
  port: z.number().int().min(1).max(65535),
});

const datacenter = z.strictObject({
  /** Public IPv4 address of the datacenter's VPN device (the customer gateway). */
  customerGatewayIp: z.string().refine(isPublicIpv4, "a public IPv4 address (the datacenter's VPN endpoint)"),
  /** BGP ASN of the customer gateway; routing is static, AWS still requires one. @default 65000 */
  bgpAsn: z.number().int().min(1).max(4294967294).default(65000),
  /** Datacenter CIDRs routed over the VPN (static routes). Must not overlap the VPC. */
  cidrs: z.array(cidrString).min(1),
  /** Private tiers whose route tables get the datacenter routes. @default ["web"] */
  routedTiers: z.array(z.enum(["web", "was"])).min(1).default(["web"]),
  /** The only datacenter services the routed tiers may open connections to (R0.4). */
  services: z.array(datacenterService).min(1),
});

const network = z.strictObject({
  /** IPv4 CIDR of the VPC, /16 to /28. */
  vpcCidr: cidrString,
  /** Subnet tiers in allocation order: `public`, `web` and `db` are required, `was` optional. Derived tiers are allocated first-fit in this order, so append new tiers at the end. */
  subnets: z.array(subnetTier).min(1),
  /** How private subnets reach the internet. */
  nat: z
    .strictObject({
      /**
       * `gateway-per-az` (production: one NAT gateway per AZ), `single-gateway` (cheaper, one AZ's
       * failure cuts egress) or `instance` (cheapest: a self-healing NAT instance per AZ).
       * @default "gateway-per-az"
       */
      mode: z.enum(["gateway-per-az", "single-gateway", "instance"]).default("gateway-per-az"),
      /** Instance type of NAT instances (mode `instance` only). @default "t4g.nano" */
      instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as t4g.nano").default("t4g.nano"),
      /** SSM parameter of the NAT instance AMI; must match the instance type's architecture. @default Amazon Linux 2023 arm64 */
      amiParameter: z.string().startsWith("/").default("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"),
    })
    .prefault({}),
  /** Site-to-site VPN to an on-premises datacenter. @default none */
  datacenter: datacenter.optional(),
  /** CIDRs allowed to reach the bastion on SSH 22; never 0.0.0.0/0. @default [] (Session Manager only) */
  bastionAllowedCidrs: z.array(cidrString).default([]),
  /**
   * Tiers the bastion may open connections to: SSH 22 to `web`/`was`, MySQL 3306 to `db`.
   * State the scope explicitly (R1.4). @default ["web"]
   */
  bastionReaches: z.array(z.enum(["web", "was", "db"])).min(1).default(["web"]),
  /** Ports WEB instances accept from the public load balancer (R3.3 lists 80 and 443). @default [80] */
  webIngressPorts: z.array(z.number().int().min(1).max(65535)).min(1).default([80]),
  /** Days VPC flow logs are kept in CloudWatch Logs. @default 365 */
  flowLogRetentionDays: z
    .literal([30, 60, 90, 180, 365, 400, 545, 731, 1827, 3653])
    .default(365),
});

const dns = z.strictObject({
  /** The site's domain (`buddyverse.link`). */
  domain: domainName,
  /** Adopt this existing public hosted zone instead of creating one. @default - a zone is created */
  zoneId: z.string().regex(/^Z[A-Z0-9]{4,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
  /** Days the created zone's DNS query logs are kept in CloudWatch Logs in us-east-1 (CKV2_AWS_39, CKV_AWS_338). @default 365 */
  queryLogRetentionDays: z.literal([30, 60, 90, 180, 365, 400, 545, 731, 1827, 3653]).default(365),
});

/** The schema of an environment definition as a user writes it. */
export const definitionSchema = z.strictObject({
  /** Environment name: 3-20 characters of a-z, 0-9 and '-'; prefixes every resource name. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, "3-20 characters of a-z, 0-9 and '-', starting with a letter"),
  /** One line for operators: what this environment is. @default "" */
  description: z.string().max(200).default(""),
  /** AWS account id; the provider refuses to touch any other account. */
  account: z.string().regex(/^\d{12}$/, "a 12-digit AWS account id"),
  /** Primary region (`ap-northeast-2`). */
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "an AWS region such as ap-northeast-2"),
  /** Availability zones, at least two, each in `region` (`ap-northeast-2a`). Order is the AZ order of every per-AZ list. */
  azs: z.array(z.string()).min(2, "at least two availability zones are needed for high availability"),
  /**
   * What destroying the environment may do.
   * - `retain` (production): every stateful resource has `prevent_destroy`,
   *   databases and load balancers deletion protection, databases and caches
   *   take a final snapshot, buckets, vaults and zones are never emptied by a
   *   destroy, the media copies are Object-Locked and the backup vault locked.
   * - `disposable` (staging, a sandbox, a short-lived test): none of that, so
   *   `cdktf destroy` removes everything (README: teardown order); buckets and
   *   vaults are emptied on destroy, secrets deleted without a recovery window.
   *   Irreversible locks (`data.media.backup.objectLockMode: "COMPLIANCE"`,
   *   `data.backupPlan.vaultLock`) are refused with it.
   * @default "retain"
   */
  lifecycle: z.enum(["retain", "disposable"]).default("retain"),
  /** Globally unique name of the S3 bucket holding this environment's Terraform state. */
  stateBucket: bucketName,
  /** Extra tags on every resource. Project, Environment, Stack and ManagedBy are set by the project. @default {} */
  tags: z.record(z.string().regex(/^(?!aws:)[\w .:/=+@-]{1,128}$/, "a tag key of at most 128 characters, not starting with aws:"), z.string().max(256)).default({}),
  network,
  dns,
  data: dataSchema.optional(),
  compute: computeSchema.optional(),
  edge: edgeSchema.optional(),
  dr: drSchema.optional(),
  guardrails: guardrailsSchema.optional(),
  /** Monthly traffic and stored data for the cost estimate (src/config/sections/usage.ts). @default {} (a small site) */
  usage: usageSchema.prefault({}),
  /** How the GitHub Actions pipeline reaches this environment (OIDC roles; see sections/cicd.ts). @default - no pipeline access: pull requests are reviewed, not planned or applied */
  cicd: cicdSchema.optional(),
});

/** An environment definition as a user writes it (optional fields may be left out). */
export type EnvironmentDefinition = z.input<typeof definitionSchema>;
/** A parsed definition with every default filled in. */
export type ParsedDefinition = z.output<typeof definitionSchema>;

/** The validated environment every stack receives: the parsed definition plus the resolved subnet layout. */
export interface Environment extends ParsedDefinition {
  /** Subnet CIDRs per tier, one per AZ in `azs` order; tiers the environment lacks are absent. */
  readonly layout: Readonly<Partial<Record<Tier, readonly string[]>>>;
}
