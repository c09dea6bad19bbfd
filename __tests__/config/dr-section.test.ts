/**
 * The `dr` section: defaults filled in, and every invalid DR definition
 * refused with the field path and what is allowed (X.5, R1.5, R1.7).
 */
import { EnvironmentDefinition, TIERS } from "../../src/config/definition";
import { isMemoryOptimizedClass } from "../../src/config/dr/rules";
import { drSchema } from "../../src/config/dr/schema";
import { validateDefinition } from "../../src/config/validate";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

/** The one problem at `path` (fails when there is none or several). */
function problemAt(definition: EnvironmentDefinition, path: string) {
  const found = problemsOf(definition).filter((p) => p.path === path);
  expect(found.map((p) => p.path)).toEqual([path]);
  return found[0]!;
}

/** A minimal valid DR section for the RDS presets (backup-restore needs a backup plan). */
const tokyo = { region: "ap-northeast-1", azs: ["ap-northeast-1a", "ap-northeast-1c"], vpcCidr: "10.99.0.0/16", strategy: "backup-restore" };

describe("dr section defaults", () => {
  it("R1.7 fills in activate false, one standby instance per tier, RTC on, the failover name 'origin', password version 1", () => {
    expect(drSchema.parse({ region: "ap-northeast-1", azs: ["ap-northeast-1a", "ap-northeast-1c"], vpcCidr: "10.1.0.0/16", strategy: "pilot-light" })).toEqual({
      region: "ap-northeast-1",
      azs: ["ap-northeast-1a", "ap-northeast-1c"],
      vpcCidr: "10.1.0.0/16",
      strategy: "pilot-light",
      activate: false,
      standbyCapacity: 1,
      database: { masterPasswordVersion: 1 },
      media: { storageClass: "INTELLIGENT_TIERING", replicationTimeControl: true },
      originName: "origin",
    });
  });

  it("R1.5 media-commerce is a warm standby in ap-northeast-1 over three AZs, beside its VPC; the other presets have no DR", () => {
    const env = validateDefinition(mediaCommerce);
    expect(env.dr).toMatchObject({ region: "ap-northeast-1", azs: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], vpcCidr: "10.21.0.0/16", strategy: "warm-standby", activate: false });
    for (const p of PRESETS.filter((x) => x.name !== mediaCommerce.name)) expect(validateDefinition(p).dr).toBeUndefined();
  });

  it("the DR tiers are the definition's tiers (kept in step with TIERS without importing it, which would be a cycle)", () => {
    const accepted = (tier: string) => drSchema.safeParse({ ...tokyo, subnets: [{ tier, prefixLength: 24 }] }).success;
    for (const tier of TIERS) expect(accepted(tier)).toBe(true);
    expect(accepted("app")).toBe(false);
  });

  it("recognises memory-optimized Aurora classes (global databases need them)", () => {
    expect(["db.r6g.large", "db.r7g.2xlarge", "db.x2g.large", "db.r6i.large"].map(isMemoryOptimizedClass)).toEqual([true, true, true, true]);
    expect(["db.t4g.medium", "db.t3.medium", "db.m5.large"].map(isMemoryOptimizedClass)).toEqual([false, false, false]);
  });
});

describe("X.5 invalid dr sections are refused with field paths", () => {
  it("R1.7 the DR region is the primary region", () => {
    const p = problemAt(variant(mediaCommerce, (d) => ((d.dr.region = "ap-northeast-2"), (d.dr.azs = ["ap-northeast-2a", "ap-northeast-2c"]))), "dr.region");
    expect(p.message).toMatch(/another region than the primary region \(ap-northeast-2\)/);
  });

  it("an unknown strategy, naming the allowed ones", () => {
    const p = problemAt(variant(mediaCommerce, (d) => (d.dr.strategy = "hot-standby")), "dr.strategy");
    expect(p.message).toBe('allowed: "backup-restore", "pilot-light", "warm-standby"');
    expect(p.value).toBe("hot-standby");
  });

  it("an AZ outside the DR region, and an AZ listed twice", () => {
    const problems = problemsOf(variant(mediaCommerce, (d) => (d.dr.azs = ["ap-northeast-2a", "ap-northeast-1c", "ap-northeast-1c"])));
    expect(problems).toEqual([
      expect.objectContaining({ path: "dr.azs[0]", value: "ap-northeast-2a", message: expect.stringMatching(/must be in the DR region ap-northeast-1/) }),
      expect.objectContaining({ path: "dr.azs[2]", message: expect.stringMatching(/only once/) }),
    ]);
  });

  it("fewer than two DR AZs", () => {
    expect(problemAt(variant(mediaCommerce, (d) => (d.dr.azs = ["ap-northeast-1a"])), "dr.azs").message).toMatch(/at least two/);
  });

  it("a DR VPC overlapping the primary VPC", () => {
    const p = problemAt(variant(mediaCommerce, (d) => (d.dr.vpcCidr = "10.20.128.0/17")), "dr.vpcCidr");
    expect(p.message).toMatch(/overlaps the primary VPC 10\.20\.0\.0\/16 \(network\.vpcCidr\)/);
  });

  it("a DR VPC overlapping the datacenter's CIDRs", () => {
    const def = variant(retailLaunch, (d) => ((d.data.backupPlan = {}), (d.dr = { ...tokyo, vpcCidr: "192.168.0.0/16" })));
    expect(problemAt(def, "dr.vpcCidr").message).toMatch(/overlaps the datacenter CIDR 192\.168\.0\.0\/16/);
  });

  it("a malformed DR VPC CIDR, and one outside /16-/28", () => {
    expect(problemAt(variant(mediaCommerce, (d) => (d.dr.vpcCidr = "10.21.0.0/33")), "dr.vpcCidr").value).toBe("10.21.0.0/33");
    expect(problemAt(variant(mediaCommerce, (d) => (d.dr.vpcCidr = "100.0.0.0/8")), "dr.vpcCidr").message).toMatch(/between \/16 and \/28/);
  });

  it("a DR VPC too small for the primary's tier sizes, saying where the sizes come from", () => {
    const problems = problemsOf(variant(mediaCommerce, (d) => (d.dr.vpcCidr = "10.21.0.0/20")));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.path).toBe("dr.vpcCidr");
      expect(p.message).toMatch(/takes the primary's tier sizes unless dr\.subnets says otherwise/);
    }
  });

  it("dr.subnets without one of the primary's tiers, with a tier the primary lacks, or with a tier twice", () => {
    const problems = problemsOf(
      variant(mediaCommerce, (d) => (d.dr.subnets = [{ tier: "public", prefixLength: 24 }, { tier: "web", prefixLength: 22 }, { tier: "web", prefixLength: 22 }, { tier: "db", prefixLength: 24 }])),
    );
    expect(problems.map((p) => p.path)).toEqual(["dr.subnets[2].tier", "dr.subnets"]);
    expect(problems[1]!.message).toMatch(/tier "was" is missing/);
    const extra = problemAt(variant(buddyverse, (d) => ((d.dr = { ...tokyo, strategy: "backup-restore" }), (d.data.backupPlan = {}), (d.dr.subnets = [{ tier: "public", prefixLength: 24 }, { tier: "web", prefixLength: 24 }, { tier: "was", prefixLength: 24 }, { tier: "db", prefixLength: 24 }]))), "dr.subnets[2].tier");
    expect(extra.message).toMatch(/the primary network has no "was" tier/);
  });

  it("dr.subnets that do not fit the DR VPC are reported at the tier", () => {
    const def = variant(mediaCommerce, (d) => ((d.dr.vpcCidr = "10.21.0.0/24"), (d.dr.subnets = [{ tier: "public", prefixLength: 26 }, { tier: "web", prefixLength: 26 }, { tier: "was", prefixLength: 26 }, { tier: "db", prefixLength: 26 }])));
    expect(problemsOf(def).map((p) => p.path)).toEqual(expect.arrayContaining(["dr.subnets[1]"]));
  });

  it("R1.7 pilot light / warm standby of an RDS MySQL database, explaining AWS's refusal and the alternatives", () => {
    const p = problemAt(variant(webWas, (d) => (d.dr = { ...tokyo, strategy: "warm-standby" })), "dr.strategy");
    expect(p.message).toMatch(/RDS MySQL cross-region read replicas are not built/);
    expect(p.message).toMatch(/ManageMasterUserPassword|manage_master_user_password/);
    expect(p.message).toMatch(/aurora-mysql.*backup-restore/);
  });

  it("R1.9 burstable Aurora classes cannot join a global database (primary, readers and the DR class)", () => {
    const def = variant(mediaCommerce, (d) => ((d.data.database.instanceClass = "db.t4g.medium"), (d.data.database.replicas = [{}, { instanceClass: "db.t4g.large" }]), (d.dr.database = { instanceClass: "db.t3.medium" })));
    const problems = problemsOf(def).filter((p) => /global database/.test(p.message));
    expect(problems.map((p) => p.path)).toEqual(["data.database.instanceClass", "data.database.replicas[1].instanceClass", "dr.database.instanceClass"]);
  });

  it("backup-restore with nothing to copy (no backup plan, no media)", () => {
    const p = problemAt(variant(webWas, (d) => (d.dr = tokyo)), "dr.strategy");
    expect(p.message).toMatch(/add data\.backupPlan/);
  });

  it("activate with backup-restore, which keeps no platform to activate", () => {
    const def = variant(mediaCommerce, (d) => ((d.dr.strategy = "backup-restore"), (d.dr.activate = true)));
    expect(problemAt(def, "dr.activate").message).toMatch(/change dr\.strategy to pilot-light or warm-standby/);
  });

  it("a warm standby above a tier's maximum, once per tier", () => {
    const problems = problemsOf(variant(mediaCommerce, (d) => ((d.dr.standbyCapacity = 13), (d.compute.was.maxSize = 20))));
    expect(problems).toEqual([expect.objectContaining({ path: "dr.standbyCapacity", value: 13, message: expect.stringMatching(/above compute\.web\.maxSize \(12\)/) })]);
    expect(problemsOf(variant(mediaCommerce, (d) => (d.dr.standbyCapacity = 13))).map((p) => p.message)).toEqual([
      expect.stringMatching(/compute\.web\.maxSize/),
      expect.stringMatching(/compute\.was\.maxSize/),
    ]);
  });

  it("a DR cache without a primary cache, and a copy retention without a backup plan", () => {
    const def = variant(mediaCommerce, (d) => ((d.dr.cache = true), delete d.data.cache, (d.dr.backupCopyRetentionDays = 90), delete d.data.backupPlan));
    expect(problemsOf(def).map((p) => p.path)).toEqual(["dr.cache", "dr.backupCopyRetentionDays"]);
  });

  it("a failover name that is one of the site's names", () => {
    expect(problemAt(variant(mediaCommerce, (d) => (d.dr.originName = "www")), "dr.originName").message).toMatch(/one of the site's names/);
  });

  it("a CDN and a DR region without a known CloudFront prefix list", () => {
    const def = variant(mediaCommerce, (d) => ((d.dr.region = "eu-south-2"), (d.dr.azs = ["eu-south-2a", "eu-south-2b"])));
    expect(problemAt(def, "dr.originFacingPrefixListId").message).toMatch(/no known CloudFront origin-facing prefix list for the DR region eu-south-2/);
    expect(() => validateDefinition(variant(def, (d) => (d.dr.originFacingPrefixListId = "pl-0123abcd")))).not.toThrow();
  });

  it("an unknown field", () => {
    expect(problemAt(variant(mediaCommerce, (d) => (d.dr.warmth = "high")), "dr.warmth").message).toMatch(/unknown field/);
  });

  it("reports every DR problem of a definition at once", () => {
    const def = variant(mediaCommerce, (d) => ((d.dr.region = "ap-northeast-2"), (d.dr.vpcCidr = "10.20.0.0/16"), (d.dr.strategy = "cold")));
    expect(problemsOf(def).map((p) => p.path)).toEqual(expect.arrayContaining(["dr.region", "dr.azs[0]", "dr.azs[1]", "dr.azs[2]", "dr.vpcCidr", "dr.strategy"]));
  });
});
