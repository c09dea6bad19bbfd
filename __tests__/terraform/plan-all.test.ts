/**
 * X.2: every stack of every registered environment (the presets and the
 * user's own, everything in DEFINITIONS) passes `terraform validate` and an offline
 * `terraform plan` with the real hashicorp/aws 5.100.0 provider; so do the DR
 * variants of media-commerce that take other code paths (R1.7).
 *
 * All presets are synthesized once through the project's own app (the same
 * code path as `cdktf synth`), the variants through their stacks (as
 * __tests__/stacks/dr-seams.test.ts synthesizes them), then every stack is
 * validated and planned by the offline harness in ONE batch: the stacks are
 * modules of one root configuration, so the provider schema is loaded by one
 * terraform process instead of one per stack (~40 s of CPU instead of ~95 s;
 * see planStacksTogether in src/tools/terraform/terraform-offline.ts). Each stack
 * still has its own validate result and its own plan result; if the batch plan
 * fails, the harness plans each stack alone, so a failure names its stack.
 * Upstream states are stubs built from the contract tables, so downstream
 * stacks are planned too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { CONTRACTS } from "../../src/contract";
import { DEFINITIONS, PRESETS } from "../../src/environments";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { formatOfflineResult, OfflineRunResult, OfflineStackSource, runStacksOffline, stubsFromTables } from "../../src/tools/terraform/terraform-offline";
import { synthEnvironment, variant } from "../support/synth";
import { describeWithTerraform } from "../support/terraform";

const outdir = mkdtempSync(join(tmpdir(), "plan-all-"));
buildApp({ definitions: DEFINITIONS, outdir, warn: () => undefined }).app.synth();
const stackNames = readdirSync(join(outdir, "stacks")).sort();
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * media-commerce's DR variants and the stacks where they differ from the
 * preset (which plan-all plans as a warm standby with a CDN): a headless
 * pilot light, backup-restore (only the copies' destinations), shared files
 * replicated to the DR region, and an edge without CDN whose names alias the
 * failover name; and the preset as a disposable environment (lifecycle).
 */
const VARIANTS: Record<string, { readonly patch: (d: any) => void; readonly kinds: readonly string[] }> = {
  "mc-pilot": { patch: (d) => (d.dr.strategy = "pilot-light"), kinds: ["dr-data", "dr-compute"] },
  "mc-restore": { patch: (d) => (d.dr.strategy = "backup-restore"), kinds: ["dr-storage"] },
  "mc-files": { patch: (d) => (d.data.sharedFiles = { accessPoints: [{ path: "/static" }] }), kinds: ["dr-data"] },
  "mc-direct": { patch: (d) => delete d.edge.cdn, kinds: ["edge"] },
  // Teardown (issue 12): the stacks whose stateful resources a disposable lifecycle changes
  // (no final snapshots, force_destroy, no Object Lock or Vault Lock) plan with the real provider.
  "mc-disposable": { patch: (d) => (d.lifecycle = "disposable"), kinds: ["state", "data", "dr-storage", "compute"] },
};
const variantJson: Record<string, string> = {};
for (const [name, { patch, kinds }] of Object.entries(VARIANTS)) {
  const s = synthEnvironment(variant(mediaCommerce, (d) => (patch(d), (d.name = name))));
  for (const kind of kinds) variantJson[`${name}-${kind}`] = s.text[kind]!;
}
const variantNames = Object.keys(variantJson);

/** Addresses of the resources a stack's JSON declares (`type.name`). */
function synthesizedAddresses(name: string): string[] {
  const text = variantJson[name] ?? readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
  const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
}

describeWithTerraform("X.2 terraform validate + offline plan of every stack of every registered environment", () => {
  const results = new Map<string, OfflineRunResult>();

  beforeAll(async () => {
    const started = Date.now();
    const sources: OfflineStackSource[] = [
      ...stackNames.map((s) => join(outdir, "stacks", s)),
      ...variantNames.map((stackName) => ({ stackName, json: variantJson[stackName]! })),
    ];
    const all = await runStacksOffline(sources, { stubOutputs: stubsFromTables(CONTRACTS), validateStrategy: "batch", planStrategy: "batch" });
    for (const r of all) results.set(r.stackName, r);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const batched = all.filter((r) => r.plan?.batch).length;
    console.log(
      `validated and planned ${all.length} stacks in ${seconds} s (${batched} in one batch plan):\n` +
        all.map((r) => `  ${r.stackName}: ${r.plan?.changes.add ?? "?"} to add`).join("\n"),
    );
  }, 900_000);

  it("synthesizes a state and a network stack for each of the four presets and each of the user's own environments", () => {
    expect(DEFINITIONS.length).toBeGreaterThanOrEqual(PRESETS.length);
    for (const preset of DEFINITIONS) {
      expect(stackNames).toEqual(expect.arrayContaining([`${preset.name}-state`, `${preset.name}-network`]));
    }
  });

  it.each([...stackNames, ...variantNames])("%s validates, and its plan creates exactly the synthesized resources", (name) => {
    const result = results.get(name)!;
    if (!result.ok) throw new Error(formatOfflineResult(result));
    expect(result.validate).toMatchObject({ ok: true, source: "terraform validate" });
    expect(result.plan!.changes).toMatchObject({ change: 0, destroy: 0, replace: 0 });
    // Every resource we synthesized is planned for creation (for_each instances by their base address), nothing else.
    const planned = new Set(result.plan!.resources.filter((r) => r.action === "create").map((r) => r.address.replace(/\[[^\]]*\]$/, "")));
    expect([...planned].sort()).toEqual(synthesizedAddresses(name).sort());
  });

  it("R1.7 pilot light, backup-restore, shared files, no-CDN and disposable variants plan cleanly; a headless pilot light plans no DR instance", () => {
    const added = (name: string) => results.get(name)!.plan!.changes.add;
    for (const name of variantNames) expect(results.get(name)).toMatchObject({ ok: true, plan: { changes: { change: 0, destroy: 0, replace: 0 } } });
    expect(added("mc-pilot-dr-data")).toBeLessThan(added("mc-files-dr-data"));
  });
});
