/**
 * X.5 across environments: two registered definitions must not share a state
 * bucket, a name, or a domain in one account (refused, naming both); an
 * overlapping VPC in one account and region and placeholder values left in are
 * warned about at synth, naming each field.
 */
import { randomBytes } from "node:crypto";
import { validateAll } from "../../src/app";
import { checkEnvironmentClashes, placeholdersOf } from "../../src/config/environment-clashes";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { webWas } from "../../src/environments/presets/web-was";
import { variant } from "../support/synth";

/** A syntactically valid ed25519 public key that is nobody's preset key. */
function freshKey(): string {
  const type = Buffer.from("ssh-ed25519");
  const len = (b: Buffer) => Buffer.from([0, 0, 0, b.length]);
  const key = randomBytes(32);
  return `ssh-ed25519 ${Buffer.concat([len(type), type, len(key), key]).toString("base64")} me@laptop`;
}

/** web-was copied as a user would, with every personal value replaced. */
const myShop = variant(webWas, (d) => {
  d.name = "my-shop";
  d.account = "210987654321";
  d.stateBucket = "my-shop-tfstate-210987654321";
  d.dns.domain = "shop.my-company.co.kr";
  d.network.vpcCidr = "10.40.0.0/16";
  d.network.bastionAllowedCidrs = ["211.45.67.0/28"];
  d.compute.sshPublicKey = freshKey();
  d.data.alarms = { ...d.data.alarms, emails: ["ops@my-company.co.kr"] };
});

function refusalOf(definitions: unknown[], only?: string[]): string {
  try {
    validateAll(definitions as never, only, { warn: () => undefined });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("not refused");
}

function warningsOf(definitions: unknown[], only?: string[]): string[] {
  const lines: string[] = [];
  validateAll(definitions as never, only, { presets: PRESETS, warn: (l) => lines.push(l) });
  return lines;
}

describe("clashes between environments (X.5)", () => {
  it("a copy with every personal value replaced is accepted next to its preset, without a placeholder warning", () => {
    const warnings = warningsOf([webWas, myShop]);
    expect(warnings.filter((w) => w.startsWith("warning: my-shop"))).toEqual([]);
  });

  it("the same state bucket is refused, naming both environments and the field", () => {
    const message = refusalOf([webWas, variant(myShop, (d) => (d.stateBucket = webWas.stateBucket))]);
    expect(message).toContain('environment definition "my-shop" is invalid (1 problem)');
    expect(message).toContain(`stateBucket (given: "${webWas.stateBucket}"): environment "web-was" keeps its state in this bucket (web-was: stateBucket)`);
    expect(message).not.toContain('definition "web-was"');
  });

  it("is refused when only the later environment is synthesized, and not when only the earlier one is", () => {
    const defs = [webWas, variant(myShop, (d) => (d.stateBucket = webWas.stateBucket))];
    expect(refusalOf(defs, ["my-shop"])).toContain('environment "web-was" keeps its state in this bucket');
    expect(validateAll(defs as never, ["web-was"], { warn: () => undefined }).map((e) => e.name)).toEqual(["web-was"]);
  });

  it("the same domain in the same account is refused naming both; in another account it is accepted", () => {
    const sameAccount = variant(myShop, (d) => ((d.dns.domain = webWas.dns.domain), (d.account = webWas.account)));
    expect(refusalOf([webWas, sameAccount])).toContain(`dns.domain (given: "${webWas.dns.domain}"): environment "web-was" has a hosted zone for this domain in account ${webWas.account} (web-was: dns.domain)`);
    const otherAccount = variant(myShop, (d) => (d.dns.domain = webWas.dns.domain));
    expect(() => validateAll([webWas, otherAccount] as never, undefined, { warn: () => undefined })).not.toThrow();
  });

  it("the same name is refused: the environment exists", () => {
    expect(refusalOf([webWas, variant(myShop, (d) => (d.name = "web-was"))])).toContain('name (given: "web-was"): environment "web-was" exists already');
  });

  it("clash problems are reported together with the definition's own problems", () => {
    const both = variant(myShop, (d) => ((d.stateBucket = webWas.stateBucket), (d.network.vpcCidr = "10.40.0.0/33")));
    const message = refusalOf([webWas, both]);
    expect(message).toMatch(/network\.vpcCidr[\s\S]*stateBucket \(given/);
  });

  it("overlapping VPCs in one account and region are a warning naming both, silenced by a reasoned vpcOverlaps entry", () => {
    const overlapping = variant(myShop, (d) => ((d.account = webWas.account), (d.network.vpcCidr = "10.30.0.0/16")));
    const warning = warningsOf([webWas, overlapping], ["my-shop"]).find((w) => w.includes("overlaps"));
    expect(warning).toMatch(/^warning: my-shop: network\.vpcCidr 10\.30\.0\.0\/16 overlaps web-was's network\.vpcCidr 10\.30\.0\.0\/16 in account 333333333333, ap-northeast-2/);
    const accepted = variant(overlapping, (d) => (d.guardrails = { vpcOverlaps: [{ environment: "web-was", reason: "sandbox copy, never peered with web-was" }] }));
    expect(warningsOf([webWas, accepted], ["my-shop"]).filter((w) => w.includes("overlaps"))).toEqual([]);
    const otherRegion = variant(overlapping, (d) => ((d.region = "ap-northeast-1"), (d.azs = ["ap-northeast-1a", "ap-northeast-1c"])));
    expect(warningsOf([webWas, otherRegion], ["my-shop"]).filter((w) => w.includes("overlaps"))).toEqual([]);
  });

  it("a vpcOverlaps entry needs a reason", () => {
    const noReason = variant(myShop, (d) => (d.guardrails = { vpcOverlaps: [{ environment: "web-was", reason: "ok" }] }));
    expect(refusalOf([webWas, noReason])).toContain("guardrails.vpcOverlaps[0].reason");
  });
});

describe("placeholder values", () => {
  it("are listed as ONE warning per environment at synth, naming each field", () => {
    const warnings = warningsOf([...PRESETS]).filter((w) => w.includes("placeholder"));
    expect(warnings).toHaveLength(PRESETS.length);
    const web = warnings.find((w) => w.startsWith("warning: web-was "))!;
    expect(web).toContain("account (example account id)");
    expect(web).toContain("dns.domain (example domain)");
    expect(web).toContain("network.bastionAllowedCidrs[1] (documentation range)");
    expect(web).toContain("compute.sshPublicKey (a preset's SSH key)");
  });

  it.each([
    ["account", "123456789012", "example account id"],
    ["account", "999999999999", "example account id"],
    ["dns.domain", "shop.example.org", "example domain"],
    ["dns.domain", "shop.internal.test", "example domain"],
    ["alarms", "ops@example.com", "example domain"],
    ["network.datacenter.customerGatewayIp", "203.0.113.10", "documentation range"],
    ["network.bastionAllowedCidrs[0]", "192.0.2.0/28", "documentation range"],
  ])("%s %s is a placeholder (%s)", (_field, value, why) => {
    expect(placeholdersOf({ x: value }, new Set()).map((p) => p.why)).toEqual([why]);
  });

  it.each([["210987654321"], ["shop.my-company.co.kr"], ["211.45.67.89"], ["10.0.0.0/16"], ["ops@my-company.co.kr"]])("%s is not", (value) => {
    expect(placeholdersOf({ x: value }, new Set())).toEqual([]);
  });

  it("a preset's SSH key is a placeholder even with another comment; a fresh key is not", () => {
    const presetKey = (buddyverse.compute as { sshPublicKey: string }).sshPublicKey;
    const report = checkEnvironmentClashes({
      definitions: [variant(myShop, (d) => (d.compute.sshPublicKey = presetKey.replace(/ \S+$/, " copied")))],
      presets: PRESETS,
    });
    expect(report.warnings.join("\n")).toContain("compute.sshPublicKey (a preset's SSH key)");
    expect(checkEnvironmentClashes({ definitions: [myShop], presets: PRESETS }).warnings).toEqual([]);
  });
});

describe("what is registered and selected", () => {
  it("no registered environment at all says how to add one", () => {
    expect(refusalOf([])).toBe("no environment is registered: add a definition to DEFINITIONS in src/environments/index.ts (npm run new-env -- <name> --from <preset>)");
  });

  it("an unknown ENVIRONMENT lists the registered names", () => {
    expect(refusalOf([webWas], ["nope"])).toBe('ENVIRONMENT names no registered environment: "nope"; registered: web-was');
  });

  it("an empty definition is refused as a definition with its missing fields, not as an unknown environment", () => {
    const message = refusalOf([{}]);
    expect(message).toContain('environment definition "definition #1 (no name)" is invalid');
    expect(message).toContain("name (given: missing)");
    expect(message).toContain("stateBucket (given: missing)");
  });
});
