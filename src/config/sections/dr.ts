/** Moved to src/config/dr/schema.ts; kept so existing imports keep working. */
export * from "../dr/schema";
