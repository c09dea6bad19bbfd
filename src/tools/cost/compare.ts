/**
 * Comparisons that answer the source write-ups' cost questions, computed by
 * synthesizing the environment again with one field changed and pricing both
 * (never written by hand): NAT instances against NAT gateways, one gateway
 * against one per AZ, a warm standby against a pilot light; and what each
 * copy of the media costs, from the estimate's lines.
 */
import { EnvironmentDefinition } from "../../config/definition";
import { DrStrategy } from "../../config/dr/schema";
import { estimateEnvironment } from "./environment";
import { isDrStack } from "./index-of-stacks";
import { CostEstimate, CostLine, CostTopic, total } from "./model";

/** One option of a comparison. */
export interface Alternative {
  /** The definition value (`instance`, `pilot-light`). */
  readonly value: string;
  /** Whether it is what the definition says today. */
  readonly current: boolean;
  /** Monthly cost of the stacks the comparison looks at. */
  readonly scopeUsd: number;
  /** Of which from assumed (usage-based) lines. */
  readonly assumedUsd: number;
  /** Monthly cost of the whole environment. */
  readonly environmentUsd: number;
}

/** A computed comparison. */
export interface Comparison {
  readonly title: string;
  /** The definition field that changes (`network.nat.mode`). */
  readonly field: string;
  /** The stacks summed in `scopeUsd` (`buddyverse-network`, `the DR stacks`). */
  readonly scope: string;
  /** The current value first. */
  readonly alternatives: readonly Alternative[];
}

const cache = new Map<string, CostEstimate>();

/** Remember the estimate of `definition` (already synthesized by the caller), so comparisons do not synthesize it again. */
export function rememberEstimate(definition: EnvironmentDefinition, estimate: CostEstimate): void {
  cache.set(JSON.stringify(definition), estimate);
}

/** Estimate a definition (memoized per process: the docs render each page more than once). */
export function estimateDefinition(definition: EnvironmentDefinition): CostEstimate {
  const key = JSON.stringify(definition);
  let e = cache.get(key);
  if (!e) {
    e = estimateEnvironment(definition.name, [definition]);
    cache.set(key, e);
  }
  return e;
}

function compare(
  title: string,
  field: string,
  scope: string,
  inScope: (stack: string) => boolean,
  values: readonly { value: string; definition: EnvironmentDefinition; current: boolean }[],
): Comparison {
  return {
    title,
    field,
    scope,
    alternatives: values.map(({ value, definition, current }) => {
      const e = estimateDefinition(definition);
      const lines = e.stacks.filter((s) => inScope(s.stack)).flatMap((s) => s.lines);
      return { value, current, scopeUsd: total(lines), assumedUsd: total(lines.filter((l) => l.basis === "assumed")), environmentUsd: e.monthlyUsd };
    }),
  };
}

type NatMode = "gateway-per-az" | "single-gateway" | "instance";

/** The NAT modes a definition is compared with: NAT instances with gateways per AZ, one gateway with one per AZ and back. */
const NAT_ALTERNATIVES: Readonly<Record<NatMode, readonly NatMode[]>> = {
  instance: ["gateway-per-az"],
  "single-gateway": ["gateway-per-az"],
  "gateway-per-az": ["single-gateway"],
};

/** The environment's NAT mode against the alternatives: the primary network stack's monthly cost for each. */
export function natComparison(definition: EnvironmentDefinition): Comparison {
  const mode: NatMode = definition.network.nat?.mode ?? "gateway-per-az";
  const withMode = (m: NatMode): EnvironmentDefinition => ({ ...definition, network: { ...definition.network, nat: { ...definition.network.nat, mode: m } } });
  return compare(
    mode === "instance" ? "NAT instances against NAT gateways" : "one NAT gateway against one per AZ",
    "network.nat.mode",
    `${definition.name}-network`,
    (s) => s === `${definition.name}-network`,
    [{ value: mode, definition, current: true }, ...NAT_ALTERNATIVES[mode].map((m) => ({ value: m, definition: withMode(m), current: false }))],
  );
}

/** Warm standby against pilot light (with a `dr` section): the DR stacks' monthly cost for each. */
export function drComparison(definition: EnvironmentDefinition): Comparison | undefined {
  const dr = definition.dr;
  if (!dr || (dr.strategy !== "warm-standby" && dr.strategy !== "pilot-light")) return undefined;
  const other: DrStrategy = dr.strategy === "warm-standby" ? "pilot-light" : "warm-standby";
  return compare(
    "warm standby against pilot light",
    "dr.strategy",
    `the DR stacks (${definition.name}-dr-*)`,
    isDrStack,
    [
      { value: dr.strategy, definition, current: true },
      { value: other, definition: { ...definition, dr: { ...dr, strategy: other } }, current: false },
    ],
  );
}

/** What one copy of the media costs per month, and the lines that make it. */
export interface MediaCopy {
  readonly topic: CostTopic;
  readonly label: string;
  readonly monthlyUsd: number;
  readonly lines: readonly CostLine[];
}

const COPY_LABELS: Readonly<Record<CostTopic, string>> = {
  "media-primary": "primary bucket",
  "media-locked-copy": "Object-Locked independent copy",
  "media-backup": "AWS Backup recovery points (and their copies in the DR vault)",
  "media-dr-replica": "DR replica (storage, replication transfer, Replication Time Control)",
};

/** The media copies of an estimate (empty without media buckets). */
export function mediaCopies(e: CostEstimate): MediaCopy[] {
  const lines = e.stacks.flatMap((s) => s.lines);
  return (Object.keys(COPY_LABELS) as CostTopic[])
    .map((topic) => {
      const ls = lines.filter((l) => l.topic === topic);
      return { topic, label: COPY_LABELS[topic], monthlyUsd: total(ls), lines: ls };
    })
    .filter((c) => c.lines.length > 0);
}
