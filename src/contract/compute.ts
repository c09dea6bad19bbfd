/**
 * Outputs of `<env>-compute`: load balancers, Auto Scaling groups, bastion.
 * Only add outputs here; renaming one breaks every reader.
 */
import { defineOutputs, OutputValues } from "./output-spec";

export const COMPUTE_OUTPUTS = defineOutputs({
  alb_dns_name: { kind: "string", description: "DNS name of the public load balancer.", stub: "example-alb-123456789.us-east-1.elb.amazonaws.com" },
  alb_zone_id: { kind: "string", description: "Route 53 zone id of the public load balancer (alias records).", stub: "Z35SXDOTRQ7X7K" },
  alb_arn: { kind: "string", description: "ARN of the public load balancer (WAF association).", stub: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/example-alb/0123456789abcdef" },
  alb_arn_suffix: { kind: "string", description: "CloudWatch dimension of the public load balancer.", stub: "app/example-alb/0123456789abcdef" },
  internal_alb_dns_name: { kind: "string", description: "DNS name of the internal load balancer in front of WAS; empty without WAS.", stub: "internal-example-was-123456789.us-east-1.elb.amazonaws.com" },
  web_asg_name: { kind: "string", description: "Auto Scaling group of WEB instances.", stub: "example-web" },
  was_asg_name: { kind: "string", description: "Auto Scaling group of WAS instances; empty without WAS.", stub: "example-was" },
  bastion_public_ip: { kind: "string", description: "Fixed public IP of the (first) bastion host.", stub: "203.0.113.20" },
  bastion_public_ips: { kind: "list", description: "Fixed public IPs of every bastion host, the first one first (compute.bastion.additionalAzs adds more).", stub: ["203.0.113.20", "203.0.113.21"] },
});

/** Typed values of the compute stack's outputs. */
export type ComputeOutputs = OutputValues<typeof COMPUTE_OUTPUTS>;
