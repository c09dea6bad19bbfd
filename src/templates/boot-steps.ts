/**
 * Building blocks of the instance boot scripts (launch template user data,
 * R0.11), shared by the WEB, WAS and bastion templates. Each returns a piece of
 * bash; the role templates join them.
 *
 * Rules every piece follows:
 *   - no literal `${` anywhere: Terraform would read it as interpolation (the
 *     scripts pass through `userDataBase64`, which refuses it). Bash variables
 *     are written `$VAR`, never `${VAR}`;
 *   - values from other stacks (EFS ids, endpoints, DNS names) arrive as
 *     Terraform references inside the text and are resolved at apply time;
 *   - nothing secret: the database password stays in Secrets Manager and the
 *     application reads it at run time with its instance role (CKV_AWS_46).
 */
import { Architecture, OperatingSystem, packageFamily } from "../lib/machine-image";

/** Pinned amazon-efs-utils release built on Ubuntu (not packaged there); v1.x needs no Rust toolchain. */
export const EFS_UTILS_VERSION = "v1.36.0";

/** Where the log archive access point is mounted on the instance. */
export const LOG_ARCHIVE_MOUNT = "/mnt/log-archive";

/** The script header: shebang, strict mode, and a `retry` helper for network steps (egress through NAT may lag the boot). */
export function scriptHeader(role: string, what: string): string {
  return `#!/bin/bash
# ${role} instance bootstrap: ${what}
# Rendered at synth time by cdktf (src/templates/); runs once, at first boot.
set -euo pipefail
retry() {
  for attempt in $(seq 1 30); do
    "$@" && return 0
    echo "attempt $attempt of: $* failed; retrying in 10 s" >&2
    sleep 10
  done
  return 1
}
`;
}

/** Install packages with the OS's package manager (dnf on Amazon Linux, apt on Ubuntu). */
export function installPackages(os: OperatingSystem, packages: { readonly dnf: readonly string[]; readonly apt: readonly string[] }): string {
  if (packageFamily(os) === "dnf") {
    return packages.dnf.length === 0 ? "" : `retry dnf install -y ${packages.dnf.join(" ")}\n`;
  }
  if (packages.apt.length === 0) return "";
  // The lock timeout waits out unattended-upgrades, which holds the dpkg lock right after boot.
  return `export DEBIAN_FRONTEND=noninteractive
retry apt-get -o DPkg::Lock::Timeout=300 update -y
retry apt-get -o DPkg::Lock::Timeout=300 install -y ${packages.apt.join(" ")}
`;
}

/** Install the CloudWatch agent: an Amazon Linux package, a .deb from the region's agent bucket on Ubuntu. */
export function installCloudWatchAgent(os: OperatingSystem, region: string, arch: Architecture): string {
  if (packageFamily(os) === "dnf") return installPackages(os, { dnf: ["amazon-cloudwatch-agent"], apt: [] });
  const debArch = arch === "arm64" ? "arm64" : "amd64";
  return `retry curl -fsSL -o /tmp/amazon-cloudwatch-agent.deb https://amazoncloudwatch-agent-${region}.s3.${region}.amazonaws.com/ubuntu/${debArch}/latest/amazon-cloudwatch-agent.deb
dpkg -i -E /tmp/amazon-cloudwatch-agent.deb
`;
}

/** Write the agent's configuration and (re)start it. `configJson` comes from cloudWatchAgentConfig(). */
export function startCloudWatchAgent(configJson: string): string {
  return `mkdir -p /opt/aws/amazon-cloudwatch-agent/etc
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'CWAGENT'
${configJson}
CWAGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json
`;
}

/** Install the EFS mount helper (TLS and access points need it): packaged on Amazon Linux, built from a pinned tag on Ubuntu. */
export function installEfsUtils(os: OperatingSystem): string {
  if (packageFamily(os) === "dnf") return installPackages(os, { dnf: ["amazon-efs-utils"], apt: [] });
  return `${installPackages(os, { dnf: [], apt: ["git", "binutils", "nfs-common", "stunnel4"] })}rm -rf /tmp/efs-utils
retry git clone --depth 1 --branch ${EFS_UTILS_VERSION} https://github.com/aws/efs-utils /tmp/efs-utils
(cd /tmp/efs-utils && ./build-deb.sh)
retry apt-get -o DPkg::Lock::Timeout=300 install -y /tmp/efs-utils/build/amazon-efs-utils*deb
`;
}

/** Where the EFS file system and its access points come from (the data stack's outputs, as Terraform references). */
export interface EfsSource {
  /** File system id (`fs-...`); may be empty when the data stack has no EFS. */
  readonly fileSystemId: string;
  /** Access point ids joined with commas, in the order of `accessPointPaths`. */
  readonly accessPointIds: string;
  /** Access point paths joined with commas (`/static,/media`). */
  readonly accessPointPaths: string;
}

/**
 * Mount EFS access points at boot and in /etc/fstab (R3.6), over TLS with the
 * instance role's identity. `mounts` maps access point path → mount point.
 * The access point of a path is looked up at boot from the data stack's
 * parallel lists; a missing one stops the script loudly, so the instance never
 * serves without its shared files (the ELB health check then replaces it).
 */
export function mountEfsAccessPoints(efs: EfsSource, mounts: readonly { readonly path: string; readonly mountPoint: string }[]): string {
  if (mounts.length === 0) return "";
  const lines = mounts.map((m) => `mount_access_point ${m.path} ${m.mountPoint}`).join("\n");
  return `EFS_ID="${efs.fileSystemId}"
AP_IDS="${efs.accessPointIds}"
AP_PATHS="${efs.accessPointPaths}"
if [ -z "$EFS_ID" ]; then
  echo "EFS mounts were asked for, but the data stack publishes no file system (efs_id is empty)" >&2
  exit 1
fi
access_point_for() {
  i=1
  for p in $(echo "$AP_PATHS" | tr ',' ' '); do
    if [ "$p" = "$1" ]; then
      echo "$AP_IDS" | cut -d, -f"$i"
      return 0
    fi
    i=$((i + 1))
  done
  return 1
}
mount_access_point() {
  AP=$(access_point_for "$1") || { echo "no EFS access point with path $1 among: $AP_PATHS" >&2; exit 1; }
  mkdir -p "$2"
  echo "$EFS_ID:/ $2 efs _netdev,noresvport,tls,iam,accesspoint=$AP 0 0" >> /etc/fstab
  retry mount "$2"
}
${lines}
`;
}

/**
 * Copy the instance's log directories to the log archive mount every minute
 * (R2.5: logs survive the instance), under `<role>/<instance-id>/`. A systemd
 * timer rather than cron: cron is not installed on Amazon Linux 2023.
 */
export function archiveLogsEveryMinute(role: string, directories: readonly string[]): string {
  return `cat > /usr/local/bin/archive-logs <<'ARCHIVE'
#!/bin/bash
set -euo pipefail
TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
IID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
DEST=${LOG_ARCHIVE_MOUNT}/${role}/$IID
mkdir -p "$DEST"
for dir in ${directories.join(" ")}; do
  if [ -d "$dir" ]; then rsync -a "$dir" "$DEST/"; fi
done
ARCHIVE
chmod 0755 /usr/local/bin/archive-logs
cat > /etc/systemd/system/archive-logs.service <<'UNIT'
[Unit]
Description=Copy instance logs to the EFS log archive (R2.5)
RequiresMountsFor=${LOG_ARCHIVE_MOUNT}
[Service]
Type=oneshot
ExecStart=/usr/local/bin/archive-logs
UNIT
cat > /etc/systemd/system/archive-logs.timer <<'UNIT'
[Unit]
Description=Copy instance logs to the EFS log archive every minute
[Timer]
OnBootSec=2min
OnUnitActiveSec=1min
[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now archive-logs.timer
`;
}
