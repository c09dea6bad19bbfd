/**
 * EC2 and Auto Scaling rules: launch templates, instances, volumes, groups.
 *
 * An `aws_instance` launched from a template inherits what it does not set;
 * the rules read the template (resolved through `launch_template.id`) for it.
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { Body, block, blocks, isFalse, isTrue, list, num, show, str } from "../../synthesized/terraform-json";
import { isNatGroup } from "./security-groups";

/** The launch template an instance or group is launched from. */
function templateOf(r: TfResource, model: TerraformIndex): TfResource | undefined {
  return model.refOf(r, "launch_template", "aws_launch_template");
}

/** The metadata options in force: the instance's own, else its template's. */
function metadataOptions(r: TfResource, model: TerraformIndex): { options: Body | undefined; from: TfResource } {
  const own = block(r.attrs.metadata_options);
  if (own || r.type !== "aws_instance") return { options: own, from: r };
  const template = templateOf(r, model);
  return { options: template ? block(template.attrs.metadata_options) : undefined, from: template ?? r };
}

function where(from: TfResource, r: TfResource): string {
  return from === r ? "" : ` (from ${from.address})`;
}

/** Secrets that must never appear in user data (keys, passwords), by pattern. */
const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "an AWS secret access key", pattern: /aws_secret_access_key\s*[=:]/i },
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  // `PASSWORD=...`, `DB_PASSWORD: ...`, `--password=...` with a literal value (not `$VAR`, `$(...)` or a quote-only value).
  { name: "a literal password", pattern: /(?:\b|_)(password|passwd|pwd)\s*[=:]\s*['"]?(?![$'"\s{])[^\s'"]{4,}/i },
];

/** User data as text: decoded when it is a literal base64 string, as is otherwise. */
function userDataText(v: unknown): string {
  const text = str(v) ?? "";
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length % 4 === 0 && text.length > 0) {
    return Buffer.from(text, "base64").toString("utf8");
  }
  return text;
}

/** EC2 and Auto Scaling rules. */
export const EC2_ASG_RULES: readonly Rule[] = [
  rule({
    id: "ec2-imdsv2",
    checkov: ["CKV_AWS_79"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance"],
    title: 'Instances require IMDSv2 (metadata_options.http_tokens = "required").',
    reason: "IMDSv1 answers any request, so an SSRF in the application hands out the instance role's credentials.",
    fix: 'Set metadata_options { http_tokens = "required" } on the launch template (AppLaunchTemplate does).',
    check(r, model) {
      const { options, from } = metadataOptions(r, model);
      if (options?.http_endpoint === "disabled") return undefined;
      if (options?.http_tokens !== "required") return `http_tokens is ${show(options?.http_tokens)}${where(from, r)}`;
      return undefined;
    },
  }),
  rule({
    id: "ec2-imds-hop-limit",
    checkov: ["CKV_AWS_341"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance"],
    title: "The metadata response hop limit is 1.",
    reason: "With more hops, containers and forwarded traffic on the instance can reach the metadata service and its credentials.",
    fix: "Set metadata_options { http_put_response_hop_limit = 1 } (a missing block fails the check).",
    check(r, model) {
      const { options, from } = metadataOptions(r, model);
      if (options?.http_endpoint === "disabled") return undefined;
      if (num(options?.http_put_response_hop_limit) !== 1) return `http_put_response_hop_limit is ${show(options?.http_put_response_hop_limit)}${where(from, r)}`;
      return undefined;
    },
  }),
  rule({
    id: "ec2-no-public-ip",
    checkov: ["CKV_AWS_88"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance"],
    title: "Instances get no automatic public IP.",
    reason: "Only load balancers are public (R0.3, R2.6); the bastion's fixed address is an Elastic IP, not an automatic one.",
    fix: "Leave associate_public_ip_address unset/false; give a host that must be reachable an Elastic IP.",
    exceptions:
      "A NAT instance's template, recognised by an interface security group that is also on a forwarding interface (source_dest_check = false): it needs a public address to call the EC2 API and take over its fixed interface before it can route anything (R3.2).",
    check(r, model) {
      if (r.type === "aws_instance") {
        if (isTrue(r.attrs.associate_public_ip_address)) return "associate_public_ip_address is true";
        return undefined;
      }
      const problems: string[] = [];
      for (const nic of blocks(r.attrs.network_interfaces)) {
        if (!isTrue(nic.associate_public_ip_address)) continue;
        const groups = model.mentions(r.stack, nic.security_groups).filter((g) => g.type === "aws_security_group");
        if (groups.some((g) => isNatGroup(g, model))) continue;
        problems.push(`network interface ${show(nic.device_index ?? 0)} has associate_public_ip_address true`);
      }
      return problems;
    },
  }),
  rule({
    id: "ec2-ebs-encrypted",
    checkov: ["CKV_AWS_8", "CKV_AWS_3"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance", "aws_ebs_volume"],
    title: "Every EBS volume is encrypted.",
    reason: "Volumes and their snapshots hold application data and logs (R3.11); encryption cannot be added in place.",
    fix: "Set encrypted = true on every block device mapping, with the VolumeEncryptionKey as kms_key_id.",
    check(r, model) {
      if (r.type === "aws_ebs_volume") return isTrue(r.attrs.encrypted) ? undefined : `encrypted is ${show(r.attrs.encrypted)}`;
      if (r.type === "aws_launch_template") {
        return blocks(r.attrs.block_device_mappings)
          .filter((m) => block(m.ebs) && !isTrue(block(m.ebs)?.encrypted))
          .map((m) => `volume ${show(m.device_name)} is not encrypted`);
      }
      const own = [...blocks(r.attrs.root_block_device), ...blocks(r.attrs.ebs_block_device)];
      if (own.length > 0) return own.filter((d) => !isTrue(d.encrypted)).map((d) => `volume ${show(d.device_name ?? "root")} is not encrypted`);
      const template = templateOf(r, model);
      const mapped = template ? blocks(template.attrs.block_device_mappings).filter((m) => block(m.ebs)) : [];
      if (mapped.length === 0) return "no encrypted volume is declared (the AMI's root volume settings apply)";
      return mapped.filter((m) => !isTrue(block(m.ebs)?.encrypted)).map((m) => `volume ${show(m.device_name)} of ${template?.address} is not encrypted`);
    },
  }),
  rule({
    id: "ec2-user-data-no-secrets",
    checkov: ["CKV_AWS_46"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance"],
    title: "User data holds no secrets (access keys, private keys, passwords).",
    reason: "User data is readable by anyone with ec2:DescribeInstanceAttribute and from the instance's metadata, and it lands in Terraform state (X.4).",
    fix: "Fetch secrets at boot from Secrets Manager with the instance role; never render them into the script.",
    check(r) {
      const text = `${userDataText(r.attrs.user_data)}\n${userDataText(r.attrs.user_data_base64)}`;
      return SECRET_PATTERNS.filter((s) => s.pattern.test(text)).map((s) => `user data contains ${s.name}`);
    },
  }),
  rule({
    id: "ec2-detailed-monitoring",
    checkov: ["CKV_AWS_126"],
    service: "ec2-asg",
    types: ["aws_launch_template", "aws_instance"],
    title: "Instances have detailed (1-minute) monitoring.",
    reason: "Scaling and alarms on 5-minute metrics react minutes late to a traffic spike (R1.1, R3.10).",
    fix: "Set monitoring { enabled = true } on the launch template.",
    check(r, model) {
      if (r.type === "aws_launch_template") {
        return isTrue(block(r.attrs.monitoring)?.enabled) ? undefined : "monitoring.enabled is not true";
      }
      if (isTrue(r.attrs.monitoring)) return undefined;
      if (isFalse(r.attrs.monitoring)) return "monitoring is false";
      const template = templateOf(r, model);
      if (template && isTrue(block(template.attrs.monitoring)?.enabled)) return undefined;
      return "monitoring is not enabled on the instance or its launch template";
    },
  }),
  rule({
    id: "asg-launch-template",
    checkov: ["CKV_AWS_315"],
    service: "ec2-asg",
    types: ["aws_autoscaling_group"],
    title: "Auto Scaling groups launch from a launch template.",
    reason: "Launch configurations are deprecated and cannot require IMDSv2 per template version or roll with instance refresh.",
    fix: "Use launch_template { id, version = latest_version } (AppAutoScalingGroup).",
    check(asg) {
      if (block(asg.attrs.launch_template) || block(asg.attrs.mixed_instances_policy)) return undefined;
      return typeof asg.attrs.launch_configuration === "string" ? "uses a launch configuration" : "no launch_template";
    },
  }),
  rule({
    id: "asg-elb-health-check",
    checkov: ["CKV2_AWS_15"],
    service: "ec2-asg",
    types: ["aws_autoscaling_group"],
    title: "Groups behind a load balancer use ELB health checks with a grace period.",
    reason: "With EC2 checks a server whose web process died stays in service; ELB checks replace it (R3.5).",
    fix: 'Set health_check_type = "ELB" and health_check_grace_period > 0.',
    check(asg, model) {
      const attached =
        list(asg.attrs.target_group_arns).length > 0 ||
        list(asg.attrs.load_balancers).length > 0 ||
        model.referrers(asg, "aws_autoscaling_attachment", ["autoscaling_group_name"]).length > 0;
      if (!attached) return undefined;
      const problems: string[] = [];
      if (asg.attrs.health_check_type !== "ELB") problems.push(`health_check_type is ${show(asg.attrs.health_check_type)}`);
      if ((num(asg.attrs.health_check_grace_period) ?? 300) <= 0) problems.push(`health_check_grace_period is ${show(asg.attrs.health_check_grace_period)}`);
      return problems;
    },
  }),
  rule({
    id: "asg-tags-propagate",
    checkov: ["CKV_AWS_153"],
    service: "ec2-asg",
    types: ["aws_autoscaling_group"],
    title: "Auto Scaling groups propagate their tags (at least Name) to the instances they launch.",
    reason: "Provider default_tags do not reach ASG-launched instances: untagged instances lose their environment, owner and cost center.",
    fix: "Add tag blocks with propagate_at_launch = true (environmentTags(env, kind) plus Name).",
    check(asg) {
      const tags = blocks(asg.attrs.tag);
      if (tags.length === 0) return "no tag blocks";
      const problems = tags.filter((t) => !isTrue(t.propagate_at_launch)).map((t) => `tag ${show(t.key)} is not propagated at launch`);
      if (!tags.some((t) => t.key === "Name")) problems.push("no Name tag");
      return problems;
    },
  }),
];
