/** Moved to src/config/data/schema.ts; kept so existing imports keep working. */
export * from "../data/schema";
