/**
 * The `dr` section of an environment definition.
 * Placeholder: filled in by the issue that builds the dr stack.
 */
import { z } from "zod";

/** Schema of the `dr` section. */
export const drSchema = z.strictObject({});

/** The parsed `dr` section. */
export type DrSection = z.output<typeof drSchema>;
