/**
 * X.3 `npm run preview` end to end with terraform and the real provider,
 * offline: two stacks of one preset, named out of dependency order, then a
 * destroy detected against a hand-made state of the small state stack (two
 * short plans).
 *
 * Two stacks are enough to prove the CLI end to end on real terraform output
 * (progress lines in dependency order, plan JSON saved, summary, exit codes).
 * What this file no longer repeats for the other stacks is proven elsewhere,
 * once: that every stack of every preset plans, creating exactly its
 * synthesized resources, by __tests__/terraform/plan-all.test.ts; the
 * dependency order of every preset's stacks (state, network, data, compute,
 * edge), from the synthesized JSON the CLI orders, by __tests__/synthesized/order.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRESETS } from "../../../src/environments";
import { main } from "../../../src/tools/preview/cli";
import { EXIT } from "../../../src/tools/preview/summary";
import { findTerraform } from "../../../src/tools/terraform/terraform-locate";
import { describeWithTerraform } from "../../support/terraform";

const ENV = "buddyverse";
/** The stacks planned, in dependency order (asked for in the reverse order). */
const KINDS = ["state", "network"];

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly seconds: number;
}

async function run(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const started = Date.now();
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, PRESETS);
  return { code, out: out.join("\n"), err: err.join("\n"), seconds: (Date.now() - started) / 1000 };
}

interface PlanJson {
  resource_changes?: { address: string; mode: string; change: { actions: string[] }; action_reason?: string }[];
  planned_values?: { root_module?: { resources?: { address: string; type: string; name: string; values: Record<string, unknown> }[] } };
}
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

describeWithTerraform("X.3 npm run preview (offline terraform plan with the real provider)", () => {
  let tmp: string;
  let outdir: string;
  let planDir: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-e2e-"));
    outdir = path.join(tmp, "out");
    planDir = path.join(outdir, "preview", ENV);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe(`X.2 ${ENV}: the state and network stacks, named out of order`, () => {
    let all: Run;
    beforeAll(async () => {
      // --no-cache: this block proves terraform's own plans (the cache is proven below).
      all = await run([ENV, "--outdir", outdir, "--no-cache", ...[...KINDS].reverse().flatMap((k) => ["--stack", k])]);
      console.log(`preview of ${ENV} (${KINDS.length} stacks) took ${all.seconds.toFixed(1)} s`);
    }, 600_000);

    it("exits 0 and reports each stack as it finishes, in dependency order", () => {
      if (all.code !== EXIT.ok) throw new Error(`exit ${all.code}\n${all.out}\n${all.err}`);
      expect(all.out).toContain(`Planning ${KINDS.length} of 5 stacks offline`);
      const progress = all.out.split("\n").filter((l) => /^\[\d\/\d\] /.test(l));
      expect(progress.map((l) => l.split(/\s+/)[1])).toEqual(KINDS.map((k) => `${ENV}-${k}`));
      for (const line of progress) expect(line).toMatch(/validate ok, plan ok: \d+ to add, 0 to change, 0 to destroy \(\d+\.\d s\)$/);
      expect(all.out).toContain("Stateful resources destroyed or replaced: none.");
      expect(all.out.split("\n").at(-1)).toBe("Result: ok (exit 0)");
    });

    it.each(KINDS)("saves the %s plan as show -json: it creates exactly the synthesized resources, as many as the summary says", (kind) => {
      const stack = `${ENV}-${kind}`;
      const file = path.join(planDir, `${stack}.plan.json`);
      expect(all.out).toContain(file);
      const plan = readJson<PlanJson>(file);
      const creates = (plan.resource_changes ?? []).filter((c) => c.mode === "managed" && c.change.actions.join() === "create");
      const synthesized = readJson<{ resource?: Record<string, Record<string, unknown>> }>(path.join(outdir, "stacks", stack, "cdk.tf.json"));
      const addresses = Object.entries(synthesized.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
      expect([...new Set(creates.map((c) => c.address.replace(/\[[^\]]*\]$/, "")))].sort()).toEqual(addresses.sort());

      const summary = readJson<{ stacks: { stack: string; totals: { add: number; destroy: number } }[] }>(path.join(planDir, "summary.json"));
      expect(summary.stacks.find((s) => s.stack === stack)!.totals).toMatchObject({ add: creates.length, destroy: 0 });
      const row = all.out.split("\n").find((l) => l.startsWith(`${stack} `))!;
      expect(row.split(/\s+/).slice(0, 4)).toEqual([stack, "ok", String(creates.length), "0"]);
    });
  });

  describe("X.3 a stateful resource the code no longer has (a renamed construct id)", () => {
    const stack = `${ENV}-state`;
    const oldAddress = "aws_s3_bucket.state_bucket"; // today: aws_s3_bucket.state
    let stateDir: string;
    let blocked: Run;
    let allowed: Run;

    beforeAll(async () => {
      // The state an apply of the previous code would have left: the bucket as
      // planned today, but under its old address, and a policy (not stateful).
      const planned = readJson<PlanJson>(path.join(planDir, `${stack}.plan.json`)).planned_values!.root_module!.resources!;
      const bucket = planned.find((r) => r.address === "aws_s3_bucket.state")!;
      const name = String(bucket.values.bucket);
      const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
      const state = {
        version: 4,
        terraform_version: "1.11.4",
        serial: 7,
        lineage: "0b7e2a55-5c1e-4c42-9d7f-2f5d4b8a0001",
        outputs: {},
        resources: [
          {
            mode: "managed",
            type: "aws_s3_bucket",
            name: "state_bucket",
            provider,
            instances: [{ schema_version: 0, attributes: { ...bucket.values, id: name, arn: `arn:aws:s3:::${name}` } }],
          },
          {
            mode: "managed",
            type: "aws_s3_bucket_policy",
            name: "state_policy",
            provider,
            instances: [{ schema_version: 0, attributes: { id: name, bucket: name, policy: "{}" } }],
          },
        ],
        check_results: null,
      };
      stateDir = path.join(tmp, "states");
      fs.mkdirSync(stateDir);
      fs.writeFileSync(path.join(stateDir, `${stack}.tfstate`), JSON.stringify(state));
      const args = [ENV, "--outdir", outdir, "--stack", "state", "--state-dir", stateDir];
      blocked = await run(args);
      allowed = await run([...args, "--allow-destroy", `${stack}:${oldAddress}`]);
      console.log(`preview of ${stack} against a state: ${blocked.seconds.toFixed(1)} s and ${allowed.seconds.toFixed(1)} s`);
    }, 600_000);

    it("X.3 terraform plans the destroy (evidence from the saved plan JSON, not from the preview's own reading)", () => {
      const plan = readJson<PlanJson>(path.join(planDir, `${stack}.plan.json`));
      const gone = (plan.resource_changes ?? []).filter((c) => c.change.actions.join() === "delete");
      expect(gone.map((c) => [c.address, c.action_reason]).sort()).toEqual([
        [oldAddress, "delete_because_no_resource_config"],
        ["aws_s3_bucket_policy.state_policy", "delete_because_no_resource_config"],
      ]);
    });

    it("X.3 the preview highlights the stateful destroy only, and exits 3", () => {
      expect(blocked.code).toBe(EXIT.statefulDestroy);
      expect(blocked.out).toMatch(new RegExp(`\\[1/1\\] ${stack}\\s+validate ok, plan ok: \\d+ to add, 0 to change, 2 to destroy .*!! 1 stateful destroy$`, "m"));
      expect(blocked.out).toContain(`!! DESTROY  ${stack}  ${oldAddress}\n      cause: no longer in the configuration`);
      expect(blocked.out).toContain(`allow: --allow-destroy ${stack}:${oldAddress}`);
      expect(blocked.out).not.toMatch(/DESTROY .*aws_s3_bucket_policy/);
      expect(blocked.out.split("\n").at(-1)).toBe("Result: BLOCKED — 1 stateful destroy not allowed (exit 3)");
    });

    it("X.3 --allow-destroy <stack>:<address> lets it pass with exit 0, still listed", () => {
      expect(allowed.code).toBe(EXIT.ok);
      expect(allowed.out).toContain(`   DESTROY  ${stack}  ${oldAddress}   (allowed by ${stack}:${oldAddress})`);
      const summary = readJson<{ exitCode: number; blocked: unknown[]; stacks: { statefulDestroys: { address: string }[] }[] }>(path.join(planDir, "summary.json"));
      expect(summary.exitCode).toBe(0);
      expect(summary.blocked).toEqual([]);
      expect(summary.stacks[0]!.statefulDestroys.map((r) => r.address)).toEqual([oldAddress]);
    });

    it("removes the plans of the stacks not planned this time, so no stale plan looks current", () => {
      expect(fs.readdirSync(planDir).sort()).toEqual([`${stack}.plan.json`, "summary.json"]);
    });
  });

  describe("X.3 plan cache: a second run plans only what changed, and writes the same files", () => {
    const CACHED = ["state", "data"];
    const stacks = CACHED.flatMap((k) => ["--stack", k]);
    let log: string;
    let workRoot: string;
    let cacheOut: string;
    let cachePlanDir: string;
    let previousBin: string | undefined;
    const calls: string[][] = [];
    const runs: Run[] = [];
    const files: Map<string, Buffer>[] = [];
    /** Terraform commands run since the last call (the wrapper logs each command's first argument). */
    const newCalls = (() => {
      let seen = 0;
      return () => {
        const all = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      };
    })();
    const snapshot = () => new Map(fs.readdirSync(cachePlanDir).sort().map((f) => [f, fs.readFileSync(path.join(cachePlanDir, f))]));
    const entries = () => fs.readdirSync(path.join(workRoot, "plans")).filter((f) => f.endsWith(".json"));
    const step = async (argv: string[]) => {
      runs.push(await run(argv));
      calls.push(newCalls());
      files.push(snapshot());
    };

    beforeAll(async () => {
      // A terraform that logs every command it runs, then runs the real one (a fresh work root: the
      // harness locates terraform once per work root).
      const real = findTerraform();
      if (!real) throw new Error("no terraform");
      const dir = path.join(tmp, "cache-test");
      fs.mkdirSync(dir, { recursive: true });
      log = path.join(dir, "terraform-calls.log");
      const wrapper = path.join(dir, "terraform");
      fs.writeFileSync(wrapper, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real.path}' "$@"\n`, { mode: 0o755 });
      workRoot = path.join(dir, "work");
      cacheOut = path.join(dir, "out");
      cachePlanDir = path.join(cacheOut, "preview", ENV);
      previousBin = process.env.TERRAFORM_BIN;
      process.env.TERRAFORM_BIN = wrapper;
      const argv = [ENV, "--outdir", cacheOut, "--work-root", workRoot, ...stacks];
      await step(argv); // 0: cold, plans both
      await step(argv); // 1: nothing changed
      // 2: one stack's entry gone (as after a change of that stack alone)
      const state = entries().find((f) => (JSON.parse(fs.readFileSync(path.join(workRoot, "plans", f), "utf8")) as { stack: string }).stack === `${ENV}-state`);
      if (!state) throw new Error(`no cache entry for ${ENV}-state in ${entries().join(", ")}`);
      fs.rmSync(path.join(workRoot, "plans", state));
      await step(argv);
      await step([...argv, "--no-cache"]); // 3: cache bypassed
      console.log(`preview of ${CACHED.length} stacks: cold ${runs[0]!.seconds.toFixed(1)} s, warm ${runs[1]!.seconds.toFixed(1)} s, one stack changed ${runs[2]!.seconds.toFixed(1)} s, --no-cache ${runs[3]!.seconds.toFixed(1)} s`);
    }, 900_000);
    afterAll(() => {
      if (previousBin === undefined) delete process.env.TERRAFORM_BIN;
      else process.env.TERRAFORM_BIN = previousBin;
    });

    /** The terminal output without wall times and without the cache line (which differs on purpose). */
    const normalized = (out: string) =>
      out
        .split("\n")
        .filter((l) => !/unchanged since their last plan/.test(l))
        .map((l) => l.replace(/\d+\.\d s\b/g, "T s").replace(/\s+\d+\.\d$/, " T"))
        .join("\n");
    /** summary.json without the seconds of each stack. */
    const summaryWithoutSeconds = (b: Buffer) => {
      const summary = JSON.parse(b.toString("utf8")) as { stacks: { seconds?: number }[] };
      return JSON.stringify({ ...summary, stacks: summary.stacks.map(({ seconds: _s, ...rest }) => rest) });
    };

    it("the cold run plans both stacks with terraform and stores one entry per stack", () => {
      expect(runs[0]!.code).toBe(EXIT.ok);
      expect(calls[0]!.filter((c) => c === "plan")).toHaveLength(1);
      expect(runs[0]!.out).toContain(`0 of ${CACHED.length} stacks unchanged since their last plan: reused`);
      expect(entries()).toHaveLength(CACHED.length);
    });

    it("X.3 unchanged: the second run runs no terraform at all and reports both stacks reused", () => {
      expect(runs[1]!.code).toBe(EXIT.ok);
      expect(calls[1]).toEqual([]);
      expect(runs[1]!.out).toContain(`${CACHED.length} of ${CACHED.length} stacks unchanged since their last plan: reused`);
    });

    it("X.3 one stack changed: only that stack is planned (one terraform plan), the other reused", () => {
      expect(runs[2]!.code).toBe(EXIT.ok);
      expect(calls[2]!.filter((c) => c === "plan")).toHaveLength(1);
      expect(runs[2]!.out).toContain(`1 of ${CACHED.length} stacks unchanged since their last plan: reused`);
      expect(entries()).toHaveLength(CACHED.length);
    });

    it("--no-cache plans every stack again and says nothing about reuse", () => {
      expect(runs[3]!.code).toBe(EXIT.ok);
      expect(calls[3]!.filter((c) => c === "plan")).toHaveLength(1);
      expect(runs[3]!.out).not.toContain("unchanged since their last plan");
    });

    it("X.3 every run writes plan JSON files identical byte for byte to the cold run's, the same summary.json (but for seconds) and the same terminal output (but for times)", () => {
      const cold = files[0]!;
      expect([...cold.keys()]).toEqual([...CACHED.map((k) => `${ENV}-${k}.plan.json`), "summary.json"].sort());
      for (const [i, later] of files.entries()) {
        expect([...later.keys()]).toEqual([...cold.keys()]);
        for (const [name, bytes] of cold) {
          if (name === "summary.json") expect({ i, summary: summaryWithoutSeconds(later.get(name)!) }).toEqual({ i, summary: summaryWithoutSeconds(bytes) });
          else expect({ i, name, same: later.get(name)!.equals(bytes) }).toEqual({ i, name, same: true });
        }
        expect(normalized(runs[i]!.out)).toBe(normalized(runs[0]!.out));
      }
    });
  });
});
