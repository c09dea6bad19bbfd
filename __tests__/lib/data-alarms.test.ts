/**
 * Alarms of the data stores as data: which metric, which threshold.
 */
import { DataAlarmsSection } from "../../src/config/data/schema";
import { dataAlarmSpecs } from "../../src/lib/data-alarms";

const T: DataAlarmsSection = {
  emails: [], httpsEndpoints: [],
  evaluationPeriods: 3,
  dbCpuPercent: 75,
  dbFreeStorageGb: 20,
  dbFreeableMemoryMb: 512,
  dbReplicaLagSeconds: 30,
  cacheCpuPercent: 70,
  cacheMemoryPercent: 85,
  cacheEvictions: 500,
  efsBurstCreditGb: 50,
};
const byId = (specs: ReturnType<typeof dataAlarmSpecs>) => Object.fromEntries(specs.map((s) => [s.id, s]));

describe("RDS MySQL", () => {
  const specs = byId(
    dataAlarmSpecs("shop", {
      database: {
        engine: "mysql",
        instances: [
          { role: "primary", identifier: "shop-db", instanceClass: "db.t4g.medium", replica: false },
          { role: "replica-1", identifier: "shop-db-replica-1", instanceClass: "db.r6g.large", replica: true },
        ],
      },
    }, T),
  );

  it("watches CPU, memory, connections and storage of every instance; lag of replicas only", () => {
    expect(Object.keys(specs).sort()).toEqual(
      ["db-primary-connections", "db-primary-cpu", "db-primary-memory", "db-primary-storage", "db-replica-1-connections", "db-replica-1-cpu", "db-replica-1-lag", "db-replica-1-memory", "db-replica-1-storage"].sort(),
    );
  });

  it("uses the definition's thresholds, converted to the metric's unit", () => {
    expect(specs["db-primary-cpu"]).toMatchObject({ name: "shop-db-primary-cpu", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "shop-db" }, comparison: "GreaterThanThreshold", threshold: 75 });
    expect(specs["db-primary-storage"]).toMatchObject({ metricName: "FreeStorageSpace", comparison: "LessThanThreshold", threshold: 20 * 1024 ** 3 });
    expect(specs["db-primary-memory"]).toMatchObject({ metricName: "FreeableMemory", comparison: "LessThanThreshold", threshold: 512 * 1024 ** 2 });
    expect(specs["db-replica-1-lag"]).toMatchObject({ metricName: "ReplicaLag", threshold: 30, dimensions: { DBInstanceIdentifier: "shop-db-replica-1" } });
  });

  it("the connection threshold defaults per instance class (80 % of max_connections)", () => {
    expect(specs["db-primary-connections"]!.threshold).toBe(272);
    expect(specs["db-replica-1-connections"]!.threshold).toBe(1092);
  });

  it("an explicit connection threshold wins", () => {
    const s = byId(dataAlarmSpecs("shop", { database: { engine: "mysql", instances: [{ role: "primary", identifier: "shop-db", instanceClass: "db.x2g.large", replica: false }] } }, { ...T, dbConnections: 900 }));
    expect(s["db-primary-connections"]!.threshold).toBe(900);
  });

  it("refuses a class with no known default and no explicit threshold", () => {
    expect(() => dataAlarmSpecs("shop", { database: { engine: "mysql", instances: [{ role: "primary", identifier: "shop-db", instanceClass: "db.x2g.large", replica: false }] } }, T)).toThrow(/data\.alarms\.dbConnections/);
  });
});

describe("Aurora MySQL", () => {
  const specs = byId(dataAlarmSpecs("mc", { database: { engine: "aurora-mysql", instances: [{ role: "instance-1", identifier: "mc-db-1", instanceClass: "db.r6g.large", replica: true }] } }, T));

  it("watches AuroraReplicaLag in milliseconds, not breaching while the instance is the writer", () => {
    expect(specs["db-instance-1-lag"]).toMatchObject({ metricName: "AuroraReplicaLag", threshold: 30_000, treatMissingData: "notBreaching" });
  });

  it("has no free-storage alarm (Aurora storage grows by itself)", () => {
    expect(specs["db-instance-1-storage"]).toBeUndefined();
  });
});

describe("cache and EFS", () => {
  it("R1.6 watches engine CPU, memory and evictions of every cache node", () => {
    const specs = byId(dataAlarmSpecs("mc", { cache: { memberClusterIds: ["mc-cache-001", "mc-cache-002"] } }, T));
    expect(Object.keys(specs).sort()).toEqual(["cache-node-1-cpu", "cache-node-1-evictions", "cache-node-1-memory", "cache-node-2-cpu", "cache-node-2-evictions", "cache-node-2-memory"]);
    expect(specs["cache-node-2-evictions"]).toMatchObject({ namespace: "AWS/ElastiCache", dimensions: { CacheClusterId: "mc-cache-002" }, statistic: "Sum", threshold: 500, treatMissingData: "notBreaching" });
    expect(specs["cache-node-1-memory"]).toMatchObject({ metricName: "DatabaseMemoryUsagePercentage", threshold: 85 });
  });

  it("watches EFS burst credits only in bursting mode", () => {
    expect(dataAlarmSpecs("b", { efs: { fileSystemId: "fs-1", bursting: false } }, T)).toEqual([]);
    expect(dataAlarmSpecs("b", { efs: { fileSystemId: "fs-1", bursting: true } }, T)).toEqual([
      expect.objectContaining({ id: "efs-burst-credits", metricName: "BurstCreditBalance", comparison: "LessThanThreshold", threshold: 50 * 1024 ** 3, dimensions: { FileSystemId: "fs-1" } }),
    ]);
  });
});
