/**
 * X.3 The preview's plan cache (src/tools/preview/plan-cache.ts): the key
 * covers what terraform reads for a stack planned from an empty state (the
 * prepared files, terraform's version, the provider binary) and nothing else;
 * entries round-trip, are refused for another stack, and are pruned when
 * unused. The end-to-end proof with terraform (a second run plans nothing and
 * writes the same files) is in preview-terraform.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planCacheKey, prunePlanCache, readCachedPlan, writeCachedPlan } from "../../../src/tools/preview/plan-cache";
import { prepareOfflineStackJson, removeOfflineWorkDir } from "../../../src/tools/terraform/terraform-offline";

let tmp: string;
let mirror: { packagePath: string };
let provider: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cache-"));
  // A fake unpacked provider package: the key takes its files' path, size and mtime.
  mirror = { packagePath: path.join(tmp, "mirror", "aws", "5.100.0", "linux_amd64") };
  fs.mkdirSync(mirror.packagePath, { recursive: true });
  provider = path.join(mirror.packagePath, "terraform-provider-aws_v5.100.0_x5");
  fs.writeFileSync(provider, "provider binary v1");
  fs.utimesSync(provider, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const STUBS = { network: { vpc_id: "vpc-0stub", web_subnet_ids: ["subnet-a", "subnet-b"] } };

/** A stack reading the network's remote state (so the prepared dir has an override and a stub state naming the work dir). */
function stackJson(queue: string): object {
  return {
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { s3: { bucket: "b", key: "k", region: "ap-northeast-2" } } },
    provider: { aws: [{ region: "ap-northeast-2" }] },
    data: { terraform_remote_state: { network: { backend: "s3", config: { bucket: "b", key: "network.tfstate", region: "ap-northeast-2" } } } },
    resource: { aws_sqs_queue: { q: { name: queue, tags: { Vpc: "${data.terraform_remote_state.network.outputs.vpc_id}" } } } },
  };
}

function prepare(name: string, json: object, stubs = STUBS) {
  return prepareOfflineStackJson(name, json, { stubOutputs: stubs, workRoot: path.join(tmp, "work") });
}

const ENV = () => ({ terraform: { version: "1.11.4" }, mirror });

describe("X.3 plan cache key: a pure function of what terraform reads", () => {
  it("is a sha256, the same for two preparations of the same stack in different work dirs", () => {
    const a = prepare("env-data", stackJson("orders"));
    const b = prepare("env-data", stackJson("orders"));
    expect(a.workDir).not.toBe(b.workDir);
    // The override really names the work dir: the key must not depend on it.
    expect(fs.readFileSync(a.overrideFile, "utf8")).toContain(a.workDir);
    const key = planCacheKey(a, ENV());
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(planCacheKey(b, ENV())).toBe(key);
  });

  it("changes when the stack JSON, a stub output, the stack name, the terraform version or the provider binary changes", () => {
    const base = prepare("env-data", stackJson("orders"));
    const key = planCacheKey(base, ENV());
    const changed = [
      ["stack JSON", planCacheKey(prepare("env-data", stackJson("payments")), ENV())],
      ["stub outputs (stubs/*.tfstate)", planCacheKey(prepare("env-data", stackJson("orders"), { network: { ...STUBS.network, vpc_id: "vpc-0other" } }), ENV())],
      ["stack name", planCacheKey(prepare("env-data2", stackJson("orders")), ENV())],
      ["terraform version", planCacheKey(base, { ...ENV(), terraform: { version: "1.11.5" } })],
    ] as const;
    for (const [what, k] of changed) expect({ what, same: k === key }).toEqual({ what, same: false });

    // The provider binary replaced: other size, then only another mtime.
    fs.writeFileSync(provider, "provider binary v2, rebuilt");
    const bigger = planCacheKey(base, ENV());
    fs.utimesSync(provider, new Date("2026-02-01T00:00:00Z"), new Date("2026-02-01T00:00:00Z"));
    const touched = planCacheKey(base, ENV());
    expect(new Set([key, bigger, touched]).size).toBe(3);
  });

  it("changes when an asset changes; not when the harness's metadata file or a file outside the work dir changes", () => {
    const p = prepare("env-compute", stackJson("orders"));
    const key = planCacheKey(p, ENV());
    fs.writeFileSync(path.join(p.workDir, "offline-stack.json"), JSON.stringify({ note: "not read by terraform" }));
    fs.writeFileSync(path.join(path.dirname(p.workDir), "unrelated.txt"), "x");
    expect(planCacheKey(p, ENV())).toBe(key);
    fs.mkdirSync(path.join(p.workDir, "assets", "user-data"), { recursive: true });
    fs.writeFileSync(path.join(p.workDir, "assets", "user-data", "web.sh"), "#!/bin/sh\necho web\n");
    const withAsset = planCacheKey(p, ENV());
    expect(withAsset).not.toBe(key);
    fs.writeFileSync(path.join(p.workDir, "assets", "user-data", "web.sh"), "#!/bin/sh\necho web2\n");
    expect(planCacheKey(p, ENV())).not.toBe(withAsset);
    removeOfflineWorkDir(p.workDir);
  });
});

describe("X.3 plan cache entries", () => {
  const entry = (stack: string, key: string) => ({
    stack,
    key,
    validate: { ok: true, durationMs: 0, diagnostics: [], exitCode: 0, source: "plan" as const, reused: true },
    plan: { ok: true, durationMs: 1234, diagnostics: [], exitCode: 0, changes: { add: 1, change: 0, destroy: 0, replace: 0, import: 0 }, resources: [{ address: "aws_sqs_queue.q", action: "create" }], planFile: "plan.bin", batch: true },
    document: { format_version: "1.2", resource_changes: [{ address: "aws_sqs_queue.q", change: { actions: ["create"] } }] },
  });

  it("round-trip; an entry is refused for another stack, a missing key or a corrupt file", () => {
    const dir = path.join(tmp, "plans-rt");
    const key = "a".repeat(64);
    writeCachedPlan(dir, entry("env-data", key));
    expect(readCachedPlan(dir, key, "env-data")).toMatchObject({ format: 1, stack: "env-data", plan: { changes: { add: 1 } }, document: { resource_changes: [{ address: "aws_sqs_queue.q" }] } });
    expect(readCachedPlan(dir, key, "env-edge")).toBeUndefined();
    expect(readCachedPlan(dir, "b".repeat(64), "env-data")).toBeUndefined();
    fs.writeFileSync(path.join(dir, `${"c".repeat(64)}.json`), "{ half an ent");
    expect(readCachedPlan(dir, "c".repeat(64), "env-data")).toBeUndefined();
  });

  it("entries unused for 7 days are pruned; a read marks an entry used", () => {
    const dir = path.join(tmp, "plans-prune");
    const old = "d".repeat(64);
    const used = "e".repeat(64);
    writeCachedPlan(dir, entry("env-data", old));
    writeCachedPlan(dir, entry("env-data", used));
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    for (const k of [old, used]) fs.utimesSync(path.join(dir, `${k}.json`), eightDaysAgo, eightDaysAgo);
    expect(readCachedPlan(dir, used, "env-data")).toBeDefined();
    prunePlanCache(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([`${used}.json`]);
  });
});
