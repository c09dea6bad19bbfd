/**
 * The DR "environment view": the environment as the DR region sees it, so the
 * DR stacks compose the SAME constructs (and the same stack classes) as the
 * primary, only with another region, AZs, VPC and capacity.
 *
 * The view is an {@link Environment} derived from the definition:
 * - `name` `<env>-dr` (every resource name, IAM roles included, differs from the primary's);
 * - `region`, `azs` and the VPC (`vpcCidr`, tiers, NAT mode) of the `dr` section,
 *   with the subnet `layout` derived by the same function as the primary's;
 * - compute capacity per strategy (src/lib/dr.ts `drTierCapacity`), scheduled
 *   actions only once activated (a sale warm-up must not start a pilot light);
 * - the database as the DR cluster (instance class, instance count), a cache
 *   only where the DR region holds one, no backup plan (the DR vault receives
 *   the primary's copies);
 * - CloudFront's origin-facing prefix list of the DR region;
 * - no `dr` section (the view has no DR of its own).
 *
 * The definition rules (src/config/dr-rules.ts) check everything the view
 * needs, so deriving it from a validated environment cannot fail.
 */
import type { Environment, Tier } from "../config/definition";
import { computeSettings } from "../config/compute/schema";
import { drTierRequests } from "../lib/dr-environment";
import { drDatabaseInstances, drHasCache, drName, drTierCapacity } from "../lib/dr";
import { deriveSubnetLayout } from "../lib/subnet-layout";

/** The DR view of a validated environment with a `dr` section (see the file comment). */
export function drEnvironment(env: Environment): Environment {
  const dr = env.dr;
  if (!dr) throw new Error(`environment ${env.name} has no dr section: it has no DR view`);
  const requests = drTierRequests(env.network.subnets, dr.subnets);
  const layout = deriveSubnetLayout(dr.vpcCidr, dr.azs.length, requests) as Partial<Record<Tier, readonly string[]>>;

  const compute = computeSettings(env);
  const tier = <T extends typeof compute.web>(t: T): T => ({
    ...t,
    ...drTierCapacity(dr, t),
    scheduledActions: dr.activate ? t.scheduledActions : [],
  });

  const data = env.data;
  const db = data?.database;
  const instances = drDatabaseInstances(env);
  const drData = data
    ? {
        ...data,
        ...(db
          ? {
              database: {
                ...db,
                instanceClass: dr.database.instanceClass ?? db.instanceClass,
                // The DR AZs are other names: place the DR instances in dr.azs order.
                primaryAz: undefined,
                replicas: Array.from({ length: Math.max(0, instances - 1) }, () => ({})),
              },
            }
          : {}),
        // A standby cache needs no more than a primary and a replica (automatic failover).
        cache: drHasCache(env) && data.cache ? { ...data.cache, nodes: dr.activate ? data.cache.nodes : Math.min(data.cache.nodes, 2) } : undefined,
        backupPlan: undefined,
      }
    : undefined;

  const edge = env.edge?.cdn
    ? { ...env.edge, cdn: { ...env.edge.cdn, originFacingPrefixListId: dr.originFacingPrefixListId } }
    : env.edge;

  return {
    ...env,
    name: drName(env.name),
    region: dr.region,
    azs: [...dr.azs],
    network: {
      ...env.network,
      vpcCidr: dr.vpcCidr,
      subnets: requests.map((r) => ({ tier: r.tier as Tier, prefixLength: r.prefixLength })),
      nat: { ...env.network.nat, mode: dr.natMode ?? env.network.nat.mode },
    },
    layout,
    compute: { ...compute, web: tier(compute.web), ...(compute.was ? { was: tier(compute.was) } : {}) },
    data: drData,
    edge,
    dr: undefined,
  } as Environment;
}
