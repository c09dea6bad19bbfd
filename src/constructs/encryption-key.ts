/**
 * A customer managed KMS key with rotation and an explicit key policy.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { policyJson, PolicyStatement } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The environment's AWS account id (key policy root principal). */
  readonly account: string;
  /** `alias/<alias>`; also the `Name` tag. */
  readonly alias: string;
  /** What the key protects, for operators. */
  readonly description: string;
  /**
   * AWS service principals allowed to use the key for encryption in this
   * account (`logs.ap-northeast-2.amazonaws.com`), each limited by
   * `aws:SourceAccount` / `kms:EncryptionContext` where the service supports it.
   * `actions` narrows what the service may do (CloudFront only decrypts);
   * by default a service may encrypt, decrypt, re-encrypt, generate data keys
   * and describe the key.
   * @default [] (only IAM principals of the account, through their own policies)
   */
  readonly servicePrincipals?: readonly {
    readonly service: string;
    readonly condition?: PolicyStatement["Condition"];
    readonly actions?: readonly string[];
  }[];
  /** Days before a deleted key is gone for good. @default - 30; 7 in a `disposable` environment */
  readonly deletionWindowInDays?: number;
}

/**
 * KMS key with yearly rotation (CKV_AWS_7) and an explicit key policy
 * (CKV2_AWS_64): the account administers it through IAM; the listed services
 * may use it. Never grants an unconditioned `*` principal.
 */
export class EncryptionKey extends Construct {
  /** The key. */
  readonly key: KmsKey;
  /** ARN of the key. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${props.account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.servicePrincipals ?? []).map((p, i) => ({
        Sid: `ServiceUse${i}`,
        Effect: "Allow" as const,
        Principal: { Service: p.service },
        Action: p.actions ?? ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        ...(p.condition ? { Condition: p.condition } : {}),
      })),
    ];
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? protectionOf(this).keyDeletionWindowDays,
      policy: policyJson(statements),
      tags: { Name: props.alias },
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
