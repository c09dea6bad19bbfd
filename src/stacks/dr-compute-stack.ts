/**
 * `<env>-dr-compute`: the compute tiers of the DR region — the primary
 * compute stack's code (ComputeStack) built from the DR view of the
 * environment (src/stacks/dr-environment.ts), reading `dr-network` and `dr-data`
 * — plus the Route 53 failover records that send traffic to its load
 * balancer when the primary's has no healthy target (R1.5, R1.7).
 *
 * Capacity per strategy (src/lib/dr.ts `drTierCapacity`): a pilot light's Auto
 * Scaling groups are at 0, a warm standby's at `dr.standbyCapacity`; with
 * `dr.activate` they take the primary's capacity and scheduled actions.
 * The DR certificate covers the same names as the primary's and waits for the
 * validation records the primary compute stack owns.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { FailoverRecords } from "../constructs/failover-records";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import { drOriginFqdn } from "../lib/dr";
import { drEnvironment } from "./dr-environment";
import { ComputeStack } from "./compute-stack";

/** The DR compute stack of an environment with a pilot-light or warm-standby `dr` section. */
export class DrComputeStack extends ComputeStack {
  /** The failover records of `<dr.originName>.<domain>`. */
  readonly failover: FailoverRecords;

  constructor(scope: Construct, env: Environment) {
    if (!env.dr) throw new Error(`DrComputeStack: environment ${env.name} has no dr section`);
    super(scope, env, {
      kind: "dr-compute",
      site: drEnvironment(env),
      upstream: { network: "dr-network", data: "dr-data" },
      certificateValidationRecords: false,
    });
    const primary = this.upstream("compute", COMPUTE_OUTPUTS);
    this.failover = new FailoverRecords(this, "failover", {
      zoneId: this.networkOutputs.zone_id,
      fqdn: drOriginFqdn(env),
      primary: { dnsName: primary.alb_dns_name, zoneId: primary.alb_zone_id },
      secondary: { dnsName: this.publicLoadBalancer.lb.dnsName, zoneId: this.publicLoadBalancer.lb.zoneId },
    });
  }
}
