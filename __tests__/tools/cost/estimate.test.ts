/**
 * The arithmetic of the estimate on small fixtures: hourly × 730, Multi-AZ
 * doubling, Auto Scaling desired capacity, usage-based lines spread over the
 * resources that share them, the DR region's traffic share.
 */
import { estimateStacks, resolveUsage } from "../../../src/tools/cost/estimate";
import { CostLine, HOURS_PER_MONTH } from "../../../src/tools/cost/model";
import { priceOf } from "../../../src/tools/cost/prices";
import { SEOUL_SUBNETS, stack } from "./fixtures";

const SEOUL = "ap-northeast-2";
const p = (key: string, region = SEOUL) => priceOf(region, key, "test").usd;
const linesOf = (stacks: Parameters<typeof estimateStacks>[1], usage = {}) => estimateStacks("t", stacks, resolveUsage(usage)).stacks.flatMap((s) => s.lines);
const only = (lines: CostLine[], key: string) => {
  const found = lines.filter((l) => l.priceKey === key);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("cost estimate arithmetic", () => {
  it("prices an hourly resource at 730 hours a month", () => {
    expect(HOURS_PER_MONTH).toBe(730);
    const lines = linesOf({ "t-network": stack(SEOUL, { aws_eip: { ip: { domain: "vpc" } } }) });
    const l = only(lines, "vpc:public-ipv4-hour");
    expect(l.quantity).toBe(730);
    expect(l.monthlyUsd).toBeCloseTo(730 * p("vpc:public-ipv4-hour"), 10);
    expect(l.basis).toBe("fixed");
    expect(l.assumptions).toBeUndefined();
  });

  it("R0.6 doubles a Multi-AZ RDS instance's hours and storage, not a Single-AZ one's", () => {
    const db = (multi_az: boolean) => ({ instance_class: "db.t4g.medium", engine: "mysql", multi_az, allocated_storage: 50, storage_type: "gp3" });
    const lines = linesOf({ "t-data": stack(SEOUL, { aws_db_instance: { multi: db(true), single: db(false) } }) });
    const of = (addr: string, key: string) => lines.find((l) => l.address === addr && l.priceKey === key)!;
    expect(of("aws_db_instance.multi", "rds-mysql:db.t4g.medium").quantity).toBe(2 * 730);
    expect(of("aws_db_instance.single", "rds-mysql:db.t4g.medium").quantity).toBe(730);
    expect(of("aws_db_instance.multi", "rds:gp3-gb").quantity).toBe(100);
    expect(of("aws_db_instance.single", "rds:gp3-gb").quantity).toBe(50);
    expect(of("aws_db_instance.multi", "rds-mysql:db.t4g.medium").monthlyUsd).toBeCloseTo(2 * of("aws_db_instance.single", "rds-mysql:db.t4g.medium").monthlyUsd, 10);
  });

  it("R1.8 prices a trail's S3 data events (the state bucket's reads and writes) from usage, and management events at nothing", () => {
    const trail = (withData: boolean) => ({
      name: "t",
      ...(withData ? { event_selector: [{ include_management_events: true, data_resource: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::b/"] }] }] } : {}),
    });
    const lines = linesOf({ "t-edge": stack(SEOUL, { aws_cloudtrail: { data: trail(true), plain: trail(false) } }) }, { auditDataEventsThousands: 300 });
    const data = lines.filter((l) => l.address === "aws_cloudtrail.data");
    expect(only(data, "cloudtrail:data-events-100k")).toMatchObject({ quantity: 3, basis: "assumed", assumptions: ["usage.auditDataEventsThousands"] });
    expect(only(data, "cloudtrail:data-events-100k").monthlyUsd).toBeCloseTo(3 * p("cloudtrail:data-events-100k"), 10);
    expect(lines.filter((l) => l.address === "aws_cloudtrail.plain").map((l) => l.priceKey)).toEqual(["cloudtrail:management-events"]);
  });

  it("R3.7 prices a read replica with its source's allocated storage", () => {
    const lines = linesOf({
      "t-data": stack(SEOUL, {
        aws_db_instance: {
          primary: { identifier: "p", instance_class: "db.t4g.medium", engine: "mysql", multi_az: false, allocated_storage: 80, storage_type: "gp3" },
          replica: { instance_class: "db.t4g.medium", engine: "mysql", multi_az: false, storage_type: "gp3", replicate_source_db: "${aws_db_instance.primary.identifier}" },
        },
      }),
    });
    expect(lines.find((l) => l.address === "aws_db_instance.replica" && l.priceKey === "rds:gp3-gb")!.quantity).toBe(80);
  });

  it("R3.5 prices an Auto Scaling group at its desired capacity, with its launch template's type and volumes", () => {
    const lt = { instance_type: "t3.large", block_device_mappings: [{ ebs: { volume_size: 20, volume_type: "gp3" } }] };
    const asg = (desired: number | undefined, min: number) => ({ desired_capacity: desired, min_size: min, max_size: 12, launch_template: { id: "${aws_launch_template.lt.id}", version: "1" } });
    const lines = linesOf({ "t-compute": stack(SEOUL, { aws_launch_template: { lt }, aws_autoscaling_group: { three: asg(3, 1), min: asg(undefined, 2), zero: asg(0, 0) } }) });
    const three = lines.filter((l) => l.address === "aws_autoscaling_group.three");
    expect(only(three, "ec2:t3.large").quantity).toBe(3 * 730);
    expect(only(three, "ec2:t3.large").monthlyUsd).toBeCloseTo(3 * 730 * p("ec2:t3.large"), 10);
    expect(only(three, "ebs:gp3-gb").quantity).toBe(60);
    expect(only(lines.filter((l) => l.address === "aws_autoscaling_group.min"), "ec2:t3.large").quantity).toBe(2 * 730);
    expect(lines.filter((l) => l.address === "aws_autoscaling_group.zero")).toEqual([]);
  });

  it("prices an Aurora instance per instance, a cache per node", () => {
    const lines = linesOf({
      "t-data": stack(SEOUL, {
        aws_rds_cluster: { c: { engine: "aurora-mysql" } },
        aws_rds_cluster_instance: { i1: { instance_class: "db.r6g.large", cluster_identifier: "${aws_rds_cluster.c.id}" }, i2: { instance_class: "db.r6g.large", cluster_identifier: "${aws_rds_cluster.c.id}" } },
        aws_elasticache_replication_group: { g: { engine: "valkey", node_type: "cache.r7g.large", num_cache_clusters: 3 } },
      }),
    });
    expect(lines.filter((l) => l.priceKey === "aurora-mysql:db.r6g.large").map((l) => l.quantity)).toEqual([730, 730]);
    expect(only(lines, "elasticache-valkey:cache.r7g.large").quantity).toBe(3 * 730);
  });

  it("R3.2 spreads NAT-processed data over the region's gateways, as an assumed line naming the usage field", () => {
    const gw = { connectivity_type: "public" };
    const lines = linesOf({ "t-network": stack(SEOUL, { aws_nat_gateway: { a: gw, b: gw } }) }, { natProcessedGb: 100 });
    const processed = lines.filter((l) => l.priceKey === "vpc:nat-gateway-gb");
    expect(processed.map((l) => l.quantity)).toEqual([50, 50]);
    for (const l of processed) {
      expect(l.basis).toBe("assumed");
      expect(l.assumptions).toEqual(["usage.natProcessedGb"]);
      expect(l.monthlyUsd).toBeCloseTo(50 * p("vpc:nat-gateway-gb"), 10);
    }
    expect(lines.filter((l) => l.priceKey === "vpc:nat-gateway-hour").map((l) => l.quantity)).toEqual([730, 730]);
  });

  it("R1.5 gives a DR stack drTrafficPercent of the traffic figures, priced in its own region", () => {
    const lines = linesOf(
      { "t-dr-network": stack("ap-northeast-1", { aws_nat_gateway: { a: {} } }) },
      { natProcessedGb: 200, drTrafficPercent: 10 },
    );
    const l = only(lines, "vpc:nat-gateway-gb");
    expect(l.quantity).toBe(20);
    expect(l.region).toBe("ap-northeast-1");
    expect(l.unitUsd).toBe(p("vpc:nat-gateway-gb", "ap-northeast-1"));
    expect(l.assumptions).toEqual(["usage.natProcessedGb", "usage.drTrafficPercent"]);
  });

  it("derives ALB capacity units from requests (25 new connections/s = 1 LCU) and prices one public IPv4 per AZ", () => {
    const requestsMillions = (25 * 730 * 3600) / 1e6; // exactly 25 requests per second
    const lines = linesOf({ "t-network": stack(SEOUL, SEOUL_SUBNETS), "t-compute": stack(SEOUL, { aws_lb: { alb: { load_balancer_type: "application", internal: false } } }) }, { requestsMillions, internetEgressGb: 0 });
    expect(only(lines, "elb:alb-lcu-hour").quantity).toBeCloseTo(730, 6);
    expect(only(lines, "vpc:public-ipv4-hour").quantity).toBe(2 * 730);
    expect(only(lines, "transfer:internet-gb").assumptions).toEqual(["usage.internetEgressGb"]);
  });

  it("R1.2 splits Intelligent-Tiering media into frequent and infrequent tiers and counts monitored objects", () => {
    const lines = linesOf(
      {
        "t-data": stack(SEOUL, {
          aws_s3_bucket: { media_primary: {} },
          aws_s3_bucket_lifecycle_configuration: { media_lc: { bucket: "${aws_s3_bucket.media_primary.id}", rule: [{ status: "Enabled", transition: [{ days: 0, storage_class: "INTELLIGENT_TIERING" }] }] } },
        }),
      },
      { mediaStoredGb: 1000, mediaFrequentPercent: 30, mediaAverageObjectMb: 2 },
    );
    expect(only(lines, "s3:INTELLIGENT_TIERING-frequent-gb").quantity).toBeCloseTo(300, 10);
    expect(only(lines, "s3:INTELLIGENT_TIERING-infrequent-gb").quantity).toBeCloseTo(700, 10);
    expect(only(lines, "s3:INTELLIGENT_TIERING-monitoring-1k").quantity).toBeCloseTo(512, 10);
    expect(lines.every((l) => l.topic === "media-primary")).toBe(true);
  });

  it("sums lines into stack and environment totals, split into fixed and assumed", () => {
    const e = estimateStacks("t", { "t-network": stack(SEOUL, { aws_nat_gateway: { a: {} }, aws_eip: { ip: {} } }) }, resolveUsage({ natProcessedGb: 10 }));
    const lines = e.stacks.flatMap((s) => s.lines);
    expect(lines.length).toBe(3);
    expect(e.monthlyUsd).toBeCloseTo(730 * p("vpc:nat-gateway-hour") + 10 * p("vpc:nat-gateway-gb") + 730 * p("vpc:public-ipv4-hour"), 10);
    expect(e.assumedUsd).toBeCloseTo(10 * p("vpc:nat-gateway-gb"), 10);
    expect(e.fixedUsd + e.assumedUsd).toBeCloseTo(e.monthlyUsd, 10);
    expect(e.prices.map((x) => x.key).sort()).toEqual(["vpc:nat-gateway-gb", "vpc:nat-gateway-hour", "vpc:public-ipv4-hour"]);
  });
});

describe("resources AWS creates on the side", () => {
  it("R0.6 prices the Secrets Manager secret RDS creates for a managed master password", () => {
    const db = (managed: boolean) => ({ instance_class: "db.t4g.medium", engine: "mysql", multi_az: true, allocated_storage: 20, storage_type: "gp3", manage_master_user_password: managed });
    const lines = linesOf({ "t-data": stack(SEOUL, { aws_db_instance: { managed: db(true), own: db(false) } }) });
    const secrets = lines.filter((l) => l.priceKey === "secretsmanager:secret-month");
    expect(secrets.map((l) => [l.address, l.quantity])).toEqual([["aws_db_instance.managed", 1]]);
  });
});

describe("environment-wide figures are not counted twice", () => {
  it("R1.2 spreads internet egress and requests over the environment's CloudFront distributions, DNS queries over its zones", () => {
    const lines = linesOf(
      { "t-edge": stack(SEOUL, { aws_cloudfront_distribution: { a: {}, b: {} }, aws_route53_zone: { z1: {}, z2: {} } }) },
      { internetEgressGb: 1000, requestsMillions: 10, dnsQueriesMillions: 4 },
    );
    expect(lines.filter((l) => l.priceKey === "cloudfront:transfer-gb:korea").map((l) => l.quantity)).toEqual([500, 500]);
    expect(lines.filter((l) => l.priceKey === "cloudfront:https-10k:korea").map((l) => l.quantity)).toEqual([500, 500]);
    expect(lines.filter((l) => l.priceKey === "route53:queries-million").map((l) => l.quantity)).toEqual([2, 2]);
  });
});
