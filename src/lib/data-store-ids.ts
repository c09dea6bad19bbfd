/**
 * The CloudWatch identifiers of an environment's data stores, from its
 * definition alone: what the dashboard needs to show exactly this
 * environment's database instances and cache nodes, never the account's
 * others (a SEARCH over `{AWS/RDS,DBInstanceIdentifier}` matches every
 * database of the account and region).
 *
 * They follow the names the data constructs give (src/constructs/rds-database.ts,
 * aurora-cluster.ts, cache.ts); a test compares them with the synthesized data
 * stacks, so a rename there fails here.
 */
import { resourceName } from "./naming";

/** The data stores as the identifiers need them (the definition's `data` section satisfies it). */
export interface DataStoresShape {
  /** @default none */
  readonly database?: { readonly engine: "mysql" | "aurora-mysql"; readonly replicas: readonly unknown[] } | undefined;
  /** @default none */
  readonly cache?: { readonly nodes: number } | undefined;
}

/** The identifiers of one environment's data stores; empty lists where it has none. */
export interface DataStoreIds {
  /** `DBInstanceIdentifier` of every database instance (primary/writer first). */
  readonly dbInstances: readonly string[];
  /** `CacheClusterId` of every cache node. */
  readonly cacheNodes: readonly string[];
}

/**
 * Identifiers of the stores of `envName`'s data section.
 * @param auroraInstances Aurora instances actually created (a DR standby may run fewer than 1 + replicas). @default 1 + replicas
 */
export function dataStoreIds(envName: string, data: DataStoresShape | undefined, auroraInstances?: number): DataStoreIds {
  const db = data?.database;
  let dbInstances: string[] = [];
  if (db?.engine === "mysql") {
    dbInstances = [resourceName(envName, "db"), ...db.replicas.map((_, i) => resourceName(envName, "db", "replica", i + 1))];
  } else if (db?.engine === "aurora-mysql") {
    dbInstances = Array.from({ length: auroraInstances ?? 1 + db.replicas.length }, (_, i) => resourceName(envName, "db", i + 1));
  }
  const cache = data?.cache;
  const cacheName = resourceName(envName, "cache");
  const cacheNodes = cache ? Array.from({ length: cache.nodes }, (_, i) => `${cacheName}-${String(i + 1).padStart(3, "0")}`) : [];
  return { dbInstances, cacheNodes };
}
