/**
 * The `guardrails` section of an environment definition.
 * Placeholder: filled in by the issue that builds the guardrails stack.
 */
import { z } from "zod";

/** Schema of the `guardrails` section. */
export const guardrailsSchema = z.strictObject({});

/** The parsed `guardrails` section. */
export type GuardrailsSection = z.output<typeof guardrailsSchema>;
