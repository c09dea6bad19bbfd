/** Moved to src/config/compute/schema.ts; kept so existing imports keep working. */
export * from "../compute/schema";
