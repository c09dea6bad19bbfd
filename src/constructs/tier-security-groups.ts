/**
 * The security groups of every tier, with their rules chained by group
 * reference. They live in the network stack so later stacks only attach them:
 * no stack ever needs another stack's group to write a rule, so there are no
 * cycles across stacks.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { NetworkFacts } from "../lib/tiers";
import { resourceName } from "../lib/naming";
import { GroupName, securityGroupNames, securityRules, SecurityRule } from "../lib/security-rules";

/** Props of {@link TierSecurityGroups}. */
export interface TierSecurityGroupsProps {
  /** The environment (tiers, bastion scope, datacenter services). */
  readonly env: NetworkFacts;
  /** The VPC the groups belong to. */
  readonly vpcId: string;
}

const PURPOSE: Record<GroupName, string> = {
  alb: "Public application load balancer",
  web: "WEB instances",
  was: "WAS instances",
  internal_alb: "Internal load balancer in front of WAS",
  bastion: "Bastion host",
  db: "Relational database",
  cache: "Redis cache",
  efs: "EFS mount targets",
};

/** A stable, readable logical id for one rule: `web-in-tcp-80-alb`. */
function ruleId(rule: SecurityRule): string {
  const peer = "group" in rule.peer ? rule.peer.group : "prefixList" in rule.peer ? rule.peer.prefixList : rule.peer.cidr.replace(/[./]/g, "_");
  const port = rule.port === -1 ? "all" : String(rule.port);
  return `${rule.group}-${rule.direction === "ingress" ? "in" : "out"}-${rule.protocol}-${port}-${peer}`;
}

/** One security group per tier, rules from `securityRules(env)`. */
export class TierSecurityGroups extends Construct {
  /** Groups by name; tiers the environment lacks are absent. */
  readonly groups: Readonly<Partial<Record<GroupName, SecurityGroup>>>;

  constructor(scope: Construct, id: string, props: TierSecurityGroupsProps) {
    super(scope, id);
    const { env } = props;
    const groups: Partial<Record<GroupName, SecurityGroup>> = {};
    for (const name of securityGroupNames(env)) {
      groups[name] = new SecurityGroup(this, name, {
        name: resourceName(env.name, name.replace("_", "-")),
        description: `${PURPOSE[name]} (${env.name})`,
        vpcId: props.vpcId,
        tags: { Name: resourceName(env.name, name.replace("_", "-")) },
      });
    }
    this.groups = groups;

    for (const rule of securityRules(env)) {
      const group = groups[rule.group];
      if (!group) throw new Error(`security rule ${ruleId(rule)} names group ${rule.group}, which ${env.name} does not have`);
      const peer =
        "group" in rule.peer
          ? { referencedSecurityGroupId: groups[rule.peer.group]!.id }
          : "prefixList" in rule.peer
            ? { prefixListId: rule.peer.prefixList }
            : { cidrIpv4: rule.peer.cidr };
      const ports = rule.protocol === "icmp" ? { fromPort: -1, toPort: -1 } : { fromPort: rule.port, toPort: rule.port };
      const config = { securityGroupId: group.id, ipProtocol: rule.protocol, description: rule.description, ...ports, ...peer };
      if (rule.direction === "ingress") new VpcSecurityGroupIngressRule(this, ruleId(rule), config);
      else new VpcSecurityGroupEgressRule(this, ruleId(rule), config);
    }
  }

  /** The id of group `name`, or "" when the environment lacks it (contract outputs). */
  idOf(name: GroupName): string {
    return this.groups[name]?.id ?? "";
  }
}
