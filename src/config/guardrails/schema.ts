/**
 * The `guardrails` section of an environment definition: the reasoned
 * exceptions to the guardrail rule pack (src/guardrails/) that runs on every
 * synthesis.
 *
 * A suppression is a per-environment decision that a rule does not apply, with
 * the reason written next to it so a reviewer sees it in the definition and in
 * the preset tests (`__tests__/guardrails/presets.test.ts` lists every
 * suppression in use). Rules that can recognise a safe case precisely (the ALB
 * log bucket's SSE-S3, a NAT instance's egress) accept it themselves; suppress
 * only what is a choice of this environment.
 *
 * That `rule` names a rule of the pack (and `resource` a type the rule looks at)
 * is checked in src/config/guardrails/rules.ts, which knows the pack's ids.
 */
import { z } from "zod";
import { GUARDRAILS_RULES, SUPPRESSION_RULES } from "./rules";

/** Minimum length of a suppression's reason: enough for "who decided what, and why". */
export const MIN_REASON_LENGTH = 10;

const suppression = z.strictObject({
  /** A rule id of the pack (`alb-https-listeners`) or a checkov id a rule mirrors (`CKV_AWS_2`). */
  rule: z.string().trim().min(1, "name a rule id of the pack (src/guardrails/rules) or a checkov id such as CKV_AWS_2"),
  /**
   * The Terraform address of the one resource it covers, as in the synthesized
   * JSON and in the violation (`aws_lb_listener.internal-alb_listener`).
   * @default - every resource of the environment the rule examines
   */
  resource: z
    .string()
    .regex(/^[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+$/, "a Terraform address such as aws_s3_bucket.alb-logs_bucket_bucket (type.name, as the violation prints it)")
    .optional(),
  /**
   * The stack kind it covers (`network`, `data`, `compute`, `edge`, `state`, or `dr-...`).
   * @default - every stack of the environment
   */
  stack: z
    .string()
    .regex(/^(state|network|data|compute|edge|cicd|dr-[a-z0-9-]+)$/, "a stack kind: state, network, data, compute, edge, cicd or dr-<name>")
    .optional(),
  /**
   * Why the rule does not apply here: the decision, who took it or which
   * requirement demands it (`pending: <issue>` while a fix is on its way).
   */
  reason: z
    .string()
    .trim()
    .min(MIN_REASON_LENGTH, `say why the rule does not apply here in at least ${MIN_REASON_LENGTH} characters (the decision and the requirement or issue behind it)`),
}).check(...SUPPRESSION_RULES);

const vpcOverlap = z.strictObject({
  /** The other registered environment (same account and region) whose VPC CIDR overlaps this one's. */
  environment: z.string().min(1),
  /** Why the overlap is acceptable: the two VPCs will never be peered, share a transit gateway or a VPN. */
  reason: z
    .string()
    .trim()
    .min(MIN_REASON_LENGTH, `say why the overlap is acceptable in at least ${MIN_REASON_LENGTH} characters (the VPCs are never peered or routed together)`),
});

/** Schema of the `guardrails` section. */
export const guardrailsSchema = z.strictObject({
  /** Reasoned exceptions to the rule pack; each must match a violation, or synthesis warns it is stale. @default [] */
  suppressions: z.array(suppression).default([]),
  /**
   * Environments in the same account and region whose VPC CIDR may overlap this one's; silences
   * the synth-time warning for each, with the reason (src/config/environment-clashes.ts). @default []
   */
  vpcOverlaps: z.array(vpcOverlap).default([]),
}).check(...GUARDRAILS_RULES);

/** The parsed `guardrails` section. */
export type GuardrailsSection = z.output<typeof guardrailsSchema>;
/** One parsed suppression. */
export type GuardrailSuppression = GuardrailsSection["suppressions"][number];
