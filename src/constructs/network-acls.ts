/**
 * One network ACL per tier, associated with that tier's subnets.
 */
import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Construct } from "constructs";
import { NetworkFacts, SubnetTier as Tier } from "../lib/tiers";
import { networkAclEntries } from "../lib/network-acl-rules";
import { resourceName } from "../lib/naming";

/** Props of {@link NetworkAcls}. */
export interface NetworkAclsProps {
  /** What the NACL entries are computed from (src/lib/network-acl-rules.ts). */
  readonly env: NetworkFacts;
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets per tier. */
  readonly tiers: Readonly<Partial<Record<Tier, readonly Subnet[]>>>;
}

/** Tier NACLs with the entries of `networkAclEntries` (src/lib/network-acl-rules.ts). */
export class NetworkAcls extends Construct {
  constructor(scope: Construct, id: string, props: NetworkAclsProps) {
    super(scope, id);
    const { env } = props;
    for (const [tier, subnets] of Object.entries(props.tiers) as [Tier, readonly Subnet[]][]) {
      const acl = new NetworkAcl(this, tier, {
        vpcId: props.vpcId,
        subnetIds: subnets.map((s) => s.id),
        tags: { Name: resourceName(env.name, tier, "nacl"), Tier: tier },
      });
      for (const entry of networkAclEntries(env, tier)) {
        new NetworkAclRule(this, `${tier}-${entry.egress ? "out" : "in"}-${entry.ruleNumber}`, {
          networkAclId: acl.id,
          ruleNumber: entry.ruleNumber,
          egress: entry.egress,
          protocol: entry.protocol,
          ruleAction: entry.action,
          cidrBlock: entry.cidr,
          fromPort: entry.fromPort,
          toPort: entry.toPort,
        });
      }
    }
  }
}
