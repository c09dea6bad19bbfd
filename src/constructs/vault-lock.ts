/**
 * AWS Backup Vault Lock on one vault.
 */
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { Construct } from "constructs";

/** The lock a vault gets (`data.backupPlan.vaultLock`, resolved by `vaultLockOf`). */
export interface VaultLockSettings {
  /** `governance`: removable by a privileged principal; `compliance`: immutable after `graceDays`. */
  readonly mode: "governance" | "compliance";
  /** `compliance` only: days the lock can still be removed (at least 3). */
  readonly graceDays: number;
}

/** Props of {@link VaultLock}. */
export interface VaultLockProps extends VaultLockSettings {
  /** The vault's name. */
  readonly vaultName: string;
  /**
   * Shortest retention the vault accepts: the retention of the recovery points
   * written to it (a backup or copy job with a shorter one fails).
   */
  readonly minRetentionDays: number;
}

/**
 * `aws_backup_vault_lock_configuration`: recovery points in the vault cannot be
 * deleted before `minRetentionDays`. Without `changeable_for_days` the lock is
 * in governance mode; with it (compliance) it becomes immutable once those
 * days have passed — irreversible, see the definition field's warning.
 */
export class VaultLock extends Construct {
  constructor(scope: Construct, id: string, props: VaultLockProps) {
    super(scope, id);
    new BackupVaultLockConfiguration(this, "lock", {
      backupVaultName: props.vaultName,
      minRetentionDays: props.minRetentionDays,
      ...(props.mode === "compliance" ? { changeableForDays: props.graceDays } : {}),
    });
  }
}
