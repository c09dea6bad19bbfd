/**
 * The `cicd` section of an environment definition: how the GitHub Actions
 * pipeline (`.github/workflows/`) reaches this environment's AWS account.
 *
 * The pipeline has no long-lived keys: each job exchanges GitHub's OIDC token
 * for a role of the account. Two roles, synthesized by the `<env>-cicd` stack
 * (applied by hand, once, like the state stack; see README "CI/CD"):
 * - the PLAN role, assumable from pull requests of `repository`: read-only
 *   (Describe/List/Get of the services the stacks use) plus reading the
 *   Terraform state and taking its lock;
 * - the APPLY role, assumable only from jobs of `repository` running in the
 *   GitHub environment `githubEnvironment` (which requires reviewers): changes
 *   limited to the environment's region(s) and to IAM names of the environment.
 * Their ARNs follow from `account` and the role names, so the pipeline reads
 * them from the definition (`npx tsx scripts/ci.ts plan-matrix`).
 */
import { z } from "zod";

const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name: 1-64 characters of letters, digits and +=,.@_-");

export const cicdSchema = z.strictObject({
  /** The GitHub repository whose workflows may assume the roles, `owner/name`. */
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "a GitHub repository as owner/name"),
  /** The GitHub environment (with required reviewers) whose jobs may apply. @default - the environment's name */
  githubEnvironment: z.string().regex(/^[\w.-]{1,255}$/, "a GitHub environment name").optional(),
  /** Name of the plan role. @default "<env>-cicd-plan" */
  planRoleName: roleName.optional(),
  /** Name of the apply role. @default "<env>-cicd-apply" */
  applyRoleName: roleName.optional(),
  /**
   * Create the account's GitHub OIDC provider (`token.actions.githubusercontent.com`).
   * An account has at most one; set false when another environment of the same account creates it.
   * @default true
   */
  createOidcProvider: z.boolean().default(true),
});

/** The section as written. */
export type CicdDefinition = z.input<typeof cicdSchema>;

/** The ARNs and names the pipeline uses for one environment. */
export interface CicdTargets {
  readonly planRoleName: string;
  readonly applyRoleName: string;
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
  readonly githubEnvironment: string;
  readonly repository: string;
}

/** The pipeline's targets of an environment with a `cicd` section (defaults filled in). */
export function cicdTargets(env: { readonly name: string; readonly account: string; readonly cicd?: z.output<typeof cicdSchema> }): CicdTargets | undefined {
  const c = env.cicd;
  if (!c) return undefined;
  const planRoleName = c.planRoleName ?? `${env.name}-cicd-plan`;
  const applyRoleName = c.applyRoleName ?? `${env.name}-cicd-apply`;
  return {
    planRoleName,
    applyRoleName,
    planRoleArn: `arn:aws:iam::${env.account}:role/${planRoleName}`,
    applyRoleArn: `arn:aws:iam::${env.account}:role/${applyRoleName}`,
    githubEnvironment: c.githubEnvironment ?? env.name,
    repository: c.repository,
  };
}
