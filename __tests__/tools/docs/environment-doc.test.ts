/**
 * The per-environment page: deployment order, egress Elastic IPs read from
 * routes, the reachability table and the preset's requirements.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildDiagram } from "../../../src/tools/docs/diagram";
import { egressMarkdown, matrixMarkdown, renderEnvironmentDoc } from "../../../src/tools/docs/environment-doc";
import { egressFacts } from "../../../src/tools/docs/network-facts";
import { REQUIREMENT_RESOURCES } from "../../../src/tools/docs/requirement-resources";
import { loadRequirements } from "../../../src/tools/docs/requirements";
import { synthesizeEnvironment, SynthesizedStacks } from "../../../src/tools/docs/synth";
import { TerraformIndex } from "../../../src/synthesized/terraform-index";
import { scanProjectTests } from "../../../src/tools/docs/test-titles";
import { buildTrace, Trace } from "../../../src/tools/docs/trace";
import { PRESETS } from "../../../src/environments";
import { computeMatrix } from "../../../src/tools/reach/matrix";
import { extractModel } from "../../../src/tools/reach/model";

const ROOT = resolve(__dirname, "../../..");
const synthesized: Record<string, SynthesizedStacks> = {};
let trace: Trace;

beforeAll(() => {
  for (const p of PRESETS) synthesized[p.name] = synthesizeEnvironment(p.name, PRESETS);
  trace = buildTrace({
    requirements: loadRequirements(ROOT).requirements,
    presets: PRESETS.map((p) => p.name),
    realizations: REQUIREMENT_RESOURCES,
    stacks: Object.fromEntries(Object.entries(synthesized).map(([k, v]) => [k, v.stacks])),
    titles: scanProjectTests(ROOT),
    fileExists: (p) => existsSync(join(ROOT, p)),
  });
});

const page = (name: string) => {
  const s = synthesized[name];
  const model = extractModel(s.stacks);
  return renderEnvironmentDoc({
    name,
    description: "a description",
    synthesized: s,
    diagram: buildDiagram(name, s.stacks),
    model,
    matrix: computeMatrix(model),
    egress: egressFacts(new TerraformIndex(s.stacks)),
    trace,
  });
};

describe("deploymentOrder", () => {
  it.each(PRESETS.map((p) => p.name))("%s: the synthesized order starts with state, keeps network, data, compute, edge in order and every stack after its dependencies", (name) => {
    const { order, dependencies } = synthesized[name];
    expect(order[0]).toBe(`${name}-state`);
    expect(order.filter((s) => ["network", "data", "compute", "edge"].some((k) => s === `${name}-${k}`))).toEqual(["network", "data", "compute", "edge"].map((k) => `${name}-${k}`));
    expect([...order].sort()).toEqual(Object.keys(synthesized[name].stacks).sort());
    order.forEach((s, i) => {
      for (const d of dependencies[s] ?? []) expect([s, order.indexOf(d) < i]).toEqual([s, true]);
    });
  });
});

describe("egressFacts", () => {
  it("buddyverse: one NAT instance Elastic IP per AZ for that AZ's web and db subnets, published as nat_public_ips", () => {
    const e = egressFacts(new TerraformIndex(synthesized.buddyverse.stacks));
    expect(e.paths.map((p) => [p.az, p.natKind, p.nat.address, p.eip?.address, p.subnets])).toEqual([
      ["ap-northeast-2a", "NAT instance", "aws_network_interface.nat_eni-a", "aws_eip.nat_a", ["db 172.31.12.0/24", "web 172.31.11.0/24"]],
      ["ap-northeast-2c", "NAT instance", "aws_network_interface.nat_eni-c", "aws_eip.nat_c", ["db 172.31.22.0/24", "web 172.31.21.0/24"]],
    ]);
    expect(e.outputs).toEqual([{ stack: "buddyverse-network", names: ["nat_public_ips"] }]);
    expect(e.others.map((o) => [o.eip.address, o.attachedTo])).toEqual([
      ["aws_eip.bastion-c_ip", "EC2 instance buddyverse-bastion-c"],
      ["aws_eip.bastion_ip", "EC2 instance buddyverse-bastion"],
    ]);
  });

  it("media-commerce: a NAT gateway per AZ, each with its own Elastic IP for the web, WAS and db subnets of its AZ", () => {
    const e = egressFacts(new TerraformIndex(synthesized["media-commerce"].stacks));
    const primary = e.paths.filter((p) => p.nat.stack === "media-commerce-network");
    expect(primary.map((p) => [p.az, p.natKind, p.eip?.address, p.subnets.map((s) => s.split(" ")[0]).sort()])).toEqual(
      ["a", "b", "c"].map((z) => [`ap-northeast-2${z}`, "NAT gateway", `aws_eip.nat_${z}`, ["db", "was", "web"]]),
    );
  });

  it("the section names the Elastic IP resources and the commands that read their addresses after apply", () => {
    const text = egressMarkdown("buddyverse", egressFacts(new TerraformIndex(synthesized.buddyverse.stacks)));
    expect(text).toContain("| ap-northeast-2a | NAT instance `aws_network_interface.nat_eni-a` | `aws_eip.nat_a` in `buddyverse-network` | db 172.31.12.0/24<br>web 172.31.11.0/24 |");
    expect(text).toContain("(cd cdktf.out/stacks/buddyverse-network && terraform output nat_public_ips)");
    expect(text).toContain("ENVIRONMENT=buddyverse npx cdktf output buddyverse-network");
  });
});

describe("egress pages state what the egress means (R0.4, R2.8)", () => {
  it("R2.8 web-was: one NAT gateway serves both AZs, and the page states the availability cost", () => {
    const e = egressFacts(new TerraformIndex(synthesized["web-was"].stacks));
    expect(e.paths.map((p) => [p.az, p.natKind, p.servedAzs])).toEqual([["ap-northeast-2a", "NAT gateway", ["ap-northeast-2a", "ap-northeast-2c"]]]);
    const text = page("web-was");
    expect(text).toContain("**One egress IP, one NAT device.** The NAT gateway in ap-northeast-2a carries the internet egress of every AZ");
    expect(text).toMatch(/while ap-northeast-2a is down[^.]*instances in ap-northeast-2c lose outbound internet access/);
  });

  it("per-AZ NAT (buddyverse, media-commerce): no single-NAT warning", () => {
    for (const name of ["buddyverse", "media-commerce", "retail-launch"]) expect(page(name)).not.toContain("One egress IP, one NAT device");
  });

  it("R0.4 retail-launch: the datacenter allow-lists the web subnets (VPN keeps private sources), not the NAT IPs", () => {
    const e = egressFacts(new TerraformIndex(synthesized["retail-launch"].stacks));
    expect(e.vpn?.destinations).toEqual(["192.168.0.0/16"]);
    expect(e.vpn?.subnets.length).toBe(2);
    for (const s of e.vpn!.subnets) expect(s).toMatch(/^web 10\.10\./);
    const text = page("retail-launch");
    expect(text).toContain("**Datacenter allow-list: the subnets, not the NAT IPs.** Traffic to `192.168.0.0/16` goes through the");
    expect(text).toContain(`allow-lists these subnets: ${e.vpn!.subnets.map((s) => `\`${s}\``).join(", ")}.`);
    expect(text).not.toMatch(/allow-lists us \(the datacenter/);
    expect(page("buddyverse")).not.toContain("Datacenter allow-list");
  });
});

describe("the reachability table", () => {
  it("buddyverse: rows open, columns accept, partial grants footnoted with their peers", () => {
    const model = extractModel(synthesized.buddyverse.stacks);
    const text = matrixMarkdown(model, computeMatrix(model));
    expect(text).toContain("| **internet** | n/a | 22 [1] | 80,443 | · |");
    expect(text).toContain("1. internet → bastion 22: only from 198.51.100.0/24");
    expect(text).toMatch(/\| \*\*web\*\* \|[^\n]*\| 3306 \|/);
  });
});

describe("renderEnvironmentDoc", () => {
  it.each(PRESETS.map((p) => p.name))("%s: deploy the state stack alone first, then the other stacks in dependency order by name", (name) => {
    const text = page(name);
    const order = synthesized[name].order;
    expect(text).toContain(`ENVIRONMENT=${name} npx cdktf deploy ${name}-state\n`);
    expect(text).toContain(`ENVIRONMENT=${name} npx cdktf deploy ${order.filter((s) => s !== `${name}-state`).join(" ")}\n`);
    expect(text.indexOf(`deploy ${name}-state`)).toBeLessThan(text.indexOf(`deploy ${name}-network`));
  });

  it.each(PRESETS.map((p) => p.name))("%s: holds the diagram, the matrix, the egress IPs and the preset's requirements with the cross-cutting ones", (name) => {
    const text = page(name);
    expect(text).toMatch(/## Diagram\n[\s\S]*```mermaid\nflowchart TB\n[\s\S]*```/);
    expect(text).toContain("## Reachability");
    expect(text).toContain("| from \\ to | internet |");
    expect(text).toContain("## Egress IPs");
    const rows = [...text.matchAll(/^\| \*\*((?:R\d+|X)\.\d+)\*\* \|/gm)].map((m) => m[1]);
    const own = trace.entries.filter((e) => e.requirement.preset === name).map((e) => e.requirement.id);
    expect(own.length).toBeGreaterThan(0);
    expect(rows).toEqual([...own, "X.1", "X.2", "X.3", "X.4", "X.5"]);
  });

  it("lists a requirement's resources of this environment only, by stack kind", () => {
    const text = page("web-was");
    const resourcesCell = text.split("\n").find((l) => l.startsWith("| **X.1** |"))!.split(" | ")[2];
    expect(resourcesCell).toContain("`state`: `aws_s3_bucket.state`");
    expect(resourcesCell).not.toMatch(/buddyverse|retail-launch|media-commerce/);
  });
});
