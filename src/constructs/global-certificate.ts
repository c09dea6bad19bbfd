/**
 * A public ACM certificate for CloudFront: issued in us-east-1, validated by
 * DNS records in the environment's hosted zone.
 */
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Fn, TerraformIterator, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link GlobalCertificate}. */
export interface GlobalCertificateProps {
  /**
   * Names the certificate covers, each with a short stable id for its
   * validation record (`apex`, `www`); the first is the subject, the rest
   * alternative names.
   */
  readonly names: readonly { readonly id: string; readonly fqdn: string }[];
  /** The public hosted zone that holds the validation records. */
  readonly zoneId: string;
  /** `Name` tag. */
  readonly name: string;
  /** A provider in us-east-1: CloudFront accepts only certificates from there (trap 5). */
  readonly provider: TerraformProvider;
  /**
   * Write the validation CNAMEs here. `false` when another stack already owns
   * the very same records: ACM gives every certificate of an account the same
   * CNAME for a name, so the regional (ALB) certificate's records of the
   * compute stack validate this one too, and two owners of one record would
   * delete it from under each other on destroy. @default true
   */
  readonly createValidationRecords?: boolean;
}

/**
 * ACM certificate with DNS validation, `create_before_destroy` (CKV_AWS_233: a
 * replacement is issued before the old one is detached) and certificate
 * transparency logging (CKV_AWS_234). `certificateArn` is the validated ARN,
 * so a distribution using it is created only once the certificate is issued.
 */
export class GlobalCertificate extends Construct {
  /** ARN of the issued (validated) certificate. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: GlobalCertificateProps) {
    super(scope, id);
    const [subject, ...alternatives] = props.names.map((n) => n.fqdn);
    if (subject === undefined) throw new Error(`GlobalCertificate ${id}: give at least one name`);
    const certificate = new AcmCertificate(this, "certificate", {
      provider: props.provider,
      domainName: subject,
      subjectAlternativeNames: alternatives,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { Name: props.name },
      lifecycle: { createBeforeDestroy: true },
    });

    if (props.createValidationRecords === false) {
      // The records exist (compute stack); wait for issuance.
      const validation = new AcmCertificateValidation(this, "validation", { provider: props.provider, certificateArn: certificate.arn });
      this.certificateArn = validation.certificateArn;
      return;
    }
    // One CNAME per name. The validation options only exist after the certificate
    // is requested, so they cannot key a for_each at plan time; the names can:
    // one record per name, its values looked up by domain name.
    const byName = TerraformIterator.fromList(certificate.domainValidationOptions).forExpressionForMap("val.domain_name", "val");
    const records = props.names.map(
      ({ id: nameId, fqdn }) =>
        new Route53Record(this, `validation-${nameId}`, {
          zoneId: props.zoneId,
          name: Token.asString(Fn.lookupNested(byName, [fqdn, "resource_record_name"])),
          type: "CNAME", // ACM DNS validation records are always CNAMEs
          records: [Token.asString(Fn.lookupNested(byName, [fqdn, "resource_record_value"]))],
          ttl: 300,
        }),
    );

    const validation = new AcmCertificateValidation(this, "validation", {
      provider: props.provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: records.map((r) => r.fqdn),
    });
    this.certificateArn = validation.certificateArn;
  }
}
