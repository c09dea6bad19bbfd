/**
 * Boot script of a WEB instance: nginx answering the health check itself and
 * either proxying to the internal load balancer in front of WAS (R2.3) or
 * serving the site; EFS shared directories (R3.6); logs shipped to CloudWatch
 * Logs and optionally archived on EFS (R2.5).
 */
import { AppBootProps, efsSteps } from "./app-boot";
import { archiveLogsEveryMinute, installCloudWatchAgent, installPackages, scriptHeader, startCloudWatchAgent } from "./boot-steps";
import { cloudWatchAgentConfig } from "./cloudwatch-agent-config";
import { nginxConfig } from "./nginx-config";

/** Props of {@link webUserData}. */
export interface WebUserDataProps extends AppBootProps {
  /** Health check path of the WEB target group, answered by nginx. */
  readonly healthPath: string;
  /** `http://<internal ALB DNS>:8080` where a WAS tier exists. @default none - nginx serves /var/www/html */
  readonly upstream?: string;
  /** Largest request body nginx accepts, in MiB (the largest WAF upload size). @default 1 */
  readonly maxBodyMb?: number;
}

/** The WEB boot script (plain text; escape with `userDataBase64`). */
export function webUserData(props: WebUserDataProps): string {
  const archive = props.efsLogArchivePath !== undefined;
  const conf = nginxConfig({
    os: props.os,
    healthPath: props.healthPath,
    ...(props.upstream !== undefined ? { upstream: props.upstream } : {}),
    staticDirectories: props.efsMounts ?? [],
    ...(props.maxBodyMb !== undefined ? { maxBodyMb: props.maxBodyMb } : {}),
  });
  const page = props.upstream
    ? ""
    : `mkdir -p /var/www/html
if [ ! -f /var/www/html/index.html ]; then
  echo "<!doctype html><title>Service starting</title><p>This server is up; the site has not been deployed yet.</p>" > /var/www/html/index.html
fi
`;
  return `${scriptHeader("WEB", "nginx, shared files, log shipping")}
# Packages
${installPackages(props.os, { dnf: ["nginx", "rsync"], apt: ["nginx", "rsync", "curl"] })}
# Logs to CloudWatch first, so a failing boot is visible there too (R2.5)
${installCloudWatchAgent(props.os, props.region, props.arch)}${startCloudWatchAgent(
    cloudWatchAgentConfig(props.logGroup, [
      { path: "/var/log/nginx/access.log", stream: "nginx-access" },
      { path: "/var/log/nginx/error.log", stream: "nginx-error" },
      { path: "/var/log/cloud-init-output.log", stream: "boot" },
    ]),
  )}
${efsSteps(props)}
# nginx (its own /health answers the load balancer: a dead nginx is a replaced instance, R3.5)
cat > /etc/nginx/nginx.conf <<'NGINX'
${conf}NGINX
${page}nginx -t
systemctl enable nginx
systemctl restart nginx
${archive ? `\n# Log archive on EFS (R2.5)\n${archiveLogsEveryMinute("web", ["/var/log/nginx"])}` : ""}`;
}
