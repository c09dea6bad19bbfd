/**
 * costDiff, the change review's hook: the monthly difference per stack and
 * the lines that cause it.
 */
import { costDiff } from "../../../src/tools/cost/diff";
import { TerraformJson } from "../../../src/synthesized/terraform-json";
import { priceOf } from "../../../src/tools/cost/prices";
import { DEFINITIONS } from "../../../src/environments";
import { synthesizeStacks } from "../../../src/tools/reach/load";

let base: Record<string, TerraformJson>;

beforeAll(() => {
  base = synthesizeStacks("buddyverse", DEFINITIONS) as unknown as Record<string, TerraformJson>;
});

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("costDiff", () => {
  it("finds no difference between identical trees", () => {
    const d = costDiff(base, clone(base));
    expect(d.deltaUsd).toBeCloseTo(0, 10);
    expect(d.stacks).toEqual([]);
    expect(d.baseUsd).toBeGreaterThan(0);
  });

  it("R3.5 raising the web group's desired capacity from 2 to 4 adds two instances and their volumes to the compute stack only", () => {
    const head = clone(base);
    const asg = (head["buddyverse-compute"].resource!.aws_autoscaling_group as Record<string, Record<string, unknown>>)["web-asg"];
    expect(asg.desired_capacity).toBe(2);
    asg.desired_capacity = 4;
    const d = costDiff(base, head);
    expect(d.stacks.map((s) => s.stack)).toEqual(["buddyverse-compute"]);
    const expected = 2 * 730 * priceOf("ap-northeast-2", "ec2:t3.small", "t").usd + 2 * 20 * priceOf("ap-northeast-2", "ebs:gp3-gb", "t").usd;
    expect(d.deltaUsd).toBeCloseTo(expected, 6);
    expect(d.stacks[0].deltaUsd).toBeCloseTo(expected, 6);
    expect(d.stacks[0].lines.map((l) => [l.address, l.priceKey])).toEqual([
      ["aws_autoscaling_group.web-asg", "ec2:t3.small"],
      ["aws_autoscaling_group.web-asg", "ebs:gp3-gb"],
    ]);
    expect(d.stacks[0].lines[0].item).toBe("t3.small × 2 instances (desired capacity) → t3.small × 4 instances (desired capacity)");
  });

  it("R3.2 a removed Elastic IP and an added NAT gateway show as their own lines, with the sign of the change", () => {
    const head = clone(base);
    const network = head["buddyverse-network"].resource as Record<string, Record<string, unknown>>;
    delete (network.aws_eip as Record<string, unknown>)["nat_c"];
    network.aws_nat_gateway = { "nat_nat-x": { connectivity_type: "public" } };
    const d = costDiff(base, head, { baseUsage: { natProcessedGb: 100 } });
    const lines = d.stacks.find((s) => s.stack === "buddyverse-network")!.lines;
    expect(lines.find((l) => l.address === "aws_eip.nat_c")!.deltaUsd).toBeLessThan(0);
    expect(lines.find((l) => l.address === "aws_nat_gateway.nat_nat-x" && l.priceKey === "vpc:nat-gateway-hour")!.deltaUsd).toBeCloseTo(730 * priceOf("ap-northeast-2", "vpc:nat-gateway-hour", "t").usd, 6);
    expect(lines.find((l) => l.address === "aws_nat_gateway.nat_nat-x" && l.priceKey === "vpc:nat-gateway-gb")!.headUsd).toBeCloseTo(100 * priceOf("ap-northeast-2", "vpc:nat-gateway-gb", "t").usd, 6);
  });

  it("prices a change of usage figures alone as assumed lines", () => {
    const d = costDiff(base, clone(base), { baseUsage: { internetEgressGb: 100 }, headUsage: { internetEgressGb: 300 } });
    const lines = d.stacks.flatMap((s) => s.lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.basis === "assumed")).toBe(true);
    expect(lines.find((l) => l.priceKey === "transfer:internet-gb")!.deltaUsd).toBeCloseTo(200 * priceOf("ap-northeast-2", "transfer:internet-gb", "t").usd, 6);
  });
});
