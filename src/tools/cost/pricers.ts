/**
 * How each billable resource type is priced, and the explicit list of the
 * types that cost nothing by themselves. A type in neither is refused (see
 * `estimateStacks`), so a new resource cannot go unpriced silently.
 */
import { Usage } from "../../config/usage/schema";
import { CostError } from "./errors";
import { azCount, bucketOf, isDrStack, referenced, regionOf } from "./index-of-stacks";
import { Basis, CostLine, CostTopic, HOURS_PER_MONTH } from "./model";
import { Body, block, blocks, list, num } from "../../synthesized/terraform-json";
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Price, priceOf } from "./prices";

/** What a pricer knows about the resource it prices. */
export interface PricingContext extends TfResource {
  readonly address: string;
  readonly region: string;
  readonly usage: Usage;
  /** 1 in the primary region; `usage.drTrafficPercent / 100` in a DR stack. */
  readonly trafficShare: number;
  readonly index: TerraformIndex;
  /** Record every price the estimate uses. */
  readonly used: (region: string, key: string, price: Price) => void;
}

/** Prices one resource: zero or more lines. */
export type Pricer = (ctx: PricingContext) => CostLine[];

interface LineSpec {
  readonly item: string;
  readonly key: string;
  readonly quantity: number;
  readonly basis: Basis;
  readonly assumptions?: readonly string[];
  /** Price in another region than the resource's (a copy's destination). */
  readonly region?: string;
  readonly note?: string;
  readonly topic?: CostTopic;
}

function line(ctx: PricingContext, spec: LineSpec): CostLine {
  const region = spec.region ?? ctx.region;
  const price = priceOf(region, spec.key, `${ctx.stack} ${ctx.address}`);
  ctx.used(region, spec.key, price);
  if (!Number.isFinite(spec.quantity) || spec.quantity < 0) {
    throw new CostError(`${ctx.stack} ${ctx.address}`, spec.quantity, `the quantity of "${spec.item}" is not a non-negative number`);
  }
  return {
    stack: ctx.stack,
    address: ctx.address,
    item: spec.item,
    quantity: spec.quantity,
    unit: price.unit,
    unitUsd: price.usd,
    monthlyUsd: spec.quantity * price.usd,
    basis: spec.basis,
    ...(spec.assumptions ? { assumptions: spec.assumptions } : {}),
    priceKey: spec.key,
    region,
    ...(spec.note ? { note: spec.note } : {}),
    ...(spec.topic ? { topic: spec.topic } : {}),
  };
}

const where = (ctx: PricingContext) => `${ctx.stack} ${ctx.address}`;
const share = (ctx: PricingContext) => (ctx.trafficShare === 1 ? [] : ["usage.drTrafficPercent"]);

/** Instance type and root volume of an instance or a group, from itself or its launch template. */
function launchShape(ctx: PricingContext, r: Body): { instanceType: string; volumes: { gb: number; type: string }[] } {
  const lt = referenced(ctx.index, ctx.stack, block(r.launch_template)?.id);
  const instanceType = (r.instance_type as string | undefined) ?? (lt?.attrs.instance_type as string | undefined);
  if (!instanceType) throw new CostError(where(ctx), r.launch_template, "no instance type on the resource or its launch template (mixed instances policies are not priced)");
  const volumes: { gb: number; type: string }[] = [];
  const root = block(r.root_block_device);
  if (root && num(root.volume_size) !== undefined) volumes.push({ gb: num(root.volume_size)!, type: String(root.volume_type ?? "gp3") });
  else for (const m of blocks(lt?.attrs.block_device_mappings)) {
    const ebs = block(m.ebs);
    if (ebs && num(ebs.volume_size) !== undefined) volumes.push({ gb: num(ebs.volume_size)!, type: String(ebs.volume_type ?? "gp3") });
  }
  return { instanceType, volumes };
}

function computeLines(ctx: PricingContext, count: number, countText: string): CostLine[] {
  const shape = launchShape(ctx, ctx.attrs);
  const lines = [line(ctx, { item: `${shape.instanceType} × ${countText}`, key: `ec2:${shape.instanceType}`, quantity: count * HOURS_PER_MONTH, basis: "fixed" })];
  for (const v of shape.volumes) {
    lines.push(line(ctx, { item: `EBS ${v.type} ${v.gb} GB × ${countText}`, key: `ebs:${v.type}-gb`, quantity: count * v.gb, basis: "fixed" }));
  }
  return lines;
}

const instance: Pricer = (ctx) => computeLines(ctx, 1, "1 instance");

const autoScalingGroup: Pricer = (ctx) => {
  const desired = num(ctx.attrs.desired_capacity) ?? num(ctx.attrs.min_size);
  if (desired === undefined) throw new CostError(where(ctx), ctx.attrs.desired_capacity, "an Auto Scaling group without desired capacity or minimum size");
  return desired === 0 ? [] : computeLines(ctx, desired, `${desired} instance${desired === 1 ? "" : "s"} (desired capacity)`);
};

/** NAT gateways in the same region (the processed data is spread over them). */
function gatewaysLike(ctx: PricingContext): number {
  return ctx.index.ofType("aws_nat_gateway").filter((g) => isDrStack(g.stack) === isDrStack(ctx.stack)).length;
}

const natGateway: Pricer = (ctx) => {
  const n = gatewaysLike(ctx);
  return [
    line(ctx, { item: "NAT gateway hours", key: "vpc:nat-gateway-hour", quantity: HOURS_PER_MONTH, basis: "fixed" }),
    line(ctx, {
      item: `NAT-processed data (1/${n} of the region's)`,
      key: "vpc:nat-gateway-gb",
      quantity: (ctx.usage.natProcessedGb * ctx.trafficShare) / n,
      basis: "assumed",
      assumptions: ["usage.natProcessedGb", ...share(ctx)],
    }),
  ];
};

const publicIp: Pricer = (ctx) => [line(ctx, { item: "public IPv4 address", key: "vpc:public-ipv4-hour", quantity: HOURS_PER_MONTH, basis: "fixed" })];

const loadBalancer: Pricer = (ctx) => {
  const r = ctx.attrs;
  if ((r.load_balancer_type ?? "application") !== "application") throw new CostError(where(ctx), r.load_balancer_type, "only application load balancers are in the price table");
  const internal = r.internal === true;
  const processedGb = (ctx.usage.albProcessedGb ?? ctx.usage.internetEgressGb) * ctx.trafficShare;
  const requestsPerSecond = (ctx.usage.requestsMillions * 1e6 * ctx.trafficShare) / (HOURS_PER_MONTH * 3600);
  const lcu = Math.max(requestsPerSecond / 25, processedGb / HOURS_PER_MONTH);
  const lines = [
    line(ctx, { item: `${internal ? "internal" : "internet-facing"} ALB hours`, key: "elb:alb-hour", quantity: HOURS_PER_MONTH, basis: "fixed" }),
    line(ctx, {
      item: "load balancer capacity units",
      key: "elb:alb-lcu-hour",
      quantity: lcu * HOURS_PER_MONTH,
      basis: "assumed",
      assumptions: ["usage.requestsMillions", ctx.usage.albProcessedGb === undefined ? "usage.internetEgressGb" : "usage.albProcessedGb", ...share(ctx)],
      note: "LCU = max(new connections/s ÷ 25, GB/h processed), one new connection per request (an upper bound)",
    }),
  ];
  if (!internal) {
    const azs = azCount(ctx.index, ctx.region);
    if (azs === 0) throw new CostError(where(ctx), ctx.region, "no subnet of this region among the stacks: cannot count the ALB's public addresses");
    lines.push(line(ctx, { item: `public IPv4 addresses (one per AZ, ${azs} AZs)`, key: "vpc:public-ipv4-hour", quantity: azs * HOURS_PER_MONTH, basis: "fixed" }));
    if (ctx.index.ofType("aws_cloudfront_distribution").length === 0) {
      lines.push(
        line(ctx, {
          item: "data out to the internet",
          key: "transfer:internet-gb",
          quantity: ctx.usage.internetEgressGb * ctx.trafficShare,
          basis: "assumed",
          assumptions: ["usage.internetEgressGb", ...share(ctx)],
        }),
      );
    }
  }
  return lines;
};

const dbInstance: Pricer = (ctx) => {
  const r = ctx.attrs;
  const multiAz = r.multi_az === true;
  const factor = multiAz ? 2 : 1;
  const az = multiAz ? " (Multi-AZ: ×2)" : "";
  const source = referenced(ctx.index, ctx.stack, r.replicate_source_db);
  const storage = num(r.allocated_storage) ?? num(source?.attrs.allocated_storage);
  if (storage === undefined) throw new CostError(where(ctx), r.allocated_storage, "no allocated storage on the instance or its replication source");
  const storageType = String(r.storage_type ?? source?.attrs.storage_type ?? "gp2");
  const lines = [
    line(ctx, { item: `${String(r.instance_class)} ${String(r.engine ?? source?.attrs.engine)}${az}`, key: `rds-${String(r.engine ?? source?.attrs.engine)}:${String(r.instance_class)}`, quantity: factor * HOURS_PER_MONTH, basis: "fixed" }),
    line(ctx, { item: `${storageType} storage ${storage} GB${az}`, key: `rds:${storageType}-gb`, quantity: factor * storage, basis: "fixed", note: source ? "a read replica has its source's allocated storage" : "allocated storage (storage autoscaling may grow it)" }),
  ];
  if (r.manage_master_user_password === true || r.manage_master_user_password === "true") {
    lines.push(line(ctx, { item: "master password secret RDS manages in Secrets Manager", key: "secretsmanager:secret-month", quantity: 1, basis: "fixed" }));
  }
  const iops = num(r.iops);
  if (iops !== undefined && iops > 3000) lines.push(line(ctx, { item: `provisioned IOPS ${iops}`, key: `rds:${storageType}-iops`, quantity: factor * (iops - 3000), basis: "fixed" }));
  const pi = num(r.performance_insights_retention_period);
  if (r.performance_insights_enabled === true && pi !== undefined && pi > 7) lines.push(line(ctx, { item: `Performance Insights ${pi} days`, key: "rds:performance-insights-long-term", quantity: 1, basis: "fixed" }));
  return lines;
};

const auroraCluster: Pricer = (ctx) => {
  const r = ctx.attrs;
  const storageType = r.storage_type === undefined || r.storage_type === "aurora" || r.storage_type === "" ? "standard" : String(r.storage_type);
  if (storageType !== "standard") throw new CostError(where(ctx), r.storage_type, "only Aurora Standard storage is in the price table");
  const secondary = isDrStack(ctx.stack) && r.global_cluster_identifier !== undefined;
  const managedSecret =
    r.manage_master_user_password === true || r.manage_master_user_password === "true"
      ? [line(ctx, { item: "master password secret RDS manages in Secrets Manager", key: "secretsmanager:secret-month", quantity: 1, basis: "fixed" })]
      : [];
  return [
    ...managedSecret,
    line(ctx, {
      item: `cluster volume${secondary ? " (global database secondary: a full copy)" : ""}`,
      key: "aurora:storage-gb",
      quantity: ctx.usage.databaseStorageGb,
      basis: "assumed",
      assumptions: ["usage.databaseStorageGb"],
    }),
    line(ctx, {
      item: secondary ? "replicated write I/O" : "I/O requests",
      key: "aurora:io-million",
      quantity: ctx.usage.databaseIoMillions * ctx.trafficShare,
      basis: "assumed",
      assumptions: ["usage.databaseIoMillions", ...share(ctx)],
    }),
  ];
};

const auroraInstance: Pricer = (ctx) => {
  const r = ctx.attrs;
  const cluster = referenced(ctx.index, ctx.stack, r.cluster_identifier);
  const engine = String(r.engine ?? cluster?.attrs.engine ?? "aurora-mysql");
  return [line(ctx, { item: `${String(r.instance_class)} ${engine}`, key: `${engine}:${String(r.instance_class)}`, quantity: HOURS_PER_MONTH, basis: "fixed" })];
};

const cache: Pricer = (ctx) => {
  const r = ctx.attrs;
  const nodes = num(r.num_cache_clusters) ?? (num(r.num_node_groups) !== undefined ? num(r.num_node_groups)! * (1 + (num(r.replicas_per_node_group) ?? 0)) : undefined);
  if (nodes === undefined) throw new CostError(where(ctx), r.num_cache_clusters, "no node count (num_cache_clusters or num_node_groups)");
  const engine = String(r.engine ?? "redis");
  return [
    line(ctx, {
      item: `${String(r.node_type)} ${engine} × ${nodes} nodes`,
      key: `elasticache-${engine}:${String(r.node_type)}`,
      quantity: nodes * HOURS_PER_MONTH,
      basis: "fixed",
      note: "one snapshot per node is free; more retained snapshot storage is not estimated",
    }),
  ];
};

const fileSystem: Pricer = (ctx) => {
  const tiers = blocks(ctx.attrs.lifecycle_policy).some((p) => p.transition_to_ia !== undefined);
  const ia = tiers ? ctx.usage.efsInfrequentPercent / 100 : 0;
  const gb = ctx.usage.efsStoredGb;
  const assumptions = ["usage.efsStoredGb", ...(tiers ? ["usage.efsInfrequentPercent"] : [])];
  const lines = [line(ctx, { item: "Standard storage", key: "efs:standard-gb", quantity: gb * (1 - ia), basis: "assumed", assumptions, note: "elastic throughput (per GB read and written) is not estimated" })];
  if (tiers) lines.push(line(ctx, { item: "Infrequent Access storage", key: "efs:ia-gb", quantity: gb * ia, basis: "assumed", assumptions }));
  return lines;
};

const efsBackupPolicy: Pricer = (ctx) => {
  if (block(ctx.attrs.backup_policy)?.status !== "ENABLED") return [];
  const gb = ctx.usage.efsStoredGb * (1 + (ctx.usage.backupDailyChangePercent / 100) * 35);
  return [
    line(ctx, {
      item: "automatic backups (daily, kept 35 days)",
      key: "backup:efs-warm-gb",
      quantity: gb,
      basis: "assumed",
      assumptions: ["usage.efsStoredGb", "usage.backupDailyChangePercent"],
      note: "a full copy plus the daily changes over the retention",
    }),
  ];
};

// ---------- S3 ----------

const isMedia = (b: TfResource) => /^media(?:[_-]|$)/.test(b.name);

interface Replication {
  readonly source: TfResource;
  readonly config: TfResource;
  readonly rule: Body;
  readonly destination: TfResource;
}

function replications(index: TerraformIndex): Replication[] {
  const out: Replication[] = [];
  for (const config of index.ofType("aws_s3_bucket_replication_configuration")) {
    const source = referenced(index, config.stack, config.attrs.bucket);
    for (const rule of blocks(config.attrs.rule)) {
      if (rule.status === "Disabled") continue;
      const dest = block(rule.destination);
      const destination = bucketOf(index, config.stack, dest?.bucket);
      if (!source || !destination) {
        throw new CostError(`${config.stack} aws_s3_bucket_replication_configuration.${config.name}`, dest?.bucket ?? config.attrs.bucket, "the replication's source or destination bucket is not among the environment's stacks");
      }
      out.push({ source, config, rule, destination });
    }
  }
  return out;
}

function bucketClass(ctx: PricingContext, replica: Replication | undefined): string {
  if (replica) return String(block(replica.rule.destination)?.storage_class ?? "STANDARD");
  const lifecycle = ctx.index.ofType("aws_s3_bucket_lifecycle_configuration").find((l) => l.stack === ctx.stack && referenced(ctx.index, ctx.stack, l.attrs.bucket)?.name === ctx.name);
  const immediate = blocks(lifecycle?.attrs.rule).some((rule) => rule.status !== "Disabled" && blocks(rule.transition).some((t) => num(t.days) === 0 && t.storage_class === "INTELLIGENT_TIERING"));
  return immediate ? "INTELLIGENT_TIERING" : "STANDARD";
}

const bucket: Pricer = (ctx) => {
  const replica = replications(ctx.index).find((r) => r.destination.stack === ctx.stack && r.destination.name === ctx.name);
  const storageClass = bucketClass(ctx, replica);
  const media = isMedia(ctx);
  const gb = media ? ctx.usage.mediaStoredGb : ctx.usage.otherBucketStoredGb;
  const gbField = media ? "usage.mediaStoredGb" : "usage.otherBucketStoredGb";
  const topic: CostTopic | undefined = !media
    ? undefined
    : !replica
      ? "media-primary"
      : regionOf(ctx.index, replica.source) === ctx.region
        ? "media-locked-copy"
        : "media-dr-replica";
  const t = topic ? { topic } : {};
  const lines: CostLine[] = [];
  if (storageClass === "INTELLIGENT_TIERING") {
    const hot = ctx.usage.mediaFrequentPercent / 100;
    const a = [gbField, "usage.mediaFrequentPercent"];
    lines.push(line(ctx, { item: "Intelligent-Tiering, Frequent Access", key: "s3:INTELLIGENT_TIERING-frequent-gb", quantity: gb * hot, basis: "assumed", assumptions: a, ...t }));
    lines.push(line(ctx, { item: "Intelligent-Tiering, Infrequent Access", key: "s3:INTELLIGENT_TIERING-infrequent-gb", quantity: gb * (1 - hot), basis: "assumed", assumptions: a, ...t }));
    lines.push(
      line(ctx, {
        item: "Intelligent-Tiering monitoring",
        key: "s3:INTELLIGENT_TIERING-monitoring-1k",
        quantity: (gb * 1024) / ctx.usage.mediaAverageObjectMb / 1000,
        basis: "assumed",
        assumptions: [gbField, "usage.mediaAverageObjectMb"],
        ...t,
      }),
    );
  } else {
    lines.push(line(ctx, { item: `${storageClass} storage`, key: `s3:${storageClass}-gb`, quantity: gb, basis: "assumed", assumptions: [gbField], ...t }));
  }
  if (media && ctx.usage.mediaNewGbPerMonth > 0) {
    lines.push(
      line(ctx, {
        item: replica ? "replica PUT requests" : "PUT requests (new media)",
        key: `s3:put-1k-${storageClass}`,
        quantity: (ctx.usage.mediaNewGbPerMonth * 1024) / ctx.usage.mediaAverageObjectMb / 1000,
        basis: "assumed",
        assumptions: ["usage.mediaNewGbPerMonth", "usage.mediaAverageObjectMb"],
        ...t,
      }),
    );
  }
  return lines;
};

const replicationConfiguration: Pricer = (ctx) => {
  const lines: CostLine[] = [];
  for (const r of replications(ctx.index).filter((x) => x.config.stack === ctx.stack && x.config.name === ctx.name)) {
    const destRegion = regionOf(ctx.index, r.destination);
    if (destRegion === ctx.region) continue; // same-region replication: no transfer charge (the replica's PUTs are on its bucket)
    const gb = isMedia(r.source) ? ctx.usage.mediaNewGbPerMonth : ctx.usage.otherBucketStoredGb;
    const field = isMedia(r.source) ? "usage.mediaNewGbPerMonth" : "usage.otherBucketStoredGb";
    const topic: CostTopic | undefined = isMedia(r.source) ? "media-dr-replica" : undefined;
    lines.push(line(ctx, { item: `replication to ${destRegion} (rule ${String(r.rule.id)})`, key: "transfer:inter-region-gb", quantity: gb, basis: "assumed", assumptions: [field], ...(topic ? { topic } : {}) }));
    if (block(block(r.rule.destination)?.replication_time)?.status === "Enabled") {
      lines.push(line(ctx, { item: `Replication Time Control (rule ${String(r.rule.id)})`, key: "s3:replication-rtc-gb", quantity: gb, basis: "assumed", assumptions: [field], ...(topic ? { topic } : {}) }));
    }
  }
  return lines;
};

// ---------- AWS Backup ----------

const backupPlan: Pricer = (ctx) => {
  const selections = ctx.index.ofType("aws_backup_selection").filter((s) => s.stack === ctx.stack && referenced(ctx.index, s.stack, s.attrs.plan_id)?.name === ctx.name);
  const change = ctx.usage.backupDailyChangePercent / 100;
  const lines: CostLine[] = [];
  for (const rule of blocks(ctx.attrs.rule)) {
    const keep = num(block(rule.lifecycle)?.delete_after);
    if (keep === undefined) throw new CostError(where(ctx), rule.lifecycle, `rule ${String(rule.rule_name)} keeps recovery points forever: give lifecycle.delete_after to price it`);
    for (const sel of selections) {
      for (const ref of list(sel.attrs.resources) as string[]) {
        const target = referenced(ctx.index, sel.stack, ref);
        let key: string;
        let gb: number;
        let field: string;
        let topic: CostTopic | undefined;
        if (target?.type === "aws_rds_cluster") [key, gb, field] = ["aurora:backup-gb", ctx.usage.databaseStorageGb, "usage.databaseStorageGb"];
        else if (target?.type === "aws_s3_bucket" && isMedia(target)) [key, gb, field, topic] = ["backup:s3-warm-gb", ctx.usage.mediaStoredGb, "usage.mediaStoredGb", "media-backup"];
        else if (target?.type === "aws_s3_bucket") [key, gb, field] = ["backup:s3-warm-gb", ctx.usage.otherBucketStoredGb, "usage.otherBucketStoredGb"];
        else if (target?.type === "aws_efs_file_system") [key, gb, field] = ["backup:efs-warm-gb", ctx.usage.efsStoredGb, "usage.efsStoredGb"];
        else throw new CostError(`${sel.stack} aws_backup_selection.${sel.name}`, ref, "a backed-up resource the price table has no backup storage price for");
        const name = `${target.type}.${target.name}`;
        const assumptions = [field, "usage.backupDailyChangePercent"];
        const stored = gb * (1 + change * keep);
        const t = topic ? { topic } : {};
        const note = "a full copy plus the daily changes over the retention";
        lines.push(line(ctx, { item: `recovery points of ${name}, kept ${keep} days`, key, quantity: stored, basis: "assumed", assumptions, note, ...t }));
        for (const copy of blocks(rule.copy_action)) {
          const destRegion = /^arn:aws:backup:([a-z0-9-]+):/.exec(String(copy.destination_vault_arn))?.[1];
          if (!destRegion) throw new CostError(where(ctx), copy.destination_vault_arn, "a copy action whose destination vault region cannot be read from its ARN");
          const copyKeep = num(block(copy.lifecycle)?.delete_after) ?? keep;
          lines.push(line(ctx, { item: `copies of ${name} in ${destRegion}, kept ${copyKeep} days`, key, region: destRegion, quantity: gb * (1 + change * copyKeep), basis: "assumed", assumptions, note, ...t }));
          if (destRegion !== ctx.region) {
            lines.push(line(ctx, { item: `copy transfer of ${name} to ${destRegion}`, key: "transfer:inter-region-gb", quantity: gb * change * 30, basis: "assumed", assumptions, note: "a month of daily changes (the first full copy is not spread over the months)", ...t }));
          }
        }
      }
    }
  }
  return lines;
};

// ---------- edge, DNS, security ----------

const distribution: Pricer = (ctx) => {
  const area = ctx.usage.cdnViewerArea;
  // The environment's viewers are spread over its distributions (one in every preset).
  const n = ctx.index.ofType("aws_cloudfront_distribution").length;
  const of = n === 1 ? "" : ` (1/${n} of the environment's)`;
  return [
    line(ctx, { item: `data out to viewers (${area})${of}`, key: `cloudfront:transfer-gb:${area}`, region: "global", quantity: ctx.usage.internetEgressGb / n, basis: "assumed", assumptions: ["usage.internetEgressGb", "usage.cdnViewerArea"] }),
    line(ctx, { item: `HTTPS requests (${area})${of}`, key: `cloudfront:https-10k:${area}`, region: "global", quantity: (ctx.usage.requestsMillions * 100) / n, basis: "assumed", assumptions: ["usage.requestsMillions", "usage.cdnViewerArea"] }),
  ];
};

const webAcl: Pricer = (ctx) => {
  const rules = blocks(ctx.attrs.rule).length;
  return [
    line(ctx, { item: `web ACL (${String(ctx.attrs.scope)})`, key: "waf:web-acl-month", quantity: 1, basis: "fixed" }),
    line(ctx, { item: `${rules} rules`, key: "waf:rule-month", quantity: rules, basis: "fixed" }),
    line(ctx, { item: "inspected requests", key: "waf:requests-million", quantity: ctx.usage.requestsMillions * ctx.trafficShare, basis: "assumed", assumptions: ["usage.requestsMillions", ...share(ctx)] }),
  ];
};

const hostedZone: Pricer = (ctx) => {
  const n = ctx.index.ofType("aws_route53_zone").length;
  return [
    line(ctx, { item: "hosted zone", key: "route53:zone-month", region: "global", quantity: 1, basis: "fixed" }),
    line(ctx, { item: `standard queries${n === 1 ? "" : ` (1/${n} of the environment's)`}`, key: "route53:queries-million", region: "global", quantity: ctx.usage.dnsQueriesMillions / n, basis: "assumed", assumptions: ["usage.dnsQueriesMillions"] }),
  ];
};

const trail: Pricer = (ctx) => {
  const r = ctx.attrs;
  const dataEvents = blocks(r.event_selector).some((s) => blocks(s.data_resource).length > 0);
  if (blocks(r.advanced_event_selector).length > 0 || blocks(r.insight_selector).length > 0) {
    throw new CostError(where(ctx), "advanced or Insights event selectors", "only management events and basic data event selectors are in the price table");
  }
  return [
    line(ctx, { item: "management events (first copy)", key: "cloudtrail:management-events", quantity: 1, basis: "fixed", note: "its log group and bucket are priced on their own lines" }),
    ...(dataEvents
      ? [
          line(ctx, {
            item: "S3 data events",
            key: "cloudtrail:data-events-100k",
            quantity: (ctx.usage.auditDataEventsThousands * ctx.trafficShare) / 100,
            basis: "assumed",
            assumptions: ["usage.auditDataEventsThousands", ...share(ctx)],
          }),
        ]
      : []),
  ];
};

const alarm: Pricer = (ctx) => {
  const metrics = Math.max(1, blocks(ctx.attrs.metric_query).filter((q) => q.metric !== undefined).length);
  const highResolution = (num(ctx.attrs.period) ?? 60) < 60;
  return [line(ctx, { item: `alarm (${metrics} metric${metrics === 1 ? "" : "s"})`, key: highResolution ? "cloudwatch:alarm-high-resolution-month" : "cloudwatch:alarm-month", quantity: metrics, basis: "fixed" })];
};

const scalingPolicy: Pricer = (ctx) =>
  ctx.attrs.policy_type === "TargetTrackingScaling"
    ? [line(ctx, { item: "2 alarms target tracking creates", key: "cloudwatch:alarm-month", quantity: 2, basis: "fixed" })]
    : [];

const dashboard: Pricer = (ctx) => [line(ctx, { item: "dashboard", key: "cloudwatch:dashboard-month", quantity: 1, basis: "fixed" })];

const metricFilter: Pricer = (ctx) => [line(ctx, { item: "custom metric it publishes", key: "cloudwatch:custom-metric-month", quantity: 1, basis: "fixed" })];

/** Compressed size of archived logs relative to ingested (AWS bills storage compressed). */
const LOG_COMPRESSION = 0.15;

const logGroup: Pricer = (ctx) => {
  // Whether a resource of `type` in the group's own stack writes to it.
  const refers = (group: TfResource, type: string) => ctx.index.referrers(group, type).some((r) => r.stack === group.stack);
  const flow = refers(ctx, "aws_flow_log");
  const vended = flow || refers(ctx, "aws_wafv2_web_acl_logging_configuration") || refers(ctx, "aws_cloudwatch_log_delivery_destination");
  const others = ctx.index.ofType("aws_cloudwatch_log_group").filter((g) => !isDrStack(g.stack) && !refers(g, "aws_flow_log")).length;
  const gb = (flow ? ctx.usage.flowLogsGb : ctx.usage.logsIngestedGb / Math.max(1, others)) * ctx.trafficShare;
  const assumptions = [flow ? "usage.flowLogsGb" : "usage.logsIngestedGb", ...share(ctx)];
  const retention = num(ctx.attrs.retention_in_days);
  const months = Math.min(12, retention === undefined || retention === 0 ? 12 : retention / 30.4);
  return [
    line(ctx, {
      item: flow ? "flow logs delivered" : vended ? "vended logs delivered" : "logs ingested",
      key: vended ? "cloudwatch:logs-vended-gb" : "cloudwatch:logs-ingest-gb",
      quantity: gb,
      basis: "assumed",
      assumptions,
      ...(flow ? {} : { note: `an even share of usage.logsIngestedGb over the primary region's ${others} non-flow-log groups` }),
    }),
    line(ctx, {
      item: "logs stored",
      key: "cloudwatch:logs-storage-gb",
      quantity: gb * months * LOG_COMPRESSION,
      basis: "assumed",
      assumptions,
      note: `${Math.round(months * 10) / 10} months kept (at most a year's worth counted), ${LOG_COMPRESSION * 100} % of ingested size after compression`,
    }),
  ];
};

const key: Pricer = (ctx) => [line(ctx, { item: ctx.attrs.multi_region === true ? "multi-Region key" : "key", key: "kms:key-month", quantity: 1, basis: "fixed" })];

const secret: Pricer = (ctx) => [
  line(ctx, { item: "secret", key: "secretsmanager:secret-month", quantity: 1, basis: "fixed" }),
  ...blocks(ctx.attrs.replica).map((r) => line(ctx, { item: `replica in ${String(r.region)}`, key: "secretsmanager:secret-month", region: String(r.region), quantity: 1, basis: "fixed" })),
];

const vpnConnection: Pricer = (ctx) => [line(ctx, { item: "site-to-site VPN connection hours", key: "vpn:connection-hour", quantity: HOURS_PER_MONTH, basis: "fixed", note: "data out over the tunnel is billed as data transfer out and not estimated" })];

const vpcEndpoint: Pricer = (ctx) =>
  ctx.attrs.vpc_endpoint_type === "Gateway" ? [] : [line(ctx, { item: `${String(ctx.attrs.vpc_endpoint_type)} endpoint hours`, key: `vpc:${String(ctx.attrs.vpc_endpoint_type).toLowerCase()}-endpoint-hour`, quantity: HOURS_PER_MONTH, basis: "fixed" })];

/** The billable resource types and how each is priced. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_instance: instance,
  aws_autoscaling_group: autoScalingGroup,
  aws_autoscaling_policy: scalingPolicy,
  aws_nat_gateway: natGateway,
  aws_eip: publicIp,
  aws_lb: loadBalancer,
  aws_db_instance: dbInstance,
  aws_rds_cluster: auroraCluster,
  aws_rds_cluster_instance: auroraInstance,
  aws_elasticache_replication_group: cache,
  aws_efs_file_system: fileSystem,
  aws_efs_backup_policy: efsBackupPolicy,
  aws_s3_bucket: bucket,
  aws_s3_bucket_replication_configuration: replicationConfiguration,
  aws_backup_plan: backupPlan,
  aws_cloudfront_distribution: distribution,
  aws_wafv2_web_acl: webAcl,
  aws_route53_zone: hostedZone,
  aws_cloudtrail: trail,
  aws_cloudwatch_metric_alarm: alarm,
  aws_cloudwatch_dashboard: dashboard,
  aws_cloudwatch_log_metric_filter: metricFilter,
  aws_cloudwatch_log_group: logGroup,
  aws_kms_key: key,
  aws_secretsmanager_secret: secret,
  aws_vpn_connection: vpnConnection,
  aws_vpc_endpoint: vpcEndpoint,
};

/** Resource types that cost nothing by themselves, and why. Anything in neither list is refused. */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_acm_certificate: "public ACM certificates are free",
  aws_acm_certificate_validation: "a Terraform wait, no AWS resource",
  aws_autoscaling_schedule: "scheduled actions are free (the instances are priced on the group)",
  aws_backup_selection: "priced on its backup plan",
  aws_backup_vault: "vaults are free (recovery points are priced on the backup plan)",
  aws_backup_vault_lock_configuration: "Vault Lock is free (the recovery points it protects are priced on the backup plan)",
  aws_cloudfront_cache_policy: "free",
  aws_cloudfront_origin_access_control: "free",
  aws_cloudfront_response_headers_policy: "free",
  aws_cloudwatch_log_delivery: "delivered logs are priced on the destination log group",
  aws_cloudwatch_log_delivery_destination: "delivered logs are priced on the destination log group",
  aws_cloudwatch_log_delivery_source: "delivered logs are priced on the destination log group",
  aws_cloudwatch_log_resource_policy: "free",
  aws_customer_gateway: "free (the VPN connection is billed)",
  aws_db_option_group: "free",
  aws_db_parameter_group: "free",
  aws_db_subnet_group: "free",
  aws_default_security_group: "free",
  aws_efs_access_point: "free",
  aws_efs_file_system_policy: "free",
  aws_efs_mount_target: "free (storage is priced on the file system)",
  aws_elasticache_subnet_group: "free",
  aws_elasticache_user: "free",
  aws_elasticache_user_group: "free",
  aws_flow_log: "priced as the log group it delivers to",
  aws_iam_instance_profile: "IAM is free",
  aws_iam_role: "IAM is free",
  aws_iam_role_policy: "IAM is free",
  aws_iam_role_policy_attachment: "IAM is free",
  aws_internet_gateway: "free (data transfer is priced where it leaves)",
  aws_key_pair: "free",
  aws_kms_alias: "free (the key is priced)",
  aws_launch_template: "free (priced through the instance or group that uses it)",
  aws_lb_listener: "priced on the load balancer",
  aws_lb_listener_rule: "rule evaluations are part of the load balancer capacity units priced on the load balancer (the first 10 rules are free of LCU cost)",
  aws_lb_target_group: "priced on the load balancer",
  aws_network_acl: "free",
  aws_network_acl_rule: "free",
  aws_network_interface: "free (a public address on it is priced on its Elastic IP)",
  aws_rds_cluster_parameter_group: "free",
  aws_rds_global_cluster: "free (its member clusters are priced)",
  aws_route: "free",
  aws_route53_hosted_zone_dnssec: "DNSSEC signing has no Route 53 charge (its key-signing key uses a KMS key, priced)",
  aws_route53_key_signing_key: "no Route 53 charge; the asymmetric KMS key behind it is priced as aws_kms_key",
  aws_route53_query_log: "the configuration is free; the logged queries are ingested into its CloudWatch log group, priced there",
  aws_route53_record: "records are free (queries are priced on the zone; alias queries to AWS resources are free)",
  aws_route_table: "free",
  aws_route_table_association: "free",
  aws_s3_bucket_lifecycle_configuration: "free (read for the bucket's storage class)",
  aws_s3_bucket_logging: "server access logging is free to enable; the log objects are stored in the access-log bucket, priced there",
  aws_s3_bucket_object_lock_configuration: "free",
  aws_s3_bucket_ownership_controls: "free",
  aws_s3_bucket_policy: "free",
  aws_s3_bucket_public_access_block: "free",
  aws_s3_bucket_server_side_encryption_configuration: "free (KMS keys are priced; bucket keys keep request charges low)",
  aws_s3_bucket_versioning: "free (noncurrent versions are inside the stored GB assumption)",
  aws_secretsmanager_secret_version: "free (the secret is priced)",
  aws_security_group: "free",
  aws_sns_topic: "free to keep; the first million publishes and 1,000 e-mails a month are free",
  aws_sns_topic_policy: "free",
  aws_sns_topic_subscription: "free; deliveries are within the topic's free tier (1,000 e-mails and 100,000 HTTPS notifications a month)",
  aws_subnet: "free",
  aws_vpc: "free",
  aws_vpc_security_group_egress_rule: "free",
  aws_vpc_security_group_ingress_rule: "free",
  aws_vpn_connection_route: "free (the VPN connection is billed)",
  aws_vpn_gateway: "free (the VPN connection is billed)",
  aws_wafv2_web_acl_association: "free (the web ACL is priced)",
  aws_wafv2_web_acl_logging_configuration: "priced as the log group it delivers to",
};
