/**
 * X.3 What the operator reads (src/tools/preview/format.ts): progress lines, the
 * summary table, stateful destroys highlighted, and summary.json.
 */
import { formatProgress, formatSummary, PreviewContext, summaryJson } from "../../../src/tools/preview/format";
import { AllowList, NOTHING_ALLOWED, ResourceChange, StackPreview, statefulRisks, totalsOf, verdictOf } from "../../../src/tools/preview/summary";

function preview(stack: string, changes: ResourceChange[], allow: AllowList = NOTHING_ALLOWED, ok = true): StackPreview {
  return {
    stack,
    ok,
    validate: ok ? "inferred" : "failed",
    plan: ok ? "ok" : "failed",
    ...(ok ? { totals: totalsOf(changes) } : {}),
    changes,
    risks: statefulRisks(stack, changes, allow),
    seconds: 3.25,
  };
}

const creates = (n: number): ResourceChange[] => Array.from({ length: n }, (_, i) => ({ address: `aws_vpc.v${i}`, type: "aws_vpc", kind: "create" }));
const bucketGone: ResourceChange = {
  address: "aws_s3_bucket.old_media",
  type: "aws_s3_bucket",
  kind: "delete",
  reason: "delete_because_no_resource_config",
};
const keyReplaced: ResourceChange = { address: "aws_kms_key.media", type: "aws_kms_key", kind: "replace", replacePaths: ["customer_master_key_spec"] };

function context(over: Partial<PreviewContext> = {}): PreviewContext {
  return {
    env: "e",
    statefulStacks: [],
    seconds: 21.04,
    synthSeconds: 1.5,
    concurrency: 2,
    planFiles: { "e-network": "out/preview/e/e-network.plan.json", "e-data": "out/preview/e/e-data.plan.json" },
    summaryFile: "out/preview/e/summary.json",
    ...over,
  };
}

describe("progress line", () => {
  it("gives position, name, validate and plan status, counts and seconds", () => {
    expect(formatProgress(preview("e-network", creates(95)), 2, 5, 12)).toBe(
      "[2/5] e-network     validate ok, plan ok: 95 to add, 0 to change, 0 to destroy (3.3 s)",
    );
  });

  it("X.3 marks stateful destroys and replacements, and failures", () => {
    const line = formatProgress(preview("e-data", [bucketGone, keyReplaced]), 3, 5, 6);
    expect(line).toBe("[3/5] e-data  validate ok, plan ok: 1 to add, 0 to change, 2 to destroy (1 replaced) (3.3 s)  !! 2 stateful destroys");
    expect(formatProgress(preview("e-edge", [], NOTHING_ALLOWED, false), 5, 5, 6)).toBe("[5/5] e-edge  validate FAILED, plan FAILED (3.3 s)");
  });
});

describe("summary", () => {
  it("has one row per stack in the given order, a total row, the plan files and the verdict", () => {
    const previews = [preview("e-network", creates(95)), preview("e-data", creates(37))];
    const text = formatSummary(previews, verdictOf(previews, NOTHING_ALLOWED), context());
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l.startsWith("stack"));
    expect(lines[header]).toMatch(/^stack\s+status\s+add\s+change\s+destroy\s+replace\s+stateful\s+seconds$/);
    expect(lines[header + 1]!.split(/\s+/)).toEqual(["e-network", "ok", "95", "0", "0", "0", "0", "3.3"]);
    expect(lines[header + 2]!.split(/\s+/)).toEqual(["e-data", "ok", "37", "0", "0", "0", "0", "3.3"]);
    expect(lines[header + 3]!.split(/\s+/)).toEqual(["total", "132", "0", "0", "0", "0"]);
    expect(text).toContain("Stateful resources destroyed or replaced: none.");
    expect(text).toContain("  out/preview/e/e-network.plan.json\n  out/preview/e/e-data.plan.json");
    expect(text).toContain("every stack planned from an empty state");
    expect(lines.at(-1)).toBe("Result: ok (exit 0)");
  });

  it("X.3 highlights each stateful destroy with its cause, what it loses and how to allow it", () => {
    const previews = [preview("e-data", [bucketGone, keyReplaced], { all: false, addresses: ["aws_kms_key.media"] })];
    const text = formatSummary(previews, verdictOf(previews, { all: false, addresses: ["aws_kms_key.media"] }), context({ statefulStacks: ["e-data"] }));
    expect(text).toContain("!! Stateful resources destroyed or replaced: 2, 1 NOT allowed");
    expect(text).toContain("!! DESTROY  e-data  aws_s3_bucket.old_media\n      cause: no longer in the configuration");
    expect(text).toMatch(/loses: S3 bucket/);
    expect(text).toContain("allow: --allow-destroy e-data:aws_s3_bucket.old_media");
    expect(text).toContain("   REPLACE  e-data  aws_kms_key.media   (allowed by aws_kms_key.media)\n      cause: forced by customer_master_key_spec");
    expect(text).not.toContain("allow: --allow-destroy e-data:aws_kms_key.media");
    expect(text).toContain("planned against the given state for e-data");
    expect(text.split("\n").at(-1)).toBe("Result: BLOCKED — 1 stateful destroy not allowed (exit 3)");
  });

  it("X.3 says when prevent_destroy stopped the plan instead of suggesting a flag", () => {
    const p = preview("e-state", [], NOTHING_ALLOWED, false);
    const withRisk: StackPreview = {
      ...p,
      risks: statefulRisks("e-state", [{ address: "aws_s3_bucket.b", type: "aws_s3_bucket", kind: "replace" }], NOTHING_ALLOWED, ["aws_s3_bucket.b"]),
    };
    const text = formatSummary([withRisk], verdictOf([withRisk], NOTHING_ALLOWED), context({ planFiles: {} }));
    expect(text).toContain("stopped: lifecycle.prevent_destroy");
    expect(text).not.toContain("allow: --allow-destroy");
    expect(text.split("\n").find((l) => l.startsWith("e-state"))!.split(/\s+/)).toEqual(["e-state", "INVALID", "-", "-", "-", "-", "!!", "1", "3.3"]);
    expect(text.split("\n").at(-1)).toBe("Result: FAILED — e-state did not validate or plan (exit 1)");
  });

  it("warns about an --allow-destroy that matched nothing", () => {
    const allow = { all: false, addresses: ["aws_s3_bucket.typo"] };
    const previews = [preview("e-data", creates(1), allow)];
    expect(formatSummary(previews, verdictOf(previews, allow), context())).toContain(
      "warning: --allow-destroy aws_s3_bucket.typo matches no stateful destroy or replacement",
    );
  });
});

describe("summary: plan cache", () => {
  it("says how many stacks were reused from the plan cache, only when the cache was used; summary.json does not change", () => {
    const previews = [preview("e-network", creates(95)), preview("e-data", creates(37))];
    const verdict = verdictOf(previews, NOTHING_ALLOWED);
    const reused = context({ reused: { stacks: 1, of: 2, dir: ".cache/terraform-offline/plans" } });
    expect(formatSummary(previews, verdict, reused)).toContain(
      "\n1 of 2 stacks unchanged since their last plan: reused (.cache/terraform-offline/plans; --no-cache plans them all).\n",
    );
    expect(formatSummary(previews, verdict, context())).not.toContain("unchanged since their last plan");
    expect(JSON.stringify(summaryJson(previews, verdict, reused))).toBe(JSON.stringify(summaryJson(previews, verdict, context())));
  });
});

describe("summary.json", () => {
  it("holds the order, totals, plan files, changes other than creates, stateful destroys and the exit code", () => {
    const previews = [preview("e-network", creates(2)), preview("e-data", [bucketGone, ...creates(1)])];
    const verdict = verdictOf(previews, NOTHING_ALLOWED);
    const json = JSON.parse(JSON.stringify(summaryJson(previews, verdict, context())));
    expect(json.exitCode).toBe(3);
    expect(json.order).toEqual(["e-network", "e-data"]);
    expect(json.stacks[1]).toMatchObject({
      stack: "e-data",
      totals: { add: 1, change: 0, destroy: 1, replace: 0 },
      planFile: "out/preview/e/e-data.plan.json",
      changes: [{ address: "aws_s3_bucket.old_media", kind: "delete" }],
      statefulDestroys: [{ address: "aws_s3_bucket.old_media", kind: "delete", stack: "e-data" }],
    });
    expect(json.blocked).toHaveLength(1);
  });
});
