/**
 * `<env>-compute`: the bastion, the public load balancer and its certificate,
 * the WEB tier and (with WAS subnets) the internal load balancer and WAS tier,
 * their launch templates and Auto Scaling, logs, a dashboard and alarms.
 *
 * Reads `network` and `data` through the remote-state contract only.
 */
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { Environment } from "../config/definition";
import { edgeSettings } from "../config/edge/schema";
import { AppTierSection, ComputeSection, computeSettings, WasTierSection } from "../config/compute/schema";
import { AlbLogBucket, AlbLogBucketProps } from "../constructs/alb-log-bucket";
import { AppTier, AppTierProps } from "../constructs/app-tier";
import { AppLaunchTemplate } from "../constructs/app-launch-template";
import { BastionHost } from "../constructs/bastion-host";
import { ComputeAlarms } from "../constructs/compute-alarms";
import { ComputeDashboard } from "../constructs/compute-dashboard";
import { EncryptionKey } from "../constructs/encryption-key";
import { InstanceRole } from "../constructs/instance-role";
import { InternalLoadBalancer, InternalLoadBalancerProps } from "../constructs/internal-load-balancer";
import { OperatorKeyPair } from "../constructs/operator-key-pair";
import { PublicLoadBalancer, PublicLoadBalancerProps } from "../constructs/public-load-balancer";
import { RegionalCertificate } from "../constructs/regional-certificate";
import { VolumeEncryptionKey } from "../constructs/volume-encryption-key";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import { DATA_OUTPUTS, DataOutputs } from "../contract/data";
import { NETWORK_OUTPUTS, NetworkOutputs } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { StackKind } from "../contract/state-location";
import { certificateNames } from "../lib/certificate-names";
import { s3UriToObjectArn } from "../lib/instance-policy";
import { architectureOf, defaultAmiParameter } from "../lib/machine-image";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { dataClientTier, PORTS } from "../lib/security-rules";
import { bastionUserData } from "../templates/bastion-user-data";
import { wasUserData } from "../templates/was-user-data";
import { webUserData } from "../templates/web-user-data";
import { dataStoreIds } from "../lib/data-store-ids";
import { drDatabaseInstances } from "../lib/dr";
import { EfsSource, EfsUtilsSource } from "../templates/boot-steps";
import { ORIGIN_VERIFY_HEADER, OriginVerifyValues } from "../constructs/origin-verify";
import { originVerifySecretName } from "../lib/site-names";
import { DatabaseSection } from "../config/data/schema";
import { EnvironmentStack, environmentTags } from "./environment-stack";
import { logsKeyPrincipal } from "../lib/logs-key";

/** Port WEB instances serve on behind the public load balancer (the network stack opens it from the ALB). */
const WEB_PORT = PORTS.http;

/** The database section of an environment, if any. */
function dbSettingsOf(env: Environment): DatabaseSection | undefined {
  return env.data?.database;
}

/** Where a tier's EFS mount helper comes from (compute.<tier>.efsUtilsPackage). */
function efsUtilsSource(section: AppTierSection): EfsUtilsSource {
  const p = section.efsUtilsPackage;
  return p === undefined ? "distribution" : p === "baked-image" ? "baked-image" : { debS3Uri: p };
}

/** Options of {@link ComputeStack}: how the DR region's copy (`<env>-dr-compute`) differs. */
export interface ComputeStackOptions {
  /** Stack kind. @default "compute" */
  readonly kind?: StackKind;
  /**
   * The environment the tiers are built from: region, AZs, names, capacity.
   * The DR view (src/stacks/dr-environment.ts) for the DR stack.
   * @default - the environment itself
   */
  readonly site?: Environment;
  /** Upstream stack kinds read through remote state. @default { network: "network", data: "data" } */
  readonly upstream?: { readonly network: StackKind; readonly data: StackKind };
  /**
   * Write the certificate's DNS validation records. The DR certificate covers
   * the same names, whose records the primary compute stack owns.
   * @default true
   */
  readonly certificateValidationRecords?: boolean;
}

/** What the compute stack's translation functions read: the site, its settings, the upstream outputs and the stack's keys. */
interface ComputeContext {
  /** The environment the resources are built from (the DR view in `<env>-dr-compute`). */
  readonly env: Environment;
  /** Its compute section, defaults applied. */
  readonly compute: ComputeSection;
  readonly net: NetworkOutputs;
  readonly data: DataOutputs;
  /** The stack's tags, which the instances carry too. */
  readonly tags: Readonly<Record<string, string>>;
  /** KMS keys of the EBS volumes and of the tiers' log groups. */
  readonly volumeKeyArn: string;
  readonly logsKeyArn: string;
  /** The operators' EC2 key pair. @default none */
  readonly keyName?: string | undefined;
}

/** Where the tiers' log groups live: `/<env>/compute` (the logs key admits exactly these). */
function logGroupPrefix(env: Environment): string {
  return `/${env.name}/compute`;
}

/** The shared file system and its access points, from the data stack's outputs. */
function efsSource(data: DataOutputs): EfsSource {
  return {
    fileSystemId: data.efs_id,
    accessPointIds: Fn.join(",", data.efs_access_point_ids),
    accessPointPaths: Fn.join(",", data.efs_access_point_paths),
  };
}

/** What every tier's boot script starts with: region, image, logs and shared files. */
function bootOf(ctx: ComputeContext, section: AppTierSection, logGroup: string) {
  return {
    region: ctx.env.region,
    os: section.os,
    arch: architectureOf(section.instanceType),
    logGroup,
    efs: efsSource(ctx.data),
    efsMounts: section.efsMounts,
    ...(section.efsLogArchivePath !== undefined ? { efsLogArchivePath: section.efsLogArchivePath } : {}),
    efsUtils: efsUtilsSource(section),
  };
}

/**
 * `rds-db:connect` ARNs of the application's database user: the primary (RDS) or the cluster
 * (Aurora) and each RDS read replica (a replica is its own IAM resource). The replica count
 * comes from the definition, the resource ids from the data stack's outputs.
 */
function dbConnectArns(env: Environment, data: DataOutputs): string[] {
  const dbSection = dbSettingsOf(env);
  if (!dbSection) return [];
  const dbUserArn = (resourceId: string) => `arn:aws:rds-db:${env.region}:${env.account}:dbuser:${resourceId}/${dbSection.applicationUser}`;
  return [
    dbUserArn(data.db_iam_resource_id),
    ...(dbSection.engine === "mysql" ? dbSection.replicas.map((_, i) => dbUserArn(Token.asString(Fn.element(data.db_replica_iam_resource_ids, i)))) : []),
  ];
}

/** The largest upload the WAF lets through (edge.waf.uploads), in MiB; 1 without uploads (nginx's default). */
function maxUploadMb(env: Environment): number {
  return Math.max(1, ...edgeSettings(env).waf.uploads.map((u) => u.maxBodyMb));
}

/** Where a tier's instances run and whom they serve. */
interface TierPlacement {
  readonly securityGroupId: string;
  readonly subnetIds: string[];
  readonly targetGroupArn: string;
}

/** The props of one application tier: its section, placement, boot script (given its log group) and artifacts. */
function appTierProps(ctx: ComputeContext, tier: "web" | "was", section: AppTierSection, placement: TierPlacement, script: (logGroup: string) => string, artifacts: string[]): AppTierProps {
  const { env, data } = ctx;
  const logGroupName = `${logGroupPrefix(env)}/${tier}`;
  const usesEfs = section.efsMounts.length > 0 || section.efsLogArchivePath !== undefined;
  const client = dataClientTier(env) === tier;
  return {
    name: resourceName(env.name, tier),
    description: `${tier.toUpperCase()} instances of ${env.name}`,
    role: tier,
    region: env.region,
    account: env.account,
    logGroupName,
    logRetentionDays: section.logRetentionDays,
    logsKmsKeyArn: ctx.logsKeyArn,
    access: {
      // The application's own database user through IAM authentication, never the master secret.
      ...(client ? { dbConnectArns: dbConnectArns(env, data) } : {}),
      ...(client && env.data?.cache !== undefined ? { cache: { replicationGroupId: data.cache_replication_group_id, userId: data.cache_user_id } } : {}),
      ...(usesEfs ? { efsFileSystemId: data.efs_id } : {}),
      // A prebuilt EFS mount helper package (Ubuntu): exactly that object.
      artifactObjectArns: [...artifacts, ...(section.efsUtilsPackage !== undefined && typeof efsUtilsSource(section) === "object" && usesEfs ? [s3UriToObjectArn(section.efsUtilsPackage)] : [])],
    },
    os: section.os,
    amiParameter: section.amiParameter ?? defaultAmiParameter(section.os, architectureOf(section.instanceType)),
    instanceType: section.instanceType,
    securityGroupIds: [placement.securityGroupId],
    ...(ctx.keyName !== undefined ? { keyName: ctx.keyName } : {}),
    volumeSizeGiB: section.volumeSizeGiB,
    volumeKmsKeyArn: ctx.volumeKeyArn,
    userData: script(logGroupName),
    instanceTags: ctx.tags,
    subnetIds: placement.subnetIds,
    targetGroupArns: [placement.targetGroupArn],
    minSize: section.minSize,
    maxSize: section.maxSize,
    desiredCapacity: section.desiredCapacity,
    healthCheckGracePeriodSeconds: section.healthCheckGracePeriodSeconds,
    cpuTargetPercent: section.cpuTargetPercent,
    instanceRefreshMinHealthyPercent: section.instanceRefreshMinHealthyPercent,
    scheduledActions: section.scheduledActions,
  };
}

/** The WEB tier (R0.3, R2.2): nginx behind the public load balancer, proxying to WAS when there is one. */
function webTierProps(ctx: ComputeContext, targetGroupArn: string, wasLoadBalancerDns: string | undefined): AppTierProps {
  const web = ctx.compute.web;
  const placement = { securityGroupId: ctx.net.sg_web_id, subnetIds: ctx.net.web_subnet_ids, targetGroupArn };
  const script = (logGroup: string) =>
    webUserData({
      ...bootOf(ctx, web, logGroup),
      healthPath: web.targetGroup.healthCheck.path,
      ...(wasLoadBalancerDns !== undefined ? { upstream: `http://${wasLoadBalancerDns}:${PORTS.was}` } : {}),
      // The WAF lets upload paths through up to their size (edge.waf.uploads); nginx must too.
      maxBodyMb: maxUploadMb(ctx.env),
    });
  return appTierProps(ctx, "web", web, placement, script, []);
}

/** The WAS tier (R2.3): the application behind the internal load balancer, configured to reach the data stores. */
function wasTierProps(ctx: ComputeContext, was: WasTierSection, targetGroupArn: string): AppTierProps {
  const { data } = ctx;
  const uploadMb = maxUploadMb(ctx.env);
  const placement = { securityGroupId: ctx.net.sg_was_id, subnetIds: ctx.net.was_subnet_ids, targetGroupArn };
  const script = (logGroup: string) =>
    wasUserData({
      ...bootOf(ctx, was, logGroup),
      healthPath: was.targetGroup.healthCheck.path,
      javaOptions: was.application.javaOptions,
      springProfiles: was.application.springProfiles,
      ...(was.application.artifactS3Uri ? { artifactS3Uri: was.application.artifactS3Uri } : {}),
      settings: {
        DB_WRITER_HOST: data.db_writer_endpoint,
        DB_READER_HOST: data.db_reader_endpoint,
        DB_PORT: data.db_port,
        DB_NAME: data.db_name,
        // IAM database authentication as the application's own user (a 15-minute token from
        // rds generate-db-auth-token / the AWS JDBC wrapper), over TLS; no password, no master secret.
        DB_USER: dbSettingsOf(ctx.env)?.applicationUser ?? "",
        DB_AUTH: "iam",
        REDIS_HOST: data.cache_primary_endpoint,
        REDIS_READER_HOST: data.cache_reader_endpoint,
        REDIS_PORT: data.cache_port,
        MEDIA_BUCKET: data.media_bucket_name,
        // Spring's multipart limits (1 MB per file by default) follow the WAF's upload size.
        ...(uploadMb > 1 ? { SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE: `${uploadMb}MB`, SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE: `${uploadMb}MB` } : {}),
      },
    });
  return appTierProps(ctx, "was", was, placement, script, was.application.artifactS3Uri ? [s3UriToObjectArn(was.application.artifactS3Uri)] : []);
}

/** The bucket of the load balancers' access logs. */
function albLogBucketProps(env: Environment): AlbLogBucketProps {
  return {
    envName: env.name,
    account: env.account,
    region: env.region,
    prefix: "alb",
    retentionDays: computeSettings(env).loadBalancer.accessLogRetentionDays,
    accessLogBucket: accessLogBucketName(env.stateBucket, env.region),
  };
}

/** The public load balancer: HTTPS with the certificate, access logs, the WEB target group; with a CDN, only CloudFront's requests. */
function publicLoadBalancerProps(ctx: ComputeContext, certificateArn: string, logs: AlbLogBucket, originVerify: OriginVerifyValues | undefined): PublicLoadBalancerProps {
  const lb = ctx.compute.loadBalancer;
  return {
    envName: ctx.env.name,
    vpcId: ctx.net.vpc_id,
    subnetIds: ctx.net.public_subnet_ids,
    securityGroupId: ctx.net.sg_alb_id,
    certificateArn,
    sslPolicy: lb.sslPolicy,
    idleTimeoutSeconds: lb.idleTimeoutSeconds,
    desyncMitigationMode: lb.desyncMitigationMode,
    accessLogs: { bucket: logs.bucket.bucketName, prefix: logs.prefix },
    dependsOn: [logs.policy],
    targetGroup: ctx.compute.web.targetGroup,
    targetPort: WEB_PORT,
    ...(originVerify ? { originVerify: { headerName: ORIGIN_VERIFY_HEADER, values: originVerify.accepted } } : {}),
  };
}

/** The internal load balancer in front of WAS, in the WAS subnets. */
function internalLoadBalancerProps(ctx: ComputeContext, was: WasTierSection, logs: AlbLogBucket): InternalLoadBalancerProps {
  const lb = ctx.compute.loadBalancer;
  return {
    envName: ctx.env.name,
    vpcId: ctx.net.vpc_id,
    subnetIds: ctx.net.was_subnet_ids,
    securityGroupId: ctx.net.sg_internal_alb_id,
    port: PORTS.was,
    idleTimeoutSeconds: lb.idleTimeoutSeconds,
    desyncMitigationMode: lb.desyncMitigationMode,
    accessLogs: { bucket: logs.bucket.bucketName, prefix: logs.prefix },
    dependsOn: [logs.policy],
    targetGroup: was.targetGroup,
  };
}

/**
 * The database instances and cache nodes the dashboard names: this site's own (the DR view's
 * for dr-compute, whose standby may run fewer Aurora instances than the primary).
 */
function observedStores(primary: Environment, site: Environment | undefined) {
  const env = site ?? primary;
  return dataStoreIds(env.name, env.data, site && env.data?.database?.engine === "aurora-mysql" ? drDatabaseInstances(primary) : undefined);
}

/** The compute stack of one environment (the section's defaults when the definition has none), or of its DR region. */
export class ComputeStack extends EnvironmentStack {
  /** The public load balancer (DR failover records point at it). */
  readonly publicLoadBalancer: PublicLoadBalancer;
  /** The network outputs it was built on (remote state of `network`, or `dr-network`). */
  readonly networkOutputs: NetworkOutputs;

  constructor(scope: Construct, primary: Environment, options: ComputeStackOptions = {}) {
    super(scope, primary, options.kind ?? "compute", { region: (options.site ?? primary).region });
    /** What the resources are built from: the environment, or its DR view. */
    const env = options.site ?? primary;
    const compute = computeSettings(env);
    const net = this.upstream(options.upstream?.network ?? "network", NETWORK_OUTPUTS);
    this.networkOutputs = net;
    const data = this.upstream(options.upstream?.data ?? "data", DATA_OUTPUTS);

    // Keys: EBS volumes, and the tiers' log groups.
    const volumeKey = new VolumeEncryptionKey(this, "volume-key", { account: env.account, region: env.region, alias: resourceName(env.name, "compute-volumes") });
    const logsKey = new EncryptionKey(this, "logs-key", {
      account: env.account,
      alias: resourceName(env.name, "compute-logs"),
      description: `Encrypts the instance logs of ${env.name}`,
      servicePrincipals: [logsKeyPrincipal(env.region, env.account, `${logGroupPrefix(env)}/*`)],
    });
    const keyPair = compute.sshPublicKey ? new OperatorKeyPair(this, "operators", { name: resourceName(env.name, "operators"), publicKey: compute.sshPublicKey }) : undefined;
    const ctx: ComputeContext = { env, compute, net, data, tags: environmentTags(primary, this.kind), volumeKeyArn: volumeKey.arn, logsKeyArn: logsKey.arn, keyName: keyPair?.keyName };

    // Public load balancer: certificate, access logs, listeners, WEB target group.
    const certificate = new RegionalCertificate(this, "certificate", {
      domainNames: certificateNames(env.dns.domain, edgeSettings(env).dns.names, compute.loadBalancer.certificateNames),
      zoneId: net.zone_id,
      name: resourceName(env.name, "alb"),
      createValidationRecords: options.certificateValidationRecords ?? true,
    });
    const logs = new AlbLogBucket(this, "alb-logs", albLogBucketProps(env));
    // Behind CloudFront: only requests with this environment's origin secret (R1.4: no way around the web ACL).
    const originVerify = edgeSettings(env).cdn ? new OriginVerifyValues(this, "origin-verify", { secretName: originVerifySecretName(primary.name), acceptPrevious: true }) : undefined;
    const alb = new PublicLoadBalancer(this, "alb", publicLoadBalancerProps(ctx, certificate.certificateArn, logs, originVerify));
    this.publicLoadBalancer = alb;
    // Internal load balancer in front of WAS (R2.3).
    const internal = compute.was ? new InternalLoadBalancer(this, "internal-alb", internalLoadBalancerProps(ctx, compute.was, logs)) : undefined;

    // Application tiers in private subnets, each auto scaling (R0.3, R2.3, R2.5).
    const web = new AppTier(this, "web", webTierProps(ctx, alb.targetGroup.arn, internal?.lb.dnsName));
    const was = compute.was && internal ? new AppTier(this, "was", wasTierProps(ctx, compute.was, internal.targetGroup.arn)) : undefined;

    // Bastion (R0.9, R1.4, R2.1, R3.3): the network stack's group scopes where it may go.
    const bastionIps = compute.bastion.enabled ? this.bastionHosts(ctx) : [];

    // Observability (R1.8, R3.10).
    const tiers = [
      { tier: "web", asgName: web.groupName, targetGroupArnSuffix: alb.targetGroup.arnSuffix, loadBalancerArnSuffix: alb.lb.arnSuffix },
      ...(was && internal ? [{ tier: "was", asgName: was.groupName, targetGroupArnSuffix: internal.targetGroup.arnSuffix, loadBalancerArnSuffix: internal.lb.arnSuffix }] : []),
    ];
    const stores = observedStores(primary, options.site);
    new ComputeDashboard(this, "dashboard", { name: env.name, region: env.region, albArnSuffix: alb.lb.arnSuffix, tiers, dbInstances: stores.dbInstances, cacheNodes: stores.cacheNodes });
    new ComputeAlarms(this, "alarms", { envName: env.name, topicArn: data.alarm_topic_arn, albArnSuffix: alb.lb.arnSuffix, tiers, ...compute.alarms });

    publishOutputs(this, COMPUTE_OUTPUTS, {
      alb_dns_name: alb.lb.dnsName,
      alb_zone_id: alb.lb.zoneId,
      alb_arn: alb.lb.arn,
      alb_arn_suffix: alb.lb.arnSuffix,
      internal_alb_dns_name: internal?.lb.dnsName ?? "",
      web_asg_name: web.groupName,
      was_asg_name: was?.groupName ?? "",
      bastion_public_ip: bastionIps[0] ?? "",
      bastion_public_ips: bastionIps,
    });
  }

  /**
   * The bastion's role and launch template, and one host per AZ: the first keeps the construct
   * id `bastion` (its address is pinned); each further one (R3.3: seed 003's second bastion in 2c)
   * is `bastion-<az letter>`, in that AZ's public subnet. Returns their public IPs, first first.
   */
  private bastionHosts(ctx: ComputeContext): string[] {
    const { env, net } = ctx;
    const b = ctx.compute.bastion;
    const name = resourceName(env.name, "bastion");
    const role = new InstanceRole(this, "bastion-role", { name, description: `Bastion host of ${env.name}`, region: env.region, account: env.account });
    const template = new AppLaunchTemplate(this, "bastion-template", {
      name,
      description: `Bastion host of ${env.name}`,
      os: b.os,
      amiParameter: b.amiParameter ?? defaultAmiParameter(b.os, architectureOf(b.instanceType)),
      instanceType: b.instanceType,
      instanceProfileArn: role.profile.arn,
      securityGroupIds: [net.sg_bastion_id],
      ...(ctx.keyName !== undefined ? { keyName: ctx.keyName } : {}),
      volumeSizeGiB: b.volumeSizeGiB,
      kmsKeyArn: ctx.volumeKeyArn,
      userData: bastionUserData({ os: b.os, mysqlClient: env.network.bastionReaches.includes("db") }),
      instanceTags: { ...ctx.tags, Name: name, Role: "bastion" },
    });
    const firstAz = b.az ?? env.azs[0];
    if (firstAz === undefined) throw new Error(`${env.name}: no AZ for the bastion (azs is empty)`);
    const placements = [{ id: "bastion", az: firstAz }, ...b.additionalAzs.map((az) => ({ id: `bastion-${az.slice(-1)}`, az }))];
    return placements.map(
      (p, i) =>
        new BastionHost(this, p.id, {
          name: i === 0 ? name : `${name}-${p.az.slice(-1)}`,
          launchTemplate: template.template,
          subnetId: Token.asString(Fn.element(net.public_subnet_ids, Math.max(0, env.azs.indexOf(p.az)))),
        }).publicIp,
    );
  }
}
