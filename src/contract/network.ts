/**
 * Outputs of `<env>-network`: the VPC, subnets per tier, egress addresses,
 * security groups of every tier and the public hosted zone.
 *
 * Tiers an environment lacks still publish their outputs (an empty list or an
 * empty string), so every environment has the same contract and downstream
 * stacks never reference an output that does not exist.
 */
import { defineOutputs, OutputValues } from "./output-spec";

export const NETWORK_OUTPUTS = defineOutputs({
  vpc_id: { kind: "string", description: "ID of the environment's VPC.", stub: "vpc-0a1b2c3d4e5f60718" },
  vpc_cidr: { kind: "string", description: "IPv4 CIDR of the VPC.", stub: "10.0.0.0/16" },
  azs: { kind: "list", description: "Availability zones the environment spans, in definition order.", stub: ["us-east-1a", "us-east-1b"] },
  public_subnet_ids: { kind: "list", description: "Public subnets, one per AZ in `azs` order (load balancers, bastion, NAT).", stub: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"] },
  web_subnet_ids: { kind: "list", description: "Private WEB-tier subnets, one per AZ.", stub: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] },
  was_subnet_ids: { kind: "list", description: "Private WAS-tier subnets, one per AZ; empty when the environment has no WAS tier.", stub: ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"] },
  db_subnet_ids: { kind: "list", description: "Private database subnets, one per AZ (RDS, ElastiCache).", stub: ["subnet-0ddddddddddddddd1", "subnet-0ddddddddddddddd2"] },
  private_route_table_ids: { kind: "list", description: "Every private route table (gateway endpoints attach here).", stub: ["rtb-0eeeeeeeeeeeeeee1", "rtb-0eeeeeeeeeeeeeee2"] },
  nat_public_ips: { kind: "list", description: "Fixed egress IPs of the private subnets, one per NAT; give these to anyone who allow-lists us.", stub: ["203.0.113.10", "203.0.113.11"] },
  datacenter_cidrs: { kind: "list", description: "On-premises CIDRs routed over the site-to-site VPN; empty without a datacenter.", stub: [] },
  vpn_connection_id: { kind: "string", description: "Site-to-site VPN connection to the datacenter (download its configuration for the datacenter's device); empty without a datacenter.", stub: "" },
  sg_alb_id: { kind: "string", description: "Security group of the public ALB.", stub: "sg-0a000000000000001" },
  sg_web_id: { kind: "string", description: "Security group of WEB instances.", stub: "sg-0a000000000000002" },
  sg_was_id: { kind: "string", description: "Security group of WAS instances; empty without a WAS tier.", stub: "sg-0a000000000000003" },
  sg_internal_alb_id: { kind: "string", description: "Security group of the internal ALB in front of WAS; empty without a WAS tier.", stub: "sg-0a000000000000004" },
  sg_bastion_id: { kind: "string", description: "Security group of the bastion host.", stub: "sg-0a000000000000005" },
  sg_db_id: { kind: "string", description: "Security group of the relational database.", stub: "sg-0a000000000000006" },
  sg_cache_id: { kind: "string", description: "Security group of the cache (Redis).", stub: "sg-0a000000000000007" },
  sg_efs_id: { kind: "string", description: "Security group of EFS mount targets.", stub: "sg-0a000000000000008" },
  zone_id: { kind: "string", description: "Route 53 public hosted zone ID of the environment's domain.", stub: "Z0123456789ABCDEFGHIJ" },
  zone_name: { kind: "string", description: "The environment's DNS domain.", stub: "example.com" },
  name_servers: { kind: "list", description: "Name servers of the hosted zone (delegate the domain to these); empty for an adopted zone.", stub: ["ns-1.awsdns-01.org"] },
});

/** Typed values of the network stack's outputs. */
export type NetworkOutputs = OutputValues<typeof NETWORK_OUTPUTS>;
