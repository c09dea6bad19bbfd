/**
 * The bastion host: one instance in a public subnet with a fixed public IP.
 */
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";

/** Props of {@link BastionHost}. */
export interface BastionHostProps {
  /** `Name` tag of the instance and its address. */
  readonly name: string;
  /** The bastion's launch template (image, IMDSv2, encrypted volume, key, security group, boot script). */
  readonly launchTemplate: LaunchTemplate;
  /** The public subnet to run in. */
  readonly subnetId: string;
}

/**
 * Why an `aws_instance` launched FROM a launch template, not with `ami`:
 * `aws_instance.ami` is ForceNew and is read back as the resolved `ami-...`
 * id, so `ami = "resolve:ssm:..."` would plan a replacement on every run. A
 * launch template keeps `resolve:ssm:` (planning stays offline, R2.9) and the
 * same hardening as the Auto Scaling tiers. Not an Auto Scaling group of one:
 * the fixed address would then have to be re-attached by the instance itself
 * (an extra EC2 permission); EC2 auto-recovery restarts the instance on host
 * failure, and a new template version replaces it (the EIP follows).
 *
 * The instance gets no public address at launch (the subnet maps none,
 * CKV_AWS_130); the Elastic IP is its only, fixed public IP, so allow-lists of
 * the operators' side never change (R0.9, R2.1, R3.3).
 */
export class BastionHost extends Construct {
  /** The instance. */
  readonly instance: Instance;
  /** The fixed public IP. */
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: BastionHostProps) {
    super(scope, id);
    this.instance = new Instance(this, "instance", {
      launchTemplate: { id: props.launchTemplate.id, version: props.launchTemplate.latestVersion.toString() },
      subnetId: props.subnetId,
      associatePublicIpAddress: false,
      maintenanceOptions: { autoRecovery: "default" },
      tags: { Name: props.name },
    });
    const eip = new Eip(this, "ip", {
      domain: "vpc",
      instance: this.instance.id,
      tags: { Name: props.name },
    });
    this.publicIp = eip.publicIp;
  }
}
