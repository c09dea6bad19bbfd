/**
 * EFS replication of the shared files to the DR region (R1.7).
 */
import { EfsReplicationConfiguration } from "@cdktf/provider-aws/lib/efs-replication-configuration";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link FileReplication}. */
export interface FileReplicationProps {
  /** The primary file system (from the primary data stack's state). */
  readonly sourceFileSystemId: string;
  /** The DR file system (SharedFiles with `replicationDestination`), with its own mount targets and key. */
  readonly destinationFileSystemId: string;
  /** DR region. */
  readonly destinationRegion: string;
  /** A provider in the PRIMARY region: a replication configuration belongs to its source file system. */
  readonly provider: TerraformProvider;
}

/**
 * `aws_efs_replication_configuration` from the primary file system to an
 * existing DR file system (created by the DR stack with its mount targets and
 * access points, so DR instances mount it like the primary's). EFS keeps the
 * copy within minutes of the source (AWS: most changes replicate within 15
 * minutes; `TimeSinceLastSync` reports it). Deleting this resource (DR
 * `activate`) ends the replication and makes the copy writable.
 */
export class FileReplication extends Construct {
  /** The replication configuration. */
  readonly replication: EfsReplicationConfiguration;

  constructor(scope: Construct, id: string, props: FileReplicationProps) {
    super(scope, id);
    this.replication = new EfsReplicationConfiguration(this, "configuration", {
      provider: props.provider,
      sourceFileSystemId: props.sourceFileSystemId,
      destination: { fileSystemId: props.destinationFileSystemId, region: props.destinationRegion },
    });
  }
}
