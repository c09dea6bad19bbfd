/**
 * One application tier (WEB or WAS, R2.3): its encrypted log group (R2.5),
 * its instance role and profile, its launch template and its Auto Scaling group
 * behind a target group.
 *
 * The parts are created BESIDE the tier, in its scope, with ids `<id>-logs`,
 * `<id>-role`, `<id>-template` and `<id>-asg` (the tier itself holds no
 * resource). The tier resources predate this construct and their addresses are
 * API (src/lib/address.ts): parts nested below `<id>` would be addressed
 * `<id>_logs`, ... and every deployed tier would need `moved` blocks.
 */
import { Construct } from "constructs";
import { InstancePolicyProps } from "../lib/instance-policy";
import { OperatingSystem } from "../lib/machine-image";
import { AppAutoScalingGroup, AppAutoScalingGroupProps } from "./app-auto-scaling-group";
import { AppLaunchTemplate } from "./app-launch-template";
import { AppLogGroup } from "./app-log-group";
import { InstanceRole } from "./instance-role";

/** What a tier's instances may reach besides their log group and Session Manager. */
export type AppTierAccess = Omit<InstancePolicyProps, "region" | "account" | "logGroupArns">;

/** The Auto Scaling group's settings a tier passes through (documented, with defaults, on {@link AppAutoScalingGroupProps}). */
export type AppTierScaling = Pick<
  AppAutoScalingGroupProps,
  "subnetIds" | "targetGroupArns" | "minSize" | "maxSize" | "desiredCapacity" | "healthCheckGracePeriodSeconds" | "cpuTargetPercent" | "instanceRefreshMinHealthyPercent" | "scheduledActions"
>;

/** Props of {@link AppTier}: the instances' settings here, the group's in {@link AppTierScaling}. */
export interface AppTierProps extends AppTierScaling {
  /** Name of the role, instance profile, launch template and Auto Scaling group (`<env>-web`); the instances' `Name` tag. */
  readonly name: string;
  /** What the instances are (`WEB instances of <env>`): the role's and the launch template's description. */
  readonly description: string;
  /** The instances' `Role` tag (`web`, `was`). */
  readonly role: string;
  /** Region and account, for the role's ARNs and conditions. */
  readonly region: string;
  readonly account: string;

  /** Name of the tier's log group (`/<env>/compute/web`). */
  readonly logGroupName: string;
  /** Days the log group keeps events (CKV_AWS_338 wants >= 365). */
  readonly logRetentionDays: number;
  /** KMS key of the log group; its policy must let CloudWatch Logs use it for this name. */
  readonly logsKmsKeyArn: string;
  /**
   * What the role may reach besides writing to the tier's log group: database users,
   * the cache, the file system, artifacts (least privilege, src/lib/instance-policy.ts).
   * @default {} - its log group and Session Manager only
   */
  readonly access?: AppTierAccess;

  /** Operating system of the image (root device name, boot script dialect). */
  readonly os: OperatingSystem;
  /** SSM parameter of the image (`resolve:ssm:` at launch, no AMI lookup). */
  readonly amiParameter: string;
  /** Instance type. */
  readonly instanceType: string;
  /** Security groups of the instances. */
  readonly securityGroupIds: readonly string[];
  /** EC2 key pair of the operators. @default none (Session Manager only) */
  readonly keyName?: string;
  /** Root volume size in GiB. */
  readonly volumeSizeGiB: number;
  /** KMS key of the root volumes. */
  readonly volumeKmsKeyArn: string;
  /** Boot script (plain text; the launch template encodes it). */
  readonly userData: string;
  /** Tags of the instances, volumes and network interfaces, besides `Name` and `Role`. @default {} */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/** Log group, role, launch template and Auto Scaling group of one application tier. */
export class AppTier extends Construct {
  /** The tier's log group (its name goes into the boot script). */
  readonly logGroup: AppLogGroup;
  /** The instance role and profile. */
  readonly instanceRole: InstanceRole;
  /** The launch template. */
  readonly launchTemplate: AppLaunchTemplate;
  /** The Auto Scaling group. */
  readonly autoScaling: AppAutoScalingGroup;

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    const instanceTags = props.instanceTags ?? {};
    this.logGroup = new AppLogGroup(scope, `${id}-logs`, { name: props.logGroupName, retentionDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn });
    this.instanceRole = new InstanceRole(scope, `${id}-role`, {
      name: props.name,
      description: props.description,
      region: props.region,
      account: props.account,
      logGroupArns: [this.logGroup.arn],
      ...props.access,
    });
    this.launchTemplate = new AppLaunchTemplate(scope, `${id}-template`, {
      name: props.name,
      description: props.description,
      os: props.os,
      amiParameter: props.amiParameter,
      instanceType: props.instanceType,
      instanceProfileArn: this.instanceRole.profile.arn,
      securityGroupIds: props.securityGroupIds,
      ...(props.keyName !== undefined ? { keyName: props.keyName } : {}),
      volumeSizeGiB: props.volumeSizeGiB,
      kmsKeyArn: props.volumeKmsKeyArn,
      userData: props.userData,
      instanceTags: { ...instanceTags, Name: props.name, Role: props.role },
    });
    this.autoScaling = new AppAutoScalingGroup(scope, `${id}-asg`, {
      name: props.name,
      subnetIds: props.subnetIds,
      launchTemplate: this.launchTemplate.template,
      targetGroupArns: props.targetGroupArns,
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity,
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds,
      cpuTargetPercent: props.cpuTargetPercent,
      instanceRefreshMinHealthyPercent: props.instanceRefreshMinHealthyPercent,
      ...(props.scheduledActions !== undefined ? { scheduledActions: props.scheduledActions } : {}),
      instanceTags: { ...instanceTags, Role: props.role },
    });
  }

  /** The Auto Scaling group's name (dashboard, alarms, outputs). */
  get groupName(): string {
    return this.autoScaling.group.name;
  }
}
