/**
 * The terminal table and the JSON of `npm run cost`: per stack, per resource,
 * every line marked fixed or assumed with the usage fields it takes.
 */
import { estimateStacks, resolveUsage } from "../../../src/tools/cost/estimate";
import { formatTable, toJson } from "../../../src/tools/cost/format";
import { stack } from "./fixtures";

const e = estimateStacks(
  "t",
  { "t-network": stack("ap-northeast-2", { aws_nat_gateway: { "nat_nat-a": {} }, aws_eip: { "nat_a": {} } }), "t-state": stack("ap-northeast-2", { aws_kms_key: { state_key: {} } }) },
  resolveUsage({ natProcessedGb: 40 }),
);

describe("cost output", () => {
  it("the table lists every stack and resource with its total, and marks each line fixed or assumed", () => {
    const text = formatTable(e);
    for (const s of ["t-network", "t-state", "aws_nat_gateway.nat_nat-a", "aws_eip.nat_a", "aws_kms_key.state_key"]) expect(text).toContain(s);
    expect(text).toMatch(/NAT gateway hours .*730 hour × 0\.\d+ +\[fixed\]/);
    expect(text).toMatch(/NAT-processed data .*40 GB processed × 0\.\d+ +\[assumed: usage\.natProcessedGb\]/);
    expect(text).toMatch(/recalled as of \d{4}-\d{2} and not read online/);
  });

  it("the JSON round-trips the estimate, with the prices used and their sources", () => {
    const parsed = JSON.parse(toJson(e));
    expect(parsed.environment).toBe("t");
    expect(parsed.stacks.map((s: { stack: string }) => s.stack)).toEqual(["t-network", "t-state"]);
    expect(parsed.monthlyUsd).toBeCloseTo(e.monthlyUsd, 10);
    expect(parsed.prices.map((p: { key: string }) => p.key)).toEqual(["kms:key-month", "vpc:nat-gateway-gb", "vpc:nat-gateway-hour", "vpc:public-ipv4-hour"]);
    expect(parsed.prices.every((p: { source: string }) => p.source.startsWith("https://aws.amazon.com/"))).toBe(true);
  });
});
