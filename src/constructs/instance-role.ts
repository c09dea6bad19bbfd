/**
 * The IAM role and instance profile of one instance role (bastion, WEB, WAS).
 */
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { InstancePolicyProps, instancePolicyStatements } from "../lib/instance-policy";
import { policyJson, serviceTrustPolicy } from "../lib/policy";

/** Props of {@link InstanceRole}. */
export interface InstanceRoleProps extends InstancePolicyProps {
  /** Role and instance profile name; also the `Name` tag. */
  readonly name: string;
  /** What the role is for. */
  readonly description: string;
}

/**
 * Role EC2 may assume, with Session Manager core
 * (the keyless way in, R2.1) and an inline least-privilege policy from
 * `instancePolicyStatements` (no inline policy when there is nothing to grant).
 */
export class InstanceRole extends Construct {
  /** The role. */
  readonly role: IamRole;
  /** The instance profile launch templates reference. */
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      // No aws:SourceAccount condition: EC2 does not send it when it assumes an instance profile's role.
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      tags: { Name: props.name },
    });
    new IamRolePolicyAttachment(this, "ssm-core", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    });
    const statements = instancePolicyStatements(props);
    if (statements.length > 0) {
      new IamRolePolicy(this, "policy", { role: this.role.id, name: "least-privilege", policy: policyJson(statements) });
    }
    this.profile = new IamInstanceProfile(this, "profile", { name: props.name, role: this.role.name, tags: { Name: props.name } });
  }
}
