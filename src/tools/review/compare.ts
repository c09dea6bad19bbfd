/**
 * The comparisons of `npm run review`, on two syntheses already read: the
 * resource diff per stack in dependency order (diff.ts), stateful risks, the
 * reachability difference (reach-diff.ts) and the guardrail difference
 * (guardrail-diff.ts). review.ts loads this module only after both sides are
 * being synthesized, so the base's child process never waits for it.
 */
import { byName } from "../../synthesized/load";
import { dependencyOrder, stackGraph } from "../../synthesized/order";
import type { AllowList } from "../preview/summary";
import { diffStack, markCrossStackMoves, ReviewRisk, reviewRisks, StackDiff } from "./diff";
import { GuardrailDiff, guardrailDiff } from "./guardrail-diff";
import { mark } from "./profile";
import { ReachDiff, reachDiff } from "./reach-diff";
import type { TreeStack } from "./synthesize";

/** Stack names in dependency order (head's graph; falls back to name order on a cycle), then stacks only the base has. */
function reviewOrder(head: readonly TreeStack[], base: readonly TreeStack[]): string[] {
  let order: string[];
  try {
    order = dependencyOrder(head, stackGraph(head));
  } catch {
    order = head.map((s) => s.name);
  }
  let baseOrder: string[];
  try {
    baseOrder = dependencyOrder(base, stackGraph(base));
  } catch {
    baseOrder = base.map((s) => s.name);
  }
  // A removed stack is destroyed before the stacks it depended on: list removed ones last, dependents first.
  return [...order, ...baseOrder.filter((n) => !order.includes(n)).reverse()];
}

/** One side of the comparison. */
export interface CompareSide {
  /** Its stacks (none when the base did not synthesize). */
  readonly stacks: readonly TreeStack[];
  /** Its guardrail suppressions; undefined: the side is not compared for guardrails (the base did not synthesize). */
  readonly suppressions: readonly unknown[] | undefined;
}

/** What the comparisons found. */
export interface Comparison {
  readonly stacks: readonly StackDiff[];
  readonly risks: readonly ReviewRisk[];
  readonly reach: ReachDiff;
  readonly guardrails: GuardrailDiff;
}

/** Compare the base's synthesis of `env` with the working tree's. */
export function compareSyntheses(env: string, allow: AllowList, base: CompareSide, head: CompareSide & { readonly suppressions: readonly unknown[] }): Comparison {
  const order = reviewOrder(head.stacks, base.stacks);
  const headJson = byName(head.stacks);
  const baseJson = byName(base.stacks);
  const stacks = markCrossStackMoves(order.map((name) => diffStack(name, baseJson[name], headJson[name])));
  const risks = reviewRisks(stacks, allow);
  mark("resource diff");
  const reach = reachDiff(baseJson, headJson);
  mark("reachability diff");
  const guardrails = guardrailDiff(env, base.suppressions !== undefined ? { stacks: baseJson, suppressions: base.suppressions } : undefined, { stacks: headJson, suppressions: head.suppressions });
  mark("guardrail diff");
  return { stacks, risks, reach, guardrails };
}
