/**
 * Rules of the `data` section that relate fields to each other and to the
 * rest of the definition: AZs of the database, what each engine accepts, a
 * database that is really redundant, engine versions that support IAM
 * authentication, windows AWS would reject.
 *
 * Like src/config/network-rules.ts, they read the raw definition defensively
 * (anything may be missing or malformed: the schema reports that) and report
 * every problem through the collector.
 */
import { DEFAULT_ENGINE_VERSIONS } from "./sections/data";
import { defaultConnectionAlarm, isTooSmallForProduction } from "../lib/db-capacity";
import { ProblemCollector } from "./problems";
import { arr, obj, Raw, str } from "./raw";

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

/** Every rule of the `data` section. */
export function checkData(raw: Raw, problems: ProblemCollector): void {
  checkAlarmSubscribers(raw, problems);
  const data = obj(raw.data);
  if (!data) return;
  const azs = (arr(raw.azs) ?? []).filter((a): a is string => typeof a === "string");
  checkDatabase(data, azs, problems);
  checkCache(data, problems);
  checkBackupPlan(data, problems);
}

/**
 * Every environment has an alarm topic that every alarm notifies: somebody must receive it.
 * A definition names a subscriber (`data.alarms.emails` / `httpsEndpoints`) or says why not.
 */
function checkAlarmSubscribers(raw: Raw, problems: ProblemCollector): void {
  const alarms = obj(obj(raw.data)?.alarms);
  const subscribers = [...(arr(alarms?.emails) ?? []), ...(arr(alarms?.httpsEndpoints) ?? [])];
  const reason = alarms?.noSubscribersReason;
  if (subscribers.length === 0 && reason === undefined) {
    problems.add(
      ["data", "alarms"],
      "every alarm notifies the topic <env>-alarms, which nobody receives: name at least one subscriber (data.alarms.emails or data.alarms.httpsEndpoints), or set data.alarms.noSubscribersReason to say who reads the topic instead (e.g. an AWS Chatbot configuration)",
    );
  } else if (subscribers.length > 0 && reason !== undefined) {
    problems.add(["data", "alarms", "noSubscribersReason"], "the definition names subscribers (emails / httpsEndpoints): drop the reason for having none, or the subscribers");
  }
}

function checkDatabase(data: Raw, azs: readonly string[], problems: ProblemCollector): void {
  const db = obj(data.database);
  if (!db) return;
  const p = (...rest: (string | number)[]) => ["data", "database", ...rest];
  const appUser = db.applicationUser ?? "app";
  if (typeof appUser === "string" && appUser === (db.masterUsername ?? "admin")) {
    problems.add(p("applicationUser"), "the application must not run as the master user: name a user of its own (IAM-authenticated, least privilege)");
  }
  const engine = str(db.engine) ?? "mysql";
  const aurora = engine === "aurora-mysql";
  const primaryAz = str(db.primaryAz);
  const replicas = arr(db.replicas) ?? [];
  const inAzs = (az: string) => azs.length === 0 || azs.includes(az);

  if (primaryAz !== undefined && !inAzs(primaryAz)) {
    problems.add(p("primaryAz"), `must be one of azs (${azs.join(", ")})`);
  }
  replicas.forEach((r, i) => {
    const az = str(obj(r)?.az);
    if (az === undefined) return;
    if (!inAzs(az)) problems.add(p("replicas", i, "az"), `must be one of azs (${azs.join(", ")})`);
    else if (az === primaryAz) problems.add(p("replicas", i, "az"), `is the primary's AZ (${az}); a replica there does not survive the loss of that AZ — pick another of azs`);
  });

  if (aurora) {
    if (db.multiAz !== undefined) {
      problems.add(p("multiAz"), "applies to RDS MySQL only; an Aurora cluster is Multi-AZ through its readers (data.database.replicas) in other AZs");
    }
    for (const field of ["allocatedStorageGb", "maxAllocatedStorageGb"]) {
      if (db[field] !== undefined) problems.add(p(field), "applies to RDS MySQL only; Aurora storage grows by itself");
    }
    if (replicas.length === 0) {
      problems.add(p("replicas"), "an Aurora cluster needs at least one reader in another AZ to fail over to (R0.5, R1.9); add one");
    }
  } else {
    const multiAz = db.multiAz ?? true;
    if (multiAz === true && primaryAz !== undefined) {
      problems.add(p("primaryAz"), "a Multi-AZ primary cannot be pinned to an AZ (AWS places it and its standby); set data.database.multiAz to false and put a replica in another AZ, or remove primaryAz");
    }
    if (multiAz === false && replicas.length === 0) {
      problems.add(p("multiAz"), "a single-AZ database without replicas is not redundant (R0.5); keep multiAz true or add a replica in another AZ");
    }
    const allocated = typeof db.allocatedStorageGb === "number" ? db.allocatedStorageGb : 50;
    const max = typeof db.maxAllocatedStorageGb === "number" ? db.maxAllocatedStorageGb : 500;
    if (max < allocated) {
      problems.add(p("maxAllocatedStorageGb"), `must be at least allocatedStorageGb (${allocated}); it is the storage autoscaling ceiling`);
    }
  }

  const version = str(db.engineVersion);
  if (version !== undefined) {
    if (aurora && !version.includes("mysql_aurora")) {
      problems.add(p("engineVersion"), `an Aurora MySQL version looks like ${DEFAULT_ENGINE_VERSIONS["aurora-mysql"]}`);
    } else if (!aurora && version.includes("mysql_aurora")) {
      problems.add(p("engineVersion"), 'is an Aurora version; RDS MySQL takes a version such as "8.0" (or set engine "aurora-mysql")');
    }
  }

  const classes: [(string | number)[], string][] = [];
  const primaryClass = str(db.instanceClass) ?? "db.t4g.medium";
  classes.push([p("instanceClass"), primaryClass]);
  replicas.forEach((r, i) => {
    const c = str(obj(r)?.instanceClass);
    if (c !== undefined) classes.push([p("replicas", i, "instanceClass"), c]);
  });
  for (const [path, c] of classes) {
    if (isTooSmallForProduction(c)) {
      problems.add(path, "micro and small classes have no Performance Insights (CKV_AWS_353) and Aurora MySQL 3 does not offer them; use medium or larger");
    }
  }

  const alarms = obj(data.alarms);
  if (alarms?.dbConnections === undefined && (engine === "mysql" || aurora)) {
    const unknown = classes.find(([, c]) => defaultConnectionAlarm(engine, c) === undefined);
    if (unknown) {
      problems.add(["data", "alarms", "dbConnections"], `no default connection threshold is known for ${unknown[1]}; set one (about 80 % of its max_connections)`);
    }
  }

  const backupWindow = str(db.backupWindow) ?? "17:00-18:00";
  const maintenanceWindow = str(db.maintenanceWindow) ?? "sun:18:30-sun:19:30";
  if (windowsOverlap(backupWindow, maintenanceWindow)) {
    problems.add(p("maintenanceWindow"), `overlaps the daily backup window ${backupWindow}; AWS rejects overlapping windows`);
  }
}

function checkCache(data: Raw, problems: ProblemCollector): void {
  const cache = obj(data.cache);
  if (!cache) return;
  const engine = str(cache.engine) ?? "valkey";
  const version = str(cache.engineVersion);
  if (version !== undefined) {
    const mm = majorMinor(version);
    const [minMajor, minMinor] = engine === "redis" ? [7, 0] : [7, 2];
    if (mm && (mm[0] < minMajor || (mm[0] === minMajor && mm[1] < minMinor))) {
      problems.add(["data", "cache", "engineVersion"], `IAM authentication (no password in Terraform, X.4) needs ${engine} ${minMajor}.${minMinor} or later`);
    }
  }
  const snapshot = str(cache.snapshotWindow) ?? "16:00-17:00";
  const maintenance = str(cache.maintenanceWindow) ?? "sun:19:30-sun:20:30";
  if (windowsOverlap(snapshot, maintenance)) {
    problems.add(["data", "cache", "maintenanceWindow"], `overlaps the daily snapshot window ${snapshot}; AWS rejects overlapping windows`);
  }
}

function checkBackupPlan(data: Raw, problems: ProblemCollector): void {
  if (data.backupPlan === undefined) return;
  if (!obj(data.database) && !obj(data.sharedFiles) && !obj(data.media)) {
    problems.add(["data", "backupPlan"], "has nothing to back up: it covers data.database, data.sharedFiles and data.media, and none is defined");
  }
}
