/**
 * Boot script of a WAS instance: a Spring Boot service on 8080 run by systemd
 * (R2.3), its settings in an environment file (endpoints and the ARN of the
 * database secret, never the secret itself), logs shipped to CloudWatch Logs
 * and optionally archived on EFS (R2.5).
 */
import { AppBootProps, efsSteps } from "./app-boot";
import { archiveLogsEveryMinute, installCloudWatchAgent, installPackages, scriptHeader, startCloudWatchAgent } from "./boot-steps";
import { cloudWatchAgentConfig } from "./cloudwatch-agent-config";
import { packageFamily } from "../lib/machine-image";

/** The port WAS listens on (the security groups allow it from the internal load balancer only, R2.7). */
export const WAS_PORT = 8080;

/** Props of {@link wasUserData}. */
export interface WasUserDataProps extends AppBootProps {
  /** Health check path of the WAS target group. */
  readonly healthPath: string;
  /** `s3://bucket/key.jar`. @default none - a placeholder answers the health check until the application is deployed */
  readonly artifactS3Uri?: string;
  /** JVM options. */
  readonly javaOptions: string;
  /** Spring profiles to activate. */
  readonly springProfiles: string;
  /** Settings handed to the application as environment variables (names: A-Z, 0-9, _). */
  readonly settings: Readonly<Record<string, string>>;
}

/** The file the placeholder serves for `healthPath` (a directory path gets index.html). */
export function placeholderFile(healthPath: string): string {
  const path = healthPath.split("?")[0] ?? "/";
  return path.endsWith("/") ? `${path}index.html` : path;
}

/** The WAS boot script (plain text; escape with `userDataBase64`). */
export function wasUserData(props: WasUserDataProps): string {
  for (const name of Object.keys(props.settings)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`WAS setting name ${name} must be upper-case letters, digits and _`);
  }
  const dnf = packageFamily(props.os) === "dnf";
  const archive = props.efsLogArchivePath !== undefined;
  const env = [
    `SPRING_PROFILES_ACTIVE=${props.springProfiles}`,
    `SERVER_PORT=${WAS_PORT}`,
    `JAVA_OPTS="${props.javaOptions}"`,
    `AWS_REGION=${props.region}`,
    ...Object.entries(props.settings).map(([k, v]) => `${k}=${v}`),
  ].join("\n");
  const file = placeholderFile(props.healthPath);
  const placeholderDir = "/opt/app/placeholder";
  const fetch = props.artifactS3Uri
    ? `# The application (the role may read exactly this object)
${dnf ? "" : "retry snap install aws-cli --classic\nexport PATH=$PATH:/snap/bin\n"}retry aws s3 cp --region ${props.region} ${props.artifactS3Uri} /opt/app/app.jar
chown app:app /opt/app/app.jar
EXEC='/usr/bin/java $JAVA_OPTS -jar /opt/app/app.jar --server.port=${WAS_PORT}'
`
    : `# No artifact yet: a placeholder answers the health check until the application is deployed
mkdir -p "$(dirname ${placeholderDir}${file})"
echo '{"status":"UP","placeholder":true}' > ${placeholderDir}${file}
chown -R app:app ${placeholderDir}
EXEC='/usr/bin/python3 -m http.server ${WAS_PORT} --directory ${placeholderDir}'
`;
  return `${scriptHeader("WAS", "Spring Boot service on 8080, log shipping")}
# Packages
${installPackages(props.os, {
    dnf: ["java-17-amazon-corretto-headless", "rsync"],
    apt: ["openjdk-17-jre-headless", "python3", "rsync", "curl"],
  })}
# Logs to CloudWatch first, so a failing boot is visible there too (R2.5)
${installCloudWatchAgent(props.os, props.region, props.arch)}${startCloudWatchAgent(
    cloudWatchAgentConfig(props.logGroup, [
      { path: "/var/log/app/app.log", stream: "app" },
      { path: "/var/log/cloud-init-output.log", stream: "boot" },
    ]),
  )}
${efsSteps(props)}
# Service account, settings (no secret here: the application authenticates to the database with IAM, DB_AUTH=iam)
id app >/dev/null 2>&1 || useradd --system --home-dir /opt/app --shell /usr/sbin/nologin app
mkdir -p /opt/app /etc/app /var/log/app
chown app:app /opt/app /var/log/app
cat > /etc/app/app.env <<'ENV'
${env}
ENV
chmod 0640 /etc/app/app.env
chgrp app /etc/app/app.env
${fetch}
# Unquoted heredoc: $EXEC is expanded now; its own $JAVA_OPTS stays for systemd to expand at start.
cat > /etc/systemd/system/app.service <<UNIT
[Unit]
Description=Spring Boot application (WAS)
After=network-online.target
Wants=network-online.target
[Service]
User=app
EnvironmentFile=/etc/app/app.env
ExecStart=$EXEC
Restart=always
RestartSec=5
StandardOutput=append:/var/log/app/app.log
StandardError=append:/var/log/app/app.log
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now app.service
${archive ? `\n# Log archive on EFS (R2.5)\n${archiveLogsEveryMinute("was", ["/var/log/app"])}` : ""}`;
}
