/**
 * Cross-field rules of the optional sections (data, compute, edge, dr, guardrails),
 * of `lifecycle`, and of the names only apply would refuse.
 * Each section adds its rule function here; rules read the raw definition
 * defensively (see network-rules.ts) and report through the collector.
 */
import { checkApplyTime } from "./apply-time-rules";
import { checkCompute } from "./compute-rules";
import { checkData } from "./data-rules";
import { checkDr } from "./dr-rules";
import { checkEdge } from "./edge-rules";
import { checkGuardrails } from "./guardrails-rules";
import { checkLifecycle } from "./lifecycle-rules";
import { ProblemCollector } from "./problems";

/** A rule over the raw definition. */
export type SectionRule = (raw: Record<string, unknown>, problems: ProblemCollector) => void;

/** Every section rule, run after the network rules. */
export const SECTION_RULES: readonly SectionRule[] = [checkData, checkCompute, checkEdge, checkDr, checkGuardrails, checkLifecycle, checkApplyTime];
