/** Moved to src/config/usage/schema.ts; kept so existing imports keep working. */
export * from "../usage/schema";
