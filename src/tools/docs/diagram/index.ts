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
 *
 * Parts: types.ts (the model), canvas.ts (ids, groups, nodes, edges and the
 * helpers the builders share), one builder per kind of resource — network.ts,
 * compute.ts, data.ts, edge.ts (DNS, CDN, WAF), security.ts (security-group
 * references) — run in that order, and mermaid.ts (the text). Disaster
 * recovery has no builder of its own: `dr-` stacks hold the same kinds of
 * resources, which the builders place in the DR region's group.
 */
import { TerraformIndex, TerraformJson } from "../../../synthesized/terraform-index";
import { Canvas } from "./canvas";
import { drawCompute } from "./compute";
import { drawData } from "./data";
import { drawEdge } from "./edge";
import { drawNetwork } from "./network";
import { drawSecurityEdges } from "./security";
import type { Diagram } from "./types";

export type { Diagram, DiagramEdge, DiagramGroup, DiagramNode, NodeClass, Shape } from "./types";
export { CLASS_DEFS, mermaidText, renderMermaid } from "./mermaid";
export { portText } from "./security";

/** Build the diagram of environment `environment` from its synthesized stacks (keyed by stack name). */
export function buildDiagram(environment: string, stacks: Readonly<Record<string, TerraformJson>>): Diagram {
  const canvas = new Canvas(environment, new TerraformIndex(stacks));
  drawNetwork(canvas);
  drawCompute(canvas);
  drawData(canvas);
  drawEdge(canvas);
  drawSecurityEdges(canvas);
  return canvas.finish();
}
