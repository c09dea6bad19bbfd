/**
 * `npm run new-env -- <name> --from <preset>`: a new environment from a
 * preset with every unique or personal value replaced, registered, and
 * synthesizing at once; refusals write nothing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { transformSync } from "@swc/core";
import { validateAll } from "../../src/app";
import { EnvironmentDefinition } from "../../src/config/definition";
import { checkEnvironmentClashes } from "../../src/config/environment-clashes";
import { DEFINITIONS, PRESETS } from "../../src/environments";
import { exportNameOf, NewEnvRequest, planNewEnvironment, PLACEHOLDER_ACCOUNT } from "../../src/tools/new-env";

const ROOT = resolve(__dirname, "../..");
const INDEX = readFileSync(join(ROOT, "src/environments/index.ts"), "utf8");
const presets = PRESETS.map((p) => ({
  name: p.name,
  exportName: exportNameOf(p.name),
  path: `src/environments/presets/${p.name}.ts`,
  text: readFileSync(join(ROOT, `src/environments/presets/${p.name}.ts`), "utf8"),
  definition: p as Record<string, any>,
}));
/** A name no registered environment (nor a file) uses: the user may well have made "my-shop" already. */
const NAME = ["my-shop", "my-shop-2", "my-shop-3", "probe-env", "probe-env-2"].find(
  (n) => !DEFINITIONS.some((d) => d.name === n) && !existsSync(join(ROOT, `src/environments/${n}.ts`)) && !existsSync(join(ROOT, `__tests__/environments/${n}.test.ts`)),
)!;
const EXPORT = exportNameOf(NAME);
const request = (over: Partial<NewEnvRequest> = {}): NewEnvRequest => ({
  name: NAME,
  from: "web-was",
  presets,
  registered: DEFINITIONS as unknown as Record<string, any>[],
  indexText: INDEX,
  exists: () => false,
  ...over,
});

/** Evaluate a generated definition file (TypeScript) and return its export. */
function load(text: string, exportName: string): EnvironmentDefinition {
  const js = transformSync(text, { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }).code;
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", "require", js)(module, module.exports, () => ({}));
  return module.exports[exportName] as EnvironmentDefinition;
}

describe("planning a new environment", () => {
  it.each(PRESETS.map((p) => p.name))("from %s: a definition that validates next to every registered one, with nothing personal of the preset left", (from) => {
    const name = `mine-${from.slice(0, 8)}`;
    const plan = planNewEnvironment(request({ name, from }));
    const def = load(plan.files[`src/environments/${name}.ts`], plan.exportName) as any;
    const preset = PRESETS.find((p) => p.name === from)! as any;
    expect(validateAll([...DEFINITIONS, def], [name], { warn: () => undefined }).map((e) => e.name)).toEqual([name]);
    expect(def.account).toBe(PLACEHOLDER_ACCOUNT);
    expect(def.stateBucket).toBe(`${name}-tfstate-${PLACEHOLDER_ACCOUNT}`);
    expect(def.dns.domain).toBe(`${name}.example.com`);
    expect(def.network.vpcCidr).not.toBe(preset.network.vpcCidr);
    expect(def.compute.sshPublicKey).toContain("REPLACE-with-your-public-key");
    const text = plan.files[`src/environments/${name}.ts`];
    for (const personal of [preset.account, preset.stateBucket, preset.dns.domain, preset.compute.sshPublicKey]) expect(text).not.toContain(`"${personal}"`);
    expect(text).toContain('from "../config/definition"');
    expect(text).toContain(`export const ${plan.exportName}: EnvironmentDefinition`);
    // the placeholders it leaves are the ones the synth warning lists
    const warning = checkEnvironmentClashes({ definitions: [def], presets: PRESETS }).warnings.join("\n");
    expect(warning).toContain("account (example account id)");
    expect(warning).toContain("dns.domain (example domain)");
    expect(warning).toContain("compute.sshPublicKey (placeholder SSH key)");
  });

  it("moves explicit subnet CIDRs with the VPC (buddyverse's six /24s) to a block no registered environment uses", () => {
    const plan = planNewEnvironment(request({ from: "buddyverse" }));
    const def = load(plan.files[`src/environments/${NAME}.ts`], EXPORT) as any;
    const [, n] = /^10\.(\d+)\.0\.0\/16$/.exec(def.network.vpcCidr)!;
    expect(Number(n)).toBeGreaterThanOrEqual(40);
    expect(DEFINITIONS.map((d) => d.network.vpcCidr)).not.toContain(def.network.vpcCidr);
    expect(def.network.subnets.map((t: { cidrs: string[] }) => t.cidrs)).toEqual([
      [`10.${n}.10.0/24`, `10.${n}.20.0/24`],
      [`10.${n}.11.0/24`, `10.${n}.21.0/24`],
      [`10.${n}.12.0/24`, `10.${n}.22.0/24`],
    ]);
  });

  it("gives the DR VPC its own free block too (media-commerce), and takes --account and --domain", () => {
    const plan = planNewEnvironment(request({ from: "media-commerce", account: "210987654321", domain: "shop.my-company.co.kr" }));
    const def = load(plan.files[`src/environments/${NAME}.ts`], EXPORT) as any;
    const used = DEFINITIONS.flatMap((d: any) => [d.network.vpcCidr, d.dr?.vpcCidr]);
    expect(def.network.vpcCidr).toMatch(/^10\.\d+\.0\.0\/16$/);
    expect(def.dr.vpcCidr).toMatch(/^10\.\d+\.0\.0\/16$/);
    expect(def.dr.vpcCidr).not.toBe(def.network.vpcCidr);
    expect(used).not.toContain(def.network.vpcCidr);
    expect(used).not.toContain(def.dr.vpcCidr);
    expect(def.stateBucket).toBe(`${NAME}-tfstate-210987654321`);
    expect(def.dns.domain).toBe("shop.my-company.co.kr");
  });

  it("registers the environment in DEFINITIONS with its import, and writes a starter test", () => {
    const plan = planNewEnvironment(request());
    expect(plan.files["src/environments/index.ts"]).toContain(`import { ${EXPORT} } from "./${NAME}";`);
    expect(plan.files["src/environments/index.ts"]).toMatch(new RegExp(`export const DEFINITIONS: readonly EnvironmentDefinition\\[\\] = \\[.*, ${EXPORT}\\];`));
    expect(plan.files[`__tests__/environments/${NAME}.test.ts`]).toContain(`import { ${EXPORT} } from "../../src/environments/${NAME}";`);
  });

  it.each([
    ["an invalid name", { name: "My_Shop" }, /"My_Shop" is not a valid environment name: 3-20 characters/],
    ["a name ending with '-'", { name: "shop-" }, /"shop-" is not a valid environment name/],
    ["an existing environment", { name: "web-was" }, /environment "web-was" exists already/],
    ["an unknown preset", { from: "webwas" }, /unknown preset "webwas"; the presets are: retail-launch, media-commerce, web-was, buddyverse/],
    ["an existing file", { exists: (p: string) => p === `src/environments/${NAME}.ts` }, new RegExp(`src/environments/${NAME}\\.ts exists already`)],
    ["a bad --account", { account: "12345" }, /--account "12345" is not a 12-digit AWS account id/],
  ])("refuses %s", (_what, over, message) => {
    expect(() => planNewEnvironment(request(over as Partial<NewEnvRequest>))).toThrow(message);
  });
});

describe("npm run new-env in a clone", () => {
  let clone: string;
  /** A digest of every file under src/, __tests__/ and docs/ of the clone. */
  const tree = () =>
    createHash("sha256")
      .update(execFileSync("bash", ["-c", "find src __tests__ docs -type f | sort | xargs sha256sum"], { cwd: clone, encoding: "utf8" }))
      .digest("hex");
  const run = (...args: string[]) => spawnSync(join(clone, "node_modules/.bin/tsx"), ["scripts/new-env.ts", ...args], { cwd: clone, encoding: "utf8" });

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), "new-env-clone-"));
    for (const f of execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean)) {
      if (!existsSync(join(ROOT, f))) continue;
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(ROOT, f), join(clone, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it("refuses an unknown preset, an invalid name and an existing one, writing nothing", () => {
    const before = tree();
    for (const [args, message] of [
      [[NAME, "--from", "nope"], /unknown preset "nope"/],
      [["Bad_Name", "--from", "web-was"], /not a valid environment name/],
      [["buddyverse", "--from", "web-was"], /environment "buddyverse" exists already/],
      [[NAME], /--from <preset> is required/],
    ] as const) {
      const r = run(...args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    expect(tree()).toBe(before);
  });

  it("creates a new environment from web-was: written, registered, synthesizing, documented; a second run is refused", () => {
    const r = run(NAME, "--from", "web-was");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const f of [`src/environments/${NAME}.ts`, `__tests__/environments/${NAME}.test.ts`, `docs/${NAME}.md`]) expect(existsSync(join(clone, f))).toBe(true);
    expect(readFileSync(join(clone, "src/environments/index.ts"), "utf8")).toMatch(new RegExp(`DEFINITIONS: readonly EnvironmentDefinition\\[\\] = \\[.*, ${EXPORT}\\];`));
    expect(readFileSync(join(clone, `docs/${NAME}.md`), "utf8")).toContain("## Reachability");
    const outdir = join(clone, "out");
    const synth = spawnSync(join(clone, "node_modules/.bin/tsx"), ["main.ts"], { cwd: clone, encoding: "utf8", env: { ...process.env, ENVIRONMENT: NAME, CDKTF_OUTDIR: outdir } });
    expect(synth.status).toBe(0);
    expect(existsSync(join(outdir, "stacks", `${NAME}-network`, "cdk.tf.json"))).toBe(true);
    const before = tree();
    const again = run(NAME, "--from", "web-was");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`environment "${NAME}" exists already.*nothing was written`));
    expect(tree()).toBe(before);
  }, 120_000);
});
