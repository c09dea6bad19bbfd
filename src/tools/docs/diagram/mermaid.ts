/** Rendering a {@link Diagram} as a Mermaid `flowchart` (deterministic text). */
import type { Diagram, DiagramEdge, DiagramGroup, DiagramNode, NodeClass, Shape } from "./types";

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
