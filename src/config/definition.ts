/**
 * The environment definition: the single input of the project.
 *
 * One definition per environment (see src/environments/). It is validated once,
 * up front, by `validateDefinition` (src/config/validate.ts); stacks only ever
 * see the validated, resolved {@link Environment}.
 *
 * Each section lives in its own folder (`network/`, `data/`, `compute/`, ...):
 * its schema, and its cross-field rules as zod refinements on the parsed,
 * defaulted values (src/config/rule.ts). Rules within one section are attached
 * to the section's schema; rules that span sections are attached here, so every
 * problem is reported in one pass.
 */
import { z } from "zod";
import { APPLY_TIME_RULES } from "./apply-time/rules";
import { COMPUTE_DEFINITION_RULES } from "./compute/rules";
import { computeSchema } from "./compute/schema";
import { DATA_DEFINITION_RULES } from "./data/rules";
import { dataSchema } from "./data/schema";
import { DR_DEFINITION_RULES } from "./dr/rules";
import { drSchema } from "./dr/schema";
import { EDGE_DEFINITION_RULES } from "./edge/rules";
import { edgeSchema } from "./edge/schema";
import { guardrailsSchema } from "./guardrails/schema";
import { LIFECYCLE_RULES } from "./lifecycle/rules";
import { NETWORK_DEFINITION_RULES } from "./network/rules";
import { networkSchema } from "./network/schema";
import { cicdSchema } from "./cicd/schema";
import { usageSchema } from "./usage/schema";

import type { Tier } from "./network/schema";

export { cidrString, TIERS } from "./network/schema";
/** The section types stacks and tools read (each section's folder defines them). */
export type { NetworkSection, Tier } from "./network/schema";
export type { AppTierSection, ComputeSection, ScheduledActionSection, TargetGroupSection, WasTierSection, WebTierSection } from "./compute/schema";
export type { BackupPlanSection, CacheSection, DataAlarmsSection, DatabaseSection, DataSection, MediaSection, SharedFilesSection } from "./data/schema";
export type { DrSection, DrStrategy } from "./dr/schema";
export type { CdnSettings, EdgeSection } from "./edge/schema";
export type { GuardrailsSection, GuardrailSuppression } from "./guardrails/schema";
export type { Usage, UsageInput } from "./usage/schema";

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

const dns = z.strictObject({
  /** The site's domain (`buddyverse.link`). */
  domain: domainName,
  /** Adopt this existing public hosted zone instead of creating one. @default - a zone is created */
  zoneId: z.string().regex(/^Z[A-Z0-9]{4,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional(),
  /** Days the created zone's DNS query logs are kept in CloudWatch Logs in us-east-1 (CKV2_AWS_39, CKV_AWS_338). @default 365 */
  queryLogRetentionDays: z.literal([30, 60, 90, 180, 365, 400, 545, 731, 1827, 3653]).default(365),
});

/** The shape of a definition, before the rules that span sections. */
const definitionShape = z.strictObject({
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
  network: networkSchema,
  dns,
  data: dataSchema.optional(),
  compute: computeSchema.optional(),
  edge: edgeSchema.optional(),
  dr: drSchema.optional(),
  guardrails: guardrailsSchema.optional(),
  /** Monthly traffic and stored data for the cost estimate (src/config/usage/schema.ts). @default {} (a small site) */
  usage: usageSchema.prefault({}),
  /** How the GitHub Actions pipeline reaches this environment (OIDC roles; see cicd/schema.ts). @default - no pipeline access: pull requests are reviewed, not planned or applied */
  cicd: cicdSchema.optional(),
});

/** A parsed definition with every default filled in. */
export type ParsedDefinition = z.output<typeof definitionShape>;

/** The schema of an environment definition as a user writes it, with every cross-field rule. */
export const definitionSchema = definitionShape.check(
  ...NETWORK_DEFINITION_RULES,
  ...DATA_DEFINITION_RULES,
  ...COMPUTE_DEFINITION_RULES,
  ...EDGE_DEFINITION_RULES,
  ...DR_DEFINITION_RULES,
  ...LIFECYCLE_RULES,
  ...APPLY_TIME_RULES,
);

/** An environment definition as a user writes it (optional fields may be left out). */
export type EnvironmentDefinition = z.input<typeof definitionSchema>;

/** The validated environment every stack receives: the parsed definition plus the resolved subnet layout. */
export interface Environment extends ParsedDefinition {
  /** Subnet CIDRs per tier, one per AZ in `azs` order; tiers the environment lacks are absent. */
  readonly layout: Readonly<Partial<Record<Tier, readonly string[]>>>;
}
