/**
 * The Aurora global database (R1.5, R1.7): the primary region's cluster
 * becomes its primary, a cluster in the DR region its secondary, replicated
 * by Aurora's storage layer (typically under a second behind).
 */
import { RdsGlobalCluster } from "@cdktf/provider-aws/lib/rds-global-cluster";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link GlobalDatabase}. */
export interface GlobalDatabaseProps {
  /** Global cluster identifier (`<env>-global`), known in advance: the secondary cluster names it. */
  readonly identifier: string;
  /** ARN of the existing primary cluster (`source_db_cluster_identifier`). */
  readonly sourceClusterArn: string;
  /** A provider in the PRIMARY cluster's region: the global cluster is created from the source, where it lives. */
  readonly provider: TerraformProvider;
}

/**
 * `aws_rds_global_cluster` created FROM the existing primary cluster
 * (`source_db_cluster_identifier`), so the primary is neither replaced nor
 * modified: its engine, version, database name and encryption are taken from
 * it (they conflict with the source and are not set here). The primary
 * cluster ignores the `global_cluster_identifier` AWS then sets on it
 * (AuroraCluster `globalMember`), as the provider documents; the source
 * argument cannot be read back, so it is ignored after creation too.
 *
 * `force_destroy` is required with a source (on destroy the members are
 * detached, not deleted); deletion protection and `prevent_destroy` keep the
 * global database itself. Requirements AWS checks: a memory-optimized
 * instance class (src/config/dr-rules.ts) and no RDS-managed master password
 * on any member (see AuroraCluster `masterPassword`).
 */
export class GlobalDatabase extends Construct {
  /** The global cluster. */
  readonly globalCluster: RdsGlobalCluster;
  /** Its identifier (what secondaries join, what failover commands name). */
  readonly identifier: string;

  constructor(scope: Construct, id: string, props: GlobalDatabaseProps) {
    super(scope, id);
    this.globalCluster = new RdsGlobalCluster(this, "cluster", {
      provider: props.provider,
      globalClusterIdentifier: props.identifier,
      sourceDbClusterIdentifier: props.sourceClusterArn,
      forceDestroy: true,
      deletionProtection: protectionOf(this).deletionProtection,
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy, ignoreChanges: ["source_db_cluster_identifier"] },
    });
    this.identifier = this.globalCluster.globalClusterIdentifier;
  }
}
