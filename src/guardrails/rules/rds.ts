/**
 * RDS rules: `aws_db_instance` (MySQL primary and read replicas), Aurora
 * `aws_rds_cluster` and its `aws_rds_cluster_instance`s.
 *
 * checkov ignores `replicate_source_db` and holds replicas to the same checks;
 * so do these rules, except where a setting does not exist or means nothing on
 * a replica (each such case is named in the rule's `exceptions`).
 */
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { Rule, rule } from "../rule";
import { blocks, isFalse, isTrue, list, num, show, str } from "../../synthesized/terraform-json";

/** A read replica (its data, backups and parameters come from its source). */
export function isReplica(db: TfResource): boolean {
  return typeof db.attrs.replicate_source_db === "string" && db.attrs.replicate_source_db !== "";
}

/** CA certificates AWS currently issues (rds-ca-2019 expired in 2024). */
const CURRENT_CAS = new Set(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"]);

function hasKmsKey(v: unknown): boolean {
  return typeof v === "string" && v !== "";
}

/** The TLS-enforcing parameter of an engine family: MySQL/MariaDB or PostgreSQL. */
function tlsParameter(engine: string): { name: string; on: readonly string[] } | undefined {
  if (/mysql|mariadb/.test(engine)) return { name: "require_secure_transport", on: ["1", "ON", "on", "true"] };
  if (/postgres/.test(engine)) return { name: "rds.force_ssl", on: ["1"] };
  return undefined;
}

/** Problems with the parameter group `attribute` of `db` enforcing TLS. */
function tlsProblems(db: TfResource, attribute: string, groupType: string, model: TerraformIndex): string | undefined {
  const engine = str(db.attrs.engine) ?? "";
  const parameter = tlsParameter(engine);
  if (!parameter) return undefined;
  const group = model.refOf(db, attribute, groupType);
  if (!group) return `${attribute} is ${show(db.attrs[attribute])}: not an ${groupType} of this environment, so nothing requires TLS (engine defaults accept plaintext)`;
  const value = blocks(group.attrs.parameter).find((p) => p.name === parameter.name)?.value;
  if (value === undefined) return `${group.address} does not set ${parameter.name} (the engine default accepts plaintext)`;
  if (!parameter.on.includes(String(value))) return `${group.address} sets ${parameter.name} to ${show(value)}`;
  return undefined;
}

/** RDS rules. */
export const RDS_RULES: readonly Rule[] = [
  rule({
    id: "rds-encrypted-kms",
    checkov: ["CKV_AWS_16", "CKV_AWS_96", "CKV_AWS_327"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "Databases are encrypted at rest with a customer-managed KMS key (replicas included).",
    reason: "Personal data at rest must be encrypted (R3.11); a customer-managed key puts snapshots and restores under a key policy.",
    fix: "Set storage_encrypted = true and kms_key_id to the database EncryptionKey (RdsDatabase/AuroraCluster do, on replicas too).",
    check(db) {
      const problems: string[] = [];
      if (!isTrue(db.attrs.storage_encrypted)) problems.push(`storage_encrypted is ${show(db.attrs.storage_encrypted)}`);
      if (!hasKmsKey(db.attrs.kms_key_id)) problems.push("no kms_key_id: the AWS-managed aws/rds key is used");
      return problems;
    },
  }),
  rule({
    id: "rds-not-public",
    checkov: ["CKV_AWS_17"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    title: "No database instance is publicly accessible.",
    reason: "A public endpoint exposes the database port to the internet; only the web/WAS tier and the bastion may reach it (R3.7).",
    fix: "Set publicly_accessible = false and keep the database in the db subnets.",
    check(db) {
      if (isTrue(db.attrs.publicly_accessible)) return "publicly_accessible is true";
      return undefined;
    },
  }),
  rule({
    id: "rds-multi-az",
    checkov: ["CKV_AWS_157"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "The writer survives the loss of an AZ: Multi-AZ instance, or an Aurora cluster with a reader in another AZ.",
    reason: "A single-AZ writer goes down with its AZ; Multi-AZ fails over automatically in 60-120 s (R0.5, R0.6, R1.7).",
    fix: "Set data.database.multiAz = true (RDS) or give the Aurora cluster at least two instances.",
    exceptions:
      "Read replicas (replicate_source_db set): a replica is itself the redundancy for reads, and its source carries the Multi-AZ requirement; the application falls back to the writer endpoint.",
    check(db, model) {
      if (db.type === "aws_rds_cluster") {
        const members = model.referrers(db, "aws_rds_cluster_instance", ["cluster_identifier"]);
        if (members.length < 2) return `the cluster has ${members.length} instance(s); a reader in another AZ is needed to fail over`;
        const azs = new Set(members.map((m) => m.attrs.availability_zone).filter((az) => typeof az === "string"));
        if (azs.size === 1 && members.every((m) => typeof m.attrs.availability_zone === "string")) return `every instance is pinned to ${[...azs][0]}`;
        return undefined;
      }
      if (isReplica(db)) return undefined;
      if (!isTrue(db.attrs.multi_az)) return `multi_az is ${show(db.attrs.multi_az)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-deletion-protection",
    checkov: ["CKV_AWS_293", "CKV_AWS_139"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "Databases have deletion protection on.",
    reason: "Nothing stateful may be destroyed by accident (X.3): deletion protection makes the API refuse a delete, even from Terraform.",
    fix: "Set deletion_protection = true (disable it in one apply, replace in the next, when a replacement is intended).",
    check(db) {
      if (!isTrue(db.attrs.deletion_protection)) return `deletion_protection is ${show(db.attrs.deletion_protection)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-backup-retention",
    checkov: ["CKV_AWS_133"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "Automated backups are kept 7 to 35 days.",
    reason: "Point-in-time recovery only reaches back as far as the retention; the API default (1 day) loses a weekend's mistake.",
    fix: "Set backup_retention_period between 7 and 35.",
    exceptions: "Read replicas: their backups are off at creation whatever is set (AWS); the source's retention is what restores the data.",
    check(db) {
      if (db.type === "aws_db_instance" && isReplica(db)) return undefined;
      const days = num(db.attrs.backup_retention_period);
      if (days === undefined || days < 7 || days > 35) return `backup_retention_period is ${show(db.attrs.backup_retention_period)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-log-exports",
    checkov: ["CKV_AWS_129", "CKV_AWS_324"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "Database logs are exported to CloudWatch Logs.",
    reason: "Error, slow query and audit logs are the evidence of an incident and of a performance problem; on the instance they rotate away.",
    fix: "Set enabled_cloudwatch_logs_exports (audit, error, slowquery) with their log groups (DbLogGroups).",
    check(db) {
      if (list(db.attrs.enabled_cloudwatch_logs_exports).length === 0) return "enabled_cloudwatch_logs_exports is empty";
      return undefined;
    },
  }),
  rule({
    id: "rds-enhanced-monitoring",
    checkov: ["CKV_AWS_118"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    title: "Enhanced monitoring is on (interval and role).",
    reason: "OS-level metrics (memory, swap, processes) explain the slowdowns CloudWatch's hypervisor metrics cannot.",
    fix: "Set monitoring_interval (e.g. 60) and monitoring_role_arn (DbMonitoringRole).",
    check(db) {
      const problems: string[] = [];
      if ((num(db.attrs.monitoring_interval) ?? 0) <= 0) problems.push(`monitoring_interval is ${show(db.attrs.monitoring_interval)}`);
      if (typeof db.attrs.monitoring_role_arn !== "string") problems.push("no monitoring_role_arn");
      return problems;
    },
  }),
  rule({
    id: "rds-performance-insights-kms",
    checkov: ["CKV_AWS_353", "CKV_AWS_354"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    title: "Performance Insights is on and encrypted with a customer-managed key.",
    reason: "Performance Insights holds query text (possibly personal data); it is the first tool in a database slowdown.",
    fix: "Set performance_insights_enabled = true and performance_insights_kms_key_id to the database key.",
    check(db) {
      const problems: string[] = [];
      if (!isTrue(db.attrs.performance_insights_enabled)) problems.push(`performance_insights_enabled is ${show(db.attrs.performance_insights_enabled)}`);
      else if (!hasKmsKey(db.attrs.performance_insights_kms_key_id)) problems.push("no performance_insights_kms_key_id");
      return problems;
    },
  }),
  rule({
    id: "rds-iam-auth",
    checkov: ["CKV_AWS_161", "CKV_AWS_162", "CKV_AWS_128"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "IAM database authentication is enabled.",
    reason: "Applications connect with short-lived IAM tokens instead of a stored password (X.4).",
    fix: "Set iam_database_authentication_enabled = true.",
    check(db) {
      if (!isTrue(db.attrs.iam_database_authentication_enabled)) return `iam_database_authentication_enabled is ${show(db.attrs.iam_database_authentication_enabled)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-auto-minor-upgrade",
    checkov: ["CKV_AWS_226"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    title: "Minor engine upgrades are applied automatically.",
    reason: "Minor versions carry security fixes; the maintenance window applies them without an operator.",
    fix: "Leave auto_minor_version_upgrade unset or true.",
    check(db) {
      if (isFalse(db.attrs.auto_minor_version_upgrade)) return "auto_minor_version_upgrade is false";
      return undefined;
    },
  }),
  rule({
    id: "rds-current-ca",
    checkov: ["CKV_AWS_211"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster_instance"],
    title: "Instances name a current CA certificate (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1).",
    reason: "Clients verify the server against this CA; an expired or implicit CA breaks TLS connections at rotation time.",
    fix: 'Set ca_cert_identifier = "rds-ca-rsa2048-g1".',
    check(db) {
      if (!CURRENT_CAS.has(String(db.attrs.ca_cert_identifier))) return `ca_cert_identifier is ${show(db.attrs.ca_cert_identifier)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-copy-tags-to-snapshots",
    checkov: ["CKV2_AWS_60", "CKV_AWS_313"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "Snapshots inherit the database's tags.",
    reason: "Untagged snapshots lose their environment and owner: nobody knows what they are, or dares delete them.",
    fix: "Set copy_tags_to_snapshot = true.",
    exceptions: "Read replicas: they take no snapshots of their own (backups are off on a replica at creation).",
    check(db) {
      if (db.type === "aws_db_instance" && isReplica(db)) return undefined;
      if (!isTrue(db.attrs.copy_tags_to_snapshot)) return `copy_tags_to_snapshot is ${show(db.attrs.copy_tags_to_snapshot)}`;
      return undefined;
    },
  }),
  rule({
    id: "rds-require-tls",
    checkov: ["CKV2_AWS_69"],
    service: "rds",
    types: ["aws_db_instance", "aws_rds_cluster"],
    title: "The database's own parameter group requires TLS (require_secure_transport / rds.force_ssl).",
    reason: "Personal data must be protected in transit (R3.11); the engine default accepts plaintext connections.",
    fix: "Attach a parameter group of this environment that sets require_secure_transport = 1 (src/lib/mysql-parameters.ts).",
    check(db, model) {
      return db.type === "aws_rds_cluster"
        ? tlsProblems(db, "db_cluster_parameter_group_name", "aws_rds_cluster_parameter_group", model)
        : tlsProblems(db, "parameter_group_name", "aws_db_parameter_group", model);
    },
  }),
  rule({
    id: "rds-cluster-backup-plan",
    checkov: ["CKV2_AWS_8"],
    service: "rds",
    types: ["aws_rds_cluster"],
    title: "Aurora clusters are in an AWS Backup plan.",
    reason: "AWS Backup keeps copies beyond the automated-backup window, in a vault with its own key and retention (R1.7).",
    fix: "Add the cluster to the BackupPlan's selection (data.backup).",
    check(cluster, model) {
      if (model.referrers(cluster, "aws_backup_selection", ["resources"]).length === 0) return "no aws_backup_selection lists this cluster";
      return undefined;
    },
  }),
];
