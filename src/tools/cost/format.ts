/**
 * The estimate for people (a terminal table: per stack, per resource, per
 * line) and for tools (JSON). Deterministic: the same stacks and usage give
 * the same bytes.
 */
import { CostEstimate, CostLine } from "./model";

/** `1234.5` → `1,234.50`. */
export function usd(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A quantity without noise: `730`, `0.15`, `1,234.6`. */
export function qty(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 3 : 1 });
}

/** The lines of a stack grouped per resource, resources by decreasing cost. */
export function byResource(lines: readonly CostLine[]): { address: string; monthlyUsd: number; lines: CostLine[] }[] {
  const groups = new Map<string, CostLine[]>();
  for (const l of lines) groups.set(l.address, [...(groups.get(l.address) ?? []), l]);
  return [...groups.entries()]
    .map(([address, ls]) => ({ address, monthlyUsd: ls.reduce((s, l) => s + l.monthlyUsd, 0), lines: ls }))
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.address.localeCompare(b.address));
}

/** The terminal table: every stack, its resources and their lines, fixed or assumed. */
export function formatTable(e: CostEstimate): string {
  const out: string[] = [`${e.environment}: USD ${usd(e.monthlyUsd)} per month (fixed ${usd(e.fixedUsd)}, assumed ${usd(e.assumedUsd)}; ${e.hoursPerMonth} h/month, on-demand)`, ""];
  for (const s of e.stacks) {
    out.push(`${s.stack.padEnd(60)} ${usd(s.monthlyUsd).padStart(11)}   (fixed ${usd(s.fixedUsd)}, assumed ${usd(s.assumedUsd)})`);
    for (const r of byResource(s.lines)) {
      out.push(`  ${r.address.padEnd(58)} ${usd(r.monthlyUsd).padStart(11)}`);
      for (const l of r.lines) {
        const amount = `${qty(l.quantity)} ${l.unit} × ${l.unitUsd}`;
        const why = l.basis === "assumed" ? `assumed: ${(l.assumptions ?? []).join(", ")}` : "fixed";
        out.push(`      ${l.item.slice(0, 54).padEnd(54)} ${usd(l.monthlyUsd).padStart(11)}  ${amount}  [${why}]`);
      }
    }
    out.push("");
  }
  const unread = e.prices.filter((p) => !p.readOnline).length;
  out.push(`${e.prices.length} prices used (src/tools/cost/prices/), ${unread} of them recalled as of ${[...new Set(e.prices.map((p) => p.asOf))].join(", ")} and not read online: refresh before relying on them.`);
  return out.join("\n");
}

/** The JSON written to `cdktf.out/cost/<env>.json`. */
export function toJson(e: CostEstimate): string {
  return `${JSON.stringify(e, null, 2)}\n`;
}
