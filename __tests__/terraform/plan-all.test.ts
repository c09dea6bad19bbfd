/**
 * X.2: every stack of every preset passes `terraform validate` and an offline
 * `terraform plan` with the real hashicorp/aws 5.100.0 provider.
 *
 * All presets are synthesized once through the project's own app (the same
 * code path as `cdktf synth`), then every stack is planned by the offline
 * harness in one worker pool (one file, so jest workers do not multiply
 * terraform processes on a 2-core machine). Upstream states are stubs built
 * from the contract tables, so downstream stacks are planned too.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { CONTRACTS } from "../../src/contract";
import { PRESETS } from "../../src/environments";
import { formatOfflineResult, OfflineRunResult, runStacksOffline, stubsFromTables } from "../../src/tooling/terraform-offline";
import { describeWithTerraform } from "../support/terraform";

const outdir = mkdtempSync(join(tmpdir(), "plan-all-"));
buildApp({ definitions: PRESETS, outdir }).app.synth();
const stackNames = readdirSync(join(outdir, "stacks")).sort();

describeWithTerraform("X.2 terraform validate + offline plan of every stack of every preset", () => {
  const results = new Map<string, OfflineRunResult>();

  beforeAll(async () => {
    const started = Date.now();
    const all = await runStacksOffline(
      stackNames.map((s) => join(outdir, "stacks", s)),
      { stubOutputs: stubsFromTables(CONTRACTS), validateStrategy: "batch" },
    );
    for (const r of all) results.set(r.stackName, r);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`validated and planned ${all.length} stacks in ${seconds} s:\n${all.map((r) => `  ${r.stackName}: ${r.plan?.changes.add ?? "?"} to add (${(r.durations.total / 1000).toFixed(1)} s)`).join("\n")}`);
  }, 900_000);

  it("synthesizes a state and a network stack for each of the four presets", () => {
    for (const preset of PRESETS) {
      expect(stackNames).toEqual(expect.arrayContaining([`${preset.name}-state`, `${preset.name}-network`]));
    }
  });

  it.each(stackNames)("%s validates, and its plan creates exactly the synthesized resources", (name) => {
    const result = results.get(name)!;
    if (!result.ok) throw new Error(formatOfflineResult(result));
    expect(result.validate).toMatchObject({ ok: true, source: "terraform validate" });
    expect(result.plan!.changes).toMatchObject({ change: 0, destroy: 0, replace: 0 });
    // Every resource we synthesized is planned for creation (for_each instances by their base address), nothing else.
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
    const synthesized = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    const planned = new Set(result.plan!.resources.filter((r) => r.action === "create").map((r) => r.address.replace(/\[[^\]]*\]$/, "")));
    expect([...planned].sort()).toEqual(synthesized.sort());
  });
});
