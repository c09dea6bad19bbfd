/**
 * CloudWatch alarms of the data stores, from the specs of src/lib/data-alarms.ts.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { AlarmSpec } from "../lib/data-alarms";

/** Props of {@link DataAlarms}. */
export interface DataAlarmsProps {
  /** The alarms (src/lib/data-alarms.ts `dataAlarmSpecs`). */
  readonly specs: readonly AlarmSpec[];
  /** SNS topic notified when an alarm fires and when it recovers. */
  readonly topicArn: string;
  /** Consecutive 5-minute periods over the threshold before an alarm fires. */
  readonly evaluationPeriods: number;
}

/**
 * One alarm per spec, construct id = spec id, on 5-minute periods, with
 * alarm and OK actions to the environment's topic (CKV_AWS_319: actions enabled).
 */
export class DataAlarms extends Construct {
  /** The alarms, in spec order. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    this.alarms = props.specs.map(
      (s) =>
        new CloudwatchMetricAlarm(this, s.id, {
          alarmName: s.name,
          alarmDescription: s.description,
          namespace: s.namespace,
          metricName: s.metricName,
          dimensions: { ...s.dimensions },
          statistic: s.statistic,
          comparisonOperator: s.comparison,
          threshold: s.threshold,
          period: 300,
          evaluationPeriods: props.evaluationPeriods,
          treatMissingData: s.treatMissingData,
          actionsEnabled: true,
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
          tags: { Name: s.name },
        }),
    );
  }
}
