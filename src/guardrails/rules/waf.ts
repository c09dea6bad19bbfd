/**
 * WAF (v2) rules.
 */
import { TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { Body, block, blocks, show } from "../../synthesized/terraform-json";

const TYPES = ["aws_wafv2_web_acl"];

/** The managed rule group statement of a rule, if it is one. */
function managedGroup(r: Body): Body | undefined {
  return block(block(r.statement)?.managed_rule_group_statement);
}

/** The web ACL runs AWS managed group `name` in blocking mode (not overridden to count). */
export function hasManagedGroup(acl: TfResource, name: string): boolean {
  return blocks(acl.attrs.rule).some((r) => {
    const group = managedGroup(r);
    if (group?.name !== name || group.vendor_name !== "AWS") return false;
    const override = block(r.override_action);
    return !override || !block(override.count);
  });
}

/** WAF rules. */
export const WAF_RULES: readonly Rule[] = [
  rule({
    id: "waf-rules-with-actions",
    checkov: ["CKV_AWS_175", "CKV_AWS_342"],
    service: "waf",
    types: TYPES,
    title: "Web ACLs have rules, and every rule has an action or override action.",
    reason: "An empty ACL (default allow) inspects nothing; a rule without an action does nothing.",
    fix: "Keep the WebAcl's managed groups and rate rule (edge.waf).",
    check(acl) {
      const rules = blocks(acl.attrs.rule);
      if (rules.length === 0) return "the web ACL has no rules";
      return rules.filter((r) => !block(r.action) && !block(r.override_action)).map((r) => `rule ${show(r.name)} has neither action nor override_action`);
    },
  }),
  rule({
    id: "waf-known-bad-inputs",
    checkov: ["CKV_AWS_192"],
    service: "waf",
    types: TYPES,
    title: "Web ACLs block with AWSManagedRulesKnownBadInputsRuleSet (Log4Shell and similar payloads).",
    reason: "Known exploit payloads (CVE-2021-44228 and similar) are stopped at the edge before any server parses them.",
    fix: "Keep AWSManagedRulesKnownBadInputsRuleSet in the WebAcl with override_action none.",
    check(acl) {
      if (!hasManagedGroup(acl, "AWSManagedRulesKnownBadInputsRuleSet")) return "AWSManagedRulesKnownBadInputsRuleSet is missing or only counts";
      return undefined;
    },
  }),
  rule({
    id: "waf-logging",
    checkov: ["CKV2_AWS_31"],
    service: "waf",
    types: TYPES,
    title: "Web ACLs log their decisions.",
    reason: "Without logs a blocked customer or a missed attack cannot be investigated.",
    fix: "Keep the WebAcl's aws_wafv2_web_acl_logging_configuration (log group named aws-waf-logs-*).",
    check(acl, model) {
      if (model.referrers(acl, "aws_wafv2_web_acl_logging_configuration", ["resource_arn"]).length === 0) return "no aws_wafv2_web_acl_logging_configuration names this web ACL";
      return undefined;
    },
  }),
];
