/**
 * Managed NAT gateways with fixed Elastic IPs.
 */
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { azSuffix, resourceName } from "../lib/naming";

/** Props of {@link NatGateways}. */
export interface NatGatewaysProps {
  /** Environment name, for names. */
  readonly envName: string;
  /** AZs of the environment, in order. */
  readonly azs: readonly string[];
  /** Public subnets, one per AZ in `azs` order. */
  readonly publicSubnets: readonly Subnet[];
  /** One gateway per AZ (production), or a single one in the first AZ (cheaper; its AZ failing cuts egress everywhere). */
  readonly perAz: boolean;
  /** Created after the internet gateway exists (AWS requires it). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * NAT gateways, each with an Elastic IP that never changes, so the datacenter
 * and partners can allow-list the egress addresses (R0.4, R2.8).
 */
export class NatGateways extends Construct {
  /** Egress Elastic IPs, one per gateway. */
  readonly publicIps: string[] = [];
  /** For AZ index i: the NAT gateway id its private route tables use. */
  readonly gatewayIdForAz: (azIndex: number) => string;

  constructor(scope: Construct, id: string, props: NatGatewaysProps) {
    super(scope, id);
    const count = props.perAz ? props.azs.length : 1;
    const gateways: NatGateway[] = [];
    for (let i = 0; i < count; i++) {
      const az = azSuffix(props.azs[i]);
      const eip = new Eip(this, `eip-${az}`, {
        domain: "vpc",
        tags: { Name: resourceName(props.envName, "nat", az) },
        dependsOn: [...props.dependsOn],
      });
      this.publicIps.push(eip.publicIp);
      gateways.push(
        new NatGateway(this, `nat-${az}`, {
          allocationId: eip.allocationId,
          subnetId: props.publicSubnets[i].id,
          connectivityType: "public",
          tags: { Name: resourceName(props.envName, "nat", az) },
          dependsOn: [...props.dependsOn],
        }),
      );
    }
    this.gatewayIdForAz = (i) => gateways[props.perAz ? i : 0].id;
  }
}
