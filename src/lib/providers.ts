/**
 * Placing a whole construct subtree in another region.
 *
 * Constructs written for one region (such as `EncryptionKey`) take no provider
 * prop; where the edge stack needs them in us-east-1 (CloudFront's log groups
 * and their key must live there), it re-homes every resource under the
 * construct to the aliased provider after creating it.
 */
import { TerraformDataSource, TerraformProvider, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Set `provider` on every resource and data source under `scope` (inclusive).
 * No-op when `provider` is undefined (the stack's default provider stays).
 * @returns `scope`, for chaining
 */
export function assignProvider<T extends IConstruct>(scope: T, provider: TerraformProvider | undefined): T {
  if (!provider) return scope;
  for (const child of scope.node.findAll()) {
    if (child instanceof TerraformResource || child instanceof TerraformDataSource) child.provider = provider;
  }
  return scope;
}
