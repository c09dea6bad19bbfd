/**
 * The names on the load balancer's regional certificate (R3.9).
 */
import { siteFqdn } from "./site-names";

/**
 * `explicit` when the definition lists names, else the site's names in the
 * domain (the edge section's `dns.names`, `@` being the domain itself), with
 * the domain first when it is among them; duplicates removed. Every name users
 * reach the load balancer by must be on it, or browsers refuse the connection.
 */
export function certificateNames(domain: string, siteNames: readonly string[], explicit?: readonly string[]): string[] {
  const names = explicit && explicit.length > 0 ? [...explicit] : siteNames.map((n) => siteFqdn(domain, n));
  const unique = [...new Set(names)];
  const apex = unique.indexOf(domain);
  if (apex > 0) unique.unshift(...unique.splice(apex, 1));
  return unique;
}
