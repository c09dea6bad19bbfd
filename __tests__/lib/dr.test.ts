/**
 * Disaster recovery as data (src/lib/dr.ts) and the DR view of an environment
 * (src/lib/dr-environment.ts): plain functions, table-driven (R1.5, R1.7).
 */
import { validateDefinition } from "../../src/config/validate";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import {
  bucketRegionalDomainName,
  drDatabaseInstances,
  drHasCache,
  drKeyAliasArn,
  drMediaBucketName,
  drName,
  drOriginFqdn,
  drReplicatesDatabase,
  drStackKinds,
  drTierCapacity,
  drVaultArn,
  globalClusterIdentifier,
} from "../../src/lib/dr";
import { drTierRequests } from "../../src/lib/dr-environment";
import { drEnvironment } from "../../src/stacks/dr-environment";
import { variant } from "../support/synth";

const withDr = (patch: (d: any) => void = () => {}) => validateDefinition(variant(mediaCommerce, patch));

describe("R1.7 capacity of a DR tier per strategy", () => {
  const primary = { minSize: 3, desiredCapacity: 3, maxSize: 12 };
  it.each([
    ["pilot-light", false, 1, { minSize: 0, desiredCapacity: 0, maxSize: 12 }],
    ["warm-standby", false, 1, { minSize: 1, desiredCapacity: 1, maxSize: 12 }],
    ["warm-standby", false, 2, { minSize: 2, desiredCapacity: 2, maxSize: 12 }],
    ["pilot-light", true, 1, primary],
    ["warm-standby", true, 2, primary],
  ] as const)("%s, activate %s, standby %i → %j", (strategy, activate, standbyCapacity, expected) => {
    expect(drTierCapacity({ strategy, activate, standbyCapacity }, primary)).toEqual(expected);
  });

  it("a warm standby never exceeds the tier's maximum", () => {
    expect(drTierCapacity({ strategy: "warm-standby", activate: false, standbyCapacity: 5 }, { minSize: 1, desiredCapacity: 1, maxSize: 2 })).toEqual({ minSize: 2, desiredCapacity: 2, maxSize: 2 });
  });
});

describe("R1.7 what the DR region runs per strategy", () => {
  it.each([
    ["backup-restore", ["dr-storage"], false, 0, false],
    ["pilot-light", ["dr-storage", "dr-network", "dr-data", "dr-compute"], true, 0, false],
    ["warm-standby", ["dr-storage", "dr-network", "dr-data", "dr-compute"], true, 1, true],
  ] as const)("%s: stacks %j, replicated database %s, %i DR instance(s), cache %s", (strategy, stacks, replicated, instances, cache) => {
    const env = withDr((d) => (d.dr.strategy = strategy));
    expect(drStackKinds(env)).toEqual(stacks);
    expect(drReplicatesDatabase(env)).toBe(replicated);
    if (replicated) expect(drDatabaseInstances(env)).toBe(instances);
    expect(drHasCache(env)).toBe(cache);
  });

  it("activated, the DR database gets the primary's writer and readers and the cache appears for a pilot light too", () => {
    const env = withDr((d) => ((d.dr.strategy = "pilot-light"), (d.dr.activate = true)));
    expect(drDatabaseInstances(env)).toBe(3);
    expect(drHasCache(env)).toBe(true);
  });

  it("dr.database.standbyInstances and dr.cache override the strategy's defaults", () => {
    const env = withDr((d) => ((d.dr.database = { standbyInstances: 2 }), (d.dr.cache = false)));
    expect([drDatabaseInstances(env), drHasCache(env)]).toEqual([2, false]);
  });

  it("no DR stacks without a dr section", () => {
    expect(drStackKinds(validateDefinition(buddyverse))).toEqual([]);
  });
});

describe("deterministic DR names (the primary names DR resources without reading their state)", () => {
  const env = withDr();
  it("the DR view and its resources are named <env>-dr-*", () => {
    expect(drName("media-commerce")).toBe("media-commerce-dr");
    expect(globalClusterIdentifier("media-commerce")).toBe("media-commerce-global");
  });

  it("the media copy's bucket is unique by account and region, within S3's 63 characters for the longest environment name", () => {
    expect(drMediaBucketName(env)).toBe("media-commerce-media-222222222222-ap-northeast-1");
    const longest = { name: "a".repeat(20), account: "123456789012", dr: { ...env.dr!, region: "ap-southeast-4" } };
    expect(drMediaBucketName(longest).length).toBeLessThanOrEqual(63);
    expect(bucketRegionalDomainName("b", "ap-northeast-1")).toBe("b.s3.ap-northeast-1.amazonaws.com");
  });

  it("the vault ARN, the key alias ARNs and the failover name", () => {
    expect(drVaultArn(env)).toBe("arn:aws:backup:ap-northeast-1:222222222222:backup-vault:media-commerce-dr-backup");
    expect(drKeyAliasArn(env, "media")).toBe("arn:aws:kms:ap-northeast-1:222222222222:alias/media-commerce-dr-media");
    expect(drOriginFqdn(env)).toBe("origin.media-commerce.example.com");
  });
});

describe("the DR view of an environment", () => {
  const env = withDr();
  const site = drEnvironment(env);

  it("R1.5 has the DR name, region, AZs and VPC, and no DR of its own", () => {
    expect([site.name, site.region, site.azs, site.network.vpcCidr, site.dr]).toEqual(["media-commerce-dr", "ap-northeast-1", ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], "10.21.0.0/16", undefined]);
    expect([site.account, site.stateBucket, site.dns]).toEqual([env.account, env.stateBucket, env.dns]);
  });

  it("lays the DR VPC out with the primary's tier sizes, in the DR VPC", () => {
    expect(site.layout.public).toEqual(["10.21.0.0/24", "10.21.1.0/24", "10.21.2.0/24"]);
    for (const tier of ["public", "web", "was", "db"] as const) {
      expect(site.layout[tier]).toHaveLength(3);
      expect(site.layout[tier]!.map((c) => c.split("/")[1])).toEqual(env.layout[tier]!.map((c) => c.split("/")[1]));
      for (const c of site.layout[tier]!) expect(c.startsWith("10.21.")).toBe(true);
    }
  });

  it("takes the prefix length of an explicit primary tier (buddyverse's /24s) and honours dr.subnets", () => {
    expect(drTierRequests(buddyverse.network.subnets)).toEqual([
      { tier: "public", prefixLength: 24 },
      { tier: "web", prefixLength: 24 },
      { tier: "db", prefixLength: 24 },
    ]);
    expect(drTierRequests(buddyverse.network.subnets, [{ tier: "web", prefixLength: 20 }])).toEqual([{ tier: "web", prefixLength: 20 }]);
  });

  it("R1.6 keeps scheduled sale warm-ups away from a standby, and gives them back once activated", () => {
    expect(site.compute?.web.scheduledActions).toEqual([]);
    expect(site.compute?.was?.scheduledActions).toEqual([]);
    const active = drEnvironment(withDr((d) => (d.dr.activate = true)));
    expect(active.compute?.web.scheduledActions.map((a) => a.name)).toEqual(["sale-warmup", "sale-release"]);
    expect(active.compute?.web).toMatchObject({ minSize: 3, desiredCapacity: 3, maxSize: 12 });
  });

  it("a DR database of the DR class placed over the DR AZs, a 2-node standby cache, no backup plan", () => {
    expect(site.data?.database).toMatchObject({ engine: "aurora-mysql", instanceClass: "db.r6g.large", primaryAz: undefined, replicas: [] });
    expect(site.data?.cache?.nodes).toBe(2);
    expect(site.data?.backupPlan).toBeUndefined();
  });

  it("CloudFront's prefix list override follows the DR region (the primary's would be another region's list)", () => {
    const overridden = drEnvironment(withDr((d) => ((d.edge.cdn.originFacingPrefixListId = "pl-0aaaaaaaa"), (d.dr.originFacingPrefixListId = "pl-0bbbbbbbb"))));
    expect(overridden.edge?.cdn?.originFacingPrefixListId).toBe("pl-0bbbbbbbb");
    expect(drEnvironment(withDr((d) => (d.edge.cdn.originFacingPrefixListId = "pl-0aaaaaaaa"))).edge?.cdn?.originFacingPrefixListId).toBeUndefined();
  });

  it("refuses an environment without a dr section", () => {
    expect(() => drEnvironment(validateDefinition(buddyverse))).toThrow(/no dr section/);
  });
});
