/**
 * The `edge` section of an environment definition.
 * Placeholder: filled in by the issue that builds the edge stack.
 */
import { z } from "zod";

/** Schema of the `edge` section. */
export const edgeSchema = z.strictObject({
  /** CloudFront in front of the site (media from S3, dynamic pages from the ALB). @default none */
  cdn: z.strictObject({}).optional(),
});

/** The parsed `edge` section. */
export type EdgeSection = z.output<typeof edgeSchema>;
