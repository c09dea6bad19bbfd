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
 * - With a DR region (`dr`, src/lib/dr.ts): the media paths fail over to the
 *   media's DR copy (read from `dr-storage`, whose policy this stack writes in
 *   the DR region, as for the primary bucket), and when the DR region runs
 *   the platform the dynamic origin (or, without a CDN, the site's records) is
 *   the Route 53 failover name that `<env>-dr-compute` writes.
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
import { ORIGIN_VERIFY_HEADER, OriginVerifyValues } from "../constructs/origin-verify";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import { DATA_OUTPUTS } from "../contract/data";
import { DR_STORAGE_OUTPUTS } from "../contract/dr-storage";
import { EDGE_OUTPUTS } from "../contract/edge";
import { NETWORK_OUTPUTS } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { drOriginFqdn, drRunsPlatform } from "../lib/dr";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { assignProvider } from "../lib/providers";
import { certificateNames } from "../lib/certificate-names";
import { originVerifySecretName, siteFqdn, siteLabel } from "../lib/site-names";
import { EnvironmentStack } from "./environment-stack";
import { logsKeyPrincipal } from "../lib/logs-key";

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
    /** A DR region runs the platform: dynamic traffic goes through the Route 53 failover name. */
    const drFailover = env.dr !== undefined && drRunsPlatform(env.dr);
    // With a CDN and a DR region, the media's DR copy (dr-storage, which reads no stack) is the
    // second member of the media origin group.
    const drStorage = env.dr && edge.cdn && env.data?.media ? this.upstream("dr-storage", DR_STORAGE_OUTPUTS) : undefined;
    /** The DR region's provider (alias `dr`): the media copy's policy, or the DR load balancer's web ACL. */
    const drRegion =
      env.dr && (drStorage || (drFailover && !edge.cdn))
        ? this.aliasedProvider("aws_dr", "dr", env.dr.region)
        : undefined;
    const albCertificateNames = certificateNames(env.dns.domain, edge.dns.names, computeSettings(env).loadBalancer.certificateNames);

    /** A KMS key for log groups in `region`, usable by CloudWatch Logs of that region only. */
    const logsKey = (id: string, region: string) =>
      new EncryptionKey(this, id, {
        account: env.account,
        alias: resourceName(env.name, "edge-logs"),
        description: `Encrypts the edge logs (WAF${region === CLOUDFRONT_REGION && edge.cdn ? ", CloudFront access" : ""}) of ${env.name} in ${region}`,
        servicePrincipals: [
          logsKeyPrincipal(region, env.account, `*`),
        ],
      });

    let webAclArn: string;
    let cdnOutputs = { domainName: "", id: "", arn: "" };
    if (edge.cdn && data) {
      // CloudFront certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1 (trap 5).
      const usEast1 = this.aliasedProvider("aws_us_east_1", "us_east_1", CLOUDFRONT_REGION);
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
        uploads: edge.waf.uploads,
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
          ...(drStorage ? { failoverBucketRegionalDomainName: drStorage.media_bucket_regional_domain_name } : {}),
        },
        // With a DR region running the platform: the failover name of both load balancers (<env>-dr-compute).
        albDnsName: drFailover ? drOriginFqdn(env) : compute.alb_dns_name,
        // The origin secret: the ALB (and the DR ALB) forward only requests carrying it.
        albOriginHeader: { name: ORIGIN_VERIFY_HEADER, value: new OriginVerifyValues(this, "origin-verify", { secretName: originVerifySecretName(env.name) }).current },
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
      // The DR copy of the media (<env>-dr-storage) is the origin group's second member:
      // its policy admits this distribution too, written here in the DR region.
      if (drRegion && drStorage) {
        assignProvider(
          new MediaBucketPolicy(this, "dr-media-bucket-policy", { bucketName: drStorage.media_bucket_name, bucketArn: drStorage.media_bucket_arn, distributionArn: cdn.arn }),
          drRegion,
        );
      }
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
        uploads: edge.waf.uploads,
        account: env.account,
        region: env.region,
        logKmsKeyArn: logsKey("logs-key", env.region).arn,
        logRetentionDays: edge.waf.logRetentionDays,
        associateWith: compute.alb_arn,
      });
      webAclArn = waf.arn;
      // The DR load balancer serves the site after a failover: the same web ACL rules in front
      // of it, in its region (a REGIONAL web ACL protects resources of its own region only).
      if (drRegion && env.dr) {
        const drCompute = this.upstream("dr-compute", COMPUTE_OUTPUTS);
        assignProvider(
          new WebAcl(this, "dr-waf", {
            envName: env.name,
            scope: "REGIONAL",
            rateLimit: edge.waf.rateLimit,
            rateWindowSeconds: edge.waf.rateWindowSeconds,
            geoBlock: edge.waf.geoBlock,
            uploads: edge.waf.uploads,
            account: env.account,
            region: env.dr.region,
            logKmsKeyArn: assignProvider(logsKey("dr-logs-key", env.dr.region), drRegion).arn,
            logRetentionDays: edge.waf.logRetentionDays,
            associateWith: drCompute.alb_arn,
          }),
          drRegion,
        );
      }
      new SiteRecords(this, "site", {
        zoneId: network.zone_id,
        domain: env.dns.domain,
        names: edge.dns.names,
        // With a DR region running the platform: alias the failover name (same zone), which follows health.
        target: drFailover
          ? { dnsName: drOriginFqdn(env), zoneId: network.zone_id, evaluateTargetHealth: true }
          : { dnsName: compute.alb_dns_name, zoneId: compute.alb_zone_id, evaluateTargetHealth: true },
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
            accessLogBucket: accessLogBucketName(env.stateBucket, env.region),
            stateBucketName: env.stateBucket,
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
