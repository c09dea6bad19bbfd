/**
 * Synthesis into cdktf.out/ is atomic: stacks land only when every selected
 * definition is valid and the guardrails pass; after any refusal no
 * cdk.tf.json of the refused environments exists (stale ones removed), so
 * nothing can be deployed around the refusal with plain Terraform.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buddyverse } from "../src/environments/presets/buddyverse";
import { mediaCommerce } from "../src/environments/presets/media-commerce";
import { webWas } from "../src/environments/presets/web-was";
import { stackFoldersOf, synthesizeAtomically, SynthesisRefusedError } from "../src/synthesize";
import { variant } from "./support/synth";

let dir: string;
let outdir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "atomic-"));
  outdir = join(dir, "cdktf.out");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jsonOf = (stack: string) => join(outdir, "stacks", stack, "cdk.tf.json");
const DEFS = [webWas, buddyverse];
/** buddyverse without the suppression of its pinned single-AZ primary: valid, but the guardrails refuse it. */
const unguarded = variant(buddyverse, (d) => (d.guardrails.suppressions = d.guardrails.suppressions.filter((s: { rule: string }) => s.rule !== "rds-multi-az")));
/** buddyverse with a subnet outside its VPC: refused by validation. */
const invalid = variant(buddyverse, (d) => (d.network.subnets[0].cidrs[0] = "10.9.9.0/24"));

function refusal(f: () => unknown): SynthesisRefusedError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SynthesisRefusedError);
    return e as SynthesisRefusedError;
  }
  throw new Error("synthesis was not refused");
}

describe("atomic synthesis", () => {
  it("writes every stack of the selected environment and the manifest, and nothing in a staging folder remains", () => {
    const result = synthesizeAtomically({ definitions: DEFS, only: ["buddyverse"], outdir });
    expect(result.stacks).toEqual(["buddyverse-compute", "buddyverse-data", "buddyverse-edge", "buddyverse-network", "buddyverse-state"]);
    for (const s of result.stacks) expect(JSON.parse(readFileSync(jsonOf(s), "utf8")).resource).toBeDefined();
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).sort()).toEqual(result.stacks);
    expect(readdirSync(dir)).toEqual(["cdktf.out"]);
  });

  it("keeps Terraform's own files in a stack folder when it replaces the JSON", () => {
    synthesizeAtomically({ definitions: DEFS, only: ["buddyverse"], outdir });
    mkdirSync(join(outdir, "stacks", "buddyverse-network", ".terraform"));
    writeFileSync(join(outdir, "stacks", "buddyverse-network", ".terraform.lock.hcl"), "# lock");
    writeFileSync(jsonOf("buddyverse-network"), "{}");
    synthesizeAtomically({ definitions: DEFS, only: ["buddyverse"], outdir });
    expect(readFileSync(jsonOf("buddyverse-network"), "utf8")).not.toBe("{}");
    expect(existsSync(join(outdir, "stacks", "buddyverse-network", ".terraform"))).toBe(true);
    expect(existsSync(join(outdir, "stacks", "buddyverse-network", ".terraform.lock.hcl"))).toBe(true);
  });

  it("after a guardrail refusal, no cdk.tf.json of the environment exists (the previous run's removed) and no manifest", () => {
    synthesizeAtomically({ definitions: DEFS, outdir });
    expect(existsSync(jsonOf("buddyverse-data"))).toBe(true);
    const e = refusal(() => synthesizeAtomically({ definitions: [webWas, unguarded], only: ["buddyverse"], outdir }));
    expect(e.message).toMatch(/^guardrails: 1 violation in buddyverse; synthesis refused\./);
    expect(e.message).toMatch(/Nothing was written to .*: no cdk\.tf\.json of buddyverse exists there now \(removed the previous run's: buddyverse-compute, buddyverse-data, /);
    const left = readdirSync(join(outdir, "stacks")).filter((s) => s.startsWith("buddyverse-"));
    expect(left.length).toBe(5);
    for (const s of left) expect(existsSync(jsonOf(s))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
    // the environment that was not selected keeps its stacks
    expect(existsSync(jsonOf("web-was-network"))).toBe(true);
  });

  it("after a validation refusal, the same: nothing of the environment remains to deploy", () => {
    synthesizeAtomically({ definitions: DEFS, only: ["buddyverse"], outdir });
    const e = refusal(() => synthesizeAtomically({ definitions: [webWas, invalid], only: ["buddyverse"], outdir }));
    expect(e.message).toMatch(/network\.subnets\[0\]\.cidrs\[0\] \(given: "10\.9\.9\.0\/24"\)/);
    expect(readdirSync(join(outdir, "stacks")).filter((s) => existsSync(jsonOf(s)))).toEqual([]);
  });

  it("a refusal on a clean output directory writes nothing at all", () => {
    refusal(() => synthesizeAtomically({ definitions: [unguarded], outdir }));
    expect(existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")) : []).toEqual([]);
    expect(readdirSync(dir).filter((f) => f !== "cdktf.out")).toEqual([]);
  });

  it("removes the JSON of stacks the environment no longer produces (a removed DR section)", () => {
    const mc = [mediaCommerce];
    synthesizeAtomically({ definitions: mc, outdir });
    expect(existsSync(jsonOf("media-commerce-dr-data"))).toBe(true);
    const result = synthesizeAtomically({ definitions: [variant(mediaCommerce, (d) => delete d.dr)], outdir });
    expect(result.removed).toEqual(expect.arrayContaining(["media-commerce-dr-compute", "media-commerce-dr-data", "media-commerce-dr-network", "media-commerce-dr-storage"]));
    expect(existsSync(jsonOf("media-commerce-dr-data"))).toBe(false);
    expect(existsSync(jsonOf("media-commerce-data"))).toBe(true);
  });
});

describe("stackFoldersOf", () => {
  it("gives each folder to the longest environment name that owns it", () => {
    const stacks = join(dir, "stacks");
    for (const f of ["mc-network", "mc-dr-data", "mc-pilot-network", "mc-pilot-dr-data", "mcx-network", "mc-notes"]) mkdirSync(join(stacks, f), { recursive: true });
    expect(stackFoldersOf(stacks, ["mc"], ["mc", "mc-pilot", "mcx"]).sort()).toEqual(["mc-dr-data", "mc-network"]);
    expect(stackFoldersOf(stacks, ["mc-pilot"], ["mc", "mc-pilot"]).sort()).toEqual(["mc-pilot-dr-data", "mc-pilot-network"]);
  });
});
