/**
 * RegionalCertificate (R3.9): DNS validation records keyed by domain name in a
 * form Terraform can plan, and a validated ARN for listeners.
 */
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { Node } from "constructs";
import { RegionalCertificate } from "../../src/constructs/regional-certificate";

/** A stack with the project's readable logical ids (construct path joined with `_`), like EnvironmentStack. */
class ReadableStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    return node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id).join("_");
  }
}

function synth(domainNames: string[]): { json: any; cert: RegionalCertificate } {
  const stack = new ReadableStack(Testing.app(), "test");
  const cert = new RegionalCertificate(stack, "cert", { domainNames, zoneId: "Z0123456789ABCDEFGHIJ", name: "t" });
  return { json: JSON.parse(Testing.synth(stack)), cert };
}

describe("RegionalCertificate", () => {
  const { json, cert } = synth(["example.com", "www.example.com", "*.example.com"]);
  const certificate = Object.values(json.resource.aws_acm_certificate)[0] as any;
  const record = Object.values(json.resource.aws_route53_record)[0] as any;

  it("the first name is the subject, the rest alternative names; DNS validation, create before destroy", () => {
    expect(certificate).toMatchObject({
      domain_name: "example.com",
      subject_alternative_names: ["www.example.com", "*.example.com"],
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      lifecycle: { create_before_destroy: true },
    });
  });

  it("validation records iterate the options set directly (no tolist(): its keys would be unknown at plan)", () => {
    expect(record.for_each).not.toMatch(/tolist/);
    expect(record.for_each).toMatch(/^\$\{\{ for option in aws_acm_certificate\.cert_certificate\.domain_validation_options : option\.domain_name => option \}\}$/);
    expect(record).toMatchObject({ name: "${each.value.resource_record_name}", type: "${each.value.resource_record_type}", records: ["${each.value.resource_record_value}"], zone_id: "Z0123456789ABCDEFGHIJ", allow_overwrite: true });
  });

  it("exposes the validated ARN, so listeners wait for issuance", () => {
    expect(cert.certificateArn).toMatch(/TfToken/);
    const validation = Object.values(json.resource.aws_acm_certificate_validation)[0] as any;
    expect(validation.depends_on).toEqual(["aws_route53_record.cert_validation-record"]);
  });

  it("refuses an empty name list", () => {
    expect(() => synth([])).toThrow(/at least one domain name/);
  });
});
