/**
 * The `compute` section of an environment definition.
 * Placeholder: filled in by the issue that builds the compute stack.
 */
import { z } from "zod";

/** Schema of the `compute` section. */
export const computeSchema = z.strictObject({});

/** The parsed `compute` section. */
export type ComputeSection = z.output<typeof computeSchema>;
