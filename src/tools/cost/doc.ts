/**
 * The "Monthly cost" section of an environment's generated page
 * (`docs/<env>.md`): totals per stack, the largest resources, the usage
 * figures taken, the computed comparisons and the price sources.
 */
import { EnvironmentDefinition } from "../../config/definition";
import { validateDefinition } from "../../config/validate";
import { code, md, table } from "../docs/markdown";
import { DEFINITIONS } from "../../environments";
import { Comparison, drComparison, mediaCopies, natComparison, rememberEstimate } from "./compare";
import { estimateStacks, resolveUsage } from "./estimate";
import { byResource, usd } from "./format";
import { CostEstimate } from "./model";
import { TerraformJson } from "../../synthesized/terraform-json";

const money = (v: number) => `USD ${usd(v)}`;

/** What each option gives up or buys, beside its price (the numbers are computed; these are the trade-offs). */
const TRADE_OFFS: Readonly<Record<string, string>> = {
  instance: "an instance per AZ that the operator patches; replaced by its group in minutes; bandwidth of its instance type",
  "single-gateway": "one AZ's failure cuts every AZ's egress; other AZs' traffic crosses AZs to it (cross-AZ transfer, not priced here)",
  "gateway-per-az": "managed, scales to 100 Gbps, an AZ's failure only affects that AZ",
  "warm-standby": "every tier running small in the DR region, proven by health checks: RTO minutes",
  "pilot-light": "data live, no running instance: RTO tens of minutes (the database and the groups start after the failover)",
};

function comparisonMarkdown(c: Comparison): string {
  const current = c.alternatives.find((a) => a.current)!;
  return [
    `**${md(c.title[0].toUpperCase() + c.title.slice(1))}** (${code(c.field)}; ${md(c.scope)}, per month):`,
    "",
    table(
      [code(c.field), md(c.scope), "of which assumed", "environment", "against the current", "trade-off"],
      c.alternatives.map((a) => [
        `${code(a.value)}${a.current ? " (current)" : ""}`,
        money(a.scopeUsd),
        money(a.assumedUsd),
        money(a.environmentUsd),
        a.current ? "—" : `${a.environmentUsd >= current.environmentUsd ? "+" : "−"}${money(Math.abs(a.environmentUsd - current.environmentUsd))}`,
        md(TRADE_OFFS[a.value] ?? ""),
      ]),
    ),
    "",
  ].join("\n");
}

/** The section for estimate `e`, with the comparisons of `definition`. */
export function costSection(e: CostEstimate, definition: EnvironmentDefinition | undefined): string {
  const out: string[] = [
    `Estimated **${money(e.monthlyUsd)} per month** on demand (${e.hoursPerMonth} h/month): ${money(e.fixedUsd)} fixed — read from the synthesized`,
    `resources (instance types, node counts, desired capacity, Multi-AZ, storage) — and ${money(e.assumedUsd)} assumed from the ${code("usage")} figures below.`,
    `Every line: \`npm run cost -- ${e.environment}\` (JSON in ${code(`cdktf.out/cost/${e.environment}.json`)}); computed by ${code("src/tools/cost/")}.`,
    "",
    table(
      ["stack", "fixed", "assumed", "total"],
      [...e.stacks.map((s) => [code(s.stack), money(s.fixedUsd), money(s.assumedUsd), money(s.monthlyUsd)]), ["**total**", money(e.fixedUsd), money(e.assumedUsd), `**${money(e.monthlyUsd)}**`]],
    ),
    "",
    "Largest resources:",
    "",
    table(
      ["stack", "resource", "per month", "lines"],
      e.stacks
        .flatMap((s) => byResource(s.lines).map((r) => ({ stack: s.stack, ...r })))
        .sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.address.localeCompare(b.address))
        .slice(0, 12)
        .map((r) => [code(r.stack.slice(e.environment.length + 1)), code(r.address), money(r.monthlyUsd), r.lines.map((l) => `${md(l.item)} (${l.basis})`).join("<br>")]),
    ),
    "",
    `Usage figures (${code("usage")} in the definition, defaults in ${code("src/config/usage/schema.ts")}):`,
    "",
    table(
      ["field", "value"],
      Object.entries(e.usage).map(([k, v]) => [code(`usage.${k}`), md(String(v))]),
    ),
    "",
  ];
  if (definition) {
    const comparisons = [natComparison(definition), drComparison(definition)].filter((c): c is Comparison => c !== undefined);
    out.push("### Cost comparisons", "", "Computed by synthesizing this environment again with one field changed and pricing both.", "");
    for (const c of comparisons) out.push(comparisonMarkdown(c));
  }
  const copies = mediaCopies(e);
  if (copies.length > 0) {
    out.push(
      "### The media copies",
      "",
      `${md(String(e.usage.mediaStoredGb))} GB of media (${code("usage.mediaStoredGb")}), ${md(String(e.usage.mediaNewGbPerMonth))} GB new per month:`,
      "",
      table(
        ["copy", "per month", "lines"],
        [...copies.map((c) => [md(c.label), money(c.monthlyUsd), c.lines.map((l) => `${md(l.item)} ${money(l.monthlyUsd)}`).join("<br>")]), ["**all copies**", `**${money(copies.reduce((s, c) => s + c.monthlyUsd, 0))}**`, ""]],
      ),
      "",
    );
  }
  const pages = [...new Set(e.prices.map((p) => p.source))].sort();
  const dates = [...new Set(e.prices.map((p) => `${p.asOf}${p.readOnline ? "" : " (recalled, not read online)"}`))].sort();
  out.push(`Prices: ${e.prices.length} on-demand prices of ${[...new Set(e.prices.map((p) => p.region))].sort().map(code).join(", ")} from ${pages.map((p) => `<${p}>`).join(", ")}; as of ${dates.join(", ")}. Refresh ${code("src/tools/cost/prices/")} before relying on them.`, "");
  return out.join("\n");
}

/**
 * The section for environment `name` from its synthesized stacks; its usage
 * and comparisons come from its registered definition (src/environments).
 */
export function costMarkdown(name: string, stacks: Readonly<Record<string, unknown>>): string {
  const definition = DEFINITIONS.find((d) => d.name === name);
  const usage = definition ? validateDefinition(definition).usage : resolveUsage({});
  const estimate = estimateStacks(name, stacks as Record<string, TerraformJson>, usage);
  if (definition) rememberEstimate(definition, estimate);
  return costSection(estimate, definition);
}
