/**
 * Sets of integers as sorted, disjoint, inclusive ranges: IPv4 addresses
 * (0 .. 2^32-1, held as ordinary numbers, see src/lib/cidr.ts for why no
 * bitwise operators) and TCP ports (0 .. 65535).
 *
 * The reachability computation is set algebra over these: a security group
 * rule, a NACL entry or a route each allow a set of remote addresses for a set
 * of ports, and a connection is open where every layer's sets intersect.
 * Keeping sets exact (instead of "does this CIDR contain that subnet") is what
 * makes a NACL deny that covers half a subnet, or a CIDR rule that covers a
 * single server in the datacenter, come out right.
 */
import { isCidr, parseCidr } from "../../lib/cidr";

/** An inclusive range `[first, last]`. */
export type Range = readonly [number, number];

/** Sorted, disjoint, non-adjacent ranges. Build with {@link set}; never mutate. */
export type IntervalSet = readonly Range[];

/** The empty set. */
export const EMPTY: IntervalSet = Object.freeze([]) as IntervalSet;

/** Every IPv4 address. */
export const ALL_ADDRESSES: IntervalSet = Object.freeze([[0, 2 ** 32 - 1] as Range]);

/** Every TCP port, 0 included (a rule for "all ports" covers it). */
export const ALL_PORTS: IntervalSet = Object.freeze([[0, 65535] as Range]);

/** Normalize arbitrary ranges (any order, overlapping, adjacent) into a set. */
export function set(ranges: readonly Range[]): IntervalSet {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `a ∪ b`. */
export function union(...sets: readonly IntervalSet[]): IntervalSet {
  const nonEmpty = sets.filter((x) => x.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0];
  return set(nonEmpty.flat());
}

/** `a ∩ b`. */
export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** `a \ b`. */
export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Range[] = [];
  for (const [first, last] of a) {
    let lo = first;
    for (const [bf, bl] of b) {
      if (bl < lo || bf > last) continue;
      if (bf > lo) out.push([lo, bf - 1]);
      lo = bl + 1;
      if (lo > last) break;
    }
    if (lo <= last) out.push([lo, last]);
  }
  return out;
}

/** True when the set has no element. */
export function isEmpty(a: IntervalSet): boolean {
  return a.length === 0;
}

/** True when `inner ⊆ outer`. */
export function covers(outer: IntervalSet, inner: IntervalSet): boolean {
  return isEmpty(subtract(inner, outer));
}

/** True when both sets have the same elements. */
export function equals(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every(([x, y], i) => x === b[i][0] && y === b[i][1]);
}

/** True when `value` is in the set. */
export function has(a: IntervalSet, value: number): boolean {
  return a.some(([x, y]) => x <= value && value <= y);
}

const parsedCidrs = new Map<string, IntervalSet>();

/** The addresses of an IPv4 CIDR; throws with the text when it is not one. */
export function cidrSet(text: string): IntervalSet {
  const known = parsedCidrs.get(text);
  if (known) return known;
  const parsed = parseCidr(text);
  if (!isCidr(parsed)) throw new Error(`${JSON.stringify(text)} is not an IPv4 CIDR: ${parsed.error}`);
  const result: IntervalSet = Object.freeze([Object.freeze([parsed.first, parsed.last]) as Range]);
  if (parsedCidrs.size < 10_000) parsedCidrs.set(text, result);
  return result;
}

/** The union of several CIDRs. */
export function cidrsSet(texts: readonly string[]): IntervalSet {
  return union(...texts.map(cidrSet));
}

/** Dotted-quad text of an address number. */
export function addressText(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 2 ** 8) % 256, n % 256].join(".");
}

/** The fewest CIDRs whose union is the set (largest aligned blocks first). */
export function toCidrs(a: IntervalSet): string[] {
  const out: string[] = [];
  for (const [first, last] of a) {
    let lo = first;
    while (lo <= last) {
      // Largest block aligned at `lo` that fits in [lo, last].
      let size = 2 ** 32;
      while (size > 1 && (lo % size !== 0 || lo + size - 1 > last)) size /= 2;
      out.push(`${addressText(lo)}/${32 - Math.log2(size)}`);
      lo += size;
    }
  }
  return out;
}

/** Ports as text: `80`, `1024-65535`, `all`; several joined by commas. */
export function portsText(a: IntervalSet): string {
  if (equals(a, ALL_PORTS)) return "all";
  return a.map(([x, y]) => (x === y ? String(x) : `${x}-${y}`)).join(",");
}

/**
 * Cut `[lo, hi]` into the pieces ("atoms") delimited by `starts` (a start is
 * the first value of a new piece). Every rule whose ranges start at one of the
 * `starts` and end just before another matches either all or none of an atom,
 * so evaluating one value per atom is exact.
 */
export function atoms(lo: number, hi: number, starts: Iterable<number>): Range[] {
  const cuts = [...new Set([lo, ...[...starts].filter((s) => s > lo && s <= hi)])].sort((x, y) => x - y);
  return cuts.map((c, i) => [c, i + 1 < cuts.length ? cuts[i + 1] - 1 : hi] as Range);
}
