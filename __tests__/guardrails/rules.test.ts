/**
 * Every guardrail rule against hand-written fixtures: at least one case that
 * breaks it (naming the resource it must report) and one that passes, so a
 * rule added without fixtures fails here.
 */
import { findViolations } from "../../src/guardrails/check";
import { TerraformIndex } from "../../src/synthesized/terraform-index";
import { Rule } from "../../src/guardrails/rule";
import { CHECKOV_IDS, RULES, RULE_IDS, rulesNamedBy } from "../../src/guardrails/rules";
import { FIXTURES } from "./fixtures";
import { Fixture, synthesized } from "./fixtures/support";

function violationsOf(rule: Rule, fixture: Fixture) {
  return findViolations(new TerraformIndex(synthesized(fixture), "fx"), [rule]).violations;
}

describe("the rule pack", () => {
  it("has exactly 92 rules (adding or removing one updates this count), with unique ids of the form <service>-<what>", () => {
    expect(RULES.length).toBe(92);
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const id of RULE_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it("has no fixtures for rules that do not exist", () => {
    expect(Object.keys(FIXTURES).filter((id) => !RULE_IDS.includes(id))).toEqual([]);
  });

  it("names checkov ids that cannot be mistaken for rule ids", () => {
    for (const id of CHECKOV_IDS) {
      expect(id).toMatch(/^CKV2?_AWS_\d+$/);
      expect(rulesNamedBy(id).length).toBeGreaterThan(0);
    }
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
  const fixtures = FIXTURES[id];

  it("cites checkov ids, and states what, why, the fix and the types it examines", () => {
    expect(rule.checkov.length).toBeGreaterThan(0);
    for (const c of rule.checkov) expect(c).toMatch(/^CKV2?_AWS_\d+$/);
    expect(rule.types.length).toBeGreaterThan(0);
    for (const t of rule.types) expect(t).toMatch(/^aws_[a-z0-9_]+$/);
    for (const text of [rule.title, rule.reason, rule.fix]) expect(text.length).toBeGreaterThan(15);
  });

  it("has at least one failing and one passing fixture", () => {
    expect(fixtures?.fail.length ?? 0).toBeGreaterThan(0);
    expect(fixtures?.pass.length ?? 0).toBeGreaterThan(0);
  });

  for (const fixture of fixtures?.fail ?? []) {
    it(`fails: ${fixture.name}`, () => {
      const found = violationsOf(rule, fixture);
      expect(found.length).toBeGreaterThan(0);
      for (const v of found) {
        expect(rule.types).toContain(v.address.split(".")[0]);
        expect(v.detail.length).toBeGreaterThan(5);
      }
      if (fixture.violates) expect(found.map((v) => `${v.stackKind}:${v.address}`)).toContain(fixture.violates);
    });
  }

  for (const fixture of fixtures?.pass ?? []) {
    it(`passes: ${fixture.name}`, () => {
      expect(violationsOf(rule, fixture).map((v) => `${v.address}: ${v.detail}`)).toEqual([]);
    });
  }
});
