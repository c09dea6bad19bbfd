/**
 * The AWS WAF web ACL in front of the site (R1.4), with its logging.
 *
 * DDoS: AWS Shield Standard protects every CloudFront distribution, Route 53
 * zone and ALB automatically, at no cost (layer 3/4 floods, SYN floods,
 * reflection attacks). Shield Advanced (USD 3,000 per month per organization,
 * one-year commitment) would add: the Shield Response Team (24x7, also writing
 * WAF rules during an attack), automatic application-layer (L7) mitigation that
 * creates WAF rules from traffic baselines, health-based detection from Route
 * 53 health checks, cost protection (credits for scaling caused by an attack),
 * detailed attack diagnostics and WAF at no extra charge for protected
 * resources. It is not synthesized here: it is an account-level subscription
 * decision, not a per-environment setting.
 */
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { SIZE_RESTRICTIONS_BODY_RULE, UploadPaths, uploadRules } from "../lib/waf-upload-rules";
import { VendedLogGroup } from "./vended-log-group";

/** The AWS managed rule groups every web ACL of ours runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  // Known malicious IPs (bots, reconnaissance): cheapest, evaluated first.
  "AWSManagedRulesAmazonIpReputationList",
  // OWASP top-10 style protections (XSS, LFI, size limits, bad bots).
  "AWSManagedRulesCommonRuleSet",
  // Log4Shell, Java deserialization, host header and path exploits (CKV_AWS_192).
  "AWSManagedRulesKnownBadInputsRuleSet",
  // SQL injection in query strings, bodies, cookies and URIs.
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** Props of {@link WebAcl}. */
export interface WebAclProps {
  /** Environment name: names of the ACL, its metrics and its log group. */
  readonly envName: string;
  /** `CLOUDFRONT` (the ACL and its logs must be in us-east-1) or `REGIONAL` (an ALB in the environment's region). */
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  /** Requests one IP may make per `rateWindowSeconds` before being blocked. */
  readonly rateLimit: number;
  /** Window of the rate limit: 60, 120, 300 or 600 seconds. */
  readonly rateWindowSeconds: number;
  /**
   * Upload paths and the largest body each accepts: the Common rule set's 8 KB body limit
   * counts instead of blocking, and rules of ours block over-size bodies on these paths and
   * over 8 KB everywhere else (src/lib/waf-upload-rules.ts).
   * @default [] (the 8 KB limit blocks everywhere)
   */
  readonly uploads?: readonly UploadPaths[];
  /** Block requests from these countries (ISO 3166-1 alpha-2). @default [] (no geo rule) */
  readonly geoBlock?: readonly string[];
  /** Account, and region of the ACL and its logs (us-east-1 for CLOUDFRONT). */
  readonly account: string;
  readonly region: string;
  /** KMS key (in `region`) encrypting the log group. */
  readonly logKmsKeyArn: string;
  /** Days WAF logs are kept. */
  readonly logRetentionDays: number;
  /** Associate the ACL with this regional resource (the public ALB). @default none (CloudFront takes the ACL in its own `web_acl_id`) */
  readonly associateWith?: string;
  /** Provider of `region`. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * Web ACL: allow by default, then the AWS managed rule groups (IP reputation,
 * Common, Known Bad Inputs, SQLi), a per-IP rate limit and an optional country
 * block. Every rule emits CloudWatch metrics and sampled requests; full logs go
 * to `aws-waf-logs-<env>` (KMS) with the `authorization` and `cookie` headers
 * redacted, since they carry credentials and session ids (CKV2_AWS_31).
 */
export class WebAcl extends Construct {
  /** The web ACL. */
  readonly acl: Wafv2WebAcl;
  /** ARN of the web ACL (CloudFront's `web_acl_id` takes the ARN for WAFv2). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const provider = props.provider ? { provider: props.provider } : {};
    const metric = (name: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.envName}-${name}`,
    });

    const uploads = props.uploads ?? [];
    const rules: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: { none: {} },
      // `statement` is untyped in the provider bindings: keys are written as Terraform expects them.
      statement: {
        managed_rule_group_statement: {
          name: group,
          vendor_name: "AWS",
          // With upload paths, the 8 KB body limit only labels; the upload rules below decide.
          ...(group === "AWSManagedRulesCommonRuleSet" && uploads.length > 0
            ? { rule_action_override: [{ name: SIZE_RESTRICTIONS_BODY_RULE, action_to_use: { count: {} } }] }
            : {}),
        },
      },
      visibilityConfig: metric(group),
    }));
    for (const r of uploadRules(uploads)) {
      rules.push({ name: r.name, priority: rules.length, action: { block: {} }, statement: r.statement, visibilityConfig: metric(r.name) });
    }
    rules.push({
      name: "rate-limit-per-ip",
      priority: rules.length,
      action: { block: {} },
      statement: {
        rate_based_statement: { limit: props.rateLimit, evaluation_window_sec: props.rateWindowSeconds, aggregate_key_type: "IP" },
      },
      visibilityConfig: metric("rate-limit-per-ip"),
    });
    const geoBlock = props.geoBlock ?? [];
    if (geoBlock.length > 0) {
      rules.push({
        name: "geo-block",
        priority: rules.length,
        action: { block: {} },
        statement: { geo_match_statement: { country_codes: [...geoBlock] } },
        visibilityConfig: metric("geo-block"),
      });
    }

    this.acl = new Wafv2WebAcl(this, "acl", {
      ...provider,
      name: `${props.envName}-web`,
      description: `Web ACL in front of ${props.envName} (${props.scope === "CLOUDFRONT" ? "CloudFront" : "public load balancer"})`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: metric("web"),
      tags: { Name: `${props.envName}-web` },
    });
    this.arn = this.acl.arn;

    const logs = new VendedLogGroup(this, "logs", {
      // WAF accepts only log groups whose name starts with aws-waf-logs- (trap 5).
      name: `aws-waf-logs-${props.envName}`,
      tagName: `${props.envName}-waf-logs`,
      account: props.account,
      region: props.region,
      kmsKeyArn: props.logKmsKeyArn,
      retentionDays: props.logRetentionDays,
      ...provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      ...provider,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
      dependsOn: [logs.logGroup, logs.deliveryPolicy],
    });

    if (props.associateWith !== undefined) {
      new Wafv2WebAclAssociation(this, "association", {
        ...provider,
        resourceArn: props.associateWith,
        webAclArn: this.acl.arn,
      });
    }
  }
}
