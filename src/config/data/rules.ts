/**
 * Rules of the `data` section that relate fields to each other and to the
 * rest of the definition: AZs of the database, what each engine accepts, a
 * database that is really redundant, engine versions that support IAM
 * authentication, windows AWS would reject, somebody receiving the alarms.
 *
 * Each rule reads the parsed, defaulted section (src/config/rule.ts) and is
 * attached where its fields are: `DATABASE_RULES` to `data.database`,
 * `CACHE_RULES` to `data.cache`, `DATA_RULES` to the section, and
 * `DATA_DEFINITION_RULES` (AZs, a missing section) to the definition.
 */
import { defaultConnectionAlarm, isTooSmallForProduction } from "../../lib/db-capacity";
import type { ParsedDefinition } from "../definition";
import { FieldPath } from "../problems";
import { rule } from "../rule";
import type { CacheSection, DatabaseSection, DataSection } from "./schema";
import { DEFAULT_ENGINE_VERSIONS } from "./versions";

/** `major.minor` of a version string as numbers, or undefined. */
function majorMinor(version: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEK = 7 * 1440;

/** Minutes since Monday 00:00 of `ddd:hh:mm`, or of `hh:mm` on day `day`. */
function minuteOf(text: string, day = 0): number | undefined {
  const m = /^(?:([a-z]{3}):)?(\d\d):(\d\d)$/.exec(text);
  if (!m) return undefined;
  const d = m[1] !== undefined ? DAYS.indexOf(m[1]) : day;
  if (d < 0) return undefined;
  return d * 1440 + Number(m[2]) * 60 + Number(m[3]);
}

/** Weekly intervals [start, end) in minutes of `start-end`, split where they wrap. */
function intervals(start: number, end: number): [number, number][] {
  return end > start ? [[start, end]] : [[start, WEEK], [0, end]];
}

/**
 * True when a daily window (`hh:mm-hh:mm`) overlaps a weekly window
 * (`ddd:hh:mm-ddd:hh:mm`) on any day. Both are UTC. Exported for tests.
 */
export function windowsOverlap(daily: string, weekly: string): boolean {
  const [ws, we] = weekly.split(/-(?=[a-z]{3}:)/);
  const wStart = ws ? minuteOf(ws) : undefined;
  const wEnd = we ? minuteOf(we) : undefined;
  const [ds, de] = daily.split("-");
  if (wStart === undefined || wEnd === undefined || !ds || !de) return false;
  const weekly_ = intervals(wStart, wEnd);
  for (let day = 0; day < 7; day++) {
    const dStart = minuteOf(ds, day);
    let dEnd = minuteOf(de, day);
    if (dStart === undefined || dEnd === undefined) return false;
    if (dEnd <= dStart) dEnd += 1440;
    for (const [a, b] of intervals(dStart % WEEK, dEnd % WEEK)) {
      if (weekly_.some(([c, d]) => a < d && c < b)) return true;
    }
  }
  return false;
}

/** The fields of `data.database` that only RDS MySQL takes, as written (before their defaults). */
export interface RdsOnlyFieldsGiven {
  readonly engine?: unknown;
  readonly multiAz?: unknown;
  readonly allocatedStorageGb?: unknown;
  readonly maxAllocatedStorageGb?: unknown;
}

/**
 * An Aurora cluster takes no RDS-only field. This rule is about what the user
 * WROTE (a default is not a choice), so it sees the fields before their
 * defaults are filled in (data/schema.ts pipes it in front of the database).
 */
export const auroraTakesNoRdsFields = rule<RdsOnlyFieldsGiven>([], (db, report) => {
  // Anything but an object is refused by the database schema behind this rule.
  if (typeof db !== "object" || db === null || db.engine !== "aurora-mysql") return;
  if (db.multiAz !== undefined) {
    report.add(["multiAz"], "applies to RDS MySQL only; an Aurora cluster is Multi-AZ through its readers (data.database.replicas) in other AZs");
  }
  for (const field of ["allocatedStorageGb", "maxAllocatedStorageGb"] as const) {
    if (db[field] !== undefined) report.add([field], "applies to RDS MySQL only; Aurora storage grows by itself");
  }
});

/** The application runs as its own user, never as the master user. */
const ownApplicationUser = rule<DatabaseSection>([["applicationUser"], ["masterUsername"]], (db, report) => {
  if (db.applicationUser === db.masterUsername) {
    report.add(["applicationUser"], "the application must not run as the master user: name a user of its own (IAM-authenticated, least privilege)");
  }
});

/** A database that survives the loss of an AZ, and storage bounds RDS accepts. */
const redundantDatabase = rule<DatabaseSection>([["engine"], ["multiAz"], ["primaryAz"], ["replicas"], ["allocatedStorageGb"], ["maxAllocatedStorageGb"]], (db, report) => {
  if (db.engine === "aurora-mysql") {
    if (db.replicas.length === 0) report.add(["replicas"], "an Aurora cluster needs at least one reader in another AZ to fail over to (R0.5, R1.9); add one");
    return;
  }
  if (db.multiAz && db.primaryAz !== undefined) {
    report.add(["primaryAz"], "a Multi-AZ primary cannot be pinned to an AZ (AWS places it and its standby); set data.database.multiAz to false and put a replica in another AZ, or remove primaryAz");
  }
  if (!db.multiAz && db.replicas.length === 0) {
    report.add(["multiAz"], "a single-AZ database without replicas is not redundant (R0.5); keep multiAz true or add a replica in another AZ");
  }
  if (db.maxAllocatedStorageGb < db.allocatedStorageGb) {
    report.add(["maxAllocatedStorageGb"], `must be at least allocatedStorageGb (${db.allocatedStorageGb}); it is the storage autoscaling ceiling`);
  }
});

/** An engine version of the engine chosen. */
const versionOfEngine = rule<DatabaseSection>([["engine"], ["engineVersion"]], (db, report) => {
  const version = db.engineVersion;
  if (version === undefined) return;
  const aurora = db.engine === "aurora-mysql";
  if (aurora && !version.includes("mysql_aurora")) {
    report.add(["engineVersion"], `an Aurora MySQL version looks like ${DEFAULT_ENGINE_VERSIONS["aurora-mysql"]}`);
  } else if (!aurora && version.includes("mysql_aurora")) {
    report.add(["engineVersion"], 'is an Aurora version; RDS MySQL takes a version such as "8.0" (or set engine "aurora-mysql")');
  }
});

/** The instance classes of the database, each with its path relative to `data.database`: the primary's, then every replica's own. */
function instanceClasses(db: DatabaseSection): [FieldPath, string][] {
  return [
    [["instanceClass"], db.instanceClass],
    ...db.replicas.flatMap((r, i): [FieldPath, string][] => (r.instanceClass !== undefined ? [[["replicas", i, "instanceClass"], r.instanceClass]] : [])),
  ];
}

/** Classes with Performance Insights; backup and maintenance windows apart. */
const classesAndWindows = rule<DatabaseSection>([["instanceClass"], ["replicas"], ["backupWindow"], ["maintenanceWindow"]], (db, report) => {
  for (const [path, c] of instanceClasses(db)) {
    if (isTooSmallForProduction(c)) {
      report.add(path, "micro and small classes have no Performance Insights (CKV_AWS_353) and Aurora MySQL 3 does not offer them; use medium or larger");
    }
  }
  if (windowsOverlap(db.backupWindow, db.maintenanceWindow)) {
    report.add(["maintenanceWindow"], `overlaps the daily backup window ${db.backupWindow}; AWS rejects overlapping windows`);
  }
});

/** Rules within `data.database`. */
export const DATABASE_RULES = [ownApplicationUser, redundantDatabase, versionOfEngine, classesAndWindows];

/** IAM authentication needs a recent engine; snapshot and maintenance windows apart. */
const cacheVersionAndWindows = rule<CacheSection>([["engine"], ["engineVersion"], ["snapshotWindow"], ["maintenanceWindow"]], (cache, report) => {
  if (cache.engineVersion !== undefined) {
    const mm = majorMinor(cache.engineVersion);
    const [minMajor, minMinor] = cache.engine === "redis" ? [7, 0] : [7, 2];
    if (mm && (mm[0] < minMajor || (mm[0] === minMajor && mm[1] < minMinor))) {
      report.add(["engineVersion"], `IAM authentication (no password in Terraform, X.4) needs ${cache.engine} ${minMajor}.${minMinor} or later`);
    }
  }
  if (windowsOverlap(cache.snapshotWindow, cache.maintenanceWindow)) {
    report.add(["maintenanceWindow"], `overlaps the daily snapshot window ${cache.snapshotWindow}; AWS rejects overlapping windows`);
  }
});

/** Rules within `data.cache`. */
export const CACHE_RULES = [cacheVersionAndWindows];

/** The connection alarm needs a threshold: the default one where the class is known, else the definition's. */
const connectionThreshold = rule<DataSection>([["database"], ["alarms", "dbConnections"]], (data, report) => {
  const db = data.database;
  if (!db || data.alarms.dbConnections !== undefined) return;
  const unknown = instanceClasses(db).find(([, c]) => defaultConnectionAlarm(db.engine, c) === undefined);
  if (unknown) {
    report.add(["alarms", "dbConnections"], `no default connection threshold is known for ${unknown[1]}; set one (about 80 % of its max_connections)`);
  }
});

/** A backup plan covers the database, shared files and media: one of them must exist. */
const backupPlanHasWork = rule<DataSection>([["backupPlan"]], (data, report) => {
  if (data.backupPlan !== undefined && !data.database && !data.sharedFiles && !data.media) {
    report.add(["backupPlan"], "has nothing to back up: it covers data.database, data.sharedFiles and data.media, and none is defined");
  }
});

/** Rules within the `data` section. */
export const DATA_RULES = [connectionThreshold, backupPlanHasWork];

/**
 * Every environment has an alarm topic that every alarm notifies: somebody must receive it.
 * A definition names a subscriber (`data.alarms.emails` / `httpsEndpoints`) or says why not,
 * with or without a data section.
 */
const alarmsReachSomebody = rule<ParsedDefinition>([["data", "alarms"]], (def, report) => {
  const alarms = def.data?.alarms;
  const subscribers = [...(alarms?.emails ?? []), ...(alarms?.httpsEndpoints ?? [])];
  const reason = alarms?.noSubscribersReason;
  if (subscribers.length === 0 && reason === undefined) {
    report.add(
      ["data", "alarms"],
      "every alarm notifies the topic <env>-alarms, which nobody receives: name at least one subscriber (data.alarms.emails or data.alarms.httpsEndpoints), or set data.alarms.noSubscribersReason to say who reads the topic instead (e.g. an AWS Chatbot configuration)",
    );
  } else if (subscribers.length > 0 && reason !== undefined) {
    report.add(["data", "alarms", "noSubscribersReason"], "the definition names subscribers (emails / httpsEndpoints): drop the reason for having none, or the subscribers");
  }
});

/** The primary and every replica in one of `azs`; a replica not in the primary's AZ. */
const databaseAzs = rule<ParsedDefinition>([["azs"], ["data", "database", "primaryAz"], ["data", "database", "replicas"]], (def, report) => {
  const db = def.data?.database;
  if (!db) return;
  const azs = def.azs;
  const inAzs = (az: string) => azs.length === 0 || azs.includes(az);
  if (db.primaryAz !== undefined && !inAzs(db.primaryAz)) {
    report.add(["data", "database", "primaryAz"], `must be one of azs (${azs.join(", ")})`);
  }
  db.replicas.forEach((r, i) => {
    if (r.az === undefined) return;
    const path = ["data", "database", "replicas", i, "az"];
    if (!inAzs(r.az)) report.add(path, `must be one of azs (${azs.join(", ")})`);
    else if (r.az === db.primaryAz) report.add(path, `is the primary's AZ (${r.az}); a replica there does not survive the loss of that AZ — pick another of azs`);
  });
});

/** Rules of the data section that need the rest of the definition. */
export const DATA_DEFINITION_RULES = [alarmsReachSomebody, databaseAzs];
