/**
 * The inline policy of an instance role: least privilege, as data.
 *
 * Session Manager comes from the AWS managed `AmazonSSMManagedInstanceCore`
 * (attached by the InstanceRole construct); everything else is scoped to the
 * role's own resources: its log group, its file system, its secret, its
 * artifact. Nothing here is granted on `*` except what IAM cannot scope
 * (`kms:Decrypt` is limited by conditions to Secrets Manager and one secret).
 */
import { PolicyStatement } from "./policy";

/** What an instance role may reach. */
export interface InstancePolicyProps {
  /** Region and account, for ARNs and conditions. */
  readonly region: string;
  readonly account: string;
  /** Log groups the CloudWatch agent writes to (ARNs without `:*`). @default [] */
  readonly logGroupArns?: readonly string[];
  /** The one secret the role may read (the database master secret, for the data client tier). @default none */
  readonly secretArn?: string;
  /**
   * IAM database authentication: `rds-db:connect` on exactly these database user ARNs
   * (`arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/<user>`). @default []
   */
  readonly dbConnectArns?: readonly string[];
  /** EFS file system id mounted with the role's identity (`iam` mount option). @default none */
  readonly efsFileSystemId?: string;
  /** S3 objects the role may download (`arn:aws:s3:::bucket/key`). @default [] */
  readonly artifactObjectArns?: readonly string[];
  /**
   * Connect to the environment's cache with IAM authentication:
   * `elasticache:Connect` on exactly this replication group and user (ids from
   * the data stack's outputs). @default none
   */
  readonly cache?: { readonly replicationGroupId: string; readonly userId: string };
}

/** Statements of the role's inline policy (possibly empty). */
export function instancePolicyStatements(props: InstancePolicyProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const logs = props.logGroupArns ?? [];
  if (logs.length > 0) {
    statements.push({
      Sid: "ShipLogsToOwnLogGroups",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: logs.flatMap((arn) => [arn, `${arn}:*`]),
    });
  }
  if (props.secretArn !== undefined) {
    statements.push({
      Sid: "ReadOwnSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: props.secretArn,
    });
    // The secret's KMS key is not in the contract; decrypt is allowed only
    // through Secrets Manager, only for this secret.
    statements.push({
      Sid: "DecryptOwnSecretThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com`, "kms:EncryptionContext:SecretARN": props.secretArn },
      },
    });
  }
  const dbUsers = props.dbConnectArns ?? [];
  if (dbUsers.length > 0) {
    statements.push({ Sid: "ConnectToOwnDatabaseAsAppUser", Effect: "Allow", Action: "rds-db:connect", Resource: [...dbUsers] });
  }
  if (props.efsFileSystemId !== undefined) {
    statements.push({
      Sid: "MountOwnFileSystem",
      Effect: "Allow",
      Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:DescribeMountTargets"],
      Resource: `arn:aws:elasticfilesystem:${props.region}:${props.account}:file-system/${props.efsFileSystemId}`,
    });
  }
  if (props.cache !== undefined) {
    // The data contract publishes endpoints, not the replication group and user ids; both are
    // named `<env>-...` (resourceName), so the grant covers this environment's cache and nothing else.
    statements.push({
      Sid: "ConnectToOwnCacheWithIam",
      Effect: "Allow",
      Action: "elasticache:Connect",
      Resource: [
        `arn:aws:elasticache:${props.region}:${props.account}:replicationgroup:${props.cache.replicationGroupId}`,
        `arn:aws:elasticache:${props.region}:${props.account}:user:${props.cache.userId}`,
      ],
    });
  }
  const artifacts = props.artifactObjectArns ?? [];
  if (artifacts.length > 0) {
    statements.push({ Sid: "DownloadOwnArtifact", Effect: "Allow", Action: "s3:GetObject", Resource: [...artifacts] });
  }
  return statements;
}

/** `s3://bucket/key` → `arn:aws:s3:::bucket/key`. */
export function s3UriToObjectArn(uri: string): string {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an s3://bucket/key URI: ${uri}`);
  return `arn:aws:s3:::${m[1]}/${m[2]}`;
}
