/**
 * Derivation of every tier's subnet CIDRs from a VPC CIDR.
 *
 * Tiers either pin their CIDRs explicitly or ask for a prefix length and get
 * blocks allocated first-fit. The one property everything here is built around
 * is stability: adding a tier at the end of the list must never move an
 * existing tier's subnets, because a moved CIDR means Terraform destroys and
 * recreates the subnet and everything in it. This function has no memory of
 * earlier layouts, so the only way to guarantee that is to make every tier's
 * result depend on the tiers before it and nothing after it. That is why a
 * derived tier is never moved out of the way of a later tier's explicit CIDRs;
 * such a clash is reported as an error instead (see deriveSubnetLayout).
 */
import { Cidr, cidrsOverlap, formatCidr, isCidr, parseCidr } from "./cidr";

/** Shortest prefix AWS accepts for a subnet (largest subnet). */
export const MIN_SUBNET_PREFIX = 16;
/** Longest prefix AWS accepts for a subnet (smallest subnet). */
export const MAX_SUBNET_PREFIX = 28;

/** One tier's request: explicit CIDRs (one per AZ, in AZ order) or a prefix length to derive. Exactly one of the two. */
export interface TierRequest {
  readonly tier: string;
  readonly cidrs?: readonly string[];
  readonly prefixLength?: number;
}

/** tier -> CIDR per AZ (index = AZ index). */
export type SubnetLayout = Readonly<Record<string, readonly string[]>>;

/** One reason a layout cannot be derived, tied to the index of the offending tier in the request list. */
export interface SubnetLayoutProblem {
  readonly tierIndex: number;
  readonly message: string;
}

/**
 * Every reason the requested layout cannot be derived, collected in one go so
 * the person editing the environment sees all of them in a single run instead
 * of fixing them one at a time.
 */
export class SubnetLayoutError extends Error {
  /** Problems in tier order; each message already names its tier. */
  readonly problems: readonly SubnetLayoutProblem[];

  constructor(vpcCidr: string, problems: readonly SubnetLayoutProblem[]) {
    super(`Cannot lay out the subnets of VPC ${vpcCidr}:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
    this.name = "SubnetLayoutError";
    this.problems = Object.freeze([...problems]);
  }
}

/** A block taken by some tier, remembered so later derivations can avoid it and clashes can name the owner. */
interface Taken {
  readonly cidr: Cidr;
  readonly tier: string;
  readonly az: number;
  readonly derived: boolean;
}

/**
 * Derive every tier's CIDRs.
 *
 * Explicit CIDRs are kept as given; derived ones are allocated first-fit, in
 * tier order then AZ order, into the lowest aligned free block of the VPC that
 * overlaps neither an explicit CIDR nor an earlier allocation.
 *
 * Throws SubnetLayoutError (all problems at once) when the VPC is too small, a
 * prefixLength is shorter than the VPC's prefix or outside /16../28 (AWS subnet
 * limits), a tier gives both or neither of cidrs/prefixLength, a tier's
 * explicit CIDR list is unparseable or not one per AZ, a tier name repeats, or
 * an explicit CIDR overlaps a block derived for an EARLIER tier. The last case
 * is an error rather than a reason to shift the earlier tier, so that appending
 * a tier can never renumber existing subnets; every layout this function does
 * return still satisfies the rule above for all explicit CIDRs.
 *
 * Explicit CIDR validation (inside the VPC, no overlap between explicit CIDRs)
 * is the validator's job and is not repeated here, but derived CIDRs are never
 * out of the VPC or overlapping anything.
 *
 * A malformed VPC CIDR or AZ count is a caller bug (the validator checks both
 * before deriving) and throws a RangeError rather than a SubnetLayoutError,
 * whose problems are always tied to a tier.
 */
export function deriveSubnetLayout(vpcCidr: string, azCount: number, tiers: readonly TierRequest[]): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (!isCidr(vpc)) {
    throw new RangeError(`Invalid VPC CIDR: ${vpc.error}`);
  }
  if (!Number.isInteger(azCount) || azCount < 1) {
    throw new RangeError(`The AZ count must be a positive integer, got ${azCount}.`);
  }

  const problems: SubnetLayoutProblem[] = [];
  const taken: Taken[] = [];
  const layout: [string, readonly string[]][] = [];
  const seenNames = new Set<string>();

  tiers.forEach((request, tierIndex) => {
    const fail = (message: string): void => {
      problems.push({ tierIndex, message: `tier ${JSON.stringify(request.tier)}: ${message}` });
    };
    if (seenNames.has(request.tier)) {
      fail("the tier name is used more than once; each tier needs its own name.");
      return;
    }
    seenNames.add(request.tier);

    const hasCidrs = request.cidrs !== undefined;
    const hasPrefix = request.prefixLength !== undefined;
    if (hasCidrs === hasPrefix) {
      fail(hasCidrs ? "give either cidrs or prefixLength, not both." : "give either cidrs (one per AZ) or a prefixLength to derive them.");
      return;
    }
    if (request.cidrs !== undefined) {
      const cidrs = reserveExplicit(request.tier, request.cidrs, azCount, taken, fail);
      if (cidrs) layout.push([request.tier, cidrs]);
      return;
    }
    const prefix = request.prefixLength as number;
    const prefixProblem = checkPrefix(prefix, vpc);
    if (prefixProblem) {
      fail(prefixProblem);
      return;
    }
    const cidrs = allocate(request.tier, prefix, vpc, azCount, taken, fail);
    if (cidrs) layout.push([request.tier, cidrs]);
  });

  if (problems.length > 0) {
    throw new SubnetLayoutError(vpc.text, problems);
  }
  // fromEntries defines own properties, so a tier named "__proto__" cannot reach Object.prototype.
  return Object.freeze(Object.fromEntries(layout));
}

/**
 * Parse and reserve a tier's explicit CIDRs. Overlaps with earlier explicit
 * CIDRs are left to the validator, but an overlap with an earlier DERIVED
 * block is ours to report: moving that block would break stability, and
 * keeping both would return overlapping subnets.
 */
function reserveExplicit(
  tier: string,
  texts: readonly string[],
  azCount: number,
  taken: Taken[],
  fail: (message: string) => void,
): readonly string[] | undefined {
  let ok = true;
  if (texts.length !== azCount) {
    fail(`lists ${texts.length} CIDR${texts.length === 1 ? "" : "s"} but the environment has ${azCount} AZ${azCount === 1 ? "" : "s"}; give exactly one CIDR per AZ, in AZ order.`);
    ok = false;
  }
  texts.forEach((text, az) => {
    const parsed = parseCidr(text);
    if (!isCidr(parsed)) {
      fail(`CIDR for AZ ${az + 1} is invalid: ${parsed.error}`);
      ok = false;
      return;
    }
    const clash = taken.find((t) => t.derived && cidrsOverlap(t.cidr, parsed));
    if (clash) {
      fail(
        `explicit CIDR ${parsed.text} (AZ ${az + 1}) overlaps ${clash.cidr.text}, which is derived for tier ${JSON.stringify(clash.tier)} (AZ ${clash.az + 1}) earlier in the list. ` +
          `Derived tiers never move to make room for later tiers, so that adding a tier cannot renumber existing subnets; ` +
          `choose a CIDR outside the derived blocks or give ${JSON.stringify(clash.tier)} explicit CIDRs.`,
      );
      ok = false;
    }
    // Reserve even when the tier has other problems, so later tiers are checked against the intended layout rather than reporting knock-on clashes.
    taken.push({ cidr: parsed, tier, az, derived: false });
  });
  return ok ? Object.freeze([...texts]) : undefined;
}

/** Returns a problem sentence, or undefined when the prefix can be derived inside the VPC. */
function checkPrefix(prefix: number, vpc: Cidr): string | undefined {
  if (typeof prefix !== "number" || !Number.isInteger(prefix)) {
    return `prefixLength must be a whole number from ${MIN_SUBNET_PREFIX} to ${MAX_SUBNET_PREFIX}, got ${JSON.stringify(prefix)}.`;
  }
  if (prefix < MIN_SUBNET_PREFIX || prefix > MAX_SUBNET_PREFIX) {
    return `prefixLength /${prefix} is outside the /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX} range AWS allows for subnets.`;
  }
  if (prefix < vpc.prefix) {
    return `prefixLength /${prefix} is larger than the VPC ${vpc.text} itself; use /${vpc.prefix} or longer.`;
  }
  return undefined;
}

/**
 * First-fit allocation of one aligned block per AZ. Candidates are visited in
 * address order, jumping past whatever a candidate collides with to the next
 * aligned address, so the cost is bounded by the number of reservations
 * rather than the number of candidate blocks in the VPC.
 */
function allocate(
  tier: string,
  prefix: number,
  vpc: Cidr,
  azCount: number,
  taken: Taken[],
  fail: (message: string) => void,
): readonly string[] | undefined {
  const size = 2 ** (32 - prefix);
  const cidrs: string[] = [];
  for (let az = 0; az < azCount; az++) {
    const first = lowestFreeBlock(vpc, size, taken);
    if (first === undefined) {
      const free = freeAddresses(vpc, taken);
      const why =
        free >= size
          ? `${free} addresses are still free but not as an aligned /${prefix} block`
          : `only ${free} addresses are still free`;
      fail(
        `the VPC ${vpc.text} is too small: no free aligned /${prefix} is left for AZ ${az + 1} of ${azCount} ` +
          `(the tier needs ${azCount} × /${prefix} = ${azCount * size} addresses; ${why}). ` +
          `Use a longer prefixLength, a larger VPC, or fewer tiers.`,
      );
      return undefined;
    }
    const cidr: Cidr = { text: formatCidr(first, prefix), first, last: first + size - 1, prefix };
    taken.push({ cidr, tier, az, derived: true });
    cidrs.push(cidr.text);
  }
  return Object.freeze(cidrs);
}

/** Lowest aligned block start inside the VPC that overlaps nothing taken, or undefined when none is left. */
function lowestFreeBlock(vpc: Cidr, size: number, taken: readonly Taken[]): number | undefined {
  let candidate = vpc.first;
  while (candidate + size - 1 <= vpc.last) {
    const last = candidate + size - 1;
    let blockedUntil = -1;
    for (const t of taken) {
      if (t.cidr.first <= last && candidate <= t.cidr.last) blockedUntil = Math.max(blockedUntil, t.cidr.last);
    }
    if (blockedUntil < 0) return candidate;
    // The VPC start is aligned to any subnet size inside it, so rounding up to a multiple of size stays aligned.
    candidate = Math.ceil((blockedUntil + 1) / size) * size;
  }
  return undefined;
}

/** Addresses of the VPC not covered by any reservation; explicit CIDRs may overlap each other or stick out of the VPC, so this merges intervals. */
function freeAddresses(vpc: Cidr, taken: readonly Taken[]): number {
  const inside = taken
    .map((t) => [Math.max(t.cidr.first, vpc.first), Math.min(t.cidr.last, vpc.last)] as const)
    .filter(([first, last]) => first <= last)
    .sort((a, b) => a[0] - b[0]);
  let used = 0;
  let coveredUntil = vpc.first - 1;
  for (const [first, last] of inside) {
    if (last <= coveredUntil) continue;
    used += last - Math.max(first, coveredUntil + 1) + 1;
    coveredUntil = last;
  }
  return vpc.last - vpc.first + 1 - used;
}
