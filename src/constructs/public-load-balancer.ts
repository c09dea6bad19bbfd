/**
 * The internet-facing Application Load Balancer in front of the WEB tier.
 */
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { TargetGroupDefinition } from "../lib/target-group";
import { elbName } from "../lib/naming";
import { hardenedAlb, instanceTargetGroup } from "../lib/load-balancer";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link PublicLoadBalancer}. */
export interface PublicLoadBalancerProps {
  /** Environment name (names are `elbName`: at most 32 characters). */
  readonly envName: string;
  /** The VPC (target group). */
  readonly vpcId: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The ALB's security group (network stack; never given rules here). */
  readonly securityGroupId: string;
  /** Validated certificate ARN of the HTTPS listener. */
  readonly certificateArn: string;
  /** TLS 1.3 security policy of the HTTPS listener. */
  readonly sslPolicy: string;
  /** Idle connection timeout, seconds. */
  readonly idleTimeoutSeconds: number;
  /** `defensive` or `strictest`. */
  readonly desyncMitigationMode: string;
  /** Access log bucket name and key prefix. */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  /** What must exist first: the log bucket's policy (the API tests write access when logging is enabled). */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The WEB target group's settings. */
  readonly targetGroup: TargetGroupDefinition;
  /** Port WEB instances serve on. */
  readonly targetPort: number;
  /**
   * Behind a CDN: HTTPS forwards only requests whose `headerName` carries one of `values`
   * (the origin secret CloudFront adds, src/constructs/origin-verify.ts); anything else gets 403.
   * @default none (HTTPS forwards everything)
   */
  readonly originVerify?: { readonly headerName: string; readonly values: string[] };
}

/**
 * Internet-facing ALB across the public subnets (R0.2, R3.4) with access logs,
 * deletion protection (X.3), invalid header dropping and desync mitigation
 * (CKV_AWS_91/131/150/328); HTTP 80 only redirects to HTTPS with a 301
 * (CKV2_AWS_20, R2.2, R3.9); HTTPS 443 with a TLS 1.3 policy forwards to the
 * WEB target group, whose algorithm, stickiness, slow start, deregistration
 * delay and health check come from the definition (R0.10, R3.4).
 */
export class PublicLoadBalancer extends Construct {
  /** The load balancer. */
  readonly lb: Lb;
  /** The WEB target group. */
  readonly targetGroup: LbTargetGroup;
  /** The HTTPS listener. */
  readonly https: LbListener;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    this.lb = new Lb(this, "lb", hardenedAlb({ name: elbName(props.envName, "alb"), internal: false, deletionProtection: protectionOf(this).deletionProtection, ...props }));
    this.targetGroup = new LbTargetGroup(this, "web", instanceTargetGroup({ name: elbName(props.envName, "web"), vpcId: props.vpcId, port: props.targetPort, settings: props.targetGroup }));

    new LbListener(this, "http", {
      loadBalancerArn: this.lb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      tags: { Name: elbName(props.envName, "alb", "http") },
    });
    const verify = props.originVerify;
    this.https = new LbListener(this, "https", {
      loadBalancerArn: this.lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: props.sslPolicy,
      certificateArn: props.certificateArn,
      // Behind a CDN: only requests carrying the origin secret are forwarded (rule below).
      defaultAction: verify
        ? [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } }]
        : [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: { Name: elbName(props.envName, "alb", "https") },
    });
    if (verify) {
      new LbListenerRule(this, "from-cdn", {
        listenerArn: this.https.arn,
        priority: 1,
        condition: [{ httpHeader: { httpHeaderName: verify.headerName, values: verify.values } }],
        action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        tags: { Name: elbName(props.envName, "alb", "from-cdn") },
      });
    }
  }
}
