/**
 * The public ACM certificate of the load balancer (R3.9), in the environment's
 * region, validated by DNS records in the environment's hosted zone.
 */
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link RegionalCertificate}. */
export interface RegionalCertificateProps {
  /** Names the certificate covers; the first is its subject, the rest alternative names. */
  readonly domainNames: readonly string[];
  /** The public hosted zone holding the validation records (network output `zone_id`). */
  readonly zoneId: string;
  /** `Name` tag. */
  readonly name: string;
  /**
   * Write the DNS validation records. `false` for a second certificate of the
   * same names in another region (the DR load balancer's): ACM gives every
   * certificate of the account the same record for a name, which the primary
   * certificate's stack already owns, and two stacks must not own one record
   * (destroying one would delete the other's validation). The validation then
   * waits for the existing records.
   * @default true
   */
  readonly createValidationRecords?: boolean;
}

/**
 * ACM certificate with DNS validation, `create_before_destroy` (CKV_AWS_233:
 * a replacement is issued and attached before the old one goes) and
 * certificate transparency logging (CKV_AWS_234). `certificateArn` is the
 * validated ARN, so a listener using it waits until the certificate is issued.
 */
export class RegionalCertificate extends Construct {
  /** ARN of the issued (validated) certificate. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: RegionalCertificateProps) {
    super(scope, id);
    const [subject, ...alternatives] = props.domainNames;
    if (subject === undefined) throw new Error(`RegionalCertificate ${id}: give at least one domain name`);
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: subject,
      subjectAlternativeNames: alternatives,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { Name: props.name },
      lifecycle: { createBeforeDestroy: true },
    });
    if (props.createValidationRecords === false) {
      this.certificateArn = new AcmCertificateValidation(this, "validation", { certificateArn: certificate.arn }).certificateArn;
      return;
    }
    // One CNAME per name, keyed by the domain name (known at plan time). ACM
    // gives every certificate of the account the same CNAME for a name, so
    // these records also validate the edge stack's CloudFront certificate
    // (which therefore writes none), and `*.x` shares the record of `x`:
    // allow_overwrite adopts a record left by an earlier certificate.
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation-record", {
      forEach: options,
      zoneId: props.zoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });
    // cdktf writes this for_each as `{ for key, val in tolist(<options>) : ... }`; tolist() of a set
    // whose elements are partly unknown is wholly unknown, so the keys would be unknown at plan time
    // ("Invalid for_each argument"). Iterating the set itself keeps the domain names (the keys) known.
    records.addOverride(
      "for_each",
      `\${{ for option in ${certificate.terraformResourceType}.${certificate.friendlyUniqueId}.domain_validation_options : option.domain_name => option }}`,
    );
    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: certificate.arn,
      dependsOn: [records],
    });
    this.certificateArn = validation.certificateArn;
  }
}
