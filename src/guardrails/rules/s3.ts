/**
 * S3 rules. With AWS provider 5.x a bucket's settings are separate resources
 * (`aws_s3_bucket_public_access_block`, `..._versioning`, ...) that point at the
 * bucket; the rules find them through references, in any stack of the
 * environment (the media bucket's policy lives in the edge stack when a CDN
 * reads it).
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { actionsOf, allows, anyPrincipal, conditionValue, hasCondition, statements } from "../policy-document";
import { Rule, rule } from "../rule";
import { Body, blocks, isFalse, isTrue, num, show, str } from "../../synthesized/terraform-json";

/** Settings resources of `type` that point at `bucket`. */
function settings(bucket: TfResource, type: string, model: TerraformIndex): TfResource[] {
  return model.referrers(bucket, type, ["bucket"]);
}

/** The default-encryption rules of a bucket (separate resource, or the legacy inline block). */
function encryptionDefaults(bucket: TfResource, model: TerraformIndex): Body[] {
  const separate = settings(bucket, "aws_s3_bucket_server_side_encryption_configuration", model).flatMap((r) => blocks(r.attrs.rule));
  const inline = blocks(bucket.attrs.server_side_encryption_configuration).flatMap((c) => blocks(c.rule));
  return [...separate, ...inline].flatMap((r) => blocks(r.apply_server_side_encryption_by_default));
}

/** The bucket receives load balancer access logs (`aws_lb.access_logs.bucket` points at it). */
function isLoadBalancerLogBucket(bucket: TfResource, model: TerraformIndex): boolean {
  return ["aws_lb", "aws_alb"].some((type) => model.referrers(bucket, type, ["access_logs"]).length > 0);
}

/**
 * The bucket receives S3 server access logs: an `aws_s3_bucket_logging`'s
 * `target_bucket` refers to it, or names it literally (a bucket of another
 * stack named in advance, like the region's access-log bucket).
 */
export function isAccessLogTarget(bucket: TfResource, model: TerraformIndex): boolean {
  if (model.referrers(bucket, "aws_s3_bucket_logging", ["target_bucket"]).length > 0) return true;
  const name = str(bucket.attrs.bucket);
  return name !== undefined && model.ofType("aws_s3_bucket_logging").some((l) => l.attrs.target_bucket === name);
}

const PAB_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** S3 rules. */
export const S3_RULES: readonly Rule[] = [
  rule({
    id: "s3-public-access-block",
    checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket has a public access block with all four flags on.",
    reason: "The block is what stops a later ACL or policy edit from publishing the bucket's objects.",
    fix: "Create buckets through SecureBucket (src/constructs/secure-bucket.ts), which adds the block with all four flags.",
    check(bucket, model) {
      const blocksOf = settings(bucket, "aws_s3_bucket_public_access_block", model);
      if (blocksOf.length === 0) return "no aws_s3_bucket_public_access_block points at this bucket";
      const off = PAB_FLAGS.filter((f) => blocksOf.every((b) => !isTrue(b.attrs[f])));
      if (off.length > 0) return `public access block leaves ${off.join(", ")} off`;
      return undefined;
    },
  }),
  rule({
    id: "s3-versioning",
    checkov: ["CKV_AWS_21"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket has versioning enabled.",
    reason: "Versioning is what brings an overwritten or deleted object back (X.3); replication and Object Lock require it.",
    fix: "Use SecureBucket, which adds aws_s3_bucket_versioning with status Enabled.",
    check(bucket, model) {
      const separate = settings(bucket, "aws_s3_bucket_versioning", model).flatMap((v) => blocks(v.attrs.versioning_configuration));
      if (separate.some((c) => c.status === "Enabled")) return undefined;
      if (blocks(bucket.attrs.versioning).some((v) => isTrue(v.enabled))) return undefined;
      return separate.length > 0 ? `versioning status is ${show(separate[0].status)}` : "no aws_s3_bucket_versioning enables versioning";
    },
  }),
  rule({
    id: "s3-default-encryption",
    checkov: ["CKV_AWS_19"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket declares default encryption.",
    reason: "Declaring it keeps the encryption choice reviewable and stops an API default from deciding it.",
    fix: "Use SecureBucket, which writes aws_s3_bucket_server_side_encryption_configuration.",
    check(bucket, model) {
      const defaults = encryptionDefaults(bucket, model);
      if (defaults.length === 0) return "no aws_s3_bucket_server_side_encryption_configuration points at this bucket";
      const algorithms = defaults.map((d) => str(d.sse_algorithm));
      if (!algorithms.some((a) => a === "AES256" || a === "aws:kms" || a === "aws:kms:dsse")) return `sse_algorithm is ${show(algorithms[0])}`;
      return undefined;
    },
  }),
  rule({
    id: "s3-kms-encryption",
    checkov: ["CKV_AWS_145"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Buckets are encrypted with a customer-managed KMS key.",
    reason: "A customer-managed key puts reading the data under a key policy and CloudTrail, and lets the key be disabled in an incident (R3.11).",
    fix: "Give SecureBucket an EncryptionKey (sse_algorithm aws:kms with kms_master_key_id).",
    exceptions:
      "A bucket that receives load balancer access logs (an aws_lb's access_logs.bucket points at it) or S3 server access logs (an aws_s3_bucket_logging's target_bucket names it) and uses SSE-S3 (AES256): both deliveries only support SSE-S3, a KMS-encrypted bucket silently receives no logs (AlbLogBucket, AccessLogBucket).",
    check(bucket, model) {
      const defaults = encryptionDefaults(bucket, model);
      if (defaults.some((d) => (d.sse_algorithm === "aws:kms" || d.sse_algorithm === "aws:kms:dsse") && typeof d.kms_master_key_id === "string" && d.kms_master_key_id !== "")) {
        return undefined;
      }
      if (defaults.some((d) => d.sse_algorithm === "AES256") && (isLoadBalancerLogBucket(bucket, model) || isAccessLogTarget(bucket, model))) return undefined;
      if (defaults.length === 0) return "no default encryption is declared";
      const d = defaults[0];
      return d.sse_algorithm === "AES256" ? "encrypted with SSE-S3 (AES256), not a customer-managed KMS key" : `sse_algorithm ${show(d.sse_algorithm)} without kms_master_key_id`;
    },
  }),
  rule({
    id: "s3-access-logging",
    checkov: ["CKV_AWS_18"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket sends S3 server access logs to the region's access-log bucket.",
    reason: "Server access logs record every request to a bucket (who read, wrote or deleted which object, from where): the evidence after a leak or a bad overwrite, state included.",
    fix: "Give SecureBucket accessLogs { bucket: accessLogBucketName(stateBucket, region), prefix } (an aws_s3_bucket_logging with target_bucket and target_prefix).",
    exceptions:
      "The access-log bucket itself (an aws_s3_bucket_logging's target_bucket names it): logging it into itself would log its own log deliveries without end (AccessLogBucket).",
    check(bucket, model) {
      const logging = settings(bucket, "aws_s3_bucket_logging", model);
      if (logging.some((l) => typeof l.attrs.target_bucket === "string" && l.attrs.target_bucket !== "")) return undefined;
      if (isAccessLogTarget(bucket, model)) return undefined;
      return logging.length > 0 ? "aws_s3_bucket_logging has no target_bucket" : "no aws_s3_bucket_logging points at this bucket";
    },
  }),
  rule({
    id: "s3-bucket-owner-enforced",
    checkov: ["CKV2_AWS_65"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket disables ACLs (object ownership BucketOwnerEnforced).",
    reason: "With ACLs disabled only policies grant access, so a per-object ACL cannot quietly publish or hand away an object.",
    fix: "Use SecureBucket, which sets aws_s3_bucket_ownership_controls to BucketOwnerEnforced.",
    check(bucket, model) {
      const rules = settings(bucket, "aws_s3_bucket_ownership_controls", model).flatMap((o) => blocks(o.attrs.rule));
      if (rules.some((r) => r.object_ownership === "BucketOwnerEnforced")) return undefined;
      return rules.length > 0 ? `object_ownership is ${show(rules[0].object_ownership)}` : "no aws_s3_bucket_ownership_controls points at this bucket";
    },
  }),
  rule({
    id: "s3-abort-incomplete-uploads",
    checkov: ["CKV2_AWS_61", "CKV_AWS_300"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket has a lifecycle configuration that aborts incomplete multipart uploads.",
    reason: "Abandoned multipart uploads are invisible in listings and billed forever.",
    fix: "Use SecureBucket, whose lifecycle rule aborts incomplete uploads after 7 days.",
    check(bucket, model) {
      const configs = settings(bucket, "aws_s3_bucket_lifecycle_configuration", model);
      if (configs.length === 0) return "no aws_s3_bucket_lifecycle_configuration points at this bucket";
      const ok = configs
        .flatMap((c) => blocks(c.attrs.rule))
        .some((r) => r.status === "Enabled" && blocks(r.abort_incomplete_multipart_upload).some((a) => (num(a.days_after_initiation) ?? 0) > 0));
      if (!ok) return "no enabled lifecycle rule sets abort_incomplete_multipart_upload";
      return undefined;
    },
  }),
  rule({
    id: "s3-bucket-policy",
    checkov: ["CKV_AWS_70"],
    service: "s3",
    types: ["aws_s3_bucket"],
    title: "Every bucket has one policy that denies non-TLS requests and allows no unconditioned '*' principal.",
    reason: "An Allow to '*' publishes the bucket; without a Deny on aws:SecureTransport=false objects can be read and written over plain HTTP (AWS Config s3-bucket-ssl-requests-only).",
    fix: "Use SecureBucket (its policy starts with denyInsecureTransport from src/lib/policy.ts); grant services by service principal with a source condition.",
    check(bucket, model) {
      const policies = settings(bucket, "aws_s3_bucket_policy", model);
      const inline = typeof bucket.attrs.policy === "string" ? [bucket.attrs.policy] : [];
      const documents = [...policies.map((p) => p.attrs.policy), ...inline];
      if (documents.length === 0) return "no aws_s3_bucket_policy points at this bucket (nothing denies plain-HTTP requests)";
      const problems: string[] = [];
      if (documents.length > 1) {
        problems.push(`${documents.length} policies manage this bucket (${policies.map((p) => `${p.stack}/${p.address}`).join(", ")}); they overwrite each other on every apply`);
      }
      const all = documents.map(statements);
      if (all.some((s) => s === undefined)) problems.push("a policy is not a literal JSON document the guardrails can read");
      const parsed = all.flatMap((s) => s ?? []);
      for (const s of parsed) {
        if (allows(s) && anyPrincipal(s) && !hasCondition(s)) problems.push(`statement ${show(s.Sid ?? actionsOf(s).join(","))} allows any principal without a condition`);
      }
      const denies = parsed.some((s) => s.Effect === "Deny" && anyPrincipal(s) && isFalse(conditionValue(s, "Bool", "aws:SecureTransport")));
      if (!denies) problems.push('no statement denies requests with "aws:SecureTransport": "false"');
      return problems;
    },
  }),
];
