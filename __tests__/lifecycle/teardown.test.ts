/**
 * Teardown (issue 12): `lifecycle: "retain" | "disposable"`. Both modes are
 * synthesized from the same presets and every stateful resource is checked in
 * the JSON; a disposable environment passes the guardrails because its choice
 * answers the deletion-protection rules (with the reason), and irreversible
 * locks are refused with it (X.3, X.5).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { EnvironmentDefinition } from "../../src/config/definition";
import { validateDefinition } from "../../src/config/validate";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { DISPOSABLE_REASON } from "../../src/guardrails/answers";
import { enforceGuardrails } from "../../src/guardrails-hook";
import { problemsOf } from "../support/problems";
import { StackJson, SynthesizedEnvironment, synthEnvironment, variant } from "../support/synth";

type Res = Record<string, any>;

const disposable = (d: EnvironmentDefinition) => variant(d, (x) => (x.lifecycle = "disposable"));

/** Every resource of `type` in every stack: `[stack kind, address, body]`. */
function all(env: SynthesizedEnvironment, type: string): [string, string, Res][] {
  return Object.entries(env.json).flatMap(([kind, stack]: [string, StackJson]) =>
    Object.entries(stack.resource?.[type] ?? {}).map(([name, body]) => [kind, `${type}.${name}`, body as Res] as [string, string, Res]),
  );
}

/** Stateful types and the attribute that protects them from a destroy. */
const STATEFUL = [
  "aws_s3_bucket",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_rds_global_cluster",
  "aws_elasticache_replication_group",
  "aws_efs_file_system",
  "aws_backup_vault",
  "aws_route53_zone",
  "aws_secretsmanager_secret",
];

describe.each([
  ["media-commerce", mediaCommerce],
  ["buddyverse", buddyverse],
] as const)("X.3 %s", (_name, preset) => {
  const retained = synthEnvironment(preset);
  const thrown = synthEnvironment(disposable(preset));

  it("retain (the default): prevent_destroy on every stateful resource, deletion protection, final snapshots, nothing force-destroyed", () => {
    expect(validateDefinition(preset).lifecycle).toBe("retain");
    const stateful = STATEFUL.flatMap((t) => all(retained, t)).filter(([, address]) => !address.startsWith("aws_route53_zone.") || !address.includes("reader"));
    expect(stateful.length).toBeGreaterThan(5);
    for (const [kind, address, body] of stateful) {
      // Aurora instances of a standby secondary hold no data of their own (instancesPreventDestroy).
      if (address.startsWith("aws_rds_cluster_instance.") && kind.startsWith("dr-")) continue;
      expect({ kind, address, preventDestroy: body.lifecycle?.prevent_destroy }).toEqual({ kind, address, preventDestroy: true });
    }
    for (const [, , b] of all(retained, "aws_s3_bucket")) expect(b.force_destroy).toBe(false);
    for (const [, , b] of all(retained, "aws_backup_vault")) expect(b.force_destroy).toBe(false);
    for (const [, , db] of [...all(retained, "aws_db_instance"), ...all(retained, "aws_rds_cluster")]) expect(db.deletion_protection).toBe(true);
    for (const [, , lb] of all(retained, "aws_lb")) expect(lb.enable_deletion_protection).toBe(true);
    const primaries = [...all(retained, "aws_db_instance").filter(([, , b]) => !b.replicate_source_db), ...all(retained, "aws_rds_cluster").filter(([k]) => k === "data")];
    expect(primaries.length).toBe(1);
    for (const [, , db] of primaries) expect(db).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: expect.stringMatching(/-final$/) });
  });

  it("disposable: no prevent_destroy, no deletion protection, no final snapshot, buckets/vaults/zones emptied on destroy, no Object Lock, secrets deleted at once", () => {
    const everything = Object.entries(thrown.json).flatMap(([kind, stack]) =>
      Object.entries(stack.resource ?? {}).flatMap(([type, named]) => Object.entries(named).map(([name, body]) => [kind, `${type}.${name}`, body as Res] as const)),
    );
    expect(everything.length).toBeGreaterThan(100);
    for (const [kind, address, body] of everything) {
      expect({ kind, address, preventDestroy: body.lifecycle?.prevent_destroy ?? false }).toEqual({ kind, address, preventDestroy: false });
    }
    const buckets = all(thrown, "aws_s3_bucket");
    expect(buckets.length).toBeGreaterThan(2);
    for (const [, , b] of buckets) expect(b).toMatchObject({ force_destroy: true, object_lock_enabled: false });
    expect(all(thrown, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
    expect(all(thrown, "aws_backup_vault_lock_configuration")).toEqual([]);
    for (const [, , v] of all(thrown, "aws_backup_vault")) expect(v.force_destroy).toBe(true);
    for (const [, , z] of all(thrown, "aws_route53_zone")) expect(z.force_destroy).toBe(true);
    const dbs = [...all(thrown, "aws_db_instance"), ...all(thrown, "aws_rds_cluster")];
    expect(dbs.length).toBeGreaterThan(0);
    for (const [, , db] of dbs) {
      expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
      expect(db.final_snapshot_identifier).toBeUndefined();
    }
    for (const [, , c] of all(thrown, "aws_elasticache_replication_group")) expect(c.final_snapshot_identifier).toBeUndefined();
    for (const [, , lb] of all(thrown, "aws_lb")) expect(lb.enable_deletion_protection).toBe(false);
    for (const [, , s] of all(thrown, "aws_secretsmanager_secret")) expect(s.recovery_window_in_days).toBe(0);
    for (const [, , k] of all(thrown, "aws_kms_key")) expect(k.deletion_window_in_days).toBe(7);
  });
});

describe("X.3 backup Vault Lock and Object Lock mode (media-commerce)", () => {
  const locks = (env: SynthesizedEnvironment): Res[] => all(env, "aws_backup_vault_lock_configuration").map(([kind, , b]) => ({ kind, ...b }));

  it("default: both vaults locked in governance mode (no changeable_for_days), minimum retention = what each vault receives", () => {
    const env = synthEnvironment(mediaCommerce);
    expect(locks(env)).toEqual([
      { kind: "dr-storage", backup_vault_name: "${aws_backup_vault.backup.name}", min_retention_days: env.env.dr!.backupCopyRetentionDays ?? env.env.data!.backupPlan!.retentionDays },
      { kind: "data", backup_vault_name: "${aws_backup_vault.backup.name}", min_retention_days: env.env.data!.backupPlan!.retentionDays },
    ]);
    expect(all(env, "aws_s3_bucket_object_lock_configuration").map(([, , b]) => b.rule.default_retention.mode)).toEqual(["GOVERNANCE", "GOVERNANCE"]);
  });

  it("compliance: immutable after the grace days; off: no lock; COMPLIANCE Object Lock on both copies", () => {
    const compliance = synthEnvironment(
      variant(mediaCommerce, (d) => {
        d.data.backupPlan.vaultLock = "compliance";
        d.data.backupPlan.vaultLockGraceDays = 5;
        d.data.media.backup.objectLockMode = "COMPLIANCE";
      }),
    );
    expect(locks(compliance).map((l) => l.changeable_for_days)).toEqual([5, 5]);
    expect(all(compliance, "aws_s3_bucket_object_lock_configuration").map(([, , b]) => b.rule.default_retention.mode)).toEqual(["COMPLIANCE", "COMPLIANCE"]);
    expect(locks(synthEnvironment(variant(mediaCommerce, (d) => (d.data.backupPlan.vaultLock = "off"))))).toEqual([]);
  });
});

describe("X.5 disposable refuses what cannot be undone", () => {
  it.each([
    ["COMPLIANCE Object Lock", (d: any) => (d.data.media.backup.objectLockMode = "COMPLIANCE"), "data.media.backup.objectLockMode", "COMPLIANCE", /COMPLIANCE Object Lock cannot be undone/],
    ["a compliance vault lock", (d: any) => (d.data.backupPlan.vaultLock = "compliance"), "data.backupPlan.vaultLock", "compliance", /allows only "off".*lifecycle: "retain"/],
    ["a governance vault lock", (d: any) => (d.data.backupPlan.vaultLock = "governance"), "data.backupPlan.vaultLock", "governance", /a vault lock keeps recovery points/],
  ])("refuses %s, naming the field, the value and what is allowed", (_what, patch, path, value, message) => {
    const problems = problemsOf(variant(disposable(mediaCommerce), patch));
    expect(problems).toEqual([{ path, value, message: expect.stringMatching(message) }]);
  });

  it("refuses an unknown lifecycle with the allowed values", () => {
    expect(problemsOf(variant(mediaCommerce, (d) => (d.lifecycle = "temporary")))).toEqual([{ path: "lifecycle", value: "temporary", message: 'allowed: "retain", "disposable"' }]);
  });

  it("accepts vaultLock off and GOVERNANCE (which a disposable environment leaves out)", () => {
    const env = validateDefinition(variant(disposable(mediaCommerce), (d) => (d.data.backupPlan.vaultLock = "off")));
    expect(env.lifecycle).toBe("disposable");
  });
});

describe("guardrails on disposable presets", () => {
  it("every preset synthesizes disposable: the deletion-protection rules are answered by the choice, with its reason, and nothing else is", () => {
    const dir = mkdtempSync(join(tmpdir(), "teardown-"));
    try {
      const { app } = buildApp({ definitions: PRESETS.map(disposable), outdir: dir });
      app.synth(); // throws on any unsuppressed violation
      const results = enforceGuardrails(app, { warn: () => undefined });
      expect(results).toHaveLength(PRESETS.length);
      for (const r of results) {
        expect(r.violations).toEqual([]);
        const answered = r.suppressed.filter((s) => s.answeredBy);
        expect(answered.length).toBeGreaterThan(0);
        for (const a of answered) {
          expect(["rds-deletion-protection", "alb-deletion-protection"]).toContain(a.violation.rule.id);
          expect(a.answeredBy!.reason).toBe(DISPOSABLE_REASON);
        }
        expect(r.unused).toEqual([]);
      }
      // The public load balancers are among them.
      expect(results.flatMap((r) => r.suppressed.filter((s) => s.answeredBy).map((s) => s.violation.address))).toContain("aws_lb.alb");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("a retained preset gets no answers: without deletion protection it would fail (the rule still bites)", () => {
    const dir = mkdtempSync(join(tmpdir(), "teardown-retain-"));
    try {
      const { app } = buildApp({ definitions: PRESETS, only: ["retail-launch"], outdir: dir });
      app.synth();
      const [r] = enforceGuardrails(app, { warn: () => undefined });
      expect(r!.suppressed.filter((s) => s.answeredBy)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
