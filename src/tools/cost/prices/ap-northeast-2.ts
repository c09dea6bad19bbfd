/**
 * Seoul (ap-northeast-2): every price the presets' primary regions use.
 * Recalled from the pages in {@link SOURCES}, not read online (see ./types.ts).
 */
import { PriceTable, recalled as r, SOURCES as S } from "./types";

export const AP_NORTHEAST_2: PriceTable = {
  region: "ap-northeast-2",
  prices: {
    // EC2 on-demand, Linux, per instance-hour (T3/T4g in standard credit accounting; unlimited surplus credits are extra)
    "ec2:t3.nano": r(0.0065, "hour", S.ec2),
    "ec2:t3.micro": r(0.013, "hour", S.ec2),
    "ec2:t3.small": r(0.026, "hour", S.ec2),
    "ec2:t3.medium": r(0.052, "hour", S.ec2),
    "ec2:t3.large": r(0.104, "hour", S.ec2),
    "ec2:t3.xlarge": r(0.208, "hour", S.ec2),
    "ec2:t4g.nano": r(0.0052, "hour", S.ec2),
    "ec2:t4g.micro": r(0.0104, "hour", S.ec2),
    "ec2:t4g.small": r(0.0208, "hour", S.ec2),
    "ec2:t4g.medium": r(0.0416, "hour", S.ec2),
    "ec2:m6i.large": r(0.118, "hour", S.ec2),
    "ec2:m7g.large": r(0.0998, "hour", S.ec2),
    "ebs:gp3-gb": r(0.0912, "GB-month", S.ebs, "3,000 IOPS and 125 MB/s included"),
    // VPC
    "vpc:nat-gateway-hour": r(0.059, "hour", S.vpc),
    "vpc:nat-gateway-gb": r(0.059, "GB processed", S.vpc),
    "vpc:public-ipv4-hour": r(0.005, "hour", S.vpc, "every public IPv4 address, attached or idle (since 2024-02)"),
    "vpn:connection-hour": r(0.05, "hour", S.vpn),
    "transfer:internet-gb": r(0.126, "GB", S.dataTransfer, "out to the internet, first 10 TB/month"),
    "transfer:inter-region-gb": r(0.08, "GB", S.dataTransfer, "out of this region to another AWS region"),
    // Load balancing
    "elb:alb-hour": r(0.0225, "hour", S.elb),
    "elb:alb-lcu-hour": r(0.008, "LCU-hour", S.elb),
    // RDS for MySQL (Single-AZ; Multi-AZ with one standby is twice the instance and the storage)
    "rds-mysql:db.t4g.micro": r(0.025, "hour", S.rdsMysql),
    "rds-mysql:db.t4g.small": r(0.047, "hour", S.rdsMysql),
    "rds-mysql:db.t4g.medium": r(0.094, "hour", S.rdsMysql),
    "rds-mysql:db.t4g.large": r(0.188, "hour", S.rdsMysql),
    "rds-mysql:db.r6g.large": r(0.282, "hour", S.rdsMysql),
    "rds:gp3-gb": r(0.131, "GB-month", S.rdsMysql, "Single-AZ; 3,000 IOPS included below 400 GB"),
    // Aurora MySQL (Aurora Standard)
    "aurora-mysql:db.t4g.medium": r(0.1, "hour", S.aurora),
    "aurora-mysql:db.r6g.large": r(0.307, "hour", S.aurora),
    "aurora-mysql:db.r7g.large": r(0.326, "hour", S.aurora),
    "aurora:storage-gb": r(0.11, "GB-month", S.aurora),
    "aurora:io-million": r(0.22, "1M I/O requests", S.aurora),
    "aurora:backup-gb": r(0.023, "GB-month", S.aurora, "snapshots beyond the free 100 % of cluster storage, incl. AWS Backup recovery points"),
    // ElastiCache (node-based; Valkey nodes are 20 % below Redis OSS)
    "elasticache-valkey:cache.t4g.small": r(0.0336, "hour", S.elasticache),
    "elasticache-valkey:cache.r7g.large": r(0.2104, "hour", S.elasticache),
    "elasticache-redis:cache.r7g.large": r(0.263, "hour", S.elasticache),
    // EFS
    "efs:standard-gb": r(0.33, "GB-month", S.efs),
    "efs:ia-gb": r(0.0174, "GB-month", S.efs, "Infrequent Access storage; IA reads are billed per GB and not estimated"),
    "backup:efs-warm-gb": r(0.055, "GB-month", S.backup),
    // S3
    "s3:STANDARD-gb": r(0.025, "GB-month", S.s3, "first 50 TB"),
    "s3:INTELLIGENT_TIERING-frequent-gb": r(0.025, "GB-month", S.s3, "Frequent Access tier, first 50 TB"),
    "s3:INTELLIGENT_TIERING-infrequent-gb": r(0.0138, "GB-month", S.s3, "Infrequent Access tier (after 30 days without access)"),
    "s3:INTELLIGENT_TIERING-monitoring-1k": r(0.0025, "1,000 objects-month", S.s3, "objects over 128 KB"),
    "s3:GLACIER_IR-gb": r(0.005, "GB-month", S.s3),
    "s3:put-1k-STANDARD": r(0.0045, "1,000 PUT requests", S.s3),
    "s3:put-1k-INTELLIGENT_TIERING": r(0.0045, "1,000 PUT requests", S.s3),
    "s3:put-1k-GLACIER_IR": r(0.02, "1,000 PUT requests", S.s3),
    "s3:replication-rtc-gb": r(0.015, "GB", S.s3, "S3 Replication Time Control"),
    "backup:s3-warm-gb": r(0.055, "GB-month", S.backup, "AWS Backup for S3, warm storage"),
    // Security, management
    "waf:web-acl-month": r(5, "web ACL-month", S.waf),
    "waf:rule-month": r(1, "rule-month", S.waf, "each rule or AWS managed rule group (the baseline groups have no subscription fee)"),
    "waf:requests-million": r(0.6, "1M requests", S.waf),
    "cloudtrail:management-events": r(0, "month", S.cloudtrail, "the first copy of management events is free; data and Insights events are not"),
    "cloudtrail:data-events-100k": r(0.1, "100,000 data events", S.cloudtrail),
    "cloudwatch:alarm-month": r(0.1, "alarm metric-month", S.cloudwatch, "standard resolution"),
    "cloudwatch:alarm-high-resolution-month": r(0.3, "alarm metric-month", S.cloudwatch),
    "cloudwatch:dashboard-month": r(3, "dashboard-month", S.cloudwatch),
    "cloudwatch:custom-metric-month": r(0.3, "metric-month", S.cloudwatch, "first 10,000 metrics"),
    "cloudwatch:logs-ingest-gb": r(0.76, "GB ingested", S.cloudwatch, "Standard log class"),
    "cloudwatch:logs-vended-gb": r(0.76, "GB delivered", S.cloudwatch, "vended logs (VPC flow logs, WAF, CloudFront) to CloudWatch Logs, first 10 TB"),
    "cloudwatch:logs-storage-gb": r(0.0314, "GB-month", S.cloudwatch, "archived (compressed) size"),
    "kms:key-month": r(1, "key-month", S.kms, "requests beyond the free 20,000/month are not estimated"),
    "secretsmanager:secret-month": r(0.4, "secret-month", S.secretsManager, "a replica secret is billed as a secret in its region"),
  },
};
