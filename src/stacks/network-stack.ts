/**
 * `<env>-network`: VPC, subnets, routing, NAT, NACLs, flow logs, the
 * datacenter VPN, every tier's security groups and the public hosted zone.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { DatacenterVpn } from "../constructs/datacenter-vpn";
import { EncryptionKey } from "../constructs/encryption-key";
import { FlowLogs } from "../constructs/flow-logs";
import { HostedZone } from "../constructs/hosted-zone";
import { NatGateways } from "../constructs/nat-gateways";
import { NatInstances } from "../constructs/nat-instance";
import { NetworkAcls } from "../constructs/network-acls";
import { NatTarget, PrivateRouting } from "../constructs/private-routing";
import { TierSecurityGroups } from "../constructs/tier-security-groups";
import { Vpc } from "../constructs/vpc";
import { NETWORK_OUTPUTS } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { StackKind } from "../contract/state-location";
import { resourceName } from "../lib/naming";
import { EnvironmentStack, environmentTags } from "./environment-stack";
import { logsKeyPrincipal } from "../lib/logs-key";

/** Options of {@link NetworkStack}: how the DR region's copy (`<env>-dr-network`) differs. */
export interface NetworkStackOptions {
  /** Stack kind. @default "network" */
  readonly kind?: StackKind;
  /**
   * The environment the network is built from: region, AZs, VPC CIDR and
   * layout, names. The DR view (src/stacks/dr-environment.ts) for the DR stack.
   * @default - the environment itself
   */
  readonly site?: Environment;
  /**
   * The public hosted zone: `own` creates (or adopts) it; `primary` reuses
   * the primary network stack's (remote state `network`), since one domain
   * has one zone, and publishes it as this stack's `zone_id`.
   * @default "own"
   */
  readonly hostedZone?: "own" | "primary";
}

/** The network stack of one environment (or, with options, of its DR region). */
export class NetworkStack extends EnvironmentStack {
  constructor(scope: Construct, primary: Environment, options: NetworkStackOptions = {}) {
    super(scope, primary, options.kind ?? "network", { region: (options.site ?? primary).region });
    /** What the resources are built from: the environment, or its DR view. */
    const env = options.site ?? primary;
    const net = env.network;
    const vpc = new Vpc(this, "vpc", { env });
    const publicSubnets = vpc.subnets("public");

    let nat: { publicIps: string[]; target: (i: number) => NatTarget };
    if (net.nat.mode === "instance") {
      const instances = new NatInstances(this, "nat", {
        envName: env.name,
        account: env.account,
        region: env.region,
        azs: env.azs,
        vpcId: vpc.vpc.id,
        vpcCidr: net.vpcCidr,
        publicSubnets,
        publicSubnetCidrs: env.layout.public ?? [],
        instanceType: net.nat.instanceType,
        amiParameter: net.nat.amiParameter,
        instanceTags: environmentTags(primary, this.kind),
        dependsOn: [vpc.internetGateway],
      });
      nat = { publicIps: instances.publicIps, target: (i) => ({ networkInterfaceId: instances.interfaceIdForAz(i) }) };
    } else {
      const gateways = new NatGateways(this, "nat", {
        envName: env.name,
        azs: env.azs,
        publicSubnets,
        perAz: net.nat.mode === "gateway-per-az",
        dependsOn: [vpc.internetGateway],
      });
      nat = { publicIps: gateways.publicIps, target: (i) => ({ natGatewayId: gateways.gatewayIdForAz(i) }) };
    }

    const vpn = net.datacenter
      ? new DatacenterVpn(this, "datacenter", {
          envName: env.name,
          vpcId: vpc.vpc.id,
          customerGatewayIp: net.datacenter.customerGatewayIp,
          bgpAsn: net.datacenter.bgpAsn,
          cidrs: net.datacenter.cidrs,
        })
      : undefined;

    const routing = new PrivateRouting(this, "routing", {
      env,
      vpcId: vpc.vpc.id,
      tiers: vpc.tiers,
      natFor: nat.target,
      ...(vpn ? { vpnGatewayId: vpn.vpnGatewayId } : {}),
    });

    new NetworkAcls(this, "nacl", { env, vpcId: vpc.vpc.id, tiers: vpc.tiers });

    const logsKey = new EncryptionKey(this, "logs-key", {
      account: env.account,
      alias: resourceName(env.name, "network-logs"),
      description: `Encrypts the network logs of ${env.name}`,
      servicePrincipals: [
        logsKeyPrincipal(env.region, env.account, `*`),
      ],
    });
    new FlowLogs(this, "flow-logs", {
      envName: env.name,
      account: env.account,
      region: env.region,
      vpcId: vpc.vpc.id,
      kmsKeyArn: logsKey.arn,
      retentionDays: net.flowLogRetentionDays,
    });

    const sgs = new TierSecurityGroups(this, "sg", { env, vpcId: vpc.vpc.id });
    const zone =
      options.hostedZone === "primary"
        ? { zoneId: this.upstream("network", NETWORK_OUTPUTS).zone_id, nameServers: [] as string[] }
        : env.dns.zoneId
          ? new HostedZone(this, "dns", { domain: env.dns.domain, zoneId: env.dns.zoneId })
          : new HostedZone(this, "dns", {
              domain: env.dns.domain,
              protection: {
                envName: env.name,
                account: env.account,
                queryLogRetentionDays: env.dns.queryLogRetentionDays,
                // Route 53 signs with KMS keys and logs public queries to log groups in us-east-1 only.
                usEast1: this.aliasedProvider("aws_us_east_1", "us_east_1", "us-east-1"),
              },
            });

    const ids = (tier: "public" | "web" | "was" | "db") => vpc.subnets(tier).map((s) => s.id);
    publishOutputs(this, NETWORK_OUTPUTS, {
      vpc_id: vpc.vpc.id,
      vpc_cidr: net.vpcCidr,
      azs: [...env.azs],
      public_subnet_ids: ids("public"),
      web_subnet_ids: ids("web"),
      was_subnet_ids: ids("was"),
      db_subnet_ids: ids("db"),
      private_route_table_ids: routing.routeTables.map((t) => t.id),
      nat_public_ips: nat.publicIps,
      datacenter_cidrs: [...(net.datacenter?.cidrs ?? [])],
      vpn_connection_id: vpn?.connection.id ?? "",
      sg_alb_id: sgs.idOf("alb"),
      sg_web_id: sgs.idOf("web"),
      sg_was_id: sgs.idOf("was"),
      sg_internal_alb_id: sgs.idOf("internal_alb"),
      sg_bastion_id: sgs.idOf("bastion"),
      sg_db_id: sgs.idOf("db"),
      sg_cache_id: sgs.idOf("cache"),
      sg_efs_id: sgs.idOf("efs"),
      zone_id: zone.zoneId,
      zone_name: env.dns.domain,
      name_servers: zone.nameServers,
    });
  }
}
