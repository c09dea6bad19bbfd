/**
 * Interval sets: checked against plain sets of numbers on a small universe
 * (property-based), plus the CIDR conversions the matrix prints.
 */
import fc from "fast-check";
import { atoms, cidrSet, covers, intersect, IntervalSet, portsText, Range, set, subtract, toCidrs, union } from "../../../src/tools/reach/intervals";

const U = 64;
const ranges = fc.array(fc.tuple(fc.integer({ min: 0, max: U - 1 }), fc.integer({ min: 0, max: U - 1 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as Range), { maxLength: 6 });
const elements = (s: IntervalSet) => {
  const out = new Set<number>();
  for (const [a, b] of s) for (let i = a; i <= b; i++) out.add(i);
  return out;
};
const naive = (rs: readonly Range[]) => elements(rs);
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe("interval sets agree with plain sets", () => {
  it("set() normalizes: sorted, disjoint, not adjacent, same elements", () => {
    fc.assert(
      fc.property(ranges, (rs) => {
        const s = set(rs);
        expect(sorted(elements(s))).toEqual(sorted(naive(rs)));
        for (let i = 1; i < s.length; i++) expect(s[i][0]).toBeGreaterThan(s[i - 1][1] + 1);
      }),
    );
  });

  it.each([
    ["union", (a: IntervalSet, b: IntervalSet) => union(a, b), (x: Set<number>, y: Set<number>) => new Set([...x, ...y])],
    ["intersect", intersect, (x: Set<number>, y: Set<number>) => new Set([...x].filter((v) => y.has(v)))],
    ["subtract", subtract, (x: Set<number>, y: Set<number>) => new Set([...x].filter((v) => !y.has(v)))],
  ] as const)("%s", (_name, op, reference) => {
    fc.assert(
      fc.property(ranges, ranges, (ra, rb) => {
        const a = set(ra);
        const b = set(rb);
        const result = op(a, b);
        expect(sorted(elements(result))).toEqual(sorted(reference(naive(ra), naive(rb))));
        expect(result).toEqual(set(result)); // stays normalized
      }),
    );
  });

  it("covers(a, b) iff every element of b is in a", () => {
    fc.assert(fc.property(ranges, ranges, (ra, rb) => expect(covers(set(ra), set(rb))).toBe([...naive(rb)].every((v) => naive(ra).has(v)))));
  });

  it("atoms partition the range at the given starts", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 80 })), (starts) => {
        const parts = atoms(0, U - 1, starts);
        expect(parts[0][0]).toBe(0);
        expect(parts[parts.length - 1][1]).toBe(U - 1);
        for (let i = 1; i < parts.length; i++) expect(parts[i][0]).toBe(parts[i - 1][1] + 1);
        for (const s of starts) if (s > 0 && s < U) expect(parts.some(([a]) => a === s)).toBe(true);
      }),
    );
  });
});

describe("CIDRs", () => {
  it.each([
    ["10.0.0.0/16", [[167772160, 167837695]]],
    ["0.0.0.0/0", [[0, 4294967295]]],
    ["192.168.10.20/32", [[3232238100, 3232238100]]],
  ])("%s is %j", (cidr, expected) => {
    expect(cidrSet(cidr)).toEqual(expected);
  });

  it("toCidrs gives the fewest aligned blocks", () => {
    expect(toCidrs(subtract(cidrSet("10.0.0.0/16"), cidrSet("10.0.1.0/24")))).toEqual(["10.0.0.0/24", "10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17"]);
    expect(toCidrs(union(cidrSet("10.0.0.0/25"), cidrSet("10.0.0.128/25")))).toEqual(["10.0.0.0/24"]);
    expect(toCidrs(cidrSet("0.0.0.0/0"))).toEqual(["0.0.0.0/0"]);
  });

  it("toCidrs round-trips any set of addresses", () => {
    const address = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(address, address), { maxLength: 4 }), (pairs) => {
        const s = set(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as Range));
        expect(union(...toCidrs(s).map(cidrSet))).toEqual(s);
      }),
    );
  });

  it("refuses text that is not a canonical CIDR", () => {
    expect(() => cidrSet("10.0.0.1/16")).toThrow(/did you mean 10\.0\.0\.0\/16/);
  });

  it("prints ports compactly", () => {
    expect(portsText(set([[443, 443], [80, 80], [1024, 65535]]))).toBe("80,443,1024-65535");
    expect(portsText([[0, 65535]])).toBe("all");
  });
});
