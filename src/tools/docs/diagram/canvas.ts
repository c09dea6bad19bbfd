/**
 * The drawing surface the builders share: groups, nodes and edges in
 * insertion order (ids and order are what make the Mermaid text
 * deterministic), which resource each node stands for, and the facts one
 * builder leaves for a later one (subnet placement, public nodes, datacenter
 * CIDRs, EFS mount targets, load balancer access logs).
 */
import { blocks, byCode, isDrStack, tagsOf, TerraformIndex, TfResource } from "../../../synthesized/terraform-index";
import type { Diagram, DiagramEdge, DiagramGroup, DiagramNode, NodeClass, Shape } from "./types";

const INTERNET = "n_internet";

/** Where a subnet was drawn: its AZ group, VPC group and public flag. */
export interface SubnetPlacement {
  readonly az?: string;
  readonly azGroup: string;
  readonly vpcGroup: string;
  readonly publicRoute: boolean;
  readonly vpc?: string;
}

/** The diagram under construction, with the helpers every builder uses. */
export class Canvas {
  private readonly groups = new Map<string, DiagramGroup>();
  private readonly nodes = new Map<string, DiagramNode>();
  /** Resource id → node id. */
  readonly nodeOf = new Map<string, string>();
  /** Edges by `from|to|kind`. */
  readonly edges = new Map<string, DiagramEdge>();
  private readonly usedIds = new Set<string>();
  /** Subnet resource id → where it was drawn. */
  readonly subnets = new Map<string, SubnetPlacement>();
  /** Every VPC CIDR (a rule from inside a VPC is not the internet). */
  readonly vpcCidrs: string[] = [];
  /** Datacenter node → the CIDRs routed to it over the VPN. */
  readonly datacenterCidrs = new Map<string, string[]>();
  /** Resources drawn as part of another node (a NAT instance's Auto Scaling group). */
  readonly consumed = new Set<string>();
  /** Nodes with a public address (internet-facing LBs, instances with an Elastic IP): CIDR rules may admit the internet. */
  readonly publicNodes = new Set<string>();
  /** Load balancer access-log buckets, drawn once the buckets exist. */
  readonly pendingLogs: { from: string; stack: string; value: unknown }[] = [];
  /** Mount targets per EFS file system id (their security groups are the file system's). */
  readonly mountTargets = new Map<string, string[]>();

  /** @param environment the environment's name @param ix its synthesized stacks, indexed */
  constructor(
    readonly environment: string,
    readonly ix: TerraformIndex,
  ) {}

  /** The finished diagram: groups that hold a node, every node, edges sorted. */
  finish(): Diagram {
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

  /** A Mermaid id not used yet: `<prefix>_<raw>`, numbered from `_2` on a clash. */
  freshId(prefix: string, raw: string): string {
    const base = `${prefix}_${raw.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
    let id = base;
    for (let i = 2; this.usedIds.has(id); i++) id = `${base}_${i}`;
    this.usedIds.add(id);
    return id;
  }

  /** The group `key` (created on first use). */
  group(key: string, label: string, parent?: string): string {
    if (this.groups.has(key)) return key;
    this.usedIds.add(key);
    this.groups.set(key, { id: key, label, ...(parent ? { parent } : {}) });
    return key;
  }

  /** The region group of a stack: the primary region, or the disaster-recovery region for `dr-` stacks. */
  regionGroup(stack: string): string {
    const region = this.ix.region(stack) ?? "region unknown";
    const dr = isDrStack(stack);
    const key = `g_${dr ? "dr" : "primary"}_${region.replace(/[^A-Za-z0-9]+/g, "_")}`;
    return this.group(key, dr ? `${region}: disaster recovery (dr- stacks)` : `${region}: primary region`);
  }

  /** The global group: DNS, CDN and WAF. */
  edgeGroup(): string {
    return this.group("g_global", "Global: DNS, CDN and WAF");
  }

  /** Add a node (empty label lines dropped) standing for `r`, when given; returns its id. */
  addNode(r: TfResource | undefined, key: string, lines: string[], shape: Shape, cls: NodeClass, group?: string): string {
    const id = this.freshId("n", key);
    this.nodes.set(id, { id, lines: lines.filter((l) => l !== ""), shape, cls, ...(group ? { group } : {}), ...(r ? { resource: r.id } : {}) });
    if (r) this.nodeOf.set(r.id, id);
    return id;
  }

  /** A resource's id seed: `<stack without env>_<type without aws_>_<name>`. */
  resourceKey(r: TfResource): string {
    return `${this.short(r.stack)}_${r.type.replace(/^aws_/, "")}_${r.name}`;
  }

  /** Add an edge; a second edge of the same kind between the same nodes adds its label to the first. */
  edge(from: string | undefined, to: string | undefined, kind: DiagramEdge["kind"], label?: string): void {
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

  /** The Internet node (created on first use). */
  internet(): string {
    if (!this.nodes.has(INTERNET)) {
      this.usedIds.add(INTERNET);
      this.nodes.set(INTERNET, { id: INTERNET, lines: ["Internet"], shape: "circle", cls: "external" });
    }
    return INTERNET;
  }

  // ------------------------------------------------------------ reading resources

  /** A value of `r` as a literal string, when it is one. */
  lit(r: TfResource, value: unknown): string | undefined {
    return this.ix.literal(r.stack, value);
  }

  /** A resource's display name: its `Name` tag, its `name`, or its Terraform name. */
  name(r: TfResource): string {
    return tagsOf(r.attrs).Name ?? this.lit(r, r.attrs.name) ?? r.name;
  }

  /** Where a resource placed in `subnets` goes: the AZ group when they share one AZ, else their VPC group. */
  placement(subnets: readonly string[], fallbackStack: string): string {
    const known = subnets.map((s) => this.subnets.get(s)).filter((s) => s !== undefined);
    if (known.length === 0) return this.regionGroup(fallbackStack);
    const azs = new Set(known.map((s) => s.azGroup));
    if (azs.size === 1) return known[0].azGroup;
    return known[0].vpcGroup;
  }

  /** The subnets (resource ids) a value of `r` references. */
  subnetRefs(r: TfResource, value: unknown): string[] {
    return this.ix.refsOfType(r.stack, value, "aws_subnet").map((s) => s.id);
  }

  /** Dotted placement lines from `node` to each of its subnets. */
  placementEdges(node: string, subnets: readonly string[]): void {
    for (const s of subnets) this.edge(node, this.nodeOf.get(s), "placement");
  }

  /** The launch template an Auto Scaling group or instance launches from (directly or through a mixed instances policy). */
  launchTemplate(r: TfResource): TfResource | undefined {
    const spec = blocks(r.attrs.launch_template)[0] ?? blocks(blocks(blocks(r.attrs.mixed_instances_policy)[0]?.launch_template)[0]?.launch_template_specification)[0];
    return spec ? this.ix.refsOfType(r.stack, spec, "aws_launch_template")[0] : undefined;
  }
}
