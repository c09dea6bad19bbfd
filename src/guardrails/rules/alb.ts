/**
 * Load balancer rules: `aws_lb` (application), its listeners and target groups.
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { block, blocks, isFalse, isTrue, show, str } from "../../synthesized/terraform-json";
import { redirectsToHttps } from "./network";
import { entriesOfGroup } from "./security-groups";

const LBS = ["aws_lb", "aws_alb"];
const LISTENERS = ["aws_lb_listener", "aws_alb_listener"];

/** An application load balancer (the provider's default type). */
function isApplication(lb: TfResource): boolean {
  return (str(lb.attrs.load_balancer_type) ?? "application") === "application";
}

/** The load balancer a listener belongs to. */
function loadBalancerOf(listener: TfResource, model: TerraformIndex): TfResource | undefined {
  return model.refsOf(listener, "load_balancer_arn").find((r) => LBS.includes(r.type));
}

/** Security policies that allow TLS 1.2 and newer only. */
function modernTlsPolicy(policy: string): boolean {
  return /^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)/.test(policy);
}

/**
 * The load balancer is only reachable through CloudFront and that distribution
 * has a web ACL: every ingress rule of its groups names a managed prefix list
 * (the CloudFront origin-facing list) and a distribution with `web_acl_id` uses
 * it as an origin.
 */
function protectedByCloudFrontWaf(lb: TfResource, model: TerraformIndex): boolean {
  const groups = model.refsOf(lb, "security_groups").filter((g) => g.type === "aws_security_group");
  if (groups.length === 0) return false;
  const ingress = groups.flatMap((g) => entriesOfGroup(g, model)).filter((e) => e.direction === "ingress");
  if (ingress.length === 0 || !ingress.every((e) => e.prefixLists.length > 0 && e.cidrs.length === 0 && !e.peerGroup)) return false;
  const fronting = model.referrers(lb, "aws_cloudfront_distribution", ["origin"]);
  return fronting.length > 0 && fronting.every((d) => typeof d.attrs.web_acl_id === "string" && d.attrs.web_acl_id !== "");
}

/** Load balancer rules. */
export const ALB_RULES: readonly Rule[] = [
  rule({
    id: "alb-https-listeners",
    checkov: ["CKV_AWS_2", "CKV2_AWS_20"],
    service: "alb",
    types: LISTENERS,
    title: "Application load balancer listeners use HTTPS, or only redirect HTTP to HTTPS (301).",
    reason: "Anything served over HTTP can be read and changed in transit (R2.2, R3.9, R3.11).",
    fix: "Serve on an HTTPS listener with an ACM certificate; make port 80 a redirect to HTTPS with HTTP_301 (PublicLoadBalancer).",
    check(listener, model) {
      const lb = loadBalancerOf(listener, model);
      if (lb && !isApplication(lb)) return undefined;
      const protocol = String(listener.attrs.protocol ?? "HTTP").toUpperCase();
      if (protocol === "HTTPS") return undefined;
      if (protocol === "HTTP" && redirectsToHttps(listener)) {
        const codes = blocks(listener.attrs.default_action).flatMap((a) => blocks(a.redirect)).map((r) => r.status_code);
        return codes.every((c) => c === "HTTP_301") ? undefined : `redirects with ${show(codes[0])} instead of HTTP_301 (browsers and caches keep using HTTP)`;
      }
      return `listener on port ${show(listener.attrs.port)} serves ${protocol} without redirecting to HTTPS`;
    },
  }),
  rule({
    id: "alb-tls-policy",
    checkov: ["CKV_AWS_103", "CKV2_AWS_74"],
    service: "alb",
    types: LISTENERS,
    title: "HTTPS listeners use a TLS 1.2+ security policy (ELBSecurityPolicy-TLS13-1-2-2021-06 or stricter).",
    reason: "The provider default (ELBSecurityPolicy-2016-08) still negotiates TLS 1.0 and 1.1.",
    fix: "Set ssl_policy (compute.loadBalancer.sslPolicy, default ELBSecurityPolicy-TLS13-1-2-2021-06).",
    check(listener) {
      const protocol = String(listener.attrs.protocol ?? "").toUpperCase();
      if (protocol !== "HTTPS" && protocol !== "TLS") return undefined;
      const policy = str(listener.attrs.ssl_policy);
      if (!policy || !modernTlsPolicy(policy)) return `ssl_policy is ${show(listener.attrs.ssl_policy)}`;
      return undefined;
    },
  }),
  rule({
    id: "alb-access-logs",
    checkov: ["CKV_AWS_91"],
    service: "alb",
    types: LBS,
    title: "Load balancers write access logs.",
    reason: "Access logs are the record of who requested what, needed for incident response and for tuning.",
    fix: "Enable access_logs to the AlbLogBucket (PublicLoadBalancer/InternalLoadBalancer do).",
    check(lb) {
      const logs = block(lb.attrs.access_logs);
      if (!logs || !isTrue(logs.enabled) || typeof logs.bucket !== "string") return "access_logs are not enabled with a bucket";
      return undefined;
    },
  }),
  rule({
    id: "alb-drop-invalid-headers",
    checkov: ["CKV_AWS_131"],
    service: "alb",
    types: LBS,
    title: "Application load balancers drop invalid HTTP header fields.",
    reason: "Malformed headers are a request-smuggling and header-injection vector against the servers behind.",
    fix: "Set drop_invalid_header_fields = true.",
    check(lb) {
      if (isApplication(lb) && !isTrue(lb.attrs.drop_invalid_header_fields)) return `drop_invalid_header_fields is ${show(lb.attrs.drop_invalid_header_fields)}`;
      return undefined;
    },
  }),
  rule({
    id: "alb-deletion-protection",
    checkov: ["CKV_AWS_150"],
    service: "alb",
    types: LBS,
    title: "Load balancers have deletion protection on.",
    reason: "Deleting the load balancer changes its DNS name: the site is down until DNS follows.",
    fix: "Set enable_deletion_protection = true.",
    check(lb) {
      if (!isTrue(lb.attrs.enable_deletion_protection)) return `enable_deletion_protection is ${show(lb.attrs.enable_deletion_protection)}`;
      return undefined;
    },
  }),
  rule({
    id: "alb-desync-mitigation",
    checkov: ["CKV_AWS_328"],
    service: "alb",
    types: LBS,
    title: "HTTP desync mitigation is defensive or strictest.",
    reason: "In monitor mode the load balancer forwards ambiguous requests that enable HTTP request smuggling.",
    fix: 'Set desync_mitigation_mode = "defensive" (or leave the provider default).',
    check(lb) {
      const mode = lb.attrs.desync_mitigation_mode;
      if (mode !== undefined && mode !== "defensive" && mode !== "strictest") return `desync_mitigation_mode is ${show(mode)}`;
      return undefined;
    },
  }),
  rule({
    id: "alb-waf",
    checkov: ["CKV2_AWS_28"],
    service: "alb",
    types: LBS,
    title: "Internet-facing application load balancers are behind a WAF web ACL.",
    reason: "The WAF's managed rules and rate limit stop common exploits and floods before they reach the servers (R1.4).",
    fix: "Enable edge.waf (a regional web ACL associated with the ALB), or front it with CloudFront and its web ACL (edge.cdn).",
    exceptions:
      "A load balancer reachable only from CloudFront (every ingress rule of its groups names a managed prefix list) whose fronting distribution has a web ACL: the WAF inspects requests at the edge, and nothing else can reach the ALB.",
    check(lb, model) {
      if (isTrue(lb.attrs.internal) || !isApplication(lb)) return undefined;
      if (model.referrers(lb, "aws_wafv2_web_acl_association", ["resource_arn"]).length > 0) return undefined;
      if (protectedByCloudFrontWaf(lb, model)) return undefined;
      return "no aws_wafv2_web_acl_association names this load balancer, and it is not reachable only through a CloudFront distribution with a web ACL";
    },
  }),
  rule({
    id: "alb-target-health-check",
    checkov: ["CKV_AWS_261"],
    service: "alb",
    types: ["aws_lb_target_group", "aws_alb_target_group"],
    title: "HTTP(S) target groups check health on an application path.",
    reason: "Without a real health check a failed server keeps receiving traffic and the Auto Scaling group never replaces it (R3.5).",
    fix: "Give health_check a path (compute.<tier>.healthCheckPath) and keep it enabled.",
    check(tg) {
      const protocol = String(tg.attrs.protocol ?? "HTTP").toUpperCase();
      if (protocol !== "HTTP" && protocol !== "HTTPS") return undefined;
      if (tg.attrs.target_type === "lambda") return undefined;
      const hc = block(tg.attrs.health_check);
      if (!hc) return "no health_check block (the default checks / on the traffic port)";
      if (isFalse(hc.enabled)) return "health_check is disabled";
      if (typeof hc.path !== "string" || hc.path === "") return "health_check has no path";
      return undefined;
    },
  }),
];
