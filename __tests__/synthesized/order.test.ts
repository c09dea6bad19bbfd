/**
 * Dependency order of an environment's stacks (src/synthesized/order.ts): from
 * the evidence in the synthesized JSON, never from stack names.
 */
import { PRESETS } from "../../src/environments";
import { dependencyOrder, StackCycleError, stackGraph, SynthesizedStack } from "../../src/synthesized/order";
import { synthesizeStacks } from "../../src/tools/reach/load";

/** A stack with an S3 backend at `bucket/key` reading remote states `{kind: key}`. */
function stack(
  name: string,
  opts: { key?: string; reads?: Record<string, string>; creates?: string[]; dependencies?: string[]; bucket?: string } = {},
): SynthesizedStack {
  const bucket = opts.bucket ?? "fx-tfstate";
  const json: Record<string, unknown> = {
    terraform: opts.key ? { backend: { s3: { bucket, key: opts.key } } } : { backend: { local: { path: "x.tfstate" } } },
  };
  if (opts.reads) {
    json.data = {
      terraform_remote_state: Object.fromEntries(
        Object.entries(opts.reads).map(([kind, key]) => [kind, { backend: "s3", config: { bucket, key } }]),
      ),
    };
  }
  if (opts.creates) json.resource = { aws_s3_bucket: Object.fromEntries(opts.creates.map((b, i) => [`b${i}`, { bucket: b }])) };
  return { name, json, ...(opts.dependencies ? { dependencies: opts.dependencies } : {}) };
}

describe("stackGraph: evidence of dependencies", () => {
  it("a remote-state read whose bucket/key is another stack's backend", () => {
    const g = stackGraph([stack("e-net", { key: "e/net.tfstate" }), stack("e-app", { key: "e/app.tfstate", reads: { whatever: "e/net.tfstate" } })]);
    expect(g.edges).toEqual([{ stack: "e-app", dependsOn: "e-net", because: 'reads remote state "whatever"' }]);
    expect(g.unresolved).toEqual([]);
  });

  it("a remote-state read of a kind with no matching key falls back to the one stack named *-<kind>", () => {
    const g = stackGraph([stack("e-dr-network", { key: "other" }), stack("e-app", { key: "e/app.tfstate", reads: { dr_network: "elsewhere" } })]);
    expect(g.edges).toEqual([{ stack: "e-app", dependsOn: "e-dr-network", because: 'reads remote state "dr_network"' }]);
  });

  it("a read that no stack produces is reported as unresolved, not guessed", () => {
    const g = stackGraph([stack("e-a-network", { key: "1" }), stack("e-b-network", { key: "2" }), stack("e-app", { key: "3", reads: { network: "x" } })]);
    expect(g.edges).toEqual([]);
    expect(g.unresolved).toEqual(['e-app: remote state "network"']);
  });

  it("a stack whose S3 backend bucket another stack creates depends on it", () => {
    const g = stackGraph([stack("e-state", { creates: ["fx-tfstate"] }), stack("e-net", { key: "e/net.tfstate" })]);
    expect(g.edges).toEqual([{ stack: "e-net", dependsOn: "e-state", because: "its state lives in bucket fx-tfstate" }]);
  });

  it("cdktf dependencies count, unknown stack names are ignored", () => {
    const g = stackGraph([stack("a"), stack("b", { dependencies: ["a", "not-in-this-environment"] })]);
    expect(g.edges).toEqual([{ stack: "b", dependsOn: "a", because: "cdktf dependency" }]);
  });
});

describe("dependencyOrder", () => {
  it("puts every dependency first whatever the input order; ties keep the input order", () => {
    const stacks = [
      stack("e-edge", { key: "e/edge", reads: { compute: "e/compute", network: "e/network" } }),
      stack("e-compute", { key: "e/compute", reads: { network: "e/network", data: "e/data" } }),
      stack("e-dr-data", { key: "e/dr-data", reads: { data: "e/data" } }),
      stack("e-data", { key: "e/data", reads: { network: "e/network" } }),
      stack("e-network", { key: "e/network" }),
      stack("e-state", { creates: ["fx-tfstate"] }),
    ];
    expect(dependencyOrder(stacks)).toEqual(["e-state", "e-network", "e-data", "e-compute", "e-edge", "e-dr-data"]);
    expect(dependencyOrder([...stacks].reverse())).toEqual(["e-state", "e-network", "e-data", "e-dr-data", "e-compute", "e-edge"]);
  });

  it("refuses a cycle, naming the stacks and the evidence", () => {
    const stacks = [stack("ok"), stack("a", { key: "a", reads: { b: "b" } }), stack("b", { key: "b", reads: { a: "a" } })];
    expect(() => dependencyOrder(stacks)).toThrow(StackCycleError);
    expect(() => dependencyOrder(stacks)).toThrow(/cycle: a, b\n {2}a needs b \(reads remote state "b"\)/);
  });
});

describe("dependency order of the presets, from their synthesized JSON alone", () => {
  // synthesizeStacks returns stacks sorted by NAME and without cdktf's
  // dependencies: the order must come from remote-state reads and the backend bucket.
  it.each(PRESETS.map((p) => p.name))("%s: state, network, data, compute, edge; any other stack after what it reads", (env) => {
    const json = synthesizeStacks(env, PRESETS);
    const stacks = Object.entries(json).map(([name, j]) => ({ name, json: j }));
    const order = dependencyOrder(stacks);
    const core = ["state", "network", "data", "compute", "edge"].map((k) => `${env}-${k}`);
    expect(order.filter((n) => core.includes(n))).toEqual(core);
    expect(stackGraph(stacks).unresolved).toEqual([]);
    for (const e of stackGraph(stacks).edges) expect(order.indexOf(e.dependsOn)).toBeLessThan(order.indexOf(e.stack));
  });
});
