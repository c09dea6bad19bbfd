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
import { edgeSettings } from "../config/sections/edge";
import { AppTierSection, computeSettings } from "../config/sections/compute";
import { AlbLogBucket } from "../constructs/alb-log-bucket";
import { AppAutoScalingGroup } from "../constructs/app-auto-scaling-group";
import { AppLaunchTemplate } from "../constructs/app-launch-template";
import { AppLogGroup } from "../constructs/app-log-group";
import { BastionHost } from "../constructs/bastion-host";
import { ComputeAlarms } from "../constructs/compute-alarms";
import { ComputeDashboard } from "../constructs/compute-dashboard";
import { EncryptionKey } from "../constructs/encryption-key";
import { InstanceRole } from "../constructs/instance-role";
import { InternalLoadBalancer } from "../constructs/internal-load-balancer";
import { OperatorKeyPair } from "../constructs/operator-key-pair";
import { PublicLoadBalancer } from "../constructs/public-load-balancer";
import { RegionalCertificate } from "../constructs/regional-certificate";
import { VolumeEncryptionKey } from "../constructs/volume-encryption-key";
import { COMPUTE_OUTPUTS } from "../contract/compute";
import { DATA_OUTPUTS } from "../contract/data";
import { NETWORK_OUTPUTS, NetworkOutputs } from "../contract/network";
import { publishOutputs } from "../contract/output-spec";
import { StackKind } from "../contract/state-location";
import { certificateNames } from "../lib/certificate-names";
import { s3UriToObjectArn } from "../lib/instance-policy";
import { architectureOf, defaultAmiParameter } from "../lib/machine-image";
import { accessLogBucketName, resourceName } from "../lib/naming";
import { dataClientTier, PORTS } from "../lib/security-rules";
import { bastionUserData } from "../templates/bastion-user-data";
import { EfsSource } from "../templates/boot-steps";
import { wasUserData } from "../templates/was-user-data";
import { webUserData } from "../templates/web-user-data";
import { dataStoreIds } from "../lib/data-store-ids";
import { drDatabaseInstances } from "../lib/dr";
import { EfsUtilsSource } from "../templates/boot-steps";
import { ORIGIN_VERIFY_HEADER, OriginVerifyValues } from "../constructs/origin-verify";
import { originVerifySecretName } from "../lib/site-names";
import { DatabaseSection } from "../config/sections/data";
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
    const tags = environmentTags(primary, this.kind);
    const client = dataClientTier(env);

    // Keys: EBS volumes, and the tiers' log groups.
    const volumeKey = new VolumeEncryptionKey(this, "volume-key", { account: env.account, region: env.region, alias: resourceName(env.name, "compute-volumes") });
    const logGroupPrefix = `/${env.name}/compute`;
    const logsKey = new EncryptionKey(this, "logs-key", {
      account: env.account,
      alias: resourceName(env.name, "compute-logs"),
      description: `Encrypts the instance logs of ${env.name}`,
      servicePrincipals: [
        logsKeyPrincipal(env.region, env.account, `${logGroupPrefix}/*`),
      ],
    });

    const keyPair = compute.sshPublicKey ? new OperatorKeyPair(this, "operators", { name: resourceName(env.name, "operators"), publicKey: compute.sshPublicKey }) : undefined;
    const efs: EfsSource = {
      fileSystemId: data.efs_id,
      accessPointIds: Fn.join(",", data.efs_access_point_ids),
      accessPointPaths: Fn.join(",", data.efs_access_point_paths),
    };

    // Public load balancer: certificate, access logs, listeners, WEB target group.
    const lbSettings = compute.loadBalancer;
    const certificate = new RegionalCertificate(this, "certificate", {
      domainNames: certificateNames(env.dns.domain, edgeSettings(env).dns.names, lbSettings.certificateNames),
      zoneId: net.zone_id,
      name: resourceName(env.name, "alb"),
      createValidationRecords: options.certificateValidationRecords ?? true,
    });
    const logs = new AlbLogBucket(this, "alb-logs", {
      envName: env.name,
      account: env.account,
      region: env.region,
      prefix: "alb",
      retentionDays: lbSettings.accessLogRetentionDays,
      accessLogBucket: accessLogBucketName(env.stateBucket, env.region),
    });
    const alb = new PublicLoadBalancer(this, "alb", {
      envName: env.name,
      vpcId: net.vpc_id,
      subnetIds: net.public_subnet_ids,
      securityGroupId: net.sg_alb_id,
      certificateArn: certificate.certificateArn,
      sslPolicy: lbSettings.sslPolicy,
      idleTimeoutSeconds: lbSettings.idleTimeoutSeconds,
      desyncMitigationMode: lbSettings.desyncMitigationMode,
      accessLogs: { bucket: logs.bucket.bucketName, prefix: logs.prefix },
      dependsOn: [logs.policy],
      targetGroup: compute.web.targetGroup,
      targetPort: WEB_PORT,
      // Behind CloudFront: only requests with this environment's origin secret (R1.4: no way around the web ACL).
      ...(edgeSettings(env).cdn
        ? {
            originVerify: {
              headerName: ORIGIN_VERIFY_HEADER,
              values: new OriginVerifyValues(this, "origin-verify", { secretName: originVerifySecretName(primary.name), acceptPrevious: true }).accepted,
            },
          }
        : {}),
    });
    this.publicLoadBalancer = alb;

    // Internal load balancer in front of WAS (R2.3).
    const internal = compute.was
      ? new InternalLoadBalancer(this, "internal-alb", {
          envName: env.name,
          vpcId: net.vpc_id,
          subnetIds: net.was_subnet_ids,
          securityGroupId: net.sg_internal_alb_id,
          port: PORTS.was,
          idleTimeoutSeconds: lbSettings.idleTimeoutSeconds,
          desyncMitigationMode: lbSettings.desyncMitigationMode,
          accessLogs: { bucket: logs.bucket.bucketName, prefix: logs.prefix },
          dependsOn: [logs.policy],
          targetGroup: compute.was.targetGroup,
        })
      : undefined;

    /** Role, log group, launch template and Auto Scaling group of one application tier. */
    const appTier = (tier: "web" | "was", section: AppTierSection, securityGroupId: string, subnetIds: string[], targetGroupArn: string, script: (logGroup: string) => string, artifacts: string[]) => {
      const name = resourceName(env.name, tier);
      const arch = architectureOf(section.instanceType);
      const usesEfs = section.efsMounts.length > 0 || section.efsLogArchivePath !== undefined;
      const logGroup = new AppLogGroup(this, `${tier}-logs`, { name: `${logGroupPrefix}/${tier}`, retentionDays: section.logRetentionDays, kmsKeyArn: logsKey.arn });
      const role = new InstanceRole(this, `${tier}-role`, {
        name,
        description: `${tier.toUpperCase()} instances of ${env.name}`,
        region: env.region,
        account: env.account,
        logGroupArns: [logGroup.arn],
        // The application's own database user through IAM authentication, never the master secret.
        ...(tier === client ? { dbConnectArns } : {}),
        ...(tier === client && env.data?.cache !== undefined
          ? { cache: { replicationGroupId: data.cache_replication_group_id, userId: data.cache_user_id } }
          : {}),
        ...(usesEfs ? { efsFileSystemId: data.efs_id } : {}),
        // A prebuilt EFS mount helper package (Ubuntu): exactly that object.
        artifactObjectArns: [...artifacts, ...(section.efsUtilsPackage !== undefined && typeof efsUtilsSource(section) === "object" && usesEfs ? [s3UriToObjectArn(section.efsUtilsPackage)] : [])],
      });
      const template = new AppLaunchTemplate(this, `${tier}-template`, {
        name,
        description: `${tier.toUpperCase()} instances of ${env.name}`,
        os: section.os,
        amiParameter: section.amiParameter ?? defaultAmiParameter(section.os, arch),
        instanceType: section.instanceType,
        instanceProfileArn: role.profile.arn,
        securityGroupIds: [securityGroupId],
        ...(keyPair ? { keyName: keyPair.keyName } : {}),
        volumeSizeGiB: section.volumeSizeGiB,
        kmsKeyArn: volumeKey.arn,
        userData: script(logGroup.name),
        instanceTags: { ...tags, Name: name, Role: tier },
      });
      const asg = new AppAutoScalingGroup(this, `${tier}-asg`, {
        name,
        subnetIds,
        launchTemplate: template.template,
        targetGroupArns: [targetGroupArn],
        minSize: section.minSize,
        maxSize: section.maxSize,
        desiredCapacity: section.desiredCapacity,
        healthCheckGracePeriodSeconds: section.healthCheckGracePeriodSeconds,
        cpuTargetPercent: section.cpuTargetPercent,
        instanceRefreshMinHealthyPercent: section.instanceRefreshMinHealthyPercent,
        scheduledActions: section.scheduledActions,
        instanceTags: { ...tags, Role: tier },
      });
      return { arch, asg };
    };

    const boot = (section: AppTierSection, logGroup: string) => ({
      region: env.region,
      os: section.os,
      arch: architectureOf(section.instanceType),
      logGroup,
      efs,
      efsMounts: section.efsMounts,
      ...(section.efsLogArchivePath !== undefined ? { efsLogArchivePath: section.efsLogArchivePath } : {}),
      efsUtils: efsUtilsSource(section),
    });

    /**
     * `rds-db:connect` ARNs of the application's database user: the primary (RDS) or the cluster
     * (Aurora) and each RDS read replica (a replica is its own IAM resource). The replica count
     * comes from the definition, the resource ids from the data stack's outputs.
     */
    const dbSection = dbSettingsOf(env);
    const dbUserArn = (resourceId: string) => `arn:aws:rds-db:${env.region}:${env.account}:dbuser:${resourceId}/${dbSection?.applicationUser}`;
    const dbConnectArns = dbSection
      ? [
          dbUserArn(data.db_iam_resource_id),
          ...(dbSection.engine === "mysql" ? dbSection.replicas.map((_, i) => dbUserArn(Token.asString(Fn.element(data.db_replica_iam_resource_ids, i)))) : []),
        ]
      : [];

    /** The largest upload the WAF lets through (edge.waf.uploads), in MiB; 1 without uploads (nginx's default). */
    const maxUploadMb = Math.max(1, ...edgeSettings(env).waf.uploads.map((u) => u.maxBodyMb));
    const web = appTier("web", compute.web, net.sg_web_id, net.web_subnet_ids, alb.targetGroup.arn, (logGroup) =>
      webUserData({
        ...boot(compute.web, logGroup),
        healthPath: compute.web.targetGroup.healthCheck.path,
        ...(internal ? { upstream: `http://${internal.lb.dnsName}:${PORTS.was}` } : {}),
        // The WAF lets upload paths through up to their size (edge.waf.uploads); nginx must too.
        maxBodyMb: maxUploadMb,
      }),
    []);

    const wasSection = compute.was;
    const was =
      wasSection && internal
        ? appTier(
            "was",
            wasSection,
            net.sg_was_id,
            net.was_subnet_ids,
            internal.targetGroup.arn,
            (logGroup) =>
              wasUserData({
                ...boot(wasSection, logGroup),
                healthPath: wasSection.targetGroup.healthCheck.path,
                javaOptions: wasSection.application.javaOptions,
                springProfiles: wasSection.application.springProfiles,
                ...(wasSection.application.artifactS3Uri ? { artifactS3Uri: wasSection.application.artifactS3Uri } : {}),
                settings: {
                  DB_WRITER_HOST: data.db_writer_endpoint,
                  DB_READER_HOST: data.db_reader_endpoint,
                  DB_PORT: data.db_port,
                  DB_NAME: data.db_name,
                  // IAM database authentication as the application's own user (a 15-minute token from
                  // rds generate-db-auth-token / the AWS JDBC wrapper), over TLS; no password, no master secret.
                  DB_USER: dbSettingsOf(env)?.applicationUser ?? "",
                  DB_AUTH: "iam",
                  REDIS_HOST: data.cache_primary_endpoint,
                  REDIS_READER_HOST: data.cache_reader_endpoint,
                  REDIS_PORT: data.cache_port,
                  MEDIA_BUCKET: data.media_bucket_name,
                  // Spring's multipart limits (1 MB per file by default) follow the WAF's upload size.
                  ...(maxUploadMb > 1
                    ? { SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE: `${maxUploadMb}MB`, SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE: `${maxUploadMb}MB` }
                    : {}),
                },
              }),
            wasSection.application.artifactS3Uri ? [s3UriToObjectArn(wasSection.application.artifactS3Uri)] : [],
          )
        : undefined;

    // Bastion (R0.9, R1.4, R2.1, R3.3): the network stack's group scopes where it may go.
    let bastionIp = "";
    let bastionIps: string[] = [];
    if (compute.bastion.enabled) {
      const b = compute.bastion;
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
        ...(keyPair ? { keyName: keyPair.keyName } : {}),
        volumeSizeGiB: b.volumeSizeGiB,
        kmsKeyArn: volumeKey.arn,
        userData: bastionUserData({ os: b.os, mysqlClient: env.network.bastionReaches.includes("db") }),
        instanceTags: { ...tags, Name: name, Role: "bastion" },
      });
      // The first bastion keeps the construct id `bastion` (its address is pinned); each further
      // one (R3.3: seed 003's second bastion in 2c) is `bastion-<az letter>`, in that AZ's public subnet.
      const firstAz = b.az ?? env.azs[0];
      if (firstAz === undefined) throw new Error(`${env.name}: no AZ for the bastion (azs is empty)`);
      const placements = [{ id: "bastion", az: firstAz }, ...b.additionalAzs.map((az) => ({ id: `bastion-${az.slice(-1)}`, az }))];
      bastionIps = placements.map((p, i) =>
        new BastionHost(this, p.id, {
          name: i === 0 ? name : `${name}-${p.az.slice(-1)}`,
          launchTemplate: template.template,
          subnetId: Token.asString(Fn.element(net.public_subnet_ids, Math.max(0, env.azs.indexOf(p.az)))),
        }).publicIp,
      );
      bastionIp = bastionIps[0] ?? "";
    }

    // Observability (R1.8, R3.10).
    const tiers = [
      { tier: "web", asgName: web.asg.group.name, targetGroupArnSuffix: alb.targetGroup.arnSuffix, loadBalancerArnSuffix: alb.lb.arnSuffix },
      ...(was && internal
        ? [{ tier: "was", asgName: was.asg.group.name, targetGroupArnSuffix: internal.targetGroup.arnSuffix, loadBalancerArnSuffix: internal.lb.arnSuffix }]
        : []),
    ];
    // The dashboard names this environment's own database instances and cache nodes (the DR
    // view's for dr-compute, whose standby may run fewer Aurora instances than the primary).
    const stores = dataStoreIds(env.name, env.data, options.site && env.data?.database?.engine === "aurora-mysql" ? drDatabaseInstances(primary) : undefined);
    new ComputeDashboard(this, "dashboard", { name: env.name, region: env.region, albArnSuffix: alb.lb.arnSuffix, tiers, dbInstances: stores.dbInstances, cacheNodes: stores.cacheNodes });
    new ComputeAlarms(this, "alarms", {
      envName: env.name,
      topicArn: data.alarm_topic_arn,
      albArnSuffix: alb.lb.arnSuffix,
      tiers,
      ...compute.alarms,
    });

    publishOutputs(this, COMPUTE_OUTPUTS, {
      alb_dns_name: alb.lb.dnsName,
      alb_zone_id: alb.lb.zoneId,
      alb_arn: alb.lb.arn,
      alb_arn_suffix: alb.lb.arnSuffix,
      internal_alb_dns_name: internal?.lb.dnsName ?? "",
      web_asg_name: web.asg.group.name,
      was_asg_name: was?.asg.group.name ?? "",
      bastion_public_ip: bastionIp,
      bastion_public_ips: bastionIps,
    });
  }
}
