/**
 * `npm run tf-config`: the Terraform CLI configuration for machines without a
 * Terraform registry. Writes `.cache/terraform/cli.tfrc` (git-ignored), which
 * installs hashicorp/aws 5.100.0 from the local filesystem mirror (found by
 * searching the usual places, or TF_PROVIDER_MIRROR), and prints the line to
 * export. With it, `cdktf diff/deploy --skip-provider-lock` and plain
 * `terraform init` in cdktf.out/stacks/<stack> work offline.
 *
 *   eval "$(npm run -s tf-config)"        # sets TF_CLI_CONFIG_FILE in this shell
 *   npm run tf-config -- --out <file>     # write the file elsewhere
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderTfConfig } from "../src/tools/tf-config";
import { AWS_PROVIDER_VERSION, DEFAULT_MIRROR_ROOTS, findProviderMirror, projectRoot, terraformPlatform } from "../src/tools/terraform/terraform-locate";

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: npm run tf-config [-- --out <file>]`);
    return 2;
  }
  if (values.help) {
    console.log("usage: npm run tf-config [-- --out <file>]");
    return 0;
  }
  const mirror = findProviderMirror();
  if (!mirror) {
    console.error(
      [
        `tf-config: no local mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} for ${terraformPlatform()} was found`,
        `  (searched ${process.env.TF_PROVIDER_MIRROR ? `TF_PROVIDER_MIRROR=${process.env.TF_PROVIDER_MIRROR}` : DEFAULT_MIRROR_ROOTS.join(", ")}).`,
        "With a registry you need none of this: cdktf and terraform download the provider themselves.",
        "Without one, build a mirror on a machine that has a registry and copy it here:",
        "  ENVIRONMENT=<env> npx cdktf synth && cd cdktf.out/stacks/<env>-network",
        `  terraform providers mirror -platform=${terraformPlatform()} /opt/tf-plugins`,
        "then: TF_PROVIDER_MIRROR=/opt/tf-plugins npm run tf-config",
      ].join("\n"),
    );
    return 1;
  }
  const file = resolve(values.out ?? join(projectRoot(), ".cache", "terraform", "cli.tfrc"));
  const pluginCache = mirror.layout === "packed" ? join(dirname(file), "plugin-cache") : null;
  mkdirSync(dirname(file), { recursive: true });
  if (pluginCache) mkdirSync(pluginCache, { recursive: true });
  writeFileSync(file, renderTfConfig(mirror.root, pluginCache));
  console.error(`tf-config: wrote ${file} (hashicorp/aws ${AWS_PROVIDER_VERSION} from ${mirror.root}, ${mirror.layout}${pluginCache ? `, plugin cache ${pluginCache}` : ""})`);
  console.log(`export TF_CLI_CONFIG_FILE=${JSON.stringify(file)}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
