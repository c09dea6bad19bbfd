/**
 * The body of an environment's CloudWatch dashboard (R1.8, R3.10), as data.
 *
 * Values such as the load balancer's `arn_suffix` are Terraform references
 * (cdktf tokens) inside the JSON text; cdktf turns them into interpolations of
 * the `dashboard_body` string and Terraform fills them in at apply. The body
 * must therefore never contain a literal `${` or `%{` of its own.
 */

/** A tier shown on the dashboard. */
export interface DashboardTier {
  /** `web` or `was`. */
  readonly tier: string;
  /** Auto Scaling group name. */
  readonly asgName: string;
  /** `arn_suffix` of the tier's target group. */
  readonly targetGroupArnSuffix: string;
  /** `arn_suffix` of the load balancer in front of it. */
  readonly loadBalancerArnSuffix: string;
}

/** Inputs of {@link computeDashboardBody}. */
export interface ComputeDashboardInputs {
  /** Region of every metric. */
  readonly region: string;
  /** `arn_suffix` of the public load balancer. */
  readonly albArnSuffix: string;
  /** The application tiers (WEB first). */
  readonly tiers: readonly DashboardTier[];
  /** `DBInstanceIdentifier` of each of the environment's database instances. @default [] (no database widgets) */
  readonly dbInstances?: readonly string[];
  /** `CacheClusterId` of each of the environment's cache nodes. @default [] (no cache widgets) */
  readonly cacheNodes?: readonly string[];
}

type Widget = Record<string, unknown>;

const WIDTH = 12;
const HEIGHT = 6;

/** A metric widget at grid cell `index` (two per row). */
function metricWidget(index: number, title: string, region: string, metrics: unknown[], extra: Record<string, unknown> = {}): Widget {
  return {
    type: "metric",
    x: (index % 2) * WIDTH,
    y: Math.floor(index / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra },
  };
}

/** One line per resource: `metric` of `namespace` with `dimension` = each id. */
function perResource(namespace: string, metric: string, dimension: string, ids: readonly string[], stat: string, label: string): unknown[][] {
  return ids.map((id) => [namespace, metric, dimension, id, { stat, label: `${id} ${label}` }]);
}

/**
 * The dashboard JSON: CPU per tier; the public ALB's requests, 5xx and
 * latency; healthy and unhealthy hosts per target group; instances in service;
 * database and cache figures.
 *
 * The database and cache widgets name each of the environment's own instances
 * and nodes (src/lib/data-store-ids.ts), not a SEARCH, which would match every
 * database and cache of the account and region; an environment without a
 * database or cache has no such widgets.
 */
export function computeDashboardBody(inputs: ComputeDashboardInputs): string {
  const { region, albArnSuffix, tiers } = inputs;
  const alb = ["LoadBalancer", albArnSuffix];
  const widgets: Widget[] = [
    metricWidget(
      0,
      "CPU utilization per tier (%)",
      region,
      tiers.map((t) => ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", t.asgName, { stat: "Average", label: t.tier.toUpperCase() }]),
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
    metricWidget(1, "Public load balancer: requests", region, [["AWS/ApplicationELB", "RequestCount", ...alb, { stat: "Sum", label: "requests" }]]),
    metricWidget(2, "Public load balancer: 5xx responses", region, [
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...alb, { stat: "Sum", label: "from the load balancer" }],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...alb, { stat: "Sum", label: "from targets" }],
    ]),
    metricWidget(3, "Public load balancer: target response time (s)", region, [
      ["AWS/ApplicationELB", "TargetResponseTime", ...alb, { stat: "p50", label: "p50" }],
      ["AWS/ApplicationELB", "TargetResponseTime", ...alb, { stat: "p95", label: "p95" }],
      ["AWS/ApplicationELB", "TargetResponseTime", ...alb, { stat: "p99", label: "p99" }],
    ]),
    metricWidget(
      4,
      "Healthy / unhealthy hosts per target group",
      region,
      tiers.flatMap((t) => {
        const dims = ["TargetGroup", t.targetGroupArnSuffix, "LoadBalancer", t.loadBalancerArnSuffix];
        return [
          ["AWS/ApplicationELB", "HealthyHostCount", ...dims, { stat: "Minimum", label: `${t.tier.toUpperCase()} healthy` }],
          ["AWS/ApplicationELB", "UnHealthyHostCount", ...dims, { stat: "Maximum", label: `${t.tier.toUpperCase()} unhealthy` }],
        ];
      }),
    ),
    metricWidget(
      5,
      "Instances in service per tier",
      region,
      tiers.map((t) => ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", t.asgName, { stat: "Average", label: t.tier.toUpperCase() }]),
    ),
  ];
  const db = inputs.dbInstances ?? [];
  const rds = (metric: string, stat: string, label: string) => perResource("AWS/RDS", metric, "DBInstanceIdentifier", db, stat, label);
  if (db.length > 0) {
    widgets.push(
      metricWidget(widgets.length, "Database: CPU (%) and connections", region, [...rds("CPUUtilization", "Average", "CPU"), ...rds("DatabaseConnections", "Average", "connections")]),
      metricWidget(widgets.length + 1, "Database: replica lag (s) and free memory", region, [...rds("ReplicaLag", "Maximum", "replica lag"), ...rds("FreeableMemory", "Minimum", "freeable memory")]),
    );
  }
  const nodes = inputs.cacheNodes ?? [];
  const cache = (metric: string, stat: string, label: string) => perResource("AWS/ElastiCache", metric, "CacheClusterId", nodes, stat, label);
  if (nodes.length > 0) {
    widgets.push(
      metricWidget(widgets.length, "Cache: engine CPU (%) and hit rate (%)", region, [...cache("EngineCPUUtilization", "Average", "engine CPU"), ...cache("CacheHitRate", "Average", "hit rate")]),
      metricWidget(widgets.length + 1, "Cache: connections and memory used (%)", region, [...cache("CurrConnections", "Average", "connections"), ...cache("DatabaseMemoryUsagePercentage", "Maximum", "memory used")]),
    );
  }
  const body = JSON.stringify({ widgets });
  if (/[$%]\{(?!TfToken\[)/.test(body)) throw new Error("dashboard body must not contain a literal '${' or '%{' (Terraform template syntax)");
  return body;
}
