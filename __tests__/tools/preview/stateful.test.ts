/**
 * X.3 The one list of stateful resource types (src/tools/preview/stateful.ts) and
 * how an address maps to a type.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isStateful, resourceTypeOf, STATEFUL_RESOURCE_TYPES, statefulReason } from "../../../src/tools/preview/stateful";

describe("resourceTypeOf", () => {
  it.each([
    ["aws_s3_bucket.media", "aws_s3_bucket"],
    ['aws_eip.nat["ap-northeast-2a"]', "aws_eip"],
    ["aws_db_instance.db[0]", "aws_db_instance"],
    ["module.site.aws_route53_zone.zone", "aws_route53_zone"],
    ['module.a["x.y"].module.b[2].aws_kms_key.key', "aws_kms_key"],
    ['aws_s3_bucket.b["with.dots"]', "aws_s3_bucket"],
  ])("%s → %s", (address, type) => {
    expect(resourceTypeOf(address)).toBe(type);
  });

  it.each(["data.aws_region.current", "module.m.data.terraform_remote_state.network", "not-an-address"])(
    "%s has no managed resource type",
    (address) => {
      expect(resourceTypeOf(address)).toBeUndefined();
    },
  );
});

describe("X.3 stateful resource types", () => {
  it.each([
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_elasticache_replication_group",
    "aws_efs_file_system",
    "aws_s3_bucket",
    "aws_backup_vault",
    "aws_kms_key",
    "aws_route53_zone",
    "aws_eip",
    "aws_cloudwatch_log_group",
  ])("X.3 %s is stateful", (type) => {
    expect(isStateful(type)).toBe(true);
  });

  it.each([
    "aws_security_group",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_versioning",
    "aws_kms_alias",
    "aws_lb",
    "aws_autoscaling_group",
    "aws_launch_template",
    "aws_route53_record",
    "aws_iam_role",
    "aws_db_parameter_group",
    "toString",
    "constructor",
  ])("%s is replaceable (not stateful)", (type) => {
    expect(isStateful(type)).toBe(false);
  });

  it("classifies addresses too, and never a data source", () => {
    expect(statefulReason('aws_efs_file_system.files["shared"]')?.category).toBe("data");
    expect(statefulReason("aws_kms_key.state")?.category).toBe("encryption");
    expect(isStateful("data.aws_s3_bucket.existing")).toBe(false);
  });

  it.each(Object.entries(STATEFUL_RESOURCE_TYPES))("%s says what a destroy loses", (_type, reason) => {
    expect(reason.why.length).toBeGreaterThan(20);
    expect(["data", "encryption", "identity", "logs"]).toContain(reason.category);
  });

  // A typo in the list would silently classify the real type as replaceable.
  it.each(Object.keys(STATEFUL_RESOURCE_TYPES))("%s is a resource type of hashicorp/aws 5.100.0", (type) => {
    const dir = path.join(__dirname, "../../../node_modules/@cdktf/provider-aws/lib", type.replace(/^aws_/, "").replace(/_/g, "-"));
    const declaration = fs.readFileSync(path.join(dir, "index.d.ts"), "utf8");
    expect(declaration).toContain(`static readonly tfResourceType = "${type}";`);
  });
});
