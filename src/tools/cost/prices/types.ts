/**
 * The shape of the price tables: one {@link PriceTable} per region, keyed by
 * a price key (`ec2:t3.micro`, `vpc:nat-gateway-hour`, ...). Every price names
 * its unit, the AWS pricing page it comes from and when it was taken from it.
 *
 * Public on-demand prices in USD, Linux, no free tier, no Savings Plans or
 * Reserved Instances. The tables were written offline: nothing here was read
 * from the pricing pages on the day the table was written (the machine had no
 * access to them). `asOf` is the publication the figures recall and
 * `readOnline: false` says so; refresh them from `source` before relying on
 * them (README, "Monthly cost").
 */

/** One published price. */
export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  /** What one `usd` buys: `hour`, `GB-month`, `GB`, `month`, `1M requests`, ... */
  readonly unit: string;
  /** The AWS pricing page the figure comes from. */
  readonly source: string;
  /** The publication the figure is taken from (year-month). */
  readonly asOf: string;
  /** Whether the figure was read from `source` on `asOf` (false: recalled, to be refreshed). */
  readonly readOnline: boolean;
  /** What the figure covers or leaves out. @default - none */
  readonly note?: string;
}

/** Every price of one region. */
export interface PriceTable {
  /** Region code (`ap-northeast-2`), or `global` for services priced by viewer area (CloudFront, Route 53). */
  readonly region: string;
  readonly prices: Readonly<Record<string, Price>>;
}

/** The AWS pricing pages the tables cite. */
export const SOURCES = {
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  dataTransfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  vpn: "https://aws.amazon.com/vpn/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  rdsMysql: "https://aws.amazon.com/rds/mysql/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  efs: "https://aws.amazon.com/efs/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  cloudfront: "https://aws.amazon.com/cloudfront/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  cloudtrail: "https://aws.amazon.com/cloudtrail/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secretsManager: "https://aws.amazon.com/secrets-manager/pricing/",
  backup: "https://aws.amazon.com/backup/pricing/",
} as const;

/** When the recalled figures were published (not read online; see the file comment). */
export const RECALLED_AS_OF = "2025-06";

/** A recalled price (`readOnline: false`). */
export function recalled(usd: number, unit: string, source: string, note?: string): Price {
  return { usd, unit, source, asOf: RECALLED_AS_OF, readOnline: false, ...(note ? { note } : {}) };
}
