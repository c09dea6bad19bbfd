/**
 * AppTier on its own: one WEB-like tier synthesized in a small stack that names
 * resources with the project's address rule (src/lib/address.ts), so the
 * addresses the tier's parts get beside it are checked too.
 */
import { TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, Testing } from "cdktf";
import { Node } from "constructs";
import { AppTier, AppTierProps } from "../../src/constructs/app-tier";
import { resourceAddressName } from "../../src/lib/address";

/** A stack addressing resources like EnvironmentStack: the address rule over the construct path. */
class AddressedStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const parts = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    if (TerraformResource.isTerraformResource(element) || TerraformDataSource.isTerraformDataSource(element)) {
      return resourceAddressName(element.terraformResourceType, parts);
    }
    return parts.join("_");
  }
}

type Block = Record<string, unknown>;
interface Synth {
  readonly json: { resource: Record<string, Record<string, Block>>; output: Record<string, Block> };
  readonly tier: AppTier;
  readonly stack: AddressedStack;
}

const BASE: AppTierProps = {
  name: "shop-web",
  description: "WEB instances of shop",
  role: "web",
  region: "ap-northeast-2",
  account: "123456789012",
  logGroupName: "/shop/compute/web",
  logRetentionDays: 400,
  logsKmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/logs",
  os: "amazon-linux-2023",
  amiParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
  instanceType: "t3.small",
  securityGroupIds: ["sg-web"],
  volumeSizeGiB: 30,
  volumeKmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/volumes",
  userData: "#!/bin/bash\necho \"web up\"\n",
  instanceTags: { Environment: "shop", Stack: "compute" },
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  targetGroupArns: ["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/shop-web/1"],
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 3,
  healthCheckGracePeriodSeconds: 420,
  cpuTargetPercent: 55,
  instanceRefreshMinHealthyPercent: 90,
};

function synth(props: AppTierProps, id = "web"): Synth {
  const stack = new AddressedStack(Testing.app(), "tier-test");
  const tier = new AppTier(stack, id, props);
  new TerraformOutput(stack, "group_name", { value: tier.groupName });
  return { json: JSON.parse(Testing.synth(stack)), tier, stack };
}

/** The one resource of `type` at `name`, failing clearly when it is missing. */
function res(s: Synth, type: string, name: string): Block {
  const block = s.json.resource[type]?.[name];
  if (block === undefined) throw new Error(`no ${type}.${name}; have ${Object.keys(s.json.resource[type] ?? {}).join(", ") || "none of that type"}`);
  return block;
}

/** The inline policy's statements of the role. */
function statements(s: Synth, role = "web-role"): { Sid: string; Action: string | string[]; Resource: string | string[] }[] {
  return JSON.parse(res(s, "aws_iam_role_policy", role).policy as string).Statement;
}

const plain = synth(BASE);

describe("AppTier", () => {
  it("R2.5: an encrypted log group with the given name, retention and key", () => {
    expect(res(plain, "aws_cloudwatch_log_group", "web-logs")).toMatchObject({
      name: "/shop/compute/web",
      retention_in_days: 400,
      kms_key_id: BASE.logsKmsKeyArn,
    });
  });

  it("the role writes only to its own log group (and its streams), and the launch template uses its instance profile", () => {
    const logs = statements(plain).find((s) => s.Sid === "ShipLogsToOwnLogGroups");
    expect(logs?.Resource).toEqual(["${aws_cloudwatch_log_group.web-logs.arn}", "${aws_cloudwatch_log_group.web-logs.arn}:*"]);
    expect(res(plain, "aws_iam_instance_profile", "web-role")).toMatchObject({ name: "shop-web", role: "${aws_iam_role.web-role.name}" });
    expect(res(plain, "aws_launch_template", "web-template").iam_instance_profile).toEqual({ arn: "${aws_iam_instance_profile.web-role.arn}" });
  });

  it("without access, the role grants nothing beyond its logs (no database, cache, file system or artifact statement)", () => {
    expect(statements(plain).map((s) => s.Sid)).toEqual(["ShipLogsToOwnLogGroups"]);
  });

  it("access: the database users, the file system and artifacts given, exactly", () => {
    const s = synth({
      ...BASE,
      access: {
        dbConnectArns: ["arn:aws:rds-db:ap-northeast-2:123456789012:dbuser:db-ABC/app"],
        efsFileSystemId: "fs-123",
        artifactObjectArns: ["arn:aws:s3:::builds/app.jar"],
      },
    });
    const all = statements(s);
    const actions = all.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions).toEqual(expect.arrayContaining(["rds-db:connect", "s3:GetObject"]));
    const resources = all.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
    expect(resources).toEqual(expect.arrayContaining(["arn:aws:rds-db:ap-northeast-2:123456789012:dbuser:db-ABC/app", "arn:aws:s3:::builds/app.jar"]));
    expect(JSON.stringify(all)).toContain("fs-123");
  });

  it("IMDSv2 required with a hop limit of 1, no key pair unless given", () => {
    const template = res(plain, "aws_launch_template", "web-template");
    expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(template).not.toHaveProperty("key_name");
    expect(res(synth({ ...BASE, keyName: "shop-operators" }), "aws_launch_template", "web-template").key_name).toBe("shop-operators");
  });

  it("encrypted gp3 root volume of the given size with the volume key", () => {
    const mappings = res(plain, "aws_launch_template", "web-template").block_device_mappings as { ebs: Block }[];
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.ebs).toMatchObject({ encrypted: "true", kms_key_id: BASE.volumeKmsKeyArn, volume_size: 30, volume_type: "gp3" });
  });

  it("the launch template: image by SSM parameter, type, security groups, user data encoded", () => {
    const template = res(plain, "aws_launch_template", "web-template");
    expect(template).toMatchObject({
      name: "shop-web",
      description: "WEB instances of shop",
      image_id: `resolve:ssm:${BASE.amiParameter}`,
      instance_type: "t3.small",
      vpc_security_group_ids: ["sg-web"],
    });
    expect(template.user_data).toBe('${base64encode("#!/bin/bash\\necho \\"web up\\"\\n")}');
  });

  it("instances, volumes and interfaces carry the given tags plus Name and Role", () => {
    const specs = res(plain, "aws_launch_template", "web-template").tag_specifications as { resource_type: string; tags: Block }[];
    expect(specs.map((s) => s.resource_type)).toEqual(["instance", "volume", "network-interface"]);
    for (const spec of specs) expect(spec.tags).toEqual({ Environment: "shop", Stack: "compute", Name: "shop-web", Role: "web" });
  });

  it("R2.3: the Auto Scaling group spans exactly the given subnets, registers with the target group and follows the template's latest version", () => {
    const group = res(plain, "aws_autoscaling_group", "web-asg");
    expect(group).toMatchObject({
      name: "shop-web",
      vpc_zone_identifier: ["subnet-a", "subnet-b", "subnet-c"],
      target_group_arns: BASE.targetGroupArns,
      min_size: 2,
      max_size: 6,
      desired_capacity: 3,
      health_check_type: "ELB",
      health_check_grace_period: 420,
      launch_template: { id: "${aws_launch_template.web-template.id}", version: "${aws_launch_template.web-template.latest_version}" },
    });
    const tags = group.tag as { key: string; value: string }[];
    expect(tags.map((t) => [t.key, t.value])).toEqual([["Name", "shop-web"], ["Environment", "shop"], ["Stack", "compute"], ["Role", "web"]]);
    expect(res(plain, "aws_autoscaling_policy", "web-asg_cpu").target_tracking_configuration).toMatchObject({ target_value: 55 });
  });

  it("scheduled capacity changes only when given", () => {
    expect(plain.json.resource.aws_autoscaling_schedule).toBeUndefined();
    const s = synth({ ...BASE, scheduledActions: [{ name: "morning", recurrence: "0 8 * * *", timeZone: "Asia/Seoul", minSize: 4 }] });
    expect(res(s, "aws_autoscaling_schedule", "web-asg_morning")).toMatchObject({ min_size: 4, max_size: -1, time_zone: "Asia/Seoul" });
  });

  it("issue 11: the parts live beside the tier (ids <id>-logs, -role, -template, -asg), so the tier resources keep their pinned addresses (as web-was-compute has them)", () => {
    const s = synth({ ...BASE, name: "shop-was", role: "was" }, "was");
    const names = Object.entries(s.json.resource).flatMap(([type, blocks]) => Object.keys(blocks).map((n) => `${type}.${n}`));
    expect(names.sort()).toEqual(
      [
        "aws_autoscaling_group.was-asg",
        "aws_autoscaling_policy.was-asg_cpu",
        "aws_cloudwatch_log_group.was-logs",
        "aws_iam_instance_profile.was-role",
        "aws_iam_role.was-role",
        "aws_iam_role_policy.was-role",
        "aws_iam_role_policy_attachment.was-role_ssm-core",
        "aws_launch_template.was-template",
      ].sort(),
    );
    expect(s.tier.node.children).toHaveLength(0);
    expect(s.stack.node.children.map((c) => c.node.id)).toEqual(["was", "was-logs", "was-role", "was-template", "was-asg", "group_name"]);
    expect(s.json.output.group_name!.value).toBe("${aws_autoscaling_group.was-asg.name}");
  });
});
