/**
 * An AWS Backup vault that only receives copies: the DR region's vault, the
 * destination of the primary backup plan's copy action (R1.7).
 */
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { Construct } from "constructs";
import { protectionOf } from "../lib/lifecycle";
import { VaultLock, VaultLockSettings } from "./vault-lock";

/** Props of {@link RecoveryVault}. */
export interface RecoveryVaultProps {
  /** Vault name, known in advance (`<env>-dr-backup`): the primary's copy action names it by ARN. */
  readonly name: string;
  /** Key of the vault in its region (CKV_AWS_166). */
  readonly kmsKeyArn: string;
  /** Vault Lock, with the shortest retention of the copies it receives. @default none */
  readonly vaultLock?: VaultLockSettings & { readonly minRetentionDays: number };
}

/**
 * A vault with its own CMK, never force-destroyed and with `prevent_destroy`
 * (X.3), like the primary's (BackupPlan) but without a plan: recovery points
 * arrive by copy, and each copy carries its lifecycle from the copy action.
 * Restores run from here in the DR region (docs/dr.md).
 */
export class RecoveryVault extends Construct {
  /** The vault. */
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: RecoveryVaultProps) {
    super(scope, id);
    this.vault = new BackupVault(this, "vault", {
      name: props.name,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: protectionOf(this).forceDestroy,
      tags: { Name: props.name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
    if (props.vaultLock) new VaultLock(this, "vault-lock", { ...props.vaultLock, vaultName: this.vault.name });
  }
}
