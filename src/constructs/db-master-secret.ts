/**
 * The database master password of a replicated database, held where neither
 * Terraform state nor the synthesized JSON ever sees it (X.4).
 */
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, ITerraformDependable, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { protectionOf } from "../lib/lifecycle";

/** Name of the ephemeral Terraform variable carrying the master password into one apply. */
export const DB_MASTER_PASSWORD_VARIABLE = "db_master_password";

/** Props of {@link DbMasterSecret}. */
export interface DbMasterSecretProps {
  /** Secret name (`<env>/db-master`). */
  readonly name: string;
  /** Master user name, stored beside the password (the JSON shape RDS uses: `{"username","password"}`). */
  readonly username: string;
  /** Key of the secret in this region. */
  readonly kmsKeyArn: string;
  /** Regions the secret is replicated to, each with its key there (an alias ARN is accepted). @default [] */
  readonly replicas?: readonly { readonly region: string; readonly kmsKeyId: string }[];
  /** Version of the password: raise it, with a new password in the variable, to rotate. */
  readonly version: number;
}

/**
 * RDS cannot manage the master password of an Aurora global database member,
 * of a cross-region read replica's source, nor of an RDS primary with read
 * replicas (RDS/Aurora User Guides, "Limitations for Secrets Manager
 * integration"), so this replaces the secret RDS would keep:
 *
 * - an ephemeral, sensitive Terraform variable `db_master_password`: its
 *   value exists only during the apply it is given to
 *   (`TF_VAR_db_master_password=$(aws secretsmanager get-random-password ...)`);
 * - the database takes it through `master_password_wo` (write-only: never in
 *   state or plan), see `writeOnlyPassword`;
 * - this secret stores `{"username","password"}` through `secret_string_wo`
 *   (write-only too), encrypted with a CMK and replicated to the DR region,
 *   where the operators find the same credentials after a failover.
 *
 * Both writes happen only when `version` changes. The variable defaults to
 * the empty string so plans need no value; an apply that must write a
 * password without one fails at the database (RDS refuses a blank password)
 * before the secret version, which depends on the database, is written.
 */
export class DbMasterSecret extends Construct {
  /** The secret. */
  readonly secret: SecretsmanagerSecret;
  /** ARN of the secret (operators read it; the application connects as its own IAM-authenticated user). */
  readonly arn: string;
  /** The password expression for the database's `master_password_wo`. */
  readonly writeOnlyPassword: string;
  /** Version for `master_password_wo_version`. */
  readonly version: number;
  private readonly variable: TerraformVariable;
  private readonly props: DbMasterSecretProps;

  constructor(scope: Construct, id: string, props: DbMasterSecretProps) {
    super(scope, id);
    this.props = props;
    // Terraform >= 1.10 ephemeral variable (cdktf 0.21 has no `ephemeral` option).
    this.variable = new TerraformVariable(this, "password", {
      type: "string",
      default: "",
      nullable: false,
      sensitive: true,
      description: `Master password of the database, only for the apply that sets or rotates it (version ${props.version}); never stored. Give it as TF_VAR_${DB_MASTER_PASSWORD_VARIABLE}.`,
    });
    this.variable.addOverride("ephemeral", true);
    // `var.db_master_password`, whatever the construct path: operators type this name.
    this.variable.overrideLogicalId(DB_MASTER_PASSWORD_VARIABLE);
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: "Database master user credentials (JSON username/password), written by Terraform through write-only arguments",
      kmsKeyId: props.kmsKeyArn,
      // disposable: 0 deletes at once, so a recreated environment can reuse the name.
      recoveryWindowInDays: protectionOf(this).secretRecoveryWindowDays,
      replica: (props.replicas ?? []).map((r) => ({ region: r.region, kmsKeyId: r.kmsKeyId })),
      tags: { Name: props.name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
    this.arn = this.secret.arn;
    this.writeOnlyPassword = this.variable.stringValue;
    this.version = props.version;
  }

  /** Write the credentials into the secret once `database` has accepted the password (call after creating it). */
  storeAfter(database: ITerraformDependable): SecretsmanagerSecretVersion {
    return new SecretsmanagerSecretVersion(this, "version", {
      secretId: this.secret.id,
      secretStringWo: Fn.jsonencode({ username: this.props.username, password: this.variable.stringValue }),
      secretStringWoVersion: this.props.version,
      dependsOn: [database],
    });
  }
}
