/**
 * The Auto Scaling group of an application tier, with CPU target tracking and
 * scheduled capacity changes.
 */
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";

/** A scheduled capacity change. */
export interface ScheduledCapacity {
  /** Action name (unique in the group; part of the construct id). */
  readonly name: string;
  /** Cron expression in `timeZone`. */
  readonly recurrence: string;
  /** IANA time zone. */
  readonly timeZone: string;
  /** New bounds; unset ones stay. */
  readonly minSize?: number | undefined;
  readonly maxSize?: number | undefined;
  readonly desiredCapacity?: number | undefined;
}

/** Props of {@link AppAutoScalingGroup}. */
export interface AppAutoScalingGroupProps {
  /** Group name; also the `Name` tag of its instances. */
  readonly name: string;
  /** Private subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The launch template; the group follows its latest version. */
  readonly launchTemplate: LaunchTemplate;
  /** Target groups the instances register with (never also via aws_autoscaling_attachment: trap 4). */
  readonly targetGroupArns: readonly string[];
  /** Capacity bounds. */
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /** Seconds after launch before failed ELB health checks count. */
  readonly healthCheckGracePeriodSeconds: number;
  /** Average CPU % target tracking keeps. */
  readonly cpuTargetPercent: number;
  /** Share of capacity kept in service during an instance refresh. */
  readonly instanceRefreshMinHealthyPercent: number;
  /** Scheduled capacity changes (R1.6). @default [] */
  readonly scheduledActions?: readonly ScheduledCapacity[];
  /** Tags propagated to instances at launch (CKV_AWS_153). */
  readonly instanceTags: Readonly<Record<string, string>>;
}

/** Group metrics collected every minute (dashboard: instances in service per tier). */
export const GROUP_METRICS = [
  "GroupMinSize",
  "GroupMaxSize",
  "GroupDesiredCapacity",
  "GroupInServiceInstances",
  "GroupPendingInstances",
  "GroupStandbyInstances",
  "GroupTerminatingInstances",
  "GroupTotalInstances",
];

/**
 * Auto Scaling group across the tier's subnets: ELB health checks with a grace
 * period (a failed web process fails its target group check and the instance
 * is replaced: R3.5, CKV2_AWS_15), the launch template's `latest_version` with
 * rolling instance refresh (trap 4), capacity rebalancing, one-minute group
 * metrics, tags propagated at launch; CPU target tracking that scales out and
 * back in (R1.1, R3.5, R3.10) and scheduled actions (R1.6).
 */
export class AppAutoScalingGroup extends Construct {
  /** The group. */
  readonly group: AutoscalingGroup;

  constructor(scope: Construct, id: string, props: AppAutoScalingGroupProps) {
    super(scope, id);
    this.group = new AutoscalingGroup(this, "group", {
      name: props.name,
      vpcZoneIdentifier: props.subnetIds,
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity,
      // `latest_version`, not "$Latest": only a changed version number triggers an instance refresh.
      launchTemplate: { id: props.launchTemplate.id, version: props.launchTemplate.latestVersion.toString() },
      targetGroupArns: [...props.targetGroupArns],
      healthCheckType: "ELB",
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds,
      defaultInstanceWarmup: Math.min(props.healthCheckGracePeriodSeconds, 300),
      capacityRebalance: true,
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: "1Minute",
      terminationPolicies: ["OldestLaunchTemplate", "Default"],
      instanceRefresh: {
        strategy: "Rolling",
        preferences: { minHealthyPercentage: props.instanceRefreshMinHealthyPercent, instanceWarmup: String(Math.min(props.healthCheckGracePeriodSeconds, 300)) },
      },
      tag: [
        { key: "Name", value: props.name, propagateAtLaunch: true },
        ...Object.entries(props.instanceTags)
          .filter(([key]) => key !== "Name")
          .map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      ],
      // Target tracking and schedules move the desired capacity; an apply must not reset it.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    new AutoscalingPolicy(this, "cpu", {
      name: "cpu-target-tracking",
      autoscalingGroupName: this.group.name,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: props.cpuTargetPercent,
        disableScaleIn: false,
      },
    });

    for (const action of props.scheduledActions ?? []) {
      new AutoscalingSchedule(this, `schedule-${action.name}`, {
        scheduledActionName: action.name,
        autoscalingGroupName: this.group.name,
        recurrence: action.recurrence,
        timeZone: action.timeZone,
        // -1 leaves a bound unchanged (the API's convention; the provider's default is 0, which would empty the group).
        minSize: action.minSize ?? -1,
        maxSize: action.maxSize ?? -1,
        desiredCapacity: action.desiredCapacity ?? -1,
      });
    }
  }
}
