/**
 * `<env>-edge`: the perimeter — what a user, an attacker or an auditor meets
 * first. The site's DNS names, the CloudFront CDN where the definition asks
 * for one (certificate and web ACL in us-east-1), otherwise a regional web ACL
 * on the public ALB, the CloudTrail audit trail with alarms, and the outside
 * vendor's read-only role.
 *
 * Reads `network` (hosted zone), `compute` (public ALB) and, when a CDN or the
 * trail needs it, `data` (media bucket, alarm topic) through remote state.
 *
 * Seams with other stacks (no cross-stack references, no cycles):
 * - With a CDN, the media bucket's policy is written here (the data stack
 *   creates the bucket without one) and the ALB's security group admits only
 *   CloudFront's origin-facing prefix list (network stack, from the same
 *   definition field). The media bucket's KMS key policy (data stack) must let
 *   `cloudfront.amazonaws.com` use `kms:Decrypt` for distributions of this
 *   account (`AWS:SourceArn` like `arn:aws:cloudfront::<account>:distribution/*`).
 * - DDoS: Shield Standard is automatic; see src/constructs/web-acl.ts for what
 *   Shield Advanced would add.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { computeSettings } from "../config/sections/compute";
import { edgeSettings } from "../config/sections/edge";
import { AuditTrail } from "../constructs/audit-trail";
import { CdnDistribution } from "../constructs/cdn-distribution";
import { EncryptionKey } from "../constructs/encryption-key";
import { GlobalCertificate } from "../constructs/global-certificate";
import { MediaBucketPolicy } from "../constructs/media-bucket-policy";
import { SiteRecords } from "../constructs/site-records";
import { VendorReadOnlyAccess } from "../constructs/vendor-read-only-access";
import { WebAcl } from "../constructs/web-acl";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import { DATA_OUTPUTS } from "../contract/data";
import { EDGE_OUTPUTS } from "../contract/edge";
import { NETWORK_OUTPUTS } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { resourceName } from "../lib/naming";
import { assignProvider } from "../lib/providers";
import { certificateNames } from "../lib/certificate-names";
import { siteFqdn, siteLabel } from "../lib/site-names";
import { EnvironmentStack, environmentTags } from "./environment-stack";

/** Region of everything CloudFront-global: its certificates, CLOUDFRONT web ACLs and log delivery. */
export const CLOUDFRONT_REGION = "us-east-1";

/** The edge stack of one environment. */
export class EdgeStack extends EnvironmentStack {
  /** The us-east-1 provider (alias `us_east_1`); only with a CDN. */
  readonly usEast1?: AwsProvider;

  constructor(scope: Construct, env: Environment) {
    super(scope, env, "edge");
    const edge = edgeSettings(env);
    const network = this.upstream("network", NETWORK_OUTPUTS);
    const compute = this.upstream("compute", COMPUTE_OUTPUTS);
    const data = edge.cdn !== undefined || edge.audit.trail ? this.upstream("data", DATA_OUTPUTS) : undefined;
    const fqdns = edge.dns.names.map((n) => siteFqdn(env.dns.domain, n));
    const albCertificateNames = certificateNames(env.dns.domain, edge.dns.names, computeSettings(env).loadBalancer.certificateNames);

    /** A KMS key for log groups in `region`, usable by CloudWatch Logs of that region only. */
    const logsKey = (id: string, region: string) =>
      new EncryptionKey(this, id, {
        account: env.account,
        alias: resourceName(env.name, "edge-logs"),
        description: `Encrypts the edge logs (WAF${region === CLOUDFRONT_REGION && edge.cdn ? ", CloudFront access" : ""}) of ${env.name} in ${region}`,
        servicePrincipals: [
          {
            service: `logs.${region}.amazonaws.com`,
            condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${env.account}:log-group:*` } },
          },
        ],
      });

    let webAclArn: string;
    let cdnOutputs = { domainName: "", id: "", arn: "" };
    if (edge.cdn && data) {
      // CloudFront certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1 (trap 5).
      const usEast1 = new AwsProvider(this, "aws_us_east_1", {
        alias: "us_east_1",
        region: CLOUDFRONT_REGION,
        allowedAccountIds: [env.account],
        defaultTags: [{ tags: environmentTags(env, "edge") }],
      });
      this.usEast1 = usEast1;
      // Log groups in us-east-1 need a key in us-east-1.
      const globalKey = assignProvider(logsKey("global-logs-key", CLOUDFRONT_REGION), usEast1);

      const certificate = new GlobalCertificate(this, "cdn-certificate", {
        names: edge.dns.names.map((n) => ({ id: siteLabel(n), fqdn: siteFqdn(env.dns.domain, n) })),
        zoneId: network.zone_id,
        name: resourceName(env.name, "cdn"),
        provider: usEast1,
        // The compute stack's ALB certificate owns the validation records of these names.
        createValidationRecords: !fqdns.every((n) => albCertificateNames.includes(n)),
      });
      const waf = new WebAcl(this, "waf", {
        envName: env.name,
        scope: "CLOUDFRONT",
        rateLimit: edge.waf.rateLimit,
        rateWindowSeconds: edge.waf.rateWindowSeconds,
        geoBlock: edge.waf.geoBlock,
        account: env.account,
        region: CLOUDFRONT_REGION,
        logKmsKeyArn: globalKey.arn,
        logRetentionDays: edge.waf.logRetentionDays,
        provider: usEast1,
      });
      webAclArn = waf.arn;
      const cdn = new CdnDistribution(this, "cdn", {
        envName: env.name,
        account: env.account,
        aliases: fqdns,
        certificateArn: certificate.certificateArn,
        webAclArn: waf.arn,
        media: {
          bucketRegionalDomainName: data.media_bucket_regional_domain_name,
          paths: edge.cdn.mediaPaths,
          defaultTtlSeconds: edge.cdn.mediaDefaultTtlSeconds,
          maxTtlSeconds: edge.cdn.mediaMaxTtlSeconds,
        },
        albDnsName: compute.alb_dns_name,
        priceClass: edge.cdn.priceClass,
        ...(edge.cdn.geoRestriction ? { geoRestriction: edge.cdn.geoRestriction } : {}),
        accessLogs: { kmsKeyArn: globalKey.arn, retentionDays: edge.cdn.accessLogRetentionDays },
        provider: usEast1,
      });
      cdnOutputs = { domainName: cdn.domainName, id: cdn.distribution.id, arn: cdn.arn };
      new MediaBucketPolicy(this, "media-bucket-policy", {
        bucketName: data.media_bucket_name,
        bucketArn: data.media_bucket_arn,
        distributionArn: cdn.arn,
      });
      new SiteRecords(this, "site", {
        zoneId: network.zone_id,
        domain: env.dns.domain,
        names: edge.dns.names,
        target: { dnsName: cdn.domainName, zoneId: cdn.hostedZoneId, evaluateTargetHealth: false },
        ipv6: true,
      });
    } else {
      const waf = new WebAcl(this, "waf", {
        envName: env.name,
        scope: "REGIONAL",
        rateLimit: edge.waf.rateLimit,
        rateWindowSeconds: edge.waf.rateWindowSeconds,
        geoBlock: edge.waf.geoBlock,
        account: env.account,
        region: env.region,
        logKmsKeyArn: logsKey("logs-key", env.region).arn,
        logRetentionDays: edge.waf.logRetentionDays,
        associateWith: compute.alb_arn,
      });
      webAclArn = waf.arn;
      new SiteRecords(this, "site", {
        zoneId: network.zone_id,
        domain: env.dns.domain,
        names: edge.dns.names,
        target: { dnsName: compute.alb_dns_name, zoneId: compute.alb_zone_id, evaluateTargetHealth: true },
        ipv6: false,
      });
    }

    const trail =
      edge.audit.trail && data
        ? new AuditTrail(this, "audit", {
            envName: env.name,
            account: env.account,
            region: env.region,
            alarmTopicArn: data.alarm_topic_arn,
            logRetentionDays: edge.audit.logRetentionDays,
            archiveRetentionDays: edge.audit.archiveRetentionDays,
          })
        : undefined;

    const vendor = edge.vendorAccess
      ? new VendorReadOnlyAccess(this, "vendor", {
          envName: env.name,
          vendorAccountId: edge.vendorAccess.accountId,
          ...(edge.vendorAccess.externalId !== undefined ? { externalId: edge.vendorAccess.externalId } : {}),
        })
      : undefined;

    publishOutputs(this, EDGE_OUTPUTS, {
      site_url: `https://${fqdns[0]}`,
      cloudfront_domain_name: cdnOutputs.domainName,
      cloudfront_distribution_id: cdnOutputs.id,
      cloudfront_distribution_arn: cdnOutputs.arn,
      web_acl_arn: webAclArn,
      trail_arn: trail?.arn ?? "",
      vendor_role_arn: vendor?.roleArn ?? "",
    });
  }
}
