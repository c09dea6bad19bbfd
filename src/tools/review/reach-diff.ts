/**
 * The reachability difference between two syntheses: which connections a
 * change opens or closes, between which parties, on which TCP ports — from
 * the same model and matrix as `npm run reach` (src/tools/reach/), computed on both
 * sides. `internet → database tcp/3306 OPENED`.
 */
import { IntervalSet, isEmpty, portsText, subtract, union } from "../reach/intervals";
import { computeMatrix, Matrix } from "../reach/matrix";
import { extractModel, PARTY_LABELS, PartyId } from "../reach/model";
import { TerraformJson } from "../../synthesized/terraform-json";

/** One connection opened or closed. */
export interface ReachChange {
  readonly from: PartyId;
  readonly to: PartyId;
  /** For the internet or the datacenter: the addresses concerned; absent: all of them. */
  readonly peer?: readonly string[];
  /** TCP ports, as `npm run reach` writes them (`3306`, `80,443`, `1024-65535`). */
  readonly ports: string;
  readonly change: "OPENED" | "CLOSED";
  /** Open from only some placements (subnets, addresses) of the parties. */
  readonly partial: boolean;
}

/** The reachability difference, and whether the model could be built on each side. */
export interface ReachDiff {
  readonly changes: readonly ReachChange[];
  /** Why a side could not be modelled (then there is no difference to report). */
  readonly problems: readonly string[];
}

/** Ports per (from, to, peer) of a matrix: any coverage, and `all` coverage. */
function portsByKey(matrix: Matrix): Map<string, { from: PartyId; to: PartyId; peer?: readonly string[]; any: IntervalSet; all: IntervalSet }> {
  const out = new Map<string, { from: PartyId; to: PartyId; peer?: readonly string[]; any: IntervalSet; all: IntervalSet }>();
  for (const cell of matrix.cells) {
    for (const g of cell.grants) {
      const key = `${cell.from}|${cell.to}|${g.peer?.join(",") ?? "*"}`;
      const e = out.get(key) ?? { from: cell.from, to: cell.to, ...(g.peer ? { peer: g.peer } : {}), any: [], all: [] };
      out.set(key, { ...e, any: union(e.any, g.ports), all: g.coverage === "all" ? union(e.all, g.ports) : e.all });
    }
  }
  return out;
}

/** The matrix of a set of stacks, or a problem text. */
function matrixOf(stacks: Readonly<Record<string, TerraformJson>>): Matrix | string {
  try {
    return computeMatrix(extractModel(stacks));
  } catch (e) {
    return ((e as Error).message ?? String(e)).split("\n")[0]!;
  }
}

/** Connections opened and closed from `base` to `head` (both: stacks by name). Sorted by party order. */
export function reachDiff(base: Readonly<Record<string, TerraformJson>>, head: Readonly<Record<string, TerraformJson>>): ReachDiff {
  const b = Object.keys(base).length > 0 ? matrixOf(base) : undefined;
  const h = matrixOf(head);
  const problems: string[] = [];
  if (typeof b === "string") problems.push(`base: ${b}`);
  if (typeof h === "string") problems.push(`head: ${h}`);
  if (typeof h === "string" || typeof b === "string") return { changes: [], problems };
  const before = b ? portsByKey(b) : new Map<string, ReturnType<typeof portsByKey> extends Map<string, infer V> ? V : never>();
  const after = portsByKey(h);
  const changes: ReachChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(key);
    const y = after.get(key);
    const meta = (y ?? x)!;
    const opened = subtract(y?.any ?? [], x?.any ?? []);
    const closed = subtract(x?.any ?? [], y?.any ?? []);
    const base = { from: meta.from, to: meta.to, ...(meta.peer ? { peer: meta.peer } : {}) };
    if (!isEmpty(opened)) changes.push({ ...base, ports: portsText(opened), change: "OPENED", partial: isEmpty(subtract(opened, y?.all ?? [])) === false });
    if (!isEmpty(closed)) changes.push({ ...base, ports: portsText(closed), change: "CLOSED", partial: isEmpty(subtract(closed, x?.all ?? [])) === false });
  }
  const order = (h.parties as readonly string[]).concat(b ? b.parties : []);
  changes.sort((p, q) => order.indexOf(p.from) - order.indexOf(q.from) || order.indexOf(p.to) - order.indexOf(q.to) || p.change.localeCompare(q.change));
  return { changes, problems };
}

/** `internet → database tcp/3306 OPENED`, `datacenter (10.0.0.0/16) → web tcp/22 CLOSED`. */
export function reachChangeText(c: ReachChange): string {
  const peer = c.peer ? ` (${c.peer.length > 3 ? `${c.peer.slice(0, 3).join(", ")} and ${c.peer.length - 3} more` : c.peer.join(", ")})` : "";
  const from = c.from === "internet" || c.from === "datacenter" ? `${PARTY_LABELS[c.from]}${peer}` : PARTY_LABELS[c.from];
  const to = c.to === "internet" || c.to === "datacenter" ? `${PARTY_LABELS[c.to]}${peer}` : PARTY_LABELS[c.to];
  return `${from} → ${to} tcp/${c.ports} ${c.change}${c.partial ? " (some placements)" : ""}`;
}
