/**
 * Outputs of `<env>-cicd`, for operators setting up the repository (no stack reads them).
 */
import { defineOutputs } from "./output-spec";

export const CICD_OUTPUTS = defineOutputs({
  plan_role_arn: { kind: "string", description: "Role the pull-request and main plan jobs assume with GitHub's OIDC token (read-only, state read).", stub: "arn:aws:iam::111111111111:role/example-cicd-plan" },
  apply_role_arn: { kind: "string", description: "Role the apply job assumes in the environment's GitHub environment (scoped to the environment).", stub: "arn:aws:iam::111111111111:role/example-cicd-apply" },
  oidc_provider_arn: { kind: "string", description: "The account's GitHub Actions OIDC provider the roles trust.", stub: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
});
