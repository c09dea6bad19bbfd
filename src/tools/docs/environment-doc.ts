/**
 * `docs/<preset>.md`: one page per environment for operators — what it is,
 * how to deploy it (exact stack names, in order), the diagram, who can reach
 * whom, the egress IPs to give to whoever allow-lists us, and the
 * requirements it realizes with their resources and tests. Everything but
 * the description comes from the synthesized JSON and the trace; the output
 * is deterministic (no timestamps, no absolute paths).
 */
import { costMarkdown } from "../cost/doc";
import { portsText, toCidrs } from "../reach/intervals";
import { grantsOf, Matrix } from "../reach/matrix";
import { NetworkModel, PARTY_IDS, PARTY_LABELS, PartyId } from "../reach/model";
import { Diagram, renderMermaid } from "./diagram";
import { code, generatedBanner, md, table } from "./markdown";
import { EgressFacts } from "./network-facts";
import { requirementCell, resourcesText, testText } from "./requirements-doc";
import { PresetSection } from "./requirements";
import { SynthesizedStacks } from "./synth";
import { stackAddresses, Trace } from "./trace";

/** Everything one environment page is made of. */
export interface EnvironmentDocInputs {
  readonly name: string;
  /** The definition's one-line description. */
  readonly description: string;
  /** Its section of the requirements file, when it is a preset. */
  readonly section?: PresetSection;
  readonly synthesized: SynthesizedStacks;
  readonly diagram: Diagram;
  readonly model: NetworkModel;
  readonly matrix: Matrix;
  readonly egress: EgressFacts;
  readonly trace: Trace;
}

/** Project-relative path of an environment's page. */
export function environmentDocPath(name: string): string {
  return `docs/${name}.md`;
}


const isExternal = (p: PartyId) => p === "internet" || p === "datacenter";

/** The reachability matrix as a Markdown table with footnotes, the parties' placement and the notes. */
export function matrixMarkdown(model: NetworkModel, matrix: Matrix): string {
  const parties = matrix.parties;
  const notes: string[] = [];
  const cell = (from: PartyId, to: PartyId): string => {
    if (isExternal(from) && isExternal(to)) return "n/a";
    const grants = grantsOf(matrix, from, to);
    if (grants.length === 0) return "·";
    return grants
      .map((g) => {
        if (!g.peer && g.coverage === "all") return portsText(g.ports);
        const where = g.peer ? ` ${isExternal(from) ? "only from" : "only to"} ${g.peer.join(", ")}` : "";
        const some = g.coverage === "some" ? " from some placements only" : "";
        notes.push(`${PARTY_LABELS[from]} → ${PARTY_LABELS[to]} ${portsText(g.ports)}:${where}${some}`);
        return `${portsText(g.ports)} [${notes.length}]`;
      })
      .join(", ");
  };
  const rows = parties.map((from) => [`**${PARTY_LABELS[from]}**`, ...parties.map((to) => cell(from, to))]);
  const out: string[] = [
    "Who can open a TCP connection to whom: rows open, columns accept; a cell lists the destination ports, `·` is closed.",
    "Computed by `src/tools/reach` from the synthesized security groups, NACLs and route tables only (`npm run reach -- <env>`,",
    "`--explain <from> <to> <port>` says which rule decides).",
    "",
    table(["from \\ to", ...parties.map((p) => PARTY_LABELS[p])], rows),
    "",
  ];
  if (notes.length > 0) {
    notes.forEach((n, i) => out.push(`${i + 1}. ${md(n)}`));
    out.push("");
  }
  const placement = model.parties.map((p) => {
    const where =
      p.kind === "external"
        ? p.id === "datacenter"
          ? toCidrs(p.addresses).join(", ")
          : "every address outside the VPC and the datacenter"
        : `${p.subnets.map((s) => model.subnets[s]?.cidr ?? s).join(", ") || "(no subnet)"}${p.publicIp ? ", public IP" : ""}`;
    const evidence = p.placement === "synthesized" ? p.evidence.map((e) => code(e.slice(e.indexOf("/") + 1))).join(", ") : p.placement === "convention" ? "tier convention" : "—";
    return [PARTY_LABELS[p.id], md(where), evidence];
  });
  out.push("Parties:", "", table(["party", "where", "placed by"], placement), "");
  const absent = PARTY_IDS.filter((p) => !parties.includes(p));
  if (absent.length > 0) out.push(`Absent: ${absent.map((p) => PARTY_LABELS[p]).join(", ")}.`, "");
  out.push("Notes:", "", ...matrix.notes.map((n) => `- ${md(n)}`));
  return out.join("\n");
}

/** The egress section: NAT Elastic IP resources per AZ and how to read their addresses after apply. */
export function egressMarkdown(envName: string, egress: EgressFacts): string {
  const out: string[] = [
    "Private instances leave the VPC for the internet through NAT with a fixed Elastic IP per NAT device; these",
    "addresses exist only after apply. Give them to anyone on the internet who allow-lists us (payment providers,",
    "partner APIs).",
    "",
  ];
  const shared = egress.paths.filter((p) => p.servedAzs.length > 1);
  for (const p of shared) {
    const others = p.servedAzs.filter((az) => az !== p.az);
    out.push(
      `**One egress IP, one NAT device.** The ${p.natKind} in ${p.az} carries the internet egress of every AZ (${p.servedAzs.join(", ")}), so every`,
      "private instance leaves with the same public IP. The availability cost: while " + p.az + " is down (or the NAT device",
      `fails), instances in ${others.join(", ")} lose outbound internet access too — package and agent updates, external APIs —`,
      "although the load balancer still serves them; traffic from other AZs also pays cross-AZ data transfer. Per-AZ NAT",
      "(`network.nat.mode: \"gateway-per-az\"`) removes that, at the price of one egress IP per AZ.",
      "",
    );
  }
  if (egress.vpn) {
    out.push(
      `**Datacenter allow-list: the subnets, not the NAT IPs.** Traffic to ${egress.vpn.destinations.map(code).join(", ")} goes through the`,
      "site-to-site VPN and keeps the instances' private source addresses; it never passes a NAT device. The datacenter",
      `allow-lists these subnets: ${egress.vpn.subnets.map(code).join(", ")}.`,
      "",
    );
  }
  if (egress.paths.length === 0) out.push("No private subnet routes to a NAT device.", "");
  else {
    out.push(
      table(
        ["AZ", "NAT", "Elastic IP resource", "private subnets behind it"],
        egress.paths.map((p) => [p.az, `${p.natKind} ${code(p.nat.address)}`, p.eip ? `${code(p.eip.address)} in ${code(p.eip.stack)}` : "none (private NAT)", p.subnets.map(md).join("<br>")]),
      ),
      "",
    );
  }
  if (egress.outputs.length > 0) {
    out.push("Read the addresses after apply:", "", "```sh");
    for (const o of egress.outputs) {
      for (const name of o.names) {
        out.push(`(cd cdktf.out/stacks/${o.stack} && terraform output ${name})`);
      }
      out.push(`ENVIRONMENT=${envName} npx cdktf output ${o.stack}`);
    }
    out.push("```", "");
  }
  if (egress.others.length > 0) {
    out.push(
      "Other Elastic IPs (not egress of the private subnets):",
      "",
      table(
        ["Elastic IP resource", "attached to"],
        egress.others.map((o) => [`${code(o.eip.address)} in ${code(o.eip.stack)}`, md(o.attachedTo)]),
      ),
      "",
    );
  }
  return out.join("\n");
}

/** Render `docs/<name>.md`. */
export function renderEnvironmentDoc(i: EnvironmentDocInputs): string {
  const env = i.name;
  const order = i.synthesized.order;
  const state = order.find((s) => s === `${env}-state`);
  const rest = order.filter((s) => s !== state);
  const out: string[] = [
    generatedBanner(`the synthesized stacks of ${code(env)}, src/tools/reach, src/requirements/requirements.md and src/tools/docs/requirement-resources.ts`),
    "",
    `# ${env}`,
    "",
  ];
  if (i.description) out.push(`${md(i.description)}.`.replace(/\.\.$/, "."), "");
  if (i.section?.summary) out.push(`${i.section.summary}${i.section.source ? ` (${i.section.source}, summarised in \`src/requirements/sources.md\`)` : ""}`, "");
  out.push(
    `Generated by \`npm run docs\` from what \`${env}\` synthesizes; never edit by hand (a test fails when it is stale).`,
    "",
    "## Stacks and deployment",
    "",
    table(
      ["#", "stack", "depends on", "addresses"],
      order.map((s, n) => [String(n + 1), code(s), (i.synthesized.dependencies[s] ?? []).map(code).join(", ") || "—", String(stackAddresses(i.synthesized.stacks[s]).length)]),
    ),
    "",
    "```sh",
    "npm ci",
    `npm run synth                 # or: ENVIRONMENT=${env} npx cdktf synth`,
  );
  if (state) {
    out.push("# 1. the state bucket, alone and first: every other stack keeps its state in it", `ENVIRONMENT=${env} npx cdktf deploy ${state}`);
  }
  if (rest.length > 0) {
    out.push(
      `# ${state ? "2" : "1"}. review, then the other stacks in dependency order`,
      ...rest.map((s) => `ENVIRONMENT=${env} npx cdktf diff ${s}`),
      `ENVIRONMENT=${env} npx cdktf deploy ${rest.join(" ")}`,
    );
  }
  out.push(
    "```",
    "",
    `Offline, without an AWS account: \`npm run diagram -- ${env}\` (the diagram below), \`npm run reach -- ${env}\` (the matrix below).`,
    "",
    "## Diagram",
    "",
    "Solid arrows carry traffic or data, dotted lines place a resource in its subnets, dotted arrows are security-group",
    "references (ports). Drawn from the synthesized Terraform JSON by `src/tools/docs/diagram.ts`.",
    "",
    "```mermaid",
    renderMermaid(i.diagram).trimEnd(),
    "```",
    "",
    "## Reachability",
    "",
    matrixMarkdown(i.model, i.matrix),
    "",
    "## Egress IPs",
    "",
    egressMarkdown(env, i.egress),
    "## Monthly cost",
    "",
    costMarkdown(env, i.synthesized.stacks),
    "## Requirements",
    "",
  );
  const entries = i.trace.entries.filter((e) => e.presets.includes(env));
  if (entries.length === 0) {
    out.push(
      "This is not a preset: no requirement of `src/requirements/requirements.md` names it. It is validated, guarded and",
      `planned like a preset all the same (\`npm test\`). Prove what matters to you in a test of your own: see README,`,
      '"Testing your own environment".',
      "",
    );
  } else {
    out.push(
      "Every requirement of this preset and the cross-cutting ones, with the resources of this environment that realize them",
      "and the tests that prove them (`docs/requirements.md` has all presets).",
      "",
      table(
        ["ID", "requirement", "resources", "tests"],
        entries.map((e) => [
          `**${e.requirement.id}**`,
          requirementCell(e.requirement.text),
          [
            ...e.resources.filter((s) => s.preset === env).map((s) => resourcesText({ ...s, stack: s.stack.slice(env.length + 1) })),
            ...e.code.map((c) => `code ${c.paths.map(code).join(", ")}`),
          ].join("<br>") || "none mapped",
          e.tests.map(testText).join("<br>") || "**none**",
        ]),
      ),
      "",
    );
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
