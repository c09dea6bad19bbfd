/**
 * The security builder: dotted arrows for security-group references between
 * drawn nodes (who may open which port), the ports the Internet may open on
 * public nodes, and egress rules towards the datacenter. Runs last: it reads
 * every node and skips pairs a traffic edge already joins. The reachability
 * matrix, which also reads NACLs and routes, is the authority.
 */
import { blocks, byCode, TfResource } from "../../../synthesized/terraform-index";
import { cidrSet, covers } from "../../reach/intervals";
import type { Canvas } from "./canvas";

/** One security group rule, whatever resource or block wrote it. */
interface SgRule {
  readonly stack: string;
  readonly target: unknown;
  readonly source?: unknown;
  readonly cidr?: string;
  readonly protocol: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly egress: boolean;
}

/** Draw the security edges. */
export function drawSecurityEdges(c: Canvas): void {
  const nodesOf = attachments(c);
  const flows = new Set([...c.edges.values()].filter((e) => e.kind === "flow").map((e) => `${e.from}|${e.to}`));
  const sgLabels = new Map<string, Set<string>>();
  const internetLabels = new Map<string, Map<string, Set<string>>>();
  const dcLabels = new Map<string, Set<string>>();
  for (const rule of securityGroupRules(c)) {
    const ports = portText(c.ix.literal(rule.stack, rule.protocol), c.ix.literal(rule.stack, rule.from), c.ix.literal(rule.stack, rule.to));
    if (!ports) continue;
    const targets = c.ix.refsOfType(rule.stack, rule.target, "aws_security_group").flatMap((sg) => [...(nodesOf.get(sg.id) ?? [])]);
    if (rule.source !== undefined && !rule.egress) {
      const sources = c.ix.refsOfType(rule.stack, rule.source, "aws_security_group").flatMap((sg) => [...(nodesOf.get(sg.id) ?? [])]);
      for (const s of sources) for (const t of targets) if (s !== t && !flows.has(`${s}|${t}`)) add(sgLabels, `${s}|${t}`, ports);
    } else if (rule.cidr && !rule.egress) {
      if (c.vpcCidrs.some((v) => contains(v, rule.cidr!))) continue;
      for (const t of targets.filter((t) => c.publicNodes.has(t))) {
        const byCidr = internetLabels.get(t) ?? new Map<string, Set<string>>();
        add(byCidr, rule.cidr, ports);
        internetLabels.set(t, byCidr);
      }
    } else if (rule.cidr && rule.egress) {
      for (const [dc, cidrs] of c.datacenterCidrs) {
        if (!cidrs.some((cidr) => contains(cidr, rule.cidr!))) continue;
        for (const s of targets) add(dcLabels, `${s}|${dc}`, `${ports}${rule.cidr.endsWith("/32") ? ` to ${rule.cidr.slice(0, -3)}` : ` to ${rule.cidr}`}`);
      }
    }
  }
  for (const [key, labels] of sgLabels) {
    const [s, t] = key.split("|");
    c.edge(s, t, "security", joinPorts(labels));
  }
  for (const [t, byCidr] of internetLabels) {
    const parts = [...byCidr.entries()]
      .sort((a, b) => byCode(a[0], b[0]))
      .map(([cidr, ports]) => (cidr === "0.0.0.0/0" ? joinPorts(ports) : `${joinPorts(ports)} from ${cidr}`));
    c.edge(c.internet(), t, "security", parts.join("; "));
  }
  for (const [key, labels] of dcLabels) {
    const [s, t] = key.split("|");
    c.edge(s, t, "security", [...labels].sort(byCode).join(", "));
  }
}

/** Every rule: the VPC rule resources, `aws_security_group_rule`, and the groups' inline blocks. */
function securityGroupRules(c: Canvas): SgRule[] {
  const rules: SgRule[] = [];
  for (const r of c.ix.ofType("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
    const a = r.attrs;
    rules.push({ stack: r.stack, target: a.security_group_id, source: a.referenced_security_group_id, cidr: c.lit(r, a.cidr_ipv4), protocol: a.ip_protocol, from: a.from_port, to: a.to_port, egress: r.type.endsWith("egress_rule") });
  }
  for (const r of c.ix.ofType("aws_security_group_rule")) {
    const a = r.attrs;
    const egress = c.lit(r, a.type) === "egress";
    const base = { stack: r.stack, target: a.security_group_id, protocol: a.protocol, from: a.from_port, to: a.to_port, egress };
    if (a.source_security_group_id !== undefined) rules.push({ ...base, source: a.source_security_group_id });
    for (const cidr of c.ix.literals(r.stack, a.cidr_blocks)) rules.push({ ...base, cidr });
  }
  for (const g of c.ix.ofType("aws_security_group")) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const rule of blocks(g.attrs[direction])) {
        const base = { stack: g.stack, target: `\${${g.address}.id}`, protocol: rule.protocol, from: rule.from_port, to: rule.to_port, egress: direction === "egress" };
        if (rule.security_groups !== undefined) rules.push({ ...base, source: rule.security_groups });
        for (const cidr of c.ix.literals(g.stack, rule.cidr_blocks)) rules.push({ ...base, cidr });
      }
    }
  }
  return rules;
}

/** Node ids per security group id: whatever attaches the group. */
function attachments(c: Canvas): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const attach = (r: TfResource, value: unknown, node: string | undefined) => {
    if (!node) return;
    for (const sg of c.ix.refsOfType(r.stack, value, "aws_security_group")) {
      if (!out.has(sg.id)) out.set(sg.id, new Set());
      out.get(sg.id)!.add(node);
    }
  };
  const viaTemplate = (r: TfResource, node: string | undefined) => {
    const lt = c.launchTemplate(r);
    if (!lt) return;
    attach(lt, lt.attrs.vpc_security_group_ids, node);
    attach(lt, lt.attrs.security_group_names, node);
    for (const ni of blocks(lt.attrs.network_interfaces)) attach(lt, ni.security_groups, node);
  };
  for (const r of c.ix.ofType("aws_lb", "aws_alb")) attach(r, r.attrs.security_groups, c.nodeOf.get(r.id));
  for (const r of c.ix.ofType("aws_autoscaling_group")) viaTemplate(r, c.nodeOf.get(r.id));
  for (const r of c.ix.ofType("aws_instance")) {
    attach(r, r.attrs.vpc_security_group_ids, c.nodeOf.get(r.id));
    viaTemplate(r, c.nodeOf.get(r.id));
  }
  for (const r of c.ix.ofType("aws_db_instance", "aws_rds_cluster")) attach(r, r.attrs.vpc_security_group_ids, c.nodeOf.get(r.id));
  for (const r of c.ix.ofType("aws_elasticache_replication_group", "aws_elasticache_cluster")) attach(r, r.attrs.security_group_ids, c.nodeOf.get(r.id));
  for (const [fs, targets] of c.mountTargets) {
    for (const t of targets) {
      const mt = c.ix.get(t)!;
      attach(mt, mt.attrs.security_groups, c.nodeOf.get(fs));
    }
  }
  for (const r of c.ix.ofType("aws_network_interface")) attach(r, r.attrs.security_groups, c.nodeOf.get(r.id));
  return out;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  if (!map.has(key)) map.set(key, new Set());
  map.get(key)!.add(value);
}

function contains(outer: string, inner: string): boolean {
  try {
    return covers(cidrSet(outer), cidrSet(inner));
  } catch {
    return false;
  }
}

/** `80`, `1024-65535`, `all`, `udp 53`; undefined for ICMP (diagnostics, not a service). */
export function portText(protocol: string | undefined, from: string | undefined, to: string | undefined): string | undefined {
  const p = (protocol ?? "-1").toLowerCase();
  if (p === "-1" || p === "all") return "all";
  if (p === "icmp" || p === "1" || p === "icmpv6" || p === "58") return undefined;
  const range = from === to || to === undefined ? `${from}` : `${from}-${to}`;
  return p === "tcp" || p === "6" ? range : `${p === "17" ? "udp" : p} ${range}`;
}

function joinPorts(ports: Set<string>): string {
  return [...ports].sort((a, b) => (parseInt(a, 10) || 0) - (parseInt(b, 10) || 0) || byCode(a, b)).join(",");
}
