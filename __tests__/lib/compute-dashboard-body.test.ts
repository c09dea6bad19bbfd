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
    dbInstances: ["e-db", "e-db-replica-1"],
    cacheNodes: ["e-cache-001", "e-cache-002"],
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

  it("R1.8 R3.10 database and cache figures name exactly the environment's instances and nodes: no SEARCH (account-wide)", () => {
    expect(JSON.stringify(body)).not.toMatch(/SEARCH/);
    const cpu = widget(/Database: CPU/).metrics.filter((m) => m[1] === "CPUUtilization");
    expect(cpu.map((m) => m.slice(0, 4))).toEqual([
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "e-db"],
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "e-db-replica-1"],
    ]);
    for (const title of [/Database: CPU/, /Database: replica lag/]) {
      const ms = widget(title).metrics;
      expect(ms.length).toBe(4);
      for (const m of ms) expect(["e-db", "e-db-replica-1"]).toContain(m[3]);
    }
    for (const title of [/Cache: engine CPU/, /Cache: connections/]) {
      const ms = widget(title).metrics;
      expect(ms.length).toBe(4);
      for (const m of ms) expect(m.slice(0, 3)).toEqual(["AWS/ElastiCache", m[1], "CacheClusterId"]), expect(["e-cache-001", "e-cache-002"]).toContain(m[3]);
    }
  });

  it("no database or cache widgets where the environment has none", () => {
    const bare = JSON.parse(computeDashboardBody({ region: "r", albArnSuffix: "a", tiers: [] })) as typeof body;
    expect(bare.widgets.map((w) => w.properties.title).filter((t) => /Database|Cache/.test(t))).toEqual([]);
    const dbOnly = JSON.parse(computeDashboardBody({ region: "r", albArnSuffix: "a", tiers: [], dbInstances: ["x-db"] })) as typeof body;
    expect(dbOnly.widgets.map((w) => w.properties.title).filter((t) => /Cache/.test(t))).toEqual([]);
    expect(dbOnly.widgets.map((w) => w.properties.title).filter((t) => /Database/.test(t)).length).toBe(2);
  });

  it("refuses a value carrying Terraform template syntax", () => {
    expect(() => computeDashboardBody({ region: "r", albArnSuffix: "${x}", tiers: [] })).toThrow(/Terraform template syntax/);
  });
});
