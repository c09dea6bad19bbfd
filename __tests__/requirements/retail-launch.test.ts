/**
 * retail-launch requirements proven end to end from the synthesized JSON,
 * across stacks: references are followed by hand here (remote-state output →
 * the network stack's output → its subnets), independently of any project
 * resolver.
 */
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { resources, StackJson, synthEnvironment, SynthesizedEnvironment } from "../support/synth";

let synth: SynthesizedEnvironment;
beforeAll(() => {
  synth = synthEnvironment(retailLaunch);
});

/** `${aws_x.name.attr}` → `name` (asserting the type). */
function refName(value: unknown, type: string): string {
  const m = new RegExp(`^\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.[a-z_]+\\}$`).exec(String(value));
  if (!m) throw new Error(`${JSON.stringify(value)} is not a reference to ${type}`);
  return m[1];
}

/** The network stack's subnets behind `${data.terraform_remote_state.network.outputs.<name>}`. */
function remoteSubnets(value: unknown): Record<string, unknown>[] {
  const m = /^\$\{data\.terraform_remote_state\.network\.outputs\.([a-z_]+)\}$/.exec(String(value));
  if (!m) throw new Error(`${JSON.stringify(value)} is not a network output`);
  const network: StackJson = synth.json.network;
  const listed = network.output?.[m[1]]?.value;
  expect(Array.isArray(listed)).toBe(true);
  return (listed as unknown[]).map((v) => resources(network, "aws_subnet")[refName(v, "aws_subnet")]);
}

describe("retail-launch: web behind the load balancer", () => {
  it("R0.2 the web Auto Scaling group is the target of the ALB's HTTPS listener and spans at least two AZs of private web subnets", () => {
    const compute = synth.json.compute;
    const asg = resources(compute, "aws_autoscaling_group")["web-asg"] as Record<string, any>;
    // Behind the load balancer: the group's target group is what the ALB's HTTPS listener forwards to.
    const targetGroups = (asg.target_group_arns as string[]).map((v) => refName(v, "aws_lb_target_group"));
    const forwarded = Object.values(resources(compute, "aws_lb_listener"))
      .filter((l: any) => refName(l.load_balancer_arn, "aws_lb") === "alb" && l.protocol === "HTTPS")
      .flatMap((l: any) => (l.default_action as any[]).filter((a) => a.type === "forward").map((a) => refName(a.target_group_arn, "aws_lb_target_group")));
    expect(forwarded.length).toBeGreaterThan(0);
    expect(targetGroups).toEqual(expect.arrayContaining(forwarded));
    expect(asg.health_check_type).toBe("ELB");

    // Spread over availability zones: its subnets are web-tier subnets in at least two distinct AZs, never public.
    const subnets = remoteSubnets(asg.vpc_zone_identifier);
    const azs = new Set(subnets.map((s: any) => s.availability_zone));
    expect(azs.size).toBeGreaterThanOrEqual(2);
    expect(subnets.map((s: any) => [s.tags.Tier, s.map_public_ip_on_launch])).toEqual(subnets.map(() => ["web", false]));
    // Enough instances that every AZ holds one.
    expect(asg.min_size).toBeGreaterThanOrEqual(azs.size);
  });

  it("R0.2 the ALB itself is in public subnets of the same availability zones", () => {
    const lb = resources(synth.json.compute, "aws_lb")["alb"] as Record<string, any>;
    const asg = resources(synth.json.compute, "aws_autoscaling_group")["web-asg"] as Record<string, any>;
    const lbAzs = new Set(remoteSubnets(lb.subnets).map((s: any) => s.availability_zone));
    const webAzs = new Set(remoteSubnets(asg.vpc_zone_identifier).map((s: any) => s.availability_zone));
    expect(remoteSubnets(lb.subnets).every((s: any) => s.tags.Tier === "public")).toBe(true);
    expect([...lbAzs].sort()).toEqual([...webAzs].sort());
    expect(lb.internal).toBe(false);
  });
});
