/**
 * A target group's routing settings from the definition, in the provider's
 * terms: algorithm, stickiness, slow start, deregistration delay, health check.
 * Pure, so the settings that decide how fast a failed instance stops getting
 * traffic can be read and tested without synthesizing anything.
 */

/** A target group as the definition describes it (`compute.<tier>.targetGroup`). */
export interface TargetGroupDefinition {
  /** `round_robin`, `least_outstanding_requests` or `weighted_random`. */
  readonly algorithm: string;
  /** Load balancer cookie stickiness. @default none (no stickiness) */
  readonly stickiness?: { readonly durationSeconds: number } | undefined;
  /** Seconds a new target ramps up (0: off). */
  readonly slowStartSeconds: number;
  /** Seconds in-flight requests may finish after deregistration. */
  readonly deregistrationDelaySeconds: number;
  /** The HTTP health check. */
  readonly healthCheck: {
    readonly path: string;
    readonly matcher: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
}

/** Provider arguments of `aws_lb_target_group` derived from the definition (protocol and port excluded). */
export interface TargetGroupSettings {
  readonly loadBalancingAlgorithmType: string;
  readonly slowStart: number;
  readonly deregistrationDelay: string;
  readonly stickiness: { readonly type: "lb_cookie"; readonly enabled: boolean; readonly cookieDuration: number };
  readonly healthCheck: {
    readonly enabled: true;
    readonly path: string;
    readonly protocol: "HTTP";
    readonly port: "traffic-port";
    readonly matcher: string;
    readonly interval: number;
    readonly timeout: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
}

/**
 * Seconds from a target's first failed health check to it being taken out of
 * service: `interval * unhealthyThreshold` (10 s x 3 = 30 s with our defaults;
 * the provider's own defaults, 30 s x 3, would take 90 s).
 */
export function detectionSeconds(tg: TargetGroupDefinition): number {
  return tg.healthCheck.intervalSeconds * tg.healthCheck.unhealthyThreshold;
}

/** The provider arguments for `tg`. Refuses slow start with least outstanding requests (the API does too: trap 1). */
export function targetGroupSettings(tg: TargetGroupDefinition): TargetGroupSettings {
  if (tg.algorithm === "least_outstanding_requests" && tg.slowStartSeconds > 0) {
    throw new Error("slow start cannot be combined with least_outstanding_requests (the definition validation should have refused this)");
  }
  return {
    loadBalancingAlgorithmType: tg.algorithm,
    slowStart: tg.slowStartSeconds,
    deregistrationDelay: String(tg.deregistrationDelaySeconds),
    // Stickiness is always written (disabled when not asked for) so turning it off later is a visible in-place change.
    stickiness: { type: "lb_cookie", enabled: tg.stickiness !== undefined, cookieDuration: tg.stickiness?.durationSeconds ?? 86400 },
    healthCheck: {
      enabled: true,
      path: tg.healthCheck.path,
      protocol: "HTTP",
      port: "traffic-port",
      matcher: tg.healthCheck.matcher,
      interval: tg.healthCheck.intervalSeconds,
      timeout: tg.healthCheck.timeoutSeconds,
      healthyThreshold: tg.healthCheck.healthyThreshold,
      unhealthyThreshold: tg.healthCheck.unhealthyThreshold,
    },
  };
}
