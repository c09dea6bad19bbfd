/**
 * The comparisons of the generated pages point the way the source write-ups
 * say: a NAT instance costs less than NAT gateways, one gateway less than one
 * per AZ, a pilot light less than a warm standby; every media copy costs
 * something and is listed.
 */
import { drComparison, estimateDefinition, mediaCopies, natComparison } from "../../../src/tools/cost/compare";
import { buddyverse } from "../../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../../src/environments/presets/media-commerce";
import { webWas } from "../../../src/environments/presets/web-was";

const value = (c: ReturnType<typeof natComparison>, v: string) => c.alternatives.find((a) => a.value === v)!;

describe("cost comparisons", () => {
  it("R3.2 buddyverse: its NAT instances cost less per month than NAT gateways per AZ", () => {
    const c = natComparison(buddyverse);
    expect(c.alternatives.map((a) => [a.value, a.current])).toEqual([
      ["instance", true],
      ["gateway-per-az", false],
    ]);
    expect(value(c, "instance").scopeUsd).toBeLessThan(value(c, "gateway-per-az").scopeUsd);
    expect(value(c, "instance").environmentUsd).toBeLessThan(value(c, "gateway-per-az").environmentUsd);
  });

  it("R2.8 web-was: a single NAT gateway costs less per month than one per AZ", () => {
    const c = natComparison(webWas);
    expect(c.alternatives.map((a) => a.value).sort()).toEqual(["gateway-per-az", "single-gateway"]);
    expect(value(c, "single-gateway").scopeUsd).toBeLessThan(value(c, "gateway-per-az").scopeUsd);
  });

  it("R1.7 media-commerce: a pilot light costs less per month than its warm standby, in the DR stacks only", () => {
    const c = drComparison(mediaCommerce)!;
    expect(c.alternatives.map((a) => [a.value, a.current])).toEqual([
      ["warm-standby", true],
      ["pilot-light", false],
    ]);
    const warm = value(c, "warm-standby");
    const pilot = value(c, "pilot-light");
    expect(pilot.scopeUsd).toBeLessThan(warm.scopeUsd);
    expect(warm.environmentUsd - pilot.environmentUsd).toBeCloseTo(warm.scopeUsd - pilot.scopeUsd, 6);
  });

  it("has no DR comparison without a dr section", () => {
    expect(drComparison(webWas)).toBeUndefined();
  });

  it("R1.2 media-commerce: the primary, the Object-Locked copy, the backup recovery points and the DR replica each cost something", () => {
    const copies = mediaCopies(estimateDefinition(mediaCommerce));
    expect(copies.map((c) => c.topic)).toEqual(["media-primary", "media-locked-copy", "media-backup", "media-dr-replica"]);
    for (const c of copies) expect(c.monthlyUsd).toBeGreaterThan(0);
    // The locked copy is Glacier Instant Retrieval: cheaper per GB than the Intelligent-Tiering primary.
    expect(copies[1].lines.some((l) => l.priceKey === "s3:GLACIER_IR-gb")).toBe(true);
    expect(copies[1].monthlyUsd).toBeLessThan(copies[0].monthlyUsd);
    // The DR replica is stored in Tokyo and pays the transfer from Seoul.
    expect(copies[3].lines.some((l) => l.priceKey === "transfer:inter-region-gb" && l.region === "ap-northeast-2")).toBe(true);
    expect(copies[3].lines.some((l) => l.region === "ap-northeast-1")).toBe(true);
  });

  it("has no media copies without media", () => {
    expect(mediaCopies(estimateDefinition(webWas))).toEqual([]);
  });
});
