/**
 * The settings every application load balancer and target group of ours share,
 * as data: the public and the internal ALB differ only in name, scheme,
 * subnets and listeners.
 */
import type { LbConfig } from "@cdktf/provider-aws/lib/lb";
import type { LbTargetGroupConfig } from "@cdktf/provider-aws/lib/lb-target-group";
import { ITerraformDependable } from "cdktf";
import { TargetGroupDefinition, targetGroupSettings } from "./target-group";

/** What differs between our load balancers. */
export interface AlbShape {
  readonly name: string;
  /** Deletion protection (CKV_AWS_150); off only in a `disposable` environment. @default true */
  readonly deletionProtection?: boolean;
  /** Internal (private subnets) or internet-facing. */
  readonly internal: boolean;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly idleTimeoutSeconds: number;
  /** `defensive` or `strictest` (CKV_AWS_328). */
  readonly desyncMitigationMode: string;
  /** Where access logs go (CKV_AWS_91). */
  readonly accessLogs: { readonly bucket: string; readonly prefix: string };
  /** The log bucket's policy must exist first, or the API refuses access logs. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * An ALB with access logs, deletion protection (X.3), invalid header dropping
 * (CKV_AWS_131), desync mitigation and HTTP/2, IPv4 only.
 */
export function hardenedAlb(shape: AlbShape): LbConfig {
  return {
    name: shape.name,
    loadBalancerType: "application",
    internal: shape.internal,
    subnets: shape.subnetIds,
    securityGroups: [shape.securityGroupId],
    ipAddressType: "ipv4",
    idleTimeout: shape.idleTimeoutSeconds,
    dropInvalidHeaderFields: true,
    desyncMitigationMode: shape.desyncMitigationMode,
    enableDeletionProtection: shape.deletionProtection ?? true,
    enableHttp2: true,
    accessLogs: { bucket: shape.accessLogs.bucket, prefix: shape.accessLogs.prefix, enabled: true },
    tags: { Name: shape.name },
    dependsOn: [...shape.dependsOn],
  };
}

/**
 * An HTTP target group of instances with the definition's algorithm,
 * stickiness, slow start, deregistration delay and health check. Detection
 * time of a failed target: interval x unhealthy threshold (10 s x 3 = 30 s by
 * default; the provider's own defaults would take 90 s).
 */
export function instanceTargetGroup(p: { readonly name: string; readonly vpcId: string; readonly port: number; readonly settings: TargetGroupDefinition }): LbTargetGroupConfig {
  const settings = targetGroupSettings(p.settings);
  return {
    name: p.name,
    vpcId: p.vpcId,
    targetType: "instance",
    protocol: "HTTP",
    port: p.port,
    ...settings,
    healthCheck: { ...settings.healthCheck },
    stickiness: { ...settings.stickiness },
    tags: { Name: p.name },
  };
}
