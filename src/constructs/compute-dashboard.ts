/**
 * The CloudWatch dashboard of an environment (R1.8, R3.10).
 */
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { ComputeDashboardInputs, computeDashboardBody } from "../lib/compute-dashboard-body";

/** Props of {@link ComputeDashboard}. */
export interface ComputeDashboardProps extends ComputeDashboardInputs {
  /** Dashboard name (`<env>`). */
  readonly name: string;
}

/** One dashboard per environment; the body comes from `computeDashboardBody`. */
export class ComputeDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: ComputeDashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.name,
      dashboardBody: computeDashboardBody(props),
    });
  }
}
