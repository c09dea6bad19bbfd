/**
 * Least privilege of the instance roles: each statement scoped to the role's
 * own log group, secret, file system and artifact.
 */
import { instancePolicyStatements, s3UriToObjectArn } from "../../src/lib/instance-policy";

const base = { region: "ap-northeast-2", account: "111111111111" };
const SECRET = "arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:rds!db-1-AbCdEf";

describe("instancePolicyStatements", () => {
  it("nothing to reach: no statement (the bastion has Session Manager only)", () => {
    expect(instancePolicyStatements(base)).toEqual([]);
  });

  it("R2.5 the CloudWatch agent may write to its own log groups only", () => {
    const [s] = instancePolicyStatements({ ...base, logGroupArns: ["arn:aws:logs:ap-northeast-2:111111111111:log-group:/e/compute/web"] });
    expect(s).toEqual({
      Sid: "ShipLogsToOwnLogGroups",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: ["arn:aws:logs:ap-northeast-2:111111111111:log-group:/e/compute/web", "arn:aws:logs:ap-northeast-2:111111111111:log-group:/e/compute/web:*"],
    });
  });

  it("X.4 reads exactly one secret; KMS decrypt only through Secrets Manager for that secret", () => {
    const statements = instancePolicyStatements({ ...base, secretArn: SECRET });
    const read = statements.find((s) => s.Sid === "ReadOwnSecret")!;
    expect(read.Resource).toBe(SECRET);
    expect(read.Action).toContain("secretsmanager:GetSecretValue");
    const decrypt = statements.find((s) => s.Sid === "DecryptOwnSecretThroughSecretsManager")!;
    expect(decrypt.Condition).toEqual({
      StringEquals: { "kms:ViaService": "secretsmanager.ap-northeast-2.amazonaws.com", "kms:EncryptionContext:SecretARN": SECRET },
    });
    // No Secrets Manager action on a wildcard resource.
    for (const s of statements) {
      const actions = ([] as string[]).concat(s.Action as string | string[]);
      if (actions.some((a) => a.startsWith("secretsmanager:"))) expect(s.Resource).not.toContain("*");
    }
  });

  it("R3.6 mounts its own file system only", () => {
    const [s] = instancePolicyStatements({ ...base, efsFileSystemId: "fs-0123" });
    expect(s!.Resource).toBe("arn:aws:elasticfilesystem:ap-northeast-2:111111111111:file-system/fs-0123");
    expect(s!.Action).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:DescribeMountTargets"]);
  });

  it("downloads its own artifact only", () => {
    const [s] = instancePolicyStatements({ ...base, artifactObjectArns: [s3UriToObjectArn("s3://builds/app/app.jar")] });
    expect([s!.Action, s!.Resource]).toEqual(["s3:GetObject", ["arn:aws:s3:::builds/app/app.jar"]]);
  });
});

describe("cache access", () => {
  it("R1.6 connects with IAM to exactly the environment's cache replication group and user", () => {
    const [s] = instancePolicyStatements({ ...base, cache: { replicationGroupId: "media-commerce-cache", userId: "media-commerce-app" } });
    expect(s).toEqual({
      Sid: "ConnectToOwnCacheWithIam",
      Effect: "Allow",
      Action: "elasticache:Connect",
      Resource: [
        "arn:aws:elasticache:ap-northeast-2:111111111111:replicationgroup:media-commerce-cache",
        "arn:aws:elasticache:ap-northeast-2:111111111111:user:media-commerce-app",
      ],
    });
  });
});

describe("s3UriToObjectArn", () => {
  it("maps s3://bucket/key to the object ARN and refuses anything else", () => {
    expect(s3UriToObjectArn("s3://b/k/x.jar")).toBe("arn:aws:s3:::b/k/x.jar");
    expect(() => s3UriToObjectArn("https://b/k")).toThrow(/s3:\/\/bucket\/key/);
  });
});
