/**
 * The monthly estimate of an environment from its synthesized stacks: every
 * resource is priced by its type's pricer (src/tools/cost/pricers.ts) or is on the
 * explicit free list; any other type, any size or region missing from the
 * price tables, any bad usage figure is refused with what and where.
 */
import { Usage, usageSchema } from "../../config/usage/schema";
import { CostError } from "./errors";
import { isDrStack, regionOf } from "./index-of-stacks";
import { CostEstimate, CostLine, HOURS_PER_MONTH, StackCost, total, UsedPrice } from "./model";
import { TerraformJson } from "../../synthesized/terraform-json";
import { TerraformIndex } from "../../synthesized/terraform-index";
import { FREE_TYPES, PRICERS } from "./pricers";
import { Price } from "./prices";

/**
 * Parse a `usage` section (as a user writes it) with its defaults.
 * @throws CostError naming the first bad field (`usage.natProcessedGb`), the value and what is allowed; the reason lists every problem
 */
export function resolveUsage(raw: unknown = {}): Usage {
  const parsed = usageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const value = (path: readonly PropertyKey[]) => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
  const problems = parsed.error.issues.map((i) => {
    const keys = i.code === "unrecognized_keys" ? i.keys : [undefined];
    return keys.map((k) => {
      const path = [...i.path, ...(k === undefined ? [] : [k])];
      return { path: ["usage", ...path].join("."), value: value(path), message: k === undefined ? (i.code === "invalid_type" ? `expected ${i.expected}` : i.message) : "unknown field; see src/config/usage/schema.ts" };
    });
  }).flat();
  throw new CostError(problems[0].path, problems[0].value, problems.map((p) => `${p.path} (given: ${JSON.stringify(p.value)}): ${p.message}`).join("; "));
}

/** Whether a resource type is priced (billable) or known to be free. */
export function classifyType(type: string): "billable" | "free" | "unknown" {
  return type in PRICERS ? "billable" : type in FREE_TYPES ? "free" : "unknown";
}

/**
 * Price every resource of `stacks` (one environment's stacks, by name).
 * @throws CostError on an unknown resource type, a region or size missing from the price tables
 */
export function estimateStacks(environment: string, stacks: Readonly<Record<string, TerraformJson>>, usage: Usage): CostEstimate {
  const index = new TerraformIndex(stacks);
  const used = new Map<string, UsedPrice>();
  const record = (region: string, key: string, p: Price) => used.set(`${region} ${key}`, { region, key, usd: p.usd, unit: p.unit, source: p.source, asOf: p.asOf, readOnline: p.readOnline });
  const lines: CostLine[] = [];
  for (const r of index.resources()) {
    const address = `${r.type}.${r.name}`;
    const kind = classifyType(r.type);
    if (kind === "free") continue;
    if (kind === "unknown") {
      throw new CostError(`${r.stack} ${address}`, r.type, "resource type neither priced nor known to be free: add a pricer to PRICERS or the type to FREE_TYPES, with its reason (src/tools/cost/pricers.ts)");
    }
    const region = regionOf(index, r);
    const trafficShare = isDrStack(r.stack) ? usage.drTrafficPercent / 100 : 1;
    lines.push(...PRICERS[r.type]({ ...r, address, region, usage, trafficShare, index, used: record }));
  }
  const stackCosts: StackCost[] = Object.keys(stacks)
    .sort()
    .map((stack) => summarize(stack, lines.filter((l) => l.stack === stack)));
  return {
    environment,
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    monthlyUsd: total(lines),
    fixedUsd: total(lines.filter((l) => l.basis === "fixed")),
    assumedUsd: total(lines.filter((l) => l.basis === "assumed")),
    stacks: stackCosts,
    usage,
    prices: [...used.values()].sort((a, b) => `${a.region} ${a.key}`.localeCompare(`${b.region} ${b.key}`)),
  };
}

function summarize(stack: string, lines: readonly CostLine[]): StackCost {
  return {
    stack,
    monthlyUsd: total(lines),
    fixedUsd: total(lines.filter((l) => l.basis === "fixed")),
    assumedUsd: total(lines.filter((l) => l.basis === "assumed")),
    lines,
  };
}
