/**
 * What a change does to the monthly cost: the estimate of the base and of
 * the head stacks, per stack, with the lines that differ. The change review
 * (`npm run review`) calls {@link costDiff} with the two synthesized trees.
 */
import { UsageInput } from "../../config/usage/schema";
import { estimateStacks, resolveUsage } from "./estimate";
import { CostLine } from "./model";
import { TerraformJson } from "../../synthesized/terraform-json";

/** A line whose monthly cost differs between base and head. */
export interface LineDiff {
  readonly address: string;
  readonly item: string;
  readonly priceKey: string;
  readonly region: string;
  readonly baseUsd: number;
  readonly headUsd: number;
  readonly deltaUsd: number;
  readonly basis: CostLine["basis"];
}

/** The monthly difference of one stack. */
export interface StackDiff {
  readonly stack: string;
  readonly baseUsd: number;
  readonly headUsd: number;
  readonly deltaUsd: number;
  /** Lines that differ, largest change first. */
  readonly lines: readonly LineDiff[];
}

/** The monthly difference of a change. */
export interface CostDiff {
  readonly baseUsd: number;
  readonly headUsd: number;
  readonly deltaUsd: number;
  /** Stacks whose cost changed, largest change first. */
  readonly stacks: readonly StackDiff[];
}

/** Options of {@link costDiff}. */
export interface CostDiffOptions {
  /** Usage figures of the base (its definition's `usage`). @default - the usage section's defaults */
  readonly baseUsage?: UsageInput;
  /** Usage figures of the head. @default - baseUsage */
  readonly headUsage?: UsageInput;
}

const EPSILON = 0.005;

function keyed(lines: readonly CostLine[]): Map<string, CostLine> {
  const out = new Map<string, CostLine>();
  for (const l of lines) {
    const base = `${l.address} ${l.priceKey} ${l.region}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base} #${n}`;
    out.set(key, l);
  }
  return out;
}

/**
 * The monthly cost difference between two synthesized versions of one
 * environment (stack name → `cdk.tf.json`).
 * @throws CostError when either side has something the tables cannot price
 */
export function costDiff(baseStacksJson: Readonly<Record<string, TerraformJson>>, headStacksJson: Readonly<Record<string, TerraformJson>>, options: CostDiffOptions = {}): CostDiff {
  const baseUsage = resolveUsage(options.baseUsage ?? {});
  const headUsage = options.headUsage ? resolveUsage(options.headUsage) : baseUsage;
  const base = estimateStacks("base", baseStacksJson, baseUsage);
  const head = estimateStacks("head", headStacksJson, headUsage);
  const stacks: StackDiff[] = [];
  for (const stack of [...new Set([...base.stacks, ...head.stacks].map((s) => s.stack))].sort()) {
    const b = keyed(base.stacks.find((s) => s.stack === stack)?.lines ?? []);
    const h = keyed(head.stacks.find((s) => s.stack === stack)?.lines ?? []);
    const lines: LineDiff[] = [];
    for (const key of new Set([...b.keys(), ...h.keys()])) {
      const bl = b.get(key);
      const hl = h.get(key);
      const baseUsd = bl?.monthlyUsd ?? 0;
      const headUsd = hl?.monthlyUsd ?? 0;
      if (Math.abs(headUsd - baseUsd) < EPSILON) continue;
      const l = (hl ?? bl)!;
      lines.push({ address: l.address, item: hl && bl && hl.item !== bl.item ? `${bl.item} → ${hl.item}` : l.item, priceKey: l.priceKey, region: l.region, baseUsd, headUsd, deltaUsd: headUsd - baseUsd, basis: l.basis });
    }
    const baseUsd = base.stacks.find((s) => s.stack === stack)?.monthlyUsd ?? 0;
    const headUsd = head.stacks.find((s) => s.stack === stack)?.monthlyUsd ?? 0;
    if (lines.length === 0 && Math.abs(headUsd - baseUsd) < EPSILON) continue;
    lines.sort((x, y) => Math.abs(y.deltaUsd) - Math.abs(x.deltaUsd) || x.address.localeCompare(y.address));
    stacks.push({ stack, baseUsd, headUsd, deltaUsd: headUsd - baseUsd, lines });
  }
  stacks.sort((x, y) => Math.abs(y.deltaUsd) - Math.abs(x.deltaUsd) || x.stack.localeCompare(y.stack));
  return { baseUsd: base.monthlyUsd, headUsd: head.monthlyUsd, deltaUsd: head.monthlyUsd - base.monthlyUsd, stacks };
}
