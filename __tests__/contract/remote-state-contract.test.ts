/**
 * X.1: downstream stacks read upstream values only through remote state, and
 * only outputs the upstream stack really declares.
 */
import { Testing, TerraformStack } from "cdktf";
import { defineOutputs, publishOutputs } from "../../src/contract/output-spec";
import { PRESETS } from "../../src/environments";
import { synthEnvironment } from "../support/synth";

type Res = Record<string, any>;

describe.each(PRESETS.map((p) => [p.name, p] as const))("X.1 %s", (name, preset) => {
  const { json } = synthEnvironment(preset);

  it("every output read from remote state is declared by the upstream stack, and the state location matches its backend", () => {
    let reads = 0;
    for (const [kind, stack] of Object.entries(json)) {
      const remote = (stack.data?.terraform_remote_state ?? {}) as Record<string, Res>;
      const text = JSON.stringify(stack);
      for (const [upstream, config] of Object.entries(remote)) {
        expect(json[upstream]).toBeDefined(); // the logical id names an upstream stack kind
        expect(upstream).not.toBe(kind);
        const backend = json[upstream].terraform!.backend as Res;
        expect(config.backend).toBe("s3");
        expect(config.config).toMatchObject({ bucket: backend.s3.bucket, key: backend.s3.key, region: backend.s3.region });
        const used = [...text.matchAll(new RegExp(`data\\.terraform_remote_state\\.${upstream}\\.outputs\\.([a-z0-9_]+)`, "g"))].map((m) => m[1]);
        for (const output of used) {
          expect(`${upstream}.${output}: ${json[upstream].output?.[output] ? "declared" : "missing"}`).toBe(`${upstream}.${output}: declared`);
          reads++;
        }
      }
    }
    if (Object.keys(json).length > 2) expect(reads).toBeGreaterThan(0);
  });

  it("uses no cdktf cross-stack references (unreadable, sensitive outputs)", () => {
    for (const stack of Object.values(json)) expect(JSON.stringify(stack)).not.toMatch(/cross-stack-output/);
  });

  it("every output is snake_case, described and not sensitive", () => {
    for (const stack of Object.values(json)) {
      for (const [outName, out] of Object.entries(stack.output ?? {})) {
        expect(outName).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(out.description).toMatch(/\w{4,}/);
        expect(out.sensitive).toBeUndefined();
      }
    }
  });

  it(`stacks of ${name} are named <env>-<kind>`, () => {
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["state", "network"]));
  });
});

describe("output tables", () => {
  it("refuse names that are not snake_case", () => {
    expect(() => defineOutputs({ VpcId: { kind: "string", description: "x", stub: "" } })).toThrow(/snake_case/);
  });

  it("publish an output per declared name with its description", () => {
    const table = defineOutputs({ vpc_id: { kind: "string", description: "The VPC.", stub: "vpc-1" }, ids: { kind: "list", description: "Ids.", stub: [] } });
    const stack = new TerraformStack(Testing.app(), "t");
    publishOutputs(stack, table, { vpc_id: "vpc-123", ids: ["a"] });
    const out = JSON.parse(Testing.synth(stack)).output;
    expect(out).toEqual({ vpc_id: { value: "vpc-123", description: "The VPC." }, ids: { value: ["a"], description: "Ids." } });
  });

  it("refuse to publish when a declared output has no value", () => {
    const table = defineOutputs({ vpc_id: { kind: "string", description: "The VPC.", stub: "vpc-1" } });
    const stack = new TerraformStack(Testing.app(), "t");
    expect(() => publishOutputs(stack, table, {} as never)).toThrow(/"vpc_id" has no value/);
  });
});
