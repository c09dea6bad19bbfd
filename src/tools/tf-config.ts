/**
 * The Terraform CLI configuration `npm run tf-config` writes for users on a
 * machine without a Terraform registry: hashicorp/* providers from the local
 * filesystem mirror only, no calls home.
 */
import { cliConfigText } from "./terraform/terraform-locate";

/**
 * The CLI configuration text. `pluginCacheDir` only for a packed (zip)
 * mirror, so every stack folder links the provider instead of extracting
 * 675 MB each; an unpacked mirror is linked directly (see cliConfigText in
 * terraform-locate.ts for why a cache then does harm).
 */
export function renderTfConfig(mirrorRoot: string, pluginCacheDir: string | null): string {
  return cliConfigText(mirrorRoot, pluginCacheDir, [
    "# Written by `npm run tf-config`: install hashicorp/* providers from the local mirror,",
    "# never from a registry. Use it with: export TF_CLI_CONFIG_FILE=<this file>",
  ]);
}
