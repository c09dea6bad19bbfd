/**
 * The customer managed KMS key encrypting the EBS volumes of the compute tier.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { policyJson } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link VolumeEncryptionKey}. */
export interface VolumeEncryptionKeyProps {
  /** The environment's account (key administrators, and the only caller allowed). */
  readonly account: string;
  /** The region (the key is used only through EC2 there). */
  readonly region: string;
  /** `alias/<alias>` and `Name` tag. */
  readonly alias: string;
  /** Days before a deleted key is gone for good. @default - 30; 7 in a `disposable` environment */
  readonly deletionWindowInDays?: number;
}

/**
 * KMS key with rotation for EBS volumes. Auto Scaling launches instances with
 * its service-linked role, which has no KMS permissions of its own and may not
 * exist yet in a fresh account (so the key policy cannot name it). The key
 * therefore lets any principal of THIS account use it, but only through EC2 in
 * this region (`kms:CallerAccount` + `kms:ViaService`): the pattern of the
 * AWS-managed `aws/ebs` key, with rotation and our own administration
 * (CKV2_AWS_64: the `*` principal is conditioned).
 */
export class VolumeEncryptionKey extends Construct {
  /** The key. */
  readonly key: KmsKey;
  /** ARN of the key. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: VolumeEncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the EBS volumes of ${props.alias}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? protectionOf(this).keyDeletionWindowDays,
      policy: policyJson([
        {
          Sid: "AccountAdministersThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "EbsThroughEc2InThisAccount",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
          Resource: "*",
          Condition: {
            StringEquals: { "kms:CallerAccount": props.account, "kms:ViaService": `ec2.${props.region}.amazonaws.com` },
          },
        },
      ]),
      tags: { Name: props.alias },
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
