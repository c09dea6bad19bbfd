import { descendants, execTerraform } from "../../../src/tools/terraform/terraform-process";

import { readFileSync } from "node:fs";

/** Alive and not a zombie (a killed orphan stays a zombie until init reaps it; a container's init may not). */
const running = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

const linux = process.platform === "linux";

describe("execTerraform timeout", () => {
  (linux ? it : it.skip)("kills what the timed-out process started (as terraform starts provider plugins), not only the process", async () => {
    // A parent that ignores nothing special and starts a long-running child, like terraform and a provider.
    const result = await execTerraform("sh", ["-c", "sleep 60 >/dev/null 2>&1 & echo $!; wait"], process.cwd(), process.env, 1_000);
    expect(result.timedOut).toBe(true);
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(1);
    // The kill is synchronous on close; give the kernel a moment to reap.
    await new Promise((r) => setTimeout(r, 200));
    expect(running(grandchild)).toBe(false);
  });

  (linux ? it : it.skip)("descendants lists children and grandchildren of a process, and nothing for a process without any", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn("sh", ["-c", "sh -c 'sleep 30' & sleep 30"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const below = descendants(child.pid!);
      expect(below.length).toBeGreaterThanOrEqual(3); // inner sh, its sleep, the outer sleep
      expect(descendants(below[below.length - 1]!)).toEqual([]);
    } finally {
      for (const pid of descendants(child.pid!)) process.kill(pid, "SIGKILL");
      child.kill("SIGKILL");
    }
  });

  it("an ordinary run is not timed out and keeps its output and exit code", async () => {
    const result = await execTerraform("sh", ["-c", "echo out; echo err >&2; exit 3"], process.cwd(), process.env, 10_000);
    expect(result).toMatchObject({ code: 3, stdout: "out\n", stderr: "err\n", timedOut: false });
  });
});
