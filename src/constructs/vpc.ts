/**
 * The VPC, its subnets per tier per AZ, the internet gateway and public routing.
 */
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { SubnetLayoutByTier, SubnetTier as Tier } from "../lib/tiers";
import { azSuffix, resourceName } from "../lib/naming";

/** Props of {@link Vpc}. */
export interface VpcProps {
  /** The environment: VPC CIDR, AZs and the resolved subnet layout. */
  readonly env: {
    readonly name: string;
    readonly azs: readonly string[];
    readonly network: { readonly vpcCidr: string };
    readonly layout: SubnetLayoutByTier;
  };
}

/**
 * VPC with DNS support and hostnames, one subnet per tier per AZ (none maps
 * public IPs on launch, CKV_AWS_130: NAT and bastion use Elastic IPs), an
 * internet gateway, the public route table, and the default security group
 * emptied (CKV2_AWS_12).
 */
export class Vpc extends Construct {
  /** The VPC. */
  readonly vpc: AwsVpc;
  /** The internet gateway. */
  readonly internetGateway: InternetGateway;
  /** The public route table (0.0.0.0/0 → internet gateway). */
  readonly publicRouteTable: RouteTable;
  /** Subnets per tier present in the layout. */
  readonly tiers: Readonly<Partial<Record<Tier, readonly Subnet[]>>>;

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const { env } = props;
    this.vpc = new AwsVpc(this, "vpc", {
      cidrBlock: env.network.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: resourceName(env.name, "vpc") },
    });

    // Terraform adopts the default SG and removes its rules: nothing may use it.
    new DefaultSecurityGroup(this, "default-sg", {
      vpcId: this.vpc.id,
      tags: { Name: resourceName(env.name, "default-unused") },
    });

    this.internetGateway = new InternetGateway(this, "igw", {
      vpcId: this.vpc.id,
      tags: { Name: resourceName(env.name, "igw") },
    });

    const tiers: Partial<Record<Tier, Subnet[]>> = {};
    for (const [tier, cidrs] of Object.entries(env.layout) as [Tier, readonly string[]][]) {
      tiers[tier] = cidrs.map(
        (cidr, i) =>
          new Subnet(this, `${tier}-${azSuffix(env.azs[i])}`, {
            vpcId: this.vpc.id,
            cidrBlock: cidr,
            availabilityZone: env.azs[i],
            mapPublicIpOnLaunch: false,
            tags: { Name: resourceName(env.name, tier, azSuffix(env.azs[i])), Tier: tier },
          }),
      );
    }
    this.tiers = tiers;

    this.publicRouteTable = new RouteTable(this, "public-rt", {
      vpcId: this.vpc.id,
      tags: { Name: resourceName(env.name, "public") },
    });
    new Route(this, "public-default", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: this.internetGateway.id,
    });
    (tiers.public ?? []).forEach((subnet, i) => {
      new RouteTableAssociation(this, `public-${azSuffix(env.azs[i])}-rta`, {
        subnetId: subnet.id,
        routeTableId: this.publicRouteTable.id,
      });
    });
  }

  /** Subnets of `tier`, one per AZ; empty when the environment lacks the tier. */
  subnets(tier: Tier): readonly Subnet[] {
    return this.tiers[tier] ?? [];
  }
}
