/**
 * What only `apply` would refuse, caught at synth (issue 12, X.5): the names
 * the project derives, checked against AWS limits under the longest
 * environment name the definition allows (20 characters), and bucket names
 * that would collide.
 */
import { Testing } from "cdktf";
import { validateAll } from "../../src/app";
import { validateDefinition } from "../../src/config/validate";
import { PRESETS } from "../../src/environments";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { webWas } from "../../src/environments/presets/web-was";
import { addEnvironmentStacks } from "../../src/stacks";
import { problemsOf } from "../support/problems";
import { variant } from "../support/synth";

/** AWS name limits (API references), by resource type and attribute. */
const LIMITS: Record<string, Record<string, number>> = {
  aws_lb: { name: 32 },
  aws_lb_target_group: { name: 32 },
  aws_iam_role: { name: 64 },
  aws_iam_instance_profile: { name: 128 },
  aws_s3_bucket: { bucket: 63, bucket_prefix: 37 },
  aws_db_instance: { identifier: 63 },
  aws_rds_cluster: { cluster_identifier: 63 },
  aws_rds_cluster_instance: { identifier: 63 },
  aws_rds_global_cluster: { global_cluster_identifier: 63 },
  aws_elasticache_replication_group: { replication_group_id: 40 },
  aws_elasticache_user: { user_id: 40 },
  aws_elasticache_user_group: { user_group_id: 40 },
  aws_backup_vault: { name: 50 },
  aws_backup_plan: { name: 50 },
  aws_backup_selection: { name: 50 },
  aws_cloudwatch_log_delivery_source: { name: 60 },
  aws_cloudwatch_log_delivery_destination: { name: 60 },
  aws_cloudfront_origin_access_control: { name: 64 },
  aws_cloudfront_response_headers_policy: { name: 128 },
  aws_cloudfront_cache_policy: { name: 128 },
  aws_wafv2_web_acl: { name: 128 },
  aws_launch_template: { name: 128 },
  aws_cloudtrail: { name: 128 },
  aws_route53_key_signing_key: { name: 128 },
  aws_sns_topic: { name: 256 },
  aws_kms_alias: { name: 256 },
  aws_security_group: { name: 255 },
  aws_key_pair: { key_name: 255 },
  aws_db_parameter_group: { name_prefix: 229 },
  aws_rds_cluster_parameter_group: { name_prefix: 229 },
  aws_efs_file_system: { creation_token: 64 },
};

const LONG_NAME = "abcdefghij-klmnopqrs"; // 20 characters, the longest the definition allows

describe("X.5 names under a 20-character environment name stay inside AWS limits", () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))("%s", (_name, preset) => {
    const env = validateDefinition(variant(preset, (d) => (d.name = LONG_NAME)));
    expect(env.name).toHaveLength(20);
    const app = Testing.app();
    let checked = 0;
    for (const stack of addEnvironmentStacks(app, env)) {
      const json = JSON.parse(Testing.synth(stack));
      for (const [type, attrs] of Object.entries(LIMITS)) {
        for (const [address, body] of Object.entries((json.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>)) {
          for (const [attr, max] of Object.entries(attrs)) {
            const value = body[attr];
            if (typeof value !== "string" || value.includes("${")) continue;
            expect({ resource: `${stack.node.id}: ${type}.${address}`, attr, value, fits: value.length <= max }).toEqual({ resource: `${stack.node.id}: ${type}.${address}`, attr, value, fits: true });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("X.5 bucket names only apply would refuse", () => {
  it("refuses a state bucket name that leaves the access-log bucket <stateBucket>-logs-<region> over 63 characters", () => {
    const long = "a".repeat(50);
    const problems = problemsOf(variant(webWas, (d) => (d.stateBucket = long)));
    expect(problems).toEqual([
      {
        path: "stateBucket",
        value: long,
        message: expect.stringMatching(/^at most 43 characters here: the S3 access-log bucket of each region is named <stateBucket>-logs-<region> \("a{50}-logs-ap-northeast-2", 70\) and S3 allows 63$/),
      },
    ]);
    // 43 characters is accepted.
    expect(validateDefinition(variant(webWas, (d) => (d.stateBucket = "a".repeat(43)))).stateBucket).toHaveLength(43);
  });

  it("counts the DR region too (media-commerce: ap-northeast-1)", () => {
    const problems = problemsOf(variant(mediaCommerce, (d) => (d.stateBucket = "b".repeat(44))));
    expect(problems.map((p) => p.path)).toEqual(["stateBucket"]);
  });

  it("refuses a state bucket named like the DR media copy of the same environment", () => {
    // A short environment name, so only the collision is wrong.
    const short = variant(mediaCommerce, (d) => (d.name = "mcx"));
    const env = validateDefinition(short);
    const drMedia = `${env.name}-media-${env.account}-${env.dr!.region}`;
    const problems = problemsOf(variant(short, (d) => (d.stateBucket = drMedia)));
    expect(problems).toEqual([{ path: "stateBucket", value: drMedia, message: expect.stringMatching(/would be used twice in this environment/) }]);
  });

  it("refuses two environments sharing one state bucket (the second state stack's bucket would fail at apply)", () => {
    const copy = variant(webWas, (d) => (d.name = "web-was-two"));
    expect(() => validateAll([webWas, copy])).toThrow(/web-was-two[\s\S]*stateBucket \(given: "web-was-tfstate-333333333333"\): environment "web-was" keeps its state in this bucket/);
  });
});
