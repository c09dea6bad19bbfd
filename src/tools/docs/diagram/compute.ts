/**
 * The compute builder: load balancers (with their listeners and what they
 * forward to), Auto Scaling groups and EC2 instances (the bastion), placed in
 * the subnets the network builder drew.
 */
import { blocks, TfResource } from "../../../synthesized/terraform-index";
import type { Canvas } from "./canvas";

/** A listener (or listener rule) forwarding from a load balancer to a target group. */
interface Forward {
  readonly lb: string;
  readonly tg: string;
  readonly label: string;
}

/** Draw load balancers, Auto Scaling groups and instances, with the load balancers' traffic to them. */
export function drawCompute(c: Canvas): void {
  const forwards = drawLoadBalancers(c);
  drawAutoScalingGroups(c, forwards);
  drawInstances(c, forwards);
  for (const lb of c.ix.ofType("aws_lb", "aws_alb")) {
    if (c.lit(lb, lb.attrs.internal) !== "true") c.publicNodes.add(c.nodeOf.get(lb.id)!);
  }
}

/** Every load balancer with one label line per listener action; returns where they forward. */
function drawLoadBalancers(c: Canvas): Forward[] {
  const listenersOf = new Map<string, TfResource[]>();
  for (const l of c.ix.ofType("aws_lb_listener", "aws_alb_listener")) {
    const lb = c.ix.refs(l.stack, l.attrs.load_balancer_arn)[0];
    if (lb) listenersOf.set(lb, [...(listenersOf.get(lb) ?? []), l]);
  }
  const forwards: Forward[] = [];
  for (const lb of c.ix.ofType("aws_lb", "aws_alb")) {
    const subnets = [...c.subnetRefs(lb, lb.attrs.subnets), ...blocks(lb.attrs.subnet_mapping).flatMap((m) => c.subnetRefs(lb, m.subnet_id))];
    const internal = c.lit(lb, lb.attrs.internal) === "true";
    const type = c.lit(lb, lb.attrs.load_balancer_type) ?? "application";
    const kind = type === "network" ? "NLB" : type === "gateway" ? "GWLB" : "ALB";
    const lines = [`${internal ? "internal" : "internet-facing"} ${kind}`, c.lit(lb, lb.attrs.name) ?? c.name(lb)];
    for (const l of (listenersOf.get(lb.id) ?? []).sort((a, b) => Number(c.lit(a, a.attrs.port) ?? 0) - Number(c.lit(b, b.attrs.port) ?? 0))) {
      lines.push(...listenerLines(c, lb, l, forwards));
    }
    const id = c.addNode(lb, c.resourceKey(lb), lines, "stadium", internal ? "compute" : "public", c.placement(subnets, lb.stack));
    c.placementEdges(id, subnets);
    const logs = blocks(lb.attrs.access_logs)[0];
    if (logs) c.pendingLogs.push({ from: id, stack: lb.stack, value: logs.bucket });
  }
  return forwards;
}

/** The label lines of one listener of `lb` (default actions, then forwarding rules); its forwards are added to `forwards`. */
function listenerLines(c: Canvas, lb: TfResource, l: TfResource, forwards: Forward[]): string[] {
  const lines: string[] = [];
  const front = `${c.lit(l, l.attrs.protocol) ?? ""}:${c.lit(l, l.attrs.port) ?? ""}`;
  for (const action of blocks(l.attrs.default_action)) {
    const type = c.lit(l, action.type);
    if (type === "redirect") {
      const to = blocks(action.redirect)[0] ?? {};
      lines.push(`${front} → redirect ${c.lit(l, to.protocol) ?? ""}:${c.lit(l, to.port) ?? ""}`);
    } else if (type === "forward") {
      const tgs = [...c.ix.refsOfType(l.stack, action.target_group_arn, "aws_lb_target_group"), ...c.ix.refsOfType(l.stack, action.forward, "aws_lb_target_group")];
      for (const tg of tgs) {
        const back = `${c.lit(tg, tg.attrs.protocol) ?? ""}:${c.lit(tg, tg.attrs.port) ?? ""}`;
        forwards.push({ lb: lb.id, tg: tg.id, label: `${front} → ${back}` });
      }
      const policy = c.lit(l, l.attrs.ssl_policy);
      lines.push(`${front}${policy ? ` (${policy})` : ""}`);
    } else if (type) lines.push(`${front} → ${type}`);
  }
  // Listener rules that forward (e.g. only requests with the origin secret header).
  for (const rule of c.ix.ofType("aws_lb_listener_rule", "aws_alb_listener_rule").filter((r) => c.ix.refs(r.stack, r.attrs.listener_arn).includes(l.id))) {
    const header = blocks(blocks(rule.attrs.condition).flatMap((cond) => blocks(cond.http_header)))[0];
    for (const action of blocks(rule.attrs.action).filter((a) => c.lit(rule, a.type) === "forward")) {
      for (const tg of c.ix.refsOfType(rule.stack, action.target_group_arn, "aws_lb_target_group")) {
        const back = `${c.lit(tg, tg.attrs.protocol) ?? ""}:${c.lit(tg, tg.attrs.port) ?? ""}`;
        forwards.push({ lb: lb.id, tg: tg.id, label: `${front} → ${back}` });
        const when = header ? ` with ${c.lit(rule, header.http_header_name) ?? "a header"}` : "";
        lines.push(`${front}${when} → forward`);
      }
    }
  }
  return lines;
}

/** Auto Scaling groups (but those drawn as NAT instances), with the traffic their target groups receive. */
function drawAutoScalingGroups(c: Canvas, forwards: readonly Forward[]): void {
  for (const asg of c.ix.ofType("aws_autoscaling_group")) {
    if (c.consumed.has(asg.id)) continue;
    const subnets = c.subnetRefs(asg, asg.attrs.vpc_zone_identifier);
    const size = `min ${c.lit(asg, asg.attrs.min_size) ?? "?"} / desired ${c.lit(asg, asg.attrs.desired_capacity) ?? "?"} / max ${c.lit(asg, asg.attrs.max_size) ?? "?"}`;
    const id = c.addNode(asg, c.resourceKey(asg), ["Auto Scaling group", c.lit(asg, asg.attrs.name) ?? c.name(asg), size], "subroutine", "compute", c.placement(subnets, asg.stack));
    c.placementEdges(id, subnets);
    for (const tg of c.ix.refsOfType(asg.stack, asg.attrs.target_group_arns, "aws_lb_target_group")) {
      for (const f of forwards.filter((f) => f.tg === tg.id)) c.edge(c.nodeOf.get(f.lb), id, "flow", f.label);
    }
  }
}

/** EC2 instances (public with an Elastic IP), with the traffic their target group attachments receive. */
function drawInstances(c: Canvas, forwards: readonly Forward[]): void {
  for (const inst of c.ix.ofType("aws_instance")) {
    const lt = c.launchTemplate(inst);
    const subnets = [...c.subnetRefs(inst, inst.attrs.subnet_id), ...(lt ? blocks(lt.attrs.network_interfaces).flatMap((n) => c.subnetRefs(lt, n.subnet_id)) : [])];
    const eip = c.ix.ofType("aws_eip").find((e) => c.ix.refs(e.stack, e.attrs.instance).includes(inst.id)) ?? c.ix.ofType("aws_eip_association").find((e) => c.ix.refs(e.stack, e.attrs.instance_id).includes(inst.id));
    const id = c.addNode(inst, c.resourceKey(inst), ["EC2 instance", c.name(inst), eip ? `EIP ${eip.address}` : ""], "box", eip ? "public" : "compute", c.placement(subnets, inst.stack));
    c.placementEdges(id, subnets);
    if (eip) c.publicNodes.add(id);
    for (const tg of c.ix.ofType("aws_lb_target_group_attachment").filter((a) => c.ix.refs(a.stack, a.attrs.target_id).includes(inst.id))) {
      for (const t of c.ix.refsOfType(tg.stack, tg.attrs.target_group_arn, "aws_lb_target_group")) {
        for (const f of forwards.filter((f) => f.tg === t.id)) c.edge(c.nodeOf.get(f.lb), id, "flow", f.label);
      }
    }
  }
}
