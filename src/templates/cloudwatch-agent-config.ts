/**
 * Configuration of the CloudWatch agent: which log files of an instance are
 * shipped to the tier's log group (R2.5). The log groups are created, encrypted
 * and given their retention by Terraform, so the agent never creates one.
 */

/** One log file shipped by the agent. */
export interface ShippedLogFile {
  /** Absolute path on the instance (globs allowed). */
  readonly path: string;
  /** Stream name suffix; streams are `<instance id>/<stream>`. */
  readonly stream: string;
}

/** The agent's JSON configuration: every file to `logGroup`, one stream per instance and file. */
export function cloudWatchAgentConfig(logGroup: string, files: readonly ShippedLogFile[]): string {
  return JSON.stringify(
    {
      agent: { run_as_user: "root", logfile: "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log" },
      logs: {
        logs_collected: {
          files: {
            collect_list: files.map((f) => ({
              file_path: f.path,
              log_group_name: logGroup,
              // `{instance_id}` is the agent's own placeholder (not Terraform's `${...}`).
              log_stream_name: `{instance_id}/${f.stream}`,
              // -1: leave the retention Terraform set on the group alone.
              retention_in_days: -1,
            })),
          },
        },
      },
    },
    null,
    2,
  );
}
