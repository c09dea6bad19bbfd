/**
 * `<env>-data` as synthesized for the four presets (and a few variants):
 * databases with writer and reader endpoints, cache, shared files, media with
 * its independent backup, backups, alarms, and nothing stateful lost by
 * accident (X.3) or secret leaked (X.4).
 */
import { TerraformStack, Testing } from "cdktf";
import { DbMonitoringRole } from "../../src/constructs/db-monitoring-role";
import { RdsDatabase } from "../../src/constructs/rds-database";
import { EnvironmentDefinition } from "../../src/config/definition";
import { validateDefinition } from "../../src/config/validate";
import { DATA_OUTPUTS } from "../../src/contract/data";
import { PRESETS } from "../../src/environments";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { DataStack } from "../../src/stacks/data-stack";
import { resources, StackJson, synthEnvironment, variant } from "../support/synth";
import { all, allOf, byName, one, optional, remote, Res } from "../support/stack-json";



/** Synthesize only the data stack of `definition`. */
function synthData(definition: EnvironmentDefinition): StackJson {
  const stack = new DataStack(Testing.app(), validateDefinition(definition));
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

const network = (output: string) => remote("network", output);

const VARIANTS = {
  /** RDS with three replicas: one reader name over them. */
  threeReplicas: variant(webWas, (d) => (d.data.database.replicas = [{}, {}, {}])),
  /** Redis OSS instead of Valkey, and bursting EFS. */
  redis: variant(mediaCommerce, (d) => ((d.data.cache = { engine: "redis", nodes: 2 }), (d.data.sharedFiles = { accessPoints: [{ path: "/static" }], throughputMode: "bursting" }))),
  /** Media without a CDN: the data stack keeps the media bucket policy. */
  mediaNoCdn: variant(webWas, (d) => (d.data.media = {})),
  /** No data stores at all (only the alarm subscribers). */
  noData: variant(retailLaunch, (d) => (d.data = { alarms: d.data.alarms })),
};

/** Each preset and variant synthesized once, at load: the table-driven tests enumerate their resources. */
const SYNTH: Record<string, StackJson> = Object.fromEntries([
  ...PRESETS.map((p) => [p.name, synthData(p)] as const),
  ...Object.entries(VARIANTS).map(([name, def]) => [name, synthData(def)] as const),
]);

// ---------------------------------------------------------------------------
// X.3: addresses of stateful resources are pinned; nothing is destroyed by accident.

/** Resource types holding data (or the keys without which the data is unreadable). */
const STATEFUL_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_elasticache_replication_group",
  "aws_efs_file_system",
  "aws_s3_bucket",
  "aws_backup_vault",
  "aws_kms_key",
];

/** Written by hand: renaming a construct must fail here, naming the address it would replace. */
const PINNED: Record<string, string[]> = {
  "retail-launch": ["aws_db_instance.database_primary", "aws_kms_key.alarm-topic", "aws_kms_key.db-key"],
  "media-commerce": [
    "aws_rds_cluster.database",
    "aws_rds_cluster_instance.database_1",
    "aws_rds_cluster_instance.database_2",
    "aws_rds_cluster_instance.database_3",
    "aws_elasticache_replication_group.cache",
    "aws_s3_bucket.media_primary",
    "aws_s3_bucket.media_backup",
    "aws_backup_vault.backup",
    "aws_kms_key.alarm-topic",
    "aws_kms_key.db-key",
    "aws_kms_key.cache-key",
    "aws_kms_key.media-key",
    "aws_kms_key.origin-verify-key",
    "aws_kms_key.media-backup-key",
    "aws_kms_key.backup-key",
  ],
  "web-was": [
    "aws_db_instance.database_primary",
    "aws_db_instance.database_replica-1",
    "aws_efs_file_system.shared-files",
    "aws_kms_key.alarm-topic",
    "aws_kms_key.db-key",
    "aws_kms_key.efs-key",
  ],
  buddyverse: [
    "aws_db_instance.database_primary",
    "aws_db_instance.database_replica-1",
    "aws_efs_file_system.shared-files",
    "aws_kms_key.alarm-topic",
    "aws_kms_key.db-key",
    "aws_kms_key.efs-key",
  ],
};

describe.each(Object.keys(PINNED))("X.3 %s", (name) => {
  it("stateful resources sit at exactly the pinned Terraform addresses", () => {
    const found = STATEFUL_TYPES.flatMap((t) => Object.keys(resources(SYNTH[name]!, t)).map((n) => `${t}.${n}`)).sort();
    const expected = [...PINNED[name]!].sort();
    // Two lists so a failure names both the vanished and the new address.
    expect({ missing: expected.filter((a) => !found.includes(a)), unexpected: found.filter((a) => !expected.includes(a)) }).toEqual({ missing: [], unexpected: [] });
  });

  it("every stateful resource but the keys has prevent_destroy (keys wait 30 days before deletion instead)", () => {
    for (const type of STATEFUL_TYPES) {
      for (const [n, r] of Object.entries(byName(SYNTH[name]!, type))) {
        if (type === "aws_kms_key") expect(`${type}.${n}: ${r.deletion_window_in_days}`).toBe(`${type}.${n}: 30`);
        else expect(`${type}.${n}: ${r.lifecycle?.prevent_destroy}`).toBe(`${type}.${n}: true`);
      }
    }
  });

  it("databases have deletion protection, keep automated backups, and the primary/cluster takes a final snapshot", () => {
    const json = SYNTH[name]!;
    for (const r of allOf(json, "aws_db_instance", "aws_rds_cluster")) {
      expect(r.deletion_protection).toBe(true);
      expect(r.backup_retention_period).toBeGreaterThanOrEqual(7);
      if (r.replicate_source_db === undefined) {
        expect(r).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: expect.stringMatching(/-final$/), delete_automated_backups: false });
      } else {
        expect(r.skip_final_snapshot).toBe(true); // RDS refuses a final snapshot of a replica
      }
    }
    for (const r of optional(json, "aws_elasticache_replication_group")) expect(r.final_snapshot_identifier).toMatch(/-final$/);
    for (const r of [...optional(json, "aws_s3_bucket"), ...optional(json, "aws_backup_vault")]) expect(r.force_destroy).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// X.4: no secret in synthesized JSON or outputs.

/** Keys whose literal value would be a secret. */
const SECRET_KEYS = /^(password|passwords|master_password|master_user_password|password_wo|master_password_wo|auth_token|secret_string|secret_binary|private_key|access_key|secret_key|token)$/i;

/** `path: value` of every secret-looking key with a literal (non-reference, non-empty) value. */
function secretLiterals(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretLiterals(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const here = path ? `${path}.${k}` : k;
    const literal = (x: unknown) => (typeof x === "string" && x !== "" && !/^\$\{[^}]+\}$/.test(x)) || typeof x === "number";
    const leaked = SECRET_KEYS.test(k) && (literal(v) || (Array.isArray(v) && v.some(literal)));
    return [...(leaked ? [`${here}: ${JSON.stringify(v)}`] : []), ...secretLiterals(v, here)];
  });
}

describe("X.4 no secret in synthesized data stacks", () => {
  it("the scanner finds a literal password, a password list and an auth token (it can fail)", () => {
    expect(secretLiterals({ resource: { aws_db_instance: { x: { password: "hunter2hunter2" } }, aws_elasticache_user: { u: { passwords: ["0123456789abcdef"] } }, aws_elasticache_replication_group: { g: { auth_token: "t0ken-t0ken-t0ken" } } } })).toHaveLength(3);
    expect(secretLiterals({ password: "${aws_secretsmanager_secret_version.x.secret_string}" })).toEqual([]);
  });

  it.each([...PRESETS.map((p) => p.name), ...Object.keys(VARIANTS)])("%s: no literal password, auth token or secret string anywhere", (name) => {
    expect(secretLiterals(SYNTH[name])).toEqual([]);
  });

  // AWS refuses read replicas of a primary whose password RDS manages, and an RDS-managed password on
  // an Aurora global database member (RDS/Aurora User Guides, "Limitations for Secrets Manager
  // integration"). So RDS manages the password only of a primary without replicas (retail-launch);
  // a primary with replicas (web-was, buddyverse) or a global member (media-commerce, dr-seams.test.ts)
  // takes it write-only from an ephemeral variable, with a copy in a KMS-encrypted secret.
  it("X.4 retail-launch (no replica): RDS generates and keeps the master password (manage_master_user_password)", () => {
    const json = SYNTH["retail-launch"]!;
    const primaries = all(json, "aws_db_instance").filter((r) => !r.replicate_source_db);
    expect(primaries).toHaveLength(1);
    expect(primaries[0]).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: "${aws_kms_key.db-key.arn}" });
    expect(json.variable).toBeUndefined();
  });

  it.each(["web-was", "buddyverse"])("X.4 R2.4/R3.7 %s (primary with a replica): the password is write-only from an ephemeral variable, kept in an encrypted secret", (name) => {
    const json = SYNTH[name]!;
    const [primary] = all(json, "aws_db_instance").filter((r) => !r.replicate_source_db);
    expect(primary!.manage_master_user_password).toBeUndefined();
    expect(primary!.password).toBeUndefined();
    expect(primary).toMatchObject({ password_wo: "${var.db_master_password}", password_wo_version: 1 });
    expect((json.variable as Record<string, Res>).db_master_password).toMatchObject({ sensitive: true, ephemeral: true, default: "" });
    const [secret] = all(json, "aws_secretsmanager_secret");
    expect(secret).toMatchObject({ name: `${name}/db-master`, kms_key_id: "${aws_kms_key.db-key.arn}", lifecycle: { prevent_destroy: true } });
    const [version] = all(json, "aws_secretsmanager_secret_version");
    expect(version!.secret_string).toBeUndefined();
    expect(version!.secret_string_wo).toMatch(/var\.db_master_password/);
    expect(version!.depends_on).toEqual(["aws_db_instance.database_primary"]);
    // The application reads this secret, not an RDS-managed one.
    expect(json.output!.db_master_secret_arn!.value).toBe("${aws_secretsmanager_secret.db-master-secret.arn}");
    for (const replica of all(json, "aws_db_instance").filter((r) => r.replicate_source_db)) {
      expect(replica.password_wo).toBeUndefined();
      expect(replica.manage_master_user_password).toBeUndefined();
    }
  });

  it("refuses an RDS primary with replicas and an RDS-managed password (AWS rejects the replica)", () => {
    const env = validateDefinition(webWas);
    const stack = new TerraformStack(Testing.app(), "t");
    const props = {
      envName: env.name,
      azs: env.azs,
      settings: env.data!.database!,
      engineVersion: "8.0",
      subnetIds: ["subnet-1", "subnet-2"],
      securityGroupId: "sg-1",
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:333333333333:key/1",
      monitoringRole: new DbMonitoringRole(stack, "monitoring", { envName: env.name, account: env.account }),
      logRetentionDays: 365,
    };
    expect(env.data!.database!.replicas.length).toBeGreaterThan(0);
    expect(() => new RdsDatabase(stack, "db", { ...props, masterPassword: "managed" })).toThrow(/AWS refuses read replicas of a primary whose master password RDS manages/);
  });

  it("R1.6 cache users authenticate with IAM; a Redis default user is switched off", () => {
    const valkey = all(SYNTH["media-commerce"]!, "aws_elasticache_user");
    expect(valkey).toEqual([expect.objectContaining({ user_id: "media-commerce-app", user_name: "media-commerce-app", engine: "valkey", authentication_mode: { type: "iam" } })]);
    const redis = Object.fromEntries(all(SYNTH.redis!, "aws_elasticache_user").map((u) => [u.user_name, u]));
    expect(redis.default).toMatchObject({ engine: "redis", access_string: "off ~* -@all", authentication_mode: { type: "no-password-required" } });
    expect(redis["media-commerce-app"]).toMatchObject({ engine: "redis", authentication_mode: { type: "iam" } });
    for (const g of [...all(SYNTH["media-commerce"]!, "aws_elasticache_replication_group"), ...all(SYNTH.redis!, "aws_elasticache_replication_group")]) {
      expect(g.auth_token).toBeUndefined();
      expect(g.user_group_ids).toEqual(["${aws_elasticache_user_group.cache.user_group_id}"]);
    }
  });
});

// ---------------------------------------------------------------------------
// Contract.

describe.each([...PRESETS.map((p) => p.name), "noData"])("contract %s", (name) => {
  it("publishes every output of DATA_OUTPUTS, described, none sensitive", () => {
    const outputs = SYNTH[name]!.output ?? {};
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(DATA_OUTPUTS).sort());
    for (const o of Object.values(outputs)) {
      expect(o.description).toMatch(/\w{4,}/);
      expect(o.sensitive).toBeUndefined();
    }
  });

  it("reads the network only through remote state", () => {
    const json = SYNTH[name]!;
    expect(Object.keys(json.data?.terraform_remote_state ?? {})).toEqual(["network"]);
    expect(JSON.stringify(json)).not.toMatch(/cross-stack-output/);
  });
});

describe("an environment without a data section", () => {
  it("still gets its encrypted alarm topic, and empty values for every store", () => {
    const json = SYNTH.noData!;
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(["aws_kms_alias", "aws_kms_key", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription"]);
    expect(one(json, "aws_sns_topic", "alarm-topic")).toMatchObject({ name: "retail-launch-alarms", kms_master_key_id: "${aws_kms_key.alarm-topic.arn}" });
    const out = json.output!;
    expect(out.alarm_topic_arn!.value).toBe("${aws_sns_topic.alarm-topic.arn}");
    for (const [k, o] of Object.entries(out)) if (k !== "alarm_topic_arn") expect([k, o.value]).toEqual([k, DATA_OUTPUTS[k as keyof typeof DATA_OUTPUTS].kind === "list" ? [] : ""]);
  });
});

// ---------------------------------------------------------------------------
// Relational database.

/** Every DB instance of every preset, for table-driven settings. */
const allInstances = () =>
  PRESETS.flatMap((p) => Object.entries(resources(SYNTH[p.name]!, "aws_db_instance")).map(([n, r]) => [`${p.name} ${n}`, r] as [string, Res]));
const allClusterInstances = () => Object.entries(resources(SYNTH["media-commerce"]!, "aws_rds_cluster_instance"));

describe("database security and durability defaults (R3.11, X.3, CKV_AWS_*)", () => {
  it.each(allInstances())("%s: encrypted with the CMK, private, TLS CA, IAM auth, logs, monitoring, Performance Insights", (_n, r) => {
    expect(r).toMatchObject({
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.db-key.arn}",
      publicly_accessible: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ["audit", "error", "slowquery"],
      monitoring_interval: 60,
      monitoring_role_arn: "${aws_iam_role.db-monitoring.arn}",
      performance_insights_enabled: true,
      performance_insights_kms_key_id: "${aws_kms_key.db-key.arn}",
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      backup_retention_period: 7,
      storage_type: "gp3",
      vpc_security_group_ids: [network("sg_db_id")],
      parameter_group_name: "${aws_db_parameter_group.database_parameters.name}",
      option_group_name: "${aws_db_option_group.database_options.name}",
    });
  });

  it.each(allClusterInstances())("media-commerce %s: private, TLS CA, monitoring, Performance Insights with the CMK", (_n, r) => {
    expect(r).toMatchObject({
      publicly_accessible: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      monitoring_interval: 60,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: "${aws_kms_key.db-key.arn}",
      auto_minor_version_upgrade: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it.each(PRESETS.map((p) => p.name))("%s: exported logs go to pre-created, encrypted log groups kept 365 days, created before the database", (name) => {
    const json = SYNTH[name]!;
    const groups = all(json, "aws_cloudwatch_log_group").filter((g) => String(g.name).startsWith("/aws/rds/"));
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g).toMatchObject({ kms_key_id: "${aws_kms_key.db-key.arn}", retention_in_days: 365 });
    for (const db of allOf(json, "aws_db_instance", "aws_rds_cluster")) {
      const own = groups.filter((g) => String(g.name).startsWith(`/aws/rds/${db.identifier ? "instance" : "cluster"}/${db.identifier ?? db.cluster_identifier}/`));
      expect(own).toHaveLength(3);
      for (const g of own) expect(db.depends_on).toContain(`aws_cloudwatch_log_group.${Object.entries(resources(json, "aws_cloudwatch_log_group")).find(([, v]) => v === g)![0]}`);
    }
  });

  it("the db key lets CloudWatch Logs use it for /aws/rds/ log groups only", () => {
    const policy = JSON.parse(one(SYNTH.buddyverse!, "aws_kms_key", "db-key").policy);
    const logs = policy.Statement.find((s: Res) => s.Principal?.Service === "logs.ap-northeast-2.amazonaws.com");
    expect(logs.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:ap-northeast-2:444444444444:log-group:/aws/rds/*" } });
  });

  it("the database lives in the network's db subnets", () => {
    expect(one(SYNTH.buddyverse!, "aws_db_subnet_group", "database_subnets").subnet_ids).toBe(network("db_subnet_ids"));
  });

  it("enhanced monitoring role: only RDS monitoring of this account may assume it", () => {
    const role = one(SYNTH["retail-launch"]!, "aws_iam_role", "db-monitoring");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
    ]);
  });
});

describe("retail-launch (R0.5, R0.6, R0.8)", () => {
  it("R0.5 R0.6 RDS MySQL 8.0 Multi-AZ with automatic failover, AZ left to AWS", () => {
    const db = one(SYNTH["retail-launch"]!, "aws_db_instance", "database_primary");
    expect(db).toMatchObject({ engine: "mysql", engine_version: "8.0", multi_az: true, identifier: "retail-launch-db" });
    expect(db.availability_zone).toBeUndefined();
  });

  it("R0.8 the database takes the network's db security group (3306 from the web tier only, rules in the network stack)", () => {
    const json = SYNTH["retail-launch"]!;
    expect(one(json, "aws_db_instance", "database_primary").vpc_security_group_ids).toEqual([network("sg_db_id")]);
    expect(resources(json, "aws_security_group")).toEqual({});
    expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  it("R2.4 with no replica, the reader endpoint is the writer", () => {
    const out = SYNTH["retail-launch"]!.output!;
    expect(out.db_writer_endpoint!.value).toBe("${aws_db_instance.database_primary.address}");
    expect(out.db_reader_endpoint!.value).toBe("${aws_db_instance.database_primary.address}");
    expect(out.db_port!.value).toBe("3306");
  });
});

describe("media-commerce (R1.2, R1.3, R1.6, R1.7, R1.9)", () => {
  const json = () => SYNTH["media-commerce"]!;

  it("R1.9 Aurora MySQL cluster, encrypted, IAM auth, logs, backups, deletion protection", () => {
    expect(one(json(), "aws_rds_cluster", "database")).toMatchObject({
      engine: "aurora-mysql",
      engine_version: "8.0.mysql_aurora.3.08.2",
      cluster_identifier: "media-commerce-db",
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.db-key.arn}",
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ["audit", "error", "slowquery"],
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      db_cluster_parameter_group_name: "${aws_rds_cluster_parameter_group.database_parameters.name}",
      vpc_security_group_ids: [network("sg_db_id")],
      // The primary of the Aurora global database of the DR region (R1.7): AWS sets these two.
      lifecycle: { prevent_destroy: true, ignore_changes: ["engine_version", "global_cluster_identifier", "replication_source_identifier"] },
    });
  });

  it("R1.6 R1.7 a writer and two readers, one per AZ; readers are created after the writer", () => {
    const instances = resources(json(), "aws_rds_cluster_instance");
    expect(Object.fromEntries(Object.entries(instances).map(([n, r]) => [n, r.availability_zone]))).toEqual({
      "database_1": "ap-northeast-2a",
      "database_2": "ap-northeast-2b",
      "database_3": "ap-northeast-2c",
    });
    expect(instances["database_1"]!.promotion_tier).toBe(0);
    for (const n of ["database_2", "database_3"]) expect(instances[n]!.depends_on).toContain("aws_rds_cluster_instance.database_1");
  });

  it("R1.6 separate writer and reader endpoints: the cluster's", () => {
    const out = json().output!;
    expect(out.db_writer_endpoint!.value).toBe("${aws_rds_cluster.database.endpoint}");
    expect(out.db_reader_endpoint!.value).toBe("${aws_rds_cluster.database.reader_endpoint}");
    // The replicated secret holding the write-only password (a global database member has no RDS-managed one).
    expect(out.db_master_secret_arn!.value).toBe("${aws_secretsmanager_secret.db-master-secret.arn}");
    expect(out.db_iam_resource_id!.value).toBe("${aws_rds_cluster.database.cluster_resource_id}");
  });

  it("R3.7-style utf8mb4 and TLS in the cluster parameter group", () => {
    const params = Object.fromEntries(one(json(), "aws_rds_cluster_parameter_group", "database_parameters").parameter.map((p: Res) => [p.name, p.value]));
    expect(params).toMatchObject({ character_set_server: "utf8mb4", collation_server: "utf8mb4_0900_ai_ci", require_secure_transport: "ON", server_audit_logging: "1" });
  });

  it("R1.6 Valkey replication group: a node per AZ, failover, Multi-AZ, encrypted at rest and in transit", () => {
    expect(one(json(), "aws_elasticache_replication_group", "cache")).toMatchObject({
      replication_group_id: "media-commerce-cache",
      engine: "valkey",
      engine_version: "8.0",
      node_type: "cache.r7g.large",
      num_cache_clusters: 3,
      preferred_cache_cluster_azs: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"],
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: "true",
      kms_key_id: "${aws_kms_key.cache-key.arn}",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      snapshot_retention_limit: 7,
      subnet_group_name: "${aws_elasticache_subnet_group.cache_subnets.name}",
      security_group_ids: [network("sg_cache_id")],
      lifecycle: { prevent_destroy: true },
    });
  });

  it("R1.6 cache endpoints and IAM names are outputs", () => {
    const out = json().output!;
    expect(out.cache_primary_endpoint!.value).toBe("${aws_elasticache_replication_group.cache.primary_endpoint_address}");
    expect(out.cache_reader_endpoint!.value).toBe("${aws_elasticache_replication_group.cache.reader_endpoint_address}");
    expect([out.cache_port!.value, out.cache_user_id!.value, out.cache_replication_group_id!.value]).toEqual(["6379", "media-commerce-app", "media-commerce-cache"]);
  });

  it("R1.2 media bucket: versioned, SSE-KMS, public access blocked, Intelligent-Tiering from day 0", () => {
    const j = json();
    expect(one(j, "aws_s3_bucket", "media_primary").bucket_prefix).toBe("media-commerce-media-");
    expect(one(j, "aws_s3_bucket_versioning", "media_primary").versioning_configuration).toEqual({ status: "Enabled" });
    expect(one(j, "aws_s3_bucket_server_side_encryption_configuration", "media_primary_encryption").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.media-key.arn}",
    });
    expect(one(j, "aws_s3_bucket_public_access_block", "media_primary")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const rules = one(j, "aws_s3_bucket_lifecycle_configuration", "media_primary_lifecycle").rule;
    expect(rules.find((r: Res) => r.id === "intelligent-tiering").transition).toEqual([{ days: 0, storage_class: "INTELLIGENT_TIERING" }]);
  });

  it("R1.2 seam: behind CloudFront the edge stack owns the media bucket policy; the media key lets this account's distributions decrypt", () => {
    const j = json();
    expect(resources(j, "aws_s3_bucket_policy")["media_primary"]).toBeUndefined();
    const key = JSON.parse(one(j, "aws_kms_key", "media-key").policy);
    const cf = key.Statement.find((s: Res) => s.Principal?.Service === "cloudfront.amazonaws.com");
    expect(cf.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::222222222222:distribution/*" } });
    const out = j.output!;
    expect(out.media_bucket_name!.value).toBe("${aws_s3_bucket.media_primary.bucket}");
    expect(out.media_bucket_arn!.value).toBe("${aws_s3_bucket.media_primary.arn}");
    expect(out.media_bucket_regional_domain_name!.value).toBe("${aws_s3_bucket.media_primary.bucket_regional_domain_name}");
    expect(out.media_kms_key_arn!.value).toBe("${aws_kms_key.media-key.arn}");
  });

  it("R1.3 the backup copy: Object Lock, its own key, replicated without delete markers", () => {
    const j = json();
    expect(one(j, "aws_s3_bucket", "media_backup")).toMatchObject({ object_lock_enabled: true, bucket_prefix: "media-commerce-media-backup-" });
    expect(one(j, "aws_s3_bucket_object_lock_configuration", "media_backup-lock").rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 30 } });
    expect(one(j, "aws_s3_bucket_server_side_encryption_configuration", "media_backup_encryption").rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(
      "${aws_kms_key.media-backup-key.arn}",
    );
    expect(one(j, "aws_s3_bucket_policy", "media_backup").policy).toMatch(/aws:SecureTransport/);
    const replication = one(j, "aws_s3_bucket_replication_configuration", "media_replication");
    expect(replication.bucket).toBe("${aws_s3_bucket.media_primary.id}");
    // Rule 1 is the independent copy; rule 2 the DR region's copy (__tests__/stacks/dr-seams.test.ts).
    expect(replication.rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        delete_marker_replication: { status: "Disabled" },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
        destination: { bucket: "${aws_s3_bucket.media_backup.arn}", storage_class: "GLACIER_IR", encryption_configuration: { replica_kms_key_id: "${aws_kms_key.media-backup-key.arn}" } },
      }),
      expect.objectContaining({ id: "dr-copy", priority: 2, delete_marker_replication: { status: "Disabled" } }),
    ]);
    expect(replication.depends_on).toEqual(["aws_s3_bucket_versioning.media_primary", "aws_s3_bucket_versioning.media_backup"]);
  });

  it("R1.3 the replication role can never delete in the copy", () => {
    const policy = one(json(), "aws_iam_role_policy", "media_replication-policy").policy as string;
    expect(policy).toMatch(/s3:ReplicateObject/);
    expect(policy).not.toMatch(/ReplicateDelete|s3:Delete|s3:\*/);
  });

  it("R1.3 R1.7 AWS Backup: vault with its own key, daily plan kept 35 days, covering the cluster and the media bucket", () => {
    const j = json();
    expect(one(j, "aws_backup_vault", "backup")).toMatchObject({ name: "media-commerce-backup", kms_key_arn: "${aws_kms_key.backup-key.arn}", force_destroy: false });
    expect(one(j, "aws_backup_plan", "backup").rule).toEqual([
      expect.objectContaining({ rule_name: "daily", schedule: "cron(0 18 * * ? *)", target_vault_name: "${aws_backup_vault.backup.name}", lifecycle: { delete_after: 35 } }),
    ]);
    expect(one(j, "aws_backup_selection", "backup").resources).toEqual(["${aws_rds_cluster.database.arn}", "${aws_s3_bucket.media_primary.arn}"]);
  });
});

describe("web-was (R2.4, R2.5)", () => {
  const json = () => SYNTH["web-was"]!;

  it("R2.4 a Multi-AZ primary and a read replica of it", () => {
    expect(one(json(), "aws_db_instance", "database_primary")).toMatchObject({ multi_az: true, identifier: "web-was-db" });
    expect(one(json(), "aws_db_instance", "database_replica-1")).toMatchObject({
      identifier: "web-was-db-replica-1",
      replicate_source_db: "${aws_db_instance.database_primary.identifier}",
      multi_az: false,
    });
  });

  it("X.4 IAM database authentication ids for the application's own user: the primary's and each replica's resource id", () => {
    const out = SYNTH["web-was"]!.output!;
    expect(out.db_iam_resource_id!.value).toBe("${aws_db_instance.database_primary.resource_id}");
    expect(out.db_replica_iam_resource_ids!.value).toEqual(["${aws_db_instance.database_replica-1.resource_id}"]);
    expect(SYNTH["media-commerce"]!.output!.db_replica_iam_resource_ids!.value).toEqual([]);
  });

  it("R2.4 separate writer and reader endpoints: the primary's and the replica's", () => {
    const out = json().output!;
    expect(out.db_writer_endpoint!.value).toBe("${aws_db_instance.database_primary.address}");
    expect(out.db_reader_endpoint!.value).toBe("${aws_db_instance.database_replica-1.address}");
  });

  it("R2.4 several replicas get one reader name: weighted CNAMEs in a private zone of the VPC", () => {
    const j = SYNTH.threeReplicas!;
    expect(one(j, "aws_route53_zone", "db-reader")).toMatchObject({ name: "db.web-was.internal", vpc: [{ vpc_id: network("vpc_id") }] });
    const records = Object.values(resources(j, "aws_route53_record"));
    expect(records.map((r) => [r.name, r.type, r.records, r.set_identifier, r.weighted_routing_policy])).toEqual(
      [1, 2, 3].map((n) => ["reader.db.web-was.internal", "CNAME", [`\${aws_db_instance.database_replica-${n}.address}`], `replica-${n}`, { weight: 1 }]),
    );
    expect(j.output!.db_reader_endpoint!.value).toBe("reader.db.web-was.internal");
  });

  it("R2.5 EFS for the logs, one access point /logs", () => {
    const j = json();
    expect(Object.values(byName(j, "aws_efs_access_point")).map((a) => a.root_directory.path)).toEqual(["/logs"]);
    expect(j.output!.efs_access_point_paths!.value).toEqual(["/logs"]);
    expect(j.output!.efs_access_point_ids!.value).toEqual(["${aws_efs_access_point.shared-files_logs.id}"]);
  });
});

describe("buddyverse (R3.6, R3.7, R3.11)", () => {
  const json = () => SYNTH.buddyverse!;

  it("R3.7 primary pinned to ap-northeast-2a (so not Multi-AZ), read replica in ap-northeast-2c", () => {
    expect(one(json(), "aws_db_instance", "database_primary")).toMatchObject({ availability_zone: "ap-northeast-2a", multi_az: false });
    expect(one(json(), "aws_db_instance", "database_replica-1")).toMatchObject({ availability_zone: "ap-northeast-2c", replicate_source_db: "${aws_db_instance.database_primary.identifier}" });
  });

  it("R3.7 parameter group: utf8mb4 for every character set, the seed's collations (server unicode_ci, connections general_ci), TLS required", () => {
    const group = one(json(), "aws_db_parameter_group", "database_parameters");
    expect(group.family).toBe("mysql8.0");
    const params = Object.fromEntries(group.parameter.map((p: Res) => [p.name, p.value]));
    expect(params).toMatchObject({
      character_set_server: "utf8mb4",
      character_set_client: "utf8mb4",
      character_set_connection: "utf8mb4",
      character_set_database: "utf8mb4",
      character_set_results: "utf8mb4",
      collation_server: "utf8mb4_unicode_ci",
      collation_connection: "utf8mb4_general_ci",
      require_secure_transport: "1",
    });
    for (const r of all(json(), "aws_db_instance")) expect(r.parameter_group_name).toBe("${aws_db_parameter_group.database_parameters.name}");
  });

  it("R3.7 3306 reaches the database only through the network's db group (web tier and bastion, rules in the network stack)", () => {
    for (const r of all(json(), "aws_db_instance")) expect(r.vpc_security_group_ids).toEqual([network("sg_db_id")]);
  });

  it("R3.6 EFS encrypted with the CMK, automatic backups, IA after 30 days", () => {
    const j = json();
    expect(one(j, "aws_efs_file_system", "shared-files")).toMatchObject({
      encrypted: true,
      kms_key_id: "${aws_kms_key.efs-key.arn}",
      lifecycle_policy: [{ transition_to_ia: "AFTER_30_DAYS" }, { transition_to_primary_storage_class: "AFTER_1_ACCESS" }],
    });
    expect(one(j, "aws_efs_backup_policy", "shared-files").backup_policy).toEqual({ status: "ENABLED" });
  });

  it("R3.6 a mount target in both web subnets, NFS through the network's EFS group only", () => {
    const targets = resources(json(), "aws_efs_mount_target");
    expect(Object.keys(targets)).toEqual(["shared-files_a", "shared-files_c"]);
    expect(Object.values(targets).map((t) => [t.subnet_id, t.security_groups])).toEqual([
      [`\${element(${network("web_subnet_ids").slice(2, -1)}, 0)}`, [network("sg_efs_id")]],
      [`\${element(${network("web_subnet_ids").slice(2, -1)}, 1)}`, [network("sg_efs_id")]],
    ]);
  });

  it("R3.6 access points /static and /media, named in the outputs for mounting at boot", () => {
    const j = json();
    const points = byName(j, "aws_efs_access_point");
    expect(Object.fromEntries(Object.entries(points).map(([n, a]) => [n, [a.root_directory.path, a.posix_user]]))).toEqual({
      "shared-files_static": ["/static", { uid: 1000, gid: 1000 }],
      "shared-files_media": ["/media", { uid: 1000, gid: 1000 }],
    });
    expect(j.output!.efs_id!.value).toBe("${aws_efs_file_system.shared-files.id}");
    // Ids and paths pair up by position.
    expect(j.output!.efs_access_point_paths!.value).toEqual(["/static", "/media"]);
    expect(j.output!.efs_access_point_ids!.value).toEqual(["${aws_efs_access_point.shared-files_static.id}", "${aws_efs_access_point.shared-files_media.id}"]);
  });

  it("R3.11 the file system refuses requests without TLS", () => {
    const policy = JSON.parse(one(json(), "aws_efs_file_system_policy", "shared-files").policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });
});

describe("R3.11 every data store is encrypted at rest with a customer managed key that rotates", () => {
  it.each(PRESETS.map((p) => p.name))("%s", (name) => {
    const j = SYNTH[name]!;
    for (const k of all(j, "aws_kms_key")) expect(k.enable_key_rotation).toBe(true);
    const keyRef = /^\$\{aws_kms_key\.[a-z_-]+\.arn\}$/;
    for (const r of allOf(j, "aws_db_instance", "aws_rds_cluster")) expect([r.storage_encrypted, r.kms_key_id]).toEqual([true, expect.stringMatching(keyRef)]);
    for (const r of optional(j, "aws_efs_file_system")) expect([r.encrypted, r.kms_key_id]).toEqual([true, expect.stringMatching(keyRef)]);
    for (const r of optional(j, "aws_elasticache_replication_group")) expect([r.at_rest_encryption_enabled, r.kms_key_id, r.transit_encryption_enabled]).toEqual(["true", expect.stringMatching(keyRef), true]);
    for (const r of optional(j, "aws_s3_bucket_server_side_encryption_configuration")) expect(r.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(keyRef);
    for (const r of all(j, "aws_sns_topic")) expect(r.kms_master_key_id).toMatch(keyRef);
  });
});

describe("media without a CDN", () => {
  it("keeps the TLS-only media bucket policy here, and no CloudFront statement on the key", () => {
    const j = SYNTH.mediaNoCdn!;
    expect(one(j, "aws_s3_bucket_policy", "media_primary").policy).toMatch(/DenyInsecureTransport/);
    expect(one(j, "aws_kms_key", "media-key").policy).not.toMatch(/cloudfront/);
  });
});

describe("alarms", () => {
  it.each(PRESETS.map((p) => p.name))("%s: every alarm notifies the environment's topic on alarm and on recovery", (name) => {
    const alarms = all(SYNTH[name]!, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) expect(a).toMatchObject({ alarm_actions: ["${aws_sns_topic.alarm-topic.arn}"], ok_actions: ["${aws_sns_topic.alarm-topic.arn}"], actions_enabled: true, period: 300, evaluation_periods: 3 });
  });

  it("R1.6 media-commerce watches every cluster instance and every cache node", () => {
    const names = Object.keys(resources(SYNTH["media-commerce"]!, "aws_cloudwatch_metric_alarm"));
    for (const n of [1, 2, 3]) {
      expect(names).toEqual(expect.arrayContaining([`alarms_db-instance-${n}-cpu`, `alarms_db-instance-${n}-lag`, `alarms_cache-node-${n}-evictions`, `alarms_cache-node-${n}-memory`]));
    }
    expect(one(SYNTH["media-commerce"]!, "aws_cloudwatch_metric_alarm", "alarms_cache-node-3-cpu").dimensions).toEqual({ CacheClusterId: "media-commerce-cache-003" });
  });

  it("EFS burst credits are watched in bursting mode", () => {
    expect(one(SYNTH.redis!, "aws_cloudwatch_metric_alarm", "alarms_efs-burst-credits")).toMatchObject({ metric_name: "BurstCreditBalance", dimensions: { FileSystemId: "${aws_efs_file_system.shared-files.id}" } });
  });

  it.each(PRESETS.map((p) => p.name))("%s: the alarm topic has a subscriber (the preset's placeholder on-call address)", (name) => {
    const subs = all(SYNTH[name]!, "aws_sns_topic_subscription");
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) expect(s).toMatchObject({ topic_arn: "${aws_sns_topic.alarm-topic.arn}", protocol: "email", endpoint: expect.stringMatching(/@example\.com$/) });
  });

  it("HTTPS endpoints (an on-call service's integration URL) are subscribed with protocol https", () => {
    const json = synthEnvironment(variant(retailLaunch, (d) => (d.data.alarms = { httpsEndpoints: ["https://events.pagerduty.example/integration/abc/enqueue"] }))).json.data!;
    expect(resources(json, "aws_sns_topic_subscription")).toEqual({
      "alarm-topic_https-1": expect.objectContaining({ protocol: "https", endpoint: "https://events.pagerduty.example/integration/abc/enqueue", topic_arn: "${aws_sns_topic.alarm-topic.arn}" }),
    });
  });

  it("an explicit opt-out with a reason synthesizes no subscription", () => {
    const json = synthEnvironment(variant(retailLaunch, (d) => (d.data.alarms = { noSubscribersReason: "AWS Chatbot configuration ops-slack subscribes to alarm_topic_arn" }))).json.data!;
    expect(resources(json, "aws_sns_topic_subscription")).toEqual({});
  });

  it("the topic key lets CloudWatch encrypt notifications; the topic admits this account's alarms and TLS only", () => {
    const j = SYNTH["retail-launch"]!;
    const key = JSON.parse(one(j, "aws_kms_key", "alarm-topic").policy);
    expect(key.Statement.map((s: Res) => s.Principal)).toContainEqual({ Service: "cloudwatch.amazonaws.com" });
    const topic = JSON.parse(one(j, "aws_sns_topic_policy", "alarm-topic").policy);
    expect(topic.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: "cloudwatch.amazonaws.com" }, Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": "111111111111" } }) }));
    expect(topic.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });
});
