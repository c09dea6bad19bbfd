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
 *     application connects as its own IAM-authenticated user (CKV_AWS_46).
 */
import { Architecture, OperatingSystem, packageFamily } from "../lib/machine-image";

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

/**
 * Where the EFS mount helper comes from: the distribution's package (Amazon
 * Linux), the image itself (`baked-image`), or a prebuilt .deb in S3.
 */
export type EfsUtilsSource = "distribution" | "baked-image" | { readonly debS3Uri: string };

/**
 * Install (or check) the EFS mount helper that TLS and access point mounts
 * need. Packaged software only: nothing is cloned from a source host or built
 * at boot, so a scale-out under load does not wait on GitHub or a compiler.
 */
export function installEfsUtils(os: OperatingSystem, region: string, source: EfsUtilsSource): string {
  if (source === "baked-image") {
    return `command -v mount.efs >/dev/null || { echo "the baked image has no EFS mount helper (mount.efs): rebuild it with amazon-efs-utils" >&2; exit 1; }
`;
  }
  if (packageFamily(os) === "dnf" && source === "distribution") return installPackages(os, { dnf: ["amazon-efs-utils"], apt: [] });
  if (source === "distribution") throw new Error(`${os} does not package amazon-efs-utils: name a baked image or a prebuilt .deb (compute.<tier>.efsUtilsPackage)`);
  if (packageFamily(os) === "dnf") throw new Error("a .deb cannot be installed on Amazon Linux: its amazon-efs-utils package is used");
  return `${installPackages(os, { dnf: [], apt: ["nfs-common", "stunnel4"] })}retry snap install aws-cli --classic
export PATH=$PATH:/snap/bin
retry aws s3 cp --region ${region} ${source.debS3Uri} /tmp/amazon-efs-utils.deb
retry apt-get -o DPkg::Lock::Timeout=300 install -y /tmp/amazon-efs-utils.deb
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
