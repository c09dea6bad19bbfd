/**
 * Who can open a TCP connection to whom, on which ports: a pure function of
 * the {@link NetworkModel} read from the synthesized JSON.
 *
 * A connection from party A to party B on port P is open when EVERY layer lets
 * it through, for the forward packets and for the replies:
 *
 * 1. A's security groups allow egress to B (group reference to one of B's
 *    groups, or a CIDR/prefix list containing B's addresses) on P, and B's
 *    allow ingress from A likewise. Security groups are stateful: replies pass.
 * 2. NACLs are stateless and evaluated per subnet boundary, lowest rule number
 *    first, first match decides, no match denies: A's subnet NACL must allow
 *    outbound to B on P and inbound replies from B on the ephemeral ports
 *    (1024-65535); B's subnet NACL inbound from A on P and outbound replies to
 *    A on the ephemeral ports. Traffic inside one subnet crosses no NACL.
 * 3. A route exists: inside the VPC the local route always does. To the
 *    internet the source subnet's longest matching route must lead to the
 *    internet gateway (only for a party with a public IP) or to a public NAT
 *    (gateway, or instance interface with an Elastic IP) whose own subnet NACL,
 *    security group (instance) and route table (→ internet gateway) pass the
 *    traffic and the replies. To the datacenter it must lead to a virtual private
 *    gateway. From the internet or the datacenter, the destination subnet must
 *    route the replies back the same way (internet gateway, virtual private
 *    gateway), and from the internet only a party with a public IP (an
 *    internet-facing load balancer, the bastion) can be reached at all.
 *
 * Addresses are exact sets: a party may sit at any address of any of its
 * subnets (an Auto Scaling group or RDS picks), so a grant's `coverage` is
 * `all` when every placement (every subnet pair, every address) is open and
 * `some` when only some are (for example a CIDR rule that covers half a
 * subnet). For the internet and the datacenter, a grant lists the addresses it
 * concerns when that is not all of them (`192.168.10.20/32`).
 *
 * Simplifications (documented in the output's notes too): TCP only (ICMP, UDP
 * are not in the matrix); IPv4 only; replies use ephemeral ports 1024-65535
 * (what NAT gateways and ELB use; Linux clients use a subset); a load balancer
 * reaches every target subnet (cross-zone load balancing is on for ALBs);
 * external parties accept whatever reaches them (the datacenter's own
 * firewall and the internet are out of scope); a prefix list is an unknown
 * subset of the internet; nothing outside the VPC (peering, transit gateway,
 * endpoints) is a path.
 */
import {
  atoms,
  cidrSet,
  covers,
  EMPTY,
  equals,
  intersect,
  IntervalSet,
  isEmpty,
  Range,
  subtract,
  toCidrs,
  union,
} from "./intervals";
import { NaclEntry, NetworkModel, Party, PartyId, RouteTarget, Subnet } from "./model";

/** Ports one party may open to another. */
export interface Grant {
  /** TCP destination ports. */
  readonly ports: IntervalSet;
  /**
   * For the internet or the datacenter: the addresses concerned (CIDRs, or a
   * prefix list id `pl-...`); absent when it is every address of that party.
   */
  readonly peer?: readonly string[];
  /** `all`: open from every placement of both parties; `some`: from some subnets or addresses only. */
  readonly coverage: "all" | "some";
}

/** One cell of the matrix: from a party, to a party. */
export interface Cell {
  readonly from: PartyId;
  readonly to: PartyId;
  /** Empty when nothing is open. */
  readonly grants: readonly Grant[];
}

/** The reachability matrix of one environment. */
export interface Matrix {
  /** The parties present, in table order. */
  readonly parties: readonly PartyId[];
  /** Every ordered pair of parties (external to external excluded). */
  readonly cells: readonly Cell[];
  /** Assumptions and model notes. */
  readonly notes: readonly string[];
}

/** The simplifications every matrix carries. */
export const SIMPLIFICATIONS: readonly string[] = [
  "TCP over IPv4 only; security groups are stateful, NACLs stateless (replies on 1024-65535 must pass both NACLs)",
  "a party may be at any address of any of its subnets; 'some' marks ports open from only some subnets or addresses",
  "load balancers reach targets in every subnet (ALB cross-zone is always on)",
  "from the internet only parties with a public IP (internet-facing load balancers, the bastion) are reachable; NAT devices are not services",
  "the datacenter and the internet accept what reaches them (their own firewalls are out of scope); a prefix list is an unknown subset of the internet",
];

// ---------------------------------------------------------------- checks

/** What one layer allows, over the addresses of one side of the connection. */
interface Verdict {
  readonly allowed: IntervalSet;
  /** Rules, entries or routes that decided some of it (for explanations). */
  readonly by: readonly string[];
}

/** One layer a connection must pass. */
interface Check {
  readonly what: string;
  /** Whose addresses it constrains: the source's or the destination's. */
  readonly side: "source" | "destination";
  /** Evaluated on the forward packets (destination port) or on the replies (ephemeral port). */
  readonly reply: boolean;
  verdict(port: number): Verdict;
}

/** Where one party may be: one subnet of an internal party, or all of an external one. */
interface Location {
  readonly party: Party;
  readonly subnet?: Subnet;
  readonly addresses: IntervalSet;
}

/** One way between two locations (several when routes split the destination addresses). */
interface Path {
  readonly via: string;
  readonly source: IntervalSet;
  readonly destination: IntervalSet;
  readonly checks: readonly Check[];
}

const isTcp = (protocol: string) => protocol === "tcp" || protocol === "all";

/** A check's verdicts are asked once per port atom and again per reply port: remember them. */
function memo(check: Check): Check {
  const seen = new Map<number, Verdict>();
  return {
    ...check,
    verdict(port) {
      let v = seen.get(port);
      if (!v) seen.set(port, (v = check.verdict(port)));
      return v;
    },
  };
}

/** A security group layer: what `groups` allow in `direction` with a peer that has `peerGroups` and `peerAddresses`. */
function sgCheck(
  model: NetworkModel,
  groups: readonly string[],
  direction: "ingress" | "egress",
  peerGroups: readonly string[],
  peerAddresses: IntervalSet,
  prefixList: string | undefined,
  what: string,
): Check {
  const rules = groups.flatMap((g) => model.securityGroups[g]?.rules ?? []).filter((r) => r.direction === direction && isTcp(r.protocol));
  return memo({
    what,
    side: direction === "egress" ? "destination" : "source",
    reply: false,
    verdict(port) {
      const sets: IntervalSet[] = [];
      const by: string[] = [];
      for (const rule of rules) {
        if (port < rule.fromPort || port > rule.toPort) continue;
        const peer = rule.peer;
        const part =
          "group" in peer
            ? peerGroups.includes(peer.group)
              ? peerAddresses
              : EMPTY
            : "cidr" in peer
              ? intersect(cidrSet(peer.cidr), peerAddresses)
              : peer.prefixList === prefixList
                ? peerAddresses
                : EMPTY;
        if (!isEmpty(part)) {
          sets.push(part);
          by.push(rule.id);
        }
      }
      return { allowed: union(...sets), by };
    },
  });
}

/** A NACL layer: entries of `naclId` in one direction, over the remote addresses `remote`. */
function naclCheck(model: NetworkModel, naclId: string | undefined, egress: boolean, remote: IntervalSet, side: "source" | "destination", reply: boolean, what: string): Check {
  const entries: readonly NaclEntry[] = naclId ? (model.nacls[naclId]?.entries ?? []).filter((e) => e.egress === egress && isTcp(e.protocol)) : [];
  return memo({
    what,
    side,
    reply,
    verdict(port) {
      if (!naclId) return { allowed: remote, by: ["(default network ACL: allows everything)"] };
      let rest = remote;
      let allowed: IntervalSet = EMPTY;
      const by: string[] = [];
      for (const e of entries) {
        if (isEmpty(rest)) break;
        if (port < e.fromPort || port > e.toPort) continue;
        const hit = intersect(rest, cidrSet(e.cidr));
        if (isEmpty(hit)) continue;
        by.push(`${e.id} (${e.ruleNumber} ${e.action})`);
        if (e.action === "allow") allowed = union(allowed, hit);
        rest = subtract(rest, hit);
      }
      if (!isEmpty(rest)) by.push("(implicit deny *)");
      return { allowed, by };
    },
  });
}

/** A port-independent layer (routing). */
function fixedCheck(what: string, side: "source" | "destination", allowed: IntervalSet, by: readonly string[]): Check {
  return { what, side, reply: false, verdict: () => ({ allowed, by }) };
}

/**
 * The destinations `addresses` split by the longest matching route of the
 * subnet's route table (the VPC's own CIDRs always go `local`).
 */
function routeParts(model: NetworkModel, subnet: Subnet, addresses: IntervalSet): { target: RouteTarget; addresses: IntervalSet; by: string }[] {
  const routes = [...(model.routeTables[subnet.routeTable]?.routes ?? [])];
  const local = (model.vpcs[subnet.vpc] ?? []).map((cidr) => ({ id: "local", destination: cidr, target: { kind: "local" } as RouteTarget }));
  const all = [...local, ...routes].map((r) => ({ ...r, set: cidrSet(r.destination), prefix: Number(r.destination.split("/")[1]) }));
  all.sort((a, b) => b.prefix - a.prefix || (a.target.kind === "local" ? -1 : b.target.kind === "local" ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: { target: RouteTarget; addresses: IntervalSet; by: string }[] = [];
  let rest = addresses;
  for (const r of all) {
    const hit = intersect(rest, r.set);
    if (isEmpty(hit)) continue;
    out.push({ target: r.target, addresses: hit, by: r.id });
    rest = subtract(rest, hit);
  }
  return out;
}

function locations(model: NetworkModel, party: Party): Location[] {
  if (party.kind === "external") return [{ party, addresses: party.addresses }];
  return party.subnets.flatMap((id) => {
    const subnet = model.subnets[id];
    return subnet ? [{ party, subnet, addresses: cidrSet(subnet.cidr) }] : [];
  });
}

const short = (id: string) => id.slice(id.indexOf("/") + 1);

/** Addresses for a sentence: a few CIDRs, then a count. */
function cidrList(addresses: IntervalSet): string {
  const cidrs = toCidrs(addresses);
  return cidrs.length <= 4 ? cidrs.join(", ") : `${cidrs.slice(0, 4).join(", ")} and ${cidrs.length - 4} more blocks`;
}

/**
 * Every path from `a` to `b` with its layers; `blocked` collects why there is
 * none. `prefixList`: evaluate as if the internet were that prefix list.
 */
function paths(model: NetworkModel, a: Location, b: Location, prefixList: string | undefined, blocked: string[]): Path[] {
  const A = a.party;
  const B = b.party;
  const checks: Check[] = [];
  const sameSubnet = a.subnet !== undefined && a.subnet.id === b.subnet?.id;
  if (A.kind === "internal") {
    checks.push(sgCheck(model, A.securityGroups, "egress", B.securityGroups, b.addresses, prefixList, `${A.id} security group egress`));
    if (!sameSubnet) {
      checks.push(naclCheck(model, a.subnet!.nacl, true, b.addresses, "destination", false, `${short(a.subnet!.id)} network ACL outbound`));
      checks.push(naclCheck(model, a.subnet!.nacl, false, b.addresses, "destination", true, `${short(a.subnet!.id)} network ACL inbound replies`));
    }
  }
  if (B.kind === "internal") {
    checks.push(sgCheck(model, B.securityGroups, "ingress", A.securityGroups, a.addresses, prefixList, `${B.id} security group ingress`));
    if (!sameSubnet) {
      checks.push(naclCheck(model, b.subnet!.nacl, false, a.addresses, "source", false, `${short(b.subnet!.id)} network ACL inbound`));
      checks.push(naclCheck(model, b.subnet!.nacl, true, a.addresses, "source", true, `${short(b.subnet!.id)} network ACL outbound replies`));
    }
  }

  if (A.kind === "internal" && B.kind === "internal") {
    if (a.subnet!.vpc !== b.subnet!.vpc) {
      blocked.push(`${short(a.subnet!.id)} and ${short(b.subnet!.id)} are in different VPCs`);
      return [];
    }
    return [{ via: "local route", source: a.addresses, destination: b.addresses, checks }];
  }

  if (A.kind === "internal") {
    // Outbound: the source subnet's routes decide where each destination address goes.
    const out: Path[] = [];
    for (const part of routeParts(model, a.subnet!, b.addresses)) {
      const route = fixedCheck(`${short(a.subnet!.id)} route table`, "destination", part.addresses, [part.by]);
      const t = part.target;
      if (B.id === "datacenter") {
        if (t.kind === "vgw") out.push({ via: `virtual private gateway ${short(t.id)}`, source: a.addresses, destination: part.addresses, checks: [...checks, route] });
        else blocked.push(`${short(a.subnet!.id)} routes ${cidrList(part.addresses)} to ${t.kind === "local" ? "local" : short(t.id)}, not to a virtual private gateway (${part.by})`);
      } else if (t.kind === "igw") {
        if (A.publicIp) out.push({ via: `internet gateway ${short(t.id)}`, source: a.addresses, destination: part.addresses, checks: [...checks, route] });
        else blocked.push(`${short(a.subnet!.id)} routes to the internet gateway, but ${A.id} has no public IP`);
      } else if (t.kind === "nat") {
        const nat = natPath(model, a, part.addresses, t.id, prefixList, blocked);
        if (nat) out.push({ via: `NAT ${short(t.id)}`, source: a.addresses, destination: part.addresses, checks: [...checks, route, ...nat] });
      } else {
        blocked.push(`${short(a.subnet!.id)} routes ${cidrList(part.addresses)} to ${t.kind === "local" ? "local" : short(t.id)}, which leads to no internet (${part.by})`);
      }
    }
    return out;
  }

  // Inbound from the internet or the datacenter: the replies must route back the same way.
  if (A.id === "internet" && !B.publicIp) {
    blocked.push(`${B.id} has no public IP: from the internet only internet-facing load balancers and the bastion are reachable`);
    return [];
  }
  const want = A.id === "internet" ? "igw" : "vgw";
  const out: Path[] = [];
  for (const part of routeParts(model, b.subnet!, a.addresses)) {
    if (part.target.kind === want) {
      const route = fixedCheck(`${short(b.subnet!.id)} route table (replies)`, "source", part.addresses, [part.by]);
      out.push({ via: `${want === "igw" ? "internet gateway" : "virtual private gateway"} ${short((part.target as { id: string }).id)}`, source: part.addresses, destination: b.addresses, checks: [...checks, route] });
    } else {
      blocked.push(`${short(b.subnet!.id)} routes replies to ${cidrList(part.addresses)} via ${part.target.kind === "local" ? "local" : short((part.target as { id: string }).id)}, not via the ${want === "igw" ? "internet gateway" : "virtual private gateway"} (${part.by})`);
    }
  }
  return out;
}

/** The layers of the NAT hop: its subnet's NACL both ways, its security groups, its route to the internet gateway. */
function natPath(model: NetworkModel, a: Location, destination: IntervalSet, natId: string, prefixList: string | undefined, blocked: string[]): Check[] | undefined {
  const nat = model.nats[natId];
  const subnet = nat?.subnet ? model.subnets[nat.subnet] : undefined;
  if (!nat || !subnet) {
    blocked.push(`NAT ${short(natId)} is not in a known subnet`);
    return undefined;
  }
  if (!nat.publicIp) {
    blocked.push(`NAT ${short(natId)} has no public IP (private NAT gateway, or interface without an Elastic IP)`);
    return undefined;
  }
  const n = short(subnet.id);
  const checks: Check[] = [];
  const igw = routeParts(model, subnet, destination).filter((p) => p.target.kind === "igw");
  checks.push(fixedCheck(`${n} route table (NAT to the internet gateway)`, "destination", union(...igw.map((p) => p.addresses)), igw.map((p) => p.by)));
  if (subnet.id !== a.subnet!.id) {
    checks.push(naclCheck(model, subnet.nacl, false, a.addresses, "source", false, `${n} network ACL inbound (to the NAT)`));
    checks.push(naclCheck(model, subnet.nacl, true, a.addresses, "source", true, `${n} network ACL outbound replies (from the NAT)`));
  }
  checks.push(naclCheck(model, subnet.nacl, true, destination, "destination", false, `${n} network ACL outbound (NAT to the internet)`));
  checks.push(naclCheck(model, subnet.nacl, false, destination, "destination", true, `${n} network ACL inbound replies (internet to the NAT)`));
  if (nat.kind === "instance") {
    checks.push(sgCheck(model, nat.securityGroups, "ingress", a.party.securityGroups, a.addresses, undefined, `NAT instance security group ingress`));
    checks.push(sgCheck(model, nat.securityGroups, "egress", [], destination, prefixList, `NAT instance security group egress`));
  }
  return checks;
}

// ---------------------------------------------------------------- evaluation

interface Outcome {
  /** Addresses open for every address of the other side and every reply port. */
  readonly fullSource: IntervalSet;
  readonly fullDestination: IntervalSet;
  /** Addresses open for some addresses of the other side and some reply port. */
  readonly someSource: IntervalSet;
  readonly someDestination: IntervalSet;
}

function evaluate(path: Path, port: number, replyPorts: readonly Range[]): Outcome {
  let source = path.source;
  let destination = path.destination;
  const none: Outcome = { fullSource: EMPTY, fullDestination: EMPTY, someSource: EMPTY, someDestination: EMPTY };
  for (const c of path.checks) {
    if (c.reply) continue;
    const v = c.verdict(port).allowed;
    if (c.side === "source") source = intersect(source, v);
    else destination = intersect(destination, v);
    if (isEmpty(source) || isEmpty(destination)) return none;
  }
  const replies = path.checks.filter((c) => c.reply);
  if (replies.length === 0) return { fullSource: source, fullDestination: destination, someSource: source, someDestination: destination };
  let fullSource = source;
  let fullDestination = destination;
  let someSource: IntervalSet = EMPTY;
  let someDestination: IntervalSet = EMPTY;
  for (const [e] of replyPorts) {
    let s = source;
    let d = destination;
    for (const c of replies) {
      const v = c.verdict(e).allowed;
      if (c.side === "source") s = intersect(s, v);
      else d = intersect(d, v);
    }
    fullSource = intersect(fullSource, s);
    fullDestination = intersect(fullDestination, d);
    if (!isEmpty(s) && !isEmpty(d)) {
      someSource = union(someSource, s);
      someDestination = union(someDestination, d);
    }
  }
  return { fullSource, fullDestination, someSource, someDestination };
}

/** Port atoms: every rule and entry boundary cuts the port range, so one port per atom decides it. */
function portCuts(model: NetworkModel): number[] {
  const cuts: number[] = [];
  for (const g of Object.values(model.securityGroups)) for (const r of g.rules) cuts.push(r.fromPort, r.toPort + 1);
  for (const n of Object.values(model.nacls)) for (const e of n.entries) cuts.push(e.fromPort, e.toPort + 1);
  return cuts;
}

/** Reply ports of the ephemeral range, cut like the ports. */
export const EPHEMERAL: Range = [1024, 65535];

/** The paths of one (from, to) pair, computed once and evaluated per port. */
interface PairPaths {
  /** Both parties internal: one entry per location pair. */
  readonly internal: boolean;
  readonly entries: readonly { readonly source: Location; readonly destination: Location; readonly paths: readonly Path[] }[];
}

function pairPaths(model: NetworkModel, from: Party, to: Party, prefixList?: string): PairPaths {
  const entries: PairPaths["entries"][number][] = [];
  for (const a of locations(model, from)) for (const b of locations(model, to)) entries.push({ source: a, destination: b, paths: paths(model, a, b, prefixList, []) });
  return { internal: from.kind === "internal" && to.kind === "internal", entries };
}

/** The result of one (from, to) pair for one port atom. */
interface PortResult {
  /** Internal peer: open everywhere / somewhere. External peer: addresses open everywhere / somewhere. */
  readonly all: boolean | IntervalSet;
  readonly some: boolean | IntervalSet;
}

function pairAtPort(pair: PairPaths, outbound: boolean, port: number, replyPorts: readonly Range[]): PortResult {
  if (pair.internal) {
    let all = pair.entries.length > 0;
    let some = false;
    for (const { source, destination, paths: ps } of pair.entries) {
      const [p] = ps;
      if (!p) {
        all = false;
        continue;
      }
      const o = evaluate(p, port, replyPorts);
      if (!(equals(o.fullSource, source.addresses) && equals(o.fullDestination, destination.addresses))) all = false;
      if (!isEmpty(o.someSource)) some = true;
    }
    return { all, some };
  }
  // One side is external (one location): collect its addresses, open for every location of the internal side.
  let all: IntervalSet | undefined;
  let some: IntervalSet = EMPTY;
  for (const { source, destination, paths: ps } of pair.entries) {
    const loc = outbound ? source : destination;
    let locAll: IntervalSet = EMPTY;
    for (const p of ps) {
      const o = evaluate(p, port, replyPorts);
      if (outbound) {
        if (equals(o.fullSource, loc.addresses)) locAll = union(locAll, o.fullDestination);
        some = union(some, o.someDestination);
      } else {
        if (equals(o.fullDestination, loc.addresses)) locAll = union(locAll, o.fullSource);
        some = union(some, o.someSource);
      }
    }
    all = all === undefined ? locAll : intersect(all, locAll);
  }
  return { all: all ?? EMPTY, some };
}

/** Prefix lists named by TCP rules on `port` that could match the internet side of `from → to`. */
function prefixListsOf(model: NetworkModel, from: Party, to: Party, port: number): string[] {
  if (from.id !== "internet" && to.id !== "internet") return [];
  const groups = from.id === "internet" ? to.securityGroups : [...from.securityGroups, ...Object.values(model.nats).flatMap((n) => n.securityGroups)];
  const lists = new Set<string>();
  for (const g of groups) {
    for (const r of model.securityGroups[g]?.rules ?? []) {
      if ("prefixList" in r.peer && isTcp(r.protocol) && r.fromPort <= port && port <= r.toPort) lists.add(r.peer.prefixList);
    }
  }
  return [...lists].sort();
}

/** Compute the matrix. */
export function computeMatrix(model: NetworkModel): Matrix {
  const portAtoms = atoms(0, 65535, portCuts(model));
  const replyPorts = atoms(EPHEMERAL[0], EPHEMERAL[1], portCuts(model));
  const cells: Cell[] = [];
  for (const from of model.parties) {
    for (const to of model.parties) {
      if (from.kind === "external" && to.kind === "external") continue;
      const external = from.kind === "external" ? from : to.kind === "external" ? to : undefined;
      const slices = new Map<string, { peer?: string[]; coverage: "all" | "some"; ports: Range[] }>();
      const add = (coverage: "all" | "some", peer: string[] | undefined, range: Range) => {
        const key = `${coverage}|${peer?.join(",") ?? "*"}`;
        const s = slices.get(key) ?? { ...(peer ? { peer } : {}), coverage, ports: [] };
        s.ports.push(range);
        slices.set(key, s);
      };
      const pair = pairPaths(model, from, to);
      const outbound = from.kind === "internal";
      const variants = new Map<string, PairPaths>();
      for (const range of portAtoms) {
        const r = pairAtPort(pair, outbound, range[0], replyPorts);
        if (!external) {
          if (r.all === true) add("all", undefined, range);
          else if (r.some === true) add("some", undefined, range);
          continue;
        }
        const all = r.all as IntervalSet;
        const some = subtract(r.some as IntervalSet, all);
        const whole = external.addresses;
        if (!isEmpty(all)) add("all", covers(all, whole) ? undefined : toCidrs(all), range);
        if (!isEmpty(some)) add("some", covers(some, whole) ? undefined : toCidrs(some), range);
        // A prefix list only adds something where the port is not already open to the whole party.
        if (covers(all, whole)) continue;
        for (const pl of prefixListsOf(model, from, to, range[0])) {
          if (!variants.has(pl)) variants.set(pl, pairPaths(model, from, to, pl));
          const v = pairAtPort(variants.get(pl)!, outbound, range[0], replyPorts);
          if (covers(v.all as IntervalSet, whole)) add("all", [pl], range);
          else if (!isEmpty(v.some as IntervalSet)) add("some", [pl], range);
        }
      }
      const grants: Grant[] = [...slices.values()]
        .map((s) => ({ ports: union(s.ports), ...(s.peer ? { peer: s.peer } : {}), coverage: s.coverage }))
        .sort((x, y) => (x.coverage === y.coverage ? 0 : x.coverage === "all" ? -1 : 1) || x.ports[0][0] - y.ports[0][0] || (x.peer ?? []).join().localeCompare((y.peer ?? []).join()));
      cells.push({ from: from.id, to: to.id, grants });
    }
  }
  return { parties: model.parties.map((p) => p.id), cells, notes: [...SIMPLIFICATIONS, ...model.notes] };
}

// ---------------------------------------------------------------- queries

/** The grants of `from → to` (empty when the cell is absent or closed). */
export function grantsOf(matrix: Matrix, from: PartyId, to: PartyId): readonly Grant[] {
  return matrix.cells.find((c) => c.from === from && c.to === to)?.grants ?? [];
}

/** Ports open `from → to`: every grant (`some` included), or only `all` grants. */
export function openPorts(matrix: Matrix, from: PartyId, to: PartyId, coverage: "any" | "all" = "any"): IntervalSet {
  return union(...grantsOf(matrix, from, to).filter((g) => coverage === "any" || g.coverage === "all").map((g) => g.ports));
}

/** Parties that can open `port` on `to`, from some placement at least. */
export function sourcesOf(matrix: Matrix, to: PartyId, port: number): PartyId[] {
  return matrix.parties.filter((from) => grantsOf(matrix, from, to).some((g) => g.ports.some(([x, y]) => x <= port && port <= y)));
}

/** Parties `from` can open `port` on, from some placement at least. */
export function targetsOf(matrix: Matrix, from: PartyId, port: number): PartyId[] {
  return matrix.parties.filter((to) => grantsOf(matrix, from, to).some((g) => g.ports.some(([x, y]) => x <= port && port <= y)));
}

// ---------------------------------------------------------------- explanation

/** Why `from → to` on `port` is open or closed, layer by layer, for every placement. */
export interface Explanation {
  readonly from: PartyId;
  readonly to: PartyId;
  readonly port: number;
  readonly placements: readonly {
    readonly source: string;
    readonly destination: string;
    readonly blocked: readonly string[];
    readonly paths: readonly {
      readonly via: string;
      readonly open: "all" | "some" | "none";
      /** When open for some addresses only: which (of the external party, else of the destination). */
      readonly openAddresses?: readonly string[];
      readonly layers: readonly {
        readonly what: string;
        readonly reply: boolean;
        readonly result: "all" | "some" | "none";
        /** When `some`: the addresses this layer lets through. */
        readonly allowed?: readonly string[];
        readonly by: readonly string[];
      }[];
    }[];
  }[];
}

/** Explain one connection (for `npm run reach -- <env> --explain <from> <to> <port>`). */
export function explain(model: NetworkModel, from: PartyId, to: PartyId, port: number): Explanation {
  const A = model.parties.find((p) => p.id === from);
  const B = model.parties.find((p) => p.id === to);
  if (!A || !B) throw new Error(`unknown party ${!A ? from : to}; present: ${model.parties.map((p) => p.id).join(", ")}`);
  const replyPorts = atoms(EPHEMERAL[0], EPHEMERAL[1], portCuts(model));
  const placements: Explanation["placements"][number][] = [];
  const name = (l: Location) => (l.subnet ? `${short(l.subnet.id)} (${l.subnet.cidr})` : l.party.id);
  for (const a of locations(model, A)) {
    for (const b of locations(model, B)) {
      const blocked: string[] = [];
      if (A.kind === "external" && B.kind === "external") blocked.push("both parties are outside the VPC");
      const ps = A.kind === "external" && B.kind === "external" ? [] : paths(model, a, b, undefined, blocked);
      placements.push({
        source: name(a),
        destination: name(b),
        blocked,
        paths: ps.map((p) => {
          const o = evaluate(p, port, replyPorts);
          const open =
            equals(o.fullSource, p.source) && equals(o.fullDestination, p.destination) ? "all" : !isEmpty(o.someSource) ? "some" : "none";
          const openSide = A.kind === "external" ? o.someSource : o.someDestination;
          return {
            via: p.via,
            open,
            ...(open === "some" ? { openAddresses: toCidrs(openSide) } : {}),
            layers: p.checks.map((c) => {
              const whole = c.side === "source" ? p.source : p.destination;
              const ports = c.reply ? replyPorts.map(([e]) => e) : [port];
              const verdicts = ports.map((e) => c.verdict(e));
              const allowed = verdicts.map((v) => intersect(v.allowed, whole));
              const result = allowed.every((s) => covers(s, whole)) ? "all" : allowed.some((s) => !isEmpty(s)) ? "some" : "none";
              return {
                what: c.what,
                reply: c.reply,
                result,
                ...(result === "some" ? { allowed: toCidrs(union(...allowed)) } : {}),
                by: [...new Set(verdicts.flatMap((v) => v.by))],
              };
            }),
          };
        }),
      });
    }
  }
  return { from, to, port, placements };
}
