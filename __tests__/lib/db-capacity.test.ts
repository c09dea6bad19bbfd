/**
 * Default connection limits per instance class (the connection alarm's default threshold).
 */
import { defaultConnectionAlarm, defaultMaxConnections, instanceMemoryGib, isTooSmallForProduction } from "../../src/lib/db-capacity";

describe("instanceMemoryGib", () => {
  it.each([
    ["db.t4g.medium", 4],
    ["db.t3.large", 8],
    ["db.m6g.xlarge", 16],
    ["db.r6g.large", 16],
    ["db.r7g.2xlarge", 64],
    ["db.r6gd.4xlarge", 128],
    ["db.x2g.large", undefined],
    ["db.r6g.metal", undefined],
    ["cache.r7g.large", undefined],
  ] as const)("%s → %s GiB", (c, gib) => expect(instanceMemoryGib(c)).toBe(gib));
});

describe("defaultMaxConnections", () => {
  it("RDS MySQL: memory / 12582880 bytes (db.t4g.medium, 4 GiB → 341)", () => {
    expect(defaultMaxConnections("mysql", "db.t4g.medium")).toBe(341);
    expect(defaultMaxConnections("mysql", "db.r6g.large")).toBe(1365);
  });
  it("Aurora MySQL: AWS's published table", () => {
    expect(defaultMaxConnections("aurora-mysql", "db.r6g.large")).toBe(1000);
    expect(defaultMaxConnections("aurora-mysql", "db.r7g.4xlarge")).toBe(4000);
    expect(defaultMaxConnections("aurora-mysql", "db.t4g.medium")).toBe(90);
  });
  it("is unknown for classes outside the table", () => {
    expect(defaultMaxConnections("aurora-mysql", "db.m6g.large")).toBeUndefined();
    expect(defaultMaxConnections("mysql", "db.x2g.large")).toBeUndefined();
  });
});

it("the default alarm threshold is 80 % of the default max_connections", () => {
  expect(defaultConnectionAlarm("mysql", "db.t4g.medium")).toBe(272);
  expect(defaultConnectionAlarm("aurora-mysql", "db.r6g.large")).toBe(800);
  expect(defaultConnectionAlarm("mysql", "db.z1d.large")).toBeUndefined();
});

it.each([
  ["db.t4g.micro", true],
  ["db.t3.small", true],
  ["db.t4g.medium", false],
  ["db.r6g.large", false],
] as const)("isTooSmallForProduction(%s) → %s", (c, expected) => expect(isTooSmallForProduction(c)).toBe(expected));
