/**
 * AWS Backup rules.
 */
import { Rule, rule } from "../rule";

/** AWS Backup rules. */
export const BACKUP_RULES: readonly Rule[] = [
  rule({
    id: "backup-vault-kms",
    checkov: ["CKV_AWS_166"],
    service: "backup",
    types: ["aws_backup_vault"],
    title: "Backup vaults are encrypted with a customer-managed KMS key.",
    reason: "Recovery points are full copies of the data stores; their key must be as controlled as the stores' own (R1.7).",
    fix: "Set kms_key_arn to the backup EncryptionKey (BackupPlan).",
    check(v) {
      if (typeof v.attrs.kms_key_arn !== "string" || v.attrs.kms_key_arn === "") return "no kms_key_arn";
      return undefined;
    },
  }),
];
