import fc from "fast-check";
import {
  Cidr,
  cidrContains,
  cidrSize,
  cidrsOverlap,
  formatCidr,
  formatIpv4Address,
  isCidr,
  isIpv4Address,
  isPublicIpv4,
  parseCidr,
} from "../../src/lib/cidr";

/** Parse or fail the test loudly; examples below are meant to be valid. */
function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!isCidr(parsed)) throw new Error(`test fixture ${text} did not parse: ${parsed.error}`);
  return parsed;
}

function errorOf(text: string): string {
  const parsed = parseCidr(text);
  if (isCidr(parsed)) throw new Error(`${text} unexpectedly parsed as ${parsed.text}`);
  return parsed.error;
}

/** Any block: a random address with its host bits cleared for a random prefix. */
const anyCidr = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
  .map(([address, prefix]) => {
    const size = 2 ** (32 - prefix);
    return cidr(formatCidr(address - (address % size), prefix));
  });

describe("parseCidr accepts canonical IPv4 CIDRs", () => {
  it.each([
    // text, first, last, prefix
    ["10.0.0.0/16", 0x0a000000, 0x0a00ffff, 16],
    ["172.31.10.0/24", 0xac1f0a00, 0xac1f0aff, 24],
    ["0.0.0.0/0", 0, 0xffffffff, 0],
    ["255.255.255.255/32", 0xffffffff, 0xffffffff, 32],
    ["128.0.0.0/1", 0x80000000, 0xffffffff, 1],
    ["192.168.1.7/32", 0xc0a80107, 0xc0a80107, 32],
    ["10.0.0.240/28", 0x0a0000f0, 0x0a0000ff, 28],
  ])("%s", (text, first, last, prefix) => {
    expect(parseCidr(text)).toEqual({ text, first, last, prefix });
  });
});

describe("parseCidr rejects malformed input with a sentence", () => {
  it.each<[string, string, RegExp]>([
    ["empty string", "", /empty string is not a CIDR/],
    ["octet above 255", "10.0.0.256/24", /octet "256" is not a decimal number from 0 to 255/],
    ["negative octet", "10.-1.0.0/16", /octet "-1"/],
    ["leading-zero octet", "10.01.0.0/16", /octet "01" .*without leading zeros/],
    ["hex octet", "0x0a.0.0.0/8", /octet "0x0a"/],
    ["three octets", "10.0.0/16", /expected four decimal octets/],
    ["five octets", "10.0.0.0.0/16", /expected four decimal octets/],
    ["letters", "ten.0.0.0/8", /octet "ten"/],
    ["prefix 33", "10.0.0.0/33", /prefix length \/33; IPv4 prefix lengths go from \/0 to \/32/],
    ["huge prefix", "10.0.0.0/4294967296", /IPv4 prefix lengths go from \/0 to \/32/],
    ["negative prefix", "10.0.0.0/-1", /prefix length "-1", which is not a whole number/],
    ["empty prefix", "10.0.0.0/", /prefix length "", which is not a whole number/],
    ["prefix with leading zero", "10.0.0.0/016", /leading zeros; write it as 10\.0\.0\.0\/16/],
    ["two slashes", "10.0.0.0/16/24", /which is not a whole number/],
    ["missing prefix", "10.0.0.1", /single address, not a CIDR; add a prefix length, e.g. 10\.0\.0\.1\/32/],
    ["no address at all", "/16", /expected four decimal octets/],
    ["garbage", "hello", /not an IPv4 CIDR; expected the form a\.b\.c\.d\/n/],
    ["surrounding whitespace", " 10.0.0.0/16", /leading or trailing whitespace; write it as "10\.0\.0\.0\/16"/],
    ["trailing newline", "10.0.0.0/16\n", /leading or trailing whitespace/],
    ["IPv6 CIDR", "2001:db8::/32", /looks like an IPv6 CIDR; only IPv4/],
    ["IPv4-mapped IPv6", "::ffff:10.0.0.0/104", /IPv6/],
  ])("%s: %j", (_label, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });

  it.each([
    ["10.0.1.0/16", "10.0.0.0/16"],
    ["172.31.10.5/24", "172.31.10.0/24"],
    ["10.0.0.1/0", "0.0.0.0/0"],
    ["255.255.255.255/1", "128.0.0.0/1"],
    ["10.0.0.17/28", "10.0.0.16/28"],
  ])("host bits set in %s suggest %s", (text, canonical) => {
    expect(errorOf(text)).toBe(`"${text}" has host bits set for a /${text.split("/")[1]}; did you mean ${canonical}?`);
  });

  it("reports a wrong runtime type instead of throwing (definitions come from untyped JSON/YAML)", () => {
    expect(errorOf(16 as unknown as string)).toMatch(/got number/);
    expect(errorOf(null as unknown as string)).toMatch(/got null/);
  });

  it("never throws on arbitrary text and always explains a rejection in a full sentence", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseCidr(text);
        if (!isCidr(parsed)) {
          expect(parsed.error).toMatch(/^\S.*[.?]$/s);
        }
      }),
    );
  });
});

describe("parseCidr and formatCidr round-trip", () => {
  it("formatCidr(first, prefix) parses back to the same block", () => {
    fc.assert(
      fc.property(anyCidr, (c) => {
        expect(parseCidr(formatCidr(c.first, c.prefix))).toEqual(c);
        expect(cidrSize(c)).toBe(2 ** (32 - c.prefix));
        expect(c.first % cidrSize(c)).toBe(0);
      }),
    );
  });

  it("the host-bits suggestion is itself a valid CIDR containing the address", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const text = `${formatIpv4Address(address)}/${prefix}`;
        const parsed = parseCidr(text);
        if (isCidr(parsed)) {
          expect(parsed.first).toBe(address);
          return;
        }
        const suggestion = /did you mean (\S+)\?$/.exec(parsed.error)?.[1];
        expect(suggestion).toBeDefined();
        const suggested = cidr(suggestion as string);
        expect(suggested.prefix).toBe(prefix);
        expect(suggested.first <= address && address <= suggested.last).toBe(true);
      }),
    );
  });
});

describe("formatCidr", () => {
  it.each([
    [0, 0, "0.0.0.0/0"],
    [0x0a000000, 8, "10.0.0.0/8"],
    [0xffffffff, 32, "255.255.255.255/32"],
    [0xc0a80100, 24, "192.168.1.0/24"],
  ])("formatCidr(%d, %d) is %s", (first, prefix, text) => {
    expect(formatCidr(first, prefix)).toBe(text);
  });

  it.each<[string, number, number]>([
    ["host bits set", 0x0a000001, 24],
    ["prefix 33", 0, 33],
    ["negative prefix", 0, -1],
    ["fractional prefix", 0, 8.5],
    ["address 2^32", 2 ** 32, 32],
    ["negative address", -256, 24],
    ["fractional address", 0.5, 32],
  ])("throws a RangeError for %s", (_label, first, prefix) => {
    expect(() => formatCidr(first, prefix)).toThrow(RangeError);
  });
});

describe("cidrContains / cidrsOverlap", () => {
  it.each<[string, string, string, boolean, boolean]>([
    // label, a, b, a contains b, overlap
    ["identical", "10.0.0.0/24", "10.0.0.0/24", true, true],
    ["subnet inside", "10.0.0.0/16", "10.0.5.0/24", true, true],
    ["supernet outside", "10.0.5.0/24", "10.0.0.0/16", false, true],
    ["adjacent below", "10.0.0.0/24", "10.0.1.0/24", false, false],
    ["adjacent above", "10.0.1.0/24", "10.0.0.0/24", false, false],
    ["adjacent across a /16 boundary", "10.0.255.0/24", "10.1.0.0/24", false, false],
    ["disjoint", "10.0.0.0/16", "192.168.0.0/16", false, false],
    ["/0 contains everything", "0.0.0.0/0", "255.255.255.255/32", true, true],
    ["/0 contains itself", "0.0.0.0/0", "0.0.0.0/0", true, true],
    ["everything is inside /0", "10.0.0.0/8", "0.0.0.0/0", false, true],
    ["/32 inside its /24", "10.0.0.0/24", "10.0.0.255/32", true, true],
    ["/32 just past the /24", "10.0.0.0/24", "10.0.1.0/32", false, false],
    ["/32 itself", "10.0.0.7/32", "10.0.0.7/32", true, true],
    ["neighbouring /32s", "10.0.0.7/32", "10.0.0.8/32", false, false],
    ["top of the address space", "128.0.0.0/1", "255.255.255.0/24", true, true],
    ["halves of the address space", "0.0.0.0/1", "128.0.0.0/1", false, false],
  ])("%s: %s vs %s", (_label, a, b, contains, overlap) => {
    expect(cidrContains(cidr(a), cidr(b))).toBe(contains);
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(overlap);
    expect(cidrsOverlap(cidr(b), cidr(a))).toBe(overlap);
  });

  it("overlap is symmetric and, for aligned blocks, means one contains the other", () => {
    fc.assert(
      fc.property(anyCidr, anyCidr, (a, b) => {
        expect(cidrsOverlap(a, b)).toBe(cidrsOverlap(b, a));
        expect(cidrsOverlap(a, b)).toBe(cidrContains(a, b) || cidrContains(b, a));
      }),
    );
  });

  it("containment agrees with address membership and is reflexive", () => {
    fc.assert(
      fc.property(anyCidr, anyCidr, (a, b) => {
        expect(cidrContains(a, a)).toBe(true);
        expect(cidrContains(a, b)).toBe(a.first <= b.first && b.last <= a.last);
        if (cidrContains(a, b) && cidrContains(b, a)) expect(a).toEqual(b);
      }),
    );
  });
});

describe("isIpv4Address", () => {
  it.each([
    ["203.0.113.7", true],
    ["0.0.0.0", true],
    ["255.255.255.255", true],
    ["256.0.0.1", false],
    ["10.0.0.01", false],
    ["10.0.0", false],
    ["10", false],
    ["167772161", false],
    ["0x0a.0.0.1", false],
    ["10.0.0.0/32", false],
    ["::1", false],
    ["", false],
    [" 10.0.0.1", false],
  ])("%j -> %s", (text, expected) => {
    expect(isIpv4Address(text)).toBe(expected);
  });
});

describe("isPublicIpv4", () => {
  it.each([
    ["8.8.8.8", true],
    ["52.95.110.1", true],
    ["1.1.1.1", true],
    ["172.32.0.1", true], // just past 172.16.0.0/12
    ["10.1.2.3", false], // private
    ["172.16.0.1", false], // private
    ["172.31.255.255", false], // private
    ["192.168.0.1", false], // private
    ["127.0.0.1", false], // loopback
    ["169.254.169.254", false], // link-local (instance metadata)
    ["100.64.0.1", false], // carrier-grade NAT
    ["224.0.0.1", false], // multicast
    ["240.0.0.1", false], // reserved
    ["255.255.255.255", false], // broadcast
    ["0.0.0.0", false], // unspecified
    ["203.0.113.10", false], // documentation (TEST-NET-3)
    ["198.51.100.1", false], // documentation (TEST-NET-2)
    ["192.0.2.1", false], // documentation (TEST-NET-1)
    ["198.18.0.1", false], // benchmarking
    ["not an ip", false],
    ["8.8.8.8/32", false],
    ["2001:4860:4860::8888", false], // public, but not IPv4
  ])("%s -> %s", (text, expected) => {
    expect(isPublicIpv4(text)).toBe(expected);
  });
});
