/**
 * R0.7 proven by a policy evaluator, not by reading JSON: the vendor role's
 * SYNTHESIZED trust and permission policies (parsed from the retail-launch
 * edge stack's Terraform JSON) are evaluated with @cloud-copilot/iam-simulate,
 * an implementation of AWS's policy evaluation logic (explicit deny > allow >
 * implicit deny; cross-account requests need both the caller's identity
 * policy and the role's trust policy).
 *
 * The media bucket policy written by the edge stack is evaluated the same way.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { Testing } from "cdktf";
import { validateDefinition } from "../../src/config/validate";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { EdgeStack } from "../../src/stacks/edge-stack";
import { resources, StackJson, variant } from "../support/synth";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Policy = { Version: string; Statement: unknown[] };

const ACCOUNT = retailLaunch.account; // 111111111111
const VENDOR = "555555555555";
const REGION = retailLaunch.region;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/retail-launch-vendor-read-only`;
/** A vendor employee's session in our account after assuming the role. */
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/retail-launch-vendor-read-only/dev@vendor`;

function synthEdge(definition: typeof retailLaunch): StackJson {
  const stack = new EdgeStack(Testing.app(), validateDefinition(definition));
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Run one request; fail the test on a simulator validation error (unknown action, bad ARN...). */
async function decide(simulation: Omit<Simulation, "serviceControlPolicies" | "resourceControlPolicies">): Promise<Decision> {
  const result = await runSimulation({ serviceControlPolicies: [], resourceControlPolicies: [], ...simulation }, {});
  if (result.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

describe("R0.7 vendor read-only role (evaluated with iam-simulate)", () => {
  let trust: Policy;
  let identity: { name: string; policy: Policy }[];

  beforeAll(() => {
    const json = synthEdge(retailLaunch);
    const role = resources(json, "aws_iam_role")["vendor"]!;
    trust = JSON.parse(role.assume_role_policy as string);
    const inline = Object.values(resources(json, "aws_iam_role_policy")).filter((p) => p.role === "${aws_iam_role.vendor.id}");
    expect(inline).toHaveLength(2);
    identity = inline.map((p) => ({ name: String(p.name), policy: JSON.parse(p.policy as string) }));
    // Nothing else grants the role anything: no managed policy attachments.
    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  /** The role session calling `action` on `resource`. */
  const asVendor = (action: string, resource: string) =>
    decide({
      request: { principal: SESSION, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
      identityPolicies: identity,
    });

  it.each([
    ["ec2:DescribeInstances", "*"],
    ["ec2:DescribeSecurityGroups", "*"],
    ["ec2:DescribeVpcs", "*"],
    ["ec2:DescribeSubnets", "*"],
    ["elasticloadbalancing:DescribeLoadBalancers", "*"],
    ["elasticloadbalancing:DescribeTargetHealth", "*"],
    ["autoscaling:DescribeAutoScalingGroups", "*"],
    ["rds:DescribeDBInstances", `arn:aws:rds:${REGION}:${ACCOUNT}:db:retail-launch-db`],
    ["cloudwatch:DescribeAlarms", `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:retail-launch-web-cpu`],
    ["cloudwatch:GetMetricData", "*"],
  ])("R0.7 allows viewing configuration: %s", async (action, resource) => {
    expect(await asVendor(action, resource)).toBe("Allowed");
  });

  it.each([
    ["ec2:TerminateInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`],
    ["ec2:AuthorizeSecurityGroupIngress", `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0a000000000000001`],
    ["ec2:RunInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`],
    ["rds:DeleteDBInstance", `arn:aws:rds:${REGION}:${ACCOUNT}:db:retail-launch-db`],
    ["rds:ModifyDBInstance", `arn:aws:rds:${REGION}:${ACCOUNT}:db:retail-launch-db`],
    ["elasticloadbalancing:DeleteLoadBalancer", `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/retail-launch-alb/0123456789abcdef`],
    ["autoscaling:UpdateAutoScalingGroup", `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/retail-launch-web`],
    ["cloudwatch:DeleteAlarms", `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:retail-launch-web-cpu`],
  ])("R0.7 denies writes: %s", async (action, resource) => {
    expect(await asVendor(action, resource)).not.toBe("Allowed");
  });

  it.each([
    ["iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/backdoor`],
    ["iam:AttachRolePolicy", ROLE_ARN],
    ["iam:PutRolePolicy", ROLE_ARN],
    ["iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/retail-launch-web`],
    ["iam:GetRole", ROLE_ARN],
    ["s3:GetObject", "arn:aws:s3:::retail-launch-media-20260101000000000000000001/products/shoe.jpg"],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-00000000-0000-0000-0000-000000000000-AbCdEf`],
    ["kms:Decrypt", `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000001`],
    ["ec2:GetPasswordData", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`],
    ["ssm:StartSession", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`],
  ])("R0.7 explicitly denies identity, data and secrets, whatever else is ever attached: %s", async (action, resource) => {
    expect(await asVendor(action, resource)).toBe("ExplicitlyDenied");
  });

  it("the explicit deny holds even if someone later attaches AdministratorAccess", async () => {
    const admin = { name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
    const run = (action: string, resource: string) =>
      decide({ request: { principal: SESSION, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} }, identityPolicies: [...identity, admin] });
    expect(await run("secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app-AbCdEf`)).toBe("ExplicitlyDenied");
    expect(await run("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/admin`)).toBe("ExplicitlyDenied");
    expect(await run("ec2:TerminateInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`)).toBe("Allowed"); // the control: admin really was attached
  });

  describe("assuming the role (trust policy)", () => {
    /** The vendor's own account lets its developer call sts:AssumeRole on anything. */
    const vendorIdentity = [{ name: "vendor-may-assume", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] } }];
    const assume = (principal: string, context: Record<string, string>) =>
      decide({
        request: { principal, action: "sts:AssumeRole", resource: { resource: ROLE_ARN, accountId: ACCOUNT }, contextVariables: context },
        identityPolicies: vendorIdentity,
        resourcePolicy: trust,
      });
    const dev = `arn:aws:iam::${VENDOR}:user/dev`;
    const withMfa = { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "300", "sts:ExternalId": "a-shoes-retail-launch-vendor" };

    it("R0.7 a vendor user with recent MFA and the external id may assume the role", async () => {
      expect(await assume(dev, withMfa)).toBe("Allowed");
    });

    it("R0.7 without MFA (long-term access keys: the MFA keys are absent) the role cannot be assumed", async () => {
      const { "aws:MultiFactorAuthPresent": _p, "aws:MultiFactorAuthAge": _a, ...noMfa } = withMfa;
      expect(await assume(dev, noMfa)).not.toBe("Allowed");
    });

    it("R0.7 with MFA explicitly false the role cannot be assumed", async () => {
      expect(await assume(dev, { ...withMfa, "aws:MultiFactorAuthPresent": "false" })).not.toBe("Allowed");
    });

    it("R0.7 with an MFA sign-in older than an hour the role cannot be assumed", async () => {
      expect(await assume(dev, { ...withMfa, "aws:MultiFactorAuthAge": "7200" })).not.toBe("Allowed");
    });

    it("R0.7 without the external id, or with another, the role cannot be assumed", async () => {
      const { "sts:ExternalId": _e, ...noExternalId } = withMfa;
      expect(await assume(dev, noExternalId)).not.toBe("Allowed");
      expect(await assume(dev, { ...withMfa, "sts:ExternalId": "someone-else" })).not.toBe("Allowed");
    });

    it("R0.7 no other account may assume the role, even with MFA", async () => {
      expect(await assume("arn:aws:iam::666666666666:user/dev", withMfa)).not.toBe("Allowed");
    });

    it("without an external id in the definition, MFA alone admits the vendor (console Switch Role)", async () => {
      const json = synthEdge(variant(retailLaunch, (d) => delete d.edge.vendorAccess.externalId));
      const relaxed = JSON.parse(resources(json, "aws_iam_role")["vendor"]!.assume_role_policy as string);
      const run = (context: Record<string, string>) =>
        decide({
          request: { principal: dev, action: "sts:AssumeRole", resource: { resource: ROLE_ARN, accountId: ACCOUNT }, contextVariables: context },
          identityPolicies: vendorIdentity,
          resourcePolicy: relaxed,
        });
      expect(await run({ "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "300" })).toBe("Allowed");
      expect(await run({})).not.toBe("Allowed");
    });
  });
});

describe("R1.2 media bucket policy (evaluated with iam-simulate)", () => {
  const BUCKET_ARN = "arn:aws:s3:::media-commerce-media-20260101000000000000000001";
  const DISTRIBUTION = "arn:aws:cloudfront::222222222222:distribution/E2QWRUHAPOMQZL";
  let policy: Policy;

  beforeAll(() => {
    const json = synthEdge(mediaCommerce);
    // Resolve the two references a real apply would fill in: the bucket (data stack) and the distribution (this stack).
    const text = (resources(json, "aws_s3_bucket_policy")["media-bucket-policy"]!.policy as string)
      .split("${data.terraform_remote_state.data.outputs.media_bucket_arn}")
      .join(BUCKET_ARN)
      .split("${aws_cloudfront_distribution.cdn.arn}")
      .join(DISTRIBUTION);
    expect(text).not.toContain("${");
    policy = JSON.parse(text);
  });

  const get = (principal: string, context: Record<string, string>) =>
    decide({
      request: { principal, action: "s3:GetObject", resource: { resource: `${BUCKET_ARN}/products/shoe.jpg`, accountId: "222222222222" }, contextVariables: context },
      identityPolicies: [],
      resourcePolicy: policy,
    });

  it("R1.2 CloudFront may read media on behalf of this distribution, over TLS", async () => {
    expect(await get("cloudfront.amazonaws.com", { "aws:SecureTransport": "true", "aws:SourceArn": DISTRIBUTION, "aws:SourceAccount": "222222222222" })).toBe("Allowed");
  });

  it("R1.2 another distribution cannot read the bucket through CloudFront", async () => {
    const other = "arn:aws:cloudfront::999999999999:distribution/EOTHER000000";
    expect(await get("cloudfront.amazonaws.com", { "aws:SecureTransport": "true", "aws:SourceArn": other, "aws:SourceAccount": "999999999999" })).not.toBe("Allowed");
  });

  it("R1.2 plain HTTP is refused even for the distribution", async () => {
    expect(await get("cloudfront.amazonaws.com", { "aws:SecureTransport": "false", "aws:SourceArn": DISTRIBUTION, "aws:SourceAccount": "222222222222" })).toBe("ExplicitlyDenied");
  });

  it("R1.2 a user of another account gets nothing from the bucket policy", async () => {
    expect(await get("arn:aws:iam::999999999999:user/mallory", { "aws:SecureTransport": "true" })).not.toBe("Allowed");
  });
});
