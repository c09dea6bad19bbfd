/**
 * X.3 The base revision's files for `npm run review` (src/tools/review/base-checkout.ts):
 * written from git's objects as committed, at a stable slot path (so tsx's
 * transform cache hits from one review to the next), one slot per concurrent
 * review, abandoned slots taken over, and nothing of the user's repository
 * written (no worktree record). A tiny repository keeps this fast.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BaseCheckout, checkOutBase, checkoutRoot } from "../../../src/tools/review/base-checkout";
import { dirtyPaths } from "../../../src/tools/review/git";
import { gitIn } from "../../support/review-repo";

let repo: string;
let tmp: string;
let base: string;
const held: BaseCheckout[] = [];

beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "base-checkout-repo-"));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "base-checkout-tmp-"));
  fs.mkdirSync(path.join(repo, "src"));
  fs.writeFileSync(path.join(repo, "main.ts"), "export const side = 'base';\n");
  fs.writeFileSync(path.join(repo, "src", "kept.ts"), "export const kept = 1;\n");
  fs.writeFileSync(path.join(repo, ".gitignore"), ".cache/\nnode_modules\n");
  fs.mkdirSync(path.join(repo, "node_modules", "marker"), { recursive: true });
  gitIn(repo, "init", "-q", "-b", "main");
  gitIn(repo, "add", "-A");
  gitIn(repo, "commit", "-q", "-m", "base");
  base = gitIn(repo, "rev-parse", "HEAD");
  // The working tree moves on: committed and uncommitted changes the checkout must not show.
  fs.writeFileSync(path.join(repo, "main.ts"), "export const side = 'head';\n");
  fs.writeFileSync(path.join(repo, "src", "new.ts"), "export const added = 2;\n");
  gitIn(repo, "add", "-A");
  gitIn(repo, "commit", "-q", "-m", "head");
  fs.writeFileSync(path.join(repo, "src", "kept.ts"), "export const kept = 'dirty';\n");
});

afterEach(() => {
  for (const c of held.splice(0)) c.release();
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const take = (): BaseCheckout => {
  const c = checkOutBase({ root: repo, prefix: "" }, base, repo, tmp);
  held.push(c);
  return c;
};

test("X.3 the base's files are the committed ones, at the stable slot path, with the working tree's node_modules linked", () => {
  const c = take();
  expect(c.exists).toBe(true);
  expect(c.stable).toBe(true);
  expect(c.projectDir).toBe(path.join(checkoutRoot(repo), "0"));
  expect(fs.readFileSync(path.join(c.projectDir, "main.ts"), "utf8")).toBe("export const side = 'base';\n");
  expect(fs.readFileSync(path.join(c.projectDir, "src", "kept.ts"), "utf8")).toBe("export const kept = 1;\n");
  expect(fs.existsSync(path.join(c.projectDir, "src", "new.ts"))).toBe(false);
  expect(fs.lstatSync(path.join(c.projectDir, "node_modules")).isSymbolicLink()).toBe(true);
  expect(fs.existsSync(path.join(c.projectDir, "node_modules", "marker"))).toBe(true);
});

test("X.3 the user's repository is not written: no worktree record, HEAD and the uncommitted change untouched", () => {
  const head = gitIn(repo, "rev-parse", "HEAD");
  const status = gitIn(repo, "status", "--porcelain");
  take();
  expect(gitIn(repo, "worktree", "list", "--porcelain").split("\n").filter((l) => l.startsWith("worktree "))).toEqual([`worktree ${fs.realpathSync(repo)}`]);
  expect(gitIn(repo, "rev-parse", "HEAD")).toBe(head);
  expect(gitIn(repo, "status", "--porcelain")).toBe(status);
  expect(status).toContain("src/kept.ts");
});

test("X.3 the checkout never counts as an uncommitted change, even where .cache/ is not git-ignored", () => {
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
  gitIn(repo, "commit", "-q", "-m", "no .cache ignore", "--", ".gitignore");
  take();
  expect(fs.readdirSync(checkoutRoot(repo))).toEqual(["0"]);
  expect(dirtyPaths(repo)).toEqual(["src/kept.ts"]);
});

test("X.3 release removes the files (the node_modules link is unlinked, not followed) and the same path is taken again next time", () => {
  const first = take();
  const dir = first.projectDir;
  first.release();
  expect(fs.existsSync(dir)).toBe(false);
  expect(fs.existsSync(path.join(repo, "node_modules", "marker"))).toBe(true);
  expect(take().projectDir).toBe(dir);
});

test("X.3 a review running at the same time takes the next slot; with every slot busy, a temporary folder", () => {
  const dirs = [take(), take(), take(), take()].map((c) => c.projectDir);
  expect(dirs).toEqual(["0", "1", "2", "3"].map((s) => path.join(checkoutRoot(repo), s)));
  const fallback = take();
  expect(fallback.stable).toBe(false);
  expect(fallback.projectDir.startsWith(tmp)).toBe(true);
  expect(fs.readFileSync(path.join(fallback.projectDir, "main.ts"), "utf8")).toBe("export const side = 'base';\n");
});

test("X.3 a slot left by a process that no longer runs is taken over", () => {
  const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const deadPid = Number(ended.stdout);
  expect(deadPid).toBeGreaterThan(0);
  const slot = path.join(checkoutRoot(repo), "0");
  fs.mkdirSync(slot, { recursive: true });
  fs.writeFileSync(path.join(slot, ".review-owner"), String(deadPid));
  fs.writeFileSync(path.join(slot, "stale.ts"), "left behind");
  const c = take();
  expect(c.projectDir).toBe(slot);
  expect(fs.existsSync(path.join(slot, "stale.ts"))).toBe(false);
  expect(fs.readFileSync(path.join(slot, ".review-owner"), "utf8")).toBe(String(process.pid));
});

test("X.3 a slot held by a running process is left alone", () => {
  const slot = path.join(checkoutRoot(repo), "0");
  fs.mkdirSync(slot, { recursive: true });
  fs.writeFileSync(path.join(slot, ".review-owner"), String(process.ppid));
  fs.writeFileSync(path.join(slot, "busy.ts"), "in use");
  expect(take().projectDir).toBe(path.join(checkoutRoot(repo), "1"));
  expect(fs.readFileSync(path.join(slot, "busy.ts"), "utf8")).toBe("in use");
  fs.rmSync(slot, { recursive: true, force: true });
});

test("X.3 a project folder that does not exist at the base commit: nothing checked out", () => {
  const c = checkOutBase({ root: repo, prefix: "no-such-folder" }, base, repo, tmp);
  expect(c.exists).toBe(false);
  expect(fs.existsSync(checkoutRoot(repo)) ? fs.readdirSync(checkoutRoot(repo)) : []).toEqual([]);
});

test("X.3 a project in a sub-folder of the repository: only that folder, at the slot's root", () => {
  const sub = fs.mkdtempSync(path.join(os.tmpdir(), "base-checkout-mono-"));
  try {
    fs.mkdirSync(path.join(sub, "infra", "src"), { recursive: true });
    fs.writeFileSync(path.join(sub, "infra", "main.ts"), "export const where = 'infra';\n");
    fs.writeFileSync(path.join(sub, "README.md"), "top\n");
    gitIn(sub, "init", "-q", "-b", "main");
    gitIn(sub, "add", "-A");
    gitIn(sub, "commit", "-q", "-m", "mono");
    const c = checkOutBase({ root: sub, prefix: "infra" }, gitIn(sub, "rev-parse", "HEAD"), path.join(sub, "infra"), tmp);
    held.push(c);
    expect(c.projectDir).toBe(path.join(sub, "infra", ".cache", "review-checkout", "0"));
    expect(fs.readFileSync(path.join(c.projectDir, "main.ts"), "utf8")).toBe("export const where = 'infra';\n");
    expect(fs.existsSync(path.join(c.projectDir, "README.md"))).toBe(false);
  } finally {
    for (const c of held.splice(0)) c.release();
    fs.rmSync(sub, { recursive: true, force: true });
  }
});
