/**
 * The IAM role RDS enhanced monitoring uses to write OS metrics to CloudWatch Logs.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { serviceTrustPolicy } from "../lib/policy";

/** Props of {@link DbMonitoringRole}. */
export interface DbMonitoringRoleProps {
  /** Environment name, for names. */
  readonly envName: string;
  /** Account id (confused-deputy condition of the trust policy). */
  readonly account: string;
}

/**
 * Role `<env>-rds-monitoring` assumable only by `monitoring.rds.amazonaws.com`
 * on behalf of this account, with AWS's managed policy for enhanced
 * monitoring (CKV_AWS_118 wants an interval and a role).
 */
export class DbMonitoringRole extends Construct {
  /** The role. */
  readonly role: IamRole;
  /** Its ARN (`monitoring_role_arn`). */
  readonly arn: string;
  /**
   * The managed policy attachment. RDS checks the role's permissions when an
   * instance is created ("RDS couldn't fetch the role"), so instances depend on it.
   */
  readonly attachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: DbMonitoringRoleProps) {
    super(scope, id);
    const name = resourceName(props.envName, "rds-monitoring");
    this.role = new IamRole(this, "role", {
      name,
      description: "RDS enhanced monitoring writes OS metrics to CloudWatch Logs",
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", { StringEquals: { "aws:SourceAccount": props.account } }),
      tags: { Name: name },
    });
    this.attachment = new IamRolePolicyAttachment(this, "policy", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    this.arn = this.role.arn;
  }
}
