/**
 * The bucket that holds an environment's Terraform state.
 */
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { EncryptionKey } from "./encryption-key";
import { SecureBucket } from "./secure-bucket";

/** Props of {@link StateBucket}. */
export interface StateBucketProps {
  /** The environment; its `stateBucket` names the bucket. */
  readonly env: { readonly name: string; readonly account: string; readonly stateBucket: string };
  /** Days superseded state versions are kept (recovery from a bad apply). @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Bucket receiving the state bucket's S3 server access logs (CKV_AWS_18). @default none */
  readonly accessLogBucket?: string;
}

/**
 * Versioned, KMS-encrypted, TLS-only state bucket with public access blocked
 * and `prevent_destroy`. Locking uses S3 lock files (`use_lockfile`), so there
 * is no DynamoDB table.
 */
export class StateBucket extends Construct {
  /** The bucket. */
  readonly bucket: SecureBucket;
  /** Its key. */
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const { env } = props;
    this.key = new EncryptionKey(this, "key", {
      account: env.account,
      alias: resourceName(env.name, "tfstate"),
      description: `Encrypts the Terraform state of environment ${env.name}`,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucket: env.stateBucket,
      name: env.stateBucket,
      encryption: { kmsKeyArn: this.key.arn },
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 90,
      ...(props.accessLogBucket ? { accessLogs: { bucket: props.accessLogBucket, prefix: "tfstate/" } } : {}),
      // Force TLS 1.2+ for state access on top of the TLS-only statement.
      policyStatements: (arn) => [
        {
          Sid: "DenyOutdatedTls",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [arn, `${arn}/*`],
          Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
        },
      ],
    });
  }
}
