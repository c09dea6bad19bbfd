/**
 * Boot script of the bastion: SSH by key only (R2.1), no root login, no
 * password or keyboard-interactive authentication; the MySQL client where the
 * bastion's scope includes the database (R3.7). Session Manager works out of
 * the box (the agent ships with the AMIs; the role grants SSM core).
 */
import { installPackages, scriptHeader } from "./boot-steps";
import { OperatingSystem } from "../lib/machine-image";

/** Props of {@link bastionUserData}. */
export interface BastionUserDataProps {
  /** Operating system (R2.9). */
  readonly os: OperatingSystem;
  /** Install a MySQL client (the bastion may reach the database). */
  readonly mysqlClient: boolean;
}

/** The bastion boot script (plain text; escape with `userDataBase64`). */
export function bastionUserData(props: BastionUserDataProps): string {
  // sshd hardening comes first and needs no network: the Elastic IP is
  // attached just after the instance starts, so package steps may have to wait.
  return `${scriptHeader("Bastion", "SSH by key only")}
cat > /etc/ssh/sshd_config.d/10-bastion.conf <<'SSHD'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
PermitEmptyPasswords no
X11Forwarding no
MaxAuthTries 3
ClientAliveInterval 300
ClientAliveCountMax 2
SSHD
sshd -t
systemctl restart sshd 2>/dev/null || systemctl restart ssh
${props.mysqlClient ? `\n# MySQL client for operator access to the database\n${installPackages(props.os, { dnf: ["mariadb105"], apt: ["mysql-client"] })}` : ""}`;
}
