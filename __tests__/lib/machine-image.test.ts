/**
 * Operating systems per role (R2.9): architecture from the instance type,
 * the public AMI parameter of each OS, and the root device each AMI boots from.
 */
import { architectureOf, defaultAmiParameter, packageFamily, rootDeviceName, ssmAmi } from "../../src/lib/machine-image";

describe("architectureOf", () => {
  it.each([
    ["t3.small", "x86_64"],
    ["m5.large", "x86_64"],
    ["g4dn.xlarge", "x86_64"],
    ["c5n.large", "x86_64"],
    ["t4g.small", "arm64"],
    ["m7g.large", "arm64"],
    ["c6gn.medium", "arm64"],
    ["r8g.large", "arm64"],
  ])("%s is %s", (type, arch) => expect(architectureOf(type)).toBe(arch));
});

describe("defaultAmiParameter (R2.9)", () => {
  it.each([
    ["amazon-linux-2023", "x86_64", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"],
    ["amazon-linux-2023", "arm64", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"],
    ["ubuntu-22.04", "x86_64", "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"],
    ["ubuntu-22.04", "arm64", "/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id"],
    ["ubuntu-20.04", "x86_64", "/aws/service/canonical/ubuntu/server/20.04/stable/current/amd64/hvm/ebs-gp2/ami-id"],
  ] as const)("%s on %s", (os, arch, parameter) => expect(defaultAmiParameter(os, arch)).toBe(parameter));

  it("launch templates take the parameter as resolve:ssm:", () => {
    expect(ssmAmi("/a/b")).toBe("resolve:ssm:/a/b");
  });
});

describe("rootDeviceName and packageFamily", () => {
  it("Amazon Linux boots from /dev/xvda with dnf, Ubuntu from /dev/sda1 with apt", () => {
    expect([rootDeviceName("amazon-linux-2023"), packageFamily("amazon-linux-2023")]).toEqual(["/dev/xvda", "dnf"]);
    expect([rootDeviceName("ubuntu-22.04"), packageFamily("ubuntu-22.04")]).toEqual(["/dev/sda1", "apt"]);
    expect([rootDeviceName("ubuntu-20.04"), packageFamily("ubuntu-20.04")]).toEqual(["/dev/sda1", "apt"]);
  });
});
