/**
 * What the cost estimate reads (the synthesized Terraform JSON of an
 * environment's stacks) and what it produces (lines per resource, totals per
 * stack and environment).
 */
import { Usage } from "../../config/usage/schema";



/** Hours in a month, as AWS's pricing pages and calculator count them. */
export const HOURS_PER_MONTH = 730;

/** Whether a line follows from the synthesized resources alone or from a `usage` figure. */
export type Basis = "fixed" | "assumed";

/** What a line's money is for, where the comparisons group lines. */
export type CostTopic = "media-primary" | "media-locked-copy" | "media-backup" | "media-dr-replica";

/** One priced item of one resource. */
export interface CostLine {
  readonly stack: string;
  /** Terraform address (`aws_nat_gateway.nat_nat-a`). */
  readonly address: string;
  /** What is priced (`t3.small × 2 instances`, `NAT-processed data`). */
  readonly item: string;
  readonly quantity: number;
  /** The unit of `quantity` (the price's unit). */
  readonly unit: string;
  /** USD per unit. */
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  readonly basis: Basis;
  /** The `usage` fields an assumed line takes (`usage.natProcessedGb`). */
  readonly assumptions?: readonly string[];
  /** The price-table key and region. */
  readonly priceKey: string;
  readonly region: string;
  /** How the quantity was derived, where it is not obvious. */
  readonly note?: string;
  readonly topic?: CostTopic;
}

/** The lines and totals of one stack. */
export interface StackCost {
  readonly stack: string;
  readonly monthlyUsd: number;
  readonly fixedUsd: number;
  readonly assumedUsd: number;
  readonly lines: readonly CostLine[];
}

/** The monthly estimate of one environment. */
export interface CostEstimate {
  readonly environment: string;
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly monthlyUsd: number;
  readonly fixedUsd: number;
  readonly assumedUsd: number;
  readonly stacks: readonly StackCost[];
  /** The usage figures the assumed lines took. */
  readonly usage: Usage;
  /** Every price used, with its source and date. */
  readonly prices: readonly UsedPrice[];
}

/** A price the estimate used. */
export interface UsedPrice {
  readonly region: string;
  readonly key: string;
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  readonly asOf: string;
  readonly readOnline: boolean;
}

/** Sum of `monthlyUsd`. */
export function total(lines: readonly { readonly monthlyUsd: number }[]): number {
  return lines.reduce((s, l) => s + l.monthlyUsd, 0);
}
