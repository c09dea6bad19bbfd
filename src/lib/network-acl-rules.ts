/**
 * Network ACL entries per tier, as data (a pure function of the environment).
 *
 * NACLs are the coarse, stateless second layer under the security groups:
 * each tier's subnets accept only what that tier serves, plus the return
 * traffic (ephemeral ports) of the connections it opens. Rule numbers leave
 * gaps of 10 so an operator can insert a rule without renumbering.
 */
import { NetworkFacts, SubnetTier as Tier } from "./tiers";
import { dataClientTier, PORTS } from "./security-rules";

/** One NACL entry. */
export interface AclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly protocol: "tcp" | "udp" | "-1";
  readonly action: "allow" | "deny";
  readonly cidr: string;
  /** Inclusive port range; [0, 0] with protocol -1. */
  readonly fromPort: number;
  readonly toPort: number;
}

const EPHEMERAL: [number, number] = [1024, 65535];
const ANYWHERE = "0.0.0.0/0";

/** The entries of tier `tier`'s NACL. */
export function networkAclEntries(env: NetworkFacts, tier: Tier): AclEntry[] {
  const vpc = env.network.vpcCidr;
  const dc = env.network.datacenter;
  const entries: AclEntry[] = [];
  let inbound = 100;
  let outbound = 100;
  const allowIn = (protocol: AclEntry["protocol"], cidr: string, [from, to]: [number, number]) => {
    entries.push({ ruleNumber: inbound, egress: false, protocol, action: "allow", cidr, fromPort: from, toPort: to });
    inbound += 10;
  };
  const out = (action: AclEntry["action"], protocol: AclEntry["protocol"], cidr: string, [from, to]: [number, number]) => {
    entries.push({ ruleNumber: outbound, egress: true, protocol, action, cidr, fromPort: from, toPort: to });
    outbound += 10;
  };

  switch (tier) {
    case "public":
      allowIn("tcp", ANYWHERE, [PORTS.https, PORTS.https]);
      allowIn("tcp", ANYWHERE, [PORTS.http, PORTS.http]);
      for (const cidr of env.network.bastionAllowedCidrs) allowIn("tcp", cidr, [PORTS.ssh, PORTS.ssh]);
      allowIn("-1", vpc, [0, 0]); // the private tiers' traffic through NAT, and ALB → targets' replies
      allowIn("tcp", ANYWHERE, EPHEMERAL); // replies to connections opened outward (NAT, bastion)
      allowIn("udp", ANYWHERE, EPHEMERAL);
      out("allow", "-1", ANYWHERE, [0, 0]);
      break;
    case "web":
    case "was": {
      allowIn("-1", vpc, [0, 0]); // security groups decide which tier may connect
      allowIn("tcp", ANYWHERE, EPHEMERAL); // replies from the internet through NAT
      allowIn("udp", ANYWHERE, EPHEMERAL);
      // The datacenter: only the listed services, only from the routed tiers (R0.4).
      const routed = dc?.routedTiers.includes(tier) ?? false;
      if (dc && routed) for (const svc of dc.services) out("allow", "tcp", svc.cidr, [svc.port, svc.port]);
      if (dc) for (const cidr of dc.cidrs) out("deny", "-1", cidr, [0, 0]);
      out("allow", "-1", ANYWHERE, [0, 0]);
      break;
    }
    case "db": {
      const clients = [dataClientTier(env)] as Tier[];
      const sources = clients.flatMap((t) => env.layout[t] ?? []);
      if (env.network.bastionReaches.includes("db")) sources.push(...(env.layout.public ?? []));
      for (const cidr of sources) {
        allowIn("tcp", cidr, [PORTS.mysql, PORTS.mysql]);
        if (env.data?.cache !== undefined) allowIn("tcp", cidr, [PORTS.redis, PORTS.redis]);
      }
      out("allow", "tcp", vpc, EPHEMERAL); // replies to clients; nothing leaves the VPC
      break;
    }
  }
  return entries;
}
