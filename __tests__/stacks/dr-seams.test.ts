/**
 * Where the primary stacks meet the DR region (R1.5, R1.7): the media
 * bucket's second replication rule, the backup plan's copy action, the Aurora
 * cluster becoming a global database's primary without being replaced, and
 * CloudFront / the site's names failing over. The primary names DR resources
 * from the definition and never reads a DR stack it precedes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { validateDefinition } from "../../src/config/validate";
import { CONTRACTS } from "../../src/contract";
import { DB_MASTER_PASSWORD_VARIABLE } from "../../src/constructs/db-master-secret";
import { MEDIA_FAILOVER_STATUS_CODES } from "../../src/constructs/cdn-distribution";
import { PRESETS } from "../../src/environments";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { DataStack } from "../../src/stacks/data-stack";
import { formatOfflineResult, prepareOfflineStackJson, removeOfflineWorkDir, runOffline, stubsFromTables } from "../../src/tools/terraform/terraform-offline";
import { resources, StackJson, synthEnvironment, SynthesizedEnvironment, variant } from "../support/synth";
import { one, Res } from "../support/stack-json";
import { describeWithTerraform } from "../support/terraform";


const withoutDr = variant(mediaCommerce, (d) => delete d.dr);
const noCdn = variant(mediaCommerce, (d) => delete d.edge.cdn);

let warm: SynthesizedEnvironment;
let plain: SynthesizedEnvironment;
let direct: SynthesizedEnvironment;
beforeAll(() => {
  warm = synthEnvironment(mediaCommerce);
  plain = synthEnvironment(withoutDr);
  direct = synthEnvironment(noCdn);
});


describe("primary data stack: continuous copies to the DR region", () => {
  it("R1.7 the media bucket's ONE replication configuration gains a second rule to the DR copy, with Replication Time Control", () => {
    const rules = one(warm.json.data!, "aws_s3_bucket_replication_configuration", "media_replication").rule as Res[];
    expect(rules.map((r) => [r.id, r.priority])).toEqual([["independent-copy", 1], ["dr-copy", 2]]);
    expect(rules[1]).toMatchObject({
      status: "Enabled",
      filter: {},
      delete_marker_replication: { status: "Disabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: {
        bucket: "arn:aws:s3:::media-commerce-media-222222222222-ap-northeast-1",
        storage_class: "INTELLIGENT_TIERING",
        encryption_configuration: { replica_kms_key_id: "arn:aws:kms:ap-northeast-1:222222222222:alias/media-commerce-dr-media" },
        replication_time: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
      },
    });
    // The same resource as without DR (one configuration per bucket): the first rule is unchanged.
    expect(rules[0]).toEqual((one(plain.json.data!, "aws_s3_bucket_replication_configuration", "media_replication").rule as Res[])[0]);
    expect(Object.keys(resources(warm.json.data!, "aws_s3_bucket_replication_configuration"))).toEqual(["media_replication"]);
  });

  it("R1.3 the replication role may write DR copies and encrypt them through S3 in the DR region only, never delete", () => {
    const policy = JSON.parse(one(warm.json.data!, "aws_iam_role_policy", "media_replication-policy").policy as string);
    expect(policy.Statement).toContainEqual({ Sid: "WriteDrCopies", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags"], Resource: "arn:aws:s3:::media-commerce-media-222222222222-ap-northeast-1/*" });
    expect(policy.Statement).toContainEqual({
      Sid: "EncryptDrCopies",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: "arn:aws:kms:ap-northeast-1:222222222222:key/*",
      Condition: {
        StringEquals: { "kms:ViaService": "s3.ap-northeast-1.amazonaws.com" },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::media-commerce-media-222222222222-ap-northeast-1", "arn:aws:s3:::media-commerce-media-222222222222-ap-northeast-1/*"] },
      },
    });
    expect(JSON.stringify(policy)).not.toMatch(/ReplicateDelete/);
  });

  it("R1.7 every recovery point is copied to the DR vault and kept as long", () => {
    const rule = (one(warm.json.data!, "aws_backup_plan", "backup").rule as Res[])[0]!;
    expect(rule.copy_action).toEqual([{ destination_vault_arn: "arn:aws:backup:ap-northeast-1:222222222222:backup-vault:media-commerce-dr-backup", lifecycle: { delete_after: 35 } }]);
    expect((one(plain.json.data!, "aws_backup_plan", "backup").rule as Res[])[0]!.copy_action).toBeUndefined();
  });

  it("R1.9 the cluster becomes a global database's primary: same address, password through write-only arguments, AWS-set attributes ignored", () => {
    const c = one(warm.json.data!, "aws_rds_cluster", "database");
    expect(c).toMatchObject({
      cluster_identifier: "media-commerce-db",
      master_username: "admin",
      master_password_wo: `\${var.${DB_MASTER_PASSWORD_VARIABLE}}`,
      master_password_wo_version: 1,
      lifecycle: { prevent_destroy: true, ignore_changes: ["engine_version", "global_cluster_identifier", "replication_source_identifier"] },
    });
    expect(c.manage_master_user_password).toBeUndefined();
    // Everything else is what the cluster had without DR.
    const before = one(plain.json.data!, "aws_rds_cluster", "database");
    const strip = (r: Res) => {
      const { manage_master_user_password, master_user_secret_kms_key_id, master_password_wo, master_password_wo_version, lifecycle, ...rest } = r;
      return rest;
    };
    expect(strip(c)).toEqual(strip(before));
  });

  it("X.4 the password is an ephemeral, sensitive variable: never a literal, never in state (write-only into the cluster and the secret)", () => {
    expect(warm.json.data!.variable).toEqual({
      [DB_MASTER_PASSWORD_VARIABLE]: expect.objectContaining({ type: "string", default: "", nullable: false, sensitive: true, ephemeral: true }),
    });
    const secret = one(warm.json.data!, "aws_secretsmanager_secret", "db-master-secret");
    expect(secret).toMatchObject({
      name: "media-commerce/db-master",
      kms_key_id: "${aws_kms_key.db-key.arn}",
      replica: [{ region: "ap-northeast-1", kms_key_id: "arn:aws:kms:ap-northeast-1:222222222222:alias/media-commerce-dr-db" }],
      lifecycle: { prevent_destroy: true },
    });
    const version = one(warm.json.data!, "aws_secretsmanager_secret_version", "db-master-secret");
    expect(version).toMatchObject({
      secret_string_wo: `\${jsonencode({"username" = "admin", "password" = var.${DB_MASTER_PASSWORD_VARIABLE}})}`,
      secret_string_wo_version: 1,
      depends_on: ["aws_rds_cluster.database"],
    });
    expect(version.secret_string).toBeUndefined();
    expect(warm.json.data!.output!.db_master_secret_arn!.value).toBe("${aws_secretsmanager_secret.db-master-secret.arn}");
    expect(warm.json.data!.output!.db_arn!.value).toBe("${aws_rds_cluster.database.arn}");
  });

  it("presets without DR publish db_arn; without replicas RDS keeps managing the password", () => {
    for (const p of PRESETS.filter((x) => x.name !== mediaCommerce.name)) {
      const j = JSON.parse(Testing.synth(new DataStack(Testing.app(), validateDefinition(p)))) as StackJson;
      const primary = Object.values(resources(j, "aws_db_instance")).find((r: Res) => r.replicate_source_db === undefined) as Res;
      const hasReplicas = Object.values(resources(j, "aws_db_instance")).length > 1;
      expect(primary.manage_master_user_password).toBe(hasReplicas ? undefined : true);
      expect(j.output!.db_arn!.value).toBe("${aws_db_instance.database_primary.arn}");
    }
  });
});

describe("edge: CloudFront and the site's names fail over (R1.5)", () => {
  it("the dynamic origin is the Route 53 failover name (an origin group cannot fail POSTs over)", () => {
    const d = one(warm.json.edge!, "aws_cloudfront_distribution", "cdn");
    expect((d.origin as Res[]).find((o) => o.origin_id === "alb")).toMatchObject({ domain_name: "origin.media-commerce.example.com", custom_origin_config: { origin_protocol_policy: "https-only" } });
    expect(d.default_cache_behavior.target_origin_id).toBe("alb");
    expect((one(plain.json.edge!, "aws_cloudfront_distribution", "cdn").origin as Res[]).find((o) => o.origin_id === "alb")!.domain_name).toBe(
      "${data.terraform_remote_state.compute.outputs.alb_dns_name}",
    );
  });

  it("media paths use an origin group: the primary bucket, then its DR copy, on server errors", () => {
    const d = one(warm.json.edge!, "aws_cloudfront_distribution", "cdn");
    expect((d.origin as Res[]).find((o) => o.origin_id === "media-dr")).toEqual({
      origin_id: "media-dr",
      domain_name: "${data.terraform_remote_state.dr-storage.outputs.media_bucket_regional_domain_name}",
      origin_access_control_id: "${aws_cloudfront_origin_access_control.cdn_media-oac.id}",
    });
    expect(d.origin_group).toEqual([{ origin_id: "media-failover", failover_criteria: { status_codes: [...MEDIA_FAILOVER_STATUS_CODES] }, member: [{ origin_id: "media" }, { origin_id: "media-dr" }] }]);
    for (const b of d.ordered_cache_behavior as Res[]) expect([b.target_origin_id, b.allowed_methods]).toEqual(["media-failover", ["GET", "HEAD", "OPTIONS"]]);
  });

  it("the DR copy's bucket policy admits only this distribution, written in the DR region", () => {
    const policy = one(warm.json.edge!, "aws_s3_bucket_policy", "dr-media-bucket-policy");
    expect(policy.provider).toBe("aws.dr");
    expect(policy.bucket).toBe("${data.terraform_remote_state.dr-storage.outputs.media_bucket_name}");
    const doc = JSON.parse(policy.policy as string);
    expect(doc.Statement.map((s: Res) => s.Sid)).toEqual(["DenyInsecureTransport", "AllowCloudFrontOriginAccessControl"]);
    expect(doc.Statement[1].Condition).toEqual({ StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.cdn.arn}" } });
    expect((warm.json.edge!.provider as { aws: Res[] }).aws.find((p) => p.alias === "dr")).toMatchObject({ region: "ap-northeast-1", allowed_account_ids: ["222222222222"] });
  });

  it("without a CDN, the site's names alias the failover name, and the DR ALB gets the regional web ACL in its region", () => {
    for (const r of Object.values(resources(direct.json.edge!, "aws_route53_record")) as Res[]) {
      expect(r.alias).toEqual({ name: "origin.media-commerce.example.com", zone_id: "${data.terraform_remote_state.network.outputs.zone_id}", evaluate_target_health: true });
    }
    const assoc = Object.values(resources(direct.json.edge!, "aws_wafv2_web_acl_association")) as Res[];
    expect(assoc.map((a) => [a.resource_arn, a.provider ?? "default"]).sort()).toEqual([
      ["${data.terraform_remote_state.compute.outputs.alb_arn}", "default"],
      ["${data.terraform_remote_state.dr-compute.outputs.alb_arn}", "aws.dr"],
    ]);
    expect(one(direct.json.edge!, "aws_wafv2_web_acl", "dr-waf")).toMatchObject({ scope: "REGIONAL", provider: "aws.dr" });
  });
});

// The DR variants (pilot light, backup-restore, shared files, no CDN) are planned with every preset
// stack in __tests__/terraform/plan-all.test.ts, in its one batch of terraform work.
describeWithTerraform("R1.7 offline plan: turning DR on does not replace the primary cluster", () => {
  const stubs = stubsFromTables(CONTRACTS);

  it("R1.9 turning DR on updates the existing Aurora cluster in place (no replacement)", async () => {
    const synth = (def: unknown) => JSON.parse(Testing.synth(new DataStack(Testing.app(), validateDefinition(def)))) as Res;
    const before = await runOffline(prepareOfflineStackJson("dr-before", synth(withoutDr), { stubOutputs: stubs }), { planJson: true });
    removeOfflineWorkDir(before.workDir);
    if (!before.ok) throw new Error(formatOfflineResult(before));
    // The state the plan without DR would leave, for the cluster, its first instance and its key,
    // with the values AWS fills in after creation.
    const keep: Record<string, (a: Res) => void> = {
      "aws_kms_key.db-key": (a) => Object.assign(a, { id: "db", key_id: "db", arn: "arn:aws:kms:ap-northeast-2:222222222222:key/db" }),
      "aws_rds_cluster.database": (a) =>
        Object.assign(a, {
          id: "media-commerce-db",
          arn: "arn:aws:rds:ap-northeast-2:222222222222:cluster:media-commerce-db",
          kms_key_id: "arn:aws:kms:ap-northeast-2:222222222222:key/db",
          availability_zones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"],
          master_user_secret: [{ kms_key_id: "arn:aws:kms:ap-northeast-2:222222222222:key/db", secret_arn: "arn:aws:secretsmanager:ap-northeast-2:222222222222:secret:rds!cluster-0", secret_status: "active" }],
        }),
      "aws_rds_cluster_instance.database_1": (a) => Object.assign(a, { id: "media-commerce-db-1", cluster_identifier: "media-commerce-db" }),
    };
    const state = {
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "00000000-0000-0000-0000-000000000007",
      outputs: {},
      resources: before.plan!.resources
        .filter((r) => r.address in keep)
        .map((r) => {
          const [type, name] = r.address.split(".") as [string, string];
          const attributes = { ...(r.after as Res) };
          keep[r.address]!(attributes);
          return { mode: "managed", type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes }] };
        }),
    };
    expect(state.resources).toHaveLength(3);
    const file = join(mkdtempSync(join(tmpdir(), "dr-state-")), "before.tfstate");
    writeFileSync(file, JSON.stringify(state));
    // The actions come from `terraform plan -json`; the planned values (show -json) are not needed here.
    const after = await runOffline(prepareOfflineStackJson("dr-after", synth(mediaCommerce), { stubOutputs: stubs, initialState: file }));
    removeOfflineWorkDir(after.workDir);
    // prevent_destroy makes a planned replacement an error, so a successful plan already proves it; the actions say how.
    if (!after.ok) throw new Error(formatOfflineResult(after));
    const action = (address: string) => after.plan!.resources.find((r) => r.address === address)?.action;
    expect(action("aws_rds_cluster.database")).toBe("update");
    expect(action("aws_kms_key.db-key")).toBeUndefined(); // no change at all
    expect(after.plan!.changes.replace).toBe(0);
  }, 120_000);
});
