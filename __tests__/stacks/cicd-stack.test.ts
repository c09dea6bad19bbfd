/**
 * `<env>-cicd`: the GitHub Actions pipeline's OIDC provider and roles
 * (src/constructs/github-oidc-roles.ts, src/lib/cicd-policies.ts), synthesized
 * through buildApp (so the guardrail pack runs on them) and the policies
 * evaluated with @cloud-copilot/iam-simulate.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../src/app";
import { EnvironmentDefinition } from "../../src/config/definition";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { CONTRACTS } from "../../src/contract";
import { APPLY_IAM_ACTIONS, PLAN_READ_ACTIONS } from "../../src/lib/cicd-policies";
import { assertOfflineOk, runStacksOffline, stubsFromTables } from "../../src/tools/terraform/terraform-offline";
import { describeWithTerraform } from "../support/terraform";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Policy = { Version: string; Statement: { Sid?: string; Condition?: Record<string, Record<string, unknown>> }[] };
type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

const ACCOUNT = buddyverse.account;
const REGION = buddyverse.region;
const BUCKET = buddyverse.stateBucket;
const WITH_CICD: EnvironmentDefinition = { ...buddyverse, cicd: { repository: "play-buddy/infra" } };

let outdir: string;
let json: Json;
let stackNames: string[];

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cicd-stack-"));
  const { app } = buildApp({ definitions: [WITH_CICD], outdir });
  app.synth(); // the guardrail pack runs here and throws on any violation
  stackNames = fs.readdirSync(path.join(outdir, "stacks")).sort();
  json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "buddyverse-cicd", "cdk.tf.json"), "utf8")) as Json;
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const role = (name: string) => json.resource!.aws_iam_role![name]!;
const policyOf = (name: string) => JSON.parse(String(json.resource!.aws_iam_role_policy![name]!.policy)) as Policy;
const trustOf = (name: string) => JSON.parse(String(role(name).assume_role_policy)) as Policy;

async function decide(roleName: string, policy: Policy, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<Decision> {
  const simulation: Simulation = {
    request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/github`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: { "aws:RequestedRegion": REGION, ...context } },
    identityPolicies: [{ name: "inline", policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

describe("the cicd section adds the <env>-cicd stack", () => {
  test("only with the section; its state lives in the bucket under <env>/cicd.tfstate", () => {
    expect(stackNames).toContain("buddyverse-cicd");
    expect(json.terraform!.backend!.s3).toMatchObject({ bucket: BUCKET, key: "buddyverse/cicd.tfstate" });
  });

  test("the GitHub OIDC provider trusts sts.amazonaws.com as audience", () => {
    expect(json.resource!.aws_iam_openid_connect_provider!.github_github).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
  });

  test("outputs the role ARNs the workflows need", () => {
    expect(Object.keys(json.output as object).sort()).toEqual(["apply_role_arn", "oidc_provider_arn", "plan_role_arn"]);
  });
});

describe("trust: GitHub OIDC tokens of the repository only, no long-lived keys", () => {
  test("plan role: pull requests and pushes to main of play-buddy/infra", () => {
    const [s] = trustOf("github_plan").Statement;
    expect(s).toMatchObject({ Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "${aws_iam_openid_connect_provider.github_github.arn}" } });
    expect(s!.Condition).toEqual({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": ["repo:play-buddy/infra:pull_request", "repo:play-buddy/infra:ref:refs/heads/main"] },
    });
  });

  test("apply role: only jobs running in the GitHub environment buddyverse (required reviewers)", () => {
    const [s] = trustOf("github_apply").Statement;
    expect(s!.Condition!.StringLike).toEqual({ "token.actions.githubusercontent.com:sub": ["repo:play-buddy/infra:environment:buddyverse"] });
  });
});

describe("plan role: read-only plus state read (evaluated with iam-simulate)", () => {
  let policy: Policy;
  beforeAll(() => (policy = policyOf("github_plan-policy")));

  test("every allowed infrastructure action is a read", () => {
    expect(PLAN_READ_ACTIONS.length).toBeGreaterThan(0);
    for (const a of PLAN_READ_ACTIONS) expect(a).toMatch(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z*]*$|^sts:GetCallerIdentity$/);
  });

  it.each([
    ["ec2:DescribeVpcs", "*"],
    ["rds:DescribeDBInstances", `arn:aws:rds:${REGION}:${ACCOUNT}:db:buddyverse-db`],
    ["s3:GetObject", `arn:aws:s3:::${BUCKET}/buddyverse/network.tfstate`],
    ["s3:PutObject", `arn:aws:s3:::${BUCKET}/buddyverse/network.tfstate.tflock`],
  ])("allows %s", async (action, resource) => {
    expect(await decide("buddyverse-cicd-plan", policy, action, resource)).toBe("Allowed");
  });

  it.each([
    ["ec2:RunInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`],
    ["s3:PutObject", `arn:aws:s3:::${BUCKET}/buddyverse/network.tfstate`],
    ["s3:GetObject", "arn:aws:s3:::buddyverse-media-0001/private.jpg"],
    ["s3:GetObject", `arn:aws:s3:::${BUCKET}/other-env/network.tfstate`],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:buddyverse/db-master-AbCdEf`],
    ["iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/buddyverse-web`],
  ])("refuses %s on %s", async (action, resource) => {
    expect(await decide("buddyverse-cicd-plan", policy, action, resource)).not.toBe("Allowed");
  });
});

describe("apply role: scoped to the environment (evaluated with iam-simulate)", () => {
  let policy: Policy;
  beforeAll(() => (policy = policyOf("github_apply-policy")));

  test("IAM only on the environment's names", () => {
    expect(APPLY_IAM_ACTIONS).not.toContain("iam:*");
    const iam = policy.Statement.find((s) => s.Sid === "EnvironmentRoles") as unknown as { Resource: string[] };
    expect(iam.Resource).toEqual([`arn:aws:iam::${ACCOUNT}:role/buddyverse-*`, `arn:aws:iam::${ACCOUNT}:instance-profile/buddyverse-*`]);
  });

  it.each([
    ["ec2:RunInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`, {}],
    ["iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/buddyverse-web`, {}],
    ["iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/buddyverse-web`, {}],
    ["s3:PutObject", `arn:aws:s3:::${BUCKET}/buddyverse/compute.tfstate`, {}],
  ])("allows %s on %s", async (action, resource, context) => {
    expect(await decide("buddyverse-cicd-apply", policy, action, resource, context)).toBe("Allowed");
  });

  it.each([
    ["ec2:RunInstances in another region", "ec2:RunInstances", `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`, { "aws:RequestedRegion": "eu-west-1" }],
    ["another environment's role", "iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/web-was-web`, {}],
    ["its own role (no self-escalation)", "iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/buddyverse-cicd-apply`, {}],
    ["the plan role", "iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/buddyverse-cicd-plan`, {}],
    ["the state bucket's policy", "s3:PutBucketPolicy", `arn:aws:s3:::${BUCKET}`, {}],
    ["deleting the state bucket", "s3:DeleteBucket", `arn:aws:s3:::${BUCKET}`, {}],
    ["an IAM user", "iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/backdoor`, {}],
  ])("refuses %s", async (_what, action, resource, context) => {
    expect(await decide("buddyverse-cicd-apply", policy, action, resource, context)).not.toBe("Allowed");
  });
});

describeWithTerraform("the cicd stack validates and plans with the real provider (offline)", () => {
  test("terraform validate + plan: the provider and two roles with their policies are created", async () => {
    const [result] = await runStacksOffline([path.join(outdir, "stacks", "buddyverse-cicd")], { stubOutputs: stubsFromTables(CONTRACTS) });
    assertOfflineOk(result!);
    expect(result!.plan!.resources.map((r) => `${r.action} ${r.address}`).sort()).toEqual([
      "create aws_iam_openid_connect_provider.github_github",
      "create aws_iam_role.github_apply",
      "create aws_iam_role.github_plan",
      "create aws_iam_role_policy.github_apply-policy",
      "create aws_iam_role_policy.github_plan-policy",
    ]);
  });
});
