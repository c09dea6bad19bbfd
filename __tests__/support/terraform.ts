/**
 * Jest gate for tests that run terraform through the offline harness
 * (src/tools/terraform/terraform-offline.ts). Without terraform or the provider
 * mirror such tests skip loudly, except under CI=true, where they fail.
 */
import { offlinePrerequisiteProblem } from "../../src/tools/terraform/terraform-locate";

let cached: { ok: boolean; reason: string } | undefined;

/** Whether terraform and the hashicorp/aws mirror are available; `reason` says what is missing. */
export function terraformAvailable(): { ok: boolean; reason: string } {
  if (!cached) {
    const problem = offlinePrerequisiteProblem();
    cached = problem ? { ok: false, reason: problem } : { ok: true, reason: "terraform and the provider mirror are available" };
  }
  return cached;
}

const isCi = () => !!process.env.CI && !["false", "0"].includes(process.env.CI.toLowerCase());

/**
 * `describe` when terraform is available. Otherwise: under CI=true a single
 * failing test explains what is missing; elsewhere a warning banner is printed
 * and the block is skipped.
 */
export function describeWithTerraform(name: string, fn: () => void): void {
  const { ok, reason } = terraformAvailable();
  if (ok) {
    describe(name, fn);
  } else if (isCi()) {
    describe(name, () => {
      it("needs terraform and the hashicorp/aws provider mirror (CI=true: not skipping)", () => {
        throw new Error(`${name}: ${reason}`);
      });
    });
  } else {
    const bar = "!".repeat(78);
    console.warn(`${bar}\n!! SKIPPED (terraform unavailable): ${name}\n!! ${reason}\n${bar}`);
    describe.skip(name, fn);
  }
}
