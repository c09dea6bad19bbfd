/** Moved to src/config/cicd/schema.ts; kept so existing imports keep working. */
export * from "../cicd/schema";
