/**
 * Applying suppressions and reporting: which violations a suppression covers
 * (by rule id or checkov id, stack, address), what is left unused, and how a
 * violation reads (stack, address, rule, checkov ids, detail, reason, fix).
 */
import { Suppression, checkEnvironment } from "../../src/guardrails/check";
import { GuardrailViolationError, formatUnused } from "../../src/guardrails/report";
import { ref, stack, synthesized } from "./fixtures/support";

/** Two buckets in two stacks, both without a public access block (and more). */
const stacks = synthesized({
  name: "two buckets",
  stacks: {
    data: stack({ aws_s3_bucket: { media: {} } }),
    compute: stack({ aws_s3_bucket: { logs: {} }, aws_subnet: { s: { map_public_ip_on_launch: true, vpc_id: ref("aws_vpc.v") } } }),
  },
});

function run(suppressions: Suppression[]) {
  return checkEnvironment({ environment: "fx", stacks, suppressions });
}
const pab = (r: ReturnType<typeof run>) => r.violations.filter((v) => v.rule.id === "s3-public-access-block").map((v) => `${v.stackKind}:${v.address}`);

describe("checkEnvironment", () => {
  it("reports each violation with its environment, stack, address, rule and detail", () => {
    const v = run([]).violations.find((x) => x.rule.id === "subnet-no-auto-public-ip");
    expect(v).toMatchObject({ environment: "fx", stack: "fx-compute", stackKind: "compute", address: "aws_subnet.s", detail: "map_public_ip_on_launch is true" });
  });

  it("without suppressions, every resource breaking a rule is reported", () => {
    expect(pab(run([]))).toEqual(["data:aws_s3_bucket.media", "compute:aws_s3_bucket.logs"]);
  });

  it("a suppression by rule id and address covers that resource only", () => {
    const r = run([{ rule: "s3-public-access-block", resource: "aws_s3_bucket.logs", reason: "only a test of scope" }]);
    expect(pab(r)).toEqual(["data:aws_s3_bucket.media"]);
    expect(r.suppressed.map((s) => [s.violation.address, s.suppression])).toEqual([["aws_s3_bucket.logs", 0]]);
  });

  it("a suppression by checkov id covers the rules mirroring it (case-insensitive)", () => {
    expect(pab(run([{ rule: "ckv2_aws_6", reason: "only a test of checkov ids" }]))).toEqual([]);
  });

  it("a suppression scoped to a stack covers only that stack", () => {
    expect(pab(run([{ rule: "s3-public-access-block", stack: "data", reason: "only a test of stacks" }]))).toEqual(["compute:aws_s3_bucket.logs"]);
  });

  it("a suppression whose stack and address do not meet matches nothing and is reported unused", () => {
    const r = run([{ rule: "s3-public-access-block", stack: "data", resource: "aws_s3_bucket.logs", reason: "only a test of unused" }]);
    expect(pab(r)).toHaveLength(2);
    expect(r.unused).toEqual([{ index: 0, suppression: expect.objectContaining({ resource: "aws_s3_bucket.logs" }) }]);
    expect(formatUnused("fx", r.unused)).toEqual([
      "guardrails: warning: fx: guardrails.suppressions[0] (rule s3-public-access-block, stack data, aws_s3_bucket.logs) matched no violation; remove it.",
    ]);
  });

  it("a suppression of another rule leaves the violation in place", () => {
    const r = run([{ rule: "s3-versioning", resource: "aws_subnet.s", reason: "wrong rule on purpose" }]);
    expect(r.violations.some((v) => v.address === "aws_subnet.s")).toBe(true);
    expect(r.unused).toHaveLength(1);
  });
});

describe("GuardrailViolationError", () => {
  const results = [run([]), { ...run([]), environment: "other", violations: [] }];
  const error = new GuardrailViolationError(results);

  it("carries every violation of every environment", () => {
    expect(error.violations).toHaveLength(results[0].violations.length);
    expect(error.message).toMatch(/^guardrails: \d+ violations in fx; synthesis refused\./);
  });

  it("names the stack, the resource address, the rule with its checkov ids, the detail, why and the fix", () => {
    expect(error.message).toContain("  fx-compute: aws_subnet.s\n    x subnet-no-auto-public-ip [CKV_AWS_130] Subnets do not give instances public IPs automatically.\n        - map_public_ip_on_launch is true\n        why: ");
    expect(error.message).toMatch(/fx-data: aws_s3_bucket\.media\n {4}x s3-public-access-block \[CKV2_AWS_6, CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56\][^\n]*\n {8}- no aws_s3_bucket_public_access_block points at this bucket\n {8}why: [^\n]+\n {8}fix: Create buckets through SecureBucket/);
  });

  it("explains how to suppress", () => {
    expect(error.message).toContain("guardrails: { suppressions: [{ rule, resource, stack, reason }] }");
  });
});
