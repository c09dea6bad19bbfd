/**
 * The reachability matrix for people (a table with footnotes) and for tools
 * (JSON). Both are deterministic: the same synthesized JSON gives the same
 * bytes, so generated documents can be checked for staleness.
 */
import { portsText, toCidrs } from "./intervals";
import { Explanation, Grant, grantsOf, Matrix } from "./matrix";
import { NetworkModel, PARTY_IDS, PARTY_LABELS, PartyId } from "./model";

/**
 * Column headings: the party ids themselves, so what the table shows is what
 * `--explain <from> <to> <port>` accepts.
 */
const HEADINGS: Readonly<Record<PartyId, string>> = Object.fromEntries(PARTY_IDS.map((p) => [p, p])) as Record<PartyId, string>;

/**
 * The party a user means: its id (`internal_alb`), its label (`internal ALB`),
 * or the short headings older versions printed (`ALB`, `int-ALB`), in any case.
 * Undefined when it names no party.
 */
export function parseParty(text: string): PartyId | undefined {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, "_");
  const aliases: Record<string, PartyId> = { public_alb: "alb", int_alb: "internal_alb", database: "db", rds: "db" };
  if ((PARTY_IDS as readonly string[]).includes(key)) return key as PartyId;
  const fromLabel = PARTY_IDS.find((p) => PARTY_LABELS[p].toLowerCase().replace(/[\s-]+/g, "_") === key);
  return fromLabel ?? aliases[key];
}

const isExternal = (p: PartyId) => p === "internet" || p === "datacenter";

function footnote(from: PartyId, to: PartyId, g: Grant): string {
  const where = g.peer ? ` ${isExternal(from) ? "only from" : "only to"} ${g.peer.join(", ")}` : "";
  const some = g.coverage === "some" ? ` from some placements only (see --explain ${from} ${to} ${g.ports[0][0]})` : "";
  return `${from} → ${to} ${portsText(g.ports)}:${where}${some}`;
}

/**
 * The matrix as a table: rows are who opens the connection, columns who
 * accepts it, cells the TCP ports; `[n]` refers to a footnote (only some
 * addresses of the internet/datacenter, or only some placements).
 */
export function formatTable(envName: string, model: NetworkModel, matrix: Matrix): string {
  const parties = matrix.parties;
  const notes: string[] = [];
  const cell = (from: PartyId, to: PartyId): string => {
    if (isExternal(from) && isExternal(to)) return "n/a";
    const grants = grantsOf(matrix, from, to);
    if (grants.length === 0) return ".";
    return grants
      .map((g) => {
        if (!g.peer && g.coverage === "all") return portsText(g.ports);
        notes.push(footnote(from, to, g));
        return `${portsText(g.ports)}[${notes.length}]`;
      })
      .join(" ");
  };
  const rows = parties.map((from) => [HEADINGS[from], ...parties.map((to) => cell(from, to))]);
  const header = ["from \\ to", ...parties.map((p) => HEADINGS[p])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();

  const out: string[] = [];
  out.push(`${envName}: who can open a TCP connection to whom (rows: from, columns: to; "." closed)`);
  out.push("");
  out.push(line(header));
  out.push(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) out.push(line(r));
  if (notes.length > 0) {
    out.push("");
    notes.forEach((n, i) => out.push(`[${i + 1}] ${n}`));
  }
  const absent = PARTY_IDS.filter((p) => !parties.includes(p));
  out.push("");
  out.push("Parties");
  for (const p of model.parties) {
    const where =
      p.kind === "external"
        ? p.id === "datacenter"
          ? toCidrs(p.addresses).join(", ")
          : "every address outside the VPC and the datacenter"
        : `${p.subnets.map((s) => model.subnets[s]?.cidr ?? s).join(", ") || "(no subnet)"}${p.publicIp ? ", public IP" : ""} — ${p.placement === "synthesized" ? p.evidence.map(shortId).join(", ") : "tier convention"}`;
    out.push(`  ${HEADINGS[p.id].padEnd(12)} ${p.label}: ${where}`);
  }
  if (absent.length > 0) out.push(`  absent: ${absent.map((p) => HEADINGS[p]).join(", ")}`);
  out.push("");
  out.push("Notes");
  for (const n of matrix.notes) out.push(`  - ${n}`);
  return out.join("\n");
}

const shortId = (id: string) => id.slice(id.indexOf("/") + 1);

/** At most a few CIDRs, then a count. */
const list = (cidrs: readonly string[]) => (cidrs.length <= 4 ? cidrs.join(", ") : `${cidrs.slice(0, 4).join(", ")} and ${cidrs.length - 4} more`);

/** One grant in JSON. */
export interface GrantJson {
  /** `80,443`, `1024-65535`, `all`. */
  readonly ports: string;
  /** Inclusive port ranges. */
  readonly ranges: readonly (readonly [number, number])[];
  /** External party addresses concerned; absent: all of them. */
  readonly peer?: readonly string[];
  readonly coverage: "all" | "some";
}

/** The JSON document `npm run reach` writes. */
export interface MatrixJson {
  readonly environment: string;
  readonly protocol: "tcp";
  readonly stacks: readonly string[];
  readonly parties: readonly {
    readonly id: PartyId;
    readonly label: string;
    readonly kind: "internal" | "external";
    readonly securityGroups: readonly string[];
    readonly subnets: readonly { readonly id: string; readonly cidr: string; readonly tier?: string; readonly az?: string }[];
    readonly addresses: readonly string[];
    readonly publicIp: boolean;
    readonly placement: string;
    readonly evidence: readonly string[];
  }[];
  /** from → to → grants; closed pairs are absent. */
  readonly matrix: Readonly<Partial<Record<PartyId, Readonly<Partial<Record<PartyId, readonly GrantJson[]>>>>>>;
  readonly notes: readonly string[];
}

/** The matrix as JSON (stable key order). */
export function toJson(envName: string, model: NetworkModel, matrix: Matrix): MatrixJson {
  const m: Partial<Record<PartyId, Partial<Record<PartyId, GrantJson[]>>>> = {};
  for (const c of matrix.cells) {
    if (c.grants.length === 0) continue;
    (m[c.from] ??= {})[c.to] = c.grants.map((g) => ({
      ports: portsText(g.ports),
      ranges: g.ports.map(([a, b]) => [a, b] as const),
      ...(g.peer ? { peer: g.peer } : {}),
      coverage: g.coverage,
    }));
  }
  return {
    environment: envName,
    protocol: "tcp",
    stacks: model.stacks,
    parties: model.parties.map((p) => ({
      id: p.id,
      label: p.label,
      kind: p.kind,
      securityGroups: p.securityGroups,
      subnets: p.subnets.map((s) => {
        const sub = model.subnets[s];
        return { id: s, cidr: sub?.cidr ?? "", ...(sub?.tier ? { tier: sub.tier } : {}), ...(sub?.az ? { az: sub.az } : {}) };
      }),
      addresses: p.kind === "external" ? toCidrs(p.addresses) : [],
      publicIp: p.publicIp,
      placement: p.placement,
      evidence: p.evidence,
    })),
    matrix: m,
    notes: matrix.notes,
  };
}

/** An explanation as text, layer by layer. */
export function formatExplanation(e: Explanation): string {
  const out = [`${e.from} → ${e.to} tcp/${e.port}`];
  for (const p of e.placements) {
    out.push(`  ${p.source} → ${p.destination}`);
    if (p.paths.length === 0) out.push(`    closed: ${p.blocked.join("; ") || "no path"}`);
    for (const path of p.paths) {
      const open = path.open === "all" ? "OPEN" : path.open === "some" ? `OPEN for ${list(path.openAddresses ?? [])} only` : "closed";
      out.push(`    via ${path.via}: ${open}`);
      for (const l of path.layers) {
        const mark = l.result === "all" ? "ok  " : l.result === "some" ? "part" : "NO  ";
        const part = l.allowed ? ` [lets through ${list(l.allowed)}]` : "";
        out.push(`      ${mark} ${l.what}${l.reply ? " (1024-65535)" : ""}${part}: ${l.by.map(shortId).join(", ") || "no rule matches"}`);
      }
    }
    for (const b of p.paths.length > 0 ? p.blocked : []) out.push(`    (other addresses) ${b}`);
  }
  return out.join("\n");
}
