/**
 * The `edge` section: defaults filled in, and every invalid edge definition
 * refused with the field path and what is allowed (X.5).
 */
import { EnvironmentDefinition } from "../../src/config/definition";
import { edgeSchema, edgeSettings } from "../../src/config/edge/schema";
import { validateDefinition } from "../../src/config/validate";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

/** buddyverse moved to a region without a well-known CloudFront prefix list. */
function inBahrain(d: any): void {
  d.region = "me-south-1";
  d.azs = ["me-south-1a", "me-south-1b"];
  // Other sections may pin AZs of the old region; they are not what this test is about.
  d.data = { alarms: d.data.alarms };
  delete d.compute;
}

describe("edge section defaults", () => {
  it("an empty section gets apex + www, WAF 2000 per 5 min, the trail on, no CDN, no vendor", () => {
    expect(edgeSchema.parse({})).toEqual({
      dns: { names: ["@", "www"] },
      waf: { rateLimit: 2000, rateWindowSeconds: 300, uploads: [], geoBlock: [], logRetentionDays: 365 },
      audit: { trail: true, logRetentionDays: 365, archiveRetentionDays: 2557 },
    });
  });

  it("a definition without an edge section gets the same settings", () => {
    const env = validateDefinition(variant(buddyverse, (d) => delete d.edge));
    expect(env.edge).toBeUndefined();
    expect(edgeSettings(env)).toEqual(edgeSchema.parse({}));
  });

  it("R1.2 a CDN gets /media/* cached a day (at most a year), PriceClass_200, access logs kept 365 days", () => {
    const cdn = edgeSchema.parse({ cdn: {} }).cdn;
    expect(cdn).toEqual({
      mediaPaths: ["/media/*"],
      mediaDefaultTtlSeconds: 86400,
      mediaMaxTtlSeconds: 31536000,
      priceClass: "PriceClass_200",
      accessLogRetentionDays: 365,
    });
  });

  it("R1.2 media-commerce has a CDN with media, image and video paths; the others have none", () => {
    expect(validateDefinition(mediaCommerce).edge?.cdn?.mediaPaths).toEqual(["/media/*", "/images/*", "/videos/*"]);
    expect(validateDefinition(retailLaunch).edge?.cdn).toBeUndefined();
    expect(validateDefinition(buddyverse).edge?.cdn).toBeUndefined();
  });

  it("R0.7 retail-launch grants a vendor account read-only access, with an external id", () => {
    expect(validateDefinition(retailLaunch).edge?.vendorAccess).toEqual({ accountId: "555555555555", externalId: "a-shoes-retail-launch-vendor" });
  });

  it("a CDN in a region without a well-known prefix list is accepted with an explicit id", () => {
    const def = variant(buddyverse, (d) => {
      inBahrain(d);
      d.edge.cdn = { originFacingPrefixListId: "pl-0123abcd" };
      d.data = { media: {}, alarms: d.data.alarms };
    });
    expect(validateDefinition(def).edge?.cdn?.originFacingPrefixListId).toBe("pl-0123abcd");
  });
});

describe("X.5 edge refusals name the field and what is allowed", () => {
  const cases: [string, string, EnvironmentDefinition, RegExp][] = [
    ["an upload path with a wildcard in the middle", "edge.waf.uploads[0].paths[0]", variant(buddyverse, (d) => (d.edge.waf.uploads = [{ paths: ["/board/*/files"], maxBodyMb: 10 }])), /optionally ending in '\*'/],
    ["an upload path without a leading slash", "edge.waf.uploads[0].paths[0]", variant(buddyverse, (d) => (d.edge.waf.uploads = [{ paths: ["board/*"], maxBodyMb: 10 }])), /starting with '\/'/],
    ["an upload limit of 0", "edge.waf.uploads[0].maxBodyMb", variant(buddyverse, (d) => (d.edge.waf.uploads = [{ paths: ["/board/*"], maxBodyMb: 0 }])), />=1|at least|too small/i],
    ["site name listed twice", "edge.dns.names[2]", variant(buddyverse, (d) => (d.edge.dns.names = ["@", "www", "www"])), /"www" is listed twice/],
    ["site name not a DNS label", "edge.dns.names[1]", variant(buddyverse, (d) => (d.edge.dns.names = ["@", "shop_1"])), /DNS label/],
    ["no site name", "edge.dns.names", variant(buddyverse, (d) => (d.edge.dns.names = [])), /at least 1|>=1|too small/i],
    ['"apex" beside "@"', "edge.dns.names[1]", variant(buddyverse, (d) => (d.edge.dns.names = ["@", "apex"])), /"apex" cannot sit beside "@"/],
    ["CDN in a region without a known prefix list", "edge.cdn.originFacingPrefixListId", variant(buddyverse, (d) => { inBahrain(d); d.edge.cdn = {}; }), /no known CloudFront origin-facing prefix list for region me-south-1/],
    ["CDN without a media bucket", "edge.cdn", variant(mediaCommerce, (d) => delete d.data.media), /define data\.media too/],
    ["malformed prefix list id", "edge.cdn.originFacingPrefixListId", variant(mediaCommerce, (d) => (d.edge.cdn.originFacingPrefixListId = "pl-XYZ")), /managed prefix list id/],
    ["media path without a leading slash", "edge.cdn.mediaPaths[0]", variant(mediaCommerce, (d) => (d.edge.cdn.mediaPaths = ["media/*"])), /starting with '\/'/],
    ["media path listed twice", "edge.cdn.mediaPaths[1]", variant(mediaCommerce, (d) => (d.edge.cdn.mediaPaths = ["/media/*", "/media/*"])), /listed twice/],
    ["media default TTL above the maximum", "edge.cdn.mediaDefaultTtlSeconds", variant(mediaCommerce, (d) => Object.assign(d.edge.cdn, { mediaDefaultTtlSeconds: 7200, mediaMaxTtlSeconds: 3600 })), /must not exceed edge\.cdn\.mediaMaxTtlSeconds \(3600\)/],
    ["unknown price class", "edge.cdn.priceClass", variant(mediaCommerce, (d) => (d.edge.cdn.priceClass = "PriceClass_50")), /allowed: "PriceClass_100", "PriceClass_200", "PriceClass_All"/],
    ["lower-case country in the geo restriction", "edge.cdn.geoRestriction.countries[0]", variant(mediaCommerce, (d) => (d.edge.cdn.geoRestriction = { type: "allow", countries: ["kr"] })), /ISO 3166-1 alpha-2/],
    ["geo restriction of unknown type", "edge.cdn.geoRestriction.type", variant(mediaCommerce, (d) => (d.edge.cdn.geoRestriction = { type: "whitelist", countries: ["KR"] })), /allowed: "allow", "deny"/],
    ["rate limit below WAF's minimum", "edge.waf.rateLimit", variant(buddyverse, (d) => (d.edge.waf.rateLimit = 5)), /10|too small/],
    ["rate window WAF does not offer", "edge.waf.rateWindowSeconds", variant(buddyverse, (d) => (d.edge.waf.rateWindowSeconds = 30)), /allowed: 60, 120, 300, 600/],
    ["country blocked twice", "edge.waf.geoBlock[1]", variant(buddyverse, (d) => (d.edge.waf.geoBlock = ["KP", "KP"])), /"KP" is listed twice/],
    ["log retention CloudWatch does not offer", "edge.waf.logRetentionDays", variant(buddyverse, (d) => (d.edge.waf.logRetentionDays = 100)), /allowed: 30, 60, 90, 180, 365/],
    ["trail switch not a boolean", "edge.audit.trail", variant(buddyverse, (d) => (d.edge.audit.trail = "yes")), /expected boolean/],
    ["trail archive shorter than a year", "edge.audit.archiveRetentionDays", variant(buddyverse, (d) => (d.edge.audit.archiveRetentionDays = 30)), /365|too small/],
    ["vendor in the environment's own account", "edge.vendorAccess.accountId", variant(retailLaunch, (d) => (d.edge.vendorAccess.accountId = d.account)), /another account than the environment's own/],
    ["vendor account id malformed", "edge.vendorAccess.accountId", variant(retailLaunch, (d) => (d.edge.vendorAccess.accountId = "5555")), /12-digit/],
    ["external id with a space", "edge.vendorAccess.externalId", variant(retailLaunch, (d) => (d.edge.vendorAccess.externalId = "a shoes")), /2-1224 characters/],
    ["unknown field in the CDN", "edge.cdn.mediaPath", variant(mediaCommerce, (d) => (d.edge.cdn.mediaPath = "/media/*")), /unknown field/],
  ];

  it.each(cases)("%s → %s", (_what, path, definition, message) => {
    const problems = problemsOf(definition);
    const atPath = problems.filter((p) => p.path === path);
    expect(atPath.map((p) => p.path)).toContain(path);
    expect(atPath.map((p) => p.message).join("\n")).toMatch(message);
  });

  it("reports every edge problem of a definition at once", () => {
    const def = variant(retailLaunch, (d) => {
      d.edge.dns.names = ["www", "www"];
      d.edge.waf.geoBlock = ["KP", "KP"];
      d.edge.vendorAccess.accountId = d.account;
    });
    expect(problemsOf(def).map((p) => p.path)).toEqual(
      expect.arrayContaining(["edge.dns.names[1]", "edge.waf.geoBlock[1]", "edge.vendorAccess.accountId"]),
    );
  });
});
