/**
 * Rules of the top-level `lifecycle` field: a `disposable` environment must be
 * removable by `cdktf destroy`, so settings that cannot be undone are refused
 * with it (each naming its field, the value given and what is allowed).
 *
 * Reads the raw definition defensively like src/config/network-rules.ts.
 */
import { ProblemCollector } from "./problems";
import { obj, Raw } from "./raw";

/** Refuses irreversible locks in a disposable environment. */
export function checkLifecycle(raw: Raw, problems: ProblemCollector): void {
  if (raw.lifecycle !== "disposable") return;
  const data = obj(raw.data);
  if (obj(obj(data?.media)?.backup)?.objectLockMode === "COMPLIANCE") {
    problems.add(
      ["data", "media", "backup", "objectLockMode"],
      'COMPLIANCE Object Lock cannot be undone: locked versions, and so their bucket, stay until the retention ends, and a disposable environment could not be destroyed; leave it out (a disposable environment has no Object Lock) or set lifecycle: "retain"',
    );
  }
  const vaultLock = obj(data?.backupPlan)?.vaultLock;
  if (vaultLock === "governance" || vaultLock === "compliance") {
    problems.add(
      ["data", "backupPlan", "vaultLock"],
      `a vault lock keeps recovery points, and so the vault, until their retention ends${vaultLock === "compliance" ? " (compliance mode cannot be undone at all)" : ""}; a disposable environment allows only "off" (its default), or set lifecycle: "retain"`,
    );
  }
}
