/**
 * The `data` section: defaults a user can rely on, and every refusal names
 * the field path and what is allowed (X.5).
 */
import { EnvironmentDefinition } from "../../src/config/definition";
import { windowsOverlap } from "../../src/config/data/rules";
import { validateDefinition } from "../../src/config/validate";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

describe("data section defaults", () => {
  const env = validateDefinition(variant(retailLaunch, (d) => (d.data = { database: {}, alarms: { emails: ["ops@example.com"] } })));
  const db = env.data!.database!;

  it("R0.6 a database is RDS MySQL 8.0, Multi-AZ, unless the definition says otherwise", () => {
    expect(db.engine).toBe("mysql");
    expect(db.engineVersion).toBeUndefined(); // resolved to 8.0 by the stack
    expect(db.multiAz).toBe(true);
    expect(db.replicas).toEqual([]);
  });

  it("X.3 backups are kept 7 days, exported logs 365 days", () => {
    expect(db.backupRetentionDays).toBe(7);
    expect(env.data!.logRetentionDays).toBe(365);
  });

  it("R3.7 the collation is a utf8mb4 one", () => {
    expect(db.collation).toMatch(/^utf8mb4_/);
  });

  it("alarm thresholds default to documented values", () => {
    expect(env.data!.alarms).toEqual({
      emails: ["ops@example.com"],
      httpsEndpoints: [],
      evaluationPeriods: 3,
      dbCpuPercent: 80,
      dbFreeStorageGb: 10,
      dbFreeableMemoryMb: 256,
      dbReplicaLagSeconds: 60,
      cacheCpuPercent: 80,
      cacheMemoryPercent: 80,
      cacheEvictions: 1000,
      efsBurstCreditGb: 100,
    });
  });

  it("R1.3 the media backup copy defaults to a 30-day governance lock in Glacier Instant Retrieval", () => {
    const m = validateDefinition(variant(retailLaunch, (d) => (d.data = { media: {}, alarms: d.data.alarms }))).data!.media!;
    expect(m.backup).toEqual({ objectLockMode: "GOVERNANCE", objectLockDays: 30, storageClass: "GLACIER_IR", noncurrentVersionDays: 365 });
  });

  it("R3.6 shared files move to Infrequent Access after 30 days by default", () => {
    const f = validateDefinition(variant(retailLaunch, (d) => (d.data = { sharedFiles: { accessPoints: [{ path: "/static" }] }, alarms: d.data.alarms }))).data!.sharedFiles!;
    expect(f.transitionToIaDays).toBe(30);
    expect(f.accessPoints[0]).toEqual({ path: "/static", uid: 1000, gid: 1000, permissions: "0755" });
  });
});

describe("X.5 data refusals name the field and what is allowed", () => {
  const cases: [string, EnvironmentDefinition, string, RegExp][] = [
    // Schema.
    ["unknown engine", variant(retailLaunch, (d) => (d.data.database.engine = "postgres")), "data.database.engine", /allowed: "mysql", "aurora-mysql"/],
    ["backups kept under 7 days", variant(retailLaunch, (d) => (d.data.database.backupRetentionDays = 1)), "data.database.backupRetentionDays", /at least 7 days/],
    ["a cache of one node", variant(mediaCommerce, (d) => (d.data.cache.nodes = 1)), "data.cache.nodes", /at least 2 nodes/],
    ["an access point path twice", variant(buddyverse, (d) => d.data.sharedFiles.accessPoints.push({ path: "/static" })), "data.sharedFiles.accessPoints", /only once/],
    ["a nested access point path", variant(buddyverse, (d) => (d.data.sharedFiles.accessPoints[0].path = "/static/img")), "data.sharedFiles.accessPoints[0].path", /one directory level/],
    ["a latin1 collation", variant(buddyverse, (d) => (d.data.database.collation = "latin1_swedish_ci")), "data.database.collation", /utf8mb4 collation/],
    ["a malformed backup window", variant(buddyverse, (d) => (d.data.database.backupWindow = "2am-3am")), "data.database.backupWindow", /hh24:mi-hh24:mi/],
    ["an unknown log type", variant(buddyverse, (d) => (d.data.database.logExports = ["query"])), "data.database.logExports[0]", /allowed: "audit", "error", "general", "slowquery"/],
    ["an unknown field", variant(buddyverse, (d) => (d.data.database.password = "hunter2hunter2")), "data.database.password", /unknown field/],
    ["a bad alarm e-mail", variant(buddyverse, (d) => (d.data.alarms = { emails: ["ops"] })), "data.alarms.emails[0]", /e-mail/],
    // Cross-field rules (src/config/data/rules.ts).
    ["R3.7 primary AZ outside azs", variant(buddyverse, (d) => (d.data.database.primaryAz = "ap-northeast-2b")), "data.database.primaryAz", /one of azs \(ap-northeast-2a, ap-northeast-2c\)/],
    ["replica AZ outside azs", variant(buddyverse, (d) => (d.data.database.replicas[0].az = "ap-northeast-2d")), "data.database.replicas[0].az", /one of azs/],
    ["replica in the primary's AZ", variant(buddyverse, (d) => (d.data.database.replicas[0].az = "ap-northeast-2a")), "data.database.replicas[0].az", /primary's AZ/],
    ["trap: AZ pinned on a Multi-AZ primary", variant(buddyverse, (d) => delete d.data.database.multiAz), "data.database.primaryAz", /Multi-AZ primary cannot be pinned/],
    ["R0.5 single-AZ without replicas", variant(retailLaunch, (d) => (d.data.database.multiAz = false)), "data.database.multiAz", /not redundant \(R0\.5\)/],
    ["Aurora without a reader", variant(mediaCommerce, (d) => (d.data.database.replicas = [])), "data.database.replicas", /at least one reader/],
    ["multiAz on Aurora", variant(mediaCommerce, (d) => (d.data.database.multiAz = true)), "data.database.multiAz", /RDS MySQL only/],
    ["storage size on Aurora", variant(mediaCommerce, (d) => (d.data.database.allocatedStorageGb = 100)), "data.database.allocatedStorageGb", /Aurora storage grows by itself/],
    ["storage ceiling under the initial size", variant(retailLaunch, (d) => (d.data.database.allocatedStorageGb = 600)), "data.database.maxAllocatedStorageGb", /at least allocatedStorageGb \(600\)/],
    ["RDS version on Aurora", variant(mediaCommerce, (d) => (d.data.database.engineVersion = "8.0.39")), "data.database.engineVersion", /8\.0\.mysql_aurora/],
    ["Aurora version on RDS", variant(retailLaunch, (d) => (d.data.database.engineVersion = "8.0.mysql_aurora.3.08.2")), "data.database.engineVersion", /is an Aurora version/],
    ["a micro instance", variant(retailLaunch, (d) => (d.data.database.instanceClass = "db.t4g.micro")), "data.database.instanceClass", /Performance Insights/],
    ["a small replica", variant(webWas, (d) => (d.data.database.replicas[0].instanceClass = "db.t3.small")), "data.database.replicas[0].instanceClass", /medium or larger/],
    ["unknown class without a connection threshold", variant(retailLaunch, (d) => (d.data.database.instanceClass = "db.x2g.large")), "data.alarms.dbConnections", /db\.x2g\.large; set one/],
    ["maintenance overlapping backups", variant(retailLaunch, (d) => (d.data.database.maintenanceWindow = "tue:17:30-tue:18:30")), "data.database.maintenanceWindow", /overlaps the daily backup window 17:00-18:00/],
    ["cache version without IAM auth", variant(mediaCommerce, (d) => (d.data.cache.engineVersion = "7.1")), "data.cache.engineVersion", /valkey 7\.2 or later/],
    ["redis 6 without IAM auth", variant(mediaCommerce, (d) => (d.data.cache = { engine: "redis", engineVersion: "6.2" })), "data.cache.engineVersion", /redis 7\.0 or later/],
    ["cache maintenance overlapping snapshots", variant(mediaCommerce, (d) => (d.data.cache.maintenanceWindow = "mon:16:30-mon:17:30")), "data.cache.maintenanceWindow", /snapshot window/],
    ["a backup plan with nothing to back up", variant(retailLaunch, (d) => (d.data = { backupPlan: {}, alarms: d.data.alarms })), "data.backupPlan", /nothing to back up/],
    ["the application as the master user", variant(retailLaunch, (d) => (d.data.database.applicationUser = "admin")), "data.database.applicationUser", /must not run as the master user/],
    ["alarms that notify nobody", variant(retailLaunch, (d) => delete d.data.alarms), "data.alarms", /nobody receives: name at least one subscriber/],
    ["no data section: alarms still notify nobody", variant(retailLaunch, (d) => delete d.data), "data.alarms", /nobody receives/],
    ["an opt-out beside subscribers", variant(retailLaunch, (d) => (d.data.alarms.noSubscribersReason = "Chatbot reads the topic for the ops channel")), "data.alarms.noSubscribersReason", /drop the reason/],
    ["a too-short opt-out reason", variant(retailLaunch, (d) => (d.data.alarms = { noSubscribersReason: "nope" })), "data.alarms.noSubscribersReason", /at least 20 characters/],
    ["an http (not https) endpoint", variant(retailLaunch, (d) => (d.data.alarms = { httpsEndpoints: ["http://hooks.example.com/alarms"] })), "data.alarms.httpsEndpoints[0]", /https:\/\/ URL/],
  ];

  it.each(cases.map(([name, definition, path, message]) => [name, path, definition, message] as const))("%s → %s", (_name, path, definition, message) => {
    const problems = problemsOf(definition);
    const hit = problems.find((p) => p.path === path);
    expect(hit ? `${hit.path}: ${hit.message}` : `no problem at ${path}; got ${problems.map((p) => `${p.path}: ${p.message}`).join(" | ")}`).toMatch(message);
  });

  it("accepts an explicit connection threshold for a class it does not know", () => {
    expect(() =>
      validateDefinition(variant(retailLaunch, (d) => ((d.data.database.instanceClass = "db.x2g.large"), (d.data.alarms.dbConnections = 2000)))),
    ).not.toThrow();
  });

  it("reports several data problems in one pass", () => {
    const problems = problemsOf(variant(buddyverse, (d) => ((d.data.database.primaryAz = "ap-northeast-2b"), (d.data.database.replicas[0].az = "eu-west-1a"))));
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["data.database.primaryAz", "data.database.replicas[0].az"]));
  });
});

describe("windowsOverlap (UTC daily vs weekly windows)", () => {
  it.each([
    ["17:00-18:00", "sun:18:30-sun:19:30", false],
    ["17:00-18:00", "sun:17:30-sun:18:30", true],
    ["17:00-18:00", "mon:18:00-mon:19:00", false], // touching is not overlapping
    ["23:30-00:30", "mon:00:00-mon:01:00", true], // daily window across midnight
    ["02:00-03:00", "sun:23:00-mon:02:30", true], // weekly window across days
    ["02:00-03:00", "sun:23:30-mon:00:30", false],
    ["12:00-13:00", "sun:23:00-mon:13:30", true], // weekly window wrapping the week
  ] as const)("%s vs %s → %s", (daily, weekly, expected) => {
    expect(windowsOverlap(daily, weekly)).toBe(expected);
  });
});
