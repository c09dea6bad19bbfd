/**
 * X.3 Plan summaries, stateful destroys and the exit code
 * (src/tools/preview/summary.ts): pure functions, fed hand-written terraform output.
 */
import {
  allowingEntry,
  AllowList,
  baseAddress,
  changesFromPlanDocument,
  changesFromPlannedResources,
  describeCause,
  EXIT,
  kindOfAction,
  kindOfActions,
  NOTHING_ALLOWED,
  preventDestroyAddresses,
  previewStack,
  ResourceChange,
  StackPreview,
  statefulRisks,
  totalsOf,
  verdictOf,
} from "../../../src/tools/preview/summary";
import type { OfflineRunResult, PlanDocument } from "../../../src/tools/terraform/terraform-offline";

describe("kinds of change", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], "noop"],
    [["read"], "read"],
    [["forget"], "forget"],
    [[], "other"],
  ])("show -json actions %j → %s", (actions, kind) => {
    expect(kindOfActions(actions)).toBe(kind);
  });

  it.each([
    ["create", "create"],
    ["replace", "replace"],
    ["delete", "delete"],
    ["remove", "forget"],
    ["noop", "noop"],
    ["move", "move"],
    ["something-new", "other"],
  ])("plan -json action %s → %s", (action, kind) => {
    expect(kindOfAction(action)).toBe(kind);
  });
});

/** A `terraform show -json` document as terraform 1.11 writes it (trimmed to the fields read). */
const PLAN_DOCUMENT = {
  format_version: "1.2",
  resource_changes: [
    { address: "aws_vpc.vpc", mode: "managed", type: "aws_vpc", change: { actions: ["create"] } },
    { address: "data.aws_region.current", mode: "data", type: "aws_region", change: { actions: ["read"] } },
    { address: "aws_sns_topic.alarms", mode: "managed", type: "aws_sns_topic", change: { actions: ["no-op"] } },
    { address: "aws_iam_role.web", mode: "managed", type: "aws_iam_role", change: { actions: ["update"] } },
    {
      address: "aws_s3_bucket.old_media",
      mode: "managed",
      type: "aws_s3_bucket",
      change: { actions: ["delete"] },
      action_reason: "delete_because_no_resource_config",
    },
    {
      address: "aws_db_instance.database_primary",
      mode: "managed",
      type: "aws_db_instance",
      change: { actions: ["delete", "create"], replace_paths: [["identifier"], ["storage_encrypted"]] },
      action_reason: "replace_because_cannot_update",
    },
    {
      address: 'aws_eip.nat["ap-northeast-2a"]',
      mode: "managed",
      type: "aws_eip",
      change: { actions: ["create", "delete"], replace_paths: [["tags", "Name"], ["rule", 0, "id"]] },
    },
    { address: "aws_s3_bucket_policy.old_media", mode: "managed", type: "aws_s3_bucket_policy", change: { actions: ["delete"] } },
  ],
};

describe("changes and totals", () => {
  const changes = changesFromPlanDocument(PLAN_DOCUMENT);

  it("leaves out no-ops and reads, keeps terraform's reason and the attributes forcing a replacement", () => {
    expect(changes.map((c) => [c.address, c.kind])).toEqual([
      ["aws_vpc.vpc", "create"],
      ["aws_iam_role.web", "update"],
      ["aws_s3_bucket.old_media", "delete"],
      ["aws_db_instance.database_primary", "replace"],
      ['aws_eip.nat["ap-northeast-2a"]', "replace"],
      ["aws_s3_bucket_policy.old_media", "delete"],
    ]);
    expect(changes[3]).toEqual({
      address: "aws_db_instance.database_primary",
      type: "aws_db_instance",
      kind: "replace",
      reason: "replace_because_cannot_update",
      replacePaths: ["identifier", "storage_encrypted"],
    });
    expect(changes[4]!.replacePaths).toEqual(["tags.Name", "rule[0].id"]);
  });

  it("counts like terraform: a replacement is one to add and one to destroy", () => {
    expect(totalsOf(changes)).toEqual({ add: 3, change: 1, destroy: 4, replace: 2 });
    expect(totalsOf([])).toEqual({ add: 0, change: 0, destroy: 0, replace: 0 });
  });

  it("falls back on plan -json actions (a failed plan has no show -json)", () => {
    expect(
      changesFromPlannedResources([
        { address: "aws_s3_bucket.b", action: "replace" },
        { address: "data.aws_region.r", action: "read" },
        { address: "aws_kms_key.k", action: "delete" },
        { address: "aws_kms_alias.a", action: "remove" },
      ]),
    ).toEqual([
      { address: "aws_s3_bucket.b", type: "aws_s3_bucket", kind: "replace" },
      { address: "aws_kms_key.k", type: "aws_kms_key", kind: "delete" },
      { address: "aws_kms_alias.a", type: "aws_kms_alias", kind: "forget" },
    ]);
  });

  it("says why in words", () => {
    expect(describeCause({ reason: "delete_because_no_resource_config" })).toMatch(/no longer in the configuration.*renamed/);
    expect(describeCause({ reason: "replace_because_cannot_update", replacePaths: ["identifier"] })).toMatch(
      /cannot be changed in place.*; forced by identifier$/,
    );
    expect(describeCause({ reason: "delete_because_brand_new_reason" })).toBe("delete because brand new reason");
    expect(describeCause({})).toBeUndefined();
  });
});

describe("X.3 allowing a stateful destroy", () => {
  const allow = (...addresses: string[]): AllowList => ({ all: false, addresses });

  it.each([
    ["any stack", "aws_s3_bucket.media", "aws_s3_bucket.media"],
    ["stack-scoped", "e-data:aws_s3_bucket.media", "e-data:aws_s3_bucket.media"],
    ["other stack", "e-edge:aws_s3_bucket.media", undefined],
    ["other resource", "aws_s3_bucket.media2", undefined],
    ["prefix only", "aws_s3_bucket", undefined],
  ])("%s: entry %s → %s", (_name, entry, expected) => {
    expect(allowingEntry("e-data", "aws_s3_bucket.media", allow(entry))).toBe(expected);
  });

  it("a resource address covers its instances; an instance address only itself", () => {
    const a = 'aws_eip.nat["a"]';
    expect(baseAddress(a)).toBe("aws_eip.nat");
    expect(allowingEntry("e-network", a, allow("aws_eip.nat"))).toBe("aws_eip.nat");
    expect(allowingEntry("e-network", a, allow('e-network:aws_eip.nat["a"]'))).toBe('e-network:aws_eip.nat["a"]');
    expect(allowingEntry("e-network", 'aws_eip.nat["b"]', allow('aws_eip.nat["a"]'))).toBeUndefined();
    expect(allowingEntry("e-network", 'aws_eip.nat["x:y"]', allow('aws_eip.nat["x:y"]'))).toBe('aws_eip.nat["x:y"]');
  });

  it("--allow-stateful-destroy allows everything; a named entry is still credited", () => {
    expect(allowingEntry("s", "aws_kms_key.k", { all: true, addresses: [] })).toBe("--allow-stateful-destroy");
    expect(allowingEntry("s", "aws_kms_key.k", { all: true, addresses: ["aws_kms_key.k"] })).toBe("aws_kms_key.k");
  });

  it("X.3 flags destroys and replacements of stateful types only", () => {
    const risks = statefulRisks("e-data", changesFromPlanDocument(PLAN_DOCUMENT), allow("aws_eip.nat"));
    expect(risks.map((r) => [r.address, r.kind, r.allowedBy])).toEqual([
      ["aws_s3_bucket.old_media", "delete", undefined],
      ["aws_db_instance.database_primary", "replace", undefined],
      ['aws_eip.nat["ap-northeast-2a"]', "replace", "aws_eip.nat"],
    ]);
    expect(risks[0]!.why).toMatch(/S3 bucket/);
    expect(risks[1]!.cause).toMatch(/forced by identifier, storage_encrypted/);
  });

  it("X.3 finds the addresses prevent_destroy refused in terraform's diagnostic", () => {
    const detail =
      "Resource aws_s3_bucket.state has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. " +
      "To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.";
    expect(
      preventDestroyAddresses([
        { summary: "Instance cannot be destroyed", detail },
        { summary: "Unsupported argument", detail: "Resource aws_x.y has lifecycle.prevent_destroy" },
      ]),
    ).toEqual(["aws_s3_bucket.state"]);
    const [risk] = statefulRisks("s", [{ address: "aws_s3_bucket.state", type: "aws_s3_bucket", kind: "replace" }], NOTHING_ALLOWED, [
      "aws_s3_bucket.state",
    ]);
    expect(risk!.preventDestroy).toBe(true);
  });
});

/** A harness result as `runOffline` returns it (only the fields the preview reads). */
function result(name: string, opts: { ok?: boolean; planOk?: boolean; validateOk?: boolean; document?: PlanDocument; resources?: { address: string; action: string }[] }): OfflineRunResult {
  const planOk = opts.planOk ?? true;
  const validateOk = opts.validateOk ?? true;
  const step = { durationMs: 1000, diagnostics: [], exitCode: 0 };
  return {
    stackName: name,
    workDir: `/tmp/${name}`,
    ok: opts.ok ?? (planOk && validateOk),
    validate: { ...step, ok: validateOk, source: planOk ? "plan" : "terraform validate" },
    plan: {
      ...step,
      ok: planOk,
      changes: { add: 0, change: 0, destroy: 0, replace: 0, import: 0 },
      resources: opts.resources ?? [],
      planFile: "/tmp/plan.bin",
    },
    ...(opts.document ? { show: { ...step, ok: true, document: opts.document } } : {}),
    durations: { init: 500, validate: 0, plan: 1000, show: 800, total: 2345 },
  };
}

describe("previewStack", () => {
  it("summarizes a successful plan from its show -json document", () => {
    const p = previewStack(result("e-data", { document: PLAN_DOCUMENT }), NOTHING_ALLOWED);
    expect(p).toMatchObject({ stack: "e-data", ok: true, validate: "inferred", plan: "ok", seconds: 2.345 });
    expect(p.totals).toEqual({ add: 3, change: 1, destroy: 4, replace: 2 });
    expect(p.risks).toHaveLength(3);
  });

  it("has no totals for a failed plan, but keeps the stateful replacements terraform reported before failing", () => {
    const p = previewStack(result("e-state", { planOk: false, resources: [{ address: "aws_s3_bucket.b", action: "replace" }] }), NOTHING_ALLOWED);
    expect(p).toMatchObject({ ok: false, validate: "ok", plan: "failed" });
    expect(p.totals).toBeUndefined();
    expect(p.risks.map((r) => r.address)).toEqual(["aws_s3_bucket.b"]);
  });

  it("reports an invalid configuration as a failed validation", () => {
    expect(previewStack(result("e-x", { planOk: false, validateOk: false }), NOTHING_ALLOWED).validate).toBe("failed");
  });
});

describe("X.3 the exit code", () => {
  const preview = (stack: string, ok: boolean, changes: ResourceChange[] = [], allow: AllowList = NOTHING_ALLOWED): StackPreview => ({
    stack,
    ok,
    validate: ok ? "inferred" : "failed",
    plan: ok ? "ok" : "failed",
    changes,
    risks: statefulRisks(stack, changes, allow),
    seconds: 1,
  });
  const bucketGone: ResourceChange = { address: "aws_s3_bucket.media", type: "aws_s3_bucket", kind: "delete" };
  const policyGone: ResourceChange = { address: "aws_s3_bucket_policy.media", type: "aws_s3_bucket_policy", kind: "delete" };
  const dbReplaced: ResourceChange = { address: "aws_db_instance.db", type: "aws_db_instance", kind: "replace" };
  const created: ResourceChange = { address: "aws_db_instance.new", type: "aws_db_instance", kind: "create" };

  it.each<[string, StackPreview[], AllowList, number]>([
    ["creates only", [preview("a", true, [created]), preview("b", true)], NOTHING_ALLOWED, EXIT.ok],
    ["a destroy of a replaceable resource", [preview("a", true, [policyGone])], NOTHING_ALLOWED, EXIT.ok],
    ["X.3 a stateful destroy", [preview("a", true, [bucketGone])], NOTHING_ALLOWED, EXIT.statefulDestroy],
    ["X.3 a stateful replacement", [preview("a", true, [dbReplaced])], NOTHING_ALLOWED, EXIT.statefulDestroy],
    [
      "X.3 a stateful destroy allowed by address",
      [preview("a", true, [bucketGone], { all: false, addresses: ["aws_s3_bucket.media"] })],
      { all: false, addresses: ["aws_s3_bucket.media"] },
      EXIT.ok,
    ],
    [
      "X.3 one of two allowed",
      [preview("a", true, [bucketGone, dbReplaced], { all: false, addresses: ["aws_s3_bucket.media"] })],
      { all: false, addresses: ["aws_s3_bucket.media"] },
      EXIT.statefulDestroy,
    ],
    ["X.3 all allowed", [preview("a", true, [bucketGone, dbReplaced], { all: true, addresses: [] })], { all: true, addresses: [] }, EXIT.ok],
    ["a failed stack", [preview("a", true), preview("b", false)], NOTHING_ALLOWED, EXIT.failed],
    ["a failed stack wins over a stateful destroy", [preview("a", true, [bucketGone]), preview("b", false)], NOTHING_ALLOWED, EXIT.failed],
  ])("%s → exit code", (_name, previews, allow, code) => {
    expect(verdictOf(previews, allow).code).toBe(code);
  });

  it("lists what is blocked, what is allowed, and allow entries that matched nothing", () => {
    const allow = { all: false, addresses: ["aws_s3_bucket.media", "aws_s3_bucket.typo"] };
    const v = verdictOf([preview("a", true, [bucketGone, dbReplaced], allow), preview("b", false)], allow);
    expect(v.failed).toEqual(["b"]);
    expect(v.blocked.map((r) => r.address)).toEqual(["aws_db_instance.db"]);
    expect(v.allowed.map((r) => r.address)).toEqual(["aws_s3_bucket.media"]);
    expect(v.unusedAllows).toEqual(["aws_s3_bucket.typo"]);
  });

  it("exit codes are distinct", () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
    expect(EXIT.usage).toBe(2);
  });
});
