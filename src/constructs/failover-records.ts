/**
 * Route 53 failover between the primary and the DR load balancer (R1.5, R1.7).
 */
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** An alias target: a load balancer's DNS name and Route 53 zone. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
}

/** Props of {@link FailoverRecords}. */
export interface FailoverRecordsProps {
  /** The environment's public hosted zone. */
  readonly zoneId: string;
  /** The failover name (`origin.example.com`). */
  readonly fqdn: string;
  /** The primary region's public load balancer. */
  readonly primary: AliasTarget;
  /** The DR region's public load balancer. */
  readonly secondary: AliasTarget;
}

/**
 * Two alias A records of one name with failover routing: PRIMARY to the
 * primary load balancer, SECONDARY to the DR one. Both evaluate target
 * health: Route 53 answers with the primary while its load balancer has a
 * healthy target, else with the DR load balancer (and with the primary again
 * when both are unhealthy, so a pilot light at zero never wins by accident).
 *
 * Why no `aws_route53_health_check`: its checkers probe from the internet,
 * and behind CloudFront the load balancers admit only CloudFront's
 * origin-facing addresses. Evaluate-target-health is AWS's documented health
 * signal for load balancer aliases: the load balancer is unhealthy when no
 * registered target passes the target group's health check, so detection
 * takes the target group's interval x unhealthy threshold (docs/dr.md). The
 * alias answers carry the load balancer's 60 s TTL.
 */
export class FailoverRecords extends Construct {
  /** The PRIMARY record. */
  readonly primary: Route53Record;
  /** The SECONDARY record. */
  readonly secondary: Route53Record;

  constructor(scope: Construct, id: string, props: FailoverRecordsProps) {
    super(scope, id);
    const record = (role: "primary" | "secondary", target: AliasTarget) =>
      new Route53Record(this, role, {
        zoneId: props.zoneId,
        name: props.fqdn,
        type: "A",
        setIdentifier: role,
        failoverRoutingPolicy: { type: role.toUpperCase() },
        alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true },
      });
    this.primary = record("primary", props.primary);
    this.secondary = record("secondary", props.secondary);
  }
}
