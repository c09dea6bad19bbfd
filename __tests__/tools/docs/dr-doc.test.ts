/**
 * docs/dr.md (R1.5, R1.7): generated from the definitions and the synthesized
 * stacks; the committed file must equal a fresh generation, and what it says
 * must be what the stacks build.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateDefinition } from "../../../src/config/validate";
import { DR_DOC, drFacts, DrFacts, drObjectives, generateDrDoc, renderDrDoc, trafficSwitchSeconds } from "../../../src/tools/docs/dr";
import { synthesizeEnvironment } from "../../../src/tools/docs/synth";
import { DEFINITIONS } from "../../../src/environments";
import { mediaCommerce } from "../../../src/environments/presets/media-commerce";
import { variant } from "../../support/synth";

const ROOT = resolve(__dirname, "../../..");

/** Facts of a variant of media-commerce, synthesized under its own name. */
function factsOf(name: string, patch: (d: any) => void): DrFacts {
  const def = variant(mediaCommerce, (d) => ((d.name = name), patch(d)));
  return drFacts(validateDefinition(def), synthesizeEnvironment(name, [def]));
}

let doc: string;
let warm: DrFacts;
let pilot: DrFacts;
let restore: DrFacts;
beforeAll(() => {
  doc = generateDrDoc(DEFINITIONS);
  warm = drFacts(validateDefinition(mediaCommerce), synthesizeEnvironment(mediaCommerce.name, DEFINITIONS));
  pilot = factsOf("mc-pilot", (d) => (d.dr.strategy = "pilot-light"));
  restore = factsOf("mc-restore", (d) => (d.dr.strategy = "backup-restore"));
});

describe("docs/dr.md", () => {
  it("is committed and up to date (npm run docs:dr)", () => {
    const file = join(ROOT, DR_DOC);
    const committed = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (committed !== doc) throw new Error(`${DR_DOC} is ${committed === undefined ? "missing" : "stale"}: run npm run docs:dr (and commit the result)`);
  });

  it("is deterministic and holds no path or timestamp", () => {
    expect(generateDrDoc(DEFINITIONS)).toBe(doc);
    expect(doc).not.toMatch(/\/tmp\/|\/work\/|\d{4}-\d\d-\d\dT\d\d:/);
  });

  it("R1.7 has one section per environment with dr: media-commerce's warm standby in ap-northeast-1", () => {
    expect([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(["media-commerce: warm-standby in ap-northeast-1"]);
    for (const heading of ["### DR stacks", "### What the DR region holds", "### RPO and RTO per tier", "### Failover: the primary region is lost", "### Failback: the primary region is back", "### Not covered"]) {
      expect(doc).toContain(heading);
    }
  });
});

describe("R1.7 the facts come from the synthesized stacks", () => {
  it("DR stacks with their state keys and provider region", () => {
    expect(warm.stacks.map((s) => [s.name, s.key, s.region])).toEqual(
      ["dr-storage", "dr-network", "dr-data", "dr-compute"].map((k) => [`media-commerce-${k}`, `media-commerce/${k}.tfstate`, "ap-northeast-1"]),
    );
  });

  it("the global database, capacities, copies and the failover name", () => {
    expect(warm.database).toEqual({ globalId: "media-commerce-global", drClusterId: "media-commerce-dr-db", drInstances: 1, primaryInstances: 3, lagAlarmSeconds: 60 });
    expect(warm.tiers.map((t) => [t.tier, t.dr, t.primary, t.healthInterval, t.unhealthyThreshold, t.graceSeconds])).toEqual([
      ["web", { min: 1, desired: 1, max: 12 }, { min: 3, desired: 3, max: 12 }, 10, 3, 300],
      ["was", { min: 1, desired: 1, max: 12 }, { min: 3, desired: 3, max: 12 }, 10, 3, 300],
    ]);
    expect(warm.media).toEqual({ bucket: "media-commerce-media-222222222222-ap-northeast-1", rtc: true, storageClass: "INTELLIGENT_TIERING" });
    expect(warm.backup).toEqual({ schedule: "cron(0 18 * * ? *)", retentionDays: 35, vault: "arn:aws:backup:ap-northeast-1:222222222222:backup-vault:media-commerce-dr-backup" });
    expect(warm.failover).toEqual({ fqdn: "origin.media-commerce.example.com" });
    expect(warm.mediaOriginGroup).toEqual([500, 502, 503, 504]);
    expect([warm.cache, warm.files, warm.cdn]).toEqual([true, false, true]);
  });

  it("a pilot light: headless database, groups at zero, no cache; backup-restore: copies only", () => {
    expect(pilot.database?.drInstances).toBe(0);
    expect(pilot.tiers.map((t) => t.dr)).toEqual([{ min: 0, desired: 0, max: 12 }, { min: 0, desired: 0, max: 12 }]);
    expect(pilot.cache).toBe(false);
    expect(restore.stacks.map((s) => s.name)).toEqual(["mc-restore-dr-storage"]);
    expect([restore.database, restore.failover, restore.tiers]).toEqual([undefined, undefined, []]);
  });
});

describe("R1.7 RPO and RTO per tier, with the figures behind them", () => {
  it("traffic switches after detection (interval x unhealthy threshold) plus the 60 s alias TTL", () => {
    expect(trafficSwitchSeconds({ healthInterval: 10, unhealthyThreshold: 3 })).toBe(90);
    expect(trafficSwitchSeconds({ healthInterval: 30, unhealthyThreshold: 5 })).toBe(210);
  });

  it("a warm standby: every tier has a row, and each cites its AWS figure", () => {
    const rows = drObjectives(warm);
    expect(rows.map((r) => r.tier)).toEqual([
      "Database (Aurora global database)",
      "Media (S3)",
      "Backups (AWS Backup copies)",
      "WEB tier (Auto Scaling)",
      "WAS tier (Auto Scaling)",
      "Cache (ElastiCache)",
      "Traffic (Route 53 failover)",
    ]);
    const row = (tier: string) => rows.find((r) => r.tier.startsWith(tier))!;
    expect(row("Database")).toMatchObject({ rpo: expect.stringMatching(/about 1 s/), rto: expect.stringMatching(/about 1 min/) });
    expect(row("Database").basis).toMatch(/under 1 second/);
    expect(row("Media")).toMatchObject({ rpo: expect.stringMatching(/15 min for 99\.99 %/) });
    expect(row("Backups").rpo).toMatch(/24 h/);
    expect(row("WEB tier").rto).toMatch(/^90 s to reach the DR load balancer \(1 instance serving\); 5 min more per scale-out to the primary's 3/);
    expect(row("Traffic").rto).toBe("automatic: 90 s (detection 30 s + TTL 60 s)");
  });

  it("a pilot light waits for its first instances and database writer; backup-restore restores from the vault", () => {
    const p = drObjectives(pilot);
    expect(p.find((r) => r.tier.startsWith("Database"))!.rto).toMatch(/headless DR cluster/);
    expect(p.find((r) => r.tier.startsWith("WEB"))!.rto).toMatch(/^dr\.activate, then boot/);
    const r = drObjectives(restore);
    expect(r.find((x) => x.tier.startsWith("Database"))).toMatchObject({ tier: "Database (restore from the DR vault)", rto: expect.stringMatching(/hours/) });
    expect(r.some((x) => x.tier.startsWith("WEB"))).toBe(false);
  });
});

describe("R1.7 the runbook has the exact commands", () => {
  it("failover: Aurora's managed failover to the DR cluster ARN, then the DR tiers at the primary's capacity", () => {
    expect(doc).toContain(
      "aws rds failover-global-cluster --region ap-northeast-1 --global-cluster-identifier media-commerce-global \\\n     --target-db-cluster-identifier arn:aws:rds:ap-northeast-1:222222222222:cluster:media-commerce-dr-db --allow-data-loss",
    );
    expect(doc).toContain("aws autoscaling update-auto-scaling-group --region ap-northeast-1 --auto-scaling-group-name media-commerce-dr-web --min-size 3 --desired-capacity 3");
    expect(doc).toContain("aws autoscaling update-auto-scaling-group --region ap-northeast-1 --auto-scaling-group-name media-commerce-dr-was --min-size 3 --desired-capacity 3");
  });

  it("scale-up is one definition change deployed to the DR stacks; failback is a planned switchover back", () => {
    expect(doc).toContain("Scaling up is one change: `dr: { activate: true }`");
    expect(doc).toContain("ENVIRONMENT=media-commerce npx cdktf deploy media-commerce-dr-network media-commerce-dr-data media-commerce-dr-compute");
    expect(doc).toContain(
      "aws rds switchover-global-cluster --region ap-northeast-2 --global-cluster-identifier media-commerce-global --target-db-cluster-identifier arn:aws:rds:ap-northeast-2:222222222222:cluster:media-commerce-db",
    );
  });

  it("enabling: dr-storage alone first, then the data stack with a one-time password that never reaches state", () => {
    expect(doc.indexOf("npx cdktf deploy media-commerce-dr-storage")).toBeLessThan(doc.indexOf("npx cdktf deploy media-commerce-data"));
    expect(doc).toContain('export TF_VAR_db_master_password="$(aws secretsmanager get-random-password');
  });

  it("a pilot light's runbook first gives the headless cluster a writer", () => {
    const text = renderDrDoc([pilot]);
    expect(text).toContain("aws rds create-db-instance --region ap-northeast-1 --db-instance-identifier mc-pilot-dr-db-1 --db-cluster-identifier mc-pilot-dr-db --engine aurora-mysql --db-instance-class db.r6g.large");
  });

  it("says what is not covered: state in the primary region, manual database failover", () => {
    expect(doc).toMatch(/Terraform state: every stack's state .* is in `media-commerce-tfstate-222222222222` in ap-northeast-2/);
    expect(doc).toMatch(/Automatic database failover/);
  });

  it("refuses to describe a DR setup the stacks no longer build", () => {
    const s = synthesizeEnvironment(mediaCommerce.name, DEFINITIONS);
    const broken = { ...s, stacks: { ...s.stacks, "media-commerce-dr-compute": { ...s.stacks["media-commerce-dr-compute"], resource: {} } } };
    expect(() => drFacts(validateDefinition(mediaCommerce), broken)).toThrow(/media-commerce-dr-compute has no aws_autoscaling_group\.web-asg/);
  });
});
