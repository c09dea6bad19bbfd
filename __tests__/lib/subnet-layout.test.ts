import fc from "fast-check";
import { Cidr, cidrContains, cidrsOverlap, formatCidr, isCidr, parseCidr } from "../../src/lib/cidr";
import {
  deriveSubnetLayout,
  MAX_SUBNET_PREFIX,
  MIN_SUBNET_PREFIX,
  SubnetLayout,
  SubnetLayoutError,
  SubnetLayoutProblem,
  TierRequest,
} from "../../src/lib/subnet-layout";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!isCidr(parsed)) throw new Error(`${text} did not parse: ${parsed.error}`);
  return parsed;
}

/** Run the derivation and hand back its SubnetLayoutError, failing the test on success or any other error. */
function layoutError(vpc: string, azCount: number, tiers: readonly TierRequest[]): SubnetLayoutError {
  try {
    const layout = deriveSubnetLayout(vpc, azCount, tiers);
    throw new Error(`expected a SubnetLayoutError, got ${JSON.stringify(layout)}`);
  } catch (e) {
    if (e instanceof SubnetLayoutError) return e;
    throw e;
  }
}

type Outcome = { readonly layout: SubnetLayout } | { readonly problems: readonly SubnetLayoutProblem[] };

function outcome(vpc: string, azCount: number, tiers: readonly TierRequest[]): Outcome {
  try {
    return { layout: deriveSubnetLayout(vpc, azCount, tiers) };
  } catch (e) {
    if (e instanceof SubnetLayoutError) return { problems: e.problems };
    throw e;
  }
}

// Expected CIDRs below are worked out by hand from the first-fit rule, not copied from the output.
describe("deriveSubnetLayout examples", () => {
  it("derives public /24, web /22, db /24 over 2 AZs, back-filling the gap the /22 alignment leaves", () => {
    expect(
      deriveSubnetLayout("10.0.0.0/16", 2, [
        { tier: "public", prefixLength: 24 },
        { tier: "web", prefixLength: 22 },
        { tier: "db", prefixLength: 24 },
      ]),
    ).toEqual({
      // 10.0.0.0/24 and 10.0.1.0/24 are the first two /24s.
      public: ["10.0.0.0/24", "10.0.1.0/24"],
      // 10.0.0.0/22 (10.0.0.0-10.0.3.255) holds the public subnets, so the /22s start at 10.0.4.0.
      web: ["10.0.4.0/22", "10.0.8.0/22"],
      // 10.0.2.0/24 and 10.0.3.0/24 are still free below the web blocks.
      db: ["10.0.2.0/24", "10.0.3.0/24"],
    });
  });

  it("derives a 3-AZ, 4-tier layout", () => {
    expect(
      deriveSubnetLayout("10.20.0.0/16", 3, [
        { tier: "public", prefixLength: 24 },
        { tier: "web", prefixLength: 20 },
        { tier: "was", prefixLength: 20 },
        { tier: "db", prefixLength: 24 },
      ]),
    ).toEqual({
      public: ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"],
      // A /20 spans 16 /24s; the first one (10.20.0.0/20) holds the public subnets.
      web: ["10.20.16.0/20", "10.20.32.0/20", "10.20.48.0/20"],
      was: ["10.20.64.0/20", "10.20.80.0/20", "10.20.96.0/20"],
      db: ["10.20.3.0/24", "10.20.4.0/24", "10.20.5.0/24"],
    });
  });

  it("fits derived tiers around explicit ones", () => {
    expect(
      deriveSubnetLayout("10.0.0.0/16", 2, [
        { tier: "public", cidrs: ["10.0.0.0/24", "10.0.2.0/24"] },
        { tier: "app", prefixLength: 23 },
        { tier: "db", prefixLength: 24 },
      ]),
    ).toEqual({
      public: ["10.0.0.0/24", "10.0.2.0/24"],
      // 10.0.0.0/23 and 10.0.2.0/23 each contain a public /24.
      app: ["10.0.4.0/23", "10.0.6.0/23"],
      // The holes the explicit public subnets left.
      db: ["10.0.1.0/24", "10.0.3.0/24"],
    });
  });

  it("avoids explicit CIDRs of later tiers when they do not clash with earlier derived blocks", () => {
    expect(
      deriveSubnetLayout("10.1.0.0/16", 2, [
        { tier: "public", cidrs: ["10.1.0.0/24", "10.1.1.0/24"] },
        { tier: "web", prefixLength: 20 },
        { tier: "db", cidrs: ["10.1.2.0/24", "10.1.3.0/24"] },
        { tier: "cache", prefixLength: 26 },
      ]),
    ).toEqual({
      public: ["10.1.0.0/24", "10.1.1.0/24"],
      web: ["10.1.16.0/20", "10.1.32.0/20"],
      db: ["10.1.2.0/24", "10.1.3.0/24"],
      // 10.1.0.0-10.1.3.255 are all explicit; the first free /26s follow.
      cache: ["10.1.4.0/26", "10.1.4.64/26"],
    });
  });

  it("passes buddyverse's explicit layout through unchanged", () => {
    const tiers: TierRequest[] = [
      { tier: "public", cidrs: ["172.31.10.0/24", "172.31.20.0/24"] },
      { tier: "web", cidrs: ["172.31.11.0/24", "172.31.21.0/24"] },
      { tier: "db", cidrs: ["172.31.12.0/24", "172.31.22.0/24"] },
    ];
    const layout = deriveSubnetLayout("172.31.0.0/16", 2, tiers);
    expect(layout).toEqual({
      public: ["172.31.10.0/24", "172.31.20.0/24"],
      web: ["172.31.11.0/24", "172.31.21.0/24"],
      db: ["172.31.12.0/24", "172.31.22.0/24"],
    });
    expect(Object.keys(layout)).toEqual(["public", "web", "db"]);
  });

  it("uses the whole VPC when one tier asks for it", () => {
    expect(deriveSubnetLayout("10.9.0.0/20", 2, [{ tier: "only", prefixLength: 21 }])).toEqual({
      only: ["10.9.0.0/21", "10.9.8.0/21"],
    });
    expect(deriveSubnetLayout("10.9.0.0/28", 1, [{ tier: "tiny", prefixLength: 28 }])).toEqual({ tiny: ["10.9.0.0/28"] });
  });

  it("treats a reservation touching only a candidate's first or last address as an overlap", () => {
    // Explicit subnets are /16-/28 in practice, but the no-overlap guarantee must not rely on the validator.
    expect(
      deriveSubnetLayout("10.0.0.0/24", 1, [
        { tier: "last-of-first", cidrs: ["10.0.0.15/32"] },
        { tier: "first-of-third", cidrs: ["10.0.0.32/32"] },
        { tier: "derived", prefixLength: 28 },
        { tier: "more", prefixLength: 28 },
      ]),
    ).toEqual({
      "last-of-first": ["10.0.0.15/32"],
      "first-of-third": ["10.0.0.32/32"],
      derived: ["10.0.0.16/28"],
      more: ["10.0.0.48/28"],
    });
  });

  it("returns an empty layout for no tiers", () => {
    expect(deriveSubnetLayout("10.0.0.0/16", 2, [])).toEqual({});
  });

  it("returns a frozen layout whose keys cannot touch Object.prototype", () => {
    const layout = deriveSubnetLayout("10.0.0.0/16", 1, [{ tier: "__proto__", prefixLength: 24 }]);
    expect(Object.isFrozen(layout)).toBe(true);
    expect(Object.isFrozen(layout["__proto__"])).toBe(true);
    expect(Object.getOwnPropertyNames(layout)).toEqual(["__proto__"]);
    expect(layout["__proto__"]).toEqual(["10.0.0.0/24"]);
    expect(Object.getPrototypeOf(layout)).toBe(Object.prototype);
  });
});

describe("deriveSubnetLayout errors", () => {
  it("names the tier that no longer fits when the VPC is exhausted, and still lays out the others", () => {
    const error = layoutError("10.0.0.0/24", 3, [
      { tier: "public", prefixLength: 26 }, // .0, .64, .128
      { tier: "app", prefixLength: 25 }, // needs 3 x 128 addresses; only .192-.255 (64) is left
      { tier: "db", prefixLength: 28 }, // .192, .208, .224: fits, so not reported
    ]);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.tierIndex).toBe(1);
    expect(error.problems[0]!.message).toMatch(/^tier "app": the VPC 10\.0\.0\.0\/24 is too small/);
    expect(error.problems[0]!.message).toMatch(/AZ 1 of 3/);
    expect(error.problems[0]!.message).toMatch(/only 64 addresses are still free/);
    expect(error.message).toMatch(/tier "app"/);
    expect(error.name).toBe("SubnetLayoutError");
    expect(error).toBeInstanceOf(Error);
  });

  it("explains fragmentation when enough addresses are free but not as one aligned block", () => {
    const error = layoutError("10.0.0.0/24", 2, [
      { tier: "mgmt", cidrs: ["10.0.0.96/27", "10.0.0.128/27"] }, // straddles the middle of the /24
      { tier: "big", prefixLength: 25 },
    ]);
    expect(error.problems).toEqual([
      { tierIndex: 1, message: expect.stringMatching(/^tier "big": .*192 addresses are still free but not as an aligned \/25 block/) },
    ]);
  });

  it("reports an exhaustion caused by explicit CIDRs in the second AZ", () => {
    const error = layoutError("10.0.0.0/16", 2, [
      { tier: "public", cidrs: ["10.0.255.0/24", "10.0.254.0/24"] },
      { tier: "web", prefixLength: 17 }, // 10.0.0.0/17 fits; 10.0.128.0/17 holds the public subnets
    ]);
    expect(error.problems).toEqual([{ tierIndex: 1, message: expect.stringMatching(/^tier "web": .*AZ 2 of 2/) }]);
  });

  it("refuses to shift an earlier derived tier for a later explicit CIDR, naming both tiers", () => {
    const tiers: TierRequest[] = [
      { tier: "web", prefixLength: 22 }, // 10.0.0.0/22, 10.0.4.0/22
      { tier: "db", cidrs: ["10.0.0.0/24", "10.0.9.0/24"] },
    ];
    const error = layoutError("10.0.0.0/16", 2, tiers);
    expect(error.problems).toEqual([
      {
        tierIndex: 1,
        message: expect.stringMatching(/^tier "db": explicit CIDR 10\.0\.0\.0\/24 \(AZ 1\) overlaps 10\.0\.0\.0\/22, which is derived for tier "web" \(AZ 1\)/),
      },
    ]);
    // Why: without db, web is already 10.0.0.0/22; moving it when db is added would renumber live subnets.
    expect(deriveSubnetLayout("10.0.0.0/16", 2, tiers.slice(0, 1))).toEqual({ web: ["10.0.0.0/22", "10.0.4.0/22"] });
  });

  it("collects every request problem at once, each tied to its tier index", () => {
    const error = layoutError("10.0.0.0/16", 2, [
      { tier: "both", cidrs: ["10.0.0.0/24", "10.0.1.0/24"], prefixLength: 24 },
      { tier: "neither" },
      { tier: "too-small", prefixLength: 29 },
      { tier: "too-big", prefixLength: 15 },
      { tier: "nonsense", prefixLength: 20.5 },
      { tier: "short", cidrs: ["10.0.2.0/24"] },
      { tier: "bad-cidr", cidrs: ["10.0.3.0/24", "10.0.4.0/33"] },
      { tier: "fine", prefixLength: 24 },
      { tier: "fine", prefixLength: 24 },
      { tier: "string-prefix", prefixLength: "24" as unknown as number },
    ]);
    expect(error.problems.map((p) => p.tierIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9]);
    const messages = error.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/^tier "both": give either cidrs or prefixLength, not both/);
    expect(messages[1]).toMatch(/^tier "neither": give either cidrs .* or a prefixLength/);
    expect(messages[2]).toMatch(/^tier "too-small": prefixLength \/29 is outside the \/16 to \/28 range AWS allows/);
    expect(messages[3]).toMatch(/^tier "too-big": prefixLength \/15 is outside the \/16 to \/28 range/);
    expect(messages[4]).toMatch(/^tier "nonsense": prefixLength must be a whole number/);
    expect(messages[5]).toMatch(/^tier "short": lists 1 CIDR but the environment has 2 AZs/);
    expect(messages[6]).toMatch(/^tier "bad-cidr": CIDR for AZ 2 is invalid: .*\/33/);
    expect(messages[7]).toMatch(/^tier "fine": the tier name is used more than once/);
    expect(messages[8]).toMatch(/^tier "string-prefix": prefixLength must be a whole number/);
  });

  it("rejects a prefixLength shorter than the VPC's own prefix", () => {
    const error = layoutError("10.0.0.0/20", 1, [{ tier: "web", prefixLength: 18 }]);
    expect(error.problems).toEqual([
      { tierIndex: 0, message: 'tier "web": prefixLength /18 is larger than the VPC 10.0.0.0/20 itself; use /20 or longer.' },
    ]);
  });

  it.each<[string, string, number]>([
    ["an unparseable VPC CIDR", "10.0.0.0/33", 2],
    ["a VPC CIDR with host bits", "10.0.0.1/16", 2],
    ["zero AZs", "10.0.0.0/16", 0],
    ["a fractional AZ count", "10.0.0.0/16", 1.5],
  ])("throws a RangeError (a caller bug, not a tier problem) for %s", (_label, vpc, azCount) => {
    expect(() => deriveSubnetLayout(vpc, azCount, [{ tier: "web", prefixLength: 24 }])).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// Property-based tests

interface Scenario {
  readonly vpc: Cidr;
  readonly azCount: number;
  readonly tiers: readonly TierRequest[];
}

/** An aligned block of the given prefix somewhere inside the VPC. */
function blockInside(vpc: Cidr, prefix: number): fc.Arbitrary<string> {
  const size = 2 ** (32 - prefix);
  return fc.integer({ min: 0, max: (vpc.last - vpc.first + 1) / size - 1 }).map((i) => formatCidr(vpc.first + i * size, prefix));
}

/** Mostly a prefix that leaves room for several subnets, sometimes any prefix the VPC allows (up to the whole VPC). */
function subnetPrefix(vpc: Cidr): fc.Arbitrary<number> {
  const comfortable = fc.integer({ min: Math.min(vpc.prefix + 3, MAX_SUBNET_PREFIX), max: MAX_SUBNET_PREFIX });
  const anyValid = fc.integer({ min: vpc.prefix, max: MAX_SUBNET_PREFIX });
  return fc.oneof({ arbitrary: comfortable, weight: 5 }, { arbitrary: anyValid, weight: 1 });
}

/** Mostly inside the VPC (the realistic case), sometimes anywhere, to show derived blocks avoid explicit CIDRs wherever they are. */
function explicitCidr(vpc: Cidr): fc.Arbitrary<string> {
  const inside = subnetPrefix(vpc).chain((p) => blockInside(vpc, p));
  const anywhere = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 32 }))
    .map(([a, p]) => formatCidr(a - (a % 2 ** (32 - p)), p));
  return fc.oneof({ arbitrary: inside, weight: 5 }, { arbitrary: anywhere, weight: 1 });
}

/** A tier request; weights keep most layouts satisfiable so the properties are not vacuous (checked below). */
function tierRequest(vpc: Cidr, azCount: number, allowInvalid: boolean): fc.Arbitrary<Omit<TierRequest, "tier">> {
  const derived = subnetPrefix(vpc).map((prefixLength) => ({ prefixLength }));
  const explicit = fc.array(explicitCidr(vpc), { minLength: azCount, maxLength: azCount }).map((cidrs) => ({ cidrs }));
  const invalid = fc.oneof(
    fc.integer({ min: 0, max: 40 }).map((prefixLength) => ({ prefixLength })),
    fc.constant({}),
    fc.array(explicitCidr(vpc), { minLength: 0, maxLength: azCount + 1 }).map((cidrs) => ({ cidrs })),
  );
  return fc.oneof({ arbitrary: derived, weight: 6 }, { arbitrary: explicit, weight: 2 }, { arbitrary: invalid, weight: allowInvalid ? 1 : 0 });
}

function named(requests: readonly Omit<TierRequest, "tier">[], offset = 0): TierRequest[] {
  return requests.map((r, i) => Object.freeze({ ...r, ...(r.cidrs ? { cidrs: Object.freeze([...r.cidrs]) } : {}), tier: `t${offset + i}` }));
}

/** Realistic VPC sizes mostly, but every size AWS allows some of the time (tiny VPCs are where exhaustion happens). */
const vpcPrefix = fc.oneof(
  { arbitrary: fc.integer({ min: MIN_SUBNET_PREFIX, max: 24 }), weight: 4 },
  { arbitrary: fc.integer({ min: MIN_SUBNET_PREFIX, max: MAX_SUBNET_PREFIX }), weight: 1 },
);

function scenario(allowInvalid: boolean, maxTiers = 5): fc.Arbitrary<Scenario> {
  return fc
    .tuple(vpcPrefix, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 4 }))
    .chain(([prefix, address, azCount]) => {
      const vpc = parseCidr(formatCidr(address - (address % 2 ** (32 - prefix)), prefix)) as Cidr;
      return fc
        .array(tierRequest(vpc, azCount, allowInvalid), { minLength: 0, maxLength: maxTiers })
        .map((requests) => ({ vpc, azCount, tiers: Object.freeze(named(requests)) }));
    });
}

/**
 * Reference model written straight from the doc comment (lowest aligned block
 * overlapping neither ANY explicit CIDR nor an earlier allocation), by brute
 * force over candidates, to check the fast allocator against.
 */
function isLowestFreeBlock(s: Scenario, layout: SubnetLayout, tierIndex: number, az: number): boolean {
  const block = cidr(layout[s.tiers[tierIndex]!.tier]![az]!);
  const size = block.last - block.first + 1;
  const explicit = s.tiers.flatMap((t) => (t.cidrs ? t.cidrs.map(cidr) : []));
  const earlier = s.tiers.flatMap((t, i) =>
    t.prefixLength === undefined || i > tierIndex ? [] : layout[t.tier]!.filter((_, a) => i < tierIndex || a < az).map(cidr),
  );
  for (let first = s.vpc.first; first < block.first; first += size) {
    const candidate: Cidr = { text: "", first, last: first + size - 1, prefix: block.prefix };
    if (![...explicit, ...earlier].some((taken) => cidrsOverlap(taken, candidate))) return false;
  }
  return true;
}

/** A scenario (mostly valid, sometimes not) plus one more tier to append to it. */
const withAppendedTier = fc
  .oneof({ arbitrary: scenario(false), weight: 3 }, { arbitrary: scenario(true), weight: 1 })
  .chain((s) => tierRequest(s.vpc, s.azCount, true).map((extra) => ({ s, extra: named([extra], s.tiers.length)[0]! })));

describe("deriveSubnetLayout properties", () => {
  it("the generators mostly produce satisfiable layouts and reach every branch, so the properties below are not vacuous", () => {
    const samples = fc.sample(scenario(false), { numRuns: 1000, seed: 42 });
    const ok = samples.filter((s) => "layout" in outcome(s.vpc.text, s.azCount, s.tiers));
    const derivedTiers = ok.flatMap((s) => s.tiers.filter((t) => t.prefixLength !== undefined));
    expect(ok.length).toBeGreaterThan(600);
    expect(derivedTiers.length).toBeGreaterThan(1000);

    const branches = { keptWithDerivedHistory: 0, appendedTierRejected: 0, baseRejected: 0 };
    for (const { s, extra } of fc.sample(withAppendedTier, { numRuns: 1000, seed: 42 })) {
      const before = outcome(s.vpc.text, s.azCount, s.tiers);
      const after = outcome(s.vpc.text, s.azCount, [...s.tiers, extra]);
      if (!("layout" in before)) branches.baseRejected++;
      else if (!("layout" in after)) branches.appendedTierRejected++;
      else if (s.tiers.length >= 2 && s.tiers.some((t) => t.prefixLength !== undefined)) branches.keptWithDerivedHistory++;
    }
    expect(branches.keptWithDerivedHistory).toBeGreaterThan(200);
    expect(branches.appendedTierRejected).toBeGreaterThan(50);
    expect(branches.baseRejected).toBeGreaterThan(50);
  });

  it("derived subnets lie inside the VPC, are aligned, never overlap each other or any explicit CIDR, and are first-fit", () => {
    fc.assert(
      fc.property(scenario(false), (s) => {
        const result = outcome(s.vpc.text, s.azCount, s.tiers);
        if (!("layout" in result)) return;
        const { layout } = result;
        expect(Object.keys(layout)).toEqual(s.tiers.map((t) => t.tier));

        const explicit: Cidr[] = [];
        const derived: Cidr[] = [];
        s.tiers.forEach((t, tierIndex) => {
          const cidrs = layout[t.tier]!;
          expect(cidrs).toHaveLength(s.azCount);
          if (t.cidrs) {
            expect(cidrs).toEqual(t.cidrs); // kept exactly as given
            explicit.push(...cidrs.map(cidr));
            return;
          }
          cidrs.forEach((text, az) => {
            const parsed = parseCidr(text);
            expect(isCidr(parsed)).toBe(true); // canonical, hence aligned: host bits would be a parse error
            const c = parsed as Cidr;
            expect(c.text).toBe(text);
            expect(c.prefix).toBe(t.prefixLength);
            expect(c.first % 2 ** (32 - c.prefix)).toBe(0);
            expect(cidrContains(s.vpc, c)).toBe(true);
            expect(isLowestFreeBlock(s, layout, tierIndex, az)).toBe(true);
            derived.push(c);
          });
        });
        derived.forEach((d, i) => {
          derived.slice(i + 1).forEach((other) => expect(cidrsOverlap(d, other)).toBe(false));
          explicit.forEach((e) => expect(cidrsOverlap(d, e)).toBe(false));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("is stable when a tier is appended: earlier tiers keep their CIDRs, or only the new tier is reported", () => {
    fc.assert(
      fc.property(
        withAppendedTier,
        ({ s, extra }) => {
          const before = outcome(s.vpc.text, s.azCount, s.tiers);
          const after = outcome(s.vpc.text, s.azCount, [...s.tiers, extra]);
          const appendedIndex = s.tiers.length;
          if ("layout" in before) {
            if ("layout" in after) {
              for (const t of s.tiers) expect(after.layout[t.tier]).toEqual(before.layout[t.tier]);
            } else {
              expect(after.problems.every((p) => p.tierIndex === appendedIndex)).toBe(true);
            }
          } else {
            // Problems are stable too: the old ones are unchanged, anything new concerns the appended tier.
            expect("problems" in after).toBe(true);
            const problems = (after as { problems: readonly SubnetLayoutProblem[] }).problems;
            expect(problems.slice(0, before.problems.length)).toEqual(before.problems);
            expect(problems.slice(before.problems.length).every((p) => p.tierIndex === appendedIndex)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("only ever throws SubnetLayoutError for tier problems, each naming a real tier by index and name", () => {
    fc.assert(
      fc.property(scenario(true, 8), (s) => {
        const result = outcome(s.vpc.text, s.azCount, s.tiers);
        if ("layout" in result) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(Number.isInteger(p.tierIndex) && p.tierIndex >= 0 && p.tierIndex < s.tiers.length).toBe(true);
          expect(p.message.startsWith(`tier "${s.tiers[p.tierIndex]!.tier}": `)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and does not mutate its (frozen) input", () => {
    fc.assert(
      fc.property(scenario(true), (s) => {
        expect(outcome(s.vpc.text, s.azCount, s.tiers)).toEqual(outcome(s.vpc.text, s.azCount, s.tiers));
      }),
      { numRuns: 100 },
    );
  });
});
