/**
 * nginx configuration of the WEB tier, rendered at synth and written by the
 * WEB boot script. The whole `nginx.conf` is ours (no distribution default
 * site), so Amazon Linux and Ubuntu serve exactly the same thing.
 */
import { OperatingSystem, packageFamily } from "../lib/machine-image";

/**
 * The Amazon-provided DNS resolver, reachable from every VPC subnet. nginx
 * resolves a literal `proxy_pass` host once at start-up; an ALB's addresses
 * change as it scales, so the upstream is a variable re-resolved through this
 * resolver every 30 s instead.
 */
export const VPC_RESOLVER = "169.254.169.253";

/** Props of {@link nginxConfig}. */
export interface NginxConfigProps {
  /** The OS (its nginx worker user). */
  readonly os: OperatingSystem;
  /** Path answered by nginx itself for the load balancer's health check (the nginx process is the web server, R3.5). */
  readonly healthPath: string;
  /** Proxy everything else to this upstream (`http://<internal ALB>:8080`, R2.3). @default none - serve /var/www/html */
  readonly upstream?: string;
  /** Directories served as-is under their own path (EFS mounts such as /static, /media: R3.6). @default [] */
  readonly staticDirectories?: readonly string[];
  /**
   * Largest request body nginx accepts, in MiB: the largest upload the WAF allows
   * (`edge.waf.uploads`); it also bounds uploads without a Content-Length (chunked).
   * @default 1 (nginx's own default)
   */
  readonly maxBodyMb?: number;
}

/** The complete `/etc/nginx/nginx.conf` of a WEB instance. */
export function nginxConfig(props: NginxConfigProps): string {
  const user = packageFamily(props.os) === "dnf" ? "nginx" : "www-data";
  const statics = (props.staticDirectories ?? [])
    .map(
      (dir) => `    location ${dir}/ {
      alias ${dir}/;
      expires 1h;
    }
`,
    )
    .join("");
  const root = props.upstream
    ? `    location / {
      set $was_upstream ${props.upstream};
      proxy_pass $was_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
      proxy_connect_timeout 5s;
      proxy_read_timeout 60s;
    }
`
    : `    location / {
      root /var/www/html;
      index index.html;
    }
`;
  return `user ${user};
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log warn;

events {
  worker_connections 1024;
}

http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  keepalive_timeout 75s;
  server_tokens off;
  log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                  '"$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time $upstream_response_time';
  access_log /var/log/nginx/access.log main;
  resolver ${VPC_RESOLVER} valid=30s ipv6=off;
  client_max_body_size ${props.maxBodyMb ?? 1}m;

  server {
    listen 80 default_server;
    server_name _;

    location = ${props.healthPath} {
      access_log off;
      default_type text/plain;
      return 200 "ok";
    }
${statics}${root}  }
}
`;
}
