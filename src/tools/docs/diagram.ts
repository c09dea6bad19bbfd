/**
 * A Mermaid `flowchart` of one environment, drawn from its SYNTHESIZED
 * Terraform JSON only (never from the definition): what Terraform will build
 * is what the picture shows.
 *
 * Drawn: per region (stacks with a `dr-` segment form the disaster-recovery
 * region), each VPC with its availability zones as subgraphs, the subnets of
 * every tier per AZ with their CIDRs, internet gateway, NAT gateways and NAT
 * instances (with their Elastic IP resources), VPN gateway and the
 * datacenter behind it, load balancers (with listeners) and what they
 * forward to, Auto Scaling groups, EC2 instances (the bastion), data stores
 * (RDS, Aurora, ElastiCache, EFS, S3 buckets, backup vaults) and, in a
 * global group, DNS zones with their alias records, CloudFront and WAF.
 *
 * Edges: solid arrows carry traffic or data (alias, listener → targets, CDN
 * origins, routes, replication, backups); dotted lines without an arrow say
 * where a resource is placed (its subnets); dotted arrows are security-group
 * references (who may open which port; the reachability matrix, which also
 * reads NACLs and routes, is the authority).
 *
 * Remote-state references (`data.terraform_remote_state.network.outputs.web_subnet_ids`)
 * are followed back to the producing stack's resources by output name.
 */
import { cidrSet, covers } from "../reach/intervals";
import { natElasticIp, routesByTable, subnetRouteTables } from "./network-facts";
import { blocks, byCode, isDrStack, tagsOf, TerraformIndex, TerraformJson, TfResource } from "../../synthesized/terraform-index";

/** Mermaid node shapes used. */
export type Shape = "box" | "round" | "stadium" | "subroutine" | "cylinder" | "circle" | "hexagon";

/** Style classes (see {@link CLASS_DEFS}). */
export type NodeClass = "public" | "private" | "compute" | "data" | "edge" | "external" | "network";

/** One box of the diagram. */
export interface DiagramNode {
  /** Mermaid id (`n_network_subnet_vpc_web_a`). */
  readonly id: string;
  /** Label lines. */
  readonly lines: readonly string[];
  readonly shape: Shape;
  readonly cls: NodeClass;
  /** The group it sits in; absent: top level. */
  readonly group?: string;
  /** The resource it stands for (`buddyverse-network/aws_subnet.vpc_web-a`). */
  readonly resource?: string;
}

/** A subgraph: region, VPC, availability zone, or the global edge group. */
export interface DiagramGroup {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
}

/** An edge. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** `flow`: solid arrow; `placement`: dotted, no arrow; `security`: dotted arrow; `link`: solid both ways. */
  readonly kind: "flow" | "placement" | "security" | "link";
}

/** The diagram of one environment. */
export interface Diagram {
  readonly environment: string;
  /** Groups in insertion order (parents before children). */
  readonly groups: readonly DiagramGroup[];
  /** Nodes in insertion order. */
  readonly nodes: readonly DiagramNode[];
  /** Edges, sorted. */
  readonly edges: readonly DiagramEdge[];
}

/** Mermaid class definitions of the node classes. */
export const CLASS_DEFS: Readonly<Record<NodeClass, string>> = {
  public: "fill:#e3f2fd,stroke:#1e88e5,color:#0d47a1",
  private: "fill:#f1f8e9,stroke:#7cb342,color:#33691e",
  network: "fill:#ede7f6,stroke:#5e35b1,color:#311b92",
  compute: "fill:#fff8e1,stroke:#f9a825,color:#5d4037",
  data: "fill:#fff3e0,stroke:#ef6c00,color:#4e342e",
  edge: "fill:#fce4ec,stroke:#d81b60,color:#880e4f",
  external: "fill:#eeeeee,stroke:#616161,color:#212121",
};

const TIER_RANK = ["public", "web", "app", "was", "db", "data"];

const INTERNET = "n_internet";

/** Build the diagram of environment `environment` from its synthesized stacks (keyed by stack name). */
export function buildDiagram(environment: string, stacks: Readonly<Record<string, TerraformJson>>): Diagram {
  return new Builder(environment, new TerraformIndex(stacks)).build();
}

class Builder {
  private readonly groups = new Map<string, DiagramGroup>();
  private readonly nodes = new Map<string, DiagramNode>();
  /** Resource id → node id. */
  private readonly nodeOf = new Map<string, string>();
  private readonly edges = new Map<string, DiagramEdge>();
  private readonly usedIds = new Set<string>();
  /** Subnet resource id → its AZ group, VPC group and public flag. */
  private readonly subnets = new Map<string, { az?: string; azGroup: string; vpcGroup: string; publicRoute: boolean; vpc?: string }>();
  private readonly vpcCidrs: string[] = [];
  private readonly datacenterCidrs = new Map<string, string[]>();
  /** Resources drawn as part of another node (a NAT instance's Auto Scaling group). */
  private readonly consumed = new Set<string>();
  /** Nodes with a public address (internet-facing LBs, instances with an Elastic IP): CIDR rules may admit the internet. */
  private readonly publicNodes = new Set<string>();
  /** Load balancer access-log buckets, drawn once the buckets exist. */
  private readonly pendingLogs: { from: string; stack: string; value: unknown }[] = [];
  /** Mount targets per EFS file system id (their security groups are the file system's). */
  private readonly mountTargets = new Map<string, string[]>();

  constructor(
    private readonly environment: string,
    private readonly ix: TerraformIndex,
  ) {}

  build(): Diagram {
    this.network();
    this.compute();
    this.data();
    this.globalEdge();
    this.securityEdges();
    const used = new Set<string>();
    for (const n of this.nodes.values()) for (let g = n.group; g; g = this.groups.get(g)?.parent) used.add(g);
    return {
      environment: this.environment,
      groups: [...this.groups.values()].filter((g) => used.has(g.id)),
      nodes: [...this.nodes.values()],
      edges: [...this.edges.values()].sort((a, b) => byCode(a.from, b.from) || byCode(a.to, b.to) || byCode(a.kind, b.kind) || byCode(a.label ?? "", b.label ?? "")),
    };
  }

  // ------------------------------------------------------------ ids and groups

  private short(stack: string): string {
    return stack.startsWith(`${this.environment}-`) ? stack.slice(this.environment.length + 1) : stack;
  }

  private freshId(prefix: string, raw: string): string {
    const base = `${prefix}_${raw.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    return id;
  }

  private group(key: string, label: string, parent?: string): string {
    if (this.groups.has(key)) return key;
    this.usedIds.add(key);
    this.groups.set(key, { id: key, label, ...(parent ? { parent } : {}) });
    return key;
  }

  private regionGroup(stack: string): string {
    const region = this.ix.region(stack) ?? "region unknown";
    const dr = isDrStack(stack);
    const key = `g_${dr ? "dr" : "primary"}_${region.replace(/[^A-Za-z0-9]+/g, "_")}`;
    return this.group(key, dr ? `${region}: disaster recovery (dr- stacks)` : `${region}: primary region`);
  }

  private edgeGroup(): string {
    return this.group("g_global", "Global: DNS, CDN and WAF");
  }

  private addNode(r: TfResource | undefined, key: string, lines: string[], shape: Shape, cls: NodeClass, group?: string): string {
    const id = this.freshId("n", key);
    this.nodes.set(id, { id, lines: lines.filter((l) => l !== ""), shape, cls, ...(group ? { group } : {}), ...(r ? { resource: r.id } : {}) });
    if (r) this.nodeOf.set(r.id, id);
    return id;
  }

  private resourceKey(r: TfResource): string {
    return `${this.short(r.stack)}_${r.type.replace(/^aws_/, "")}_${r.name}`;
  }

  private edge(from: string | undefined, to: string | undefined, kind: DiagramEdge["kind"], label?: string): void {
    if (!from || !to || from === to) return;
    const key = `${from}|${to}|${kind}`;
    const prev = this.edges.get(key);
    if (prev) {
      if (label && prev.label !== label && !(prev.label ?? "").split(", ").includes(label)) {
        this.edges.set(key, { ...prev, label: prev.label ? `${prev.label}, ${label}` : label });
      }
      return;
    }
    this.edges.set(key, { from, to, kind, ...(label ? { label } : {}) });
  }

  private internet(): string {
    if (!this.nodes.has(INTERNET)) {
      this.usedIds.add(INTERNET);
      this.nodes.set(INTERNET, { id: INTERNET, lines: ["Internet"], shape: "circle", cls: "external" });
    }
    return INTERNET;
  }

  private lit(r: TfResource, value: unknown): string | undefined {
    return this.ix.literal(r.stack, value);
  }

  private name(r: TfResource): string {
    return tagsOf(r.attrs).Name ?? this.lit(r, r.attrs.name) ?? r.name;
  }

  /** Where a resource placed in `subnets` goes: the AZ group when they share one AZ, else their VPC group. */
  private placement(subnets: readonly string[], fallbackStack: string): string {
    const known = subnets.map((s) => this.subnets.get(s)).filter((s) => s !== undefined);
    if (known.length === 0) return this.regionGroup(fallbackStack);
    const azs = new Set(known.map((s) => s.azGroup));
    if (azs.size === 1) return known[0].azGroup;
    return known[0].vpcGroup;
  }

  private subnetRefs(r: TfResource, value: unknown): string[] {
    return this.ix.refsOfType(r.stack, value, "aws_subnet").map((s) => s.id);
  }

  private placementEdges(node: string, subnets: readonly string[]): void {
    for (const s of subnets) this.edge(node, this.nodeOf.get(s), "placement");
  }

  // ------------------------------------------------------------ network

  private network(): void {
    // Route tables first: which subnets route 0.0.0.0/0 to an internet gateway (public).
    const tableOf = subnetRouteTables(this.ix);
    const routes = routesByTable(this.ix);
    const vpcGroups = new Map<string, string>();

    for (const vpc of this.ix.ofType("aws_vpc")) {
      const cidrs = [this.lit(vpc, vpc.attrs.cidr_block), ...this.ix.ofType("aws_vpc_ipv4_cidr_block_association").filter((a) => this.ix.refs(a.stack, a.attrs.vpc_id).includes(vpc.id)).map((a) => this.lit(a, a.attrs.cidr_block))].filter(
        (c): c is string => !!c,
      );
      this.vpcCidrs.push(...cidrs);
      vpcGroups.set(vpc.id, this.group(this.freshId("g", this.resourceKey(vpc)), `VPC ${this.name(vpc)} ${cidrs.join(", ")}`.trim(), this.regionGroup(vpc.stack)));
    }
    const vpcGroupOf = (vpcId: string | undefined, stack: string) => (vpcId ? vpcGroups.get(vpcId) : undefined) ?? this.regionGroup(stack);

    const subnets = this.ix.ofType("aws_subnet").map((s) => {
      const tier = tagsOf(s.attrs).Tier;
      const rank = tier && TIER_RANK.includes(tier) ? TIER_RANK.indexOf(tier) : TIER_RANK.length;
      return { s, tier, rank, az: this.lit(s, s.attrs.availability_zone) ?? "AZ unknown", cidr: this.lit(s, s.attrs.cidr_block) ?? "" };
    });
    subnets.sort((a, b) => byCode(a.az, b.az) || a.rank - b.rank || byCode(a.cidr, b.cidr) || byCode(a.s.id, b.s.id));
    for (const { s, tier, az, cidr } of subnets) {
      const vpcId = this.ix.refsOfType(s.stack, s.attrs.vpc_id, "aws_vpc")[0]?.id;
      const vpcGroup = vpcGroupOf(vpcId, s.stack);
      const azGroup = this.group(`${vpcGroup}_az_${az.replace(/[^A-Za-z0-9]+/g, "_")}`, az, vpcGroup);
      const table = tableOf.get(s.id);
      const publicRoute = (routes.get(table ?? "") ?? []).some((r) => r.target.type === "aws_internet_gateway");
      this.subnets.set(s.id, { az, azGroup, vpcGroup, publicRoute, ...(vpcId ? { vpc: vpcId } : {}) });
      this.addNode(s, this.resourceKey(s), [`${tier ?? this.name(s)} subnet`, cidr], "box", publicRoute ? "public" : "private", azGroup);
    }

    for (const igw of this.ix.ofType("aws_internet_gateway")) {
      const vpc = this.ix.refsOfType(igw.stack, igw.attrs.vpc_id, "aws_vpc")[0]?.id;
      const id = this.addNode(igw, this.resourceKey(igw), ["Internet gateway"], "hexagon", "network", vpcGroupOf(vpc, igw.stack));
      this.edge(this.internet(), id, "link");
    }

    for (const nat of this.ix.ofType("aws_nat_gateway")) {
      const subnets = this.subnetRefs(nat, nat.attrs.subnet_id);
      const eip = natElasticIp(this.ix, nat);
      const publicNat = (this.lit(nat, nat.attrs.connectivity_type) ?? "public") === "public";
      const id = this.addNode(nat, this.resourceKey(nat), [publicNat ? "NAT gateway" : "private NAT gateway", this.name(nat), eip ? `EIP ${eip.address}` : ""], "hexagon", "network", this.placement(subnets, nat.stack));
      if (publicNat) for (const igw of this.igwsOf(subnets)) this.edge(id, this.nodeOf.get(igw), "flow");
    }

    // NAT instances: interfaces that private routes point at.
    const eniTargets = new Set([...routes.values()].flat().filter((r) => r.target.type === "aws_network_interface").map((r) => r.target.id));
    for (const eniId of [...eniTargets].sort(byCode)) {
      const eni = this.ix.get(eniId)!;
      const subnets = this.subnetRefs(eni, eni.attrs.subnet_id);
      const eip = natElasticIp(this.ix, eni);
      const asg = this.natAutoScalingGroup(eni);
      if (asg) this.consumed.add(asg.id);
      const size = asg ? `ASG ${this.lit(asg, asg.attrs.name) ?? asg.name}: ${this.lit(asg, asg.attrs.min_size) ?? "?"}..${this.lit(asg, asg.attrs.max_size) ?? "?"}` : "";
      const id = this.addNode(eni, this.resourceKey(eni), ["NAT instance", this.name(eni), size, eip ? `EIP ${eip.address}` : ""], "hexagon", "network", this.placement(subnets, eni.stack));
      if (asg) this.nodeOf.set(asg.id, id);
      for (const igw of this.igwsOf(subnets)) this.edge(id, this.nodeOf.get(igw), "flow");
    }

    // VPN gateways and the datacenters behind them.
    for (const vgw of this.ix.ofType("aws_vpn_gateway")) {
      const attachment = this.ix.ofType("aws_vpn_gateway_attachment").find((a) => this.ix.refs(a.stack, a.attrs.vpn_gateway_id).includes(vgw.id));
      const vpc = this.ix.refsOfType(vgw.stack, vgw.attrs.vpc_id ?? attachment?.attrs.vpc_id, "aws_vpc")[0]?.id;
      const id = this.addNode(vgw, this.resourceKey(vgw), ["VPN gateway", this.name(vgw)], "hexagon", "network", vpcGroupOf(vpc, vgw.stack));
      for (const vpn of this.ix.ofType("aws_vpn_connection").filter((v) => this.ix.refs(v.stack, v.attrs.vpn_gateway_id).includes(vgw.id))) {
        const cgw = this.ix.refsOfType(vpn.stack, vpn.attrs.customer_gateway_id, "aws_customer_gateway")[0];
        const cidrs = this.ix
          .ofType("aws_vpn_connection_route")
          .filter((r) => this.ix.refs(r.stack, r.attrs.vpn_connection_id).includes(vpn.id))
          .map((r) => this.lit(r, r.attrs.destination_cidr_block))
          .filter((c): c is string => !!c)
          .sort(byCode);
        const dc = this.addNode(cgw ?? vpn, `datacenter_${cgw ? this.resourceKey(cgw) : this.resourceKey(vpn)}`, ["Datacenter", cidrs.join(", "), cgw ? `customer gateway ${this.lit(cgw, cgw.attrs.ip_address) ?? ""}` : ""], "circle", "external");
        this.datacenterCidrs.set(dc, cidrs);
        this.edge(id, dc, "link", `site-to-site VPN ${this.lit(vpn, vpn.attrs.type) ?? ""}`.trim());
      }
    }

    // Routes of every subnet's table, to the targets drawn above.
    for (const subnetId of this.subnets.keys()) {
      const table = tableOf.get(subnetId);
      const byTarget = new Map<string, string[]>();
      for (const r of routes.get(table ?? "") ?? []) {
        const target = this.nodeOf.get(r.target.id);
        if (!target) continue;
        byTarget.set(target, [...(byTarget.get(target) ?? []), r.destination]);
      }
      for (const [target, destinations] of byTarget) {
        const label = destinations.filter((d) => d !== "0.0.0.0/0").sort(byCode).join(", ");
        this.edge(this.nodeOf.get(subnetId), target, "flow", label || undefined);
      }
    }
  }

  private igwsOf(subnets: readonly string[]): string[] {
    const vpcs = new Set(subnets.map((s) => this.subnets.get(s)?.vpc).filter(Boolean));
    return this.ix
      .ofType("aws_internet_gateway")
      .filter((g) => this.ix.refs(g.stack, g.attrs.vpc_id).some((v) => vpcs.has(v)))
      .map((g) => g.id);
  }

  /** The Auto Scaling group whose instances attach this interface (launch template tag `NatInterface` = the interface's Name). */
  private natAutoScalingGroup(eni: TfResource): TfResource | undefined {
    const name = tagsOf(eni.attrs).Name;
    if (!name) return undefined;
    return this.ix.ofType("aws_autoscaling_group").find((asg) => {
      const lt = this.launchTemplate(asg);
      return !!lt && blocks(lt.attrs.tag_specifications).some((s) => (s.tags as Record<string, string> | undefined)?.NatInterface === name);
    });
  }

  private launchTemplate(r: TfResource): TfResource | undefined {
    const spec = blocks(r.attrs.launch_template)[0] ?? blocks(blocks(blocks(r.attrs.mixed_instances_policy)[0]?.launch_template)[0]?.launch_template_specification)[0];
    return spec ? this.ix.refsOfType(r.stack, spec, "aws_launch_template")[0] : undefined;
  }

  // ------------------------------------------------------------ compute

  private compute(): void {
    const listenersOf = new Map<string, TfResource[]>();
    for (const l of this.ix.ofType("aws_lb_listener", "aws_alb_listener")) {
      const lb = this.ix.refs(l.stack, l.attrs.load_balancer_arn)[0];
      if (lb) listenersOf.set(lb, [...(listenersOf.get(lb) ?? []), l]);
    }
    const forwards: { lb: string; tg: string; label: string }[] = [];
    for (const lb of this.ix.ofType("aws_lb", "aws_alb")) {
      const subnets = [...this.subnetRefs(lb, lb.attrs.subnets), ...blocks(lb.attrs.subnet_mapping).flatMap((m) => this.subnetRefs(lb, m.subnet_id))];
      const internal = this.lit(lb, lb.attrs.internal) === "true";
      const type = this.lit(lb, lb.attrs.load_balancer_type) ?? "application";
      const kind = type === "network" ? "NLB" : type === "gateway" ? "GWLB" : "ALB";
      const lines = [`${internal ? "internal" : "internet-facing"} ${kind}`, this.lit(lb, lb.attrs.name) ?? this.name(lb)];
      for (const l of (listenersOf.get(lb.id) ?? []).sort((a, b) => Number(this.lit(a, a.attrs.port) ?? 0) - Number(this.lit(b, b.attrs.port) ?? 0))) {
        const front = `${this.lit(l, l.attrs.protocol) ?? ""}:${this.lit(l, l.attrs.port) ?? ""}`;
        for (const action of blocks(l.attrs.default_action)) {
          const type = this.lit(l, action.type);
          if (type === "redirect") {
            const to = blocks(action.redirect)[0] ?? {};
            lines.push(`${front} → redirect ${this.lit(l, to.protocol) ?? ""}:${this.lit(l, to.port) ?? ""}`);
          } else if (type === "forward") {
            const tgs = [...this.ix.refsOfType(l.stack, action.target_group_arn, "aws_lb_target_group"), ...this.ix.refsOfType(l.stack, action.forward, "aws_lb_target_group")];
            for (const tg of tgs) {
              const back = `${this.lit(tg, tg.attrs.protocol) ?? ""}:${this.lit(tg, tg.attrs.port) ?? ""}`;
              forwards.push({ lb: lb.id, tg: tg.id, label: `${front} → ${back}` });
            }
            const policy = this.lit(l, l.attrs.ssl_policy);
            lines.push(`${front}${policy ? ` (${policy})` : ""}`);
          } else if (type) lines.push(`${front} → ${type}`);
        }
        // Listener rules that forward (e.g. only requests with the origin secret header).
        for (const rule of this.ix.ofType("aws_lb_listener_rule", "aws_alb_listener_rule").filter((r) => this.ix.refs(r.stack, r.attrs.listener_arn).includes(l.id))) {
          const header = blocks(blocks(rule.attrs.condition).flatMap((c) => blocks(c.http_header)))[0];
          for (const action of blocks(rule.attrs.action).filter((a) => this.lit(rule, a.type) === "forward")) {
            for (const tg of this.ix.refsOfType(rule.stack, action.target_group_arn, "aws_lb_target_group")) {
              const back = `${this.lit(tg, tg.attrs.protocol) ?? ""}:${this.lit(tg, tg.attrs.port) ?? ""}`;
              forwards.push({ lb: lb.id, tg: tg.id, label: `${front} → ${back}` });
              const when = header ? ` with ${this.lit(rule, header.http_header_name) ?? "a header"}` : "";
              lines.push(`${front}${when} → forward`);
            }
          }
        }
      }
      const id = this.addNode(lb, this.resourceKey(lb), lines, "stadium", internal ? "compute" : "public", this.placement(subnets, lb.stack));
      this.placementEdges(id, subnets);
      const logs = blocks(lb.attrs.access_logs)[0];
      if (logs) this.pendingLogs.push({ from: id, stack: lb.stack, value: logs.bucket });
    }

    for (const asg of this.ix.ofType("aws_autoscaling_group")) {
      if (this.consumed.has(asg.id)) continue;
      const subnets = this.subnetRefs(asg, asg.attrs.vpc_zone_identifier);
      const size = `min ${this.lit(asg, asg.attrs.min_size) ?? "?"} / desired ${this.lit(asg, asg.attrs.desired_capacity) ?? "?"} / max ${this.lit(asg, asg.attrs.max_size) ?? "?"}`;
      const id = this.addNode(asg, this.resourceKey(asg), ["Auto Scaling group", this.lit(asg, asg.attrs.name) ?? this.name(asg), size], "subroutine", "compute", this.placement(subnets, asg.stack));
      this.placementEdges(id, subnets);
      for (const tg of this.ix.refsOfType(asg.stack, asg.attrs.target_group_arns, "aws_lb_target_group")) {
        for (const f of forwards.filter((f) => f.tg === tg.id)) this.edge(this.nodeOf.get(f.lb), id, "flow", f.label);
      }
    }

    for (const inst of this.ix.ofType("aws_instance")) {
      const lt = this.launchTemplate(inst);
      const subnets = [...this.subnetRefs(inst, inst.attrs.subnet_id), ...(lt ? blocks(lt.attrs.network_interfaces).flatMap((n) => this.subnetRefs(lt, n.subnet_id)) : [])];
      const eip = this.ix.ofType("aws_eip").find((e) => this.ix.refs(e.stack, e.attrs.instance).includes(inst.id)) ?? this.ix.ofType("aws_eip_association").find((e) => this.ix.refs(e.stack, e.attrs.instance_id).includes(inst.id));
      const id = this.addNode(inst, this.resourceKey(inst), ["EC2 instance", this.name(inst), eip ? `EIP ${eip.address}` : ""], "box", eip ? "public" : "compute", this.placement(subnets, inst.stack));
      this.placementEdges(id, subnets);
      if (eip) this.publicNodes.add(id);
      for (const tg of this.ix.ofType("aws_lb_target_group_attachment").filter((a) => this.ix.refs(a.stack, a.attrs.target_id).includes(inst.id))) {
        for (const t of this.ix.refsOfType(tg.stack, tg.attrs.target_group_arn, "aws_lb_target_group")) {
          for (const f of forwards.filter((f) => f.tg === t.id)) this.edge(this.nodeOf.get(f.lb), id, "flow", f.label);
        }
      }
    }
    for (const lb of this.ix.ofType("aws_lb", "aws_alb")) {
      if (this.lit(lb, lb.attrs.internal) !== "true") this.publicNodes.add(this.nodeOf.get(lb.id)!);
    }
  }

  // ------------------------------------------------------------ data

  private subnetGroupSubnets(r: TfResource, value: unknown, type: string): string[] {
    return this.ix.refsOfType(r.stack, value, type).flatMap((g) => this.subnetRefs(g, g.attrs.subnet_ids));
  }

  private inAz(subnets: readonly string[], az: string | undefined): string[] {
    return az ? subnets.filter((s) => this.subnets.get(s)?.az === az) : [...subnets];
  }

  private data(): void {
    const dbInstances = this.ix.ofType("aws_db_instance");
    // A same-region replica names no subnet group: it lives in its source's.
    const groupOf = (db: TfResource, depth = 0): string[] => {
      const own = this.subnetGroupSubnets(db, db.attrs.db_subnet_group_name, "aws_db_subnet_group");
      if (own.length > 0 || depth > 3) return own;
      const source = this.ix.refsOfType(db.stack, db.attrs.replicate_source_db, "aws_db_instance")[0];
      return source ? groupOf(source, depth + 1) : [];
    };
    for (const db of dbInstances) {
      const groupSubnets = groupOf(db);
      const az = this.lit(db, db.attrs.availability_zone);
      const multiAz = this.lit(db, db.attrs.multi_az) === "true";
      const replica = db.attrs.replicate_source_db !== undefined;
      const subnets = this.inAz(groupSubnets, az);
      const lines = [`RDS ${this.lit(db, db.attrs.engine) ?? ""}`.trim(), this.lit(db, db.attrs.identifier) ?? this.name(db), multiAz ? "Multi-AZ" : replica ? "read replica" : "single-AZ"];
      const id = this.addNode(db, this.resourceKey(db), lines, "cylinder", "data", subnets.length > 0 ? this.placement(subnets, db.stack) : this.regionGroup(db.stack));
      if (!az || subnets.length > 1) this.placementEdges(id, subnets);
    }
    for (const db of dbInstances) {
      for (const source of this.ix.refs(db.stack, db.attrs.replicate_source_db)) this.edge(this.nodeOf.get(source), this.nodeOf.get(db.id), "flow", "replication");
    }

    for (const c of this.ix.ofType("aws_rds_cluster")) {
      const subnets = this.subnetGroupSubnets(c, c.attrs.db_subnet_group_name, "aws_db_subnet_group");
      const engine = this.lit(c, c.attrs.engine) ?? "";
      const lines = [engine.startsWith("aurora") ? `Aurora ${engine.replace(/^aurora-?/, "") || "MySQL"} cluster` : `RDS ${engine} cluster`, this.lit(c, c.attrs.cluster_identifier) ?? this.name(c), "writer + reader endpoints"];
      const group = subnets.length > 0 ? this.subnets.get(subnets[0])!.vpcGroup : this.regionGroup(c.stack);
      const id = this.addNode(c, this.resourceKey(c), lines, "cylinder", "data", group);
      for (const source of [...this.ix.refs(c.stack, c.attrs.replication_source_identifier)]) this.edge(this.nodeOf.get(source), id, "flow", "replication");
      for (const inst of this.ix.ofType("aws_rds_cluster_instance").filter((i) => this.ix.refs(i.stack, i.attrs.cluster_identifier).includes(c.id))) {
        const az = this.lit(inst, inst.attrs.availability_zone);
        const placed = this.inAz(subnets, az);
        const node = this.addNode(inst, this.resourceKey(inst), ["Aurora instance", this.lit(inst, inst.attrs.identifier) ?? this.name(inst)], "cylinder", "data", az && placed.length > 0 ? this.placement(placed, inst.stack) : group);
        this.edge(id, node, "placement");
      }
    }
    for (const g of this.ix.ofType("aws_rds_global_cluster")) {
      const id = this.addNode(g, this.resourceKey(g), ["Aurora global database", this.lit(g, g.attrs.global_cluster_identifier) ?? this.name(g)], "cylinder", "data", this.edgeGroup());
      // Members: the source cluster it was created from, and clusters naming it (by reference, or by its identifier,
      // which a secondary cluster in another region's stack writes as a literal).
      const identifier = this.lit(g, g.attrs.global_cluster_identifier);
      const members = [
        ...this.ix.refsOfType(g.stack, g.attrs.source_db_cluster_identifier, "aws_rds_cluster"),
        ...this.ix.ofType("aws_rds_cluster").filter((c) => this.ix.refs(c.stack, c.attrs.global_cluster_identifier).includes(g.id) || (identifier !== undefined && this.lit(c, c.attrs.global_cluster_identifier) === identifier)),
      ];
      for (const c of members) this.edge(id, this.nodeOf.get(c.id), "placement");
    }

    for (const rg of this.ix.ofType("aws_elasticache_replication_group")) {
      const subnets = this.subnetGroupSubnets(rg, rg.attrs.subnet_group_name, "aws_elasticache_subnet_group");
      const nodes = this.lit(rg, rg.attrs.num_cache_clusters);
      const lines = [
        `ElastiCache ${this.lit(rg, rg.attrs.engine) ?? ""}`.trim(),
        this.lit(rg, rg.attrs.replication_group_id) ?? this.name(rg),
        [nodes ? `${nodes} nodes` : "", this.lit(rg, rg.attrs.multi_az_enabled) === "true" ? "Multi-AZ" : ""].filter(Boolean).join(", "),
      ];
      const id = this.addNode(rg, this.resourceKey(rg), lines, "cylinder", "data", this.placement(subnets, rg.stack));
      this.placementEdges(id, subnets);
    }

    for (const fs of this.ix.ofType("aws_efs_file_system")) {
      const targets = this.ix.ofType("aws_efs_mount_target").filter((m) => this.ix.refs(m.stack, m.attrs.file_system_id).includes(fs.id));
      const subnets = targets.flatMap((m) => this.subnetRefs(m, m.attrs.subnet_id));
      const encrypted = this.lit(fs, fs.attrs.encrypted) === "true";
      const id = this.addNode(fs, this.resourceKey(fs), ["EFS file system", this.name(fs), `${encrypted ? "encrypted, " : ""}${targets.length} mount targets`], "cylinder", "data", this.placement(subnets, fs.stack));
      this.placementEdges(id, subnets);
      this.mountTargets.set(fs.id, targets.map((t) => t.id));
    }

    // EFS replication (to a DR file system, read from the DR stack or through remote state).
    for (const rep of this.ix.ofType("aws_efs_replication_configuration")) {
      const sources = this.ix.refsOfType(rep.stack, rep.attrs.source_file_system_id, "aws_efs_file_system");
      const destination = blocks(rep.attrs.destination)[0] ?? {};
      const targets = this.ix.refsOfType(rep.stack, destination.file_system_id, "aws_efs_file_system");
      for (const s of sources) for (const t of targets) this.edge(this.nodeOf.get(s.id), this.nodeOf.get(t.id), "flow", "replication");
    }

    for (const b of this.ix.ofType("aws_s3_bucket")) {
      const name = this.lit(b, b.attrs.bucket) ?? (this.lit(b, b.attrs.bucket_prefix) ? `${this.lit(b, b.attrs.bucket_prefix)}…` : b.name);
      this.addNode(b, this.resourceKey(b), ["S3 bucket", name], "cylinder", "data", this.regionGroup(b.stack));
    }
    for (const rep of this.ix.ofType("aws_s3_bucket_replication_configuration")) {
      const source = this.ix.refsOfType(rep.stack, rep.attrs.bucket, "aws_s3_bucket")[0];
      for (const rule of blocks(rep.attrs.rule)) {
        for (const dest of this.targetNodes(rep, blocks(rule.destination)[0]?.bucket)) this.edge(this.nodeOf.get(source?.id ?? ""), dest, "flow", "replication");
      }
    }
    for (const l of this.pendingLogs) {
      for (const b of this.ix.refsOfType(l.stack, l.value, "aws_s3_bucket")) this.edge(l.from, this.nodeOf.get(b.id), "flow", "access logs");
    }

    for (const v of this.ix.ofType("aws_backup_vault")) {
      this.addNode(v, this.resourceKey(v), ["AWS Backup vault", this.lit(v, v.attrs.name) ?? v.name], "cylinder", "data", this.regionGroup(v.stack));
    }
    const vaultsOf = (plan: TfResource) => blocks(plan.attrs.rule).flatMap((r) => this.ix.refsOfType(plan.stack, r.target_vault_name, "aws_backup_vault"));
    for (const sel of this.ix.ofType("aws_backup_selection")) {
      const plan = this.ix.refsOfType(sel.stack, sel.attrs.plan_id, "aws_backup_plan")[0];
      if (!plan) continue;
      for (const target of this.ix.refs(sel.stack, sel.attrs.resources)) {
        for (const v of vaultsOf(plan)) this.edge(this.nodeOf.get(target), this.nodeOf.get(v.id), "flow", "backup");
      }
    }
    // Copies of the recovery points (to another region's vault: an ARN written as a literal).
    for (const plan of this.ix.ofType("aws_backup_plan")) {
      for (const rule of blocks(plan.attrs.rule)) {
        const vaults = this.ix.refsOfType(plan.stack, rule.target_vault_name, "aws_backup_vault");
        for (const copy of blocks(rule.copy_action)) {
          for (const dest of this.targetNodes(plan, copy.destination_vault_arn)) {
            for (const v of vaults) this.edge(this.nodeOf.get(v.id), dest, "flow", "copy");
          }
        }
      }
    }
  }

  // ------------------------------------------------------------ DNS, CDN, WAF

  /**
   * Nodes a value points at: by reference, or, for values written as literals
   * (known in advance, often in another region's stack), by what they name —
   * an S3 bucket ARN or domain name, a backup vault ARN, or a DNS name whose
   * alias records lead on.
   */
  private targetNodes(r: TfResource, value: unknown, depth = 0): string[] {
    const byRef = this.ix.refs(r.stack, value).map((id) => this.nodeOf.get(id));
    const byLiteral = this.ix.literals(r.stack, value).flatMap((lit) => this.literalTargets(lit, depth));
    return [...new Set([...byRef, ...byLiteral].filter((n): n is string => !!n))];
  }

  private literalTargets(lit: string, depth: number): (string | undefined)[] {
    const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(lit)?.[1] ?? /^([a-z0-9][a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(lit)?.[1];
    if (bucket) return this.ix.ofType("aws_s3_bucket").filter((b) => this.lit(b, b.attrs.bucket) === bucket).map((b) => this.nodeOf.get(b.id));
    const vault = /^arn:aws[a-z-]*:backup:([^:]+):\d*:backup-vault:(.+)$/.exec(lit);
    if (vault) {
      return this.ix
        .ofType("aws_backup_vault")
        .filter((v) => this.lit(v, v.attrs.name) === vault[2] && (this.ix.region(v.stack) ?? vault[1]) === vault[1])
        .map((v) => this.nodeOf.get(v.id));
    }
    if (depth > 2 || !/^[a-z0-9.-]+\.[a-z]{2,}\.?$/i.test(lit)) return [];
    const name = lit.replace(/\.$/, "");
    return this.ix
      .ofType("aws_route53_record")
      .filter((rec) => (this.lit(rec, rec.attrs.name) ?? "").replace(/\.$/, "") === name)
      .flatMap((rec) => {
        const alias = blocks(rec.attrs.alias)[0];
        return alias ? this.targetNodes(rec, alias.name, depth + 1) : [];
      });
  }

  private globalEdge(): void {
    const zones = this.ix.ofType("aws_route53_zone");
    for (const z of zones) this.addNode(z, this.resourceKey(z), ["Route 53 zone", this.lit(z, z.attrs.name) ?? z.name], "box", "edge", this.edgeGroup());

    for (const cdn of this.ix.ofType("aws_cloudfront_distribution")) {
      const aliases = this.ix.literals(cdn.stack, cdn.attrs.aliases).sort(byCode);
      const id = this.addNode(cdn, this.resourceKey(cdn), ["CloudFront", aliases.join(", ")], "stadium", "edge", this.edgeGroup());
      const viewer = blocks(cdn.attrs.default_cache_behavior).map((b) => this.lit(cdn, b.viewer_protocol_policy)).find(Boolean);
      this.edge(this.internet(), id, "flow", viewer ?? undefined);
      for (const origin of blocks(cdn.attrs.origin)) {
        for (const target of this.targetNodes(cdn, origin.domain_name)) this.edge(id, target, "flow", `origin ${this.lit(cdn, origin.origin_id) ?? ""}`.trim());
      }
    }
    for (const acl of this.ix.ofType("aws_wafv2_web_acl")) {
      const id = this.addNode(acl, this.resourceKey(acl), ["WAF web ACL", this.lit(acl, acl.attrs.name) ?? acl.name, this.lit(acl, acl.attrs.scope) ?? ""], "hexagon", "edge", this.edgeGroup());
      for (const a of this.ix.ofType("aws_wafv2_web_acl_association").filter((a) => this.ix.refs(a.stack, a.attrs.web_acl_arn).includes(acl.id))) {
        for (const target of this.targetNodes(a, a.attrs.resource_arn)) this.edge(id, target, "security", "protects");
      }
      for (const cdn of this.ix.ofType("aws_cloudfront_distribution").filter((c) => this.ix.refs(c.stack, c.attrs.web_acl_id).includes(acl.id))) {
        this.edge(id, this.nodeOf.get(cdn.id), "security", "protects");
      }
    }

    // Alias records, aggregated per zone and target.
    const aliases = new Map<string, { zone: string; target: string; types: Set<string>; names: Set<string> }>();
    for (const rec of this.ix.ofType("aws_route53_record")) {
      const alias = blocks(rec.attrs.alias)[0];
      if (!alias) continue;
      const zone = this.ix.refsOfType(rec.stack, rec.attrs.zone_id, "aws_route53_zone")[0];
      const zoneNode = zone ? this.nodeOf.get(zone.id) : undefined;
      const failover = blocks(rec.attrs.failover_routing_policy).map((f) => this.lit(rec, f.type))[0];
      for (const target of this.targetNodes(rec, alias.name)) {
        if (!zoneNode) continue;
        const key = `${zoneNode}|${target}`;
        const entry = aliases.get(key) ?? { zone: zoneNode, target, types: new Set<string>(), names: new Set<string>() };
        entry.types.add(this.lit(rec, rec.attrs.type) ?? "?");
        entry.names.add(`${this.lit(rec, rec.attrs.name) ?? rec.name}${failover ? ` (failover ${failover})` : ""}`);
        aliases.set(key, entry);
      }
    }
    for (const a of [...aliases.values()]) {
      this.edge(a.zone, a.target, "flow", `alias ${[...a.types].sort(byCode).join("+")} ${[...a.names].sort(byCode).join(", ")}`);
    }
  }

  // ------------------------------------------------------------ security groups

  /** Node ids per security group id: whatever attaches the group. */
  private attachments(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const attach = (r: TfResource, value: unknown, node: string | undefined) => {
      if (!node) return;
      for (const sg of this.ix.refsOfType(r.stack, value, "aws_security_group")) {
        if (!out.has(sg.id)) out.set(sg.id, new Set());
        out.get(sg.id)!.add(node);
      }
    };
    const viaTemplate = (r: TfResource, node: string | undefined) => {
      const lt = this.launchTemplate(r);
      if (!lt) return;
      attach(lt, lt.attrs.vpc_security_group_ids, node);
      attach(lt, lt.attrs.security_group_names, node);
      for (const ni of blocks(lt.attrs.network_interfaces)) attach(lt, ni.security_groups, node);
    };
    for (const r of this.ix.ofType("aws_lb", "aws_alb")) attach(r, r.attrs.security_groups, this.nodeOf.get(r.id));
    for (const r of this.ix.ofType("aws_autoscaling_group")) viaTemplate(r, this.nodeOf.get(r.id));
    for (const r of this.ix.ofType("aws_instance")) {
      attach(r, r.attrs.vpc_security_group_ids, this.nodeOf.get(r.id));
      viaTemplate(r, this.nodeOf.get(r.id));
    }
    for (const r of this.ix.ofType("aws_db_instance", "aws_rds_cluster")) attach(r, r.attrs.vpc_security_group_ids, this.nodeOf.get(r.id));
    for (const r of this.ix.ofType("aws_elasticache_replication_group", "aws_elasticache_cluster")) attach(r, r.attrs.security_group_ids, this.nodeOf.get(r.id));
    for (const [fs, targets] of this.mountTargets) {
      for (const t of targets) {
        const mt = this.ix.get(t)!;
        attach(mt, mt.attrs.security_groups, this.nodeOf.get(fs));
      }
    }
    for (const r of this.ix.ofType("aws_network_interface")) attach(r, r.attrs.security_groups, this.nodeOf.get(r.id));
    return out;
  }

  private securityEdges(): void {
    const nodesOf = this.attachments();
    const flows = new Set([...this.edges.values()].filter((e) => e.kind === "flow").map((e) => `${e.from}|${e.to}`));
    const rules: { stack: string; target: unknown; source?: unknown; cidr?: string; protocol: unknown; from: unknown; to: unknown; egress: boolean }[] = [];
    for (const r of this.ix.ofType("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
      const a = r.attrs;
      rules.push({ stack: r.stack, target: a.security_group_id, source: a.referenced_security_group_id, cidr: this.lit(r, a.cidr_ipv4), protocol: a.ip_protocol, from: a.from_port, to: a.to_port, egress: r.type.endsWith("egress_rule") });
    }
    for (const r of this.ix.ofType("aws_security_group_rule")) {
      const a = r.attrs;
      const egress = this.lit(r, a.type) === "egress";
      const base = { stack: r.stack, target: a.security_group_id, protocol: a.protocol, from: a.from_port, to: a.to_port, egress };
      if (a.source_security_group_id !== undefined) rules.push({ ...base, source: a.source_security_group_id });
      for (const cidr of this.ix.literals(r.stack, a.cidr_blocks)) rules.push({ ...base, cidr });
    }
    for (const g of this.ix.ofType("aws_security_group")) {
      for (const direction of ["ingress", "egress"] as const) {
        for (const rule of blocks(g.attrs[direction])) {
          const base = { stack: g.stack, target: `\${${g.address}.id}`, protocol: rule.protocol, from: rule.from_port, to: rule.to_port, egress: direction === "egress" };
          if (rule.security_groups !== undefined) rules.push({ ...base, source: rule.security_groups });
          for (const cidr of this.ix.literals(g.stack, rule.cidr_blocks)) rules.push({ ...base, cidr });
        }
      }
    }

    const sgLabels = new Map<string, Set<string>>();
    const internetLabels = new Map<string, Map<string, Set<string>>>();
    const dcLabels = new Map<string, Set<string>>();
    for (const rule of rules) {
      const ports = portText(this.ix.literal(rule.stack, rule.protocol), this.ix.literal(rule.stack, rule.from), this.ix.literal(rule.stack, rule.to));
      if (!ports) continue;
      const targets = this.ix.refsOfType(rule.stack, rule.target, "aws_security_group").flatMap((sg) => [...(nodesOf.get(sg.id) ?? [])]);
      if (rule.source !== undefined && !rule.egress) {
        const sources = this.ix.refsOfType(rule.stack, rule.source, "aws_security_group").flatMap((sg) => [...(nodesOf.get(sg.id) ?? [])]);
        for (const s of sources) for (const t of targets) if (s !== t && !flows.has(`${s}|${t}`)) add(sgLabels, `${s}|${t}`, ports);
      } else if (rule.cidr && !rule.egress) {
        if (this.insideVpc(rule.cidr)) continue;
        for (const t of targets.filter((t) => this.publicNodes.has(t))) {
          const byCidr = internetLabels.get(t) ?? new Map<string, Set<string>>();
          add(byCidr, rule.cidr, ports);
          internetLabels.set(t, byCidr);
        }
      } else if (rule.cidr && rule.egress) {
        for (const [dc, cidrs] of this.datacenterCidrs) {
          if (!cidrs.some((c) => contains(c, rule.cidr!))) continue;
          for (const s of targets) add(dcLabels, `${s}|${dc}`, `${ports}${rule.cidr.endsWith("/32") ? ` to ${rule.cidr.slice(0, -3)}` : ` to ${rule.cidr}`}`);
        }
      }
    }
    for (const [key, labels] of sgLabels) {
      const [s, t] = key.split("|");
      this.edge(s, t, "security", joinPorts(labels));
    }
    for (const [t, byCidr] of internetLabels) {
      const parts = [...byCidr.entries()]
        .sort((a, b) => byCode(a[0], b[0]))
        .map(([cidr, ports]) => (cidr === "0.0.0.0/0" ? joinPorts(ports) : `${joinPorts(ports)} from ${cidr}`));
      this.edge(this.internet(), t, "security", parts.join("; "));
    }
    for (const [key, labels] of dcLabels) {
      const [s, t] = key.split("|");
      this.edge(s, t, "security", [...labels].sort(byCode).join(", "));
    }
  }

  private insideVpc(cidr: string): boolean {
    return this.vpcCidrs.some((v) => contains(v, cidr));
  }
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

// ------------------------------------------------------------ Mermaid

/** Escape a label for Mermaid's `"..."` strings. */
export function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;");
}

const SHAPES: Readonly<Record<Shape, [string, string]>> = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  subroutine: ["[[", "]]"],
  cylinder: ["[(", ")]"],
  circle: ["((", "))"],
  hexagon: ["{{", "}}"],
};

const ARROWS: Readonly<Record<DiagramEdge["kind"], string>> = {
  flow: "-->",
  placement: "-.-",
  security: "-.->",
  link: "<-->",
};

/** Render a diagram as a Mermaid `flowchart` (deterministic text). */
export function renderMermaid(d: Diagram): string {
  const out: string[] = ["flowchart TB"];
  const node = (n: DiagramNode, indent: string) => {
    const [open, close] = SHAPES[n.shape];
    out.push(`${indent}${n.id}${open}"${mermaidText(n.lines.join("<br/>"))}"${close}`);
  };
  const renderGroup = (g: DiagramGroup | undefined, indent: string) => {
    for (const n of d.nodes.filter((n) => n.group === g?.id)) node(n, indent);
    for (const child of d.groups.filter((c) => c.parent === g?.id)) {
      out.push(`${indent}subgraph ${child.id}["${mermaidText(child.label)}"]`);
      renderGroup(child, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  renderGroup(undefined, "  ");
  for (const e of d.edges) out.push(`  ${e.from} ${ARROWS[e.kind]}${e.label ? `|"${mermaidText(e.label)}"|` : ""} ${e.to}`);
  const classes = Object.keys(CLASS_DEFS) as NodeClass[];
  for (const c of classes) out.push(`  classDef ${c} ${CLASS_DEFS[c]}`);
  for (const c of classes) {
    const ids = d.nodes.filter((n) => n.cls === c).map((n) => n.id);
    if (ids.length > 0) out.push(`  class ${ids.join(",")} ${c}`);
  }
  return `${out.join("\n")}\n`;
}
