/**
 * The boot scripts (launch template user data, R0.11) tested as text: what
 * each role installs and configures, EFS mounts at boot (R3.6), log shipping
 * (R2.5), key-only SSH (R2.1); every rendering is valid bash, under EC2's
 * 16 KB user data limit, and free of Terraform template syntax.
 */
import { spawnSync } from "node:child_process";
import { escapeForHcl } from "../../src/lib/user-data";
import { bastionUserData } from "../../src/templates/bastion-user-data";
import { placeholderFile, wasUserData } from "../../src/templates/was-user-data";
import { webUserData } from "../../src/templates/web-user-data";

const EFS = { fileSystemId: "fs-0abc", accessPointIds: "fsap-1,fsap-2,fsap-3", accessPointPaths: "/static,/media,/logs" };
const common = { region: "ap-northeast-2", arch: "x86_64" as const, efs: EFS };

const SCRIPTS = {
  "web on Amazon Linux, static site": webUserData({ ...common, os: "amazon-linux-2023", logGroup: "/e/compute/web", healthPath: "/health" }),
  "web on Ubuntu, proxy + mounts + archive": webUserData({
    ...common,
    os: "ubuntu-22.04",
    logGroup: "/e/compute/web",
    healthPath: "/health",
    upstream: "http://internal-e-was-alb-1.ap-northeast-2.elb.amazonaws.com:8080",
    efsMounts: ["/static", "/media"],
    efsLogArchivePath: "/logs",
    efsUtils: { debS3Uri: "s3://builds/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb" },
  }),
  "was on Ubuntu with artifact + archive": wasUserData({
    ...common,
    os: "ubuntu-22.04",
    logGroup: "/e/compute/was",
    healthPath: "/actuator/health",
    artifactS3Uri: "s3://builds/app/app.jar",
    javaOptions: "-Xms256m -Xmx512m",
    springProfiles: "prod",
    settings: { DB_WRITER_HOST: "writer.example", DB_SECRET_ARN: "arn:aws:secretsmanager:ap-northeast-2:1:secret:x" },
    efsLogArchivePath: "/logs",
    efsUtils: "baked-image",
  }),
  "was on Amazon Linux, placeholder": wasUserData({ ...common, os: "amazon-linux-2023", logGroup: "/e/compute/was", healthPath: "/actuator/health", javaOptions: "-Xmx1g", springProfiles: "prod", settings: {} }),
  "bastion on Amazon Linux with MySQL client": bastionUserData({ os: "amazon-linux-2023", mysqlClient: true }),
  "bastion on Ubuntu": bastionUserData({ os: "ubuntu-22.04", mysqlClient: false }),
};

/** Boot steps that fetch source code or compile: a scale-out must not wait on them (issue 12). */
const SOURCE_OR_BUILD = /git clone|github\.com|gitlab\.com|build-deb|\bmake\b|cargo |go build|rustup|curl[^\n]*\|\s*(sudo )?(ba)?sh|wget[^\n]*\|\s*(sudo )?(ba)?sh/;

describe.each(Object.entries(SCRIPTS))("%s", (_name, script) => {
  it("fetches no source code and compiles nothing at boot (git clone, GitHub, curl | sh, make, cargo, go build)", () => {
    expect(script).not.toMatch(SOURCE_OR_BUILD);
  });

  it("R0.11 is valid bash (bash -n) run in strict mode", () => {
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("set -euo pipefail");
    const r = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("has no Terraform template syntax of its own and fits EC2's 16 KB user data", () => {
    expect(script).not.toMatch(/\$\{/);
    expect(() => escapeForHcl(script)).not.toThrow();
    expect(Buffer.byteLength(script)).toBeLessThan(16 * 1024);
  });

  it("X.4 holds no password or secret value", () => {
    expect(script).not.toMatch(/password\s*=|PASSWORD=|BEGIN .*PRIVATE KEY/i);
  });
});

describe("WEB boot script", () => {
  const [amazon, ubuntu] = [SCRIPTS["web on Amazon Linux, static site"], SCRIPTS["web on Ubuntu, proxy + mounts + archive"]];

  it("R2.9 installs with the OS's package manager", () => {
    expect(amazon).toContain("retry dnf install -y nginx rsync");
    expect(ubuntu).toContain("apt-get -o DPkg::Lock::Timeout=300 install -y nginx rsync curl");
    expect(ubuntu).not.toContain("dnf ");
  });

  it("R3.5 nginx answers the health check itself and is enabled at boot", () => {
    expect(ubuntu).toMatch(/location = \/health \{[^}]*return 200 "ok";/);
    expect(ubuntu).toContain("nginx -t\nsystemctl enable nginx\nsystemctl restart nginx");
  });

  it("R2.3 proxies to the internal load balancer through a re-resolved variable", () => {
    expect(ubuntu).toContain("resolver 169.254.169.253 valid=30s");
    expect(ubuntu).toContain("set $was_upstream http://internal-e-was-alb-1.ap-northeast-2.elb.amazonaws.com:8080;");
    expect(ubuntu).toContain("proxy_pass $was_upstream;");
    expect(amazon).not.toContain("proxy_pass");
    expect(amazon).toContain("root /var/www/html;");
  });

  it("R3.6 mounts /static and /media over TLS with the role's identity, at boot and in fstab, and serves them", () => {
    expect(ubuntu).toContain("mount_access_point /static /static\nmount_access_point /media /media\n");
    expect(ubuntu).toContain('echo "$EFS_ID:/ $2 efs _netdev,noresvport,tls,iam,accesspoint=$AP 0 0" >> /etc/fstab');
    expect(ubuntu).toContain('EFS_ID="fs-0abc"\nAP_IDS="fsap-1,fsap-2,fsap-3"\nAP_PATHS="/static,/media,/logs"');
    expect(ubuntu).toMatch(/location \/media\/ \{\s+alias \/media\/;/);
    expect(amazon).not.toContain("mount_access_point");
  });

  it("R3.6 R2.9 the EFS mount helper is packaged software: Amazon Linux's package, a prebuilt .deb from S3 on Ubuntu, or the baked image", () => {
    expect(ubuntu).toContain("install -y nfs-common stunnel4");
    expect(ubuntu).toContain("retry aws s3 cp --region ap-northeast-2 s3://builds/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb /tmp/amazon-efs-utils.deb");
    expect(ubuntu).toContain("apt-get -o DPkg::Lock::Timeout=300 install -y /tmp/amazon-efs-utils.deb");
    const al = webUserData({ ...common, os: "amazon-linux-2023", logGroup: "/l", healthPath: "/health", efsMounts: ["/static"] });
    expect(al).toContain("retry dnf install -y amazon-efs-utils");
    const baked = SCRIPTS["was on Ubuntu with artifact + archive"];
    expect(baked).toContain("command -v mount.efs >/dev/null || {");
    expect(baked).not.toContain("amazon-efs-utils.deb");
  });

  it("refuses Ubuntu EFS mounts without a packaged mount helper (no build at boot)", () => {
    expect(() => webUserData({ ...common, os: "ubuntu-22.04", logGroup: "/l", healthPath: "/h", efsMounts: ["/static"] })).toThrow(/does not package amazon-efs-utils/);
  });

  it("R2.5 ships nginx logs to the tier's log group, and archives them to EFS every minute", () => {
    expect(ubuntu).toContain('"log_group_name": "/e/compute/web"');
    expect(ubuntu).toContain('"file_path": "/var/log/nginx/access.log"');
    expect(ubuntu).toContain('"log_stream_name": "{instance_id}/nginx-access"');
    expect(ubuntu).toContain("mount_access_point /logs /mnt/log-archive");
    expect(ubuntu).toContain("DEST=/mnt/log-archive/web/$IID");
    expect(ubuntu).toContain("OnUnitActiveSec=1min");
    expect(amazon).not.toContain("archive-logs");
  });

  it("ships logs before the steps that can fail, so a failed boot is visible in CloudWatch", () => {
    expect(ubuntu.indexOf("amazon-cloudwatch-agent-ctl")).toBeLessThan(ubuntu.indexOf("mount_access_point /static"));
    expect(ubuntu.indexOf("mount_access_point /static /static")).toBeLessThan(ubuntu.indexOf("systemctl restart nginx"));
  });

  it("refuses EFS mounts without the data stack's EFS outputs", () => {
    expect(() => webUserData({ region: "r", arch: "x86_64", os: "amazon-linux-2023", logGroup: "/l", healthPath: "/h", efsMounts: ["/static"] })).toThrow(/EFS outputs/);
  });
});

describe("WAS boot script", () => {
  const [ubuntu, amazon] = [SCRIPTS["was on Ubuntu with artifact + archive"], SCRIPTS["was on Amazon Linux, placeholder"]];

  it("R2.3 runs the Spring Boot jar on 8080 under systemd, as an unprivileged user", () => {
    expect(ubuntu).toContain("EXEC='/usr/bin/java $JAVA_OPTS -jar /opt/app/app.jar --server.port=8080'");
    expect(ubuntu).toContain("ExecStart=$EXEC\nRestart=always");
    expect(ubuntu).toContain("User=app");
    expect(ubuntu).toContain("systemctl enable --now app.service");
  });

  it("R2.9 installs Java with the OS's package manager", () => {
    expect(ubuntu).toContain("install -y openjdk-17-jre-headless python3 rsync curl");
    expect(amazon).toContain("retry dnf install -y java-17-amazon-corretto-headless rsync");
  });

  it("downloads the artifact with the AWS CLI (a snap on Ubuntu)", () => {
    expect(ubuntu).toContain("retry snap install aws-cli --classic");
    expect(ubuntu).toContain("retry aws s3 cp --region ap-northeast-2 s3://builds/app/app.jar /opt/app/app.jar");
  });

  it("without an artifact, a placeholder answers the health check path", () => {
    expect(amazon).toContain("echo '{\"status\":\"UP\",\"placeholder\":true}' > /opt/app/placeholder/actuator/health");
    expect(amazon).toContain("EXEC='/usr/bin/python3 -m http.server 8080 --directory /opt/app/placeholder'");
    expect(amazon).not.toContain("aws s3 cp");
  });

  it("X.4 hands the application endpoints and the secret's ARN, never the secret", () => {
    expect(ubuntu).toContain("cat > /etc/app/app.env <<'ENV'\nSPRING_PROFILES_ACTIVE=prod\nSERVER_PORT=8080\nJAVA_OPTS=\"-Xms256m -Xmx512m\"\nAWS_REGION=ap-northeast-2\nDB_WRITER_HOST=writer.example\nDB_SECRET_ARN=arn:aws:secretsmanager:");
    expect(ubuntu).toContain("chmod 0640 /etc/app/app.env");
  });

  it("R2.5 ships the application log and archives it to EFS", () => {
    expect(ubuntu).toContain('"file_path": "/var/log/app/app.log"');
    expect(ubuntu).toContain("StandardOutput=append:/var/log/app/app.log");
    expect(ubuntu).toContain("DEST=/mnt/log-archive/was/$IID");
  });

  it("refuses setting names that are not environment variable names", () => {
    expect(() => wasUserData({ region: "r", arch: "x86_64", os: "ubuntu-22.04", logGroup: "/l", healthPath: "/h", javaOptions: "", springProfiles: "p", settings: { "db-host": "x" } })).toThrow(/upper-case/);
  });

  it.each([
    ["/actuator/health", "/actuator/health"],
    ["/", "/index.html"],
    ["/status/?full=1", "/status/index.html"],
  ])("placeholderFile(%s) = %s", (path, file) => expect(placeholderFile(path)).toBe(file));
});

describe("bastion boot script", () => {
  const [amazon, ubuntu] = [SCRIPTS["bastion on Amazon Linux with MySQL client"], SCRIPTS["bastion on Ubuntu"]];

  it("R2.1 SSH by key only: no passwords, no keyboard-interactive, no root login; checked before the restart", () => {
    for (const s of [amazon, ubuntu]) {
      expect(s).toContain("PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n");
      expect(s).toContain("sshd -t\nsystemctl restart sshd 2>/dev/null || systemctl restart ssh");
    }
  });

  it("R3.7 installs a MySQL client only when the bastion's scope includes the database", () => {
    expect(amazon).toContain("retry dnf install -y mariadb105");
    expect(ubuntu).not.toMatch(/mysql|mariadb/);
  });
});
