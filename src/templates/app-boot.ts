/**
 * What the WEB and WAS boot scripts share: the inputs every application
 * instance needs, and the EFS steps (shared files R3.6, log archive R2.5).
 */
import { Architecture, OperatingSystem } from "../lib/machine-image";
import { EfsSource, EfsUtilsSource, installEfsUtils, LOG_ARCHIVE_MOUNT, mountEfsAccessPoints } from "./boot-steps";

/** Inputs of an application tier's boot script. */
export interface AppBootProps {
  /** Region (agent download, AWS CLI calls). */
  readonly region: string;
  /** Operating system of the role (R2.9). */
  readonly os: OperatingSystem;
  /** CPU architecture of the instance type. */
  readonly arch: Architecture;
  /** CloudWatch log group receiving the instance logs (R2.5). */
  readonly logGroup: string;
  /** The data stack's EFS outputs. @default none - required when `efsMounts` or `efsLogArchivePath` is set */
  readonly efs?: EfsSource;
  /** Access point paths mounted at the same path (`/static`, `/media`). @default [] */
  readonly efsMounts?: readonly string[];
  /** Access point path receiving the log archive. @default none */
  readonly efsLogArchivePath?: string;
  /** Where the EFS mount helper comes from. @default "distribution" (Amazon Linux's package) */
  readonly efsUtils?: EfsUtilsSource;
}

/** Whether the script needs EFS at all. */
export function usesEfs(props: AppBootProps): boolean {
  return (props.efsMounts ?? []).length > 0 || props.efsLogArchivePath !== undefined;
}

/** Install the mount helper and mount the shared directories and the log archive. */
export function efsSteps(props: AppBootProps): string {
  if (!usesEfs(props)) return "";
  if (!props.efs) throw new Error("EFS mounts or a log archive were asked for without the data stack's EFS outputs");
  const mounts = [
    ...(props.efsMounts ?? []).map((path) => ({ path, mountPoint: path })),
    ...(props.efsLogArchivePath !== undefined ? [{ path: props.efsLogArchivePath, mountPoint: LOG_ARCHIVE_MOUNT }] : []),
  ];
  return `# Shared files on EFS (R3.6) and the log archive (R2.5)
${installEfsUtils(props.os, props.region, props.efsUtils ?? "distribution")}${mountEfsAccessPoints(props.efs, mounts)}`;
}
