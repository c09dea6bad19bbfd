/**
 * The "Monthly cost" section of a generated page: totals per stack, fixed
 * and assumed, the usage figures, the media copies and the price sources.
 */
import { costSection } from "../../../src/tools/cost/doc";
import { estimateStacks, resolveUsage } from "../../../src/tools/cost/estimate";
import { usd } from "../../../src/tools/cost/format";
import { priceOf } from "../../../src/tools/cost/prices";
import { stack } from "./fixtures";

const e = estimateStacks(
  "t",
  {
    "t-network": stack("ap-northeast-2", { aws_nat_gateway: { "nat_nat-a": {} } }),
    "t-data": stack("ap-northeast-2", { aws_s3_bucket: { media_primary_bucket: {} } }),
  },
  resolveUsage({ mediaStoredGb: 100 }),
);

describe("Monthly cost section", () => {
  const text = costSection(e, undefined);

  it("gives the total, each stack's fixed, assumed and total, and the command for every line", () => {
    expect(text).toContain(`Estimated **USD ${usd(e.monthlyUsd)} per month**`);
    for (const s of e.stacks) expect(text).toContain(`| \`${s.stack}\` | USD ${usd(s.fixedUsd)} | USD ${usd(s.assumedUsd)} | USD ${usd(s.monthlyUsd)} |`);
    expect(text).toContain("`npm run cost -- t`");
  });

  it("lists every usage figure taken and, with media, what the primary copy costs", () => {
    for (const k of Object.keys(e.usage)) expect(text).toContain(`\`usage.${k}\``);
    expect(text).toContain("### The media copies");
    expect(text).toContain(`| primary bucket | USD ${usd(100 * priceOf("ap-northeast-2", "s3:STANDARD-gb", "t").usd)} |`); // no lifecycle: STANDARD
  });

  it("names the price pages and says the prices were not read online; no comparisons without a definition", () => {
    expect(text).toContain("<https://aws.amazon.com/vpc/pricing/>");
    expect(text).toMatch(/recalled, not read online/);
    expect(text).not.toContain("### Cost comparisons");
  });
});
