/**
 * Bad input is refused with what and where, never priced as zero: usage
 * figures (negative, non-numeric, unknown), regions and sizes missing from
 * the price tables, resource types neither priced nor known to be free.
 */
import { CostError } from "../../../src/tools/cost/errors";
import { estimateStacks, resolveUsage } from "../../../src/tools/cost/estimate";
import { retailLaunch } from "../../../src/environments/presets/retail-launch";
import { problemsOf } from "../../support/problems";
import { stack } from "./fixtures";

const refusal = (f: () => unknown): CostError => {
  try {
    f();
  } catch (e) {
    if (e instanceof CostError) return e;
    throw e;
  }
  throw new Error("accepted");
};
const usage = resolveUsage({});

describe("cost refusals", () => {
  it("X.5 refuses a negative usage figure in the definition with its field path and the value", () => {
    const problems = problemsOf({ ...retailLaunch, usage: { natProcessedGb: -5 } });
    expect(problems).toEqual([expect.objectContaining({ path: "usage.natProcessedGb", value: -5 })]);
    expect(problems[0].message).toMatch(/non-negative/);
  });

  it("X.5 refuses a non-numeric usage figure and an unknown usage field in the definition", () => {
    const problems = problemsOf({ ...retailLaunch, usage: { internetEgressGb: "lots" as unknown as number, egressGb: 1 } as never });
    expect(problems.map((p) => p.path).sort()).toEqual(["usage.egressGb", "usage.internetEgressGb"]);
    expect(problems.find((p) => p.path === "usage.internetEgressGb")!.message).toMatch(/expected number/);
  });

  it("refuses bad usage given to the estimate directly (costDiff's path), naming the field", () => {
    const e = refusal(() => resolveUsage({ mediaStoredGb: -1 }));
    expect(e.where).toBe("usage.mediaStoredGb");
    expect(e.value).toBe(-1);
    expect(refusal(() => resolveUsage({ drTrafficPercent: 101 })).message).toMatch(/usage\.drTrafficPercent \(given: 101\).*0 to 100/);
    expect(refusal(() => resolveUsage({ requestsMillions: Number.NaN })).where).toBe("usage.requestsMillions");
  });

  it("refuses a region without a price table", () => {
    const e = refusal(() => estimateStacks("t", { "t-network": stack("eu-west-9", { aws_eip: { ip: {} } }) }, usage));
    expect(e.message).toMatch(/t-network aws_eip\.ip/);
    expect(e.message).toMatch(/no price table for region "eu-west-9"/);
  });

  it("refuses an instance type, instance class or node type missing from the table", () => {
    const ec2 = refusal(() => estimateStacks("t", { "t-compute": stack("ap-northeast-2", { aws_instance: { big: { instance_type: "x9.huge" } } }) }, usage));
    expect(ec2.message).toMatch(/t-compute aws_instance\.big.*no price for "ec2:x9\.huge" in ap-northeast-2/);
    const rds = refusal(() => estimateStacks("t", { "t-data": stack("ap-northeast-2", { aws_db_instance: { db: { instance_class: "db.z9.huge", engine: "mysql", allocated_storage: 20, storage_type: "gp3" } } }) }, usage));
    expect(rds.message).toMatch(/no price for "rds-mysql:db\.z9\.huge"/);
    const cache = refusal(() => estimateStacks("t", { "t-data": stack("ap-northeast-2", { aws_elasticache_replication_group: { g: { engine: "valkey", node_type: "cache.z9.huge", num_cache_clusters: 2 } } }) }, usage));
    expect(cache.message).toMatch(/no price for "elasticache-valkey:cache\.z9\.huge"/);
  });

  it("refuses a resource type that is neither priced nor on the free list", () => {
    const e = refusal(() => estimateStacks("t", { "t-data": stack("ap-northeast-2", { aws_dynamodb_table: { t: {} } }) }, usage));
    expect(e.where).toBe("t-data aws_dynamodb_table.t");
    expect(e.message).toMatch(/neither priced nor known to be free/);
  });

  it("refuses what it cannot size instead of pricing it at zero", () => {
    expect(refusal(() => estimateStacks("t", { "t-compute": stack("ap-northeast-2", { aws_autoscaling_group: { g: { max_size: 3, launch_template: { id: "x" } } } }) }, usage)).message).toMatch(/without desired capacity/);
    expect(refusal(() => estimateStacks("t", { "t-compute": stack("ap-northeast-2", { aws_autoscaling_group: { g: { desired_capacity: 1, mixed_instances_policy: {} } } }) }, usage)).message).toMatch(/no instance type/);
    expect(refusal(() => estimateStacks("t", { "t-edge": stack("ap-northeast-2", { aws_cloudtrail: { t: { insight_selector: [{ insight_type: "ApiCallRateInsight" }] } } }) }, usage)).message).toMatch(/advanced or Insights event selectors/);
  });
});

describe("cost refusals for a definition", () => {
  it("X.5 refuses an environment in a region without a price table, naming the field, before synthesizing", () => {
    // Imported here: this file's other tests need no synthesis.
    const { estimateEnvironment } = require("../../../src/tools/cost/environment") as typeof import("../../../src/tools/cost/environment");
    const { webWas } = require("../../../src/environments/presets/web-was") as typeof import("../../../src/environments/presets/web-was");
    const elsewhere = { ...webWas, region: "eu-west-1", azs: ["eu-west-1a", "eu-west-1b"] };
    const e = refusal(() => estimateEnvironment(elsewhere.name, [elsewhere]));
    expect(e.where).toBe("region");
    expect(e.value).toBe("eu-west-1");
    expect(e.message).toMatch(/no price table for this region; priced regions: ap-northeast-2, ap-northeast-1, us-east-1/);
  });
});
