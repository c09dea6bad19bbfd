/**
 * The CloudWatch log groups RDS exports database logs to, created before the
 * database so they are encrypted and expire (RDS would otherwise create them
 * itself: unencrypted, kept forever — CKV_AWS_158, CKV_AWS_338).
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";

/** Props of {@link DbLogGroups}. */
export interface DbLogGroupsProps {
  /** `instance` (RDS) or `cluster` (Aurora): RDS's log group path segment. */
  readonly kind: "instance" | "cluster";
  /** Whose logs are exported: a stable role (construct id part) and the DB instance or cluster identifier. */
  readonly sources: readonly { readonly role: string; readonly identifier: string }[];
  /** Exported log types (`error`, `slowquery`, ...). */
  readonly logTypes: readonly string[];
  /** KMS key ARN; its policy must let CloudWatch Logs use it for `/aws/rds/*`. */
  readonly kmsKeyArn: string;
  /** Days to keep. */
  readonly retentionDays: number;
}

/**
 * One log group per identifier and log type, named as RDS names them:
 * `/aws/rds/<kind>/<identifier>/<type>`. Construct ids are `<role>-<type>`.
 */
export class DbLogGroups extends Construct {
  /** Every log group. */
  readonly groups: CloudwatchLogGroup[] = [];
  private readonly byRole = new Map<string, CloudwatchLogGroup[]>();

  constructor(scope: Construct, id: string, props: DbLogGroupsProps) {
    super(scope, id);
    for (const { role, identifier } of props.sources) {
      for (const type of props.logTypes) {
        const name = `/aws/rds/${props.kind}/${identifier}/${type}`;
        const group = new CloudwatchLogGroup(this, `${role}-${type}`, {
          name,
          retentionInDays: props.retentionDays,
          kmsKeyId: props.kmsKeyArn,
          tags: { Name: name },
        });
        this.groups.push(group);
        this.byRole.set(role, [...(this.byRole.get(role) ?? []), group]);
      }
    }
  }

  /** The log groups of one source (its database must depend on them, or RDS creates them first). */
  groupsOf(role: string): CloudwatchLogGroup[] {
    return this.byRole.get(role) ?? [];
  }
}
