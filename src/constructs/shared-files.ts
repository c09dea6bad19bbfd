/**
 * EFS shared by the application tiers: mounted at boot through one access
 * point per path (R3.6 `/static` and `/media`, R2.5 `/logs`).
 */
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { azSuffix, resourceName } from "../lib/naming";
import { policyJson } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";

/** Access points, lifecycle and throughput of the file system (the definition's `data.sharedFiles`). */
export interface SharedFilesSettings {
  /** One access point per directory, in this order. */
  readonly accessPoints: readonly {
    /** Directory (`/static`). */
    readonly path: string;
    /** Owner user id. */
    readonly uid: number;
    /** Owner group id. */
    readonly gid: number;
    /** Octal permissions of the directory (`0755`). */
    readonly permissions: string;
  }[];
  /** Days without access before a file moves to Infrequent Access. */
  readonly transitionToIaDays: 1 | 7 | 14 | 30 | 60 | 90 | 180 | 270 | 365;
  /** `elastic` or `bursting`. */
  readonly throughputMode: "elastic" | "bursting";
}

/** Props of {@link SharedFiles}. */
export interface SharedFilesProps {
  /** Environment name: names. */
  readonly envName: string;
  /** Account id (file system policy principal). */
  readonly account: string;
  /** The environment's AZs: one mount target per AZ, in this order. */
  readonly azs: readonly string[];
  /** The parsed `data.sharedFiles` section. */
  readonly settings: SharedFilesSettings;
  /** WEB-tier subnets, one per AZ in `azs` order (R3.6); a remote-state list. */
  readonly subnetIds: string[];
  /** The EFS security group from the network stack (NFS 2049 from the application tiers only). */
  readonly securityGroupId: string;
  /** Customer managed key of the file system. */
  readonly kmsKeyArn: string;
  /**
   * The file system is the destination of an EFS replication (the DR copy):
   * replication overwrite protection is disabled, which makes it read-only,
   * written only by the replication. `false` again after a failover, when the
   * replication is deleted and the copy becomes writable (AWS re-enables the
   * protection then; the definition says so too, so no drift).
   * @default false
   */
  readonly replicationDestination?: boolean;
}

/** `/static` → `static`: the construct id and name part of an access point. */
export function accessPointName(path: string): string {
  return path.replace(/^\//, "").replace(/\//g, "-");
}

/**
 * File system `<env>-shared`: encrypted with the CMK (CKV_AWS_184), automatic
 * daily backups by AWS Backup (EFS backup policy, R3.6, CKV2_AWS_18), files
 * unread for `transitionToIaDays` move to Infrequent Access and come back on
 * first access, `prevent_destroy` (X.3).
 *
 * One mount target per AZ, in the WEB subnets (R3.6): EFS allows one mount
 * target per AZ, and the WAS subnets share those AZs, so WAS instances mount
 * the same targets (the security group admits NFS from every app tier).
 * Mount targets are counted from the definition's AZs, never from the
 * remote-state list (unknown at plan time for a real run).
 *
 * The file system policy denies every request without TLS and allows mounts
 * only by IAM principals of this account through a mount target, so clients
 * mount with `-o tls,iam,accesspoint=<id>` (amazon-efs-utils) and their
 * instance role needs `elasticfilesystem:ClientMount`/`ClientWrite` on it.
 */
export class SharedFiles extends Construct {
  /** The file system. */
  readonly fileSystem: EfsFileSystem;
  /** Access points in the order of `settings.accessPoints`. */
  readonly accessPoints: EfsAccessPoint[] = [];
  /** Paths of the access points, same order. */
  readonly accessPointPaths: string[];

  constructor(scope: Construct, id: string, props: SharedFilesProps) {
    super(scope, id);
    const s = props.settings;
    const name = resourceName(props.envName, "shared");
    this.fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: name,
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: "generalPurpose",
      throughputMode: s.throughputMode,
      lifecyclePolicy: [{ transitionToIa: s.transitionToIaDays === 1 ? "AFTER_1_DAY" : `AFTER_${s.transitionToIaDays}_DAYS` }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }],
      ...(props.replicationDestination ? { protection: { replicationOverwrite: "DISABLED" } } : {}),
      tags: { Name: name },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
    new EfsBackupPolicy(this, "backup-policy", {
      fileSystemId: this.fileSystem.id,
      backupPolicy: { status: "ENABLED" },
    });
    new EfsFileSystemPolicy(this, "policy", {
      fileSystemId: this.fileSystem.id,
      bypassPolicyLockoutSafetyCheck: false,
      policy: policyJson([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "*",
          Resource: this.fileSystem.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "AccountMountsThroughMountTargets",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.account}:root` },
          Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
          Resource: this.fileSystem.arn,
          Condition: { Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" } },
        },
      ]),
    });
    props.azs.forEach((az, i) => {
      new EfsMountTarget(this, `mount-target-${azSuffix(az)}`, {
        fileSystemId: this.fileSystem.id,
        subnetId: Fn.element(props.subnetIds, i),
        securityGroups: [props.securityGroupId],
      });
    });
    for (const ap of s.accessPoints) {
      const apName = accessPointName(ap.path);
      this.accessPoints.push(
        new EfsAccessPoint(this, `access-point-${apName}`, {
          fileSystemId: this.fileSystem.id,
          // Every access through the point runs as this user, whatever the
          // client's uid: nginx, the app and log shippers see the same owner.
          posixUser: { uid: ap.uid, gid: ap.gid },
          rootDirectory: { path: ap.path, creationInfo: { ownerUid: ap.uid, ownerGid: ap.gid, permissions: ap.permissions } },
          tags: { Name: resourceName(props.envName, "shared", apName) },
        }),
      );
    }
    this.accessPointPaths = s.accessPoints.map((ap) => ap.path);
  }
}
