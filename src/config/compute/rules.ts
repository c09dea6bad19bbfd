/**
 * Rules of the `compute` section that relate fields to each other or to other
 * sections: capacity bounds, target group settings AWS refuses together and
 * the EFS mount helper (attached to the section, `COMPUTE_RULES`); the WAS
 * tier against the network's subnets, the bastion's AZs and key, the EFS paths
 * against data.sharedFiles and the certificate's names against the hosted zone
 * (attached to the definition, `COMPUTE_DEFINITION_RULES`).
 *
 * Every rule reads the parsed section, defaults filled in (src/config/rule.ts).
 */
import type { ParsedDefinition } from "../definition";
import { FieldPath } from "../problems";
import { rule, RuleReport } from "../rule";
import type { AppTierSection, ComputeSection } from "./schema";

/** The application tiers a compute section may hold. */
const APP_TIERS = ["web", "was"] as const;

/** The tiers of `compute` that exist, each with its path relative to the section. */
function appTiers(compute: ComputeSection): { name: (typeof APP_TIERS)[number]; tier: AppTierSection }[] {
  return APP_TIERS.flatMap((name) => {
    const tier = compute[name];
    return tier ? [{ name, tier }] : [];
  });
}

/** min <= desired <= max for a tier, and for every scheduled action against the tier's bounds where it leaves one unchanged. */
function checkCapacity(tier: AppTierSection, path: FieldPath, report: RuleReport): void {
  const { minSize: min, desiredCapacity: desired, maxSize: max } = tier;
  if (min > max) {
    report.add([...path, "minSize"], `minSize ${min} is above maxSize ${max}`);
  } else {
    if (desired < min) report.add([...path, "desiredCapacity"], `desiredCapacity ${desired} is below minSize ${min}`);
    if (desired > max) report.add([...path, "desiredCapacity"], `desiredCapacity ${desired} is above maxSize ${max}`);
  }

  const names = new Set<string>();
  tier.scheduledActions.forEach((action, i) => {
    const at: FieldPath = [...path, "scheduledActions", i];
    if (names.has(action.name)) report.add([...at, "name"], `scheduled action "${action.name}" is listed twice in this tier`);
    names.add(action.name);
    if (action.minSize === undefined && action.maxSize === undefined && action.desiredCapacity === undefined) {
      report.add(at, "a scheduled action must change at least one of minSize, maxSize, desiredCapacity");
      return;
    }
    // Bounds in force after the action: what it sets, else the tier's.
    const effMin = action.minSize ?? min;
    const effMax = action.maxSize ?? max;
    if (effMin > effMax) {
      report.add([...at, action.minSize !== undefined ? "minSize" : "maxSize"], `after this action minSize (${effMin}) would be above maxSize (${effMax})`);
    } else if (action.desiredCapacity !== undefined) {
      const d = action.desiredCapacity;
      if (d < effMin) report.add([...at, "desiredCapacity"], `desiredCapacity ${d} is below the minSize in force (${effMin})`);
      if (d > effMax) report.add([...at, "desiredCapacity"], `desiredCapacity ${d} is above the maxSize in force (${effMax})`);
    }
  });
}

/** Target group settings AWS rejects together, a health check that can never pass, EFS paths listed twice. */
function checkTargetGroup(tier: AppTierSection, path: FieldPath, report: RuleReport): void {
  const tg = tier.targetGroup;
  const at: FieldPath = [...path, "targetGroup"];
  // Trap 1 (aws-reference.md): the API refuses slow start with least outstanding requests.
  if (tg.algorithm === "least_outstanding_requests" && tg.slowStartSeconds > 0) {
    report.add([...at, "slowStartSeconds"], 'slow start cannot be combined with algorithm "least_outstanding_requests"; set slowStartSeconds to 0 or use "round_robin"');
  }
  const { intervalSeconds: interval, timeoutSeconds: timeout } = tg.healthCheck;
  if (timeout >= interval) {
    report.add([...at, "healthCheck", "timeoutSeconds"], `timeoutSeconds (${timeout}) must be below intervalSeconds (${interval})`);
  }
  const seen = new Set<string>();
  tier.efsMounts.forEach((m, i) => {
    if (seen.has(m)) report.add([...path, "efsMounts", i], `mount path ${m} is listed twice`);
    seen.add(m);
  });
  if (tier.efsLogArchivePath !== undefined && seen.has(tier.efsLogArchivePath)) {
    report.add([...path, "efsLogArchivePath"], "the log archive needs its own access point; it must differ from every path in efsMounts");
  }
}

/** The EFS paths a tier mounts, each with its path relative to the section. */
function efsPaths(tier: AppTierSection, path: FieldPath): { at: FieldPath; value: string }[] {
  return [
    ...tier.efsMounts.map((value, i) => ({ at: [...path, "efsMounts", i] as FieldPath, value })),
    ...(tier.efsLogArchivePath !== undefined ? [{ at: [...path, "efsLogArchivePath"] as FieldPath, value: tier.efsLogArchivePath }] : []),
  ];
}

/** A tier that mounts EFS has the mount helper without building it at boot. */
function checkEfsUtils(tier: AppTierSection, path: FieldPath, report: RuleReport): void {
  // Ubuntu does not package the EFS mount helper, and building it at boot is what scale-outs must not depend on.
  if (efsPaths(tier, path).length > 0 && tier.os.startsWith("ubuntu") && tier.efsUtilsPackage === undefined) {
    report.add(
      [...path, "efsUtilsPackage"],
      `${tier.os} does not package the EFS mount helper and no boot may fetch source or compile it: name "baked-image" (amiParameter is your image with amazon-efs-utils installed) or the s3:// URI of a prebuilt amazon-efs-utils .deb`,
    );
  }
  if (tier.efsUtilsPackage === "baked-image" && tier.amiParameter === undefined) {
    report.add([...path, "amiParameter"], 'efsUtilsPackage "baked-image" needs the SSM parameter of your baked image: the public image has no EFS mount helper');
  }
}

/** Each application tier on its own: capacity, target group, EFS mount helper. */
const appTiersConsistent = APP_TIERS.map((name) =>
  rule<ComputeSection>([[name]], (compute, report) => {
    const tier = compute[name];
    if (!tier) return;
    checkCapacity(tier, [name], report);
    checkTargetGroup(tier, [name], report);
    checkEfsUtils(tier, [name], report);
  }),
);

/** Rules within the `compute` section. */
export const COMPUTE_RULES = [...appTiersConsistent];

/** `compute.was` exactly when network.subnets has a `was` tier. */
const wasTierHasSubnets = rule<ParsedDefinition>([["compute", "was"], ["network", "subnets"]], (def, report) => {
  if (!def.compute) return;
  const hasWasSubnets = def.network.subnets.some((t) => t.tier === "was");
  if (hasWasSubnets && def.compute.was === undefined) {
    report.add(["compute", "was"], 'network.subnets has a "was" tier: describe its instances in compute.was (R2.3), or remove the tier');
  }
  if (!hasWasSubnets && def.compute.was !== undefined) {
    report.add(["compute", "was"], 'a WAS tier needs subnets: add { tier: "was", ... } to network.subnets, or remove compute.was');
  }
});

/** SSH from network.bastionAllowedCidrs needs an enabled bastion and a key (R2.1); the bastions' AZs are of `azs`, one bastion per AZ. */
const bastionFits = rule<ParsedDefinition>([["compute", "bastion"], ["compute", "sshPublicKey"], ["network", "bastionAllowedCidrs"], ["azs"]], (def, report) => {
  const compute = def.compute;
  if (!compute) return;
  const bastion = compute.bastion;
  const sshOpen = def.network.bastionAllowedCidrs.length > 0;
  if (bastion.enabled && sshOpen && compute.sshPublicKey === undefined) {
    report.add(["compute", "sshPublicKey"], "network.bastionAllowedCidrs opens SSH to the bastion, which accepts keys only (R2.1): give the operators' OpenSSH public key, or empty bastionAllowedCidrs and use Session Manager");
  }
  if (!bastion.enabled && sshOpen) {
    report.add(["compute", "bastion", "enabled"], "network.bastionAllowedCidrs opens SSH to a bastion that is disabled; enable it or empty bastionAllowedCidrs");
  }
  const azs = def.azs;
  if (bastion.az !== undefined && azs.length > 0 && !azs.includes(bastion.az)) {
    report.add(["compute", "bastion", "az"], `must be one of azs (${azs.join(", ")})`);
  }
  const firstBastionAz = bastion.az ?? azs[0];
  bastion.additionalAzs.forEach((az, i) => {
    const path = ["compute", "bastion", "additionalAzs", i];
    if (azs.length > 0 && !azs.includes(az)) report.add(path, `must be one of azs (${azs.join(", ")})`);
    else if (az === firstBastionAz) report.add(path, "the first bastion already runs in this AZ (compute.bastion.az, default the first of azs): list other AZs only");
    else if (bastion.additionalAzs.indexOf(az) !== i) report.add(path, "listed twice: one further bastion per AZ");
  });
});

/** Every EFS path a tier mounts must be an access point of data.sharedFiles (R2.5, R3.6). */
const efsPathsShared = rule<ParsedDefinition>([["compute", "web"], ["compute", "was"], ["data", "sharedFiles"]], (def, report) => {
  if (!def.compute) return;
  const sharedFiles = def.data?.sharedFiles;
  const accessPointPaths = new Set(sharedFiles?.accessPoints.map((a) => a.path));
  for (const { name, tier } of appTiers(def.compute)) {
    for (const { at, value } of efsPaths(tier, ["compute", name])) {
      if (!sharedFiles) {
        report.add(at, `mounting ${value} needs a shared file system: add data.sharedFiles with an access point { path: "${value}" }`);
      } else if (!accessPointPaths.has(value)) {
        report.add(at, `data.sharedFiles has no access point with path ${value}; add { path: "${value}" } to data.sharedFiles.accessPoints`);
      }
    }
  }
});

/** Certificate names inside `dns.domain`: DNS validation happens in that zone. */
const certificateInZone = rule<ParsedDefinition>([["compute", "loadBalancer", "certificateNames"], ["dns", "domain"]], (def, report) => {
  const domain = def.dns.domain;
  (def.compute?.loadBalancer.certificateNames ?? []).forEach((n, i) => {
    const bare = n.startsWith("*.") ? n.slice(2) : n;
    if (bare !== domain && !bare.endsWith(`.${domain}`)) {
      report.add(["compute", "loadBalancer", "certificateNames", i], `must be ${domain} or a name under it: the certificate is validated in the hosted zone of dns.domain`);
    }
  });
});

/** Rules of the compute section that need the rest of the definition. */
export const COMPUTE_DEFINITION_RULES = [wasTierHasSubnets, bastionFits, efsPathsShared, certificateInZone];
