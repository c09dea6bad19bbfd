/**
 * X.3 `npm run review` synthesizes this project's own working tree in its own
 * process (no second Node + tsx start-up): that must give exactly what the
 * child-process runner gives with main.ts, the way every other tree (the
 * base revision, another --project) is synthesized.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isOwnTree, synthesizeHead, synthesizeOwnTree, synthesizeTree, TreeSynthesis } from "../../../src/tools/review/synthesize";

const PROJECT = path.resolve(__dirname, "..", "..", "..");

jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-own-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const comparable = (t: TreeSynthesis) => ({
  exists: t.exists,
  names: t.names,
  ok: t.ok,
  suppressions: t.suppressions,
  stacks: t.stacks.map((s) => ({ name: s.name, dependencies: s.dependencies, json: s.json })),
});

test("X.3 this project is recognised as the running code's own tree; another folder is not", () => {
  expect(isOwnTree(PROJECT)).toBe(true);
  expect(isOwnTree(`${PROJECT}${path.sep}.`)).toBe(true);
  expect(isOwnTree(tmp)).toBe(false);
  expect(isOwnTree(path.join(tmp, "missing"))).toBe(false);
});

describe("X.3 buddyverse synthesized in this process equals the child-process runner's synthesis", () => {
  let own: TreeSynthesis;
  let child: TreeSynthesis;
  beforeAll(async () => {
    [own, child] = await Promise.all([synthesizeOwnTree("buddyverse", path.join(tmp, "own")), synthesizeTree(PROJECT, "buddyverse", path.join(tmp, "child"))]);
  });

  test("both succeed with the same stacks, dependencies and Terraform JSON", () => {
    expect(child.ok).toBe(true);
    expect(own.ok).toBe(true);
    expect(own.stacks.length).toBeGreaterThan(0);
    expect(own.stacks.map((s) => s.name)).toContain("buddyverse-network");
    expect(comparable(own)).toEqual(comparable(child));
  });

  test("the stacks are on disk for --plan (dir set, cdk.tf.json present)", () => {
    expect(own.stacks.length).toBeGreaterThan(0);
    for (const s of own.stacks) expect(fs.existsSync(path.join(s.dir, "cdk.tf.json"))).toBe(true);
  });
});

test("X.3 an unknown environment: not found in either, with the same known names and nothing written", async () => {
  const [own, child] = await Promise.all([synthesizeOwnTree("nowhere", path.join(tmp, "own-none")), synthesizeTree(PROJECT, "nowhere", path.join(tmp, "child-none"))]);
  expect(own.exists).toBe(false);
  expect(own.names).toContain("buddyverse");
  expect(comparable(own)).toEqual(comparable(child));
  expect(own.stacks).toEqual([]);
});

test("X.3 synthesizeHead takes the in-process route only for this project", async () => {
  const other = path.join(tmp, "not-a-project");
  fs.mkdirSync(other, { recursive: true });
  // Another folder goes to the child runner, which finds no src/environments there.
  const r = await synthesizeHead(other, "buddyverse", path.join(tmp, "other-out"));
  expect(r.exists).toBe(false);
  expect(r.names).toEqual([]);
});
