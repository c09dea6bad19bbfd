/**
 * The price tables by region, and the one way to read a price: a missing
 * region or key is a refusal naming what was looked for, never a zero.
 */
import { AP_NORTHEAST_1 } from "./ap-northeast-1";
import { AP_NORTHEAST_2 } from "./ap-northeast-2";
import { GLOBAL } from "./global";
import { Price, PriceTable } from "./types";
import { US_EAST_1 } from "./us-east-1";
import { CostError } from "../errors";

export { CDN_VIEWER_AREAS } from "./global";
export type { Price, PriceTable } from "./types";

/** Every price table, by region code (`global` for CloudFront and Route 53). */
export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = Object.fromEntries(
  [AP_NORTHEAST_2, AP_NORTHEAST_1, US_EAST_1, GLOBAL].map((t) => [t.region, t]),
);

/** Regions with a price table. */
export const PRICED_REGIONS = Object.keys(PRICE_TABLES).filter((r) => r !== "global");

/**
 * The price `key` in `region`.
 * @param where who needs it (stack and address), for the error
 * @throws CostError when the region has no table or the table no such key
 */
export function priceOf(region: string, key: string, where: string): Price {
  const table = PRICE_TABLES[region];
  if (!table) {
    throw new CostError(where, region, `no price table for region ${JSON.stringify(region)}; priced regions: ${PRICED_REGIONS.join(", ")} (add src/tools/cost/prices/${region}.ts)`);
  }
  const price = table.prices[key];
  if (!price) {
    throw new CostError(where, key, `no price for ${JSON.stringify(key)} in ${region} (add it to src/tools/cost/prices/${region}.ts)`);
  }
  return price;
}
