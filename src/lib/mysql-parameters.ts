/**
 * MySQL settings of the database parameter groups, as data: utf8mb4
 * everywhere (R3.7), TLS required (CKV2_AWS_69, R3.11), the slow query log,
 * and what each exported log type needs in the engine.
 */

/** One parameter of a DB or cluster parameter group. */
export interface DbParameter {
  readonly name: string;
  readonly value: string;
}

/** Inputs of {@link mysqlParameters}. */
export interface MysqlParameterOptions {
  readonly engine: "mysql" | "aurora-mysql";
  /** utf8mb4 collation of the server (`collation_server`), and of connections unless `connectionCollation` is given. */
  readonly collation: string;
  /** utf8mb4 collation of client connections (`collation_connection`). @default - `collation` */
  readonly connectionCollation?: string;
  /** Slow query threshold in seconds. */
  readonly slowQuerySeconds: number;
  /** Log types exported to CloudWatch Logs. */
  readonly logExports: readonly string[];
}

/** Character set variables set to utf8mb4 (R3.7). */
export const UTF8MB4_VARIABLES = [
  "character_set_server",
  "character_set_client",
  "character_set_connection",
  "character_set_database",
  "character_set_results",
] as const;

/** Collation variables: the server's and the connections' utf8mb4 collations (R3.7). */
export const COLLATION_VARIABLES = ["collation_server", "collation_connection"] as const;

/** Events the audit log records: connections, schema and privilege changes (not every query). */
export const AUDIT_EVENTS = "CONNECT,QUERY_DDL,QUERY_DCL";

/**
 * The parameters of the RDS MySQL DB parameter group, or of the Aurora MySQL
 * cluster parameter group (where these are cluster-level settings).
 *
 * `require_secure_transport` is `1` for RDS MySQL (the value CKV2_AWS_69
 * looks for) and `ON` for Aurora MySQL, which lists the parameter as ON/OFF.
 * `log_output=FILE` is what RDS needs to publish the slow and general logs to
 * CloudWatch (its default, TABLE, publishes nothing). Aurora's audit log is
 * `server_audit_logging`; RDS MySQL's is the MariaDB audit plugin of the option
 * group (see {@link auditPluginOption}).
 */
export function mysqlParameters(o: MysqlParameterOptions): DbParameter[] {
  const params: DbParameter[] = [
    ...UTF8MB4_VARIABLES.map((name) => ({ name, value: "utf8mb4" })),
    { name: "collation_server", value: o.collation },
    { name: "collation_connection", value: o.connectionCollation ?? o.collation },
    { name: "require_secure_transport", value: o.engine === "aurora-mysql" ? "ON" : "1" },
    { name: "slow_query_log", value: "1" },
    { name: "long_query_time", value: String(o.slowQuerySeconds) },
    { name: "log_output", value: "FILE" },
  ];
  if (o.logExports.includes("general")) params.push({ name: "general_log", value: "1" });
  if (o.engine === "aurora-mysql" && o.logExports.includes("audit")) {
    params.push({ name: "server_audit_logging", value: "1" }, { name: "server_audit_events", value: AUDIT_EVENTS });
  }
  return params;
}

/** The RDS MySQL option enabling the audit log export, or undefined when `audit` is not exported. */
export function auditPluginOption(logExports: readonly string[]): { optionName: string; settings: DbParameter[] } | undefined {
  if (!logExports.includes("audit")) return undefined;
  return { optionName: "MARIADB_AUDIT_PLUGIN", settings: [{ name: "SERVER_AUDIT_EVENTS", value: AUDIT_EVENTS }] };
}

/** Parameter group family of an engine version (`8.0` → `mysql8.0`, `8.0.mysql_aurora.3.08.2` → `aurora-mysql8.0`). */
export function parameterFamily(engine: "mysql" | "aurora-mysql", engineVersion: string): string {
  const major = /^(\d+\.\d+)/.exec(engineVersion)?.[1] ?? engineVersion;
  return `${engine}${major}`;
}
