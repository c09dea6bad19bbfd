/**
 * EFS rules.
 */
import { Rule, rule } from "../rule";
import { block, blocks, isTrue, show, str } from "../../synthesized/terraform-json";

/** EFS rules. */
export const EFS_RULES: readonly Rule[] = [
  rule({
    id: "efs-kms-encryption",
    checkov: ["CKV_AWS_42", "CKV_AWS_184"],
    service: "efs",
    types: ["aws_efs_file_system"],
    title: "File systems are encrypted with a customer-managed KMS key.",
    reason: "Shared files hold user uploads (R3.6, R3.11); encryption cannot be added after creation.",
    fix: "Set encrypted = true and kms_key_id (SharedFiles).",
    check(fs) {
      const problems: string[] = [];
      if (!isTrue(fs.attrs.encrypted)) problems.push(`encrypted is ${show(fs.attrs.encrypted)}`);
      if (typeof fs.attrs.kms_key_id !== "string") problems.push("no kms_key_id");
      return problems;
    },
  }),
  rule({
    id: "efs-backup",
    checkov: ["CKV2_AWS_18"],
    service: "efs",
    types: ["aws_efs_file_system"],
    title: "File systems are backed up (EFS automatic backups or an AWS Backup selection).",
    reason: "A deleted or overwritten file on shared storage is gone for every instance at once (R3.6).",
    fix: "Keep SharedFiles' aws_efs_backup_policy ENABLED, or list the file system in the BackupPlan.",
    check(fs, model) {
      const policies = model.referrers(fs, "aws_efs_backup_policy", ["file_system_id"]);
      if (policies.some((p) => blocks(p.attrs.backup_policy).some((b) => b.status === "ENABLED"))) return undefined;
      if (model.referrers(fs, "aws_backup_selection", ["resources"]).length > 0) return undefined;
      return "no aws_efs_backup_policy with status ENABLED and no aws_backup_selection lists it";
    },
  }),
  rule({
    id: "efs-access-point-scoped",
    checkov: ["CKV_AWS_329", "CKV_AWS_330"],
    service: "efs",
    types: ["aws_efs_access_point"],
    title: "Access points enforce a root directory other than / and a POSIX user.",
    reason: "An access point is how a client is confined to its part of the file system; without both it sees and owns everything.",
    fix: "Give the access point root_directory.path (not /) and posix_user (SharedFiles access points).",
    check(ap) {
      const problems: string[] = [];
      const path = str(block(ap.attrs.root_directory)?.path);
      if (!path || path === "/") problems.push(`root_directory.path is ${show(path)}`);
      if (!block(ap.attrs.posix_user)) problems.push("no posix_user");
      return problems;
    },
  }),
];
