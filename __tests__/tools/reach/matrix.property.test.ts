/**
 * Properties of the reachability computation on random small networks:
 * random security group rules between the parties and random NACL entries on
 * the tiers of the standard fixture (see fixture.ts).
 */
import fc from "fast-check";
import { cidrSet, cidrsSet, covers, intersect, IntervalSet, union } from "../../../src/tools/reach/intervals";
import { computeMatrix, grantsOf, Matrix } from "../../../src/tools/reach/matrix";
import { extractModel, NetworkModel, PartyId } from "../../../src/tools/reach/model";
import { TerraformJson } from "../../../src/synthesized/terraform-json";
import { Net, standardNetwork } from "./fixture";

const PARTIES = ["alb", "web", "bastion", "db"] as const;
const CIDRS = ["0.0.0.0/0", "10.0.0.0/16", "10.0.10.0/24", "10.0.10.0/25", "10.0.0.0/23", "203.0.113.0/24", "10.0.20.0/23"];
const PORTS: (number | [number, number] | "all")[] = [22, 80, 443, 3306, [1000, 4000], "all"];
const NACL_PORTS: [number, number][] = [[22, 22], [80, 80], [443, 443], [3306, 3306], [0, 65535], [1024, 65535], [32768, 65535]];

interface SgRuleSpec {
  readonly party: string;
  readonly direction: "in" | "out";
  readonly port: number | [number, number] | "all";
  readonly peer: string;
}
interface NaclSpec {
  readonly acl: "public" | "web" | "db";
  readonly number: number;
  readonly direction: "in" | "out";
  readonly action: "allow" | "deny";
  readonly cidr: string;
  readonly ports: [number, number];
  readonly protocol: "tcp" | "-1";
}

const sgRule: fc.Arbitrary<SgRuleSpec> = fc.record({
  party: fc.constantFrom(...PARTIES),
  direction: fc.constantFrom("in" as const, "out" as const),
  port: fc.constantFrom(...PORTS),
  peer: fc.constantFrom(...PARTIES, ...CIDRS),
});
const naclEntry = (action?: "allow" | "deny"): fc.Arbitrary<NaclSpec> =>
  fc.record({
    acl: fc.constantFrom("public" as const, "web" as const, "db" as const),
    number: fc.integer({ min: 2, max: 99 }),
    direction: fc.constantFrom("in" as const, "out" as const),
    action: action ? fc.constant(action) : fc.constantFrom("allow" as const, "deny" as const),
    cidr: fc.constantFrom(...CIDRS),
    ports: fc.constantFrom(...NACL_PORTS),
    protocol: fc.constantFrom("tcp" as const, "-1" as const),
  });

/** A random network: the standard fixture plus random rules and NACL entries (numbers < 100 come before its allow-all). */
const network = fc.record({
  rules: fc.array(sgRule, { maxLength: 8 }),
  nacl: fc.uniqueArray(naclEntry(), { maxLength: 6, selector: (e) => `${e.acl}-${e.direction}-${e.number}` }),
  privateDefaultRoute: fc.boolean(),
});

function build(spec: { rules: readonly SgRuleSpec[]; nacl: readonly NaclSpec[]; privateDefaultRoute: boolean }): Net {
  const n = standardNetwork();
  if (!spec.privateDefaultRoute) n.remove("aws_route", "private-0_0_0_0_0");
  for (const r of spec.rules) n.rule(r.party, r.direction, r.port, r.peer);
  for (const e of spec.nacl) n.naclEntry(e.acl, e.number, e.direction, e.action, e.cidr, e.ports[0], e.ports[1], e.protocol);
  return n;
}

function analyse(json: TerraformJson): { model: NetworkModel; matrix: Matrix } {
  const model = extractModel({ network: json });
  return { model, matrix: computeMatrix(model) };
}

/** The peer addresses open on `port` with at least `coverage` (external peers; internal peers: everything or nothing). */
function openAt(model: NetworkModel, matrix: Matrix, from: PartyId, to: PartyId, port: number, coverage: "all" | "any"): IntervalSet {
  const external = model.parties.find((p) => p.id === from && p.kind === "external") ?? model.parties.find((p) => p.id === to && p.kind === "external");
  const whole = external ? external.addresses : cidrSet("0.0.0.0/0");
  return union(
    ...grantsOf(matrix, from, to)
      .filter((g) => (coverage === "any" || g.coverage === "all") && g.ports.some(([a, b]) => a <= port && port <= b))
      .map((g) => (g.peer ? cidrsSet(g.peer) : whole)),
  );
}

/** Ports worth sampling: every boundary of every rule and entry. */
const SAMPLE_PORTS = [0, 21, 22, 23, 79, 80, 81, 443, 999, 1000, 1023, 1024, 2049, 3306, 4000, 4001, 32767, 32768, 65535];

/** `after` opens at least what `before` opens, for every pair, port and coverage. */
function expectSuperset(before: ReturnType<typeof analyse>, after: ReturnType<typeof analyse>): void {
  for (const cell of before.matrix.cells) {
    for (const port of SAMPLE_PORTS) {
      for (const coverage of ["all", "any"] as const) {
        const was = openAt(before.model, before.matrix, cell.from, cell.to, port, coverage);
        const now = openAt(after.model, after.matrix, cell.from, cell.to, port, coverage);
        if (!covers(now, was)) throw new Error(`${cell.from} → ${cell.to} port ${port} (${coverage}) lost addresses`);
      }
    }
  }
}

describe("properties of the matrix", () => {
  it("adding a security group allow rule never removes a reachable pair", () => {
    fc.assert(
      fc.property(network, sgRule, (spec, extra) => {
        const before = analyse(build(spec).json());
        const after = analyse(build({ ...spec, rules: [...spec.rules, extra] }).json());
        expectSuperset(before, after);
      }),
      { numRuns: 60 },
    );
  });

  it("adding a NACL allow entry (any rule number not taken) never removes a reachable pair", () => {
    fc.assert(
      fc.property(network, naclEntry("allow"), (spec, extra) => {
        fc.pre(!spec.nacl.some((e) => e.acl === extra.acl && e.direction === extra.direction && e.number === extra.number));
        const before = analyse(build(spec).json());
        const after = analyse(build({ ...spec, nacl: [...spec.nacl, extra] }).json());
        expectSuperset(before, after);
      }),
      { numRuns: 60 },
    );
  });

  it("adding a NACL deny entry never opens anything", () => {
    fc.assert(
      fc.property(network, naclEntry("deny"), (spec, extra) => {
        fc.pre(!spec.nacl.some((e) => e.acl === extra.acl && e.direction === extra.direction && e.number === extra.number));
        const before = analyse(build(spec).json());
        const after = analyse(build({ ...spec, nacl: [...spec.nacl, extra] }).json());
        expectSuperset(after, before);
      }),
      { numRuns: 60 },
    );
  });

  it("removing every ingress rule of a group makes its party unreachable from everyone", () => {
    fc.assert(
      fc.property(network, fc.constantFrom(...PARTIES), (spec, victim) => {
        const { matrix } = analyse(build(spec).removeRules(victim, "in").json());
        for (const from of matrix.parties) expect(grantsOf(matrix, from, victim as PartyId)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("removing every egress rule of a group stops its party from opening anything", () => {
    fc.assert(
      fc.property(network, fc.constantFrom(...PARTIES), (spec, victim) => {
        const { matrix } = analyse(build(spec).removeRules(victim, "out").json());
        for (const to of matrix.parties) expect(grantsOf(matrix, victim as PartyId, to)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("the matrix does not depend on the order of resources in the JSON", () => {
    fc.assert(
      fc.property(network, fc.integer(), (spec, seed) => {
        const json = build(spec).json();
        const shuffled = shuffleJson(json, seed);
        expect(analyse(shuffled).matrix).toEqual(analyse(json).matrix);
      }),
      { numRuns: 40 },
    );
  });

  it("a grant open from every placement is never also listed as 'some' for the same port and peer", () => {
    fc.assert(
      fc.property(network, (spec) => {
        const { matrix } = analyse(build(spec).json());
        for (const cell of matrix.cells) {
          const ports = (coverage: "all" | "some") => union(...cell.grants.filter((g) => g.coverage === coverage && !g.peer).map((g) => g.ports));
          expect(intersect(ports("all"), ports("some"))).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("nothing crosses a subnet boundary into the db tier once its NACL denies everything inbound first", () => {
    fc.assert(
      fc.property(network, (spec) => {
        const n = build(spec).naclEntry("db", 1, "in", "deny", "0.0.0.0/0", 0, 0, "-1");
        const { matrix } = analyse(n.json());
        for (const from of ["internet", "alb", "web", "bastion"] as PartyId[]) expect(grantsOf(matrix, from, "db")).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

/** The same JSON with resource types, resource names and the top-level keys in a seeded random order. */
function shuffleJson(json: TerraformJson, seed: number): TerraformJson {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const resource = Object.fromEntries(shuffle(Object.entries(json.resource ?? {})).map(([type, byName]) => [type, Object.fromEntries(shuffle(Object.entries(byName)))]));
  return Object.fromEntries(shuffle(Object.entries({ ...json, resource }))) as TerraformJson;
}
