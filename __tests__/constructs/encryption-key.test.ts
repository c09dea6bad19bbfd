/**
 * EncryptionKey: rotation, an explicit key policy, and services limited to what they need.
 */
import { TerraformStack, Testing } from "cdktf";
import { EncryptionKey } from "../../src/constructs/encryption-key";

function keyPolicy(props: ConstructorParameters<typeof EncryptionKey>[2]) {
  const stack = new TerraformStack(Testing.app(), "t");
  new EncryptionKey(stack, "k", props);
  const key = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_kms_key)[0] as Record<string, any>;
  return { key, policy: JSON.parse(key.policy) as { Statement: Record<string, any>[] } };
}

describe("EncryptionKey", () => {
  it("CKV_AWS_7 rotates yearly; CKV2_AWS_64 the account administers it through IAM, no '*' principal", () => {
    const { key, policy } = keyPolicy({ account: "111111111111", alias: "a", description: "d" });
    expect(key.enable_key_rotation).toBe(true);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*" }),
    ]);
  });

  it("gives a service only the listed actions, under its condition", () => {
    const condition = { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::111111111111:distribution/*" } };
    const { policy } = keyPolicy({
      account: "111111111111",
      alias: "a",
      description: "d",
      servicePrincipals: [{ service: "cloudfront.amazonaws.com", actions: ["kms:Decrypt"], condition }],
    });
    expect(policy.Statement[1]).toMatchObject({ Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"], Condition: condition });
  });

  it("lets a service without listed actions encrypt and decrypt, never administer", () => {
    const { policy } = keyPolicy({ account: "111111111111", alias: "a", description: "d", servicePrincipals: [{ service: "logs.ap-northeast-2.amazonaws.com" }] });
    expect(policy.Statement[1].Action).not.toContain("kms:*");
    expect(policy.Statement[1].Action).toEqual(expect.arrayContaining(["kms:Decrypt*", "kms:GenerateDataKey*"]));
  });
});
