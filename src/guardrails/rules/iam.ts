/**
 * IAM rules: policies, attachments, roles' trust, users.
 */
import { TfResource } from "../../synthesized/terraform-index";
import { Statement, actionsOf, allows, awsPrincipals, conditionKeys, statements } from "../policy-document";
import { Rule, rule } from "../rule";
import { blocks, list, show } from "../../synthesized/terraform-json";

/** Resources that carry an identity policy document, and where. */
const POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"];

/** The identity-policy documents of a resource (a role's inline_policy blocks included). */
function identityPolicies(r: TfResource): unknown[] {
  if (r.type === "aws_iam_role") return blocks(r.attrs.inline_policy).map((p) => p.policy);
  return [r.attrs.policy];
}

/** Allow statements of every identity policy of `r`; unreadable documents are reported. */
function allowStatements(r: TfResource): { statements: Statement[]; unreadable: number } {
  const docs = identityPolicies(r).filter((p) => p !== undefined);
  const parsed = docs.map(statements);
  return { statements: parsed.flatMap((s) => s ?? []).filter(allows), unreadable: parsed.filter((s) => s === undefined).length };
}

function label(s: Statement): string {
  return show(s.Sid ?? actionsOf(s).join(","));
}

const ADMIN_POLICY = /:policy\/AdministratorAccess$/;
const ACCOUNT_PRINCIPAL = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

/** IAM rules. */
export const IAM_RULES: readonly Rule[] = [
  rule({
    id: "iam-no-wildcard-actions",
    checkov: ["CKV_AWS_62", "CKV_AWS_63"],
    service: "iam",
    types: POLICY_TYPES,
    title: 'No policy allows every action ("*").',
    reason: "A '*' action is administrator access: least privilege is a default of this project.",
    fix: "List the actions the role needs (src/lib/instance-policy.ts shows the pattern).",
    check(r) {
      const { statements: allowed, unreadable } = allowStatements(r);
      const problems = allowed.filter((s) => actionsOf(s).some((a) => a === "*" || a === "*:*")).map((s) => `statement ${label(s)} allows "*"`);
      if (unreadable > 0) problems.push("a policy is not a literal JSON document the guardrails can read");
      return problems;
    },
  }),
  rule({
    id: "iam-no-full-iam",
    checkov: ["CKV2_AWS_40"],
    service: "iam",
    types: POLICY_TYPES,
    title: 'No policy allows all of IAM ("iam:*").',
    reason: "Full IAM rights let a principal grant itself anything: privilege escalation in one call.",
    fix: "Allow only the IAM actions needed (usually none: roles are made by Terraform).",
    check(r) {
      return allowStatements(r)
        .statements.filter((s) => actionsOf(s).some((a) => a.toLowerCase() === "iam:*"))
        .map((s) => `statement ${label(s)} allows "iam:*"`);
    },
  }),
  rule({
    id: "iam-no-admin-policy-attachment",
    checkov: ["CKV_AWS_274"],
    service: "iam",
    types: ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role"],
    title: "Nothing attaches the AWS managed AdministratorAccess policy.",
    reason: "Administrator access from Terraform bypasses every least-privilege review.",
    fix: "Attach the managed read-only or service policies needed, or an inline least-privilege policy.",
    check(r) {
      const arns = r.type === "aws_iam_role" ? list(r.attrs.managed_policy_arns) : [r.attrs.policy_arn];
      if (arns.some((a) => typeof a === "string" && ADMIN_POLICY.test(a))) return "attaches AdministratorAccess";
      return undefined;
    },
  }),
  rule({
    id: "iam-no-users",
    checkov: ["CKV_AWS_273", "CKV2_AWS_22", "CKV_AWS_40"],
    service: "iam",
    types: ["aws_iam_user", "aws_iam_user_login_profile", "aws_iam_access_key", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"],
    title: "No IAM users, console passwords, access keys or user policies: people use roles (SSO or cross-account).",
    reason: "Long-lived user credentials leak and are never rotated; roles give short-lived credentials and one place to revoke.",
    fix: "Give people a role they assume with MFA (e.g. edge.vendorAccess), or IAM Identity Center.",
    check(r) {
      if (r.type === "aws_iam_policy_attachment") return list(r.attrs.users).length > 0 ? "attaches a policy to users" : undefined;
      return `${r.type} creates long-lived user access`;
    },
  }),
  rule({
    id: "iam-trust-scoped",
    checkov: ["CKV_AWS_60", "CKV_AWS_61"],
    service: "iam",
    types: ["aws_iam_role"],
    title: "Roles trust named principals: never '*', and another account only with an sts:ExternalId condition.",
    reason: "A role anyone (or any identity of a whole account) can assume is a door without a lock; the external id stops the confused deputy.",
    fix: "Trust a service principal, a specific role ARN, or an account root with sts:ExternalId (and MFA for people, as VendorReadOnlyAccess does).",
    check(role) {
      const trust = statements(role.attrs.assume_role_policy);
      if (!trust) return "assume_role_policy is not a literal JSON document the guardrails can read";
      const problems: string[] = [];
      for (const s of trust.filter(allows)) {
        const principals = awsPrincipals(s);
        if (principals.includes("*")) problems.push(`statement ${label(s)} lets any principal assume the role`);
        else if (principals.some((p) => ACCOUNT_PRINCIPAL.test(p)) && !conditionKeys(s).includes("sts:externalid")) {
          problems.push(`statement ${label(s)} trusts a whole account (${principals.join(", ")}) without an sts:ExternalId condition`);
        }
      }
      return problems;
    },
  }),
];
