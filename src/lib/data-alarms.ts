/**
 * The CloudWatch alarms of the data stores, as data: which metric of which
 * resource, compared how with what threshold. A pure function of the stores
 * and the definition's thresholds, so the set can be read and tested without
 * synthesizing; the DataAlarms construct turns each spec into an alarm on the
 * environment's SNS topic.
 */
import { defaultConnectionAlarm } from "./db-capacity";
import { resourceName } from "./naming";

/** The alarm thresholds (the definition's `data.alarms`). */
export interface DataAlarmThresholds {
  readonly dbCpuPercent: number;
  readonly dbFreeStorageGb: number;
  readonly dbFreeableMemoryMb: number;
  /** @default - from the instance class (src/lib/db-capacity.ts) */
  readonly dbConnections?: number | undefined;
  readonly dbReplicaLagSeconds: number;
  readonly cacheCpuPercent: number;
  readonly cacheMemoryPercent: number;
  readonly cacheEvictions: number;
  readonly efsBurstCreditGb: number;
}

/** One alarm. */
export interface AlarmSpec {
  /** Construct id, stable (it becomes the Terraform address): `db-primary-cpu`. */
  readonly id: string;
  /** Alarm name: `<env>-<id>`. */
  readonly name: string;
  /** What it means and what to do, for the person paged. */
  readonly description: string;
  readonly namespace: "AWS/RDS" | "AWS/ElastiCache" | "AWS/EFS";
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Sum" | "Minimum" | "Maximum";
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  /** `missing` keeps the state; `notBreaching` for counters that report nothing when idle. */
  readonly treatMissingData: "missing" | "notBreaching";
}

/** One database instance to watch. */
export interface WatchedDbInstance {
  /** Role in ids and names: `primary`, `replica-1`, `writer`, `reader-1`. */
  readonly role: string;
  /** `DBInstanceIdentifier`. */
  readonly identifier: string;
  /** Instance class (connection threshold default). */
  readonly instanceClass: string;
  /** A read replica / Aurora reader (replica lag is watched). */
  readonly replica: boolean;
}

/** The stores of an environment, as the alarms see them. */
export interface WatchedStores {
  readonly database?: { readonly engine: "mysql" | "aurora-mysql"; readonly instances: readonly WatchedDbInstance[] };
  /** Member cache cluster ids (`<replication group id>-001`, ...). */
  readonly cache?: { readonly memberClusterIds: readonly string[] };
  readonly efs?: { readonly fileSystemId: string; readonly bursting: boolean };
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Every alarm of the data stores of environment `envName`. */
export function dataAlarmSpecs(envName: string, stores: WatchedStores, t: DataAlarmThresholds): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const add = (s: Omit<AlarmSpec, "name">) => specs.push({ ...s, name: resourceName(envName, s.id) });

  const db = stores.database;
  for (const i of db?.instances ?? []) {
    const dims = { DBInstanceIdentifier: i.identifier };
    const base = { namespace: "AWS/RDS" as const, dimensions: dims, treatMissingData: "missing" as const };
    add({ ...base, id: `db-${i.role}-cpu`, description: `Database ${i.role} CPU above ${t.dbCpuPercent} %: check slow queries (Performance Insights) or scale the instance class.`, metricName: "CPUUtilization", statistic: "Average", comparison: "GreaterThanThreshold", threshold: t.dbCpuPercent });
    add({ ...base, id: `db-${i.role}-memory`, description: `Database ${i.role} freeable memory below ${t.dbFreeableMemoryMb} MiB: the instance may start swapping.`, metricName: "FreeableMemory", statistic: "Average", comparison: "LessThanThreshold", threshold: t.dbFreeableMemoryMb * MIB });
    const connections = t.dbConnections ?? defaultConnectionAlarm(db!.engine, i.instanceClass);
    if (connections === undefined) {
      throw new Error(`no connection alarm threshold for ${i.instanceClass}: set data.alarms.dbConnections`);
    }
    add({ ...base, id: `db-${i.role}-connections`, description: `Database ${i.role} connections above ${connections}: connection pools may be leaking or too large.`, metricName: "DatabaseConnections", statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: connections });
    if (db!.engine === "mysql") {
      add({ ...base, id: `db-${i.role}-storage`, description: `Database ${i.role} free storage below ${t.dbFreeStorageGb} GiB: storage autoscaling may have reached its ceiling.`, metricName: "FreeStorageSpace", statistic: "Minimum", comparison: "LessThanThreshold", threshold: t.dbFreeStorageGb * GIB });
    }
    if (i.replica) {
      const aurora = db!.engine === "aurora-mysql";
      add({
        ...base,
        id: `db-${i.role}-lag`,
        description: `Database ${i.role} lags the primary by more than ${t.dbReplicaLagSeconds} s: reads from it are stale.`,
        metricName: aurora ? "AuroraReplicaLag" : "ReplicaLag",
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        // AuroraReplicaLag is in milliseconds, ReplicaLag in seconds.
        threshold: aurora ? t.dbReplicaLagSeconds * 1000 : t.dbReplicaLagSeconds,
        // Aurora: whichever instance is the writer reports no lag at all.
        treatMissingData: aurora ? "notBreaching" : "missing",
      });
    }
  }

  stores.cache?.memberClusterIds.forEach((member, n) => {
    const node = `node-${n + 1}`;
    const base = { namespace: "AWS/ElastiCache" as const, dimensions: { CacheClusterId: member } };
    add({ ...base, id: `cache-${node}-cpu`, description: `Cache ${member} engine CPU above ${t.cacheCpuPercent} %: the engine thread is saturated.`, metricName: "EngineCPUUtilization", statistic: "Average", comparison: "GreaterThanThreshold", threshold: t.cacheCpuPercent, treatMissingData: "missing" });
    add({ ...base, id: `cache-${node}-memory`, description: `Cache ${member} memory above ${t.cacheMemoryPercent} %: evictions follow.`, metricName: "DatabaseMemoryUsagePercentage", statistic: "Average", comparison: "GreaterThanThreshold", threshold: t.cacheMemoryPercent, treatMissingData: "missing" });
    add({ ...base, id: `cache-${node}-evictions`, description: `Cache ${member} evicted more than ${t.cacheEvictions} keys in 5 minutes: the working set does not fit.`, metricName: "Evictions", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: t.cacheEvictions, treatMissingData: "notBreaching" });
  });

  const efs = stores.efs;
  if (efs?.bursting) {
    add({ id: "efs-burst-credits", description: `EFS burst credits below ${t.efsBurstCreditGb} GiB: throughput drops to the baseline when they run out.`, namespace: "AWS/EFS", metricName: "BurstCreditBalance", dimensions: { FileSystemId: efs.fileSystemId }, statistic: "Minimum", comparison: "LessThanThreshold", threshold: t.efsBurstCreditGb * GIB, treatMissingData: "missing" });
  }
  return specs;
}
