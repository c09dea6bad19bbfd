/**
 * The CloudFront distribution in front of the site (R1.2, R1.5): media from
 * the S3 bucket through Origin Access Control, everything else from the public
 * ALB over HTTPS, with access logs.
 */
import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontDistribution, CloudfrontDistributionConfig } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { VendedLogGroup } from "./vended-log-group";

/**
 * AWS managed CloudFront policies (fixed, documented ids: they are the same
 * in every account, so no lookup is needed).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
export const MANAGED_POLICY_IDS = {
  /** Cache policy `Managed-CachingDisabled`: TTL 0, nothing in the cache key. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** Origin request policy `Managed-AllViewer`: every header (Host included), cookie and query string. */
  allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
} as const;

/** Origin ids inside the distribution. */
const ORIGINS = { media: "media", mediaDr: "media-dr", mediaGroup: "media-failover", alb: "alb" } as const;

/**
 * Status codes of the primary media bucket that make CloudFront retry the DR
 * copy (besides connection failures and timeouts, which always do): server
 * errors only, so a 403/404 (a missing object, a policy mistake) is never
 * hidden by the copy.
 */
export const MEDIA_FAILOVER_STATUS_CODES = [500, 502, 503, 504] as const;

/** Props of {@link CdnDistribution}. */
export interface CdnDistributionProps {
  /** Environment name, for resource names. */
  readonly envName: string;
  /** Account, for the log delivery policy. */
  readonly account: string;
  /** Alternate domain names (`example.com`, `www.example.com`); the certificate must cover them all. */
  readonly aliases: readonly string[];
  /** Validated ACM certificate in us-east-1. */
  readonly certificateArn: string;
  /** CLOUDFRONT-scope WAFv2 web ACL ARN. */
  readonly webAclArn: string;
  /** The media bucket origin. */
  readonly media: {
    /** Regional domain name of the bucket (`<bucket>.s3.<region>.amazonaws.com`). */
    readonly bucketRegionalDomainName: string;
    /** Path patterns served from the bucket. */
    readonly paths: readonly string[];
    /** Seconds an object stays cached without Cache-Control. */
    readonly defaultTtlSeconds: number;
    /** Upper bound of caching. */
    readonly maxTtlSeconds: number;
    /**
     * The DR copy of the bucket (`<bucket>.s3.<dr region>.amazonaws.com`): the
     * media paths use an origin group that fails over to it (R1.5, R1.7). Its
     * bucket policy must admit this distribution too (MediaBucketPolicy).
     * @default none - media only from the primary bucket
     */
    readonly failoverBucketRegionalDomainName?: string;
  };
  /**
   * DNS name of the dynamic origin, reached over HTTPS: the public ALB, or with
   * a DR region the Route 53 failover name in front of both ALBs (an origin
   * group cannot serve it: CloudFront fails over only GET, HEAD and OPTIONS).
   */
  readonly albDnsName: string;
  /** A header CloudFront adds to every request to the ALB origin (the origin secret). @default none */
  readonly albOriginHeader?: { readonly name: string; readonly value: string };
  /** `PriceClass_100`, `PriceClass_200` or `PriceClass_All`. */
  readonly priceClass: string;
  /** Serve only viewers in (`allow`) / outside (`deny`) these countries. @default none */
  readonly geoRestriction?: { readonly type: "allow" | "deny"; readonly countries: readonly string[] };
  /** Access log group (us-east-1): KMS key there and retention. */
  readonly accessLogs: { readonly kmsKeyArn: string; readonly retentionDays: number };
  /** Provider in us-east-1 (CloudFront log delivery sources must be created there). */
  readonly provider: TerraformProvider;
}

/** The distribution's origins: the media bucket (and its DR copy in an origin group), the load balancer. */
function origins(props: CdnDistributionProps, oacId: string): Pick<CloudfrontDistributionConfig, "origin" | "originGroup"> {
  const mediaFailover = props.media.failoverBucketRegionalDomainName;
  return {
    origin: [
      { originId: ORIGINS.media, domainName: props.media.bucketRegionalDomainName, originAccessControlId: oacId },
      ...(mediaFailover ? [{ originId: ORIGINS.mediaDr, domainName: mediaFailover, originAccessControlId: oacId }] : []),
      {
        originId: ORIGINS.alb,
        domainName: props.albDnsName,
        ...(props.albOriginHeader ? { customHeader: [{ name: props.albOriginHeader.name, value: props.albOriginHeader.value }] } : {}),
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: 30,
          originKeepaliveTimeout: 5,
        },
      },
    ],
    // Media paths are GET/HEAD/OPTIONS only, which is what an origin group can fail over.
    ...(mediaFailover
      ? {
          originGroup: [
            {
              originId: ORIGINS.mediaGroup,
              failoverCriteria: { statusCodes: [...MEDIA_FAILOVER_STATUS_CODES] },
              member: [{ originId: ORIGINS.media }, { originId: ORIGINS.mediaDr }],
            },
          ],
        }
      : {}),
  };
}

/**
 * CloudFront distribution:
 * - viewers: HTTPS only (HTTP redirects, CKV_AWS_34), TLS 1.2+ with SNI
 *   (`TLSv1.2_2021`, CKV_AWS_174), HTTP/2 and HTTP/3, IPv6, compression,
 *   security response headers (HSTS, nosniff, frame options; CKV2_AWS_32), the
 *   CLOUDFRONT web ACL (CKV_AWS_68), optional geo restriction (R1.4);
 * - media paths → the S3 bucket through Origin Access Control (SigV4; the bucket
 *   policy, MediaBucketPolicy, admits only this distribution; CKV2_AWS_46),
 *   cached long, GET/HEAD/OPTIONS only;
 * - everything else → the ALB over HTTPS only with TLS 1.2 (CKV2_AWS_72),
 *   uncached (`Managed-CachingDisabled`), every header, cookie and query string
 *   forwarded (`Managed-AllViewer`). The viewer's Host header is forwarded, so
 *   the ALB's certificate must cover the site's names (CloudFront checks the
 *   origin certificate against the Host it sends);
 * - access logs: standard logging v2 to a KMS-encrypted log group in us-east-1
 *   (JSON). v2 needs no ACL-enabled bucket (legacy logging needs one, against
 *   CKV2_AWS_65); scanners that only know `logging_config` (CKV_AWS_86) do
 *   not see it.
 * Origin failover (CKV_AWS_310): with a DR region, the media paths use an
 * origin group (primary bucket, then its DR copy); the dynamic origin is the
 * Route 53 failover name of the two load balancers (FailoverRecords), because
 * CloudFront fails over only GET, HEAD and OPTIONS and the site takes POSTs.
 * Without a DR region both origins are regional and multi-AZ only.
 */
export class CdnDistribution extends Construct {
  /** The distribution. */
  readonly distribution: CloudfrontDistribution;
  /** `dxxxx.cloudfront.net`. */
  readonly domainName: string;
  /** Route 53 zone id for alias records to the distribution. */
  readonly hostedZoneId: string;
  /** ARN of the distribution (the media bucket policy's `AWS:SourceArn`). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CdnDistributionProps) {
    super(scope, id);
    const provider = props.provider;
    const mediaFailover = props.media.failoverBucketRegionalDomainName;

    const oac = new CloudfrontOriginAccessControl(this, "media-oac", {
      provider,
      name: `${props.envName}-media`,
      description: `CloudFront access to the media bucket of ${props.envName}`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    const mediaCache = new CloudfrontCachePolicy(this, "media-cache", {
      provider,
      name: `${props.envName}-media`,
      comment: "Media objects: long-lived, nothing but the path in the cache key",
      minTtl: 0,
      defaultTtl: props.media.defaultTtlSeconds,
      maxTtl: props.media.maxTtlSeconds,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "none" },
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    });

    const headers = new CloudfrontResponseHeadersPolicy(this, "security-headers", {
      provider,
      name: `${props.envName}-security-headers`,
      comment: "HSTS, nosniff, frame and referrer policies on every response",
      securityHeadersConfig: {
        // preload (CKV_AWS_259): the header lets the domain be submitted to the browsers' HSTS preload
        // list (hstspreload.org); once listed, every subdomain is HTTPS-only for a year.
        strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "SAMEORIGIN", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const restriction = props.geoRestriction
      ? { restrictionType: props.geoRestriction.type === "allow" ? "whitelist" : "blacklist", locations: [...props.geoRestriction.countries] }
      : { restrictionType: "none", locations: [] };

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      provider,
      enabled: true,
      comment: `${props.envName}: media from S3, pages from the load balancer`,
      aliases: [...props.aliases],
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      webAclId: props.webAclArn,
      ...origins(props, oac.id),
      defaultCacheBehavior: {
        targetOriginId: ORIGINS.alb,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
        originRequestPolicyId: MANAGED_POLICY_IDS.allViewer,
        responseHeadersPolicyId: headers.id,
        compress: true,
      },
      orderedCacheBehavior: props.media.paths.map((pathPattern) => ({
        pathPattern,
        targetOriginId: mediaFailover ? ORIGINS.mediaGroup : ORIGINS.media,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: mediaCache.id,
        responseHeadersPolicyId: headers.id,
        compress: true,
      })),
      restrictions: { geoRestriction: restriction },
      viewerCertificate: {
        acmCertificateArn: props.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      tags: { Name: `${props.envName}-cdn` },
    });
    this.domainName = this.distribution.domainName;
    this.hostedZoneId = this.distribution.hostedZoneId;
    this.arn = this.distribution.arn;

    this.accessLogs(props);
  }

  /** Standard logging v2: source (the distribution) → destination (log group) → delivery. */
  private accessLogs(props: CdnDistributionProps): void {
    const provider = props.provider;
      const logs = new VendedLogGroup(this, "access-logs", {
      name: `/aws/vendedlogs/cloudfront/${props.envName}`,
      tagName: `${props.envName}-cdn-access-logs`,
      account: props.account,
      region: "us-east-1",
      kmsKeyArn: props.accessLogs.kmsKeyArn,
      retentionDays: props.accessLogs.retentionDays,
      provider,
    });
    const source = new CloudwatchLogDeliverySource(this, "access-log-source", {
      provider,
      name: `${props.envName}-cdn-access`,
      logType: "ACCESS_LOGS",
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "access-log-destination", {
      provider,
      name: `${props.envName}-cdn-access`,
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: logs.arn }],
    });
    new CloudwatchLogDelivery(this, "access-log-delivery", {
      provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      dependsOn: [logs.logGroup, logs.deliveryPolicy],
    });
  }
}
