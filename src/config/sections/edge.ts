/**
 * The `edge` section of an environment definition.
 * Placeholder: filled in by the issue that builds the edge stack.
 */
import { z } from "zod";

/** Schema of the `edge` section. */
export const edgeSchema = z.strictObject({});

/** The parsed `edge` section. */
export type EdgeSection = z.output<typeof edgeSchema>;
