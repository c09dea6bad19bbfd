/** The diagram's data model: nodes, groups (subgraphs) and edges. */

/** Mermaid node shapes used. */
export type Shape = "box" | "round" | "stadium" | "subroutine" | "cylinder" | "circle" | "hexagon";

/** Style classes (their Mermaid styles: `CLASS_DEFS` in mermaid.ts). */
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
