/**
 * Target group settings from the definition (R0.10, R3.4) and the time to
 * detect a failed target.
 */
import { computeSchema } from "../../src/config/compute/schema";
import { detectionSeconds, targetGroupSettings } from "../../src/lib/target-group";

const tg = (targetGroup: object) => computeSchema.parse({ web: { targetGroup } }).web.targetGroup;

describe("targetGroupSettings", () => {
  it("R3.4 round robin with lb_cookie stickiness for the given duration", () => {
    const s = targetGroupSettings(tg({ algorithm: "round_robin", stickiness: { durationSeconds: 600 }, slowStartSeconds: 60 }));
    expect(s.loadBalancingAlgorithmType).toBe("round_robin");
    expect(s.stickiness).toEqual({ type: "lb_cookie", enabled: true, cookieDuration: 600 });
    expect(s.slowStart).toBe(60);
  });

  it("R0.10 least outstanding requests, slow start off", () => {
    const s = targetGroupSettings(tg({ algorithm: "least_outstanding_requests", stickiness: {} }));
    expect([s.loadBalancingAlgorithmType, s.slowStart, s.stickiness.enabled]).toEqual(["least_outstanding_requests", 0, true]);
  });

  it("without stickiness the block is written disabled (turning it off later is an in-place change)", () => {
    expect(targetGroupSettings(tg({})).stickiness.enabled).toBe(false);
  });

  it("health check: path, traffic port, thresholds and matcher from the definition", () => {
    const s = targetGroupSettings(tg({ healthCheck: { path: "/ping", intervalSeconds: 15, timeoutSeconds: 4, healthyThreshold: 3, unhealthyThreshold: 2, matcher: "200-299" } }));
    expect(s.healthCheck).toEqual({ enabled: true, path: "/ping", protocol: "HTTP", port: "traffic-port", matcher: "200-299", interval: 15, timeout: 4, healthyThreshold: 3, unhealthyThreshold: 2 });
    expect(s.deregistrationDelay).toBe("60");
  });

  it("trap 1: refuses slow start with least outstanding requests even when validation was bypassed", () => {
    expect(() => targetGroupSettings({ ...tg({}), algorithm: "least_outstanding_requests", slowStartSeconds: 30 })).toThrow(/slow start/);
  });
});

describe("detectionSeconds", () => {
  it("defaults detect a failed target in 30 s (10 s x 3), a third of the provider defaults' 90 s", () => {
    expect(detectionSeconds(tg({}))).toBe(30);
  });
  it("is interval x unhealthy threshold", () => {
    expect(detectionSeconds(tg({ healthCheck: { intervalSeconds: 20, unhealthyThreshold: 5 } }))).toBe(100);
  });
});
