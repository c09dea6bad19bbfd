/** Moved to src/config/guardrails/schema.ts; kept so existing imports keep working. */
export * from "../guardrails/schema";
