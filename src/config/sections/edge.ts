/** Moved to src/config/edge/schema.ts; kept so existing imports keep working. */
export * from "../edge/schema";
