/**
 * The offline Terraform harness, on a tiny fixture synthesized here with cdktf:
 * overrides and stubs (no terraform needed), then init/validate/plan/show
 * against the local provider mirror.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, DataTerraformRemoteStateS3, Fn, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { NETWORK_OUTPUTS } from "../../../src/contract/network";
import {
  assertOfflineOk,
  findProviderMirror,
  formatOfflineResult,
  offlinePrerequisiteProblem,
  OVERRIDE_FILE,
  prepareOfflineStack,
  prepareOfflineStackJson,
  runOffline,
  runStacksOffline,
  stubsFromTables,
} from "../../../src/tools/terraform/terraform-offline";
import { describeWithTerraform } from "../../support/terraform";

const ACCOUNT = "123456789012";
const stubOutputs = stubsFromTables({ network: NETWORK_OUTPUTS });

let tmp: string;
let stacksDir: string;
let workRoot: string;

/** A compute-like stack: reads the network's remote state, uses the default and an aliased provider. */
function fixtureStack(app: App, name: string, opts: { broken?: boolean; upstream?: string } = {}): void {
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  const useast = new AwsProvider(stack, "aws_us_east_1", { region: "us-east-1", alias: "us_east_1", allowedAccountIds: [ACCOUNT] });
  new S3Backend(stack, { bucket: "fx-state", key: `fx/${name}.tfstate`, region: "eu-west-1", encrypt: true });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  const upstream = opts.upstream ?? "network";
  const net = new DataTerraformRemoteStateS3(stack, upstream, {
    bucket: "fx-state",
    key: `fx/${upstream}.tfstate`,
    region: "eu-west-1",
    encrypt: true,
  });
  const sg = new SecurityGroup(stack, "app_sg", { name: "fx-app", description: "fixture", vpcId: net.getString("vpc_id") });
  if (opts.broken) sg.addOverride("bogus_argument", "nope");
  new SsmParameter(stack, "web_subnets", {
    provider: useast,
    name: "/fx/web-subnets",
    type: "StringList",
    value: Fn.join(",", net.getList("web_subnet_ids")),
  });
  new TerraformOutput(stack, "app_sg_id", { value: sg.id, staticId: true });
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tf-offline-test-"));
  workRoot = path.join(tmp, "work");
  const app = new App({ outdir: path.join(tmp, "cdktf.out") });
  fixtureStack(app, "fx-compute");
  fixtureStack(app, "fx-broken", { broken: true });
  fixtureStack(app, "fx-edge", { upstream: "data" });
  app.synth();
  stacksDir = path.join(tmp, "cdktf.out", "stacks");
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("stubs and overrides (no terraform needed)", () => {
  it("stubsFromTables keeps strings and lists from the contract", () => {
    expect(stubOutputs.network?.vpc_id).toBe(NETWORK_OUTPUTS.vpc_id.stub);
    expect(stubOutputs.network?.web_subnet_ids).toEqual(NETWORK_OUTPUTS.web_subnet_ids.stub);
    expect(stubOutputs.network?.datacenter_cidrs).toEqual([]);
  });

  it("writes a local backend, neutralised providers and a typed v4 stub state", () => {
    const p = prepareOfflineStack(path.join(stacksDir, "fx-compute"), { stubOutputs, workRoot });
    expect(p.stackName).toBe("fx-compute");
    expect(p.providerConfigs).toEqual(["aws", "aws.us_east_1"]);
    const o = readJson(path.join(p.workDir, OVERRIDE_FILE));
    expect(o.terraform.backend).toEqual({ local: { path: path.join(p.workDir, "terraform.tfstate") } });
    expect(o.provider.aws).toHaveLength(2); // the default provider and aws.us_east_1 (providerConfigs above)
    for (const provider of o.provider.aws) {
      expect(provider).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        allowed_account_ids: null,
      });
    }
    expect(o.provider.aws[1].alias).toBe("us_east_1");
    expect(o.data.terraform_remote_state.network).toEqual({ backend: "local", config: { path: p.stubStateFiles.network } });
    const state = readJson(p.stubStateFiles.network as string);
    expect(state.version).toBe(4);
    expect(state.outputs.vpc_id).toEqual({ value: NETWORK_OUTPUTS.vpc_id.stub, type: "string" });
    expect(state.outputs.web_subnet_ids).toEqual({ value: NETWORK_OUTPUTS.web_subnet_ids.stub, type: ["list", "string"] });
    // The original is copied verbatim: S3 backend and allowed_account_ids are still there.
    const copied = readJson(path.join(p.workDir, "cdk.tf.json"));
    expect(copied.terraform.backend.s3.use_lockfile).toBe(true);
    expect(p.rewrites).toEqual([]);
  });

  it("refuses a remote state without stubs, naming the kind", () => {
    expect(() => prepareOfflineStack(path.join(stacksDir, "fx-edge"), { stubOutputs, workRoot })).toThrow(
      /\[stack fx-edge\] no stub outputs for remote state "data"/,
    );
    expect(() => prepareOfflineStack(path.join(stacksDir, "fx-compute"), { stubOutputs: {}, workRoot })).toThrow(/"network"/);
  });

  it("refuses a read of an output the stubs lack, naming kind.output", () => {
    const { vpc_id: _dropped, ...rest } = stubOutputs.network ?? {};
    expect(() => prepareOfflineStack(path.join(stacksDir, "fx-compute"), { stubOutputs: { network: rest }, workRoot })).toThrow(
      /no stub: network\.vpc_id/,
    );
  });

  it("removes assume_role from the copy (an override cannot remove a nested block)", () => {
    const json = readJson(path.join(stacksDir, "fx-compute", "cdk.tf.json"));
    json.provider.aws[0].assume_role = [{ role_arn: `arn:aws:iam::${ACCOUNT}:role/deployer` }];
    const p = prepareOfflineStackJson("fx-assume", json, { stubOutputs, workRoot });
    expect(p.rewrites).toEqual(["removed assume_role from provider aws"]);
    expect(readJson(path.join(p.workDir, "cdk.tf.json")).provider.aws[0].assume_role).toBeUndefined();
  });

  it("TF_PROVIDER_MIRROR pointing elsewhere finds no mirror and says so", () => {
    const env = { ...process.env, TF_PROVIDER_MIRROR: path.join(tmp, "no-mirror-here") };
    expect(findProviderMirror({ env })).toBeNull();
    expect(offlinePrerequisiteProblem(env)).toMatch(/no provider mirror .*TF_PROVIDER_MIRROR=/);
  });
});

describeWithTerraform("offline terraform (init, validate, plan, show)", () => {
  it("plans the fixture from the mirror with the stub remote state", async () => {
    const p = prepareOfflineStack(path.join(stacksDir, "fx-compute"), { stubOutputs, workRoot });
    const r = await runOffline(p, { validate: true, plan: true, planJson: true, workRoot });
    assertOfflineOk(r);
    expect(r.init?.ok).toBe(true);
    expect(r.validate).toMatchObject({ ok: true, source: "plan" });
    expect(r.plan?.changes).toEqual({ add: 2, change: 0, destroy: 0, replace: 0, import: 0 });
    const byAddress = Object.fromEntries((r.plan?.resources ?? []).map((x) => [x.address, x]));
    expect(Object.keys(byAddress).sort()).toEqual(["aws_security_group.app_sg", "aws_ssm_parameter.web_subnets"]);
    // The stub values reached the planned resources (the aliased provider planned the parameter).
    expect(byAddress["aws_security_group.app_sg"]?.after?.vpc_id).toBe(NETWORK_OUTPUTS.vpc_id.stub);
    expect(byAddress["aws_ssm_parameter.web_subnets"]?.after?.value).toBe(NETWORK_OUTPUTS.web_subnet_ids.stub.join(","));
    expect(byAddress["aws_ssm_parameter.web_subnets"]?.actions).toEqual(["create"]);

    // The provider is a symlink (into the mirror or the plugin cache), not a copy.
    const platformDir = path.join(p.workDir, ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0");
    const [platform] = fs.readdirSync(platformDir);
    expect(fs.lstatSync(path.join(platformDir, platform as string)).isSymbolicLink()).toBe(true);
    expect(diskUse(p.workDir)).toBeLessThan(1024 * 1024);

    // A second run reuses the init (never init twice); validate alone runs terraform validate.
    const again = await runOffline(p.workDir, { validate: true, plan: false, workRoot });
    assertOfflineOk(again);
    expect(again.stackName).toBe("fx-compute");
    expect(again.init?.reused).toBe(true);
    expect(again.validate).toMatchObject({ ok: true, source: "terraform validate" });
    expect(again.plan).toBeUndefined();
  });

  it("reports an invalid stack with its diagnostics, next to a valid one run in parallel", async () => {
    // The valid stack needs no provider (the fixture above proved planning with the aws provider).
    const valid = { stackName: "fx-valid", json: builtinStack("fx-valid", ["a", "b"]) };
    const results = await runStacksOffline(
      [valid, path.join(stacksDir, "fx-broken"), path.join(stacksDir, "fx-edge")],
      { stubOutputs, concurrency: 2, workRoot },
    );
    const [ok, broken, edge] = results;
    expect(ok?.ok).toBe(true);
    expect(fs.existsSync(ok?.workDir as string)).toBe(false); // removed after success
    expect(broken?.ok).toBe(false);
    expect(broken?.validate?.source).toBe("terraform validate");
    expect(broken?.validate?.ok).toBe(false);
    const diag = broken?.validate?.diagnostics.find((d) => d.severity === "error");
    expect(diag?.summary).toBe("Extraneous JSON object property"); // terraform's wording for JSON configs
    expect(diag?.detail).toMatch(/bogus_argument/);
    expect(diag?.location).toMatch(/^cdk\.tf\.json:\d+:\d+$/);
    expect(formatOfflineResult(broken!)).toMatch(/\[stack fx-broken\] FAILED[\s\S]*Extraneous JSON object property[\s\S]*bogus_argument/);
    expect(edge).toMatchObject({ ok: false, stackName: "fx-edge" });
    expect(edge?.error).toMatch(/remote state "data"/);
    expect(() => assertOfflineOk(results)).toThrow(/offline terraform failed for fx-broken, fx-edge/);
  });
});

describeWithTerraform("batch validation (one terraform validate for many stacks)", () => {
  it("validates stacks together, blames only the broken one, and still plans each valid stack on its own", async () => {
    const valid = { stackName: "fx-valid", json: builtinStack("fx-valid", ["a", "b"]) };
    const results = await runStacksOffline([valid, path.join(stacksDir, "fx-broken")], { stubOutputs, concurrency: 2, workRoot, validateStrategy: "batch" });
    const [ok, broken] = results;
    expect(ok).toMatchObject({ ok: true, validate: { ok: true, source: "terraform validate" } });
    expect(ok?.plan?.changes.add).toBe(2);
    expect(ok?.plan?.batch).toBeUndefined(); // planned on its own
    expect(ok?.validate?.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(broken?.ok).toBe(false);
    expect(broken?.plan).toBeUndefined(); // not planned when invalid
    const diag = broken?.validate?.diagnostics.find((d) => d.severity === "error");
    expect(diag?.summary).toBe("Extraneous JSON object property");
    expect(diag?.detail).toMatch(/bogus_argument/);
    expect(diag?.address ?? "").not.toMatch(/^module\./);
    // What only batching produces for an aws stack (its backend ignored, its provider block taken for an empty one) is not reported.
    expect(broken?.validate?.diagnostics.map((d) => d.summary)).not.toContainEqual(expect.stringMatching(/Backend configuration ignored|Redundant empty provider block/));
  });
});

/**
 * A stack without any provider to start: `terraform_data` is built into
 * terraform, so these fixtures plan in well under a second.
 */
function builtinStack(name: string, resources: readonly string[], extra: Record<string, unknown> = {}): object {
  return {
    terraform: { backend: { s3: { bucket: "fx-state", key: `fx/${name}.tfstate`, region: "eu-west-1" } } },
    resource: { terraform_data: Object.fromEntries(resources.map((r) => [r, { input: `${name}-${r}` }])) },
    ...extra,
  };
}

describeWithTerraform("batch plan (stacks planned together as modules of one root)", () => {
  const one = { stackName: "fx-one", json: builtinStack("fx-one", ["a", "b"], { output: { a_id: { value: "${terraform_data.a.id}" } } }) };
  const two = { stackName: "fx-two", json: builtinStack("fx-two", ["c"]) };
  // Outputs a sensitive value without `sensitive = true`: fine in a child module, an error in a root module.
  const leaky = {
    stackName: "fx-leaky",
    json: builtinStack("fx-leaky", ["d"], {
      variable: { token: { type: "string", default: "not-a-real-token", sensitive: true } },
      output: { token: { value: "${var.token}" } },
    }),
  };

  it("gives each stack its own validate and plan result: its own addresses, actions and counts", async () => {
    const [a, b] = await runStacksOffline([one, two], { stubOutputs, workRoot, planStrategy: "batch" });
    for (const r of [a, b]) {
      expect(r).toMatchObject({ ok: true, validate: { ok: true, source: "terraform validate" }, plan: { ok: true, batch: true } });
      // Batching's own warnings (the modules' ignored backends) are not the stacks' diagnostics.
      expect([...r!.validate!.diagnostics, ...r!.plan!.diagnostics]).toEqual([]);
    }
    expect(a!.stackName).toBe("fx-one");
    expect(a!.plan!.resources.map((r) => [r.address, r.action]).sort()).toEqual([["terraform_data.a", "create"], ["terraform_data.b", "create"]]);
    expect(a!.plan!.changes).toEqual({ add: 2, change: 0, destroy: 0, replace: 0, import: 0 });
    expect(b!.plan!.resources).toEqual([{ address: "terraform_data.c", action: "create" }]);
    expect(b!.plan!.changes).toEqual({ add: 1, change: 0, destroy: 0, replace: 0, import: 0 });
  });

  it("keeps the checks terraform makes on root outputs only; when the batch plan fails, each stack is planned alone", async () => {
    const [a, l] = await runStacksOffline([one, leaky], { stubOutputs, workRoot, planStrategy: "batch" });
    expect(a).toMatchObject({ ok: true, plan: { ok: true, changes: { add: 2 } } });
    expect(a!.plan!.batch).toBeUndefined(); // planned alone, after the batch plan failed
    expect(l).toMatchObject({ ok: false, stackName: "fx-leaky", validate: { ok: true }, plan: { ok: false } });
    const diag = l!.plan!.diagnostics.find((d) => d.severity === "error");
    expect(diag?.summary).toBe("Output refers to sensitive values");
    expect(diag?.location).toMatch(/^cdk\.tf\.json:/);
  });
});

/** Bytes used by a directory tree, not following symlinks. */
function diskUse(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const st = fs.lstatSync(full);
    total += st.blocks * 512;
    if (entry.isDirectory()) total += diskUse(full);
  }
  return total;
}
