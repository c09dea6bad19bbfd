/**
 * Route tables of the private tiers: one per AZ (R3.2), plus one per AZ for the
 * tiers routed to the datacenter, so only those tiers can reach it (R0.4).
 */
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { DatacenterFacts, SubnetTier as Tier } from "../lib/tiers";
import { azSuffix, resourceName } from "../lib/naming";

/** Where an AZ's internet-bound traffic goes. */
export type NatTarget = { readonly natGatewayId: string } | { readonly networkInterfaceId: string };

/** Props of {@link PrivateRouting}. */
export interface PrivateRoutingProps {
  /** Name, region, AZs and the datacenter (if any) of the environment. */
  readonly env: {
    readonly name: string;
    readonly region: string;
    readonly azs: readonly string[];
    readonly network: { readonly datacenter?: DatacenterFacts | undefined };
  };
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets per tier; the public tier is ignored (it has its own table). */
  readonly tiers: Readonly<Partial<Record<Tier, readonly Subnet[]>>>;
  /** The NAT of AZ index i. */
  readonly natFor: (azIndex: number) => NatTarget;
  /** The virtual private gateway, when there is a datacenter. @default none */
  readonly vpnGatewayId?: string;
}

/**
 * Private route tables with 0.0.0.0/0 to the NAT of the same AZ, the
 * datacenter CIDRs to the VPN gateway on the routed tiers' tables only, and an
 * S3 gateway endpoint on every table (S3 traffic stays off the NAT).
 */
export class PrivateRouting extends Construct {
  /** Every private route table. */
  readonly routeTables: RouteTable[] = [];

  constructor(scope: Construct, id: string, props: PrivateRoutingProps) {
    super(scope, id);
    const { env } = props;
    const dc = env.network.datacenter;
    const routed = new Set<Tier>(dc && props.vpnGatewayId ? dc.routedTiers : []);
    const privateTiers = (Object.keys(props.tiers) as Tier[]).filter((t) => t !== "public");
    const classes: { name: string; tiers: Tier[]; datacenter: boolean }[] = [
      { name: "private", tiers: privateTiers.filter((t) => !routed.has(t)), datacenter: false },
      ...(routed.size > 0 ? [{ name: "datacenter", tiers: privateTiers.filter((t) => routed.has(t)), datacenter: true }] : []),
    ];

    env.azs.forEach((az, i) => {
      const a = azSuffix(az);
      for (const cls of classes) {
        if (cls.tiers.length === 0) continue;
        const table = new RouteTable(this, `${cls.name}-${a}`, {
          vpcId: props.vpcId,
          tags: { Name: resourceName(env.name, cls.name, a), Tiers: cls.tiers.join(",") },
        });
        this.routeTables.push(table);
        new Route(this, `${cls.name}-${a}-default`, {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          ...props.natFor(i),
        });
        if (cls.datacenter && dc && props.vpnGatewayId) {
          dc.cidrs.forEach((cidr, j) => {
            new Route(this, `${cls.name}-${a}-dc-${j}`, {
              routeTableId: table.id,
              destinationCidrBlock: cidr,
              gatewayId: props.vpnGatewayId,
            });
          });
        }
        for (const tier of cls.tiers) {
          new RouteTableAssociation(this, `${tier}-${a}-rta`, {
            subnetId: props.tiers[tier]![i].id,
            routeTableId: table.id,
          });
        }
      }
    });

    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${env.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.routeTables.map((t) => t.id),
      tags: { Name: resourceName(env.name, "s3-endpoint") },
    });
  }
}
