/**
 * `npm run review` end to end, in a temporary git repository holding a copy
 * of this project: a base commit on `main`, changes committed on branches,
 * reviewed with the CLI (both sides synthesized with their own code). One
 * environment (buddyverse) is synthesized per side to keep this fast.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/tools/review/cli";
import type { ReviewResult } from "../../../src/tools/review/review";
import { commitBranch, createReviewRepo, edit, gitIn, removeReviewRepo } from "../../support/review-repo";

const PRESET = "src/environments/presets/buddyverse.ts";

// Each review synthesizes an environment twice in child processes: slow on a busy machine.
jest.setTimeout(300_000);

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly json?: ReviewResult;
  readonly markdown?: string;
}

async function review(dir: string, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const outdir = path.join(dir, "cdktf.out");
  fs.rmSync(path.join(outdir, "review"), { recursive: true, force: true });
  const code = await main(["buddyverse", "--project", dir, "--outdir", outdir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  const jsonFile = path.join(outdir, "review", "buddyverse.json");
  const mdFile = path.join(outdir, "review", "buddyverse.md");
  return {
    code,
    out: out.join("\n"),
    err: err.join("\n"),
    ...(fs.existsSync(jsonFile) ? { json: JSON.parse(fs.readFileSync(jsonFile, "utf8")) as ReviewResult } : {}),
    ...(fs.existsSync(mdFile) ? { markdown: fs.readFileSync(mdFile, "utf8") } : {}),
  };
}

const stack = (r: ReviewResult, name: string) => {
  const s = r.stacks.find((x) => x.stack === `buddyverse-${name}`);
  if (!s) throw new Error(`no stack buddyverse-${name} in the review`);
  return s;
};

let repo: string;

beforeAll(() => {
  repo = createReviewRepo();
  // One change of three kinds: a web port (an ingress rule), a bigger web instance, a renamed construct.
  commitBranch(repo, "change", () => {
    edit(repo, PRESET, "webIngressPorts: [80, 443]", "webIngressPorts: [80, 443, 8080]");
    edit(repo, PRESET, "      minSize: 2,", '      instanceType: "t3.large",\n      minSize: 2,');
    edit(repo, "src/stacks/compute-stack.ts", 'new ComputeDashboard(this, "dashboard"', 'new ComputeDashboard(this, "ops-dashboard"');
  });
  // The read replica removed (the primary made Multi-AZ instead, or the definition is refused): a database destroyed.
  commitBranch(repo, "drop-replica", () => {
    edit(repo, PRESET, 'multiAz: false,\n      primaryAz: "ap-northeast-2a",\n      replicas: [{ az: "ap-northeast-2c" }],', "multiAz: true,\n      replicas: [],");
  });
});

afterAll(() => {
  if (repo) removeReviewRepo(repo);
});

describe("npm run review against the merge base with main", () => {
  let run: Run;
  beforeAll(async () => {
    gitIn(repo, "checkout", "-q", "change");
    run = await review(repo);
  });

  test("exits 0 and writes the Markdown and JSON", () => {
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.json).toBeDefined();
    expect(run.markdown).toContain("<details>");
    expect(run.json!.base.commit).toBe(gitIn(repo, "rev-parse", "main"));
  });

  test("an added ingress rule shows as a reachability change: public ALB → web tcp/8080 OPENED", () => {
    const opened = run.json!.reach.changes.filter((c) => c.change === "OPENED");
    expect(opened).toEqual([expect.objectContaining({ from: "alb", to: "web", ports: "8080" })]);
    expect(run.json!.reach.changes.filter((c) => c.change === "CLOSED")).toEqual([]);
    expect(run.out).toContain("public ALB → web tcp/8080 OPENED");
    const created = stack(run.json!, "network").resources.filter((r) => r.action === "create").map((r) => r.address);
    expect(created.some((a) => a.startsWith("aws_vpc_security_group_ingress_rule.") && a.includes("8080"))).toBe(true);
  });

  test("a changed instance type is one attribute change of the web launch template", () => {
    const updates = stack(run.json!, "compute").resources.filter((r) => r.action === "update");
    const template = updates.find((r) => r.address === "aws_launch_template.web-template");
    expect(template?.attributes).toEqual([{ path: "instance_type", before: '"t3.small"', after: '"t3.large"' }]);
  });

  test("a renamed construct is a destroy and a create with the moved block that avoids it", () => {
    const compute = stack(run.json!, "compute");
    const destroyed = compute.resources.filter((r) => r.action === "delete");
    const created = compute.resources.filter((r) => r.action === "create");
    expect(destroyed.map((r) => r.address)).toEqual(["aws_cloudwatch_dashboard.dashboard"]);
    expect(created.map((r) => r.address)).toEqual(["aws_cloudwatch_dashboard.ops-dashboard"]);
    expect(compute.moves).toEqual([
      expect.objectContaining({
        from: "aws_cloudwatch_dashboard.dashboard",
        to: "aws_cloudwatch_dashboard.ops-dashboard",
        block: "moved {\n  from = aws_cloudwatch_dashboard.dashboard\n  to   = aws_cloudwatch_dashboard.ops-dashboard\n}",
      }),
    ]);
    expect(run.markdown).toContain("from = aws_cloudwatch_dashboard.dashboard");
  });

  test("stacks whose JSON did not change are listed as unchanged, in dependency order", () => {
    const order = run.json!.stacks.map((s) => s.stack);
    expect(order.indexOf("buddyverse-network")).toBeLessThan(order.indexOf("buddyverse-compute"));
    const unchanged = run.json!.stacks.filter((s) => s.status === "unchanged").map((s) => s.stack);
    expect(unchanged).toEqual(expect.arrayContaining(["buddyverse-state", "buddyverse-data", "buddyverse-edge"]));
    for (const name of unchanged) expect(run.json!.stacks.find((s) => s.stack === name)!.resources).toEqual([]);
    expect(run.markdown).toMatch(/Unchanged, not planned: .*`buddyverse-state`/);
  });

  test("nothing stateful is destroyed and no guardrail changes", () => {
    expect(run.json!.risks).toEqual([]);
    expect(run.json!.guardrails.newViolations).toEqual([]);
  });
});

describe("a removed database", () => {
  let blocked: Run;
  beforeAll(async () => {
    gitIn(repo, "checkout", "-q", "drop-replica");
    blocked = await review(repo);
  });

  test("X.3 exits 3 and names the replica as a stateful destroy", () => {
    expect(blocked.err).toBe("");
    expect(blocked.code).toBe(3);
    const risks = blocked.json!.risks;
    expect(risks.length).toBeGreaterThan(0);
    expect(risks.every((r) => r.stack === "buddyverse-data" && r.kind === "delete")).toBe(true);
    const replica = risks.find((r) => r.type === "aws_db_instance");
    expect(replica).toBeDefined();
    expect(replica!.allowedBy).toBeUndefined();
    expect(blocked.out).toContain(`--allow-destroy buddyverse-data:${replica!.address}`);
    expect(blocked.markdown).toContain("[!CAUTION]");
  });

  test("X.3 exits 0 once every stateful destroy is allowed by address", async () => {
    const allows = blocked.json!.risks.flatMap((r) => ["--allow-destroy", `${r.stack}:${r.address}`]);
    expect(allows.length).toBeGreaterThan(0);
    const run = await review(repo, ...allows);
    expect(run.code).toBe(0);
    expect(run.json!.risks.every((r) => r.allowedBy !== undefined)).toBe(true);
  });
});

describe("bad input: one line, non-zero exit, no stack trace", () => {
  beforeAll(() => gitIn(repo, "checkout", "-q", "change"));

  test("an unknown environment", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["nowhere", "--project", repo, "--outdir", path.join(repo, "cdktf.out")], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^review: unknown environment "nowhere"; known: .*buddyverse/);
    expect(err[0]).not.toContain("\n");
  });

  test("a base ref that does not exist", async () => {
    const run = await review(repo, "--base", "no-such-branch");
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^review: --base "no-such-branch" names no commit/);
    expect(run.err).not.toContain("\n");
  });

  test("an unknown option", async () => {
    const run = await review(repo, "--frobnicate");
    expect(run.code).toBe(2);
    expect(run.err.split("\n")).toHaveLength(1);
  });

  test("a dirty working tree is reviewed as it is, said so, exit 4", async () => {
    edit(repo, PRESET, "cpuTargetPercent: 50", "cpuTargetPercent: 60");
    try {
      const run = await review(repo);
      expect(run.code).toBe(4);
      expect(run.out).toMatch(/note: the working tree has 1 uncommitted change \(src\/environments\/presets\/buddyverse.ts\)/);
      expect(JSON.stringify(stack(run.json!, "compute").resources)).toContain("target_value");
    } finally {
      gitIn(repo, "checkout", "--", PRESET);
    }
  });

  test("a base that fails to synthesize: the working tree is reviewed alone, said so, exit 4", async () => {
    commitBranch(repo, "broken-base", () => edit(repo, PRESET, 'name: "buddyverse",', 'name: "buddyverse",\n  vpcTypo: true,'));
    gitIn(repo, "checkout", "-q", "-B", "fixed", "broken-base");
    edit(repo, PRESET, "\n  vpcTypo: true,", "");
    gitIn(repo, "commit", "-q", "-am", "fix");
    const run = await review(repo, "--base", "broken-base");
    expect(run.code).toBe(4);
    expect(run.out).toMatch(/note: the base broken-base \([0-9a-f]{12}\) failed to synthesize .*reviewed alone/);
    expect(run.json!.stacks.every((s) => s.status === "added")).toBe(true);
  });
});
