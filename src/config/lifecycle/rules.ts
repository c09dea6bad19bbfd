/**
 * Rules of the top-level `lifecycle` field: a `disposable` environment must be
 * removable by `cdktf destroy`, so settings that cannot be undone are refused
 * with it (each naming its field, the value given and what is allowed).
 * Attached to the definition; they read it parsed (src/config/rule.ts).
 */
import type { ParsedDefinition } from "../definition";
import { rule } from "../rule";

/** Refuses irreversible locks in a disposable environment. */
const disposableHasNoLocks = rule<ParsedDefinition>([["lifecycle"], ["data", "media", "backup", "objectLockMode"], ["data", "backupPlan", "vaultLock"]], (def, report) => {
  if (def.lifecycle !== "disposable") return;
  if (def.data?.media?.backup.objectLockMode === "COMPLIANCE") {
    report.add(
      ["data", "media", "backup", "objectLockMode"],
      'COMPLIANCE Object Lock cannot be undone: locked versions, and so their bucket, stay until the retention ends, and a disposable environment could not be destroyed; leave it out (a disposable environment has no Object Lock) or set lifecycle: "retain"',
    );
  }
  const vaultLock = def.data?.backupPlan?.vaultLock;
  if (vaultLock === "governance" || vaultLock === "compliance") {
    report.add(
      ["data", "backupPlan", "vaultLock"],
      `a vault lock keeps recovery points, and so the vault, until their retention ends${vaultLock === "compliance" ? " (compliance mode cannot be undone at all)" : ""}; a disposable environment allows only "off" (its default), or set lifecycle: "retain"`,
    );
  }
});

/** Every rule of `lifecycle`. */
export const LIFECYCLE_RULES = [disposableHasNoLocks];
