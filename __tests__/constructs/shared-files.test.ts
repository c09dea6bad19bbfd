/**
 * SharedFiles: EFS with a mount target per AZ and an access point per path (R2.5, R3.6).
 */
import { Testing } from "cdktf";
import { accessPointName, SharedFiles } from "../../src/constructs/shared-files";

type Res = Record<string, any>;

function synth(transitionToIaDays: 1 | 30, azs: string[]) {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new SharedFiles(scope, "files", {
        envName: "shop",
        account: "111111111111",
        azs,
        settings: { accessPoints: [{ path: "/logs", uid: 48, gid: 48, permissions: "0750" }], transitionToIaDays, throughputMode: "elastic" },
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        securityGroupId: "sg-efs",
        kmsKeyArn: "arn:aws:kms:ap-northeast-2:111111111111:key/k",
      });
    }),
  );
}

describe("SharedFiles", () => {
  it("R3.6 one mount target per AZ, named by the AZ letter, counted from the definition", () => {
    const json = synth(30, ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"]);
    const targets = json.resource.aws_efs_mount_target as Record<string, Res>;
    // synthScope's stack adds a hash to logical ids; our stacks do not (EnvironmentStack.allocateLogicalId).
    expect(Object.keys(targets).map((k) => k.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["files_mount-target-a", "files_mount-target-b", "files_mount-target-c"]);
    expect(Object.values(targets).map((t) => t.security_groups)).toEqual([["sg-efs"], ["sg-efs"], ["sg-efs"]]);
  });

  it("EFS's one-day transition is spelled AFTER_1_DAY", () => {
    const fs = Object.values(synth(1, ["ap-northeast-2a", "ap-northeast-2c"]).resource.aws_efs_file_system)[0] as Res;
    expect(fs.lifecycle_policy[0]).toEqual({ transition_to_ia: "AFTER_1_DAY" });
  });

  it("R2.5 the access point runs every access as its POSIX user and creates its directory", () => {
    const ap = Object.values(synth(30, ["ap-northeast-2a", "ap-northeast-2c"]).resource.aws_efs_access_point)[0] as Res;
    expect(ap).toMatchObject({ posix_user: { uid: 48, gid: 48 }, root_directory: { path: "/logs", creation_info: { owner_uid: 48, owner_gid: 48, permissions: "0750" } } });
  });

  it("only IAM principals of the account may mount, through a mount target", () => {
    const policy = JSON.parse((Object.values(synth(30, ["ap-northeast-2a", "ap-northeast-2c"]).resource.aws_efs_file_system_policy)[0] as Res).policy);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Condition: { Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" } } }),
    );
  });

  it("access point names come from their path", () => {
    expect(accessPointName("/static")).toBe("static");
  });
});
