/**
 * ACM certificate rules.
 */
import { Rule, rule } from "../rule";
import { block, isTrue } from "../../synthesized/terraform-json";

const TYPES = ["aws_acm_certificate"];

/** ACM rules. */
export const ACM_RULES: readonly Rule[] = [
  rule({
    id: "acm-create-before-destroy",
    checkov: ["CKV_AWS_233"],
    service: "acm",
    types: TYPES,
    title: "Certificates are replaced create-before-destroy.",
    reason: "A certificate in use cannot be deleted; without create_before_destroy a name change fails, or takes HTTPS down.",
    fix: "Set lifecycle { create_before_destroy = true } (RegionalCertificate, GlobalCertificate).",
    check(c) {
      if (!isTrue(block(c.attrs.lifecycle)?.create_before_destroy)) return "lifecycle.create_before_destroy is not true";
      return undefined;
    },
  }),
  rule({
    id: "acm-transparency-logging",
    checkov: ["CKV_AWS_234"],
    service: "acm",
    types: TYPES,
    title: "Certificates are logged to Certificate Transparency.",
    reason: "Browsers reject certificates missing from CT logs, and CT is how a mis-issued certificate for the domain gets noticed.",
    fix: 'Leave options.certificate_transparency_logging_preference "ENABLED".',
    check(c) {
      if (block(c.attrs.options)?.certificate_transparency_logging_preference === "DISABLED") return "certificate_transparency_logging_preference is DISABLED";
      return undefined;
    },
  }),
];
