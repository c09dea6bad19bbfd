/**
 * The AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing`:
 * the addresses CloudFront uses to reach origins. A security group rule that
 * names it lets only CloudFront in, so an ALB behind CloudFront cannot be
 * reached directly (around the CDN's WAF) — without a shared secret header in
 * Terraform, and without an `aws_ec2_managed_prefix_list` lookup at plan time.
 *
 * The list has one id per region. These are the published ids (checked against
 * `aws ec2 describe-managed-prefix-lists --filters
 * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`
 * in each region, as listed in AWS samples); a region missing here must give
 * `edge.cdn.originFacingPrefixListId` in its definition.
 *
 * Quota: a reference to this list counts as its max-entries weight (55) against
 * the security group's inbound-rules quota (60 by default), so one rule (443)
 * fits and a second (80) would not without a quota increase.
 */

/** Origin-facing CloudFront prefix list id per region. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: Readonly<Record<string, string>> = {
  "ap-northeast-1": "pl-58a04531",
  "ap-northeast-2": "pl-22a6434b",
  "ap-northeast-3": "pl-31a14458",
  "ap-south-1": "pl-9aa247f3",
  "ap-southeast-1": "pl-31a34658",
  "ap-southeast-2": "pl-b8a742d1",
  "ca-central-1": "pl-38a64351",
  "eu-central-1": "pl-a3a144ca",
  "eu-north-1": "pl-fab65393",
  "eu-west-1": "pl-4fa04526",
  "eu-west-2": "pl-93a247fa",
  "eu-west-3": "pl-75b1541c",
  "sa-east-1": "pl-5da64334",
  "us-east-1": "pl-3b927c52",
  "us-east-2": "pl-b6a144df",
  "us-west-1": "pl-4ea04527",
  "us-west-2": "pl-82a045eb",
};

/**
 * The prefix list id to use: the definition's override, else the region's
 * well-known id, else undefined (the definition rules refuse that case).
 */
export function originFacingPrefixListId(region: string, override?: string): string | undefined {
  return override ?? CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region];
}
