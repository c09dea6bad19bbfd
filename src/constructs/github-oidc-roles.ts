/**
 * The GitHub Actions pipeline's access to one environment: the account's
 * GitHub OIDC provider (optional: an account has one) and two roles assumable
 * only with a GitHub OIDC token of the repository — no long-lived keys.
 * Policies: src/lib/cicd-policies.ts.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { applyRoleStatements, CicdPolicyInput, githubTrustStatements, planRoleStatements } from "../lib/cicd-policies";
import { policyJson } from "../lib/policy";

/** GitHub's OIDC issuer. */
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";

/** Props of {@link GithubOidcRoles}. */
export interface GithubOidcRolesProps extends CicdPolicyInput {
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly repository: string;
  /** Name of the plan role. */
  readonly planRoleName: string;
  /** Name of the apply role. */
  readonly applyRoleName: string;
  /** GitHub environment (with required reviewers) whose jobs may assume the apply role. */
  readonly githubEnvironment: string;
  /** Branch whose pushes may plan for apply. @default "main" */
  readonly mainBranch?: string;
  /** Create the account's OIDC provider; otherwise the existing one is referenced by ARN. @default true */
  readonly createOidcProvider?: boolean;
}

/** The OIDC provider and the plan and apply roles. */
export class GithubOidcRoles extends Construct {
  /** The plan role (read-only plus state read). */
  readonly planRole: IamRole;
  /** The apply role (scoped to the environment). */
  readonly applyRole: IamRole;
  /** ARN of the OIDC provider the roles trust. */
  readonly providerArn: string;

  constructor(scope: Construct, id: string, props: GithubOidcRolesProps) {
    super(scope, id);
    if (props.createOidcProvider ?? true) {
      // No thumbprint_list: AWS validates GitHub's certificate with its own trusted CAs (optional since provider 5.81).
      const provider = new IamOpenidConnectProvider(this, "github", { url: GITHUB_OIDC_URL, clientIdList: ["sts.amazonaws.com"], tags: { Name: `${props.envName}-github-actions` } });
      this.providerArn = provider.arn;
    } else {
      this.providerArn = `arn:aws:iam::${props.account}:oidc-provider/token.actions.githubusercontent.com`;
    }
    const main = props.mainBranch ?? "main";
    this.planRole = new IamRole(this, "plan", {
      name: props.planRoleName,
      description: `GitHub Actions of ${props.repository}: terraform plan of ${props.envName} (read-only, state read)`,
      assumeRolePolicy: policyJson(githubTrustStatements(this.providerArn, props.repository, ["pull_request", `ref:refs/heads/${main}`])),
      maxSessionDuration: 3600,
      tags: { Name: props.planRoleName },
    });
    new IamRolePolicy(this, "plan-policy", { role: this.planRole.id, name: "plan-read-only", policy: policyJson(planRoleStatements(props)) });
    this.applyRole = new IamRole(this, "apply", {
      name: props.applyRoleName,
      description: `GitHub Actions of ${props.repository} in environment ${props.githubEnvironment}: terraform apply of ${props.envName}`,
      assumeRolePolicy: policyJson(githubTrustStatements(this.providerArn, props.repository, [`environment:${props.githubEnvironment}`])),
      maxSessionDuration: 3600,
      tags: { Name: props.applyRoleName },
    });
    new IamRolePolicy(this, "apply-policy", { role: this.applyRole.id, name: "apply-environment", policy: policyJson(applyRoleStatements(props)) });
  }
}
