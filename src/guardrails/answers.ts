/**
 * Rules a definition choice answers by itself, so no suppression is needed:
 * `lifecycle: "disposable"` asks for an environment that `cdktf destroy` can
 * remove, which is exactly what the deletion-protection rules forbid.
 * The reason travels with every violation it accepts
 * (`EnvironmentResult.suppressed[].answeredBy`).
 */
import { Suppression } from "./check";

/** Reason shared by every rule a disposable lifecycle answers. */
export const DISPOSABLE_REASON =
  'lifecycle: "disposable" (the definition): this environment is meant to be destroyed (staging, sandbox, short-lived test), so deletion protection would only make cdktf destroy fail';

/** Rules that require a protection a disposable environment leaves out on purpose. */
export const DISPOSABLE_ANSWERED_RULES = ["rds-deletion-protection", "alb-deletion-protection"] as const;

/** The answers of an environment's definition choices. */
export function definitionAnswers(env: { readonly lifecycle: "retain" | "disposable" }): Suppression[] {
  return env.lifecycle === "disposable" ? DISPOSABLE_ANSWERED_RULES.map((rule) => ({ rule, reason: DISPOSABLE_REASON })) : [];
}
