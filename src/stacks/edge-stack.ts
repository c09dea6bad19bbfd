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
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import type { EdgeSection } from "../config/edge/schema";
import { computeSettings } from "../config/compute/schema";
import { edgeSettings } from "../config/edge/schema";
import { AuditTrail } from "../constructs/audit-trail";
import { CdnDistribution } from "../constructs/cdn-distribution";
import { EncryptionKey } from "../constructs/encryption-key";
import { GlobalCertificate } from "../constructs/global-certificate";
import { MediaBucketPolicy } from "../constructs/media-bucket-policy";
import { SiteRecords } from "../constructs/site-records";
import { VendorReadOnlyAccess } from "../constructs/vendor-read-only-access";
import { WebAcl, WebAclProps } from "../constructs/web-acl";
import { ORIGIN_VERIFY_HEADER, OriginVerifyValues } from "../constructs/origin-verify";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import type { OutputValues } from "../contract/output-spec";
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

/** What the perimeter builders share: the definition and the upstream values they read. */
interface Perimeter {
  readonly env: Environment;
  readonly edge: EdgeSection;
  readonly network: OutputValues<typeof NETWORK_OUTPUTS>;
  readonly compute: OutputValues<typeof COMPUTE_OUTPUTS>;
  /** The site's names, fully qualified. */
  readonly fqdns: string[];
  /** A DR region runs the platform: dynamic traffic goes through the Route 53 failover name. */
  readonly drFailover: boolean;
  /** The DR region's provider (alias `dr`): the media copy's policy, or the DR load balancer's web ACL. */
  readonly drRegion?: AwsProvider | undefined;
}

/** What the CDN or the regional web ACL publishes. */
interface PerimeterOutputs {
  readonly webAclArn: string;
  readonly cdn: { readonly domainName: string; readonly id: string; readonly arn: string };
}

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
    const drFailover = env.dr !== undefined && drRunsPlatform(env.dr);
    const perimeter: Perimeter = { env, edge, network, compute, fqdns: edge.dns.names.map((n) => siteFqdn(env.dns.domain, n)), drFailover };
    // With a CDN and a DR region, the media's DR copy (dr-storage, which reads no stack) is the
    // second member of the media origin group.
    const drStorage = env.dr && edge.cdn && env.data?.media ? this.upstream("dr-storage", DR_STORAGE_OUTPUTS) : undefined;
    const drRegion =
      env.dr && (drStorage || (drFailover && !edge.cdn)) ? this.aliasedProvider("aws_dr", "dr", env.dr.region) : undefined;

    let outputs: PerimeterOutputs;
    if (edge.cdn && data) {
      // CloudFront certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1 (trap 5).
      this.usEast1 = this.aliasedProvider("aws_us_east_1", "us_east_1", CLOUDFRONT_REGION);
      outputs = this.cdnPerimeter({ ...perimeter, drRegion }, edge.cdn, data, drStorage, this.usEast1);
    } else {
      outputs = this.regionalPerimeter({ ...perimeter, drRegion });
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
      site_url: `https://${perimeter.fqdns[0]}`,
      cloudfront_domain_name: outputs.cdn.domainName,
      cloudfront_distribution_id: outputs.cdn.id,
      cloudfront_distribution_arn: outputs.cdn.arn,
      web_acl_arn: outputs.webAclArn,
      trail_arn: trail?.arn ?? "",
      vendor_role_arn: vendor?.roleArn ?? "",
    });
  }

  /** A KMS key for log groups in `region`, usable by CloudWatch Logs of that region only. */
  private logsKey(p: Perimeter, id: string, region: string): EncryptionKey {
    return new EncryptionKey(this, id, {
      account: p.env.account,
      alias: resourceName(p.env.name, "edge-logs"),
      description: `Encrypts the edge logs (WAF${region === CLOUDFRONT_REGION && p.edge.cdn ? ", CloudFront access" : ""}) of ${p.env.name} in ${region}`,
      servicePrincipals: [logsKeyPrincipal(region, p.env.account, `*`)],
    });
  }

  /** The definition's web ACL settings, the same in every region and scope. */
  private wafProps(p: Perimeter, scope: WebAclProps["scope"], region: string, logKmsKeyArn: string, provider?: TerraformProvider): WebAclProps {
    const waf = p.edge.waf;
    return {
      envName: p.env.name,
      scope,
      rateLimit: waf.rateLimit,
      rateWindowSeconds: waf.rateWindowSeconds,
      geoBlock: waf.geoBlock,
      uploads: waf.uploads,
      account: p.env.account,
      region,
      logKmsKeyArn,
      logRetentionDays: waf.logRetentionDays,
      ...(provider ? { provider } : {}),
    };
  }

  /** With a CDN: certificate and CLOUDFRONT web ACL in us-east-1, the distribution, the media bucket policies, the site records. */
  private cdnPerimeter(
    p: Perimeter,
    cdnSettings: NonNullable<EdgeSection["cdn"]>,
    data: OutputValues<typeof DATA_OUTPUTS>,
    drStorage: OutputValues<typeof DR_STORAGE_OUTPUTS> | undefined,
    usEast1: AwsProvider,
  ): PerimeterOutputs {
    const { env, edge } = p;
    // Log groups in us-east-1 need a key in us-east-1.
    const globalKey = assignProvider(this.logsKey(p, "global-logs-key", CLOUDFRONT_REGION), usEast1);
    const albCertificateNames = certificateNames(env.dns.domain, edge.dns.names, computeSettings(env).loadBalancer.certificateNames);
    const certificate = new GlobalCertificate(this, "cdn-certificate", {
      names: edge.dns.names.map((n) => ({ id: siteLabel(n), fqdn: siteFqdn(env.dns.domain, n) })),
      zoneId: p.network.zone_id,
      name: resourceName(env.name, "cdn"),
      provider: usEast1,
      // The compute stack's ALB certificate owns the validation records of these names.
      createValidationRecords: !p.fqdns.every((n) => albCertificateNames.includes(n)),
    });
    const waf = new WebAcl(this, "waf", this.wafProps(p, "CLOUDFRONT", CLOUDFRONT_REGION, globalKey.arn, usEast1));
    const cdn = new CdnDistribution(this, "cdn", {
      envName: env.name,
      account: env.account,
      aliases: p.fqdns,
      certificateArn: certificate.certificateArn,
      webAclArn: waf.arn,
      media: {
        bucketRegionalDomainName: data.media_bucket_regional_domain_name,
        paths: cdnSettings.mediaPaths,
        defaultTtlSeconds: cdnSettings.mediaDefaultTtlSeconds,
        maxTtlSeconds: cdnSettings.mediaMaxTtlSeconds,
        ...(drStorage ? { failoverBucketRegionalDomainName: drStorage.media_bucket_regional_domain_name } : {}),
      },
      // With a DR region running the platform: the failover name of both load balancers (<env>-dr-compute).
      albDnsName: p.drFailover ? drOriginFqdn(env) : p.compute.alb_dns_name,
      // The origin secret: the ALB (and the DR ALB) forward only requests carrying it.
      albOriginHeader: { name: ORIGIN_VERIFY_HEADER, value: new OriginVerifyValues(this, "origin-verify", { secretName: originVerifySecretName(env.name) }).current },
      priceClass: cdnSettings.priceClass,
      ...(cdnSettings.geoRestriction ? { geoRestriction: cdnSettings.geoRestriction } : {}),
      accessLogs: { kmsKeyArn: globalKey.arn, retentionDays: cdnSettings.accessLogRetentionDays },
      provider: usEast1,
    });
    new MediaBucketPolicy(this, "media-bucket-policy", {
      bucketName: data.media_bucket_name,
      bucketArn: data.media_bucket_arn,
      distributionArn: cdn.arn,
    });
    // The DR copy of the media (<env>-dr-storage) is the origin group's second member:
    // its policy admits this distribution too, written here in the DR region.
    if (p.drRegion && drStorage) {
      assignProvider(
        new MediaBucketPolicy(this, "dr-media-bucket-policy", { bucketName: drStorage.media_bucket_name, bucketArn: drStorage.media_bucket_arn, distributionArn: cdn.arn }),
        p.drRegion,
      );
    }
    new SiteRecords(this, "site", {
      zoneId: p.network.zone_id,
      domain: env.dns.domain,
      names: edge.dns.names,
      target: { dnsName: cdn.domainName, zoneId: cdn.hostedZoneId, evaluateTargetHealth: false },
      ipv6: true,
    });
    return { webAclArn: waf.arn, cdn: { domainName: cdn.domainName, id: cdn.distribution.id, arn: cdn.arn } };
  }

  /** Without a CDN: a REGIONAL web ACL on the ALB (and on the DR ALB), the site records. */
  private regionalPerimeter(p: Perimeter): PerimeterOutputs {
    const { env, edge } = p;
    const waf = new WebAcl(this, "waf", {
      ...this.wafProps(p, "REGIONAL", env.region, this.logsKey(p, "logs-key", env.region).arn),
      associateWith: p.compute.alb_arn,
    });
    // The DR load balancer serves the site after a failover: the same web ACL rules in front
    // of it, in its region (a REGIONAL web ACL protects resources of its own region only).
    if (p.drRegion && env.dr) {
      const drCompute = this.upstream("dr-compute", COMPUTE_OUTPUTS);
      const drKey = assignProvider(this.logsKey(p, "dr-logs-key", env.dr.region), p.drRegion);
      assignProvider(
        new WebAcl(this, "dr-waf", { ...this.wafProps(p, "REGIONAL", env.dr.region, drKey.arn), associateWith: drCompute.alb_arn }),
        p.drRegion,
      );
    }
    new SiteRecords(this, "site", {
      zoneId: p.network.zone_id,
      domain: env.dns.domain,
      names: edge.dns.names,
      // With a DR region running the platform: alias the failover name (same zone), which follows health.
      target: p.drFailover
        ? { dnsName: drOriginFqdn(env), zoneId: p.network.zone_id, evaluateTargetHealth: true }
        : { dnsName: p.compute.alb_dns_name, zoneId: p.compute.alb_zone_id, evaluateTargetHealth: true },
      ipv6: false,
    });
    return { webAclArn: waf.arn, cdn: { domainName: "", id: "", arn: "" } };
  }
}
