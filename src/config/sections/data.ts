/**
 * The `data` section of an environment definition.
 * Placeholder: filled in by the issue that builds the data stack.
 */
import { z } from "zod";

/** Schema of the `data` section. */
export const dataSchema = z.strictObject({});

/** The parsed `data` section. */
export type DataSection = z.output<typeof dataSchema>;
