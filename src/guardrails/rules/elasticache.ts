/**
 * ElastiCache (Redis/Valkey replication group) rules.
 */
import { Rule, rule } from "../rule";
import { isTrue, list, num, show } from "../../synthesized/terraform-json";

const TYPES = ["aws_elasticache_replication_group"];

/** ElastiCache rules. */
export const ELASTICACHE_RULES: readonly Rule[] = [
  rule({
    id: "elasticache-at-rest-kms",
    checkov: ["CKV_AWS_29", "CKV_AWS_191"],
    service: "elasticache",
    types: TYPES,
    title: "The cache is encrypted at rest with a customer-managed KMS key.",
    reason: "Cached sessions and pages hold personal data (R3.11); snapshots leave the cluster.",
    fix: "Set at_rest_encryption_enabled = true and kms_key_id to the cache key (Cache).",
    check(rg) {
      const problems: string[] = [];
      if (!isTrue(rg.attrs.at_rest_encryption_enabled)) problems.push(`at_rest_encryption_enabled is ${show(rg.attrs.at_rest_encryption_enabled)}`);
      if (typeof rg.attrs.kms_key_id !== "string") problems.push("no kms_key_id");
      return problems;
    },
  }),
  rule({
    id: "elasticache-in-transit",
    checkov: ["CKV_AWS_30"],
    service: "elasticache",
    types: TYPES,
    title: "The cache requires TLS.",
    reason: "Without TLS, session tokens and cached data cross the VPC in cleartext.",
    fix: 'Set transit_encryption_enabled = true (and transit_encryption_mode "required" once clients use TLS).',
    check(rg) {
      if (!isTrue(rg.attrs.transit_encryption_enabled)) return `transit_encryption_enabled is ${show(rg.attrs.transit_encryption_enabled)}`;
      if (rg.attrs.transit_encryption_mode === "preferred") return 'transit_encryption_mode is "preferred": plaintext clients are still accepted';
      return undefined;
    },
  }),
  rule({
    id: "elasticache-auth",
    checkov: ["CKV_AWS_31"],
    service: "elasticache",
    types: TYPES,
    title: "The cache authenticates clients (RBAC user group or AUTH token).",
    reason: "Anyone who reaches the port could otherwise read and flush the cache; security groups alone are one mistake away.",
    fix: "Give the replication group user_group_ids (IAM-authenticated users, Cache).",
    check(rg) {
      if (list(rg.attrs.user_group_ids).length === 0 && typeof rg.attrs.auth_token !== "string") return "neither user_group_ids nor auth_token";
      return undefined;
    },
  }),
  rule({
    id: "elasticache-multi-az",
    checkov: ["CKV2_AWS_50"],
    service: "elasticache",
    types: TYPES,
    title: "The cache fails over automatically across AZs (automatic failover, Multi-AZ, at least two nodes).",
    reason: "A single-node cache takes every session with it when its AZ fails; sales events must not slow down (R1.6, R1.7).",
    fix: "Set automatic_failover_enabled, multi_az_enabled and num_cache_clusters >= 2 (trap 7: failover needs two nodes).",
    check(rg) {
      const problems: string[] = [];
      if (!isTrue(rg.attrs.automatic_failover_enabled)) problems.push(`automatic_failover_enabled is ${show(rg.attrs.automatic_failover_enabled)}`);
      if (!isTrue(rg.attrs.multi_az_enabled)) problems.push(`multi_az_enabled is ${show(rg.attrs.multi_az_enabled)}`);
      const nodes = num(rg.attrs.num_cache_clusters) ?? ((num(rg.attrs.replicas_per_node_group) ?? 0) + 1);
      if (nodes < 2) problems.push(`only ${nodes} node(s) per shard`);
      return problems;
    },
  }),
  rule({
    id: "elasticache-snapshots",
    checkov: ["CKV_AWS_134"],
    service: "elasticache",
    types: TYPES,
    title: "The cache keeps automatic snapshots.",
    reason: "A snapshot restores a warm cache after a bad deploy or flush instead of a stampede on the database.",
    fix: "Set snapshot_retention_limit >= 1.",
    check(rg) {
      if ((num(rg.attrs.snapshot_retention_limit) ?? 0) < 1) return `snapshot_retention_limit is ${show(rg.attrs.snapshot_retention_limit)}`;
      return undefined;
    },
  }),
];
