/**
 * The site's names inside the environment's domain, as the definition writes
 * them (`@` for the apex, `www`) and as DNS and certificates need them.
 */

/** Fully qualified name of `name` in `domain`: `@` → `example.com`, `www` → `www.example.com`. */
export function siteFqdn(domain: string, name: string): string {
  return name === "@" ? domain : `${name}.${domain}`;
}

/** A construct-id-safe label of `name`: `@` → `apex`, others unchanged. */
export function siteLabel(name: string): string {
  return name === "@" ? "apex" : name;
}

/** Secrets Manager name of the origin secret header's value (`<env>/origin-verify`, src/constructs/origin-verify.ts). */
export function originVerifySecretName(envName: string): string {
  return `${envName}/origin-verify`;
}
