/**
 * CloudWatch alarms of the compute tier, notifying the environment's SNS topic (R1.8, R3.10).
 */
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";

/** A tier the alarms watch. */
export interface AlarmedTier {
  /** `web` or `was` (part of alarm names and construct ids). */
  readonly tier: string;
  /** Auto Scaling group name. */
  readonly asgName: string;
  /** `arn_suffix` of its target group and of the load balancer in front of it. */
  readonly targetGroupArnSuffix: string;
  readonly loadBalancerArnSuffix: string;
}

/** Props of {@link ComputeAlarms}. */
export interface ComputeAlarmsProps {
  /** Environment name (alarm names). */
  readonly envName: string;
  /** SNS topic every alarm notifies (data stack output `alarm_topic_arn`). */
  readonly topicArn: string;
  /** `arn_suffix` of the public load balancer. */
  readonly albArnSuffix: string;
  /** The application tiers. */
  readonly tiers: readonly AlarmedTier[];
  /** p95 target response time threshold, seconds. */
  readonly latencyP95Seconds: number;
  /** 5xx share of requests threshold, percent. */
  readonly http5xxPercent: number;
  /** Average CPU threshold per tier, percent. */
  readonly cpuPercent: number;
  /** Consecutive one-minute periods over a threshold before an alarm fires. */
  readonly evaluationMinutes: number;
}

/**
 * Per tier: unhealthy hosts, no healthy host at all, CPU beyond what scaling
 * absorbs; for the public load balancer: the 5xx rate (load balancer and
 * target 5xx over requests, as metric math) and p95 latency. Every alarm
 * notifies the topic when it fires and when it clears, with actions enabled
 * (CKV_AWS_319).
 */
export class ComputeAlarms extends Construct {
  /** Every alarm, by construct id. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: ComputeAlarmsProps) {
    super(scope, id);
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    const notify = { actionsEnabled: true, alarmActions: [props.topicArn], okActions: [props.topicArn] };
    const add = (alarmId: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "evaluationPeriods"> & { evaluationPeriods?: number }) => {
      const name = resourceName(props.envName, alarmId);
      alarms[alarmId] = new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: name,
        evaluationPeriods: props.evaluationMinutes,
        ...notify,
        ...config,
        tags: { Name: name },
      });
    };

    for (const t of props.tiers) {
      const T = t.tier.toUpperCase();
      const tgDims = { TargetGroup: t.targetGroupArnSuffix, LoadBalancer: t.loadBalancerArnSuffix };
      add(`${t.tier}-unhealthy-hosts`, {
        alarmDescription: `${T}: at least one target fails its health check (Auto Scaling replaces it after the grace period)`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: tgDims,
        statistic: "Maximum",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
      add(`${t.tier}-no-healthy-hosts`, {
        alarmDescription: `${T}: no healthy target at all; the tier is down`,
        namespace: "AWS/ApplicationELB",
        metricName: "HealthyHostCount",
        dimensions: tgDims,
        statistic: "Minimum",
        period: 60,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        // No data means no target reported healthy: treat as down.
        treatMissingData: "breaching",
      });
      add(`${t.tier}-cpu-high`, {
        alarmDescription: `${T}: average CPU above ${props.cpuPercent}% (target tracking could not keep up, or the group is at its maximum)`,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        dimensions: { AutoScalingGroupName: t.asgName },
        statistic: "Average",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: props.cpuPercent,
        treatMissingData: "missing",
      });
    }

    const alb = { LoadBalancer: props.albArnSuffix };
    add("alb-5xx-rate", {
      alarmDescription: `Public load balancer: more than ${props.http5xxPercent}% of requests answered with 5xx`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.http5xxPercent,
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests", label: "5xx share of requests (%)", returnData: true },
        { id: "requests", metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: alb, stat: "Sum", period: 60 } },
        { id: "elb5xx", metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions: alb, stat: "Sum", period: 60 } },
        { id: "target5xx", metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: alb, stat: "Sum", period: 60 } },
      ],
    });
    add("alb-latency-p95", {
      alarmDescription: `Public load balancer: p95 target response time above ${props.latencyP95Seconds} s`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: alb,
      extendedStatistic: "p95",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.latencyP95Seconds,
      treatMissingData: "notBreaching",
    });
    this.alarms = alarms;
  }
}
