/**
 * Which synthesized resources realize which requirement: the hand-maintained
 * half of the traceability in `docs/requirements.md` (the other half, which
 * tests prove it, is found in the test titles).
 *
 * Each entry names a preset, a stack kind (the stack is `<preset>-<stack>`,
 * `dr-network` for a disaster-recovery stack) and Terraform address patterns
 * (`*` matches any characters; `data.terraform_remote_state.*` names data
 * sources; a lone `*` is every address of the stack). `npm run docs` resolves
 * every pattern against the preset's SYNTHESIZED JSON and lists the concrete
 * addresses; a pattern that matches nothing is an error, so this map cannot
 * silently rot when a construct id changes. `R*` IDs map to their own preset
 * only; `X.*` IDs map to every preset.
 *
 * A requirement about the definition itself (X.5) is realized by code, not
 * by a resource: `code` names the modules (they must exist) and says why.
 */

/** Resources of one stack of one preset that realize a requirement. */
export interface ResourceRealization {
  /** The preset (`buddyverse`). */
  readonly preset: string;
  /** Stack kind: `state`, `network`, `data`, `compute`, `edge`, `dr-...`. */
  readonly stack: string;
  /** Terraform address patterns inside that stack. */
  readonly addresses: readonly string[];
}

/** Code that realizes a requirement no resource can (refusing invalid definitions). */
export interface CodeRealization {
  /** Project-relative paths of the modules. */
  readonly code: readonly string[];
  /** Why there is no resource to show. */
  readonly why: string;
}

/** One way a requirement is realized. */
export type Realization = ResourceRealization | CodeRealization;

/** Whether a realization names resources. */
export function isResourceRealization(r: Realization): r is ResourceRealization {
  return "addresses" in r;
}

const RL = "retail-launch";
const MC = "media-commerce";
const WW = "web-was";
const BV = "buddyverse";

/** Every preset with the same patterns in the same stack. */
const everyPreset = (stack: string, addresses: readonly string[]): ResourceRealization[] =>
  [RL, MC, WW, BV].map((preset) => ({ preset, stack, addresses }));

/** Requirement ID → what realizes it. */
export const REQUIREMENT_RESOURCES: Readonly<Record<string, readonly Realization[]>> = {
  // ---------------------------------------------------------------- retail-launch (seed 000)
  "R0.1": [
    { preset: RL, stack: "network", addresses: ["aws_route53_zone.dns"] },
    { preset: RL, stack: "edge", addresses: ["aws_route53_record.site_*"] },
    { preset: RL, stack: "compute", addresses: ["aws_lb.alb"] },
  ],
  "R0.2": [
    { preset: RL, stack: "compute", addresses: ["aws_lb.alb", "aws_lb_target_group.alb_web", "aws_autoscaling_group.web-asg"] },
    { preset: RL, stack: "network", addresses: ["aws_subnet.vpc_web-*"] },
  ],
  "R0.3": [
    {
      preset: RL,
      stack: "network",
      addresses: ["aws_subnet.vpc_web-*", "aws_security_group.sg_web", "aws_vpc_security_group_ingress_rule.sg_web-in-*", "aws_network_acl.nacl_web", "aws_network_acl_rule.nacl_web-in-*"],
    },
  ],
  "R0.4": [
    {
      preset: RL,
      stack: "network",
      addresses: [
        "aws_customer_gateway.datacenter_cgw",
        "aws_vpn_gateway.datacenter_vgw",
        "aws_vpn_connection.datacenter_vpn",
        "aws_vpn_connection_route.datacenter_*",
        "aws_route_table.routing_datacenter-*",
        "aws_route.routing_datacenter-*",
        "aws_vpc_security_group_egress_rule.sg_web-out-tcp-443-192-168-10-20-32",
        "aws_network_acl_rule.nacl_web-out-*",
        "aws_eip.nat_*",
      ],
    },
  ],
  "R0.5": [{ preset: RL, stack: "data", addresses: ["aws_db_instance.database_primary"] }],
  "R0.6": [{ preset: RL, stack: "data", addresses: ["aws_db_instance.database_primary", "aws_db_subnet_group.database_subnets"] }],
  "R0.7": [{ preset: RL, stack: "edge", addresses: ["aws_iam_role.vendor", "aws_iam_role_policy.vendor_read-only", "aws_iam_role_policy.vendor_deny-sensitive"] }],
  "R0.8": [
    {
      preset: RL,
      stack: "network",
      addresses: ["aws_vpc_security_group_egress_rule.sg_web-out-tcp-3306-db", "aws_vpc_security_group_ingress_rule.sg_db-in-tcp-3306-web", "aws_network_acl_rule.nacl_db-in-*"],
    },
    { preset: RL, stack: "data", addresses: ["aws_db_instance.database_primary"] },
  ],
  "R0.9": [
    { preset: RL, stack: "compute", addresses: ["aws_instance.bastion", "aws_eip.bastion_ip", "aws_key_pair.operators"] },
    {
      preset: RL,
      stack: "network",
      addresses: ["aws_security_group.sg_bastion", "aws_vpc_security_group_ingress_rule.sg_bastion-in-tcp-22-*", "aws_vpc_security_group_egress_rule.sg_bastion-out-tcp-22-web", "aws_vpc_security_group_ingress_rule.sg_web-in-tcp-22-bastion"],
    },
  ],
  "R0.10": [{ preset: RL, stack: "compute", addresses: ["aws_lb_target_group.alb_web"] }],
  "R0.11": [{ preset: RL, stack: "compute", addresses: ["aws_launch_template.web-template", "aws_launch_template.bastion-template"] }],

  // ---------------------------------------------------------------- media-commerce (seed 001)
  "R1.1": [
    {
      preset: MC,
      stack: "compute",
      addresses: ["aws_lb.alb", "aws_lb.internal-alb", "aws_autoscaling_group.*-asg", "aws_autoscaling_policy.*-asg_cpu", "aws_cloudwatch_metric_alarm.alarms_*-cpu-high"],
    },
  ],
  "R1.2": [
    { preset: MC, stack: "data", addresses: ["aws_s3_bucket.media_primary", "aws_kms_key.media-key"] },
    { preset: MC, stack: "edge", addresses: ["aws_cloudfront_distribution.cdn", "aws_cloudfront_origin_access_control.cdn_media-oac", "aws_cloudfront_cache_policy.cdn_media-cache", "aws_s3_bucket_policy.media-bucket-policy"] },
  ],
  "R1.3": [
    {
      preset: MC,
      stack: "data",
      addresses: [
        "aws_s3_bucket.media_backup",
        "aws_s3_bucket_object_lock_configuration.media_backup-lock",
        "aws_s3_bucket_versioning.media_*",
        "aws_s3_bucket_replication_configuration.media_replication",
        "aws_kms_key.media-backup-key",
        "aws_backup_vault.backup",
        "aws_backup_plan.backup",
        "aws_backup_selection.backup",
      ],
    },
  ],
  "R1.4": [
    { preset: MC, stack: "edge", addresses: ["aws_wafv2_web_acl.waf", "aws_cloudfront_distribution.cdn", "aws_cloudfront_response_headers_policy.cdn_security-headers"] },
    { preset: MC, stack: "compute", addresses: ["aws_lb_listener.alb_http", "aws_lb_listener.alb_https", "aws_lb_listener_rule.alb_from-cdn", "aws_instance.bastion"] },
    {
      preset: MC,
      stack: "network",
      addresses: ["aws_subnet.vpc_web-*", "aws_subnet.vpc_was-*", "aws_subnet.vpc_db-*", "aws_security_group.sg_*", "aws_network_acl.nacl_*", "aws_vpc_security_group_ingress_rule.sg_alb-in-tcp-443-pl-*", "aws_vpc_security_group_egress_rule.sg_bastion-out-*"],
    },
  ],
  "R1.5": [
    { preset: MC, stack: "edge", addresses: ["aws_cloudfront_distribution.cdn", "aws_acm_certificate.cdn-certificate", "aws_route53_record.site_*"] },
    // The second region: its own VPC and compute, the Aurora global database, origin failover.
    { preset: MC, stack: "dr-network", addresses: ["aws_vpc.vpc", "aws_subnet.vpc_*"] },
    { preset: MC, stack: "dr-compute", addresses: ["aws_lb.alb", "aws_autoscaling_group.*-asg", "aws_route53_record.failover_*"] },
    { preset: MC, stack: "dr-data", addresses: ["aws_rds_global_cluster.global-database", "aws_rds_cluster.database"] },
  ],
  "R1.6": [
    { preset: MC, stack: "data", addresses: ["aws_elasticache_replication_group.cache", "aws_rds_cluster.database", "aws_rds_cluster_instance.database_*"] },
    { preset: MC, stack: "compute", addresses: ["aws_autoscaling_policy.*-asg_cpu", "aws_autoscaling_schedule.*"] },
  ],
  "R1.7": [
    { preset: MC, stack: "network", addresses: ["aws_subnet.vpc_*", "aws_nat_gateway.nat_nat-*"] },
    {
      preset: MC,
      stack: "data",
      addresses: ["aws_rds_cluster.database", "aws_rds_cluster_instance.database_*", "aws_elasticache_replication_group.cache", "aws_backup_plan.backup", "aws_s3_bucket_replication_configuration.media_replication"],
    },
    { preset: MC, stack: "compute", addresses: ["aws_autoscaling_group.*-asg"] },
    // Cross-region copies: the media bucket and the backup vault of the DR region.
    { preset: MC, stack: "dr-storage", addresses: ["aws_s3_bucket.media", "aws_backup_vault.backup"] },
    { preset: MC, stack: "dr-data", addresses: ["aws_rds_global_cluster.global-database", "aws_rds_cluster.database", "aws_rds_cluster_instance.database_*"] },
  ],
  "R1.8": [
    { preset: MC, stack: "edge", addresses: ["aws_cloudtrail.audit_trail", "aws_cloudwatch_log_metric_filter.audit_*", "aws_cloudwatch_metric_alarm.audit_*"] },
    { preset: MC, stack: "compute", addresses: ["aws_cloudwatch_dashboard.dashboard", "aws_cloudwatch_metric_alarm.alarms_*"] },
    { preset: MC, stack: "data", addresses: ["aws_sns_topic.alarm-topic", "aws_cloudwatch_metric_alarm.alarms_*"] },
  ],
  "R1.9": [{ preset: MC, stack: "data", addresses: ["aws_rds_cluster.database", "aws_rds_cluster_instance.database_*", "aws_rds_cluster_parameter_group.database_parameters"] }],

  // ---------------------------------------------------------------- web-was (seed 002)
  "R2.1": [
    { preset: WW, stack: "compute", addresses: ["aws_instance.bastion", "aws_eip.bastion_ip", "aws_key_pair.operators", "aws_launch_template.bastion-template"] },
    { preset: WW, stack: "network", addresses: ["aws_vpc_security_group_ingress_rule.sg_bastion-in-tcp-22-*"] },
  ],
  "R2.2": [
    { preset: WW, stack: "compute", addresses: ["aws_lb.alb", "aws_lb_listener.alb_http", "aws_lb_listener.alb_https", "aws_lb_target_group.alb_web"] },
    { preset: WW, stack: "network", addresses: ["aws_vpc_security_group_ingress_rule.sg_alb-in-*"] },
  ],
  "R2.3": [
    {
      preset: WW,
      stack: "compute",
      addresses: ["aws_lb.internal-alb", "aws_lb_listener.internal-alb", "aws_lb_target_group.internal-alb_was", "aws_autoscaling_group.web-asg", "aws_autoscaling_group.was-asg", "aws_autoscaling_policy.*-asg_cpu"],
    },
    { preset: WW, stack: "network", addresses: ["aws_subnet.vpc_web-*", "aws_subnet.vpc_was-*"] },
  ],
  "R2.4": [{ preset: WW, stack: "data", addresses: ["aws_db_instance.database_primary", "aws_db_instance.database_replica-*"] }],
  "R2.5": [
    { preset: WW, stack: "compute", addresses: ["aws_cloudwatch_log_group.web-logs", "aws_cloudwatch_log_group.was-logs"] },
    { preset: WW, stack: "data", addresses: ["aws_efs_file_system.shared-files", "aws_efs_access_point.shared-files_logs", "aws_efs_mount_target.shared-files_*"] },
  ],
  "R2.6": [
    { preset: WW, stack: "network", addresses: ["aws_subnet.vpc_web-*", "aws_subnet.vpc_was-*", "aws_security_group.sg_web", "aws_security_group.sg_was", "aws_vpc_security_group_ingress_rule.sg_bastion-in-tcp-22-*"] },
    { preset: WW, stack: "compute", addresses: ["aws_instance.bastion", "aws_eip.bastion_ip"] },
  ],
  "R2.7": [
    {
      preset: WW,
      stack: "network",
      addresses: ["aws_vpc_security_group_ingress_rule.sg_web-in-tcp-80-alb", "aws_vpc_security_group_ingress_rule.sg_was-in-tcp-8080-internal-alb", "aws_vpc_security_group_egress_rule.sg_alb-out-tcp-80-web", "aws_vpc_security_group_egress_rule.sg_internal-alb-out-tcp-8080-was"],
    },
  ],
  "R2.8": [{ preset: WW, stack: "network", addresses: ["aws_nat_gateway.nat_nat-*", "aws_eip.nat_*", "aws_route.routing_private-*-default", "aws_route_table.routing_private-*"] }],
  "R2.9": [{ preset: WW, stack: "compute", addresses: ["aws_launch_template.bastion-template", "aws_launch_template.web-template", "aws_launch_template.was-template"] }],

  // ---------------------------------------------------------------- buddyverse (seed 003)
  "R3.1": [{ preset: BV, stack: "network", addresses: ["aws_vpc.vpc", "aws_subnet.vpc_*"] }],
  "R3.2": [
    {
      preset: BV,
      stack: "network",
      addresses: [
        "aws_internet_gateway.vpc_igw",
        "aws_route_table.vpc_public-rt",
        "aws_route.vpc_public-default",
        "aws_route_table.routing_private-*",
        "aws_route.routing_private-*-default",
        "aws_network_interface.nat_eni-*",
        "aws_eip.nat_*",
        "aws_autoscaling_group.nat_asg-*",
        "aws_launch_template.nat_lt-*",
        "aws_iam_role_policy.nat_report-health",
      ],
    },
  ],
  "R3.3": [
    { preset: BV, stack: "compute", addresses: ["aws_instance.bastion", "aws_eip.bastion_ip", "aws_instance.bastion-c", "aws_eip.bastion-c_ip"] },
    { preset: BV, stack: "network", addresses: ["aws_subnet.vpc_public-*", "aws_vpc_security_group_ingress_rule.sg_web-in-*"] },
  ],
  "R3.4": [{ preset: BV, stack: "compute", addresses: ["aws_lb.alb", "aws_lb_target_group.alb_web"] }],
  "R3.5": [{ preset: BV, stack: "compute", addresses: ["aws_autoscaling_group.web-asg", "aws_launch_template.web-template", "aws_autoscaling_policy.web-asg_cpu"] }],
  "R3.6": [
    {
      preset: BV,
      stack: "data",
      addresses: [
        "aws_efs_file_system.shared-files",
        "aws_efs_backup_policy.shared-files",
        "aws_efs_mount_target.shared-files_*",
        "aws_efs_access_point.shared-files_*",
        "aws_kms_key.efs-key",
      ],
    },
    { preset: BV, stack: "network", addresses: ["aws_vpc_security_group_ingress_rule.sg_efs-in-tcp-2049-web"] },
    { preset: BV, stack: "compute", addresses: ["aws_launch_template.web-template"] },
  ],
  "R3.7": [
    { preset: BV, stack: "data", addresses: ["aws_db_instance.database_primary", "aws_db_instance.database_replica-*", "aws_db_parameter_group.database_parameters"] },
    { preset: BV, stack: "network", addresses: ["aws_vpc_security_group_ingress_rule.sg_db-in-*"] },
  ],
  "R3.8": [
    { preset: BV, stack: "network", addresses: ["aws_route53_zone.dns"] },
    { preset: BV, stack: "edge", addresses: ["aws_route53_record.site_*"] },
  ],
  "R3.9": [
    {
      preset: BV,
      stack: "compute",
      addresses: ["aws_acm_certificate.certificate", "aws_acm_certificate_validation.certificate", "aws_route53_record.certificate_validation-record", "aws_lb_listener.alb_https", "aws_lb_listener.alb_http"],
    },
  ],
  "R3.10": [{ preset: BV, stack: "compute", addresses: ["aws_cloudwatch_dashboard.dashboard", "aws_cloudwatch_metric_alarm.alarms_*", "aws_autoscaling_policy.web-asg_cpu"] }],
  "R3.11": [
    {
      preset: BV,
      stack: "data",
      addresses: ["aws_kms_key.db-key", "aws_kms_key.efs-key", "aws_db_instance.database_*", "aws_efs_file_system.shared-files", "aws_efs_file_system_policy.shared-files"],
    },
    { preset: BV, stack: "compute", addresses: ["aws_lb_listener.alb_https", "aws_kms_key.volume-key"] },
  ],

  // ---------------------------------------------------------------- cross-cutting (every preset)
  "X.1": [
    ...everyPreset("state", ["aws_s3_bucket.state", "aws_s3_bucket_versioning.state_bucket"]),
    ...everyPreset("data", ["data.terraform_remote_state.*"]),
    ...everyPreset("compute", ["data.terraform_remote_state.*"]),
    ...everyPreset("edge", ["data.terraform_remote_state.*"]),
  ],
  // Every stack as a whole is what validates and plans.
  "X.2": [
    ...["state", "network", "data", "compute", "edge"].flatMap((stack) => everyPreset(stack, ["*"])),
    ...["dr-storage", "dr-network", "dr-data", "dr-compute"].map((stack) => ({ preset: MC, stack, addresses: ["*"] })),
  ],
  "X.3": [
    ...everyPreset("state", ["aws_s3_bucket.state", "aws_s3_bucket_versioning.state_bucket"]),
    ...everyPreset("network", ["aws_route53_zone.dns"]),
    ...everyPreset("compute", ["aws_lb.alb"]),
    { preset: RL, stack: "data", addresses: ["aws_db_instance.database_primary"] },
    { preset: MC, stack: "data", addresses: ["aws_rds_cluster.database", "aws_rds_cluster_instance.database_*", "aws_elasticache_replication_group.cache", "aws_s3_bucket.media_*", "aws_s3_bucket_versioning.media_*", "aws_backup_vault.backup"] },
    { preset: WW, stack: "data", addresses: ["aws_db_instance.database_*", "aws_efs_file_system.shared-files", "aws_efs_backup_policy.shared-files"] },
    { preset: BV, stack: "data", addresses: ["aws_db_instance.database_*", "aws_efs_file_system.shared-files", "aws_efs_backup_policy.shared-files"] },
  ],
  "X.4": [
    ...everyPreset("compute", ["aws_key_pair.operators"]),
    { preset: RL, stack: "data", addresses: ["aws_db_instance.database_primary"] },
    { preset: MC, stack: "data", addresses: ["aws_rds_cluster.database", "aws_elasticache_user.cache_app-user"] },
    { preset: WW, stack: "data", addresses: ["aws_db_instance.database_primary"] },
    { preset: BV, stack: "data", addresses: ["aws_db_instance.database_primary"] },
  ],
  "X.5": [
    {
      code: ["src/config/validate.ts", "src/config/definition.ts", "src/config/rule.ts", "src/config/problems.ts"],
      why: "an invalid definition is refused before any resource exists: validation reports every problem with its field path",
    },
  ],
};
