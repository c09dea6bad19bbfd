/**
 * The launch template of one instance role: image, hardening and boot script.
 */
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";
import { OperatingSystem, rootDeviceName, ssmAmi } from "../lib/machine-image";
import { userDataBase64 } from "../lib/user-data";

/** Props of {@link AppLaunchTemplate}. */
export interface AppLaunchTemplateProps {
  /** Template name; also the `Name` tag. */
  readonly name: string;
  /** What the template launches. */
  readonly description: string;
  /** Operating system (picks the root device name). */
  readonly os: OperatingSystem;
  /** SSM parameter naming the AMI: `resolve:ssm:` keeps planning offline and picks up new images at each launch (R2.9). */
  readonly amiParameter: string;
  /** EC2 instance type. */
  readonly instanceType: string;
  /** ARN of the instance profile. */
  readonly instanceProfileArn: string;
  /** Security groups (from the network stack). */
  readonly securityGroupIds: readonly string[];
  /** SSH key pair name. @default none - Session Manager only */
  readonly keyName?: string;
  /** Root volume size in GiB. */
  readonly volumeSizeGiB: number;
  /** KMS key ARN encrypting the volumes. */
  readonly kmsKeyArn: string;
  /** Boot script as plain text (escaped here; must contain no literal `${`). */
  readonly userData: string;
  /** Tags of launched instances, volumes and network interfaces (default_tags do not reach them). */
  readonly instanceTags: Readonly<Record<string, string>>;
}

/**
 * Launch template with IMDSv2 required and a hop limit of 1 (CKV_AWS_79/341:
 * containers or proxies on the instance cannot reach the credentials),
 * detailed monitoring, an encrypted gp3 root volume with a customer managed
 * key, no public address (CKV_AWS_88; subnets never map one either), and the
 * role's boot script. Every change makes a new version; Auto Scaling groups
 * follow `latestVersion`, which starts an instance refresh (trap 4).
 */
export class AppLaunchTemplate extends Construct {
  /** The template. */
  readonly template: LaunchTemplate;

  constructor(scope: Construct, id: string, props: AppLaunchTemplateProps) {
    super(scope, id);
    this.template = new LaunchTemplate(this, "template", {
      name: props.name,
      description: props.description,
      imageId: ssmAmi(props.amiParameter),
      instanceType: props.instanceType,
      iamInstanceProfile: { arn: props.instanceProfileArn },
      vpcSecurityGroupIds: [...props.securityGroupIds],
      ...(props.keyName !== undefined ? { keyName: props.keyName } : {}),
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      monitoring: { enabled: true },
      blockDeviceMappings: [
        {
          deviceName: rootDeviceName(props.os),
          ebs: { volumeType: "gp3", volumeSize: props.volumeSizeGiB, encrypted: "true", kmsKeyId: props.kmsKeyArn, deleteOnTermination: "true" },
        },
      ],
      userData: userDataBase64(props.userData),
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: { ...props.instanceTags } })),
      updateDefaultVersion: true,
      tags: { Name: props.name },
    });
  }
}
