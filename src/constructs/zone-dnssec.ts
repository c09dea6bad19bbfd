/**
 * DNSSEC signing of a public hosted zone (CKV2_AWS_38).
 */
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { Route53HostedZoneDnssec } from "@cdktf/provider-aws/lib/route53-hosted-zone-dnssec";
import { Route53KeySigningKey } from "@cdktf/provider-aws/lib/route53-key-signing-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyJson } from "../lib/policy";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link ZoneDnssec}. */
export interface ZoneDnssecProps {
  /** Environment name (key alias, key-signing key name). */
  readonly envName: string;
  /** The account (key policy root, `aws:SourceAccount`). */
  readonly account: string;
  /** The hosted zone to sign. */
  readonly zoneId: string;
  /** A provider in us-east-1: Route 53 uses key-signing keys only from KMS there. */
  readonly usEast1: TerraformProvider;
  /** Days before a deleted key is gone. @default - 30; 7 in a `disposable` environment */
  readonly deletionWindowInDays?: number;
}

/**
 * An asymmetric KMS key in us-east-1 (`ECC_NIST_P256`, `SIGN_VERIFY`, the only
 * spec Route 53 accepts; asymmetric keys cannot be rotated by KMS), a
 * key-signing key in the zone, and signing switched on after it exists.
 *
 * The key policy lets `dnssec-route53.amazonaws.com` read the public key and
 * sign only for hosted zones of this account (`aws:SourceAccount`,
 * `aws:SourceArn`), and create grants only for AWS resources.
 *
 * Signing protects resolvers that validate only once the parent zone holds the
 * DS record: after the first apply, add the key-signing key's `ds_record` at
 * the registrar (output `dnssec_ds_record`). Before turning signing off or
 * destroying the zone, remove that DS record first and wait for its TTL, or
 * validating resolvers will refuse the whole domain.
 */
export class ZoneDnssec extends Construct {
  /** The key-signing key (its `ds_record` goes to the parent zone). */
  readonly keySigningKey: Route53KeySigningKey;

  constructor(scope: Construct, id: string, props: ZoneDnssecProps) {
    super(scope, id);
    const key = new KmsKey(this, "key", {
      provider: props.usEast1,
      description: `Signs the DNSSEC records of the hosted zone of ${props.envName} (Route 53 key-signing key)`,
      customerMasterKeySpec: "ECC_NIST_P256",
      keyUsage: "SIGN_VERIFY",
      deletionWindowInDays: props.deletionWindowInDays ?? protectionOf(this).keyDeletionWindowDays,
      policy: policyJson([
        { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${props.account}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: "Route53DnssecUse",
          Effect: "Allow",
          Principal: { Service: "dnssec-route53.amazonaws.com" },
          Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": props.account }, ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" } },
        },
        {
          Sid: "Route53DnssecGrant",
          Effect: "Allow",
          Principal: { Service: "dnssec-route53.amazonaws.com" },
          Action: "kms:CreateGrant",
          Resource: "*",
          Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
      ]),
      tags: { Name: `${props.envName}-dnssec` },
    });
    new KmsAlias(this, "alias", { provider: props.usEast1, name: `alias/${props.envName}-dnssec`, targetKeyId: key.keyId });
    this.keySigningKey = new Route53KeySigningKey(this, "ksk", {
      hostedZoneId: props.zoneId,
      keyManagementServiceArn: key.arn,
      // Letters, digits and underscores only.
      name: `${props.envName.replace(/-/g, "_")}_ksk`,
      status: "ACTIVE",
    });
    new Route53HostedZoneDnssec(this, "signing", {
      hostedZoneId: props.zoneId,
      signingStatus: "SIGNING",
      // Signing needs an active key-signing key.
      dependsOn: [this.keySigningKey],
    });
  }
}
