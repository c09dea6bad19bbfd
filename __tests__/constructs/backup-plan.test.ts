/**
 * BackupPlan: AWS Backup vault, plan and selection (R1.3, R1.7).
 */
import { Testing } from "cdktf";
import { BACKUP_ROLE_POLICIES, BackupPlan } from "../../src/constructs/backup-plan";

type Res = Record<string, any>;
const settings = { schedule: "cron(0 18 * * ? *)", retentionDays: 14, startWindowMinutes: 60, completionWindowMinutes: 1440 };

describe("BackupPlan", () => {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      new BackupPlan(scope, "backup", { envName: "shop", settings, kmsKeyArn: "arn:key", resources: ["arn:db", "arn:fs"] });
    }),
  );

  it("the backup role has AWS Backup's backup/restore policies, S3's included, and the selection waits for them", () => {
    const attachments = Object.entries(json.resource.aws_iam_role_policy_attachment as Record<string, Res>);
    expect(attachments.map(([, a]) => a.policy_arn).sort()).toEqual([...BACKUP_ROLE_POLICIES].sort());
    const selection = Object.values(json.resource.aws_backup_selection)[0] as Res;
    expect(selection.resources).toEqual(["arn:db", "arn:fs"]);
    expect(selection.depends_on).toHaveLength(BACKUP_ROLE_POLICIES.length);
  });

  it("X.3 the vault is never force-destroyed and refuses destroy", () => {
    expect(Object.values(json.resource.aws_backup_vault)[0]).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true }, kms_key_arn: "arn:key" });
  });

  it("refuses a plan with nothing to back up", () => {
    expect(() => Testing.synthScope((scope) => new BackupPlan(scope, "backup", { envName: "shop", settings, kmsKeyArn: "arn:key", resources: [] }))).toThrow(/nothing to back up/);
  });
});
