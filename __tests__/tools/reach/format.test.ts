/**
 * The table and the JSON document of `npm run reach`.
 */
import { formatExplanation, formatTable, parseParty, toJson } from "../../../src/tools/reach/format";
import { computeMatrix, explain } from "../../../src/tools/reach/matrix";
import { extractModel } from "../../../src/tools/reach/model";
import { standardNetwork } from "./fixture";

const model = extractModel({ "t-network": standardNetwork().naclEntry("web", 50, "in", "deny", "10.0.1.0/24", 80, 80).json() });
const matrix = computeMatrix(model);

describe("formatTable", () => {
  const text = formatTable("t", model, matrix);
  const lines = text.split("\n");

  it("has one row per party, columns in the same order, ports in the cells, '.' when closed", () => {
    const header = lines.find((l) => l.startsWith("from \\ to"))!;
    expect(header.split(/\s{2,}/)).toEqual(["from \\ to", "internet", "bastion", "alb", "web", "db"]);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.split(/\s{2,}/);
    expect(row("web")).toEqual(["web", "443", ".", "443", ".", "3306"]); // web → ALB: 443 to 0.0.0.0/0 meets 443 from 0.0.0.0/0
    expect(row("internet")).toEqual(["internet", "n/a", "22[1]", "443", ".", "."]);
  });

  it("footnotes restricted addresses and partial placements", () => {
    expect(text).toContain("[1] internet → bastion 22: only from 203.0.113.0/24");
    expect(text).toContain("[2] alb → web 80: from some placements only (see --explain alb web 80)");
    expect(lines.find((l) => l.startsWith("alb "))!.split(/\s{2,}/)).toEqual(["alb", ".", ".", ".", "80[2]", "."]);
  });

  it("says where each party lives and which parties are absent", () => {
    expect(text).toContain("  web          web: 10.0.10.0/24, 10.0.11.0/24 — tier convention");
    expect(text).toContain("  absent: datacenter, internal_alb, was, cache, efs");
  });

  it("heads rows and columns with exactly the names --explain accepts", () => {
    const header = lines.find((l) => l.startsWith("from \\ to"))!.split(/\s{2,}/).slice(1);
    expect(header.length).toBeGreaterThan(2);
    for (const h of header) expect(parseParty(h)).toBe(h);
  });
});

describe("parseParty", () => {
  it.each([
    ["internal_alb", "internal_alb"],
    ["int-ALB", "internal_alb"],
    ["internal ALB", "internal_alb"],
    ["ALB", "alb"],
    ["public ALB", "alb"],
    ["WAS", "was"],
    ["database", "db"],
    ["EFS", "efs"],
  ])("%s means %s", (text, id) => {
    expect(parseParty(text)).toBe(id);
  });

  it("names nothing for an unknown party", () => {
    expect(parseParty("nope")).toBeUndefined();
  });
});

describe("toJson", () => {
  const doc = toJson("t", model, matrix);

  it("lists open pairs only, with ports as text and ranges", () => {
    expect(doc.matrix.internet).toEqual({ bastion: [{ ports: "22", ranges: [[22, 22]], peer: ["203.0.113.0/24"], coverage: "all" }], alb: [{ ports: "443", ranges: [[443, 443]], coverage: "all" }] });
    expect(doc.matrix.web?.db).toEqual([{ ports: "3306", ranges: [[3306, 3306]], coverage: "all" }]);
    expect(doc.matrix.db).toBeUndefined();
  });

  it("describes the parties with their subnets and how they were placed", () => {
    expect(doc.parties.find((p) => p.id === "web")).toEqual({
      id: "web",
      label: "web",
      kind: "internal",
      securityGroups: ["t-network/aws_security_group.sg_web"],
      subnets: [
        { id: "t-network/aws_subnet.web-a", cidr: "10.0.10.0/24", tier: "web" },
        { id: "t-network/aws_subnet.web-b", cidr: "10.0.11.0/24", tier: "web" },
      ],
      addresses: [],
      publicIp: false,
      placement: "convention",
      evidence: ["convention: web tier subnets"],
    });
  });

  it("is the same bytes for the same network", () => {
    const again = computeMatrix(extractModel({ "t-network": standardNetwork().naclEntry("web", 50, "in", "deny", "10.0.1.0/24", 80, 80).json() }));
    expect(JSON.stringify(toJson("t", model, again))).toBe(JSON.stringify(doc));
  });
});

describe("formatExplanation", () => {
  it("shows each placement, each layer and the rule that decided", () => {
    const text = formatExplanation(explain(model, "alb", "web", 80));
    expect(text).toContain("aws_subnet.public-b (10.0.1.0/24) → aws_subnet.web-a (10.0.10.0/24)");
    expect(text).toContain("NO   aws_subnet.web-a network ACL inbound: aws_network_acl_rule.web-in-50 (50 deny)");
    expect(text).toMatch(/aws_subnet\.public-a \(10\.0\.0\.0\/24\) → aws_subnet\.web-a \(10\.0\.10\.0\/24\)\n {4}via local route: OPEN/);
  });
});
