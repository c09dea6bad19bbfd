/**
 * OperatorKeyPair (R2.1): a key pair of an existing public key, never a private one.
 */
import { Testing, TerraformStack } from "cdktf";
import { OperatorKeyPair } from "../../src/constructs/operator-key-pair";

describe("OperatorKeyPair", () => {
  it("imports the public key as given", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new OperatorKeyPair(stack, "ops", { name: "e-operators", publicKey: "ssh-ed25519 AAAAC3Nza ops" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties({ tfResourceType: "aws_key_pair" }, { key_name: "e-operators", public_key: "ssh-ed25519 AAAAC3Nza ops" });
  });

  it("refuses a private key outright", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    expect(() => new OperatorKeyPair(stack, "ops", { name: "x", publicKey: "-----BEGIN RSA PRIVATE KEY-----" })).toThrow(/private key/);
  });
});
