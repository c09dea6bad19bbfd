/**
 * The seeds' statements about who may talk to whom, asserted from the
 * reachability matrix computed from each preset's SYNTHESIZED stacks (the same
 * path as `npm run reach`), not from the environment definitions.
 */
import { PRESETS } from "../../../src/environments";
import { portsText } from "../../../src/tools/reach/intervals";
import { synthesizeStacks } from "../../../src/tools/reach/load";
import { computeMatrix, grantsOf, Matrix, openPorts, sourcesOf, targetsOf } from "../../../src/tools/reach/matrix";
import { CONVENTIONAL_TIERS, extractModel, InternalPartyId, NetworkModel, PartyId } from "../../../src/tools/reach/model";

interface Analysed {
  readonly model: NetworkModel;
  readonly matrix: Matrix;
}

const analysed: Record<string, Analysed> = {};

beforeAll(() => {
  for (const preset of PRESETS) {
    const model = extractModel(synthesizeStacks(preset.name, PRESETS));
    analysed[preset.name] = { model, matrix: computeMatrix(model) };
  }
});

const matrix = (env: string) => analysed[env].matrix;
/** `80,443`, or "" when closed; `some` placements included. */
const ports = (env: string, from: PartyId, to: PartyId) => portsText(openPorts(matrix(env), from, to));
const PRIVATE: PartyId[] = ["web", "internal_alb", "was", "db", "cache", "efs"];
const presetNames = PRESETS.map((p) => p.name);

describe("R0.3, R2.6: private tiers are not reachable from outside", () => {
  it("R0.3 retail-launch: web is not reachable from the internet (nor from the datacenter)", () => {
    expect(ports("retail-launch", "internet", "web")).toBe("");
    expect(ports("retail-launch", "datacenter", "web")).toBe("");
  });

  it("R2.6 web-was: from the internet only the bastion (22, allowed addresses) and the public load balancer are reachable", () => {
    const m = matrix("web-was");
    expect(m.parties.filter((to) => grantsOf(m, "internet", to).length > 0)).toEqual(["bastion", "alb"]);
    expect(grantsOf(m, "internet", "bastion")).toEqual([{ ports: [[22, 22]], peer: ["192.0.2.0/28", "198.51.100.0/24"], coverage: "all" }]);
  });

  it.each(presetNames)("R0.3/R2.6 %s: nothing outside the VPC reaches web, WAS, the internal ALB or a data store", (env) => {
    for (const from of ["internet", "datacenter"] as PartyId[]) for (const to of PRIVATE) expect(`${from} → ${to}: ${ports(env, from, to)}`).toBe(`${from} → ${to}: `);
  });
});

describe("R0.9, R3.3: only the bastion reaches SSH on the instances", () => {
  it.each<[string, string, PartyId[], PartyId[]]>([
    ["R0.9", "retail-launch", ["bastion"], []],
    ["R1.4", "media-commerce", [], ["bastion"]], // the bastion's stated scope is WAS
    ["R2.1", "web-was", ["bastion"], ["bastion"]],
    ["R3.3", "buddyverse", ["bastion"], []],
  ])("%s %s: SSH 22 on web from %j, on WAS from %j", (_id, env, web, was) => {
    expect(sourcesOf(matrix(env), "web", 22)).toEqual(web);
    expect(sourcesOf(matrix(env), "was", 22)).toEqual(was);
    for (const to of [...(web.length ? ["web"] : []), ...(was.length ? ["was"] : [])] as PartyId[]) {
      expect(grantsOf(matrix(env), "bastion", to).find((g) => g.ports.some(([a, b]) => a <= 22 && 22 <= b))?.coverage).toBe("all");
    }
  });

  it.each(presetNames)("R0.9/R3.3 %s: no party but the bastion opens 22 on anything inside the VPC; the bastion itself only from the allowed addresses", (env) => {
    const m = matrix(env);
    const allowed = PRESETS.find((p) => p.name === env)!.network.bastionAllowedCidrs;
    expect(sourcesOf(m, "bastion", 22)).toEqual(["internet"]);
    expect(grantsOf(m, "internet", "bastion")).toEqual([{ ports: [[22, 22]], peer: [...(allowed ?? [])].sort(), coverage: "all" }]);
    const targets = m.parties.filter((p) => p !== "internet" && p !== "datacenter" && p !== "bastion");
    expect(targets.length).toBeGreaterThan(0);
    for (const from of m.parties.filter((p) => p !== "bastion")) {
      for (const to of targets) {
        expect(`${from} → ${to}: ${openPorts(m, from, to).some(([a, b]) => a <= 22 && 22 <= b)}`).toBe(`${from} → ${to}: false`);
      }
    }
  });

  it("R3.3 buddyverse: web accepts 80 and 443 from the load balancer, from every placement", () => {
    expect(grantsOf(matrix("buddyverse"), "alb", "web")).toEqual([{ ports: [[80, 80], [443, 443]], coverage: "all" }]);
  });
});

describe("R2.7: WEB 80 only from the public ALB, WAS 8080 only from the internal ALB", () => {
  it("R2.7 web-was: WEB 80 only from the public ALB", () => {
    expect(sourcesOf(matrix("web-was"), "web", 80)).toEqual(["alb"]);
    expect(grantsOf(matrix("web-was"), "alb", "web")).toEqual([{ ports: [[80, 80]], coverage: "all" }]);
  });

  it("R2.7 web-was: WAS 8080 only from the internal ALB, which only web reaches", () => {
    expect(sourcesOf(matrix("web-was"), "was", 8080)).toEqual(["internal_alb"]);
    expect(sourcesOf(matrix("web-was"), "internal_alb", 8080)).toEqual(["web"]);
    expect(ports("web-was", "web", "was")).toBe("");
  });

  it.each(presetNames)("R2.7 %s: web is reached only by the public ALB, WAS only by the internal ALB (and the bastion on 22)", (env) => {
    const m = matrix(env);
    expect(m.parties.filter((from) => openPorts(m, from, "web").some(([a, b]) => !(a === 22 && b === 22)))).toEqual(["alb"]);
    if (m.parties.includes("was")) expect(m.parties.filter((from) => openPorts(m, from, "was").some(([a, b]) => !(a === 22 && b === 22)))).toEqual(["internal_alb"]);
  });

  it("R1.4 media-commerce: the public ALB accepts HTTPS from CloudFront's origin-facing addresses only", () => {
    expect(grantsOf(matrix("media-commerce"), "internet", "alb")).toEqual([{ ports: [[443, 443]], peer: ["pl-22a6434b"], coverage: "all" }]);
  });
});

describe("R3.6: NFS only from the application tiers", () => {
  it("R3.6 buddyverse: EFS 2049 only from web, from every placement", () => {
    expect(sourcesOf(matrix("buddyverse"), "efs", 2049)).toEqual(["web"]);
    expect(grantsOf(matrix("buddyverse"), "web", "efs")).toEqual([{ ports: [[2049, 2049]], coverage: "all" }]);
  });

  it("R3.6 web-was: EFS 2049 only from web and WAS", () => {
    expect(sourcesOf(matrix("web-was"), "efs", 2049)).toEqual(["web", "was"]);
  });

  it.each(presetNames)("R3.6 %s: nothing but NFS is open to EFS", (env) => {
    const m = matrix(env);
    for (const from of m.parties) expect([from, ports(env, from, "efs")]).toEqual([from, sourcesOf(m, "efs", 2049).includes(from) ? "2049" : ""]);
  });
});

describe("R3.7, R0.8: the database", () => {
  it("R3.7 buddyverse: 3306 only from web and the bastion", () => {
    expect(sourcesOf(matrix("buddyverse"), "db", 3306)).toEqual(["bastion", "web"]);
    expect(ports("buddyverse", "web", "db")).toBe("3306");
    expect(ports("buddyverse", "bastion", "db")).toBe("3306");
  });

  it("R0.8 retail-launch: web connects to the database", () => {
    expect(grantsOf(matrix("retail-launch"), "web", "db")).toEqual([{ ports: [[3306, 3306]], coverage: "all" }]);
  });

  it("R1.6 media-commerce, R2.4 web-was: only WAS opens the database and the cache", () => {
    for (const env of ["media-commerce", "web-was"]) {
      expect(sourcesOf(matrix(env), "db", 3306)).toEqual(["was"]);
    }
    expect(sourcesOf(matrix("media-commerce"), "cache", 6379)).toEqual(["was"]);
    // web-was has no cache: no cache group, nothing opens 6379 anywhere.
    expect(sourcesOf(matrix("web-was"), "cache", 6379)).toEqual([]);
  });

  it.each(presetNames)("R0.8 %s: data stores and EFS never open a connection", (env) => {
    for (const from of ["db", "cache", "efs"] as PartyId[]) for (const to of matrix(env).parties) expect(`${from} → ${to}: ${ports(env, from, to)}`).toBe(`${from} → ${to}: `);
  });
});

describe("R0.4: web reaches the datacenter's payment server and nothing else there", () => {
  it("R0.4 retail-launch: web → datacenter is 443 to 192.168.10.20/32 only, from every placement", () => {
    expect(analysed["retail-launch"].model.datacenterCidrs).toEqual(["192.168.0.0/16"]);
    expect(grantsOf(matrix("retail-launch"), "web", "datacenter")).toEqual([{ ports: [[443, 443]], peer: ["192.168.10.20/32"], coverage: "all" }]);
  });

  it("R0.4 retail-launch: no other party reaches the datacenter", () => {
    const m = matrix("retail-launch");
    expect(m.parties.filter((from) => grantsOf(m, from, "datacenter").length > 0)).toEqual(["web"]);
  });

  it.each(presetNames.filter((n) => n !== "retail-launch"))("%s has no datacenter party (no VPN routes)", (env) => {
    expect(matrix(env).parties).not.toContain("datacenter");
  });
});

describe("R1.4: behind CloudFront, the model says what the security groups cannot", () => {
  it("media-commerce: the ALB's 443 is open to CloudFront's prefix list only, and the notes state that only requests with the origin header reach the targets", () => {
    const grants = grantsOf(matrix("media-commerce"), "internet", "alb");
    expect(grants.map((g) => [portsText(g.ports), g.peer])).toEqual([["443", [expect.stringMatching(/^pl-/)]]]);
    expect(matrix("media-commerce").notes).toContainEqual(expect.stringMatching(/aws_lb_listener_rule\.alb_from-cdn.*X-Origin-Verify.*403/));
  });

  it("presets without a CDN have no such note", () => {
    for (const env of ["retail-launch", "web-was", "buddyverse"]) expect(matrix(env).notes.some((n) => /X-Origin-Verify/.test(n))).toBe(false);
  });
});

describe("R2.8: private instances reach the internet through NAT", () => {
  it.each<[string, PartyId]>([
    ["retail-launch", "web"],
    ["media-commerce", "was"],
    ["web-was", "web"],
    ["web-was", "was"],
    ["buddyverse", "web"],
  ])("R2.8 %s: %s reaches the internet on 80 and 443 from every subnet", (env, from) => {
    expect(grantsOf(matrix(env), from, "internet")).toEqual([{ ports: [[80, 80], [443, 443]], coverage: "all" }]);
  });

  it.each(presetNames)("R2.8 %s: the internet is reached only by the instances and the bastion", (env) => {
    expect(targetsOf(matrix(env), "db", 443)).toEqual([]);
    const m = matrix(env);
    for (const from of m.parties.filter((p) => grantsOf(m, p, "internet").length > 0)) expect(["bastion", "web", "was"]).toContain(from);
  });
});

describe("placement read from the synthesized stacks", () => {
  it.each(presetNames)("%s: every party lives in the subnets of its tier", (env) => {
    const { model } = analysed[env];
    const internal = model.parties.filter((x) => x.kind === "internal");
    expect(internal.length).toBeGreaterThan(0);
    for (const p of internal) {
      expect(p.subnets.length).toBeGreaterThan(0);
      for (const s of p.subnets) expect([p.id, CONVENTIONAL_TIERS[p.id as InternalPartyId]]).toEqual([p.id, expect.arrayContaining([model.subnets[s].tier])]);
    }
  });
});
