/**
 * MySQL parameter group settings: utf8mb4 (R3.7), TLS required (R3.11,
 * CKV2_AWS_69), the logs each export needs.
 */
import { auditPluginOption, mysqlParameters, parameterFamily } from "../../src/lib/mysql-parameters";

const asMap = (ps: { name: string; value: string }[]) => Object.fromEntries(ps.map((p) => [p.name, p.value]));

describe("mysqlParameters", () => {
  const rds = asMap(mysqlParameters({ engine: "mysql", collation: "utf8mb4_unicode_ci", slowQuerySeconds: 2, logExports: ["error", "slowquery"] }));
  const aurora = asMap(mysqlParameters({ engine: "aurora-mysql", collation: "utf8mb4_0900_ai_ci", slowQuerySeconds: 1, logExports: ["audit", "general"] }));

  it("R3.7 every character set variable is utf8mb4 and both collations are the definition's", () => {
    for (const v of ["character_set_server", "character_set_client", "character_set_connection", "character_set_database", "character_set_results"]) {
      expect(rds[v]).toBe("utf8mb4");
      expect(aurora[v]).toBe("utf8mb4");
    }
    expect([rds.collation_server, rds.collation_connection]).toEqual(["utf8mb4_unicode_ci", "utf8mb4_unicode_ci"]);
    expect([aurora.collation_server, aurora.collation_connection]).toEqual(["utf8mb4_0900_ai_ci", "utf8mb4_0900_ai_ci"]);
  });

  it("R3.7 a connection collation different from the server's (seed 003: unicode_ci / general_ci)", () => {
    const p = asMap(mysqlParameters({ engine: "mysql", collation: "utf8mb4_unicode_ci", connectionCollation: "utf8mb4_general_ci", slowQuerySeconds: 1, logExports: [] }));
    expect([p.collation_server, p.collation_connection]).toEqual(["utf8mb4_unicode_ci", "utf8mb4_general_ci"]);
  });

  it("R3.11 TLS is required: 1 for RDS MySQL (CKV2_AWS_69), ON for Aurora", () => {
    expect(rds.require_secure_transport).toBe("1");
    expect(aurora.require_secure_transport).toBe("ON");
  });

  it("the slow log is on, to FILE (what RDS publishes to CloudWatch)", () => {
    expect(rds).toMatchObject({ slow_query_log: "1", long_query_time: "2", log_output: "FILE" });
  });

  it("the general log and Aurora's audit log only when exported", () => {
    expect(rds.general_log).toBeUndefined();
    expect(rds.server_audit_logging).toBeUndefined();
    expect(aurora).toMatchObject({ general_log: "1", server_audit_logging: "1", server_audit_events: "CONNECT,QUERY_DDL,QUERY_DCL" });
  });
});

it("the RDS audit log needs the MariaDB audit plugin option, only when exported", () => {
  expect(auditPluginOption(["audit", "error"])).toEqual({ optionName: "MARIADB_AUDIT_PLUGIN", settings: [{ name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DDL,QUERY_DCL" }] });
  expect(auditPluginOption(["error"])).toBeUndefined();
});

it.each([
  ["mysql", "8.0", "mysql8.0"],
  ["mysql", "8.0.39", "mysql8.0"],
  ["aurora-mysql", "8.0.mysql_aurora.3.08.2", "aurora-mysql8.0"],
] as const)("parameterFamily(%s, %s) → %s", (engine, version, family) => expect(parameterFamily(engine, version)).toBe(family));
