/**
 * How many connections a MySQL instance class accepts by default, so the
 * connection alarm has a sensible threshold without the user looking it up.
 *
 * RDS for MySQL: `max_connections = {DBInstanceClassMemory/12582880}`.
 * Aurora MySQL: AWS's published table (the formula is a log of the memory, and
 * AWS rounds it), https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html
 * Memory per class comes from the size suffix of the common families; other
 * classes are unknown, and the definition must then state the threshold.
 */

/** GiB of memory per size, by family kind. */
const MEMORY_GIB: Readonly<Record<"t" | "m" | "r", Readonly<Record<string, number>>>> = {
  t: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 },
  m: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256, "24xlarge": 384 },
  r: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256, "12xlarge": 384, "16xlarge": 512, "24xlarge": 768 },
};

/** Aurora MySQL's default max_connections per class size (published table). */
const AURORA_MAX_CONNECTIONS: Readonly<Record<"t" | "r", Readonly<Record<string, number>>>> = {
  t: { medium: 90, large: 135 },
  r: { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000, "24xlarge": 7000 },
};

/** `db.r6g.large` → { kind: "r", size: "large" } for the families we know, else undefined. */
function parseClass(instanceClass: string): { kind: "t" | "m" | "r"; size: string } | undefined {
  const m = /^db\.([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, letter, , , size] = m as unknown as [string, string, string, string, string];
  if (letter !== "t" && letter !== "m" && letter !== "r") return undefined;
  return { kind: letter, size };
}

/** Memory of an instance class in GiB, or undefined for classes not in the table. */
export function instanceMemoryGib(instanceClass: string): number | undefined {
  const c = parseClass(instanceClass);
  return c ? MEMORY_GIB[c.kind][c.size] : undefined;
}

/** The engine's default `max_connections` for the class, or undefined when unknown. */
export function defaultMaxConnections(engine: "mysql" | "aurora-mysql", instanceClass: string): number | undefined {
  const c = parseClass(instanceClass);
  if (!c) return undefined;
  if (engine === "aurora-mysql") return c.kind === "m" ? undefined : AURORA_MAX_CONNECTIONS[c.kind][c.size];
  const gib = MEMORY_GIB[c.kind][c.size];
  return gib === undefined ? undefined : Math.floor((gib * 1024 ** 3) / 12582880);
}

/** The default connection alarm threshold: 80 % of the default max_connections, or undefined when unknown. */
export function defaultConnectionAlarm(engine: "mysql" | "aurora-mysql", instanceClass: string): number | undefined {
  const max = defaultMaxConnections(engine, instanceClass);
  return max === undefined ? undefined : Math.floor(max * 0.8);
}

/**
 * Performance Insights is not offered on the smallest burstable classes, and
 * Aurora MySQL 3 starts at medium. True when the class is one of those.
 */
export function isTooSmallForProduction(instanceClass: string): boolean {
  return /^db\.t\d+g?\.(micro|small)$/.test(instanceClass);
}
