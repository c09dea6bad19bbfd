/**
 * Outputs of `<env>-edge`: the site's URL, the CDN, the web ACL, the audit
 * trail and the vendor's read-only role. Every environment publishes every
 * output (empty string where a feature is off). Only add outputs here;
 * renaming one breaks every reader.
 */
import { defineOutputs, OutputValues } from "./output-spec";

export const EDGE_OUTPUTS = defineOutputs({
  site_url: { kind: "string", description: "HTTPS URL of the site (the first of edge.dns.names).", stub: "https://example.com" },
  cloudfront_domain_name: { kind: "string", description: "Domain name of the CloudFront distribution; empty without a CDN.", stub: "d111111abcdef8.cloudfront.net" },
  cloudfront_distribution_id: { kind: "string", description: "ID of the CloudFront distribution (cache invalidations); empty without a CDN.", stub: "E2QWRUHAPOMQZL" },
  cloudfront_distribution_arn: { kind: "string", description: "ARN of the CloudFront distribution (the media bucket policy and key policy name it); empty without a CDN.", stub: "arn:aws:cloudfront::111111111111:distribution/E2QWRUHAPOMQZL" },
  web_acl_arn: { kind: "string", description: "ARN of the web ACL in front of the site (CLOUDFRONT scope with a CDN, else REGIONAL on the ALB).", stub: "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/example-web/00000000-0000-0000-0000-000000000000" },
  trail_arn: { kind: "string", description: "ARN of the environment's CloudTrail trail; empty when edge.audit.trail is off.", stub: "arn:aws:cloudtrail:us-east-1:111111111111:trail/example-audit" },
  vendor_role_arn: { kind: "string", description: "Role the vendor's account assumes for read-only console access (R0.7); empty without edge.vendorAccess.", stub: "arn:aws:iam::111111111111:role/example-vendor-read-only" },
});

/** Typed values of the edge stack's outputs. */
export type EdgeOutputs = OutputValues<typeof EDGE_OUTPUTS>;
