/** Stack-level comparison of `npm run review` (src/tools/review/diff.ts), on hand-written Terraform JSON. */
import { diffStack, markCrossStackMoves, reviewRisks } from "../../../src/tools/review/diff";

const stack = (resources: Record<string, Record<string, object>>, extra: object = {}) => ({ resource: resources, ...extra });

describe("diffStack", () => {
  test("only cdktf metadata differs: unchanged", () => {
    const a = stack({ aws_sns_topic: { t: { "//": { metadata: { path: "x/t" } }, name: "alarms" } } });
    const b = stack({ aws_sns_topic: { t: { "//": { metadata: { path: "y/t" } }, name: "alarms" } } });
    expect(diffStack("s", a, b)).toMatchObject({ status: "unchanged", resources: [] });
  });

  test("a renamed resource: destroy + create paired, with its moved block", () => {
    const body = { dashboard_name: "web", dashboard_body: "{}" };
    const d = diffStack("s", stack({ aws_cloudwatch_dashboard: { old: body } }), stack({ aws_cloudwatch_dashboard: { new: body } }));
    expect(d.resources.map((r) => [r.action, r.address, r.renamedFrom ?? r.renamedTo])).toEqual([
      ["create", "aws_cloudwatch_dashboard.new", "aws_cloudwatch_dashboard.old"],
      ["delete", "aws_cloudwatch_dashboard.old", "aws_cloudwatch_dashboard.new"],
    ]);
    expect(d.moves).toEqual([{ from: "aws_cloudwatch_dashboard.old", to: "aws_cloudwatch_dashboard.new", similarity: 1, block: "moved {\n  from = aws_cloudwatch_dashboard.old\n  to   = aws_cloudwatch_dashboard.new\n}" }]);
  });

  test("a different resource of the same type is not taken for a rename", () => {
    const d = diffStack("s", stack({ aws_sns_topic: { a: { name: "alarms", kms_master_key_id: "k1", display_name: "A" } } }), stack({ aws_sns_topic: { b: { name: "orders", kms_master_key_id: "k2", display_name: "B" } } }));
    expect(d.moves).toEqual([]);
  });

  test("a stateful argument that cannot change in place is an expected replacement, refused unless allowed", () => {
    const d = diffStack("env-data", stack({ aws_db_instance: { db: { identifier: "shop", instance_class: "db.t3.small" } } }), stack({ aws_db_instance: { db: { identifier: "shop2", instance_class: "db.t3.small" } } }));
    expect(d.resources).toEqual([expect.objectContaining({ address: "aws_db_instance.db", action: "replace", forcedBy: ["identifier"] })]);
    const blocked = reviewRisks([d], { all: false, addresses: [] });
    expect(blocked).toEqual([expect.objectContaining({ stack: "env-data", kind: "replace" })]);
    expect(blocked[0]!.allowedBy).toBeUndefined();
    expect(reviewRisks([d], { all: false, addresses: ["env-data:aws_db_instance.db"] })[0]!.allowedBy).toBe("env-data:aws_db_instance.db");
  });

  test("an in-place change of a stateful resource is no risk", () => {
    const d = diffStack("env-data", stack({ aws_db_instance: { db: { identifier: "shop", instance_class: "db.t3.small" } } }), stack({ aws_db_instance: { db: { identifier: "shop", instance_class: "db.t3.large" } } }));
    expect(d.resources).toEqual([expect.objectContaining({ action: "update", attributes: [{ path: "instance_class", before: '"db.t3.small"', after: '"db.t3.large"' }] })]);
    expect(reviewRisks([d], { all: false, addresses: [] })).toEqual([]);
  });

  test("outputs and provider configuration changes are listed", () => {
    const d = diffStack("s", stack({}, { output: { vpc_id: { value: "a" } }, provider: { aws: [{ region: "ap-northeast-2" }] } }), stack({}, { output: { vpc_id: { value: "b" }, extra: { value: "c" } }, provider: { aws: [{ region: "ap-northeast-1" }] } }));
    expect(d.outputs).toEqual([
      { name: "extra", action: "create", after: '"c"' },
      { name: "vpc_id", action: "update", before: '"a"', after: '"b"' },
    ]);
    expect(d.other).toEqual(['provider.aws[0].region: "ap-northeast-2" → "ap-northeast-1"']);
  });

  test("a stateful resource moved to another stack is flagged (moved cannot cross state files)", () => {
    const bucket = { aws_s3_bucket: { media: { bucket: "m" } } };
    const moved = markCrossStackMoves([diffStack("env-data", stack(bucket), stack({})), diffStack("env-edge", stack({}), stack(bucket))]);
    expect(moved[0]!.resources[0]).toMatchObject({ action: "delete", movedToStack: "env-edge" });
    expect(reviewRisks(moved, { all: false, addresses: [] })[0]!.cause).toMatch(/moved to stack env-edge.*removed .*import/);
  });
});
