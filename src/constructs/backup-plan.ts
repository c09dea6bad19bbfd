/**
 * AWS Backup: a vault encrypted with its own key and a daily plan covering
 * the environment's stateful stores (R1.3, R1.7, X.3).
 */
import { BackupPlan as AwsBackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { serviceTrustPolicy } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";
import { VaultLock, VaultLockSettings } from "./vault-lock";

/** AWS managed policies the backup role needs: backup and restore, and S3's own pair. */
export const BACKUP_ROLE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
] as const;

/** The daily plan's schedule, retention and windows (the definition's `data.backupPlan`). */
export interface BackupPlanSettings {
  /** AWS Backup schedule expression, `cron(...)` or `rate(...)`. */
  readonly schedule: string;
  /** Days a recovery point is kept. */
  readonly retentionDays: number;
  /** Minutes a job may wait to start. */
  readonly startWindowMinutes: number;
  /** Minutes a job may take to complete. */
  readonly completionWindowMinutes: number;
}

/** Props of {@link BackupPlan}. */
export interface BackupPlanProps {
  /** Environment name: names. */
  readonly envName: string;
  /** The parsed `data.backupPlan` section (schedule, retention, windows). */
  readonly settings: BackupPlanSettings;
  /** Vault Lock on the vault, its minimum retention the plan's retention. @default none */
  readonly vaultLock?: VaultLockSettings;
  /** Key of the vault. */
  readonly kmsKeyArn: string;
  /** ARNs of what is backed up (database or cluster, file system, buckets); at least one. */
  readonly resources: string[];
  /**
   * Copy every recovery point to this vault, usually in the DR region (R1.7):
   * a copy action on the rule. The vault is named, not read from state
   * (src/lib/dr.ts `drVaultArn`): it lives in `<env>-dr-storage`, deployed first.
   * @default none
   */
  readonly copyTo?: { readonly vaultArn: string; readonly retentionDays: number };
}

/**
 * Vault `<env>-backup` (CMK, CKV_AWS_166; `prevent_destroy`, never
 * force-destroyed) and plan `<env>-daily`: one rule on the definition's
 * schedule keeping recovery points `retentionDays`, selecting the given
 * resources by ARN with a role only AWS Backup can assume; with `copyTo`, each
 * recovery point is also copied to another (DR) vault and kept there as long.
 */
export class BackupPlan extends Construct {
  /** The vault. */
  readonly vault: BackupVault;
  /** The plan. */
  readonly plan: AwsBackupPlan;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    if (props.resources.length === 0) throw new Error(`BackupPlan ${id}: nothing to back up`);
    const s = props.settings;
    const name = resourceName(props.envName, "backup");
    this.vault = new BackupVault(this, "vault", {
      name,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: protectionOf(this).forceDestroy,
      tags: { Name: name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
    if (props.vaultLock) new VaultLock(this, "vault-lock", { ...props.vaultLock, vaultName: this.vault.name, minRetentionDays: s.retentionDays });
    this.plan = new AwsBackupPlan(this, "plan", {
      name: resourceName(props.envName, "daily"),
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          schedule: s.schedule,
          startWindow: s.startWindowMinutes,
          completionWindow: s.completionWindowMinutes,
          lifecycle: { deleteAfter: s.retentionDays },
          ...(props.copyTo ? { copyAction: [{ destinationVaultArn: props.copyTo.vaultArn, lifecycle: { deleteAfter: props.copyTo.retentionDays } }] } : {}),
          recoveryPointTags: { Environment: props.envName, Plan: "daily" },
        },
      ],
      tags: { Name: resourceName(props.envName, "daily") },
    });
    const role = new IamRole(this, "role", {
      name: resourceName(props.envName, "backup"),
      description: "AWS Backup backs up and restores the data stores",
      // AWS Backup's documented trust policy has no conditions; a role cannot be
      // passed to another account's backup plan anyway.
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
      tags: { Name: resourceName(props.envName, "backup") },
    });
    const attachments = BACKUP_ROLE_POLICIES.map(
      (arn) => new IamRolePolicyAttachment(this, `role-${arn.split("/").pop()!.replace("AWSBackupServiceRolePolicyFor", "").toLowerCase()}`, { role: role.name, policyArn: arn }),
    );
    new BackupSelection(this, "selection", {
      name: resourceName(props.envName, "data-stores"),
      planId: this.plan.id,
      iamRoleArn: role.arn,
      resources: props.resources,
      // AWS Backup checks the role when the selection is created.
      dependsOn: attachments,
    });
  }
}
