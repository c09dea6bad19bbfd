/**
 * Rules of the `compute` section that relate fields to each other or to other
 * sections: the WAS tier against the network's subnets, the bastion's AZ and
 * key, capacity bounds, target group settings AWS refuses together, and the
 * certificate's names against the hosted zone.
 *
 * Like src/config/network-rules.ts they read the raw definition defensively:
 * a field the schema already rejects is skipped here, never reported twice.
 */
import { FieldPath, ProblemCollector } from "./problems";
import { arr, obj, Raw } from "./raw";

function int(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** Schema defaults the rules need when a field is left out (keep in step with sections/compute.ts). */
const DEFAULTS = { minSize: 2, desiredCapacity: 2, maxSize: 4, intervalSeconds: 10, timeoutSeconds: 5 } as const;

/** The tiers listed in network.subnets. */
function networkTiers(raw: Raw): Set<unknown> {
  return new Set((arr(obj(raw.network)?.subnets) ?? []).map((t) => obj(t)?.tier));
}

/** min <= desired <= max for a tier, and for every scheduled action against the tier's bounds where it leaves one unchanged. */
function checkCapacity(tier: Raw, path: FieldPath, problems: ProblemCollector): void {
  const min = int(tier.minSize) ?? (tier.minSize === undefined ? DEFAULTS.minSize : undefined);
  const desired = int(tier.desiredCapacity) ?? (tier.desiredCapacity === undefined ? DEFAULTS.desiredCapacity : undefined);
  const max = int(tier.maxSize) ?? (tier.maxSize === undefined ? DEFAULTS.maxSize : undefined);
  if (min !== undefined && max !== undefined && min > max) {
    problems.add([...path, "minSize"], `minSize ${min} is above maxSize ${max}`);
  } else {
    if (desired !== undefined && min !== undefined && desired < min) problems.add([...path, "desiredCapacity"], `desiredCapacity ${desired} is below minSize ${min}`);
    if (desired !== undefined && max !== undefined && desired > max) problems.add([...path, "desiredCapacity"], `desiredCapacity ${desired} is above maxSize ${max}`);
  }

  const names = new Set<string>();
  (arr(tier.scheduledActions) ?? []).forEach((a, i) => {
    const action = obj(a);
    if (!action) return;
    const at: FieldPath = [...path, "scheduledActions", i];
    if (typeof action.name === "string") {
      if (names.has(action.name)) problems.add([...at, "name"], `scheduled action "${action.name}" is listed twice in this tier`);
      names.add(action.name);
    }
    const aMin = int(action.minSize);
    const aMax = int(action.maxSize);
    const aDesired = int(action.desiredCapacity);
    if (action.minSize === undefined && action.maxSize === undefined && action.desiredCapacity === undefined) {
      problems.add(at, "a scheduled action must change at least one of minSize, maxSize, desiredCapacity");
      return;
    }
    // Bounds in force after the action: what it sets, else the tier's.
    const effMin = aMin ?? (action.minSize === undefined ? min : undefined);
    const effMax = aMax ?? (action.maxSize === undefined ? max : undefined);
    if (effMin !== undefined && effMax !== undefined && effMin > effMax) {
      problems.add([...at, action.minSize !== undefined ? "minSize" : "maxSize"], `after this action minSize (${effMin}) would be above maxSize (${effMax})`);
    } else if (aDesired !== undefined) {
      if (effMin !== undefined && aDesired < effMin) problems.add([...at, "desiredCapacity"], `desiredCapacity ${aDesired} is below the minSize in force (${effMin})`);
      if (effMax !== undefined && aDesired > effMax) problems.add([...at, "desiredCapacity"], `desiredCapacity ${aDesired} is above the maxSize in force (${effMax})`);
    }
  });
}

/** Target group settings AWS rejects together, and a health check that can never pass. */
function checkTargetGroup(tier: Raw, path: FieldPath, problems: ProblemCollector): void {
  const tg = obj(tier.targetGroup);
  if (!tg) return;
  const at: FieldPath = [...path, "targetGroup"];
  // Trap 1 (aws-reference.md): the API refuses slow start with least outstanding requests.
  if (tg.algorithm === "least_outstanding_requests" && typeof tg.slowStartSeconds === "number" && tg.slowStartSeconds > 0) {
    problems.add([...at, "slowStartSeconds"], 'slow start cannot be combined with algorithm "least_outstanding_requests"; set slowStartSeconds to 0 or use "round_robin"');
  }
  const hc = obj(tg.healthCheck);
  if (hc) {
    const interval = int(hc.intervalSeconds) ?? (hc.intervalSeconds === undefined ? DEFAULTS.intervalSeconds : undefined);
    const timeout = int(hc.timeoutSeconds) ?? (hc.timeoutSeconds === undefined ? DEFAULTS.timeoutSeconds : undefined);
    if (interval !== undefined && timeout !== undefined && timeout >= interval) {
      problems.add([...at, "healthCheck", "timeoutSeconds"], `timeoutSeconds (${timeout}) must be below intervalSeconds (${interval})`);
    }
  }
  const mounts = arr(tier.efsMounts) ?? [];
  const seen = new Set<unknown>();
  mounts.forEach((m, i) => {
    if (seen.has(m)) problems.add([...path, "efsMounts", i], `mount path ${String(m)} is listed twice`);
    seen.add(m);
  });
  if (tier.efsLogArchivePath !== undefined && seen.has(tier.efsLogArchivePath)) {
    problems.add([...path, "efsLogArchivePath"], "the log archive needs its own access point; it must differ from every path in efsMounts");
  }
}

/** Every EFS path a tier mounts must be an access point of data.sharedFiles (R2.5, R3.6). */
function checkEfsPaths(tier: Raw, path: FieldPath, hasSharedFiles: boolean, accessPointPaths: Set<unknown>, problems: ProblemCollector): void {
  const wanted: { at: FieldPath; value: unknown }[] = [
    ...(arr(tier.efsMounts) ?? []).map((value, i) => ({ at: [...path, "efsMounts", i] as FieldPath, value })),
    ...(tier.efsLogArchivePath !== undefined ? [{ at: [...path, "efsLogArchivePath"] as FieldPath, value: tier.efsLogArchivePath }] : []),
  ];
  // Ubuntu does not package the EFS mount helper, and building it at boot is what scale-outs must not depend on.
  const os = tier.os;
  if (wanted.length > 0 && typeof os === "string" && os.startsWith("ubuntu") && tier.efsUtilsPackage === undefined) {
    problems.add(
      [...path, "efsUtilsPackage"],
      `${os} does not package the EFS mount helper and no boot may fetch source or compile it: name "baked-image" (amiParameter is your image with amazon-efs-utils installed) or the s3:// URI of a prebuilt amazon-efs-utils .deb`,
    );
  }
  if (tier.efsUtilsPackage === "baked-image" && tier.amiParameter === undefined) {
    problems.add([...path, "amiParameter"], 'efsUtilsPackage "baked-image" needs the SSM parameter of your baked image: the public image has no EFS mount helper');
  }
  for (const { at, value } of wanted) {
    if (typeof value !== "string") continue;
    if (!hasSharedFiles) {
      problems.add(at, `mounting ${value} needs a shared file system: add data.sharedFiles with an access point { path: "${value}" }`);
    } else if (!accessPointPaths.has(value)) {
      problems.add(at, `data.sharedFiles has no access point with path ${value}; add { path: "${value}" } to data.sharedFiles.accessPoints`);
    }
  }
}

/**
 * The `compute` section against the rest of the definition:
 * - `compute.was` exactly when network.subnets has a `was` tier;
 * - SSH from network.bastionAllowedCidrs needs `compute.sshPublicKey` (R2.1);
 * - the bastion's AZ is one of `azs`;
 * - capacity bounds and scheduled actions are consistent;
 * - least outstanding requests without slow start; health check timeout below interval;
 * - certificate names inside `dns.domain` (DNS validation happens in that zone);
 * - every EFS path mounted is an access point of data.sharedFiles.
 */
export function checkCompute(raw: Raw, problems: ProblemCollector): void {
  const compute = obj(raw.compute);
  if (!compute) return;
  const tiers = networkTiers(raw);

  const hasWasSubnets = tiers.has("was");
  if (hasWasSubnets && compute.was === undefined) {
    problems.add(["compute", "was"], 'network.subnets has a "was" tier: describe its instances in compute.was (R2.3), or remove the tier');
  }
  if (!hasWasSubnets && compute.was !== undefined) {
    problems.add(["compute", "was"], 'a WAS tier needs subnets: add { tier: "was", ... } to network.subnets, or remove compute.was');
  }

  const network = obj(raw.network);
  const sshCidrs = arr(network?.bastionAllowedCidrs) ?? [];
  const bastion = obj(compute.bastion);
  const bastionEnabled = bastion?.enabled !== false;
  if (bastionEnabled && sshCidrs.length > 0 && compute.sshPublicKey === undefined) {
    problems.add(["compute", "sshPublicKey"], "network.bastionAllowedCidrs opens SSH to the bastion, which accepts keys only (R2.1): give the operators' OpenSSH public key, or empty bastionAllowedCidrs and use Session Manager");
  }
  if (!bastionEnabled && sshCidrs.length > 0) {
    problems.add(["compute", "bastion", "enabled"], "network.bastionAllowedCidrs opens SSH to a bastion that is disabled; enable it or empty bastionAllowedCidrs");
  }
  const azs = arr(raw.azs) ?? [];
  if (bastion && typeof bastion.az === "string" && azs.length > 0 && !azs.includes(bastion.az)) {
    problems.add(["compute", "bastion", "az"], `must be one of azs (${azs.map(String).join(", ")})`);
  }
  const firstBastionAz = typeof bastion?.az === "string" ? bastion.az : azs[0];
  (arr(bastion?.additionalAzs) ?? []).forEach((az, i) => {
    const path = ["compute", "bastion", "additionalAzs", i];
    if (azs.length > 0 && !azs.includes(az)) problems.add(path, `must be one of azs (${azs.map(String).join(", ")})`);
    else if (az === firstBastionAz) problems.add(path, "the first bastion already runs in this AZ (compute.bastion.az, default the first of azs): list other AZs only");
    else if ((arr(bastion?.additionalAzs) ?? []).indexOf(az) !== i) problems.add(path, "listed twice: one further bastion per AZ");
  });

  const sharedFiles = obj(obj(raw.data)?.sharedFiles);
  const accessPointPaths = new Set((arr(sharedFiles?.accessPoints) ?? []).map((a) => obj(a)?.path));
  for (const name of ["web", "was"] as const) {
    const tier = obj(compute[name]);
    if (!tier) continue;
    checkCapacity(tier, ["compute", name], problems);
    checkTargetGroup(tier, ["compute", name], problems);
    checkEfsPaths(tier, ["compute", name], sharedFiles !== undefined, accessPointPaths, problems);
  }

  const domain = typeof obj(raw.dns)?.domain === "string" ? String(obj(raw.dns)?.domain) : undefined;
  const lb = obj(compute.loadBalancer);
  if (domain) {
    (arr(lb?.certificateNames) ?? []).forEach((n, i) => {
      if (typeof n !== "string") return;
      const bare = n.startsWith("*.") ? n.slice(2) : n;
      if (bare !== domain && !bare.endsWith(`.${domain}`)) {
        problems.add(["compute", "loadBalancer", "certificateNames", i], `must be ${domain} or a name under it: the certificate is validated in the hosted zone of dns.domain`);
      }
    });
  }
}
