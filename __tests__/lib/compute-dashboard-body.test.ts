/**
 * R1.8, R3.10: the dashboard body: valid JSON, CPU per tier, ALB figures,
 * healthy hosts, database and cache figures; no Terraform template syntax of
 * its own.
 */
import { computeDashboardBody } from "../../src/lib/compute-dashboard-body";

const body = JSON.parse(
  computeDashboardBody({
    region: "ap-northeast-2",
    albArnSuffix: "app/e-alb/1",
    tiers: [
      { tier: "web", asgName: "e-web", targetGroupArnSuffix: "targetgroup/e-web/1", loadBalancerArnSuffix: "app/e-alb/1" },
      { tier: "was", asgName: "e-was", targetGroupArnSuffix: "targetgroup/e-was/2", loadBalancerArnSuffix: "app/e-was-alb/2" },
    ],
  }),
) as { widgets: { x: number; y: number; width: number; properties: { title: string; region: string; metrics: unknown[][] } }[] };

const widget = (title: RegExp) => {
  const w = body.widgets.find((x) => title.test(x.properties.title));
  if (!w) throw new Error(`no widget ${title}`);
  return w.properties;
};

describe("computeDashboardBody", () => {
  it("every widget is in the region, on a two-column grid without overlap", () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.properties.region).toBe("ap-northeast-2");
      expect([0, 12]).toContain(w.x);
      const cell = `${w.x},${w.y}`;
      expect(cells.has(cell)).toBe(false);
      cells.add(cell);
    }
  });

  it("R3.10 CPU per tier, by Auto Scaling group", () => {
    expect(widget(/CPU utilization per tier/).metrics).toEqual([
      ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", "e-web", { stat: "Average", label: "WEB" }],
      ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", "e-was", { stat: "Average", label: "WAS" }],
    ]);
  });

  it("R1.8 the public load balancer's requests, 5xx (ELB and targets) and latency percentiles", () => {
    expect(widget(/requests/).metrics).toEqual([["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/e-alb/1", { stat: "Sum", label: "requests" }]]);
    expect(widget(/5xx/).metrics.map((m) => m[1])).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"]);
    expect(widget(/response time/).metrics.map((m) => (m[4] as { stat: string }).stat)).toEqual(["p50", "p95", "p99"]);
  });

  it("healthy and unhealthy hosts of each target group behind its own load balancer", () => {
    const was = widget(/Healthy/).metrics.filter((m) => m.includes("targetgroup/e-was/2"));
    expect(was.map((m) => [m[1], m[5]])).toEqual([
      ["HealthyHostCount", "app/e-was-alb/2"],
      ["UnHealthyHostCount", "app/e-was-alb/2"],
    ]);
  });

  it("database and cache figures through SEARCH expressions", () => {
    const expressions = body.widgets.flatMap((w) => w.properties.metrics.map((m) => (m[0] as { expression?: string }).expression)).filter(Boolean);
    expect(expressions).toEqual(expect.arrayContaining([expect.stringMatching(/AWS\/RDS.*CPUUtilization/), expect.stringMatching(/AWS\/RDS.*ReplicaLag/), expect.stringMatching(/AWS\/ElastiCache.*CacheHitRate/)]));
  });

  it("refuses a value carrying Terraform template syntax", () => {
    expect(() => computeDashboardBody({ region: "r", albArnSuffix: "${x}", tiers: [] })).toThrow(/Terraform template syntax/);
  });
});
