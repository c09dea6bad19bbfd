/**
 * `<env>-cicd` (with a `cicd` section): the GitHub Actions pipeline's access to
 * the environment (src/constructs/github-oidc-roles.ts). Applied by hand, once,
 * after `<env>-state` (its state lives in the bucket); the pipeline never
 * applies it, so it cannot widen its own permissions.
 */
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { cicdTargets } from "../config/cicd/schema";
import { GithubOidcRoles } from "../constructs/github-oidc-roles";
import { CICD_OUTPUTS } from "../contract/cicd";
import { publishOutputs } from "../contract/output-spec";
import { EnvironmentStack } from "./environment-stack";

export class CicdStack extends EnvironmentStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, "cicd");
    const targets = cicdTargets(env);
    if (!targets) throw new Error(`environment ${env.name} has no cicd section`);
    const roles = new GithubOidcRoles(this, "github", {
      envName: env.name,
      account: env.account,
      regions: [env.region, ...(env.dr ? [env.dr.region] : [])],
      stateBucket: env.stateBucket,
      roleNames: [targets.planRoleName, targets.applyRoleName],
      repository: targets.repository,
      planRoleName: targets.planRoleName,
      applyRoleName: targets.applyRoleName,
      githubEnvironment: targets.githubEnvironment,
      createOidcProvider: env.cicd!.createOidcProvider,
    });
    publishOutputs(this, CICD_OUTPUTS, { plan_role_arn: roles.planRole.arn, apply_role_arn: roles.applyRole.arn, oidc_provider_arn: roles.providerArn });
  }
}
