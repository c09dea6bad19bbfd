/**
 * `npm run cost`: refuses an unknown environment, prices an existing
 * synthesis with --from and writes the JSON where asked.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stack } from "./fixtures";

const ROOT = resolve(__dirname, "../../..");
const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/cost.ts", ...args], { cwd: ROOT, encoding: "utf8" });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cost-cli-"));
  // A synthesis output with two stacks of buddyverse (the names the CLI reads) and one of another environment.
  const write = (name: string, json: unknown) => {
    mkdirSync(join(dir, "out", "stacks", name), { recursive: true });
    writeFileSync(join(dir, "out", "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  };
  write("buddyverse-network", stack("ap-northeast-2", { aws_nat_gateway: { "nat_nat-a": {} }, aws_eip: { "nat_a": {} } }));
  write("buddyverse-state", stack("ap-northeast-2", { aws_kms_key: { state_key: {} } }));
  write("web-was-network", stack("ap-northeast-2", { aws_eip: { ip: {} } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run cost", () => {
  it("refuses an unknown environment with the known ones, exit 2", () => {
    const r = run("nope");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown environment "nope"; known: retail-launch, media-commerce, web-was, buddyverse/);
  });

  it("--from prices only that environment's stacks of an existing synthesis, with the definition's usage, and writes the JSON", () => {
    const out = join(dir, "b.json");
    const r = run("buddyverse", "--from", join(dir, "out"), "--out", out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^buddyverse: USD [\d,.]+ per month/);
    expect(r.stdout).toMatch(/NAT-processed data .*\[assumed: usage\.natProcessedGb\]/);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.stacks.map((s: { stack: string }) => s.stack)).toEqual(["buddyverse-network", "buddyverse-state"]);
    // buddyverse's definition says natProcessedGb: 100, spread over the one gateway of this tree.
    expect(json.stacks[0].lines.find((l: { priceKey: string }) => l.priceKey === "vpc:nat-gateway-gb").quantity).toBe(100);
  });

  it("--from a directory without stacks is a refusal naming it, exit 1", () => {
    const r = run("buddyverse", "--from", join(dir, "missing"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--from .*no stacks\/ directory/);
  });
});
