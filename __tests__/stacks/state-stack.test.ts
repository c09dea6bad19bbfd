/**
 * X.1: the state bucket, and every other stack's S3 backend with native locking.
 */
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { resources, synthEnvironment } from "../support/synth";

type Res = Record<string, any>;

describe("X.1 state bucket (buddyverse)", () => {
  const { json } = synthEnvironment(buddyverse);
  const state = json.state;
  const one = (type: string): Res => {
    // The state bucket's own resources (the stack also holds the region's access-log bucket).
    const all = Object.entries(resources(state, type))
      .filter(([name]) => name === "state" || name.startsWith("state_"))
      .map(([, r]) => r) as Res[];
    expect(all).toHaveLength(1);
    return all[0];
  };

  it("is named by the definition and protected from destroy", () => {
    const bucket = one("aws_s3_bucket");
    expect(bucket.bucket).toBe("buddyverse-tfstate-444444444444");
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("is versioned, KMS-encrypted with a rotating key, and blocks public access (CKV_AWS_21/145, CKV2_AWS_6)", () => {
    expect(one("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    const sse = one("aws_s3_bucket_server_side_encryption_configuration").rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\.state\.arn/);
    expect(one("aws_kms_key").enable_key_rotation).toBe(true);
    expect(one("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(one("aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerEnforced");
  });

  it("denies any request without TLS, and TLS older than 1.2", () => {
    const policy = JSON.parse(one("aws_s3_bucket_policy").policy);
    const denies = policy.Statement.filter((s: Res) => s.Effect === "Deny");
    expect(denies.map((s: Res) => s.Condition)).toEqual([
      { Bool: { "aws:SecureTransport": "false" } },
      { NumericLessThan: { "s3:TlsVersion": 1.2 } },
    ]);
    expect(policy.Statement.some((s: Res) => s.Effect === "Allow")).toBe(false);
  });

  it("expires superseded state versions after 90 days and aborts stale uploads (CKV2_AWS_61)", () => {
    const rules = one("aws_s3_bucket_lifecycle_configuration").rule as Res[];
    expect(rules.find((r) => r.id === "expire-noncurrent-versions")!.noncurrent_version_expiration[0].noncurrent_days).toBe(90);
    expect(rules.find((r) => r.id === "abort-incomplete-uploads")!.abort_incomplete_multipart_upload[0].days_after_initiation).toBe(7);
  });

  it("keeps its own state locally (the bucket must exist before any S3 backend initializes)", () => {
    expect(state.terraform!.backend).toEqual({ local: { path: "../../../buddyverse-state.tfstate" } });
  });

  it("guards the account: the provider refuses any account but the definition's", () => {
    expect((state.provider!.aws[0] as Res).allowed_account_ids).toEqual(["444444444444"]);
  });
});

describe.each(PRESETS.map((p) => [p.name, p] as const))("X.1 %s remote state", (name, preset) => {
  const { json, env } = synthEnvironment(preset);

  it("every stack but state uses the S3 backend in the state bucket, key <env>/<kind>.tfstate, encrypted, with S3 native locking", () => {
    const kinds = Object.keys(json).filter((k) => k !== "state");
    expect(kinds).toContain("network");
    for (const kind of kinds) {
      expect(json[kind].terraform!.backend).toEqual({
        s3: { bucket: env.stateBucket, key: `${name}/${kind}.tfstate`, region: env.region, encrypt: true, use_lockfile: true },
      });
    }
  });

  it("no DynamoDB lock table anywhere", () => {
    for (const stack of Object.values(json)) {
      expect(resources(stack, "aws_dynamodb_table")).toEqual({});
      expect(JSON.stringify(stack.terraform)).not.toMatch(/dynamodb_table/);
    }
  });

  it("tags everything through default_tags: Project, Environment, Stack, ManagedBy and the definition's tags", () => {
    for (const [kind, stack] of Object.entries(json)) {
      const tags = ((stack.provider!.aws[0] as Res).default_tags[0] as Res).tags;
      expect(tags).toMatchObject({ Environment: name, Stack: kind, ManagedBy: "cdktf", ...env.tags });
      expect(tags.Project).toBeTruthy();
    }
  });
});
