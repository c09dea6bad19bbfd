/** The subnet tiers the platform knows, in their usual order. */
export const TIERS = ["public", "web", "was", "db"] as const;
/** A subnet tier. `was` is the optional second private application tier. */
export type Tier = (typeof TIERS)[number];
