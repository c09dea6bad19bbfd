/**
 * `npm run tf-config`: the CLI configuration that lets users run
 * `cdktf diff/deploy` and plain `terraform init` without a registry, from the
 * local hashicorp/aws mirror.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp } from "../../src/app";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { findTerraform } from "../../src/tools/terraform/terraform-locate";
import { renderTfConfig } from "../../src/tools/tf-config";
import { describeWithTerraform } from "../support/terraform";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

describe("tf-config text", () => {
  it("installs hashicorp providers from the mirror only, with a plugin cache only for a packed mirror", () => {
    const unpacked = renderTfConfig("/opt/tf-plugins", null);
    expect(unpacked).toMatch(/provider_installation \{\n {2}filesystem_mirror \{\n {4}path {4}= "\/opt\/tf-plugins"\n {4}include = \["registry.terraform.io\/hashicorp\/\*"\]/);
    expect(unpacked).not.toContain("plugin_cache_dir");
    expect(unpacked).not.toContain("direct");
    expect(renderTfConfig("/m", "/c/plugin-cache")).toContain('plugin_cache_dir = "/c/plugin-cache"');
  });

  it("without a mirror, says how to get the provider and exits 1", () => {
    const r = spawnSync(TSX, ["scripts/tf-config.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TF_PROVIDER_MIRROR: join(tmpdir(), "no-such-mirror") } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no local mirror of hashicorp/aws 5.100.0");
    expect(r.stderr).toContain("terraform providers mirror -platform=");
  });
});

describeWithTerraform("tf-config with the local mirror", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tf-config-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the export line, and terraform init of a synthesized stack then installs the provider without a registry", () => {
    const file = join(dir, "cli.tfrc");
    const r = spawnSync(TSX, ["scripts/tf-config.ts", "--out", file], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`export TF_CLI_CONFIG_FILE=${JSON.stringify(file)}`);
    expect(readFileSync(file, "utf8")).toContain("filesystem_mirror");

    buildApp({ definitions: [buddyverse], outdir: join(dir, "out"), warn: () => undefined }).app.synth();
    const stack = join(dir, "stack");
    cpSync(join(dir, "out", "stacks", "buddyverse-network"), stack, { recursive: true });
    const terraform = findTerraform()!.path;
    const env = { ...process.env, TF_CLI_CONFIG_FILE: file, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const init = execFileSync(terraform, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: stack, encoding: "utf8", env });
    expect(init).toMatch(/Installing hashicorp\/aws v5\.100\.0/);
    expect(init).toContain("Terraform has been successfully initialized");
    expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toContain('version     = "5.100.0"');
  }, 120_000);
});
