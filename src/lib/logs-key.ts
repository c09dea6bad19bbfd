/**
 * The secure default for a KMS key that CloudWatch Logs uses: the regional
 * Logs service principal, limited by `kms:EncryptionContext:aws:logs:arn` to
 * this account's log groups under one name pattern (never any account's).
 */

/** A service principal entry of an encryption key (src/constructs/encryption-key.ts `servicePrincipals`). */
export interface LogsKeyPrincipal {
  readonly service: string;
  readonly condition: { readonly ArnLike: { readonly "kms:EncryptionContext:aws:logs:arn": string } };
}

/**
 * CloudWatch Logs of `region` may use the key for the log groups of `account`
 * whose names match `logGroupPattern` (`/aws/rds/*`, `/<env>/compute/*`, `*`).
 */
export function logsKeyPrincipal(region: string, account: string, logGroupPattern: string): LogsKeyPrincipal {
  return {
    service: `logs.${region}.amazonaws.com`,
    condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${account}:log-group:${logGroupPattern}` } },
  };
}
