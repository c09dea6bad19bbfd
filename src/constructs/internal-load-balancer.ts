/**
 * The internal Application Load Balancer between the WEB and WAS tiers (R2.3).
 */
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { TargetGroupDefinition } from "../lib/target-group";
import { elbName } from "../lib/naming";
import { hardenedAlb, instanceTargetGroup } from "../lib/load-balancer";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link InternalLoadBalancer}. */
export interface InternalLoadBalancerProps {
  /** Environment name (names are `elbName`: at most 32 characters). */
  readonly envName: string;
  /** The VPC (target group). */
  readonly vpcId: string;
  /** Private WAS subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The internal ALB's security group (network stack: 8080 from WEB in, 8080 to WAS out). */
  readonly securityGroupId: string;
  /** The port WEB calls and WAS serves on (8080). */
  readonly port: number;
  /** Idle connection timeout, seconds. */
  readonly idleTimeoutSeconds: number;
  /** `defensive` or `strictest`. */
  readonly desyncMitigationMode: string;
  /** Access log bucket name and key prefix. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  /** What must exist first: the log bucket's policy (the API tests write access when logging is enabled). */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The WAS target group's settings. */
  readonly targetGroup: TargetGroupDefinition;
}

/**
 * Internal ALB in the WAS subnets listening on 8080 and forwarding to the WAS
 * target group, which receives 8080 only from this load balancer (R2.7, by the
 * network stack's groups). Plain HTTP stays inside the VPC, as in the seed: a
 * TLS hop here would need a private CA. Same protections as the public ALB:
 * access logs, deletion protection, invalid header dropping, desync mitigation.
 */
export class InternalLoadBalancer extends Construct {
  /** The load balancer. */
  readonly lb: Lb;
  /** The WAS target group. */
  readonly targetGroup: LbTargetGroup;

  constructor(scope: Construct, id: string, props: InternalLoadBalancerProps) {
    super(scope, id);
    this.lb = new Lb(this, "lb", hardenedAlb({ name: elbName(props.envName, "was-alb"), internal: true, deletionProtection: protectionOf(this).deletionProtection, ...props }));
    this.targetGroup = new LbTargetGroup(this, "was", instanceTargetGroup({ name: elbName(props.envName, "was"), vpcId: props.vpcId, port: props.port, settings: props.targetGroup }));
    new LbListener(this, "listener", {
      loadBalancerArn: this.lb.arn,
      port: props.port,
      protocol: "HTTP",
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: { Name: elbName(props.envName, "was-alb", props.port) },
    });
  }
}
