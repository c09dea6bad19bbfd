/**
 * R3.2 NAT instances (buddyverse): egress survives a reboot (a systemd unit
 * re-applies forwarding, MASQUERADE and the route at every boot), and a NAT
 * that runs but no longer forwards reports itself Unhealthy to its Auto
 * Scaling group. The rendered scripts are checked as bash and the health
 * script is run against stubbed system commands.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NAT_HEALTH_FAILURES, natUserData } from "../../src/constructs/nat-instance";

const SCRIPT = natUserData({ region: "ap-northeast-2", eniId: "eni-0abc", eniMac: "0a:1b:2c:3d:4e:5f", router: "172.31.10.1", vpcCidr: "172.31.0.0/16", asgName: "buddyverse-nat-a" });

/** The body of heredoc `name` in the boot script. */
function heredoc(name: string): string {
  const m = new RegExp(`<<'${name}'\\n([\\s\\S]*?)\\n${name}\\n`).exec(SCRIPT);
  if (!m) throw new Error(`no heredoc ${name}`);
  return `${m[1]}\n`;
}

describe("R3.2 NAT instance boot script", () => {
  it("is valid bash in strict mode, and so are the scripts it installs", () => {
    for (const script of [SCRIPT, heredoc("SETUP"), heredoc("HEALTH")]) {
      const r = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
    }
    expect(SCRIPT).toContain("set -euo pipefail");
  });

  it("R3.2 forwarding, MASQUERADE and the route are re-applied at every boot by an enabled systemd unit, idempotently", () => {
    const setup = heredoc("SETUP");
    expect(setup).toContain("sysctl -w net.ipv4.ip_forward=1");
    // -C before -A: running twice adds the rule once.
    expect(setup).toContain('iptables -t nat -C POSTROUTING -o "$IFACE" -s 172.31.0.0/16 -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$IFACE" -s 172.31.0.0/16 -j MASQUERADE');
    expect(setup).toContain('ip route replace default via 172.31.10.1 dev "$IFACE" metric 10');
    expect(SCRIPT).toMatch(/cat > \/etc\/systemd\/system\/nat-setup.service <<'UNIT'\n\[Unit\][\s\S]*After=network-online.target[\s\S]*Type=oneshot[\s\S]*ExecStart=\/usr\/local\/sbin\/nat-setup[\s\S]*WantedBy=multi-user.target\nUNIT/);
    expect(SCRIPT).toContain("systemctl enable --now nat-setup.service");
    // The boot script itself no longer applies them once and forgets them.
    expect(SCRIPT.replace(setup, "")).not.toMatch(/^iptables .*-A POSTROUTING/m);
  });

  it("the fixed interface is attached at first boot only (its attachment survives reboots)", () => {
    expect(SCRIPT).toContain("aws ec2 attach-network-interface --region ap-northeast-2 --instance-id \"$IID\" --device-index 1 --network-interface-id eni-0abc");
    expect(heredoc("SETUP")).not.toContain("attach-network-interface");
  });

  it("the health check runs every minute from 3 minutes after boot", () => {
    expect(SCRIPT).toMatch(/nat-health.timer <<'UNIT'\n[\s\S]*OnBootSec=3min\nOnUnitActiveSec=1min/);
    expect(SCRIPT).toContain("systemctl enable --now nat-health.timer");
  });
});

describe("R3.2 the health check, run against stubbed system commands", () => {
  /** Run the health script `times` times with the given machine state; returns the aws calls made. */
  function run(state: { forward: string; masquerade: boolean; route: string; egress: boolean }, times: number): { calls: string[]; statuses: number[] } {
    const dir = mkdtempSync(join(tmpdir(), "nat-health-"));
    const bin = join(dir, "bin");
    spawnSync("mkdir", ["-p", bin]);
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub("sysctl", `echo ${state.forward}`);
    stub("iptables", `exit ${state.masquerade ? 0 : 1}`);
    stub("ip", `echo "${state.route}"`);
    stub("curl", `case "$*" in *api/token*) echo token;; *meta-data/instance-id*) echo i-0123456789abcdef0;; *) exit ${state.egress ? 0 : 28};; esac`);
    stub("aws", `echo "$*" >> ${join(dir, "aws-calls")}`);
    writeFileSync(join(dir, "nat-interface"), "ens6\n");
    const script = heredoc("HEALTH").split("/run/").join(`${dir}/`);
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) {
      const r = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
      statuses.push(r.status ?? -1);
    }
    const calls = existsSync(join(dir, "aws-calls")) ? readFileSync(join(dir, "aws-calls"), "utf8").trim().split("\n") : [];
    return { calls, statuses };
  }
  const healthy = { forward: "1", masquerade: true, route: "default via 172.31.10.1 dev ens6 metric 10", egress: true };

  it("a forwarding NAT passes and reports nothing", () => {
    expect(run(healthy, 5)).toEqual({ calls: [], statuses: [0, 0, 0, 0, 0] });
  });

  it.each([
    ["forwarding off", { ...healthy, forward: "0" }],
    ["MASQUERADE rule gone", { ...healthy, masquerade: false }],
    ["default route not through the fixed interface", { ...healthy, route: "default via 172.31.10.1 dev ens5 metric 512" }],
    ["no egress through the fixed interface", { ...healthy, egress: false }],
  ])(`%s: Unhealthy is reported to the group after ${NAT_HEALTH_FAILURES} consecutive failures, not before`, (_name, state) => {
    expect(run(state, NAT_HEALTH_FAILURES - 1)).toEqual({ calls: [], statuses: Array(NAT_HEALTH_FAILURES - 1).fill(1) });
    const { calls } = run(state, NAT_HEALTH_FAILURES);
    expect(calls).toEqual(["autoscaling set-instance-health --region ap-northeast-2 --instance-id i-0123456789abcdef0 --health-status Unhealthy"]);
  });
});
