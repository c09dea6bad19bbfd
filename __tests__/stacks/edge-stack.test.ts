/**
 * The edge stack as synthesized: DNS (R0.1, R3.8), CDN (R1.2, R1.5), WAF
 * (R1.4), audit trail (R1.8), the remote-state contract (X.1) and no secrets
 * (X.4). The vendor role's policies are evaluated in
 * __tests__/constructs/vendor-read-only-access.test.ts.
 */
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Testing } from "cdktf";
import { EnvironmentDefinition } from "../../src/config/definition";
import { validateDefinition } from "../../src/config/validate";
import { COMPUTE_OUTPUTS } from "../../src/contract/compute";
import { DATA_OUTPUTS } from "../../src/contract/data";
import { DR_STORAGE_OUTPUTS } from "../../src/contract/dr-storage";
import { EDGE_OUTPUTS } from "../../src/contract/edge";
import { NETWORK_OUTPUTS } from "../../src/contract/network";
import { OutputTable } from "../../src/contract/output-spec";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { AUDIT_ALARMS } from "../../src/lib/audit-alarms";
import { EdgeStack } from "../../src/stacks/edge-stack";
import { resources as rawResources, StackJson, variant } from "../support/synth";
import { only, remote, Res } from "../support/stack-json";


/** Resources of `type` by logical name, loosely typed for assertions. */
const resources = (stack: StackJson, type: string): Record<string, Res> => rawResources(stack, type) as Record<string, Res>;

/** Synthesize only the edge stack of `definition` (no other stack is needed: upstream values come from remote state). */
function synthEdge(definition: EnvironmentDefinition): { text: string; json: StackJson } {
  const env = validateDefinition(definition);
  const stack = new EdgeStack(Testing.app(), env);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as StackJson };
}


const synths: Record<string, { text: string; json: StackJson }> = {};
beforeAll(() => {
  for (const preset of PRESETS) synths[preset.name] = synthEdge(preset);
});

const ALL = PRESETS.map((p) => [p.name] as const);
const BEHIND_ALB = [retailLaunch, webWas, buddyverse].map((p) => [p.name] as const);
const DEFS: Record<string, EnvironmentDefinition> = Object.fromEntries(PRESETS.map((p) => [p.name, p]));

describe("X.1 contract", () => {
  const TABLES: Record<string, OutputTable> = { network: NETWORK_OUTPUTS, data: DATA_OUTPUTS, compute: COMPUTE_OUTPUTS, "dr-storage": DR_STORAGE_OUTPUTS };

  it.each(ALL)("%s reads only declared outputs of network, data and compute", (name) => {
    const { json, text } = synths[name]!;
    // With a DR region and a CDN, the media's DR copy (dr-storage) is the origin group's second member (R1.7).
    expect(Object.keys(json.data?.terraform_remote_state ?? {}).sort()).toEqual(name === "media-commerce" ? ["compute", "data", "dr-storage", "network"] : ["compute", "data", "network"]);
    const read = [...text.matchAll(/data\.terraform_remote_state\.([a-z-]+)\.outputs\.([a-z0-9_]+)/g)].map((m) => [m[1]!, m[2]!]);
    expect(read.length).toBeGreaterThan(0);
    for (const [kind, output] of read) expect(TABLES[kind]).toHaveProperty(output);
  });

  it.each(ALL)("%s publishes every EDGE_OUTPUTS output with its description, none sensitive", (name) => {
    const outputs = synths[name]!.json.output ?? {};
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(EDGE_OUTPUTS).sort());
    for (const [key, spec] of Object.entries(EDGE_OUTPUTS)) {
      expect(outputs[key]!.description).toBe(spec.description);
      expect(outputs[key]!.sensitive).toBeUndefined();
    }
  });

  it("site_url is the apex over HTTPS; CDN outputs are empty without a CDN", () => {
    expect(synths["buddyverse"]!.json.output!.site_url!.value).toBe("https://buddyverse.link");
    expect(synths["buddyverse"]!.json.output!.cloudfront_domain_name!.value).toBe("");
    expect(synths["media-commerce"]!.json.output!.cloudfront_domain_name!.value).toBe("${aws_cloudfront_distribution.cdn.domain_name}");
    expect(synths["retail-launch"]!.json.output!.vendor_role_arn!.value).toBe("${aws_iam_role.vendor.arn}");
    expect(synths["web-was"]!.json.output!.vendor_role_arn!.value).toBe("");
  });

  it("the state key is <env>/edge.tfstate", () => {
    const backend = (synths["media-commerce"]!.json.terraform!.backend as Res).s3;
    expect(backend.key).toBe("media-commerce/edge.tfstate");
  });
});

describe("DNS (R0.1, R3.8)", () => {
  it.each(BEHIND_ALB)("%s: alias A records for the apex and www to the public ALB, health evaluated, no AAAA (IPv4-only ALB)", (name) => {
    const preset = PRESETS.find((p) => p.name === name)!;
    const records = resources(synths[name]!.json, "aws_route53_record");
    expect(Object.keys(records).sort()).toEqual(["site_apex-a", "site_www-a"]);
    expect(records["site_apex-a"]).toMatchObject({
      name: preset.dns.domain,
      type: "A",
      zone_id: remote("network", "zone_id"),
      alias: { name: remote("compute", "alb_dns_name"), zone_id: remote("compute", "alb_zone_id"), evaluate_target_health: true },
    });
    expect(records["site_www-a"]!.name).toBe(`www.${preset.dns.domain}`);
  });

  it("R3.8 buddyverse.link is an alias A record to the load balancer", () => {
    expect(synths["buddyverse"]!.text).toHaveResourceWithProperties(Route53Record, {
      name: "buddyverse.link",
      type: "A",
      alias: { name: remote("compute", "alb_dns_name"), zone_id: remote("compute", "alb_zone_id"), evaluate_target_health: true },
    });
  });

  it("R1.5 media-commerce: A and AAAA aliases for the apex and www to CloudFront", () => {
    const records = resources(synths["media-commerce"]!.json, "aws_route53_record");
    const site = Object.entries(records).filter(([id]) => id.startsWith("site_"));
    expect(site.map(([id]) => id).sort()).toEqual(["site_apex-a", "site_apex-aaaa", "site_www-a", "site_www-aaaa"]);
    for (const [, r] of site as [string, Res][]) {
      expect(r.alias).toEqual({
        name: "${aws_cloudfront_distribution.cdn.domain_name}",
        zone_id: "${aws_cloudfront_distribution.cdn.hosted_zone_id}",
        evaluate_target_health: false,
      });
    }
  });

  it("only the names of the definition get records", () => {
    const { json } = synthEdge(variant(buddyverse, (d) => (d.edge.dns.names = ["@"])));
    expect(Object.keys(resources(json, "aws_route53_record"))).toEqual(["site_apex-a"]);
  });
});

describe("CDN (R1.2, R1.5) — media-commerce", () => {
  let json: StackJson;
  let cdn: Res;
  beforeAll(() => {
    json = synths["media-commerce"]!.json;
    cdn = only(json, "aws_cloudfront_distribution");
  });

  it("a second provider aliased us_east_1 with the same account guard and default tags", () => {
    const providers = (json.provider as Res).aws as Res[];
    expect(providers.map((p) => p.alias ?? "default").sort()).toEqual(["default", "dr", "us_east_1"]); // dr: the media's DR copy's policy (R1.7)
    const [main, east] = [providers.find((p) => !p.alias)!, providers.find((p) => p.alias === "us_east_1")!];
    expect(main.region).toBe("ap-northeast-2");
    expect(east.region).toBe("us-east-1");
    expect(east.allowed_account_ids).toEqual(["222222222222"]);
    expect(east.default_tags).toEqual(main.default_tags);
  });

  it.each(["aws_cloudfront_distribution", "aws_acm_certificate", "aws_acm_certificate_validation", "aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration", "aws_cloudwatch_log_delivery_source"])(
    "%s is created in us-east-1 (trap 5)",
    (type) => {
      for (const r of Object.values(resources(json, type)) as Res[]) expect(r.provider).toBe("aws.us_east_1");
    },
  );

  it("log groups of CloudFront and its WAF, and their KMS key, are in us-east-1; the trail's stays home", () => {
    const groups = resources(json, "aws_cloudwatch_log_group");
    expect(groups["waf_logs"]!.provider).toBe("aws.us_east_1");
    expect(groups["cdn_access-logs"]!.provider).toBe("aws.us_east_1");
    expect(groups["audit"]!.provider).toBeUndefined();
    expect(resources(json, "aws_kms_key")["global-logs-key"]!.provider).toBe("aws.us_east_1");
    expect(groups["waf_logs"]!.kms_key_id).toBe("${aws_kms_key.global-logs-key.arn}");
    const keyPolicy = JSON.parse(resources(json, "aws_kms_key")["global-logs-key"]!.policy);
    expect(keyPolicy.Statement.map((s: Res) => s.Principal?.Service).filter(Boolean)).toEqual(["logs.us-east-1.amazonaws.com"]);
  });

  it("certificate: DNS-validated for the apex and www, transparency logging, create_before_destroy", () => {
    const cert = only(json, "aws_acm_certificate");
    expect(cert).toMatchObject({
      domain_name: "media-commerce.example.com",
      subject_alternative_names: ["www.media-commerce.example.com"],
      validation_method: "DNS",
      options: { certificate_transparency_logging_preference: "ENABLED" },
      lifecycle: { create_before_destroy: true },
    });
    // The compute stack's ALB certificate covers the same names and owns their validation CNAMEs
    // (ACM gives every certificate of the account the same CNAME for a name): no second owner here.
    const records = resources(json, "aws_route53_record");
    expect(Object.keys(records).filter((k) => k.startsWith("cdn-certificate"))).toEqual([]);
    expect(only(json, "aws_acm_certificate_validation")).toMatchObject({ certificate_arn: "${aws_acm_certificate.cdn-certificate.arn}" });
    expect(only(json, "aws_acm_certificate_validation").validation_record_fqdns).toBeUndefined();
    expect(cdn.viewer_certificate).toEqual({
      acm_certificate_arn: "${aws_acm_certificate_validation.cdn-certificate.certificate_arn}",
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
  });

  it("viewers: the site's names, HTTP/2 and HTTP/3, IPv6, the CLOUDFRONT web ACL, worldwide by default", () => {
    expect(cdn).toMatchObject({
      enabled: true,
      aliases: ["media-commerce.example.com", "www.media-commerce.example.com"],
      http_version: "http2and3",
      is_ipv6_enabled: true,
      price_class: "PriceClass_200",
      web_acl_id: "${aws_wafv2_web_acl.waf.arn}",
      restrictions: { geo_restriction: { restriction_type: "none", locations: [] } },
    });
  });

  it("R1.2 the media bucket is an origin through Origin Access Control (SigV4, always signed)", () => {
    const media = (cdn.origin as Res[]).find((o) => o.origin_id === "media")!;
    expect(media.domain_name).toBe(remote("data", "media_bucket_regional_domain_name"));
    expect(media.origin_access_control_id).toBe("${aws_cloudfront_origin_access_control.cdn_media-oac.id}");
    expect(media.s3_origin_config).toBeUndefined(); // no legacy origin access identity
    expect(only(json, "aws_cloudfront_origin_access_control")).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
  });

  it("R1.5 the ALB is the dynamic origin over HTTPS only, TLS 1.2", () => {
    const alb = (cdn.origin as Res[]).find((o) => o.origin_id === "alb")!;
    // Through the Route 53 failover name of the primary and DR load balancers (R1.7, dr-compute).
    expect(alb.domain_name).toBe("origin.media-commerce.example.com");
    expect(alb.custom_origin_config).toMatchObject({ origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] });
    // R1.4 the origin secret header: the ALB answers only this distribution (the prefix list admits every distribution).
    expect(alb.custom_header).toEqual([{ name: "X-Origin-Verify", value: "${var.origin_verify_secret}" }]);
  });

  it("R1.4 X.4 the origin secret is a sensitive variable (from Secrets Manager at deploy), never a value in the JSON or an output", () => {
    const json = synths["media-commerce"]!.json;
    expect(json.variable).toMatchObject({ origin_verify_secret: { type: "string", sensitive: true, default: "" } });
    expect(Object.values(json.output ?? {}).map((o) => JSON.stringify(o.value))).not.toContainEqual(expect.stringContaining("origin_verify"));
    for (const name of ["retail-launch", "web-was", "buddyverse"]) expect((synths[name]!.json.variable as Res | undefined)?.origin_verify_secret).toBeUndefined();
  });

  it("cache policies per path: media paths long-lived from S3, everything else uncached from the ALB", () => {
    const behaviors = cdn.ordered_cache_behavior as Res[];
    expect(behaviors.map((b) => b.path_pattern)).toEqual(["/media/*", "/images/*", "/videos/*"]);
    for (const b of behaviors) {
      expect(b).toMatchObject({
        target_origin_id: "media-failover", // the origin group: primary bucket, then its DR copy (R1.7)
        cache_policy_id: "${aws_cloudfront_cache_policy.cdn_media-cache.id}",
        viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD", "OPTIONS"],
        compress: true,
      });
    }
    const mediaPolicy = only(json, "aws_cloudfront_cache_policy");
    expect(mediaPolicy).toMatchObject({ default_ttl: 86400, max_ttl: 31536000 });
    expect(mediaPolicy.parameters_in_cache_key_and_forwarded_to_origin).toMatchObject({
      cookies_config: { cookie_behavior: "none" },
      query_strings_config: { query_string_behavior: "none" },
      enable_accept_encoding_brotli: true,
      enable_accept_encoding_gzip: true,
    });
    expect(cdn.default_cache_behavior).toMatchObject({
      target_origin_id: "alb",
      viewer_protocol_policy: "redirect-to-https",
      cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // Managed-CachingDisabled
      origin_request_policy_id: "216adef6-5c7f-47e4-b989-5492eafa07d3", // Managed-AllViewer
      compress: true,
    });
  });

  it("security response headers on every behavior (HSTS a year, nosniff)", () => {
    const headers = only(json, "aws_cloudfront_response_headers_policy").security_headers_config;
    expect(headers.strict_transport_security).toMatchObject({ access_control_max_age_sec: 31536000, override: true });
    expect(headers.content_type_options).toEqual({ override: true });
    const id = "${aws_cloudfront_response_headers_policy.cdn_security-headers.id}";
    expect(cdn.default_cache_behavior.response_headers_policy_id).toBe(id);
    for (const b of cdn.ordered_cache_behavior as Res[]) expect(b.response_headers_policy_id).toBe(id);
  });

  it("access logs: CloudFront standard logging v2 from the distribution to a KMS-encrypted log group", () => {
    expect(only(json, "aws_cloudwatch_log_delivery_source")).toMatchObject({
      log_type: "ACCESS_LOGS",
      resource_arn: "${aws_cloudfront_distribution.cdn.arn}",
    });
    expect(only(json, "aws_cloudwatch_log_delivery_destination").delivery_destination_configuration).toEqual([
      { destination_resource_arn: "${aws_cloudwatch_log_group.cdn_access-logs.arn}" },
    ]);
    expect(only(json, "aws_cloudwatch_log_delivery")).toMatchObject({
      delivery_source_name: "${aws_cloudwatch_log_delivery_source.cdn_access-log-source.name}",
      delivery_destination_arn: "${aws_cloudwatch_log_delivery_destination.cdn_access-log-destination.arn}",
    });
    expect(resources(json, "aws_cloudwatch_log_group")["cdn_access-logs"]).toMatchObject({ retention_in_days: 365, kms_key_id: "${aws_kms_key.global-logs-key.arn}" });
  });

  it("the media bucket policy: TLS only, and s3:GetObject for CloudFront on behalf of this distribution only", () => {
    const policy = resources(json, "aws_s3_bucket_policy")["media-bucket-policy"]!;
    expect(policy.bucket).toBe(remote("data", "media_bucket_name"));
    const doc = JSON.parse(policy.policy);
    const arn = remote("data", "media_bucket_arn");
    expect(doc.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      {
        Sid: "AllowCloudFrontOriginAccessControl",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${arn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.cdn.arn}" } },
      },
    ]);
  });

  it("R1.4 optional geo restriction from the definition", () => {
    const { json: geo } = synthEdge(variant(mediaCommerce, (d) => (d.edge.cdn.geoRestriction = { type: "allow", countries: ["KR", "JP"] })));
    expect(only(geo, "aws_cloudfront_distribution").restrictions).toEqual({ geo_restriction: { restriction_type: "whitelist", locations: ["KR", "JP"] } });
    const { json: deny } = synthEdge(variant(mediaCommerce, (d) => (d.edge.cdn.geoRestriction = { type: "deny", countries: ["KP"] })));
    expect(only(deny, "aws_cloudfront_distribution").restrictions.geo_restriction.restriction_type).toBe("blacklist");
  });

  it("no us-east-1 provider, certificate or distribution where there is no CDN", () => {
    for (const [name] of BEHIND_ALB) {
      const j = synths[name]!.json;
      expect(((j.provider as Res).aws as Res[]).map((p) => p.alias ?? "default")).toEqual(["default"]);
      expect(resources(j, "aws_cloudfront_distribution")).toEqual({});
      expect(resources(j, "aws_acm_certificate")).toEqual({});
      expect(resources(j, "aws_s3_bucket_policy")["media-bucket-policy"]).toBeUndefined();
    }
  });
});

describe("WAF (R1.4)", () => {
  const rulesOf = (j: StackJson) => only(j, "aws_wafv2_web_acl").rule as Res[];

  it.each(ALL)("%s: AWS managed rule groups IP reputation, Common, Known Bad Inputs and SQLi, (upload size rules,) then the rate limit", (name) => {
    const rules = rulesOf(synths[name]!.json);
    const uploads = validateDefinition(DEFS[name]!).edge!.waf.uploads;
    expect(rules.map((r) => r.statement.managed_rule_group_statement?.name ?? r.name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesSQLiRuleSet",
      ...(uploads.length > 0 ? ["body-size-outside-uploads", ...uploads.map((_, i) => `upload-body-size-${i + 1}`)] : []),
      "rate-limit-per-ip",
    ]);
    expect(rules.map((r) => r.priority)).toEqual(rules.map((_, i) => i));
    for (const r of rules.slice(0, 4)) {
      expect(r.override_action).toEqual({ none: {} }); // the groups' own block actions apply
      expect(r.statement.managed_rule_group_statement.vendor_name).toBe("AWS");
    }
    for (const r of rules) expect(r.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    expect(only(synths[name]!.json, "aws_wafv2_web_acl").default_action).toEqual({ allow: {} });
  });

  it.each([
    ["media-commerce", 5000],
    ["retail-launch", 2000],
  ] as const)("%s: the rate-based rule blocks an IP above %i requests per 5 minutes (from the definition)", (name, limit) => {
    const rate = rulesOf(synths[name]!.json).find((r) => r.name === "rate-limit-per-ip")!;
    expect(rate.action).toEqual({ block: {} });
    expect(rate.statement.rate_based_statement).toEqual({ limit, evaluation_window_sec: 300, aggregate_key_type: "IP" });
  });

  it("optional geo block from the definition", () => {
    const { json } = synthEdge(variant(buddyverse, (d) => (d.edge.waf.geoBlock = ["KP", "IR"])));
    const geo = rulesOf(json).find((r) => r.name === "geo-block")!;
    expect(geo).toMatchObject({ priority: 7, action: { block: {} }, statement: { geo_match_statement: { country_codes: ["KP", "IR"] } } });
    expect(rulesOf(synths["buddyverse"]!.json).some((r) => r.name === "geo-block")).toBe(false);
  });

  describe("upload paths: the 8 KB body limit counts, our rules block (R3.6 board attachments, R1.2 media uploads)", () => {
    const common = (j: StackJson) => rulesOf(j).find((r) => r.name === "AWSManagedRulesCommonRuleSet")!.statement.managed_rule_group_statement;

    it("without uploads (retail-launch, web-was) SizeRestrictions_BODY keeps blocking: no override, no upload rule", () => {
      for (const name of ["retail-launch", "web-was"]) {
        expect(common(synths[name]!.json).rule_action_override).toBeUndefined();
        expect(rulesOf(synths[name]!.json).some((r) => /body-size/.test(r.name))).toBe(false);
      }
    });

    it("R3.6 buddyverse: SizeRestrictions_BODY counts; over 8 KB outside /board/ is blocked by its label; /board/ above 20 MiB by Content-Length", () => {
      const j = synths["buddyverse"]!.json;
      expect(common(j).rule_action_override).toEqual([{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }]);
      const rules = rulesOf(j);
      const outside = rules.find((r) => r.name === "body-size-outside-uploads")!;
      const commonPriority = rules.find((r) => r.name === "AWSManagedRulesCommonRuleSet")!.priority;
      // A label is visible only to rules evaluated after the rule group that adds it.
      expect(outside.priority).toBeGreaterThan(commonPriority);
      expect(outside.action).toEqual({ block: {} });
      expect(outside.statement).toEqual({
        and_statement: {
          statement: [
            { label_match_statement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
            { not_statement: { statement: [{ byte_match_statement: { field_to_match: { uri_path: {} }, positional_constraint: "STARTS_WITH", search_string: "/board/", text_transformation: [{ priority: 0, type: "NONE" }] } }] } },
          ],
        },
      });
      const upload = rules.find((r) => r.name === "upload-body-size-1")!;
      expect(upload.action).toEqual({ block: {} });
      const [path, size] = upload.statement.and_statement.statement as Res[];
      expect(path!.byte_match_statement).toMatchObject({ positional_constraint: "STARTS_WITH", search_string: "/board/" });
      expect(size!.regex_match_statement.field_to_match).toEqual({ single_header: { name: "content-length" } });
      const limit = new RegExp(size!.regex_match_statement.regex_string as string);
      expect(limit.test(String(20 * 1024 * 1024))).toBe(false);
      expect(limit.test(String(20 * 1024 * 1024 + 1))).toBe(true);
      expect(limit.test("9000")).toBe(false);
    });

    it("R1.2 media-commerce: each upload spec has its own limit; several paths are OR-ed (prefix or exact)", () => {
      const rules = rulesOf(synths["media-commerce"]!.json);
      const second = rules.find((r) => r.name === "upload-body-size-2")!;
      const [paths, size] = second.statement.and_statement.statement as Res[];
      expect((paths!.or_statement.statement as Res[]).map((st) => [st.byte_match_statement.positional_constraint, st.byte_match_statement.search_string])).toEqual([
        ["EXACTLY", "/reviews/photos"],
        ["EXACTLY", "/account/profile-image"],
      ]);
      expect(new RegExp(size!.regex_match_statement.regex_string as string).test(String(21 * 1024 * 1024))).toBe(true);
      const outside = rules.find((r) => r.name === "body-size-outside-uploads")!;
      // label AND NOT each upload path (no deeper nesting: the provider's schema stops at three levels).
      const [label, ...excluded] = outside.statement.and_statement.statement as Res[];
      expect(label!.label_match_statement.key).toBe("awswaf:managed:aws:core-rule-set:SizeRestrictions_Body");
      expect(excluded.map((st) => st.not_statement.statement[0].byte_match_statement.search_string)).toEqual(["/admin/media/", "/reviews/photos", "/account/profile-image"]);
    });
  });

  it("media-commerce: scope CLOUDFRONT, attached by the distribution, not to the ALB", () => {
    const json = synths["media-commerce"]!.json;
    expect(only(json, "aws_wafv2_web_acl").scope).toBe("CLOUDFRONT");
    expect(resources(json, "aws_wafv2_web_acl_association")).toEqual({});
  });

  it.each(BEHIND_ALB)("%s: scope REGIONAL, associated with the public ALB (CKV2_AWS_28)", (name) => {
    const json = synths[name]!.json;
    expect(only(json, "aws_wafv2_web_acl").scope).toBe("REGIONAL");
    expect(only(json, "aws_wafv2_web_acl_association")).toMatchObject({
      resource_arn: remote("compute", "alb_arn"),
      web_acl_arn: "${aws_wafv2_web_acl.waf.arn}",
    });
  });

  it.each(ALL)("%s: logs to aws-waf-logs-<env> (KMS, 365 days) with authorization and cookie redacted", (name) => {
    const json = synths[name]!.json;
    const group = resources(json, "aws_cloudwatch_log_group")["waf_logs"]!;
    expect(group).toMatchObject({ name: `aws-waf-logs-${name}`, retention_in_days: 365 });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.(global-)?logs-key\.arn\}$/);
    const logging = only(json, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.resource_arn).toBe("${aws_wafv2_web_acl.waf.arn}");
    expect(logging.log_destination_configs).toEqual(["${aws_cloudwatch_log_group.waf_logs.arn}"]);
    expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }]);
    const delivery = JSON.parse(resources(json, "aws_cloudwatch_log_resource_policy")["waf_logs_delivery-policy"]!.policy_document);
    expect(delivery.Statement[0]).toMatchObject({
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Resource: "${aws_cloudwatch_log_group.waf_logs.arn}:log-stream:*",
      Condition: { StringEquals: { "aws:SourceAccount": PRESETS.find((p) => p.name === name)!.account } },
    });
  });
});

describe("audit trail (R1.8)", () => {
  it.each(ALL)("%s: multi-region trail with global events, log file validation, KMS and CloudWatch Logs", (name) => {
    const json = synths[name]!.json;
    const trail = only(json, "aws_cloudtrail");
    expect(trail).toMatchObject({
      name: `${name}-audit`,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      kms_key_id: "${aws_kms_key.audit.arn}",
      s3_bucket_name: "${aws_s3_bucket.audit.bucket}",
      cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.audit.arn}:*",
      cloud_watch_logs_role_arn: "${aws_iam_role.audit_logs-role.arn}",
    });
    expect(trail.depends_on).toEqual(expect.arrayContaining(["aws_s3_bucket_policy.audit_bucket"]));
  });

  it("R1.8 Auto Scaling activity is recorded: every management event, read and write, no source excluded", () => {
    const trail = only(synths["media-commerce"]!.json, "aws_cloudtrail");
    // An event is recorded when some selector includes management events of its
    // read/write type and does not exclude its source.
    const records = (event: { source: string; readOnly: boolean }) =>
      (trail.event_selector as Res[]).some(
        (s) =>
          s.include_management_events === true &&
          (s.read_write_type === "All" || s.read_write_type === (event.readOnly ? "ReadOnly" : "WriteOnly")) &&
          !(s.exclude_management_event_sources ?? []).includes(event.source),
      );
    expect(trail.advanced_event_selector).toBeUndefined();
    // Scaling out/in and changes to groups and policies (UpdateAutoScalingGroup, PutScalingPolicy, ...).
    expect(records({ source: "autoscaling.amazonaws.com", readOnly: false })).toBe(true);
    expect(records({ source: "autoscaling.amazonaws.com", readOnly: true })).toBe(true);
    // The instances Auto Scaling launches and terminates (RunInstances, TerminateInstances).
    expect(records({ source: "ec2.amazonaws.com", readOnly: false })).toBe(true);
  });

  it("the trail bucket: SSE-KMS with the trail key, public access blocked, lifecycle to Glacier IR and expiry, prevent_destroy", () => {
    const json = synths["media-commerce"]!.json;
    expect(only(json, "aws_s3_bucket")).toMatchObject({ bucket_prefix: "media-commerce-audit-", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.audit.arn}",
    });
    const rules = only(json, "aws_s3_bucket_lifecycle_configuration").rule as Res[];
    expect(rules.find((r) => r.id === "archive-then-expire")).toMatchObject({
      transition: [{ days: 90, storage_class: "GLACIER_IR" }],
      expiration: [{ days: 2557 }],
    });
    expect(rules.some((r) => r.id === "abort-incomplete-uploads")).toBe(true);
  });

  it("the trail bucket policy: TLS only; CloudTrail may write only AWSLogs/<account>/ and only for this trail", () => {
    const doc = JSON.parse(resources(synths["web-was"]!.json, "aws_s3_bucket_policy")["audit_bucket"]!.policy);
    const trailArn = "arn:aws:cloudtrail:ap-northeast-2:333333333333:trail/web-was-audit";
    expect(doc.Statement.map((s: Res) => s.Sid)).toEqual(["DenyInsecureTransport", "CloudTrailAclCheck", "CloudTrailWrite"]);
    expect(doc.Statement[2]).toMatchObject({
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "${aws_s3_bucket.audit.arn}/AWSLogs/333333333333/*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
    expect(doc.Statement[1].Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn } });
  });

  it("the trail key: rotation, CloudTrail only for this trail, CloudWatch Logs only for this account's log groups", () => {
    const key = resources(synths["web-was"]!.json, "aws_kms_key")["audit"]!;
    expect(key.enable_key_rotation).toBe(true);
    const doc = JSON.parse(key.policy);
    const byService = Object.fromEntries(doc.Statement.filter((s: Res) => s.Principal.Service).map((s: Res) => [s.Principal.Service, s.Condition]));
    expect(byService).toEqual({
      "cloudtrail.amazonaws.com": { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:ap-northeast-2:333333333333:trail/web-was-audit" } },
      "logs.ap-northeast-2.amazonaws.com": { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:ap-northeast-2:333333333333:log-group:*" } },
    });
  });

  it("CloudTrail's log delivery role may only write streams of the trail's log group", () => {
    const json = synths["web-was"]!.json;
    const trust = JSON.parse(resources(json, "aws_iam_role")["audit_logs-role"]!.assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" });
    const policy = JSON.parse(resources(json, "aws_iam_role_policy")["audit_logs-policy"]!.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "${aws_cloudwatch_log_group.audit.arn}:log-stream:*" },
    ]);
  });

  it.each(ALL)("%s: metric filter + alarm to the environment's SNS topic for root use, sign-in without MFA, IAM policy, SG and NACL changes", (name) => {
    const json = synths[name]!.json;
    const filters = Object.values(resources(json, "aws_cloudwatch_log_metric_filter")) as Res[];
    const alarms = Object.values(resources(json, "aws_cloudwatch_metric_alarm")) as Res[];
    expect(filters.map((f) => f.metric_transformation.name).sort()).toEqual(
      ["console-signin-without-mfa", "iam-policy-changes", "nacl-changes", "root-usage", "security-group-changes"],
    );
    for (const f of filters) expect(f.log_group_name).toBe("${aws_cloudwatch_log_group.audit.name}");
    expect(alarms).toHaveLength(filters.length);
    for (const a of alarms) {
      const filter = filters.find((f) => f.metric_transformation.name === a.metric_name)!;
      expect(a).toMatchObject({
        namespace: filter.metric_transformation.namespace,
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        statistic: "Sum",
        treat_missing_data: "notBreaching",
        actions_enabled: true,
        alarm_actions: [remote("data", "alarm_topic_arn")],
      });
    }
  });

  it("filter patterns match what they claim (a few spot checks) and fit CloudWatch's 1024-character limit", () => {
    const byId = Object.fromEntries(AUDIT_ALARMS.map((a) => [a.id, a.pattern]));
    expect(byId["root-usage"]).toContain('$.userIdentity.type = "Root"');
    expect(byId["console-signin-without-mfa"]).toContain('$.additionalEventData.MFAUsed != "Yes"');
    expect(byId["iam-policy-changes"]).toContain("($.eventName = AttachRolePolicy)");
    expect(byId["security-group-changes"]).toContain("($.eventName = AuthorizeSecurityGroupIngress)");
    expect(byId["nacl-changes"]).toContain("($.eventName = ReplaceNetworkAclEntry)");
    for (const pattern of Object.values(byId)) {
      expect(pattern.length).toBeLessThanOrEqual(1024);
      expect(pattern.startsWith("{") && pattern.endsWith("}")).toBe(true);
      expect(pattern.split("(").length).toBe(pattern.split(")").length);
    }
  });

  it("the definition can turn the trail off (one trail per account is enough): no trail, no alarms, no data state needed", () => {
    const { json } = synthEdge(variant(buddyverse, (d) => (d.edge.audit.trail = false)));
    expect(resources(json, "aws_cloudtrail")).toEqual({});
    expect(resources(json, "aws_cloudwatch_metric_alarm")).toEqual({});
    expect(resources(json, "aws_s3_bucket")).toEqual({});
    expect(json.output!.trail_arn!.value).toBe("");
    expect(Object.keys(json.data?.terraform_remote_state ?? {}).sort()).toEqual(["compute", "network"]);
  });
});

describe("R0.7 vendor role presence", () => {
  it("only retail-launch has the vendor role; its sessions last at most an hour", () => {
    expect(resources(synths["retail-launch"]!.json, "aws_iam_role")["vendor"]).toMatchObject({
      name: "retail-launch-vendor-read-only",
      max_session_duration: 3600,
    });
    for (const name of ["media-commerce", "web-was", "buddyverse"]) {
      expect(resources(synths[name]!.json, "aws_iam_role")["vendor"]).toBeUndefined();
    }
  });
});

describe("X.4 no secret in the edge stack", () => {
  it.each(ALL)("%s: no credentials, passwords or secret headers in the synthesized JSON", (name) => {
    const text = synths[name]!.text;
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toMatch(/"(password|secret_string|secret_key|access_key)"/);
    // The one custom header is the origin secret, as a sensitive variable: never a literal value.
    const headers = [...text.matchAll(/"custom_header": \[([^\]]*)\]/g)];
    expect(headers.length).toBe(name === "media-commerce" ? 1 : 0);
    for (const m of headers) expect(JSON.parse(`[${m[1]}]`)).toEqual([{ name: "X-Origin-Verify", value: "${var.origin_verify_secret}" }]);
  });
});

describe("stable addresses of stateful resources", () => {
  it("the trail, its bucket and key, and the distribution keep their Terraform addresses", () => {
    const json = synths["media-commerce"]!.json;
    expect(Object.keys(resources(json, "aws_cloudtrail"))).toEqual(["audit_trail"]);
    expect(Object.keys(resources(json, "aws_s3_bucket"))).toEqual(["audit"]);
    expect(Object.keys(resources(json, "aws_kms_key")).sort()).toEqual(["audit", "global-logs-key"]);
    expect(Object.keys(resources(json, "aws_cloudfront_distribution"))).toEqual(["cdn"]);
    expect(Object.keys(resources(json, "aws_cloudwatch_log_group")).sort()).toEqual(["audit", "cdn_access-logs", "waf_logs"]);
  });
});

describe("CDN certificate validation records: one owner per record", () => {
  it("writes its own validation CNAMEs when the ALB certificate does not cover its names", () => {
    const { json } = synthEdge(variant(mediaCommerce, (d) => (d.compute.loadBalancer = { ...(d.compute.loadBalancer ?? {}), certificateNames: ["media-commerce.example.com"] })));
    const records = Object.keys(resources(json, "aws_route53_record")).filter((k) => k.startsWith("cdn-certificate"));
    expect(records.sort()).toEqual(["cdn-certificate_validation-apex", "cdn-certificate_validation-www"]);
    expect(only(json, "aws_acm_certificate_validation").validation_record_fqdns).toHaveLength(2);
  });
});
