/**
 * The `compute` section of an environment definition: the bastion, the public
 * load balancer, the WEB tier and (where the network has WAS subnets) the WAS
 * tier behind an internal load balancer, their Auto Scaling, and alarms.
 *
 * Each field checks its own value here; rules relating fields to each other
 * (the WAS tier against the network's subnets, least outstanding requests
 * against slow start, min <= desired <= max, ...) are in
 * src/config/compute/rules.ts, attached as refinements so every problem is
 * reported in one pass.
 */
import { z } from "zod";
import { OPERATING_SYSTEMS } from "../../lib/machine-image";
import { COMPUTE_RULES } from "./rules";

/** An EC2 instance type such as `t3.small`. */
const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as t3.small");

/** An SSM parameter path naming an AMI id. */
const amiParameter = z
  .string()
  .regex(/^\/[A-Za-z0-9_.\-/]+$/, "an SSM parameter path naming an AMI id, such as /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

/** Directories an EFS access point must never be mounted over. */
const SYSTEM_DIRECTORIES = ["/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var"];

/** An absolute mount path such as `/static`: the EFS access point with this path is mounted here. */
const mountPath = z
  .string()
  .regex(/^\/[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, "an absolute path of lower-case letters, digits, '-' and '_' such as /static")
  .refine((p) => !SYSTEM_DIRECTORIES.some((d) => p === d || p.startsWith(`${d}/`)), `must not be a system directory (${SYSTEM_DIRECTORIES.join(", ")})`);

/** CloudWatch Logs retention values (CKV_AWS_338 wants at least 365). */
const logRetentionDays = z.union([z.literal(365), z.literal(400), z.literal(545), z.literal(731), z.literal(1096), z.literal(1827), z.literal(2192), z.literal(2557), z.literal(2922), z.literal(3288), z.literal(3653)]);

/** A target group health check; `defaultPath` differs per tier. */
function healthCheck(defaultPath: string) {
  return z
    .strictObject({
      /** Path the load balancer requests. @default "/health" (WEB: answered by nginx itself), "/actuator/health" (WAS: Spring Boot) */
      path: z.string().max(1024).regex(/^\/[\x21-\x7e]*$/, "a URL path starting with / (printable ASCII, no spaces)").default(defaultPath),
      /** Seconds between checks (5-300). @default 10 */
      intervalSeconds: z.number().int().min(5).max(300).default(10),
      /** Seconds without a response before a check fails (2-120); must be below `intervalSeconds`. @default 5 */
      timeoutSeconds: z.number().int().min(2).max(120).default(5),
      /** Consecutive successes before a target is healthy (2-10). @default 2 */
      healthyThreshold: z.number().int().min(2).max(10).default(2),
      /**
       * Consecutive failures before a target is unhealthy (2-10). Detection
       * time is `intervalSeconds * unhealthyThreshold` (30 s with the defaults).
       * @default 3
       */
      unhealthyThreshold: z.number().int().min(2).max(10).default(3),
      /** HTTP codes that mean healthy (`200`, `200-299`, `200,301`). @default "200" */
      matcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "HTTP codes such as 200, 200-299 or 200,302").default("200"),
    })
    .prefault({});
}

/** A target group's routing settings; `defaultPath` is its health check path. */
function targetGroup(defaultPath: string) {
  return z
    .strictObject({
      /**
       * How the load balancer picks a target: `round_robin` (R3.4),
       * `least_outstanding_requests` (the ALB's least-connection, R0.10; cannot
       * be combined with slow start) or `weighted_random`.
       * @default "round_robin"
       */
      algorithm: z.enum(["round_robin", "least_outstanding_requests", "weighted_random"]).default("round_robin"),
      /**
       * Sticky sessions with a load-balancer-generated cookie (`lb_cookie`):
       * a client keeps its target for `durationSeconds` (1-604800).
       * @default none (no stickiness)
       */
      stickiness: z.strictObject({ durationSeconds: z.number().int().min(1).max(604800).default(86400) }).optional(),
      /** Seconds a new target ramps up its share of requests: 0 (off) or 30-900; round robin only. @default 0 */
      slowStartSeconds: z.number().int().refine((v) => v === 0 || (v >= 30 && v <= 900), "0 (off) or 30-900 seconds").default(0),
      /** Seconds in-flight requests get to finish on a deregistering target (0-3600). @default 60 */
      deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(60),
      /** Health check of the targets. */
      healthCheck: healthCheck(defaultPath),
    })
    .prefault({});
}

/** A scheduled change of a tier's capacity (R1.6: raise capacity ahead of known sales events). */
const scheduledAction = z.strictObject({
  /** Name of the action, unique within the tier (`sale-warmup`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lower-case letters, digits and '-', at most 63 characters"),
  /** When, as a 5-field cron expression in `timeZone` (`30 19 * * FRI`). */
  recurrence: z
    .string()
    .regex(/^\S+ \S+ \S+ \S+ \S+$/, "a cron expression of five fields: minute hour day-of-month month day-of-week, such as 30 19 * * FRI"),
  /** IANA time zone of `recurrence` (`Asia/Seoul`). @default "UTC" */
  timeZone: z.string().regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/, "an IANA time zone such as Asia/Seoul or UTC").default("UTC"),
  /** New minimum size. @default unchanged */
  minSize: z.number().int().min(0).max(1000).optional(),
  /** New maximum size. @default unchanged */
  maxSize: z.number().int().min(0).max(1000).optional(),
  /** New desired capacity. @default unchanged */
  desiredCapacity: z.number().int().min(0).max(1000).optional(),
});

/** Settings shared by the WEB and WAS tiers; `defaultHealthPath` is the target group's health check path. */
function appTierShape(defaultHealthPath: string) {
  return {
    /** EC2 instance type; a Graviton type (`t4g.small`) selects arm64 AMIs. @default "t3.small" */
    instanceType: instanceType.default("t3.small"),
    /** Operating system (R2.9). @default "amazon-linux-2023" */
    os: z.enum(OPERATING_SYSTEMS).default("amazon-linux-2023"),
    /** SSM parameter of the AMI, to run your own image of `os`. @default - the public parameter of `os` for the instance type's architecture */
    amiParameter: amiParameter.optional(),
    /** Size of the encrypted gp3 root volume in GiB (8-1024). @default 20 */
    volumeSizeGiB: z.number().int().min(8).max(1024).default(20),
    /** Fewest instances. @default 2 */
    minSize: z.number().int().min(0).max(1000).default(2),
    /** Instances at creation (Auto Scaling moves it afterwards); min <= desired <= max. @default 2 */
    desiredCapacity: z.number().int().min(0).max(1000).default(2),
    /** Most instances. @default 4 */
    maxSize: z.number().int().min(1).max(1000).default(4),
    /** Seconds after launch before ELB health checks can replace an instance (boot + user data). @default 300 */
    healthCheckGracePeriodSeconds: z.number().int().min(0).max(7200).default(300),
    /** Average CPU % the target tracking policy keeps the tier at; it scales out above and back in below (10-90). @default 50 */
    cpuTargetPercent: z.number().int().min(10).max(90).default(50),
    /** Scheduled capacity changes (R1.6). @default [] */
    scheduledActions: z.array(scheduledAction).default([]),
    /** Share of capacity kept in service while an instance refresh replaces instances (0-100). @default 90 */
    instanceRefreshMinHealthyPercent: z.number().int().min(0).max(100).default(90),
    /** The tier's target group. */
    targetGroup: targetGroup(defaultHealthPath),
    /** EFS access points mounted at boot, each at its own path (R3.6: `/static`, `/media`); the data stack must publish an access point per path. @default [] */
    efsMounts: z.array(mountPath).default([]),
    /** Path of the EFS access point that receives a copy of the instance logs every minute (R2.5: `/logs`). @default none */
    efsLogArchivePath: mountPath.optional(),
    /** Days the tier's CloudWatch log group keeps instance logs (365 or more). @default 365 */
    logRetentionDays: logRetentionDays.default(365),
    /**
     * Where the EFS mount helper (amazon-efs-utils: TLS and access points) comes from when the
     * tier mounts EFS. No boot step fetches source code or compiles: on Amazon Linux it is the
     * distribution's package; Ubuntu does not package it, so name either `"baked-image"` (the
     * tier's `amiParameter` is your image with it installed; boot only checks for `mount.efs`)
     * or the `s3://` URI of a .deb you built once (efs-utils' `./build-deb.sh` in CI) for the
     * tier's architecture; the instance role may read exactly that object and apt installs it
     * with its packaged dependencies (nfs-common, stunnel4).
     * @default - the distribution package (Amazon Linux); required on Ubuntu when the tier mounts EFS
     */
    efsUtilsPackage: z
      .union([
        z.literal("baked-image"),
        z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9!_.*'()\/+-]+\.deb$/, 'an S3 URI of a .deb such as s3://my-artifacts/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb, or "baked-image"'),
      ])
      .optional(),
  };
}

/** The WEB tier: nginx behind the public load balancer. */
const webTier = z.strictObject(appTierShape("/health")).prefault({});

/** The WAS tier: a Spring Boot service on 8080 behind the internal load balancer (R2.3). */
const wasTier = z.strictObject({
  ...appTierShape("/actuator/health"),
  /** The Spring Boot application. */
  application: z
    .strictObject({
      /**
       * `s3://bucket/key.jar` downloaded at boot; the instance role may read
       * exactly this object. @default none - a placeholder answers the health check until the application is deployed
       */
      artifactS3Uri: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9!_.*'()\/-]+\.jar$/, "an S3 URI of a .jar such as s3://my-artifacts/app/app.jar").optional(),
      /** JVM options. @default "-Xms256m -Xmx512m" */
      javaOptions: z.string().regex(/^[A-Za-z0-9 =:.,_\/+%-]*$/, "JVM options: letters, digits, spaces and = : . , _ / + % -").default("-Xms256m -Xmx512m"),
      /** Spring profiles to activate. @default "prod" */
      springProfiles: z.string().regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, "comma-separated profile names such as prod,aws").default("prod"),
    })
    .prefault({}),
});

/** An SSH public key line (`ssh-ed25519 AAAA... comment`). */
const sshPublicKey = z
  .string()
  .refine((k) => !/PRIVATE KEY/.test(k), "this is a PRIVATE key; give only the public half (the .pub file), never a private key")
  .refine(
    // A private key is reported once, by the rule above.
    (k) => /PRIVATE KEY/.test(k) || /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [\x20-\x7e]*)?$/.test(k),
    "an OpenSSH public key line: ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256/384/521, the base64 key, an optional comment",
  );

const bastion = z
  .strictObject({
    /** Create the bastion host. @default true */
    enabled: z.boolean().default(true),
    /** EC2 instance type. @default "t3.micro" */
    instanceType: instanceType.default("t3.micro"),
    /** Operating system (R2.9). @default "amazon-linux-2023" */
    os: z.enum(OPERATING_SYSTEMS).default("amazon-linux-2023"),
    /** SSM parameter of the AMI. @default - the public parameter of `os` for the instance type's architecture */
    amiParameter: amiParameter.optional(),
    /** Availability zone of the bastion's public subnet; one of `azs`. @default - the first of `azs` */
    az: z.string().optional(),
    /**
     * Further bastions, one in the public subnet of each AZ listed (each one of `azs`, not `az`),
     * each with its own fixed public IP: operators still get in when the first bastion's AZ is
     * down (seed 003 runs one in 2a and one in 2c, R3.3). Every bastion has the same template,
     * security group and reach.
     * @default [] (one bastion)
     */
    additionalAzs: z.array(z.string()).max(5).default([]),
    /** Size of the encrypted gp3 root volume in GiB. @default 8 */
    volumeSizeGiB: z.number().int().min(8).max(1024).default(8),
  })
  .prefault({});

const loadBalancer = z
  .strictObject({
    /** TLS policy of the HTTPS listener; TLS 1.3 policies only (R3.9, CKV_AWS_103). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy: z
      .enum([
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
      ])
      .default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    /**
     * Names on the load balancer's regional certificate (R3.9), each
     * `dns.domain` or a name under it (`*.` allowed); the first is the subject.
     * The certificate must cover every name users reach the load balancer by.
     * @default - the site's names: edge.dns.names in the domain (`buddyverse.link`, `www.buddyverse.link`)
     */
    certificateNames: z
      .array(z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name, optionally starting with *."))
      .min(1)
      .optional(),
    /** Seconds an idle connection stays open (1-4000). @default 60 */
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60),
    /** HTTP desync protection: `defensive` or `strictest` (CKV_AWS_328). @default "defensive" */
    desyncMitigationMode: z.enum(["defensive", "strictest"]).default("defensive"),
    /** Days access logs are kept in their bucket (1-3650). @default 365 */
    accessLogRetentionDays: z.number().int().min(1).max(3650).default(365),
  })
  .prefault({});

const alarms = z
  .strictObject({
    /** Alarm when the public load balancer's p95 target response time exceeds this many seconds. @default 1 */
    latencyP95Seconds: z.number().positive().max(60).default(1),
    /** Alarm when 5xx responses exceed this percentage of requests. @default 5 */
    http5xxPercent: z.number().positive().max(100).default(5),
    /** Alarm when a tier's average CPU exceeds this percentage (beyond what scaling absorbs). @default 80 */
    cpuPercent: z.number().int().min(10).max(100).default(80),
    /** Consecutive 1-minute periods over a threshold before an alarm fires. @default 3 */
    evaluationMinutes: z.number().int().min(1).max(60).default(3),
  })
  .prefault({});

/** Schema of the `compute` section. */
export const computeSchema = z.strictObject({
  /**
   * OpenSSH PUBLIC key of the operators (R2.1): installed on the bastion and
   * the WEB/WAS instances, so the bastion can SSH onward with agent forwarding
   * or ProxyJump. Never a private key, never a password.
   * @default none - Session Manager only (required when network.bastionAllowedCidrs is not empty)
   */
  sshPublicKey: sshPublicKey.optional(),
  /** The bastion host in a public subnet (R0.9, R1.4, R2.1, R3.3). */
  bastion,
  /** The internet-facing load balancer (R0.1, R0.10, R2.2, R3.4, R3.9). */
  loadBalancer,
  /** The WEB tier (nginx). */
  web: webTier,
  /** The WAS tier (Spring Boot on 8080) behind an internal load balancer; required exactly when network.subnets has a `was` tier (R2.3). @default none */
  was: wasTier.optional(),
  /** Alarm thresholds; alarms notify the data stack's SNS topic (R1.8, R3.10). */
  alarms,
}).check(...COMPUTE_RULES);

/** The parsed `compute` section. */
export type ComputeSection = z.output<typeof computeSchema>;
/** The parsed WEB tier. */
export type WebTierSection = ComputeSection["web"];
/** The parsed WAS tier. */
export type WasTierSection = NonNullable<ComputeSection["was"]>;
/** Settings common to both application tiers. */
export type AppTierSection = WebTierSection | WasTierSection;
/** The parsed target group settings of a tier. */
export type TargetGroupSection = WebTierSection["targetGroup"];
/** One scheduled action. */
export type ScheduledActionSection = WebTierSection["scheduledActions"][number];

/**
 * The compute settings of an environment: its section, or every default when
 * the definition has none (a WEB tier of two, a bastion reachable by Session
 * Manager). Every environment has a compute stack, since the edge stack reads it.
 */
export function computeSettings(env: { readonly compute?: ComputeSection | undefined }): ComputeSection {
  return env.compute ?? computeSchema.parse({});
}
