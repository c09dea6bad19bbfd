/**
 * X.5: every invalid environment definition is refused, before any Terraform
 * is written, with an error naming the field, the value and what is allowed.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { EnvironmentDefinition } from "../../src/config/definition";
import { DefinitionError } from "../../src/config/problems";
import { validateDefinition } from "../../src/config/validate";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

describe("presets", () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))("%s is a valid definition", (_name, preset) => {
    expect(() => validateDefinition(preset)).not.toThrow();
  });
});

describe("X.5 refusals name the field, the value and what is allowed", () => {
  const cases: [string, EnvironmentDefinition, string, RegExp][] = [
    ["malformed VPC CIDR", variant(buddyverse, (d) => (d.network.vpcCidr = "172.31.0.300/16")), "network.vpcCidr", /octet|CIDR|address/i],
    ["CIDR with host bits", variant(buddyverse, (d) => (d.network.vpcCidr = "172.31.5.0/16")), "network.vpcCidr", /did you mean 172\.31\.0\.0\/16/],
    ["subnet outside the VPC", variant(buddyverse, (d) => (d.network.subnets[1].cidrs[1] = "10.9.21.0/24")), "network.subnets[1].cidrs[1]", /inside the VPC 172\.31\.0\.0\/16/],
    ["overlapping subnets", variant(buddyverse, (d) => (d.network.subnets[2].cidrs[0] = "172.31.11.128/25")), "network.subnets[2].cidrs[0]", /overlaps 172\.31\.11\.0\/24/],
    ["AZ not in the region", variant(buddyverse, (d) => (d.azs[1] = "ap-northeast-1c")), "azs[1]", /in region ap-northeast-2/],
    ["fewer than two AZs", variant(buddyverse, (d) => (d.azs = ["ap-northeast-2a"])), "azs", /at least two/],
    ["duplicate AZ", variant(buddyverse, (d) => (d.azs = ["ap-northeast-2a", "ap-northeast-2a"])), "azs[1]", /only once/],
    ["NAT instance without public subnets", variant(buddyverse, (d) => (d.network.subnets = d.network.subnets.filter((t: { tier: string }) => t.tier !== "public"))), "network.nat.mode", /needs a "public" subnet tier/],
    ["datacenter CIDR overlapping the VPC", variant(retailLaunch, (d) => (d.network.datacenter.cidrs = ["10.10.128.0/17"])), "network.datacenter.cidrs[0]", /overlaps the VPC 10\.10\.0\.0\/16/],
    ["datacenter service outside the datacenter", variant(retailLaunch, (d) => (d.network.datacenter.services[0].cidr = "172.16.0.10/32")), "network.datacenter.services[0].cidr", /inside one of network\.datacenter\.cidrs/],
    ["private customer gateway IP", variant(retailLaunch, (d) => (d.network.datacenter.customerGatewayIp = "10.1.2.3")), "network.datacenter.customerGatewayIp", /public IPv4/],
    ["unknown key at the top", variant(buddyverse, (d) => (d.regoin = "ap-northeast-2")), "regoin", /unknown field/],
    ["unknown key in a subnet tier", variant(buddyverse, (d) => (d.network.subnets[0].cidr = "172.31.10.0/24")), "network.subnets[0].cidr", /unknown field/],
    ["unknown tier", variant(buddyverse, (d) => (d.network.subnets[0].tier = "dmz")), "network.subnets[0].tier", /allowed: "public", "web", "was", "db"/],
    ["both cidrs and prefixLength", variant(buddyverse, (d) => (d.network.subnets[0].prefixLength = 24)), "network.subnets[0]", /exactly one of `cidrs`/],
    ["one CIDR for two AZs", variant(buddyverse, (d) => (d.network.subnets[0].cidrs = ["172.31.10.0/24"])), "network.subnets[0].cidrs", /2 expected, 1 given/],
    ["duplicate tier", variant(buddyverse, (d) => d.network.subnets.push({ tier: "web", prefixLength: 24 })), "network.subnets[3].tier", /listed twice/],
    ["missing db tier", variant(buddyverse, (d) => d.network.subnets.pop()), "network.subnets", /tier "db" is missing/],
    ["SSH open to the world", variant(buddyverse, (d) => (d.network.bastionAllowedCidrs = ["0.0.0.0/0"])), "network.bastionAllowedCidrs[0]", /CKV_AWS_24/],
    ["bastion scope names an absent tier", variant(buddyverse, (d) => (d.network.bastionReaches = ["was"])), "network.bastionReaches[0]", /tier "was" has no subnets/],
    ["datacenter routed to an absent tier", variant(retailLaunch, (d) => (d.network.datacenter.routedTiers = ["was"])), "network.datacenter.routedTiers[0]", /tier "was" has no subnets/],
    ["VPC too small for the derived tiers", variant(retailLaunch, (d) => (d.network.vpcCidr = "10.10.0.0/22")), "network.subnets[1]", /tier "web"/],
    ["bad account id", variant(buddyverse, (d) => (d.account = "1234")), "account", /12-digit/],
    ["bad state bucket name", variant(buddyverse, (d) => (d.stateBucket = "Buddy_State")), "stateBucket", /S3 bucket name/],
    ["bad region", variant(buddyverse, (d) => (d.region = "seoul")), "region", /AWS region/],
    ["bad NAT mode", variant(buddyverse, (d) => (d.network.nat.mode = "gateway")), "network.nat.mode", /"gateway-per-az", "single-gateway", "instance"/],
    ["bad domain", variant(buddyverse, (d) => (d.dns.domain = "Buddyverse Link")), "dns.domain", /DNS name/],
    ["reserved tag key", variant(buddyverse, (d) => (d.tags = { "aws:owner": "me" })), "tags.aws:owner", /not starting with aws:/],
    ["flow log retention CloudWatch does not offer", variant(buddyverse, (d) => (d.network.flowLogRetentionDays = 100)), "network.flowLogRetentionDays", /allowed: 30, 60, 90/],
  ];

  it.each(cases)("%s", (_what, definition, path, message) => {
    const problems = problemsOf(definition);
    const atPath = problems.filter((p) => p.path === path);
    expect(atPath.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("reports the value that was given, and 'missing' for absent fields", () => {
    const err = (() => {
      try {
        validateDefinition(variant(buddyverse, (d) => { d.network.vpcCidr = "172.31.0.0/33"; delete d.account; }));
      } catch (e) {
        return e as DefinitionError;
      }
      throw new Error("accepted");
    })();
    expect(err.problems.find((p) => p.path === "network.vpcCidr")?.value).toBe("172.31.0.0/33");
    expect(err.message).toMatch(/network\.vpcCidr \(given: "172\.31\.0\.0\/33"\)/);
    expect(err.message).toMatch(/account \(given: missing\)/);
  });

  it("reports every problem together, schema and cross-field alike", () => {
    const broken = variant(buddyverse, (d) => {
      d.account = "x";
      d.azs[1] = "us-east-1c";
      d.network.subnets[1].cidrs[0] = "10.0.0.0/24";
      d.extra = true;
    });
    const paths = problemsOf(broken).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["account", "azs[1]", "network.subnets[1].cidrs[0]", "extra"]));
  });

  it("writes nothing when any definition is invalid", () => {
    const outdir = mkdtempSync(join(tmpdir(), "invalid-synth-"));
    const invalid = variant(retailLaunch, (d) => (d.network.vpcCidr = "nope"));
    expect(() => buildApp({ definitions: [buddyverse, invalid], outdir }).app.synth()).toThrow(/retail-launch.*invalid[\s\S]*network\.vpcCidr/);
    expect(readdirSync(outdir)).toEqual([]);
  });

  it("refuses two environments with the same name", () => {
    expect(() => buildApp({ definitions: [buddyverse, buddyverse] })).toThrow(/- name \(given: "buddyverse"\): environment "buddyverse" exists already/);
  });

  it("refuses an ENVIRONMENT filter naming no environment", () => {
    expect(() => buildApp({ definitions: PRESETS, only: ["budyverse"] })).toThrow(/"budyverse"; registered: retail-launch, media-commerce/);
  });
});

describe("defaults", () => {
  it("fill in NAT mode, bastion scope and flow log retention", () => {
    const env = validateDefinition(variant(retailLaunch, (d) => { delete d.network.nat; delete d.network.bastionReaches; }));
    expect(env.network.nat.mode).toBe("gateway-per-az");
    expect(env.network.bastionReaches).toEqual(["web"]);
    expect(env.network.flowLogRetentionDays).toBe(365);
  });

  it("derive subnet CIDRs when sizes are given (retail-launch)", () => {
    const env = validateDefinition(retailLaunch);
    // 10.10.0.0/16: public /24 x2 first, then web /22 x2 aligned, then db /24 x2 in the gap.
    expect(env.layout).toEqual({
      public: ["10.10.0.0/24", "10.10.1.0/24"],
      web: ["10.10.4.0/22", "10.10.8.0/22"],
      db: ["10.10.2.0/24", "10.10.3.0/24"],
    });
  });
});

describe("messages of unions of literals", () => {
  it("list every allowed value (data.logRetentionDays)", () => {
    const problems = problemsOf(variant(buddyverse, (d) => (d.data.logRetentionDays = 366)));
    expect(problems.find((p) => p.path === "data.logRetentionDays")?.message).toMatch(/^allowed: 30, 60, 90, 180, 365/);
  });
});
