/**
 * Compile-time checks that the definition (src/config/) and the shapes lib and
 * the constructs own stay in step. Constructs never import the definition
 * (__tests__/repository/layering.test.ts); stacks pass definition values into
 * construct props, and these assertions fail `tsc` if a union drifts (a tier
 * added to the schema but not to lib, say) where structural typing alone would
 * still accept the narrower side.
 */
import type { Tier } from "../config/definition";
import type { DbLogType } from "../constructs/rds-database";
import type { DB_LOG_TYPES } from "../config/data/schema";
import type { SubnetTier } from "../lib/tiers";

/** `true` exactly when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The definition's tiers are lib's tiers. */
export const TIERS_MATCH: Same<Tier, SubnetTier> = true;
/** The definition's database log types are the database construct's. */
export const DB_LOG_TYPES_MATCH: Same<(typeof DB_LOG_TYPES)[number], DbLogType> = true;
