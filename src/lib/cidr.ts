/**
 * Pure IPv4 CIDR helpers shared by the environment validator and the subnet
 * layout derivation.
 *
 * Addresses are handled as unsigned 32-bit numbers held in ordinary JS
 * numbers and manipulated with arithmetic rather than bitwise operators:
 * JS bit operators work on signed 32-bit integers, so `1 << 32`, `x >>> 32`
 * and anything at or above 128.0.0.0 would silently go wrong, and /0 (2^32
 * addresses) does not fit in 32 bits at all. Doubles represent every integer
 * up to 2^53 exactly, so the arithmetic here is exact.
 *
 * Parsing is delegated to ipaddr.js; this module only adds the strictness we
 * want (canonical dotted-quad text only) and human-readable error sentences.
 */
import ipaddr from "ipaddr.js";

/** An IPv4 CIDR block whose address is its network address (no host bits set). */
export interface Cidr {
  /** Canonical text, e.g. `10.0.0.0/16`; identical to the text that was parsed. */
  readonly text: string;
  /** First address of the block as an unsigned 32-bit number. */
  readonly first: number;
  /** Last address of the block (inclusive) as an unsigned 32-bit number. */
  readonly last: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

const ADDRESS_COUNT = 2 ** 32;

/** Octets are checked one by one only to name the offending one in the error; validity itself is decided by ipaddr.js. */
const CANONICAL_OCTET = /^(0|[1-9]\d{0,2})$/;

/**
 * Parse `a.b.c.d/n`.
 *
 * Only canonical text is accepted (decimal octets without leading zeros, a
 * prefix without leading zeros, no whitespace) because CIDR strings end up in
 * resource arguments and are compared as strings: `10.0.0.0/016` and
 * `10.0.0.0/16` would otherwise be "different" values for the same block and
 * cause spurious plan diffs.
 *
 * Returns `{ error }`, a sentence suitable for showing to whoever edits the
 * environment definition, for bad syntax, a prefix outside 0..32, or host bits
 * set (then it suggests the canonical network: `did you mean 10.0.0.0/16?`).
 */
export function parseCidr(text: string): Cidr | { readonly error: string } {
  if (typeof text !== "string") {
    return { error: `Expected an IPv4 CIDR string such as 10.0.0.0/16, got ${text === null ? "null" : typeof text}.` };
  }
  if (text === "") {
    return { error: "An empty string is not a CIDR; expected the form a.b.c.d/n, e.g. 10.0.0.0/16." };
  }
  const quoted = JSON.stringify(text);
  if (text.trim() !== text) {
    return { error: `${quoted} has leading or trailing whitespace; write it as ${JSON.stringify(text.trim())}.` };
  }
  if (text.includes(":")) {
    return { error: `${quoted} looks like an IPv6 CIDR; only IPv4 CIDRs (a.b.c.d/n) are supported here.` };
  }
  const slash = text.indexOf("/");
  if (slash === -1) {
    return isIpv4Address(text)
      ? { error: `${quoted} is a single address, not a CIDR; add a prefix length, e.g. ${text}/32.` }
      : { error: `${quoted} is not an IPv4 CIDR; expected the form a.b.c.d/n, e.g. 10.0.0.0/16.` };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);

  if (!/^\d+$/.test(prefixText)) {
    return { error: `${quoted} has prefix length ${JSON.stringify(prefixText)}, which is not a whole number from 0 to 32.` };
  }
  const prefix = Number(prefixText);
  if (prefix > 32) {
    return { error: `${quoted} has prefix length /${prefix}; IPv4 prefix lengths go from /0 to /32.` };
  }
  if (String(prefix) !== prefixText) {
    return { error: `${quoted} writes the prefix length with leading zeros; write it as ${addressText}/${prefix}.` };
  }

  if (!isIpv4Address(addressText)) {
    const octets = addressText.split(".");
    const bad = octets.length === 4 ? octets.find((o) => !CANONICAL_OCTET.test(o) || Number(o) > 255) : undefined;
    const detail =
      bad === undefined
        ? "expected four decimal octets separated by dots"
        : `octet ${JSON.stringify(bad)} is not a decimal number from 0 to 255 without leading zeros`;
    return { error: `${quoted} does not start with a valid IPv4 address: ${detail}.` };
  }

  const address = ipv4ToNumber(addressText);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  if (first !== address) {
    return { error: `${quoted} has host bits set for a /${prefix}; did you mean ${formatCidr(first, prefix)}?` };
  }
  return Object.freeze({ text: formatCidr(first, prefix), first, last: first + size - 1, prefix });
}

/** Narrow a {@link parseCidr} result to a successfully parsed CIDR. */
export function isCidr(x: Cidr | { error: string }): x is Cidr {
  return !("error" in x);
}

/** True when every address of `inner` is also in `outer` (so a block contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/**
 * True when the blocks share at least one address. Merely adjacent blocks
 * (10.0.0.0/24 and 10.0.1.0/24) do not overlap.
 *
 * Because CIDR blocks are aligned, two blocks overlap exactly when one contains
 * the other; the interval test is used anyway so the function stays correct
 * for any first/last pair.
 */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * True for a single canonical dotted-quad IPv4 address (`203.0.113.7`).
 *
 * Rejects the exotic forms ipaddr.js would otherwise accept (`10.1`, hex and
 * octal octets, a bare 32-bit number) because AWS and most humans read those
 * differently.
 */
export function isIpv4Address(text: string): boolean {
  return typeof text === "string" && ipaddr.IPv4.isValidFourPartDecimal(text);
}

/**
 * True for a globally routable unicast IPv4 address, i.e. one that can
 * legitimately appear in an allow-list of someone else's internet egress.
 * Private (RFC 1918), loopback, link-local, CGNAT, multicast, broadcast,
 * documentation/benchmark/reserved and similar special ranges are all false:
 * the ipaddr.js range table is the single source of truth for what "special"
 * means, so this never drifts from a hand-maintained list.
 */
export function isPublicIpv4(text: string): boolean {
  return isIpv4Address(text) && ipaddr.IPv4.parse(text).range() === "unicast";
}

/** Number of addresses in the block, including network and broadcast (2^32 for /0). */
export function cidrSize(c: Cidr): number {
  return c.last - c.first + 1;
}

/**
 * Format a network address and prefix as canonical CIDR text.
 *
 * Throws a RangeError instead of silently masking host bits: callers pass
 * addresses they computed themselves, so a misaligned one is a bug that should
 * surface, not a typo to correct.
 */
export function formatCidr(first: number, prefix: number): string {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new RangeError(`Prefix length must be an integer from 0 to 32, got ${prefix}.`);
  }
  const address = formatIpv4Address(first);
  if (first % 2 ** (32 - prefix) !== 0) {
    throw new RangeError(`${address} is not aligned to a /${prefix} (host bits set).`);
  }
  return `${address}/${prefix}`;
}

/** Format an unsigned 32-bit number as a dotted-quad IPv4 address; throws a RangeError outside 0..2^32-1. */
export function formatIpv4Address(address: number): string {
  if (!Number.isInteger(address) || address < 0 || address >= ADDRESS_COUNT) {
    throw new RangeError(`An IPv4 address must be an integer from 0 to ${ADDRESS_COUNT - 1}, got ${address}.`);
  }
  return [2 ** 24, 2 ** 16, 2 ** 8, 1].map((unit) => Math.floor(address / unit) % 256).join(".");
}

/** Callers must have checked the text with isIpv4Address first. */
function ipv4ToNumber(text: string): number {
  return ipaddr.IPv4.parse(text).octets.reduce((n, octet) => n * 256 + octet, 0);
}
