/**
 * Network rules: VPC, subnets, security groups, network ACLs, Elastic IPs.
 */
import { Rule, rule } from "../rule";
import { Body, blocks, isTrue, list, num, str } from "../../synthesized/terraform-json";
import {
  SG_RULE_TYPES,
  allPorts,
  attachmentsOf,
  coversTcpPort,
  describeEntry,
  fromWorld,
  groupOf,
  isNatGroup,
  sgEntries,
} from "./security-groups";
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";

/** The provider's default description: says nothing about the group. */
const DEFAULT_SG_DESCRIPTION = "Managed by Terraform";

/**
 * True when every resource the group is attached to is an internet-facing load
 * balancer whose port-80 listeners all redirect to HTTPS.
 */
function onlyRedirectingLoadBalancers(group: TfResource, model: TerraformIndex): boolean {
  const attached = attachmentsOf(group, model);
  if (attached.length === 0) return false;
  return attached.every((lb) => {
    if (lb.type !== "aws_lb" && lb.type !== "aws_alb") return false;
    if (isTrue(lb.attrs.internal)) return false;
    const listeners = [...model.referrers(lb, "aws_lb_listener", ["load_balancer_arn"]), ...model.referrers(lb, "aws_alb_listener", ["load_balancer_arn"])];
    const http = listeners.filter((l) => num(l.attrs.port) === 80);
    return http.length > 0 && http.every((l) => redirectsToHttps(l));
  });
}

/** The listener's default action is a redirect to HTTPS. */
export function redirectsToHttps(listener: TfResource): boolean {
  const actions = blocks(listener.attrs.default_action);
  return (
    actions.length > 0 &&
    actions.every((a) => a.type === "redirect" && blocks(a.redirect).some((r) => String(r.protocol ?? "").toUpperCase() === "HTTPS"))
  );
}

/** Network rules. */
export const NETWORK_RULES: readonly Rule[] = [
  rule({
    id: "vpc-flow-logs",
    checkov: ["CKV2_AWS_11"],
    service: "network",
    types: ["aws_vpc"],
    title: "Every VPC has a flow log.",
    reason: "Without flow logs there is no record of who connected to what; incident response and the reachability review have nothing to check.",
    fix: "Keep the FlowLogs construct of the network stack (src/constructs/flow-logs.ts) on the VPC.",
    check(vpc, model) {
      if (model.referrers(vpc, "aws_flow_log", ["vpc_id"]).length === 0) return "no aws_flow_log has vpc_id pointing at this VPC";
      return undefined;
    },
  }),
  rule({
    id: "vpc-default-sg-closed",
    checkov: ["CKV2_AWS_12"],
    service: "network",
    types: ["aws_vpc", "aws_default_security_group"],
    title: "The default security group of every VPC allows nothing.",
    reason: "Anything launched without an explicit group lands in the default group, which AWS creates allowing all traffic between its members and all egress.",
    fix: "Adopt the default group with an aws_default_security_group without ingress/egress blocks (src/constructs/vpc.ts does).",
    check(r, model) {
      if (r.type === "aws_vpc") {
        if (model.referrers(r, "aws_default_security_group", ["vpc_id"]).length === 0) {
          return "no aws_default_security_group adopts the VPC's default group, so AWS's allow-all rules stay";
        }
        return undefined;
      }
      const rules = [...blocks(r.attrs.ingress), ...blocks(r.attrs.egress)];
      if (rules.length > 0) return `the default security group keeps ${rules.length} rule(s); remove them`;
      return undefined;
    },
  }),
  rule({
    id: "subnet-no-auto-public-ip",
    checkov: ["CKV_AWS_130"],
    service: "network",
    types: ["aws_subnet"],
    title: "Subnets do not give instances public IPs automatically.",
    reason: "An automatic public IP makes any instance launched there reachable from the internet, whatever tier it belongs to.",
    fix: "Set map_public_ip_on_launch = false; give NAT and the bastion Elastic IPs (src/constructs/vpc.ts).",
    check(subnet) {
      if (isTrue(subnet.attrs.map_public_ip_on_launch)) return "map_public_ip_on_launch is true";
      return undefined;
    },
  }),
  rule({
    id: "sg-descriptions",
    checkov: ["CKV_AWS_23"],
    service: "network",
    types: [...SG_RULE_TYPES],
    title: "Every security group and every rule has a description.",
    reason: "Reviewers and the reachability matrix read rules by their descriptions; an undescribed rule is an unexplained hole.",
    fix: "Describe the group and each rule (src/lib/security-rules.ts writes rules as data with a description).",
    check(r) {
      const problems: string[] = [];
      if (r.type === "aws_security_group") {
        const d = str(r.attrs.description)?.trim();
        if (!d || d === DEFAULT_SG_DESCRIPTION) problems.push(`the group's description is ${d ? `the provider default "${d}"` : "missing"}`);
      }
      for (const e of sgEntries(r)) if (!e.description?.trim()) problems.push(`${describeEntry(e)} has no description`);
      return problems;
    },
  }),
  rule({
    id: "sg-no-world-admin-ports",
    checkov: ["CKV_AWS_24", "CKV_AWS_25"],
    service: "network",
    types: [...SG_RULE_TYPES],
    title: "No security group admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.",
    reason: "Administration ports open to the internet are scanned and brute-forced within minutes.",
    fix: "List the operators' CIDRs in network.bastionAllowedCidrs, or leave it empty and use Session Manager.",
    check(r) {
      return sgEntries(r)
        .filter((e) => e.direction === "ingress" && fromWorld(e) && (coversTcpPort(e, 22) || coversTcpPort(e, 3389)))
        .map((e) => `${describeEntry(e)} reaches ${coversTcpPort(e, 22) ? "SSH 22" : "RDP 3389"}`);
    },
  }),
  rule({
    id: "sg-no-world-all-ports",
    checkov: ["CKV_AWS_277"],
    service: "network",
    types: [...SG_RULE_TYPES],
    title: "No security group admits every port from 0.0.0.0/0 or ::/0.",
    reason: "An any-port rule from the internet exposes every service the instance runs, including ones nobody meant to publish.",
    fix: "Admit only the listener ports (the load balancer's 80/443) from the internet.",
    check(r) {
      return sgEntries(r)
        .filter((e) => e.direction === "ingress" && fromWorld(e) && allPorts(e))
        .map((e) => `${describeEntry(e)} admits every port`);
    },
  }),
  rule({
    id: "sg-no-world-http",
    checkov: ["CKV_AWS_260"],
    service: "network",
    types: [...SG_RULE_TYPES],
    title: "No security group admits plain HTTP (80) from 0.0.0.0/0 or ::/0.",
    reason: "Port 80 carries cleartext: anything served there can be read and altered in transit.",
    fix: "Serve HTTPS only; where a CDN fronts the ALB admit only the CloudFront origin-facing prefix list (edge.cdn).",
    exceptions:
      "A group attached only to internet-facing load balancers whose port-80 listeners all redirect to HTTPS (HTTP 301): port 80 exists there only to send browsers to 443 (R2.2, R3.9), nothing is served on it.",
    check(r, model) {
      const open = sgEntries(r).filter((e) => e.direction === "ingress" && fromWorld(e) && coversTcpPort(e, 80) && !allPorts(e));
      if (open.length === 0) return undefined;
      const group = groupOf(r, model);
      if (group && onlyRedirectingLoadBalancers(group, model)) return undefined;
      return open.map((e) => `${describeEntry(e)} admits HTTP 80 and the group is not only on load balancers that redirect 80 to HTTPS`);
    },
  }),
  rule({
    id: "sg-egress-port-scoped",
    checkov: ["CKV_AWS_382"],
    service: "network",
    types: [...SG_RULE_TYPES],
    title: "No security group allows all traffic out to 0.0.0.0/0 or ::/0.",
    reason: "All-port egress lets a compromised instance reach anything (command and control, exfiltration on any port); port-scoped egress keeps it to what the tier needs.",
    fix: "Allow egress per port (443/80 to the internet, service ports to other tiers' groups) in src/lib/security-rules.ts.",
    exceptions:
      "A NAT instance's group, recognised by being attached to a network interface with source_dest_check = false: it forwards the private subnets' traffic, whatever port it goes to (R3.2); the private tiers' own groups stay port-scoped.",
    check(r, model) {
      const open = sgEntries(r).filter((e) => e.direction === "egress" && fromWorld(e) && allPorts(e));
      if (open.length === 0) return undefined;
      const group = groupOf(r, model);
      if (group && isNatGroup(group, model)) return undefined;
      return open.map((e) => `${describeEntry(e)} allows every port out`);
    },
  }),
  rule({
    id: "nacl-no-world-admin-ports",
    checkov: ["CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232", "CKV_AWS_352"],
    service: "network",
    types: ["aws_network_acl_rule", "aws_network_acl"],
    title: "No network ACL admits FTP (20/21), SSH (22), RDP (3389) or every port from 0.0.0.0/0 or ::/0.",
    reason: "NACLs are the subnet-wide second line behind security groups; opening admin ports there removes it.",
    fix: "Admit admin ports only from the operators' CIDRs (src/lib/network-acl-rules.ts).",
    exceptions:
      "Return-traffic rules whose range starts at 1024 or above and ends at 65535: a stateless ACL must admit the ephemeral ports replies arrive on (AWS recommends 1024-65535); 3389 falls inside that range, but no security group listens there.",
    check(r) {
      // Inline `ingress` blocks of aws_network_acl name the action `action` and the number `rule_no`.
      const entries: Body[] =
        r.type === "aws_network_acl_rule" ? [r.attrs] : blocks(r.attrs.ingress).map((b) => ({ ...b, egress: false, rule_action: b.action, rule_number: b.rule_no }));
      const problems: string[] = [];
      for (const e of entries) {
        if (isTrue(e.egress) || String(e.rule_action ?? "").toLowerCase() !== "allow") continue;
        const cidrs = [e.cidr_block, e.ipv6_cidr_block].filter((c): c is string => typeof c === "string");
        if (!cidrs.some((c) => c === "0.0.0.0/0" || c === "::/0")) continue;
        const protocol = String(e.protocol ?? "").toLowerCase();
        if (protocol === "-1" || protocol === "all") {
          problems.push(`rule ${String(e.rule_number ?? "?")} admits all traffic from ${cidrs.join(", ")}`);
          continue;
        }
        if (protocol !== "tcp" && protocol !== "6") continue;
        const from = num(e.from_port) ?? 0;
        const to = num(e.to_port) ?? 65535;
        if (from >= 1024 && to === 65535) continue; // ephemeral return range (see exceptions)
        const hit = [20, 21, 22, 3389].filter((p) => from <= p && p <= to);
        const ports = from === to ? `${from}` : `${from}-${to} (includes ${hit.join(", ")})`;
        if (hit.length > 0) problems.push(`rule ${String(e.rule_number ?? "?")} admits tcp ${ports} from ${cidrs.join(", ")}`);
      }
      return problems;
    },
  }),
  rule({
    id: "nacl-attached",
    checkov: ["CKV2_AWS_1"],
    service: "network",
    types: ["aws_network_acl"],
    title: "Every network ACL is attached to subnets.",
    reason: "An unattached ACL protects nothing while reviewers believe it does; the subnets fall back to the default ACL (allow all).",
    fix: "Give the ACL subnet_ids (src/constructs/network-acls.ts) or remove it.",
    check(acl, model) {
      if (list(acl.attrs.subnet_ids).length > 0) return undefined;
      if (model.referrers(acl, "aws_network_acl_association", ["network_acl_id"]).length > 0) return undefined;
      return "no subnet_ids and no aws_network_acl_association";
    },
  }),
  rule({
    id: "eip-attached",
    checkov: ["CKV2_AWS_19"],
    service: "network",
    types: ["aws_eip"],
    title: "Every Elastic IP is attached (instance, interface, NAT gateway or association).",
    reason: "An unattached Elastic IP is billed and, worse, an allow-listed address nobody controls any more once released.",
    fix: "Attach it (instance, network_interface, aws_nat_gateway.allocation_id) or remove it.",
    check(eip, model) {
      if (typeof eip.attrs.instance === "string" || typeof eip.attrs.network_interface === "string") return undefined;
      if (model.referrers(eip, "aws_nat_gateway", ["allocation_id"]).length > 0) return undefined;
      if (model.referrers(eip, "aws_eip_association", ["allocation_id"]).length > 0) return undefined;
      return "not attached to an instance, interface or NAT gateway, and no aws_eip_association names it";
    },
  }),
];
