/**
 * AppAutoScalingGroup: trap 4 (latest_version), ELB health checks, scaling
 * policies and scheduled actions that leave unset bounds alone.
 */
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { Node } from "constructs";
import { AppAutoScalingGroup } from "../../src/constructs/app-auto-scaling-group";

/** A stack with the project's readable logical ids (construct path joined with `_`), like EnvironmentStack. */
class ReadableStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    return node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id).join("_");
  }
}

const stack = new ReadableStack(Testing.app(), "test");
const template = new LaunchTemplate(stack, "lt", { name: "t", imageId: "resolve:ssm:/x" });
new AppAutoScalingGroup(stack, "asg", {
  name: "e-web",
  subnetIds: ["subnet-1", "subnet-2"],
  launchTemplate: template,
  targetGroupArns: ["arn:tg"],
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 3,
  healthCheckGracePeriodSeconds: 600,
  cpuTargetPercent: 40,
  instanceRefreshMinHealthyPercent: 50,
  scheduledActions: [{ name: "raise", recurrence: "0 9 * * MON", timeZone: "Asia/Seoul", maxSize: 10 }],
  instanceTags: { Environment: "e", Name: "ignored" },
});
const json = JSON.parse(Testing.synth(stack));
const group = json.resource.aws_autoscaling_group.asg_group;

describe("AppAutoScalingGroup", () => {
  it("trap 4: follows the template's latest_version (never $Latest) and target groups directly", () => {
    expect(group.launch_template).toEqual({ id: "${aws_launch_template.lt.id}", version: "${aws_launch_template.lt.latest_version}" });
    expect(group.target_group_arns).toEqual(["arn:tg"]);
    expect(json.resource.aws_autoscaling_attachment).toBeUndefined();
  });

  it("warm-up is capped at 300 s even with a longer grace period", () => {
    expect([group.health_check_grace_period, group.default_instance_warmup, group.instance_refresh.preferences.instance_warmup]).toEqual([600, 300, "300"]);
  });

  it("the group's Name tag wins over a Name among the instance tags", () => {
    expect(group.tag.filter((t: any) => t.key === "Name")).toEqual([{ key: "Name", value: "e-web", propagate_at_launch: true }]);
  });

  it("R1.6 a scheduled action sends only the bounds it sets (-1: the provider's 'unchanged'; its default 0 would empty the group)", () => {
    expect(json.resource.aws_autoscaling_schedule["asg_schedule-raise"]).toMatchObject({ max_size: 10, min_size: -1, desired_capacity: -1, time_zone: "Asia/Seoul" });
  });

  it("R3.10 target tracking on average CPU, scale-in enabled", () => {
    expect(json.resource.aws_autoscaling_policy.asg_cpu.target_tracking_configuration).toMatchObject({ target_value: 40, disable_scale_in: false });
  });
});
