/**
 * Services priced globally rather than per region: CloudFront (by the
 * viewers' area) and Route 53. Recalled from the pages in {@link SOURCES},
 * not read online (see ./types.ts).
 */
import { PriceTable, recalled as r, SOURCES as S } from "./types";

/** Viewer areas with CloudFront prices in the table (`usage.cdnViewerArea`). */
export const CDN_VIEWER_AREAS = ["korea", "japan"] as const;

export const GLOBAL: PriceTable = {
  region: "global",
  prices: {
    "cloudfront:transfer-gb:korea": r(0.12, "GB", S.cloudfront, "to viewers in Korea, first 10 TB/month; origin fetches from AWS origins are free"),
    "cloudfront:transfer-gb:japan": r(0.114, "GB", S.cloudfront, "to viewers in Japan, first 10 TB/month; origin fetches from AWS origins are free"),
    "cloudfront:https-10k:korea": r(0.012, "10,000 HTTPS requests", S.cloudfront),
    "cloudfront:https-10k:japan": r(0.012, "10,000 HTTPS requests", S.cloudfront),
    "route53:zone-month": r(0.5, "hosted zone-month", S.route53, "first 25 zones"),
    "route53:queries-million": r(0.4, "1M standard queries", S.route53, "queries for alias records to AWS resources are free"),
  },
};
