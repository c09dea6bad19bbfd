/**
 * Route 53 rules: public hosted zones are signed and their queries logged.
 * Private zones (with a `vpc` block) are not examined: DNSSEC signing and
 * public query logging do not apply to them.
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { blocks, show } from "../../synthesized/terraform-json";

function isPublic(zone: TfResource): boolean {
  return blocks(zone.attrs.vpc).length === 0;
}

/** Resources of `type` whose `hosted_zone_id`/`zone_id` refers to `zone`. */
function zoneSettings(zone: TfResource, type: string, model: TerraformIndex): TfResource[] {
  return model.referrers(zone, type, ["hosted_zone_id", "zone_id"]);
}

/** Route 53 rules. */
export const ROUTE53_RULES: readonly Rule[] = [
  rule({
    id: "route53-dnssec",
    checkov: ["CKV2_AWS_38"],
    service: "route53",
    types: ["aws_route53_zone"],
    title: "Public hosted zones are DNSSEC-signed by an active key-signing key.",
    reason: "Without signatures a resolver cannot tell the zone's answers from forged ones (cache poisoning sends users of the domain elsewhere).",
    fix: "Create the zone through HostedZone with protection (ZoneDnssec: a us-east-1 ECC_NIST_P256 SIGN_VERIFY key, aws_route53_key_signing_key, aws_route53_hosted_zone_dnssec), then publish the DS record at the registrar.",
    check(zone, model) {
      if (!isPublic(zone)) return undefined;
      const signing = zoneSettings(zone, "aws_route53_hosted_zone_dnssec", model);
      if (signing.length === 0) return "no aws_route53_hosted_zone_dnssec signs this zone";
      const problems: string[] = [];
      if (signing.every((s) => s.attrs.signing_status === "NOT_SIGNING")) problems.push(`signing_status is ${show(signing[0]!.attrs.signing_status)}`);
      const ksks = zoneSettings(zone, "aws_route53_key_signing_key", model);
      if (!ksks.some((k) => k.attrs.status === undefined || k.attrs.status === "ACTIVE")) problems.push("no ACTIVE aws_route53_key_signing_key in this zone");
      return problems;
    },
  }),
  rule({
    id: "route53-query-logging",
    checkov: ["CKV2_AWS_39"],
    service: "route53",
    types: ["aws_route53_zone"],
    title: "Public hosted zones log DNS queries to CloudWatch Logs.",
    reason: "Query logs show which names are asked for, from where: evidence of subdomain enumeration, a hijacked record being used, or a misrouted client.",
    fix: "Create the zone through HostedZone with protection (ZoneQueryLog: an aws_route53_query_log to a us-east-1 log group under /aws/route53/, admitted by an aws_cloudwatch_log_resource_policy).",
    check(zone, model) {
      if (!isPublic(zone)) return undefined;
      if (zoneSettings(zone, "aws_route53_query_log", model).length === 0) return "no aws_route53_query_log points at this zone";
      return undefined;
    },
  }),
];
