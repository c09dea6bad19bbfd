/**
 * The DR VPC's subnet tier requests, derived from the primary's tiers (a pure
 * helper shared by the definition rules, src/config/dr-rules.ts, and the DR
 * view, src/stacks/dr-environment.ts).
 */
import { parseCidr, isCidr } from "./cidr";
import { TierRequest } from "./subnet-layout";

/** A subnet tier request of the primary's definition (explicit CIDRs or a prefix length). */
interface PrimaryTier {
  readonly tier: string;
  readonly cidrs?: readonly string[] | undefined;
  readonly prefixLength?: number | undefined;
}

/**
 * The DR VPC's tier requests: `dr.subnets` when given, else the primary's
 * tiers in the same order and sizes (an explicit tier takes the prefix
 * length of its first CIDR: explicit CIDRs of the primary VPC cannot be
 * reused in another VPC CIDR). Tiers whose size cannot be read are skipped
 * (the schema reports them).
 */
export function drTierRequests(primaryTiers: readonly PrimaryTier[], drSubnets?: readonly { readonly tier: string; readonly prefixLength: number }[]): TierRequest[] {
  if (drSubnets) return drSubnets.map((t) => ({ tier: t.tier, prefixLength: t.prefixLength }));
  const requests: TierRequest[] = [];
  for (const t of primaryTiers) {
    if (typeof t.prefixLength === "number") {
      requests.push({ tier: t.tier, prefixLength: t.prefixLength });
      continue;
    }
    const first = t.cidrs?.[0];
    const parsed = first !== undefined ? parseCidr(first) : undefined;
    if (parsed && isCidr(parsed)) requests.push({ tier: t.tier, prefixLength: parsed.prefix });
  }
  return requests;
}
