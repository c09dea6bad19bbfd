/** Default engine versions of the data stores (see data.database.engineVersion and data.cache.engineVersion). */
/** Default engine versions (see `engineVersion`). */
export const DEFAULT_ENGINE_VERSIONS = {
  mysql: "8.0",
  "aurora-mysql": "8.0.mysql_aurora.3.08.2",
  valkey: "8.0",
  redis: "7.1",
} as const;
