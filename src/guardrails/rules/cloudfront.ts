/**
 * CloudFront rules.
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { Body, block, blocks, isTrue, list, num, show, str } from "../../synthesized/terraform-json";
import { hasManagedGroup } from "./waf";

const TYPES = ["aws_cloudfront_distribution"];

/** Every cache behavior of a distribution: the default one first. */
function behaviors(d: TfResource): { name: string; attrs: Body }[] {
  const def = block(d.attrs.default_cache_behavior);
  return [
    ...(def ? [{ name: "default_cache_behavior", attrs: def }] : []),
    ...blocks(d.attrs.ordered_cache_behavior).map((b) => ({ name: `ordered_cache_behavior ${show(b.path_pattern)}`, attrs: b })),
  ];
}

/** Viewer TLS policies of TLS 1.2 and newer that CloudFront offers today. */
const MODERN_VIEWER_TLS = new Set(["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"]);

/**
 * Standard logging v2: an `aws_cloudwatch_log_delivery_source` of type
 * ACCESS_LOGS on the distribution, delivered by an `aws_cloudwatch_log_delivery`.
 */
function hasVendedAccessLogs(d: TfResource, model: TerraformIndex): boolean {
  return model
    .referrers(d, "aws_cloudwatch_log_delivery_source", ["resource_arn"])
    .filter((s) => s.attrs.log_type === "ACCESS_LOGS")
    .some((s) => model.referrers(s, "aws_cloudwatch_log_delivery", ["delivery_source_name"]).length > 0);
}

/** CloudFront rules. */
export const CLOUDFRONT_RULES: readonly Rule[] = [
  rule({
    id: "cloudfront-viewer-https",
    checkov: ["CKV_AWS_34"],
    service: "cloudfront",
    types: TYPES,
    title: "Every cache behavior redirects viewers to HTTPS (or serves HTTPS only).",
    reason: "A behavior that allows HTTP serves pages and cookies in cleartext to anyone on the path (R1.4).",
    fix: 'Set viewer_protocol_policy = "redirect-to-https" on every behavior (CdnDistribution).',
    check(d) {
      return behaviors(d)
        .filter((b) => b.attrs.viewer_protocol_policy !== "redirect-to-https" && b.attrs.viewer_protocol_policy !== "https-only")
        .map((b) => `${b.name} has viewer_protocol_policy ${show(b.attrs.viewer_protocol_policy)}`);
    },
  }),
  rule({
    id: "cloudfront-viewer-tls",
    checkov: ["CKV_AWS_174"],
    service: "cloudfront",
    types: TYPES,
    title: "Viewers connect with TLS 1.2+ (TLSv1.2_2021 or newer) over SNI with the site's certificate.",
    reason: "The default certificate and older policies negotiate TLS 1.0/1.1 and weak ciphers.",
    fix: 'Use the GlobalCertificate with minimum_protocol_version = "TLSv1.2_2021" and ssl_support_method = "sni-only".',
    check(d) {
      const vc = block(d.attrs.viewer_certificate);
      if (!vc) return "no viewer_certificate";
      const problems: string[] = [];
      if (isTrue(vc.cloudfront_default_certificate)) problems.push("uses the default *.cloudfront.net certificate (allows TLS 1.0)");
      if (!MODERN_VIEWER_TLS.has(String(vc.minimum_protocol_version))) problems.push(`minimum_protocol_version is ${show(vc.minimum_protocol_version)}`);
      if (!isTrue(vc.cloudfront_default_certificate) && vc.ssl_support_method !== "sni-only") problems.push(`ssl_support_method is ${show(vc.ssl_support_method)}`);
      return problems;
    },
  }),
  rule({
    id: "cloudfront-waf",
    checkov: ["CKV_AWS_68", "CKV2_AWS_47"],
    service: "cloudfront",
    types: TYPES,
    title: "Distributions have a web ACL that includes the Known Bad Inputs (Log4j) managed rules.",
    reason: "The CDN is the public face of the site; the WAF stops exploits and floods before they are cached or forwarded (R1.4).",
    fix: "Keep edge.waf enabled (a CLOUDFRONT-scope WebAcl with AWSManagedRulesKnownBadInputsRuleSet).",
    check(d, model) {
      if (typeof d.attrs.web_acl_id !== "string" || d.attrs.web_acl_id === "") return "no web_acl_id";
      const acl = model.refOf(d, "web_acl_id", "aws_wafv2_web_acl");
      if (acl && !hasManagedGroup(acl, "AWSManagedRulesKnownBadInputsRuleSet")) return `${acl.address} lacks AWSManagedRulesKnownBadInputsRuleSet`;
      return undefined;
    },
  }),
  rule({
    id: "cloudfront-access-logs",
    checkov: ["CKV_AWS_86"],
    service: "cloudfront",
    types: TYPES,
    title: "Distributions write access logs (legacy logging_config, or standard logging v2 delivery).",
    reason: "Edge access logs are the only record of requests CloudFront answered from cache.",
    fix: "Keep the CdnDistribution's log delivery (aws_cloudwatch_log_delivery_source ACCESS_LOGS + aws_cloudwatch_log_delivery).",
    exceptions: "Standard logging v2 is recognised as logging although checkov only reads logging_config.",
    check(d, model) {
      const legacy = block(d.attrs.logging_config);
      if (legacy && typeof legacy.bucket === "string") return undefined;
      if (hasVendedAccessLogs(d, model)) return undefined;
      return "no logging_config and no aws_cloudwatch_log_delivery of ACCESS_LOGS for this distribution";
    },
  }),
  rule({
    id: "cloudfront-s3-origin-access-control",
    checkov: ["CKV2_AWS_46"],
    service: "cloudfront",
    types: TYPES,
    title: "S3 origins are read through origin access control (or identity).",
    reason: "Without it the bucket must be public for CloudFront to read it, bypassing the CDN and its WAF (R1.2).",
    fix: "Give the S3 origin origin_access_control_id (CdnDistribution's OAC) and grant cloudfront.amazonaws.com in the bucket policy.",
    check(d) {
      return blocks(d.attrs.origin)
        .filter((o) => !block(o.custom_origin_config))
        .filter((o) => !str(o.origin_access_control_id) && !str(block(o.s3_origin_config)?.origin_access_identity))
        .map((o) => `S3 origin ${show(o.origin_id)} has no origin_access_control_id`);
    },
  }),
  rule({
    id: "cloudfront-origin-https",
    checkov: ["CKV2_AWS_72", "CKV2_AWS_54"],
    service: "cloudfront",
    types: TYPES,
    title: "Custom origins are reached over HTTPS only with TLS 1.2.",
    reason: "CloudFront to origin crosses the internet; HTTP or old TLS there undoes the viewer-side encryption.",
    fix: 'Set custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }.',
    check(d) {
      const problems: string[] = [];
      for (const o of blocks(d.attrs.origin)) {
        const c = block(o.custom_origin_config);
        if (!c) continue;
        if (c.origin_protocol_policy !== "https-only") problems.push(`origin ${show(o.origin_id)} has origin_protocol_policy ${show(c.origin_protocol_policy)}`);
        const old = list(c.origin_ssl_protocols).filter((p) => p !== "TLSv1.2");
        if (old.length > 0) problems.push(`origin ${show(o.origin_id)} allows ${old.join(", ")}`);
      }
      return problems;
    },
  }),
  rule({
    id: "cloudfront-security-headers",
    checkov: ["CKV2_AWS_32"],
    service: "cloudfront",
    types: TYPES,
    title: "Every cache behavior attaches a response headers policy (HSTS and friends).",
    reason: "HSTS, nosniff and frame options protect browsers from downgrade, MIME sniffing and clickjacking.",
    fix: "Set response_headers_policy_id on every behavior (CdnDistribution's security-headers policy).",
    check(d) {
      return behaviors(d)
        .filter((b) => typeof b.attrs.response_headers_policy_id !== "string" || b.attrs.response_headers_policy_id === "")
        .map((b) => `${b.name} has no response_headers_policy_id`);
    },
  }),
  rule({
    id: "cloudfront-hsts-preload",
    checkov: ["CKV_AWS_259"],
    service: "cloudfront",
    types: ["aws_cloudfront_response_headers_policy"],
    title: "Response headers policies send HSTS for a year or more, with includeSubDomains, preload and override.",
    reason:
      "Without preload a browser's very first visit can still be downgraded to HTTP; with it the domain ships in the browsers' HSTS preload list. override makes the header win over one the origin sends.",
    fix: "Set security_headers_config.strict_transport_security { access_control_max_age_sec >= 31536000, include_subdomains, preload, override } (CdnDistribution's security-headers policy).",
    check(p) {
      const hsts = block(block(p.attrs.security_headers_config)?.strict_transport_security);
      if (!hsts) return "no security_headers_config.strict_transport_security";
      const problems: string[] = [];
      if ((num(hsts.access_control_max_age_sec) ?? 0) < 31536000) problems.push(`access_control_max_age_sec is ${show(hsts.access_control_max_age_sec)} (at least 31536000, one year)`);
      for (const flag of ["include_subdomains", "preload", "override"]) if (!isTrue(hsts[flag])) problems.push(`strict_transport_security.${flag} is ${show(hsts[flag])}`);
      return problems;
    },
  }),
];
