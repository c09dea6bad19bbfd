/**
 * Every registered environment — the presets and the user's own, everything
 * in DEFINITIONS — is proven like a preset: it validates, passes the
 * guardrails with only reasoned suppressions, and its reachability matrix
 * (computed from the synthesized security groups, NACLs and routes) keeps the
 * platform's invariants. terraform validate + plan of every registered
 * environment: __tests__/terraform/plan-all.test.ts; its generated page:
 * __tests__/tools/docs/generated-docs.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app";
import { DEFINITIONS } from "../../src/environments";
import { enforceGuardrails } from "../../src/guardrails-hook";
import { EnvironmentResult } from "../../src/guardrails/check";
import { portsText } from "../../src/tools/reach/intervals";
import { synthesizeStacks } from "../../src/tools/reach/load";
import { computeMatrix, Matrix, openPorts, sourcesOf } from "../../src/tools/reach/matrix";
import { extractModel, PartyId } from "../../src/tools/reach/model";

const names = DEFINITIONS.map((d) => d.name);
const outdir = mkdtempSync(join(tmpdir(), "registered-"));
let results: readonly EnvironmentResult[] = [];
const matrices: Record<string, Matrix> = {};

beforeAll(() => {
  const { app } = buildApp({ definitions: DEFINITIONS, outdir, warn: () => undefined });
  app.synth(); // throws on any unsuppressed guardrail violation
  results = enforceGuardrails(app, { warn: () => undefined });
  for (const name of names) matrices[name] = computeMatrix(extractModel(synthesizeStacks(name, DEFINITIONS)));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const ports = (env: string, from: PartyId, to: PartyId) => portsText(openPorts(matrices[env], from, to));

describe("every registered environment, proven like a preset", () => {
  it("covers every definition in DEFINITIONS", () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(results.map((r) => r.environment)).toEqual(names);
  });

  it.each(names)("%s: no unsuppressed guardrail violation, and every suppression it uses matches one", (env) => {
    const r = results.find((x) => x.environment === env)!;
    expect(r.violations.map((v) => `${v.stack}: ${v.address} ${v.rule.id}`)).toEqual([]);
    expect(r.unused).toEqual([]);
  });

  it.each(names)("%s: nothing outside the VPC reaches web, WAS, the internal load balancer or a data store (R0.3, R2.6)", (env) => {
    for (const from of ["internet", "datacenter"] as PartyId[]) {
      for (const to of ["web", "internal_alb", "was", "db", "cache", "efs"] as PartyId[]) expect(`${from} → ${to}: ${ports(env, from, to)}`).toBe(`${from} → ${to}: `);
    }
  });

  it.each(names)("%s: SSH on the instances only from the bastion (R0.9, R3.3)", (env) => {
    for (const to of ["web", "was"] as PartyId[]) expect(sourcesOf(matrices[env], to, 22).filter((p) => p !== "bastion")).toEqual([]);
  });

  it.each(names)("%s: the database accepts connections only from inside the VPC", (env) => {
    const from = sourcesOf(matrices[env], "db", 3306);
    expect(from.length).toBeGreaterThan(0);
    expect(from.filter((p) => p === "internet" || p === "datacenter" || p === "alb")).toEqual([]);
  });
});
