/**
 * Rules across environments: what two registered definitions must not share,
 * and the placeholder values a definition still holds.
 *
 * Refused (a problem of the definition registered LATER, naming the earlier
 * environment and its field, so the established environment keeps working):
 * - the same environment name;
 * - the same state bucket (bucket names are global: the second state stack
 *   would fail to create it, or worse, share state keys);
 * - the same hosted-zone domain in the same account (two zones would serve
 *   one domain; only the one the registrar delegates to answers).
 *
 * Warned (not refused):
 * - overlapping VPC CIDRs of two environments in one account and region (they
 *   can never be peered or routed together); silenced per pair, with a reason,
 *   by `guardrails.vpcOverlaps`;
 * - placeholder values left in: example account ids, `example.com`-style
 *   domains and addresses, documentation IP ranges, the presets' SSH keys and
 *   VPN endpoint, the placeholder key `npm run new-env` writes.
 *   One warning per environment naming every field.
 *
 * Works on the raw definitions (the fields compared have no defaults), so a
 * clash is reported even when the other definition has problems of its own.
 */
import { parseCidr, isCidr } from "../lib/cidr";
import { DefinitionProblem, FieldPath, formatPath } from "./problems";

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** What {@link checkEnvironmentClashes} found. */
export interface ClashReport {
  /** Problems per definition, by its index in `definitions` (refusals). */
  readonly problems: ReadonlyMap<number, readonly DefinitionProblem[]>;
  /** One line per warning, each naming the environment and its fields. */
  readonly warnings: readonly string[];
}

/** Options of {@link checkEnvironmentClashes}. */
export interface ClashOptions {
  /** Every registered definition, in registration order. */
  readonly definitions: readonly unknown[];
  /** Names of the environments being synthesized; only they get problems and warnings. @default every definition */
  readonly selected?: readonly string[];
  /** The presets, whose SSH public keys are placeholders in any environment. @default none */
  readonly presets?: readonly unknown[];
}

/** Ranges reserved for documentation (RFC 5737): never a real office, datacenter or VPN endpoint. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((c) => parseCidr(c)).filter(isCidr);
/** Domains and top-level domains reserved for examples (RFC 2606, RFC 6761). */
const EXAMPLE_DOMAIN = /(^|\.)(example\.(com|net|org)|[a-z0-9-]+\.(example|test|invalid|localhost))$/;
/** Account ids that are examples: one digit twelve times, 123456789012, 012345678901. */
const EXAMPLE_ACCOUNT = /^(?:(\d)\1{11}|123456789012|012345678901)$/;

function vpcNetworks(def: Raw): { region?: string; cidr?: string; where: string }[] {
  const out: { region?: string; cidr?: string; where: string }[] = [{ region: str(def.region), cidr: str(obj(def.network)?.vpcCidr), where: "network.vpcCidr" }];
  const dr = obj(def.dr);
  if (dr && str(dr.vpcCidr)) out.push({ region: str(dr.region), cidr: str(dr.vpcCidr), where: "dr.vpcCidr" });
  return out;
}

function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!isCidr(x) || !isCidr(y)) return false;
  return x.first <= y.last && y.first <= x.last;
}

function inDocumentationRange(value: string): boolean {
  const c = parseCidr(value.includes("/") ? value : `${value}/32`);
  if (!isCidr(c)) return false;
  return DOCUMENTATION_RANGES.some((r) => c.first >= r.first && c.last <= r.last);
}

/** Every string in `value` with its path. */
function strings(value: unknown, path: (string | number)[] = []): { path: FieldPath; value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, i]));
  const o = obj(value);
  return o ? Object.entries(o).flatMap(([k, v]) => strings(v, [...path, k])) : [];
}

/**
 * The placeholder values of a definition: field path, value and why it is one.
 * `presetKeys` holds the presets' SSH key bodies and VPN endpoint addresses.
 */
export function placeholdersOf(def: unknown, presetKeys: ReadonlySet<string>): { path: string; value: string; why: string }[] {
  const out: { path: string; value: string; why: string }[] = [];
  for (const s of strings(def)) {
    const p = formatPath(s.path);
    const v = s.value.trim();
    const why =
      EXAMPLE_ACCOUNT.test(v) || /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(?:(\d)\1{11}|123456789012):/.test(v)
        ? "example account id"
        : EXAMPLE_DOMAIN.test(v.toLowerCase()) || /@(.+\.)?(example\.(com|net|org)|[a-z0-9-]+\.(example|test|invalid))$/i.test(v)
          ? "example domain"
          : /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(v) && inDocumentationRange(v)
            ? "documentation range"
            : /^(ssh|ecdsa)-/.test(v) && presetKeys.has(sshKeyBody(v))
              ? "a preset's SSH key"
              : /^(ssh|ecdsa)-/.test(v) && (/\bREPLACE\b/i.test(v) || /^AAAAC3NzaC1lZDI1NTE5AAAAIA{43}=?$/.test(v.split(/\s+/)[1] ?? ""))
                ? "placeholder SSH key"
                : /^\d+\.\d+\.\d+\.\d+$/.test(v) && presetKeys.has(v) && /customerGatewayIp$/.test(p)
                  ? "a preset's VPN endpoint"
                  : undefined;
    if (why) out.push({ path: p, value: v, why });
  }
  return out;
}

/** The key material of an OpenSSH public key line (type and base64, without the comment). */
function sshKeyBody(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(" ");
}

/** Check the registered definitions against each other (see the module comment). */
export function checkEnvironmentClashes(options: ClashOptions): ClashReport {
  const defs = options.definitions.map((d) => obj(d) ?? {});
  const names = defs.map((d) => str(d.name) ?? "");
  const selected = new Set(options.selected && options.selected.length > 0 ? options.selected : names);
  const problems = new Map<number, DefinitionProblem[]>();
  const warnings: string[] = [];
  let current = -1;
  const add = (_env: string, path: string, value: unknown, message: string) => problems.set(current, [...(problems.get(current) ?? []), { path, value, message }]);
  const presetKeys = new Set([
    ...(options.presets ?? []).flatMap((p) => strings(p).filter((s) => /^(ssh|ecdsa)-/.test(s.value)).map((s) => sshKeyBody(s.value))),
    ...(options.presets ?? []).map((p) => str(obj(obj(obj(p)?.network)?.datacenter)?.customerGatewayIp)).filter((v): v is string => v !== undefined),
  ]);

  defs.forEach((def, i) => {
    const name = names[i];
    if (!selected.has(name) || name === "") return;
    current = i;
    for (let j = 0; j < i; j++) {
      const other = defs[j];
      const otherName = names[j];
      if (otherName === name) {
        add(name, "name", name, `environment "${name}" exists already (registered earlier in src/environments/index.ts); choose another name`);
        continue;
      }
      const bucket = str(def.stateBucket);
      if (bucket !== undefined && bucket === str(other.stateBucket)) {
        add(
          name,
          "stateBucket",
          bucket,
          `environment "${otherName}" keeps its state in this bucket (${otherName}: stateBucket); bucket names are global, so each environment needs its own, e.g. "${name}-tfstate-${str(def.account) ?? "<account>"}"`,
        );
      }
      const domain = str(obj(def.dns)?.domain);
      if (domain !== undefined && domain === str(obj(other.dns)?.domain) && str(def.account) === str(other.account)) {
        add(
          name,
          "dns.domain",
          domain,
          `environment "${otherName}" has a hosted zone for this domain in account ${str(def.account)} (${otherName}: dns.domain); two zones cannot both serve it: use a subdomain such as "${name}.${domain}"`,
        );
      }
    }
    const accepted = new Set(((obj(def.guardrails)?.vpcOverlaps as unknown[]) ?? []).map((a) => str(obj(a)?.environment)));
    defs.forEach((other, j) => {
      if (j === i || accepted.has(names[j]) || str(def.account) !== str(other.account)) return;
      for (const a of vpcNetworks(def)) {
        for (const b of vpcNetworks(other)) {
          if (a.cidr && b.cidr && a.region === b.region && overlaps(a.cidr, b.cidr)) {
            warnings.push(
              `warning: ${name}: ${a.where} ${a.cidr} overlaps ${names[j]}'s ${b.where} ${b.cidr} in account ${str(def.account)}, ${a.region}: ` +
                `the two VPCs can never be peered or routed together. Choose another range, or accept it in ${name}'s definition: ` +
                `guardrails: { vpcOverlaps: [{ environment: "${names[j]}", reason: "..." }] }`,
            );
          }
        }
      }
    });
    const found = placeholdersOf(def, presetKeys);
    if (found.length > 0) {
      warnings.push(
        `warning: ${name} still holds ${found.length} placeholder value${found.length === 1 ? "" : "s"}; replace before deploying: ` +
          found.map((f) => `${f.path} (${f.why})`).join(", "),
      );
    }
  });
  return { problems, warnings };
}
