/**
 * `npm run new-env -- <name> --from <preset>`: a new environment definition
 * from a preset, as text (comments and requirement notes kept), with every
 * value that must be unique or personal replaced:
 *
 * - `name`, `description`;
 * - `account` → the given account, or the example id 123456789012 (a placeholder);
 * - `stateBucket` → `<name>-tfstate-<account>` (bucket names are global);
 * - the domain, everywhere it appears → the given domain, or `<name>.example.com`;
 * - the VPC CIDR (and the DR VPC's) → the first 10.N.0.0 block of the same size that no
 *   registered environment uses; explicit subnet CIDRs move with it;
 * - the SSH public key → an all-zero key commented `REPLACE-with-your-public-key`;
 * - the datacenter's VPN endpoint is kept but marked: it is a preset's value.
 *
 * Placeholders left are listed by the synth-time warning
 * (src/config/environment-clashes.ts). This module is pure: it takes sources
 * and returns the files to write; scripts/new-env.ts does the I/O.
 */
import { formatCidr, isCidr, parseCidr } from "../lib/cidr";

/** A preset the command can copy. */
export interface PresetSource {
  /** The preset's environment name (`web-was`). */
  readonly name: string;
  /** Its exported constant (`webWas`). */
  readonly exportName: string;
  /** Project-relative path of its file. */
  readonly path: string;
  /** The file's text. */
  readonly text: string;
  /** The definition object it exports (for the values to replace). */
  readonly definition: Record<string, any>;
}

/** Input of {@link planNewEnvironment}. */
export interface NewEnvRequest {
  readonly name: string;
  readonly from: string;
  /** @default "123456789012" (an example id, reported as a placeholder) */
  readonly account?: string;
  /** @default `<name>.example.com` (reported as a placeholder) */
  readonly domain?: string;
  readonly presets: readonly PresetSource[];
  /** Every registered definition (names, VPCs and buckets in use). */
  readonly registered: readonly Record<string, any>[];
  /** `src/environments/index.ts` as it is. */
  readonly indexText: string;
  /** Project-relative paths that exist (a file of that name is refused). */
  readonly exists: (path: string) => boolean;
}

/** The files to write. */
export interface NewEnvPlan {
  /** Project-relative path → content. */
  readonly files: Readonly<Record<string, string>>;
  readonly exportName: string;
  /** What was replaced, for the user: `field: old → new`. */
  readonly replaced: readonly string[];
}

/** A refusal: nothing is written. */
export class NewEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NewEnvError";
  }
}

/** The environment-name rule of the definition schema. */
export const ENV_NAME = /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/;
/** The all-zero ed25519 key new environments start with: valid syntax, nobody's key. */
export const PLACEHOLDER_SSH_KEY = `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from("ssh-ed25519"), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32)]).toString("base64")} REPLACE-with-your-public-key`;
/** The example account id a new environment gets unless one is given. */
export const PLACEHOLDER_ACCOUNT = "123456789012";

/** `my-shop` → `myShop`. */
export function exportNameOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** VPC CIDRs of a definition (primary and DR). */
function vpcsOf(def: Record<string, any>): string[] {
  return [def?.network?.vpcCidr, def?.dr?.vpcCidr].filter((c): c is string => typeof c === "string");
}

/** The first 10.N.0.0/<prefix> (N from 40) overlapping none of `taken`. */
function freeBlock(prefix: number, taken: string[]): string {
  const used = taken.map((t) => parseCidr(t)).filter(isCidr);
  for (let n = 40; n < 256; n++) {
    const candidate = parseCidr(formatCidr(((10 << 24) >>> 0) + n * 65536, prefix));
    if (isCidr(candidate) && !used.some((u) => u.first <= candidate.last && candidate.first <= u.last)) return candidate.text;
  }
  throw new NewEnvError("no free 10.N.0.0 block is left for the VPC; edit network.vpcCidr by hand");
}

/** Plan the new environment's files; throws {@link NewEnvError} when refused (nothing written). */
export function planNewEnvironment(r: NewEnvRequest): NewEnvPlan {
  if (!ENV_NAME.test(r.name)) {
    throw new NewEnvError(`"${r.name}" is not a valid environment name: 3-20 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'`);
  }
  const preset = r.presets.find((p) => p.name === r.from);
  if (!preset) throw new NewEnvError(`unknown preset "${r.from}"; the presets are: ${r.presets.map((p) => p.name).join(", ")}`);
  if (r.registered.some((d) => d?.name === r.name)) throw new NewEnvError(`environment "${r.name}" exists already (registered in src/environments/index.ts); choose another name`);
  const path = `src/environments/${r.name}.ts`;
  const testPath = `__tests__/environments/${r.name}.test.ts`;
  for (const p of [path, testPath]) if (r.exists(p)) throw new NewEnvError(`${p} exists already; choose another name or remove it`);
  const exportName = exportNameOf(r.name);
  if (new RegExp(`\\b${exportName}\\b`).test(r.indexText)) throw new NewEnvError(`src/environments/index.ts already uses the name ${exportName}; choose another environment name`);
  const account = r.account ?? PLACEHOLDER_ACCOUNT;
  if (!/^\d{12}$/.test(account)) throw new NewEnvError(`--account "${account}" is not a 12-digit AWS account id`);
  const domain = r.domain ?? `${r.name}.example.com`;
  if (!/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) throw new NewEnvError(`--domain "${domain}" is not a lower-case DNS name such as shop.example.co.kr`);

  const def = preset.definition;
  const taken = r.registered.flatMap(vpcsOf);
  const moves: { from: ReturnType<typeof parseCidr>; to: ReturnType<typeof parseCidr> }[] = [];
  const replaced: string[] = [];
  for (const [field, old] of [["network.vpcCidr", def.network?.vpcCidr], ["dr.vpcCidr", def.dr?.vpcCidr]] as const) {
    if (typeof old !== "string") continue;
    const from = parseCidr(old);
    if (!isCidr(from)) continue;
    const to = freeBlock(from.prefix, taken);
    taken.push(to);
    moves.push({ from, to: parseCidr(to) });
    replaced.push(`${field}: ${old} → ${to}`);
  }
  const moveAddress = (value: string): string => {
    const c = parseCidr(value.includes("/") ? value : `${value}/32`);
    if (!isCidr(c)) return value;
    for (const m of moves) {
      if (!isCidr(m.from) || !isCidr(m.to)) continue;
      if (c.first >= m.from.first && c.last <= m.from.last) {
        const moved = formatCidr(c.first - m.from.first + m.to.first, c.prefix);
        return value.includes("/") ? moved : moved.replace(/\/32$/, "");
      }
    }
    return value;
  };
  const oldDomain: string | undefined = def.dns?.domain;
  const oldKey: string | undefined = def.compute?.sshPublicKey;
  const exact = new Map<string, string>([
    [def.account, account],
    [def.stateBucket, `${r.name}-tfstate-${account}`],
    ...(oldKey ? ([[oldKey, PLACEHOLDER_SSH_KEY]] as [string, string][]) : []),
  ]);
  replaced.push(`account: ${def.account} → ${account}${r.account ? "" : " (placeholder)"}`, `stateBucket: ${def.stateBucket} → ${r.name}-tfstate-${account}`);
  if (oldDomain) replaced.push(`dns.domain: ${oldDomain} → ${domain}${r.domain ? "" : " (placeholder)"}`);
  if (oldKey) replaced.push("compute.sshPublicKey → an all-zero placeholder key (put your own public key)");

  let text = preset.text.replace(/"((?:[^"\\\n]|\\.)*)"/g, (whole, value: string) => {
    if (exact.has(value)) return JSON.stringify(exact.get(value));
    let v = value;
    if (oldDomain && (v === oldDomain || v.endsWith(`.${oldDomain}`))) v = v.slice(0, v.length - oldDomain.length) + domain;
    if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(v)) v = moveAddress(v);
    return v === value ? whole : JSON.stringify(v);
  });
  // The definition's own name and description (top-level keys, two-space indent).
  text = text.replace(/^( {2}name: )"[^"\n]*",/m, `$1${JSON.stringify(r.name)},`);
  text = text.replace(/^( {2}description: )"[^"\n]*",/m, `$1${JSON.stringify(`${r.name}: from preset ${r.from}; describe it in one line`)},`);
  const gateway: string | undefined = def.network?.datacenter?.customerGatewayIp;
  if (gateway) {
    text = text.replace(new RegExp(`^(\\s*)customerGatewayIp: "${gateway.replace(/\./g, "\\.")}",`, "m"), `$1// REPLACE: your datacenter's VPN device (public IP), ranges and services below are the preset's.\n$&`);
    replaced.push(`network.datacenter.customerGatewayIp: kept the preset's ${gateway}; REPLACE it with your VPN device`);
  }
  // Imports move one folder up; the header and the export are the new environment's.
  text = text.replace(/from "\.\.\/\.\.\//g, 'from "../');
  text = text.replace(new RegExp(`export const ${preset.exportName}\\b`), `export const ${exportName}`);
  text = text.replace(/^\/\*\*[\s\S]*?\*\/\n/, `/**\n * Environment \`${r.name}\`, created from preset \`${r.from}\` by \`npm run new-env\`.\n *\n * Replace what \`npx cdktf synth\` still lists as placeholder values (account, domain, SSH key,\n * addresses) before deploying. Every field is documented, with its default, in\n * src/config/definition.ts and src/config/<section>/schema.ts.\n */\n`);
  for (const leftover of [def.account, def.stateBucket, oldKey].filter(Boolean)) {
    if (text.includes(`"${leftover}"`)) throw new NewEnvError(`could not replace ${leftover} in ${preset.path}; edit the new file by hand`);
  }

  const importLine = `import { ${exportName} } from "./${r.name}";\n`;
  const defsLine = /^export const DEFINITIONS: readonly EnvironmentDefinition\[\] = \[([^\]]*)\];$/m;
  const m = defsLine.exec(r.indexText);
  if (!m) throw new NewEnvError("src/environments/index.ts has no `export const DEFINITIONS: readonly EnvironmentDefinition[] = [...];` line to register the environment in; add it by hand");
  const lastImport = [...r.indexText.matchAll(/^import .*;\n/gm)].pop();
  const at = lastImport ? lastImport.index! + lastImport[0].length : 0;
  let index = r.indexText.slice(0, at) + importLine + r.indexText.slice(at);
  index = index.replace(defsLine, (_l, items: string) => `export const DEFINITIONS: readonly EnvironmentDefinition[] = [${items.trim().replace(/,\s*$/, "")}, ${exportName}];`);

  return { files: { [path]: text, "src/environments/index.ts": index, [testPath]: starterTest(r.name, exportName) }, exportName, replaced };
}

/** A first test of the new environment, written as a user would extend it. */
function starterTest(name: string, exportName: string): string {
  return `/**
 * Tests of environment \`${name}\`: what must stay true of it, in the synthesized Terraform.
 * Written by \`npm run new-env\` as a start; add your own (see README, "Testing your own
 * environment"). \`npm test\` also validates, guards and plans it like every preset.
 */
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { ${exportName} } from "../../src/environments/${name}";
import { synthEnvironment } from "../support/synth";

const s = synthEnvironment(${exportName});

describe("${name}", () => {
  it("keeps its state in its own bucket", () => {
    expect(s.text.state).toHaveResourceWithProperties(S3Bucket, { bucket: ${exportName}.stateBucket });
  });

  it("requires IMDSv2 on every launch template", () => {
    expect(s.text.compute).toHaveResource(LaunchTemplate);
    const templates = Object.values(s.json.compute?.resource?.aws_launch_template ?? {});
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(t.metadata_options).toMatchObject({ http_tokens: "required" });
  });

  it("never makes a database instance public", () => {
    expect(s.text.data ?? "{}").not.toHaveResourceWithProperties(DbInstance, { publicly_accessible: true });
  });
});
`;
}
