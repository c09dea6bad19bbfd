/**
 * Operating systems of the instance roles (R2.9): which public SSM parameter
 * names each OS's current AMI, which device is its root volume, and which
 * package manager it uses. Pure data, so a role's OS is one definition field
 * and planning never looks an AMI up (launch templates take
 * `resolve:ssm:<parameter>`, resolved by EC2 at each launch).
 */

/** The operating systems a role can run. */
export const OPERATING_SYSTEMS = ["amazon-linux-2023", "ubuntu-22.04", "ubuntu-20.04"] as const;
/** One of {@link OPERATING_SYSTEMS}. */
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];

/** CPU architecture of an instance type. */
export type Architecture = "x86_64" | "arm64";

/**
 * The architecture of an EC2 instance type: Graviton families carry a `g`
 * after the generation digit (`t4g`, `m7g`, `c6gn`, `r8g`), everything else
 * we accept is x86_64. (`g4dn`/`g5` are GPU families: the `g` is their class
 * letter, before the digit, so they stay x86_64.)
 */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split(".")[0] ?? "";
  return /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The public SSM parameter naming the current AMI of `os` for `arch`. */
export function defaultAmiParameter(os: OperatingSystem, arch: Architecture): string {
  switch (os) {
    case "amazon-linux-2023":
      return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
    case "ubuntu-22.04":
    case "ubuntu-20.04":
      return `/aws/service/canonical/ubuntu/server/${os.slice("ubuntu-".length)}/stable/current/${arch === "arm64" ? "arm64" : "amd64"}/hvm/ebs-gp2/ami-id`;
  }
}

/**
 * The root device of `os`'s AMIs. A block device mapping under any other name
 * would ADD a volume instead of configuring the root one, leaving the root
 * volume at the AMI's defaults.
 */
export function rootDeviceName(os: OperatingSystem): string {
  return os === "amazon-linux-2023" ? "/dev/xvda" : "/dev/sda1";
}

/** Package family of `os`: `dnf` (Amazon Linux) or `apt` (Ubuntu). */
export function packageFamily(os: OperatingSystem): "dnf" | "apt" {
  return os === "amazon-linux-2023" ? "dnf" : "apt";
}

/** The AMI reference a launch template takes for `parameter`. */
export function ssmAmi(parameter: string): string {
  return `resolve:ssm:${parameter}`;
}
