/**
 * Where database instances go: the primary (or Aurora writer) and each replica
 * (or reader), each in its own AZ where the definition does not say otherwise.
 */

/** A replica as the definition gives it. */
export interface ReplicaRequest {
  readonly az?: string | undefined;
}

/**
 * The AZ of each replica: its own `az` when given, otherwise the AZs after
 * the primary's in `azs` order, cycling (a reader in the primary's AZ only
 * when there are more replicas than other AZs). When the primary's AZ is not
 * known (an RDS Multi-AZ primary: AWS places it), unpinned replicas get
 * `undefined` and AWS chooses.
 */
export function replicaAzs(azs: readonly string[], primaryAz: string | undefined, replicas: readonly ReplicaRequest[]): (string | undefined)[] {
  if (primaryAz === undefined) return replicas.map((r) => r.az);
  const start = azs.indexOf(primaryAz);
  const others = [...azs.slice(start + 1), ...azs.slice(0, Math.max(start, 0))].filter((az) => az !== primaryAz);
  const cycle = others.length > 0 ? [...others, primaryAz] : [primaryAz];
  let next = 0;
  return replicas.map((r) => r.az ?? cycle[next++ % cycle.length]);
}
