/**
 * N. Virginia (us-east-1): only what the presets put there because
 * CloudFront requires it (its certificate, its web ACL, its log group and
 * that log group's key). Recalled from the pages in {@link SOURCES}, not read
 * online (see ./types.ts).
 */
import { PriceTable, recalled as r, SOURCES as S } from "./types";

export const US_EAST_1: PriceTable = {
  region: "us-east-1",
  prices: {
    "waf:web-acl-month": r(5, "web ACL-month", S.waf),
    "waf:rule-month": r(1, "rule-month", S.waf, "each rule or AWS managed rule group (the baseline groups have no subscription fee)"),
    "waf:requests-million": r(0.6, "1M requests", S.waf),
    "cloudwatch:alarm-month": r(0.1, "alarm metric-month", S.cloudwatch, "standard resolution"),
    "cloudwatch:alarm-high-resolution-month": r(0.3, "alarm metric-month", S.cloudwatch),
    "cloudwatch:custom-metric-month": r(0.3, "metric-month", S.cloudwatch, "first 10,000 metrics"),
    "cloudwatch:logs-ingest-gb": r(0.5, "GB ingested", S.cloudwatch, "Standard log class"),
    "cloudwatch:logs-vended-gb": r(0.5, "GB delivered", S.cloudwatch, "vended logs (VPC flow logs, WAF, CloudFront) to CloudWatch Logs, first 10 TB"),
    "cloudwatch:logs-storage-gb": r(0.03, "GB-month", S.cloudwatch, "archived (compressed) size"),
    "kms:key-month": r(1, "key-month", S.kms, "requests beyond the free 20,000/month are not estimated"),
    "secretsmanager:secret-month": r(0.4, "secret-month", S.secretsManager),
  },
};
