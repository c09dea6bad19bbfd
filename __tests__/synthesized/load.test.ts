/**
 * Reading synthesized stacks from a cdktf output directory (src/synthesized/load.ts),
 * the one reader docs, reach, preview, review and cost share.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byName, inTemporaryOutdir, manifestDependencies, readOutdir } from "../../src/synthesized/load";

function outdir(stacks: Record<string, object | undefined>, manifest?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "load-test-"));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    if (json) writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  if (manifest !== undefined) writeFileSync(join(dir, "manifest.json"), manifest);
  return dir;
}

describe("readOutdir", () => {
  it("reads every stack with a cdk.tf.json, sorted by name, with its cdktf dependencies from manifest.json", () => {
    const dir = outdir(
      { "e-network": { output: { vpc_id: { value: "v" } } }, "e-data": { resource: { aws_db_instance: { db: {} } } }, "e-half": undefined },
      JSON.stringify({ stacks: { "e-data": { dependencies: ["e-network"] }, "e-network": {} } }),
    );
    try {
      const stacks = readOutdir(dir);
      expect(stacks.map((s) => [s.name, s.dependencies])).toEqual([
        ["e-data", ["e-network"]],
        ["e-network", []],
      ]);
      expect(byName(stacks)["e-network"].output?.vpc_id.value).toBe("v");
      expect(readOutdir(dir, (name) => name.endsWith("-data")).map((s) => s.name)).toEqual(["e-data"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives no dependencies when manifest.json is missing or unreadable, and no stacks without stacks/", () => {
    const broken = outdir({ "e-state": {} }, "{not json");
    const none = mkdtempSync(join(tmpdir(), "load-test-"));
    try {
      expect(manifestDependencies(broken)).toEqual({});
      expect(readOutdir(broken)).toEqual([{ name: "e-state", json: {}, dependencies: [] }]);
      expect(readOutdir(none)).toEqual([]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
      rmSync(none, { recursive: true, force: true });
    }
  });
});

describe("inTemporaryOutdir", () => {
  it("hands a fresh directory to the synthesis and removes it afterwards, also when the synthesis throws", () => {
    let seen = "";
    expect(inTemporaryOutdir("load-test-", (dir) => ((seen = dir), existsSync(dir)))).toBe(true);
    expect(existsSync(seen)).toBe(false);
    expect(() =>
      inTemporaryOutdir("load-test-", (dir) => {
        seen = dir;
        throw new Error("synthesis failed");
      }),
    ).toThrow("synthesis failed");
    expect(existsSync(seen)).toBe(false);
  });
});
