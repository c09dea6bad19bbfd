/**
 * X.3 The preview's batch root kept initialised across runs
 * (src/tools/preview/batch-root.ts): its key, its files, the split of the
 * batch plan stream per stack, and (with terraform) that a second run plans
 * without `terraform init` and sees the stacks' new contents.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { batchRootKey, planInBatchRoot, planResultsFromStream, pruneBatchRoots, ROOT_INIT_MARKER, writeBatchRoot } from "../../../src/tools/preview/batch-root";
import { stackDocument } from "../../../src/tools/preview/batch";
import { changesFromPlanDocument } from "../../../src/tools/preview/summary";
import { PreparedStack, prepareOfflineStackJson, setupOfflineEnvironment } from "../../../src/tools/terraform/terraform-offline";
import { describeWithTerraform } from "../../support/terraform";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "batch-root-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stack JSON with one SQS queue per name, an output, and the given required providers. */
function stackJson(queues: readonly string[], providers: Record<string, object> = { aws: { source: "aws", version: "5.100.0" } }): object {
  return {
    terraform: { required_providers: providers },
    provider: { aws: [{ region: "ap-northeast-2", default_tags: [{ tags: { Stack: "x" } }] }] },
    resource: { aws_sqs_queue: Object.fromEntries(queues.map((q) => [q, { name: q }])) },
    output: { first_queue: { value: `\${aws_sqs_queue.${queues[0]}.name}` }, secret_name: { value: "s", sensitive: true } },
  };
}

/** A fake prepared stack: only `stackName` and a work dir with `cdk.tf.json` (what the key and the root read). */
function fakePrepared(name: string, json: object, extra: Record<string, string> = {}): PreparedStack {
  const workDir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  fs.writeFileSync(path.join(workDir, "cdk.tf.json"), JSON.stringify(json));
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
    fs.writeFileSync(path.join(workDir, file), text);
  }
  return { stackName: name, workDir, overrideFile: path.join(workDir, "zz_offline_override.tf.json"), stubStateFiles: {}, providerConfigs: ["aws"], rewrites: [] };
}

const ENV = { terraform: { path: "/usr/bin/terraform", version: "1.11.4" }, mirror: { root: "/opt/mirror", packagePath: "/opt/mirror/x", layout: "unpacked" as const, source: "search" as const } };

describe("X.3 batch root key: what terraform init installs, nothing else", () => {
  it("is the same for the same stacks in any order, and when only resources or outputs change", () => {
    const a = fakePrepared("env-a", stackJson(["q1"]));
    const b = fakePrepared("env-b", stackJson(["q2"]));
    const key = batchRootKey([a, b], ENV);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(batchRootKey([b, a], ENV)).toBe(key);
    const b2 = fakePrepared("env-b", stackJson(["q2", "q3"]));
    expect(batchRootKey([a, b2], ENV)).toBe(key);
  });

  it("changes with the set of stacks, a stack's required_providers, the terraform binary or the mirror", () => {
    const a = fakePrepared("env-a", stackJson(["q1"]));
    const b = fakePrepared("env-b", stackJson(["q2"]));
    const key = batchRootKey([a, b], ENV);
    const others = [
      batchRootKey([a], ENV),
      batchRootKey([a, fakePrepared("env-c", stackJson(["q2"]))], ENV),
      batchRootKey([a, fakePrepared("env-b", stackJson(["q2"], { aws: { source: "aws", version: "5.100.0" }, random: { source: "hashicorp/random" } }))], ENV),
      batchRootKey([a, b], { ...ENV, terraform: { ...ENV.terraform, version: "1.12.0" } }),
      batchRootKey([a, b], { ...ENV, mirror: { ...ENV.mirror, root: "/elsewhere" } }),
    ];
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });
});

describe("X.3 batch root files", () => {
  it("calls each stack as ./stacks/<stack>, re-exports its outputs (sensitive kept) and copies its files, dropping stale ones", () => {
    const root = path.join(tmp, "root-files");
    const a = fakePrepared("env-a", stackJson(["q1"]), { "zz_offline_override.tf.json": "{}", "assets/x.txt": "asset", "stubs/network.tfstate": "{}" });
    fs.mkdirSync(path.join(root, "stacks", "env-a"), { recursive: true });
    fs.writeFileSync(path.join(root, "stacks", "env-a", "stale.tf.json"), "{}");
    writeBatchRoot(root, [a]);
    const call = JSON.parse(fs.readFileSync(path.join(root, "env-a.tf.json"), "utf8"));
    expect(call.module).toEqual({ "env-a": { source: "./stacks/env-a" } });
    expect(call.output).toEqual({
      "env-a__first_queue": { value: "${module.env-a.first_queue}" },
      "env-a__secret_name": { value: "${module.env-a.secret_name}", sensitive: true },
    });
    const moduleDir = path.join(root, "stacks", "env-a");
    expect(fs.lstatSync(moduleDir).isDirectory()).toBe(true);
    expect(fs.readdirSync(moduleDir).sort()).toEqual(["assets", "cdk.tf.json", "zz_offline_override.tf.json"]);
    expect(fs.readFileSync(path.join(moduleDir, "assets", "x.txt"), "utf8")).toBe("asset");
    expect(fs.readFileSync(path.join(moduleDir, "cdk.tf.json"), "utf8")).toBe(JSON.stringify(stackJson(["q1"])));
  });
});

/** One line of terraform's `-json` UI output. */
const line = (o: object) => JSON.stringify(o);
const change = (addr: string, action: string) => line({ type: "planned_change", change: { resource: { addr }, action } });
const warning = (summary: string, extra: object = {}) => line({ type: "diagnostic", diagnostic: { severity: "warning", summary, detail: "d", ...extra } });
const summary = (add: number, changeCount: number, remove: number) => line({ type: "change_summary", changes: { add, change: changeCount, remove, import: 0, operation: "plan" } });

describe("X.3 the batch plan stream, split per stack", () => {
  const names = ["env-a", "env-b"];

  it("gives each stack its own resources (module prefix dropped), counts and warnings; batching artefacts are dropped", () => {
    const stdout = [
      line({ type: "version", terraform: "1.11.4" }),
      change("module.env-a.aws_sqs_queue.q1", "create"),
      change('module.env-b.aws_db_instance.db["x"]', "replace"),
      change("module.env-b.aws_sqs_queue.q2", "update"),
      warning("Backend configuration ignored", { range: { filename: "stacks/env-a/zz_offline_override.tf.json" } }),
      warning("Redundant empty provider block", { range: { filename: "stacks/env-b/cdk.tf.json" } }),
      warning("Deprecated argument", { address: "module.env-b.aws_sqs_queue.q2", range: { filename: "stacks/env-b/cdk.tf.json", start: { line: 3, column: 5 } } }),
      warning("Value for undeclared variable"),
      summary(2, 1, 1),
    ].join("\n");
    const plans = planResultsFromStream({ code: 0, stdout, durationMs: 1234 }, names, "/r/plan.bin")!;
    expect(plans).not.toBeNull();
    const a = plans.get("env-a")!;
    const b = plans.get("env-b")!;
    expect(a.resources).toEqual([{ address: "aws_sqs_queue.q1", action: "create" }]);
    expect(b.resources.map((r) => r.address)).toEqual(['aws_db_instance.db["x"]', "aws_sqs_queue.q2"]);
    expect(a.changes).toEqual({ add: 1, change: 0, destroy: 0, replace: 0, import: 0 });
    expect(b.changes).toEqual({ add: 1, change: 1, destroy: 1, replace: 1, import: 0 });
    expect(a.diagnostics.map((d) => d.summary)).toEqual(["Value for undeclared variable"]);
    expect(b.diagnostics.map((d) => d.summary)).toEqual(["Value for undeclared variable", "Deprecated argument"]);
    expect(b.diagnostics[1]).toMatchObject({ address: "aws_sqs_queue.q2", location: "stacks/env-b/cdk.tf.json:3:5" });
    for (const p of [a, b]) expect(p).toMatchObject({ ok: true, batch: true, planFile: "/r/plan.bin", durationMs: 1234, exitCode: 0 });
  });

  it.each([
    ["terraform failed", { code: 1, stdout: summary(0, 0, 0) }],
    ["an error diagnostic", { code: 0, stdout: [line({ type: "diagnostic", diagnostic: { severity: "error", summary: "bad" } }), summary(0, 0, 0)].join("\n") }],
    ["a change outside the stacks' modules", { code: 0, stdout: [change("aws_sqs_queue.root", "create"), summary(1, 0, 0)].join("\n") }],
    ["a change of an unknown module", { code: 0, stdout: [change("module.env-z.aws_sqs_queue.q", "create"), summary(1, 0, 0)].join("\n") }],
    ["terraform's summary disagreeing with the per-stack counts", { code: 0, stdout: [change("module.env-a.aws_sqs_queue.q1", "create"), summary(2, 0, 0)].join("\n") }],
    ["no change summary at all", { code: 0, stdout: change("module.env-a.aws_sqs_queue.q1", "create") }],
  ])("gives nothing (the preview then plans stack by stack) on %s", (_, run) => {
    expect(planResultsFromStream({ ...run, durationMs: 1 }, names, "p")).toBeNull();
  });
});

describeWithTerraform("X.3 the batch root is initialised once and reused (real terraform, offline)", () => {
  let workRoot: string;
  beforeAll(() => {
    workRoot = path.join(tmp, "work");
  });

  const prepare = (name: string, queues: readonly string[]) => prepareOfflineStackJson(name, stackJson(queues), { stubOutputs: {}, workRoot });

  it("runs init the first time, not the second, and the second plan sees the stacks' new resources", async () => {
    const env = setupOfflineEnvironment({ workRoot });
    const first = await planInBatchRoot([prepare("br-a", ["qa1"]), prepare("br-b", ["qb1"])], env);
    if (!first) throw new Error("the first batch run failed");
    expect(first.init.reused).toBeUndefined();
    expect(first.init.durationMs).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(first.rootDir, ROOT_INIT_MARKER))).toBe(true);
    expect(first.plans.get("br-b")!.resources).toEqual([{ address: "aws_sqs_queue.qb1", action: "create" }]);

    const second = await planInBatchRoot([prepare("br-a", ["qa1"]), prepare("br-b", ["qb1", "qb2"])], env);
    if (!second) throw new Error("the second batch run failed");
    expect(second.rootDir).toBe(first.rootDir);
    expect(second.init.reused).toBe(true);
    expect(second.phases.init).toBe(0);
    expect(second.plans.get("br-b")!.resources.map((r) => r.address).sort()).toEqual(["aws_sqs_queue.qb1", "aws_sqs_queue.qb2"]);
    const docB = stackDocument(second.document, "br-b");
    expect(changesFromPlanDocument(docB).map((c) => `${c.kind} ${c.address}`).sort()).toEqual(["create aws_sqs_queue.qb1", "create aws_sqs_queue.qb2"]);
    // Planned values come from the stack's own provider configuration (its default tags).
    const planned = (docB.planned_values as { root_module: { resources: { address: string; values: { tags_all?: Record<string, string> } }[] } }).root_module.resources;
    expect(planned.length).toBe(2);
    for (const r of planned) expect(r.values.tags_all).toEqual({ Stack: "x" });
    expect(fs.existsSync(path.join(second.rootDir, "plan.bin"))).toBe(false);
  }, 600_000);
});

describe("X.3 old batch roots are pruned", () => {
  it("deletes roots unused for longer than the limit, keeps recent ones, the one in use and locked ones", () => {
    const dir = path.join(tmp, "prune");
    const old = new Date(Date.now() - 10 * 24 * 3600_000);
    for (const name of ["old", "old-locked", "old-in-use", "recent"]) {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      if (name !== "recent") fs.utimesSync(path.join(dir, name), old, old);
    }
    fs.writeFileSync(path.join(dir, "old-locked.lock"), "1");
    pruneBatchRoots(dir, 7 * 24 * 3600_000, path.join(dir, "old-in-use"));
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith(".lock")).sort()).toEqual(["old-in-use", "old-locked", "recent"]);
  });
});
