/**
 * `docs/dr.md`: the disaster-recovery plan of every environment with a `dr`
 * section — the strategy, what the DR region holds, RPO and RTO per tier with
 * the AWS figures behind them, the failover, scale-up and failback runbook
 * with the exact commands, and what is not covered.
 *
 * Generated from the definition AND the synthesized stacks: every number the
 * document states about this platform (capacities, health check timings,
 * schedules, names) is read from the Terraform JSON, and generation fails when
 * an expected resource is missing, so the document cannot describe a DR setup
 * the code no longer builds. Deterministic: no timestamps, no paths.
 */
import { EnvironmentDefinition, Environment } from "../../config/definition";
import { validateDefinition } from "../../config/validate";
import { computeSettings } from "../../config/compute/schema";
import { dbMasterSecretName, drMediaBucketName, drName, drStackKinds, drVaultName } from "../../lib/dr";
import { resourceName } from "../../lib/naming";
import { code, md, table } from "./markdown";
import { synthesizeEnvironment, SynthesizedStacks } from "./synth";
import { TerraformIndex, TfResource } from "../../synthesized/terraform-index";
import { block, blocks, Body } from "../../synthesized/terraform-json";

/** Project-relative path of the generated file. */
export const DR_DOC = "docs/dr.md";

/**
 * AWS figures the objectives rest on, each with where AWS states it. Kept in
 * one place so the document and its tests quote the same numbers.
 */
export const AWS_FIGURES = {
  auroraGlobalLag: "Aurora global database: typical cross-region replication lag under 1 second (Aurora User Guide, \"Using Amazon Aurora global databases\")",
  auroraGlobalFailover: "managed cross-region failover of a global database promotes the secondary to read/write typically within a minute (AWS: RPO of 1 s, RTO under 1 min)",
  s3Rtc: "S3 Replication Time Control: 99.99 % of objects replicated within 15 minutes, backed by an SLA (S3 User Guide, \"Meeting compliance requirements with S3 RTC\")",
  s3NoRtc: "S3 Cross-Region Replication without RTC: most objects within 15 minutes, no stated bound",
  efsReplication: "EFS replication: designed for an RPO of 15 minutes for most file systems (EFS User Guide, \"Replication\")",
  backupCopy: "AWS Backup copies a recovery point to the destination vault after the backup job completes; the copy's duration grows with its size",
  route53Alias: "Route 53 alias records to a load balancer with evaluate-target-health: unhealthy when no registered target passes the target group health check; alias answers carry the load balancer's 60 s TTL",
  cloudFrontGroup: "CloudFront origin failover: per request, on the configured status codes or after the connection attempts time out (default 3 attempts x 10 s); only for GET, HEAD and OPTIONS",
  asgWarmup: "EC2 Auto Scaling: new instances serve after boot, user data and the ELB health check grace period",
} as const;

/** One Auto Scaling tier as synthesized. */
export interface TierFacts {
  readonly tier: "web" | "was";
  readonly dr: { readonly min: number; readonly desired: number; readonly max: number };
  readonly primary: { readonly min: number; readonly desired: number; readonly max: number };
  /** Seconds before ELB health checks count on a new instance. */
  readonly graceSeconds: number;
  /** Target group health check: seconds between checks and failures before unhealthy. */
  readonly healthInterval: number;
  readonly unhealthyThreshold: number;
}

/** What the synthesized stacks of one DR environment hold, as the document states it. */
export interface DrFacts {
  readonly env: Environment;
  /** DR stacks: name, state key, provider region, resource count. */
  readonly stacks: readonly { readonly name: string; readonly key: string; readonly region: string; readonly resources: number }[];
  /** The Aurora global database, when the database replicates live. */
  readonly database?: { readonly globalId: string; readonly drClusterId: string; readonly drInstances: number; readonly primaryInstances: number; readonly lagAlarmSeconds: number };
  readonly tiers: readonly TierFacts[];
  readonly cache: boolean;
  readonly files: boolean;
  /** The primary media bucket's DR rule. */
  readonly media?: { readonly bucket: string; readonly rtc: boolean; readonly storageClass: string };
  /** The primary backup plan's copy to the DR vault. */
  readonly backup?: { readonly schedule: string; readonly retentionDays: number; readonly vault: string };
  /** Route 53 failover records. */
  readonly failover?: { readonly fqdn: string };
  /** CloudFront's media origin group: failover status codes. */
  readonly mediaOriginGroup?: readonly number[];
  readonly cdn: boolean;
}

/** Resources of `type` in stack `stack` (empty when the stack or type is absent). */
function resourcesOf(ix: TerraformIndex, stack: string, type: string): TfResource[] {
  return ix.ofType(type).filter((r) => r.stack === stack);
}

/** The attributes of the one resource `type.name` of `stack`, or an error saying the document no longer matches the code. */
function one(ix: TerraformIndex, stack: string, type: string, name: string): Body {
  const r = ix.get(`${stack}/${type}.${name}`)?.attrs;
  if (!r) throw new Error(`docs/dr.md: ${stack} has no ${type}.${name}; the DR document describes resources the code no longer synthesizes (update src/tools/docs/dr.ts)`);
  return r;
}

const first = (v: unknown): Body => block(v) ?? {};

/** Read the {@link DrFacts} of `env` from its synthesized stacks. */
export function drFacts(env: Environment, s: SynthesizedStacks): DrFacts {
  const dr = env.dr;
  if (!dr) throw new Error(`${env.name} has no dr section`);
  const stack = (kind: string) => `${env.name}-${kind}`;
  const kinds = drStackKinds(env);
  const ix = new TerraformIndex(s.stacks);
  const stacks = kinds.map((kind) => {
    const json = s.stacks[stack(kind)];
    if (!json) throw new Error(`docs/dr.md: ${stack(kind)} was not synthesized`);
    const resources = ix.resources().filter((r) => r.stack === stack(kind)).length;
    const region = ix.region(stack(kind)) ?? "";
    return { name: stack(kind), key: String(first(first(json.terraform?.backend).s3).key ?? ""), region, resources };
  });

  const platform = kinds.includes("dr-compute");
  const compute = computeSettings(env);
  const tierFacts = (tier: "web" | "was"): TierFacts => {
    const drGroup = one(ix, stack("dr-compute"), "aws_autoscaling_group", `${tier}-asg`);
    const primaryGroup = one(ix, stack("compute"), "aws_autoscaling_group", `${tier}-asg`);
    const tg = tier === "web" ? one(ix, stack("dr-compute"), "aws_lb_target_group", "alb_web") : one(ix, stack("dr-compute"), "aws_lb_target_group", "internal-alb_was");
    const hc = first(tg.health_check);
    return {
      tier,
      dr: { min: Number(drGroup.min_size), desired: Number(drGroup.desired_capacity), max: Number(drGroup.max_size) },
      primary: { min: Number(primaryGroup.min_size), desired: Number(primaryGroup.desired_capacity), max: Number(primaryGroup.max_size) },
      graceSeconds: Number(drGroup.health_check_grace_period),
      healthInterval: Number(hc.interval),
      unhealthyThreshold: Number(hc.unhealthy_threshold),
    };
  };
  const tiers = platform ? [tierFacts("web"), ...(compute.was ? [tierFacts("was")] : [])] : [];

  let database: DrFacts["database"];
  const globalClusters = resourcesOf(ix, stack("dr-data"), "aws_rds_global_cluster");
  if (globalClusters.length > 0) {
    const cluster = one(ix, stack("dr-data"), "aws_rds_cluster", "database");
    const lag = one(ix, stack("dr-data"), "aws_cloudwatch_metric_alarm", "alarms_db-global-lag");
    database = {
      globalId: String(one(ix, stack("dr-data"), "aws_rds_global_cluster", "global-database").global_cluster_identifier),
      drClusterId: String(cluster.cluster_identifier),
      drInstances: resourcesOf(ix, stack("dr-data"), "aws_rds_cluster_instance").length,
      primaryInstances: resourcesOf(ix, stack("data"), "aws_rds_cluster_instance").length,
      lagAlarmSeconds: Number(lag.threshold) / 1000,
    };
  }

  let media: DrFacts["media"];
  if (env.data?.media) {
    const rules = blocks(one(ix, stack("data"), "aws_s3_bucket_replication_configuration", "media_replication").rule);
    const rule = rules.find((r) => r.id === "dr-copy");
    if (!rule) throw new Error("docs/dr.md: the media replication configuration has no dr-copy rule");
    const destination = first(rule.destination);
    media = { bucket: String(destination.bucket).replace(/^arn:aws:s3:::/, ""), rtc: first(destination.replication_time).status === "Enabled", storageClass: String(destination.storage_class) };
  }

  let backup: DrFacts["backup"];
  if (env.data?.backupPlan) {
    const rule = first(one(ix, stack("data"), "aws_backup_plan", "backup").rule);
    const copy = first(rule.copy_action);
    if (!copy.destination_vault_arn) throw new Error("docs/dr.md: the backup plan has no copy action to the DR vault");
    backup = { schedule: String(rule.schedule), retentionDays: Number(first(copy.lifecycle).delete_after), vault: String(copy.destination_vault_arn) };
  }

  const failoverRecord = ix.get(`${stack("dr-compute")}/aws_route53_record.failover_primary`)?.attrs;
  const failover = failoverRecord ? { fqdn: String(failoverRecord.name) } : undefined;
  const cdnDistribution = ix.get(`${stack("edge")}/aws_cloudfront_distribution.cdn`)?.attrs;
  const group = cdnDistribution ? first(cdnDistribution.origin_group) : {};
  const mediaOriginGroup = group.origin_id ? ((first(group.failover_criteria).status_codes ?? []) as number[]) : undefined;

  return {
    env,
    stacks,
    ...(database ? { database } : {}),
    tiers,
    cache: resourcesOf(ix, stack("dr-data"), "aws_elasticache_replication_group").length > 0,
    files: resourcesOf(ix, stack("dr-data"), "aws_efs_replication_configuration").length > 0,
    ...(media ? { media } : {}),
    ...(backup ? { backup } : {}),
    ...(failover ? { failover } : {}),
    ...(mediaOriginGroup ? { mediaOriginGroup } : {}),
    cdn: cdnDistribution !== undefined,
  };
}

/** One row of the RPO/RTO table. */
export interface Objective {
  readonly tier: string;
  readonly rpo: string;
  readonly rto: string;
  /** The figures and settings behind both. */
  readonly basis: string;
}

const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);
/** `1 instance`, `3 instances`. */
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Seconds until clients reach the DR load balancer after the primary's targets fail: detection + DNS TTL. */
export function trafficSwitchSeconds(t: Pick<TierFacts, "healthInterval" | "unhealthyThreshold">): number {
  return t.healthInterval * t.unhealthyThreshold + 60;
}

/** RPO and RTO per tier of a DR environment, from its facts. */
export function drObjectives(f: DrFacts): Objective[] {
  const dr = f.env.dr!;
  const strategy = dr.strategy;
  const rows: Objective[] = [];
  const web = f.tiers.find((t) => t.tier === "web");

  if (f.env.data?.database) {
    if (f.database) {
      const headless = f.database.drInstances === 0;
      rows.push({
        tier: "Database (Aurora global database)",
        rpo: "about 1 s (replication lag; alarmed above " + `${f.database.lagAlarmSeconds} s)`,
        rto: headless
          ? "add an instance to the headless DR cluster (dr.activate; instance creation takes minutes, typically 10-15 min: estimate), then the managed failover (about 1 min)"
          : "managed failover: about 1 min once an operator runs it (plus the time to decide)",
        basis: `${AWS_FIGURES.auroraGlobalLag}; ${AWS_FIGURES.auroraGlobalFailover}. DR cluster ${code(f.database.drClusterId)}: ${count(f.database.drInstances, "instance")} on standby, ${f.database.primaryInstances} once activated.`,
      });
    } else {
      rows.push({
        tier: "Database (restore from the DR vault)",
        rpo: f.backup ? `up to the backup interval (${code(f.backup.schedule)}: 24 h) plus the copy's duration` : "none: no backup plan copies the database",
        rto: "hours: restore the copied recovery point, rebuild network and compute in the DR region (estimate)",
        basis: `${AWS_FIGURES.backupCopy}.`,
      });
    }
  }
  if (f.media) {
    rows.push({
      tier: "Media (S3)",
      rpo: f.media.rtc ? "15 min for 99.99 % of objects (RTC SLA)" : "minutes, no stated bound (no RTC)",
      rto: f.mediaOriginGroup ? "none for reads: CloudFront retries the DR copy per request (up to 30 s on a timeout)" : "repoint the application to the DR bucket (its name is in the DR data outputs)",
      basis: `${f.media.rtc ? AWS_FIGURES.s3Rtc : AWS_FIGURES.s3NoRtc}; ${AWS_FIGURES.cloudFrontGroup}. DR copy ${code(f.media.bucket)} (${f.media.storageClass}, Object Lock as the primary's backup copy; deletions are not replicated).`,
    });
  }
  if (f.backup) {
    rows.push({
      tier: "Backups (AWS Backup copies)",
      rpo: `24 h (${code(f.backup.schedule)}) plus the copy's duration`,
      rto: "restore time of the recovery point (size-dependent: tens of minutes to hours; estimate)",
      basis: `${AWS_FIGURES.backupCopy}. Kept ${f.backup.retentionDays} days in ${code(f.backup.vault)}.`,
    });
  }
  if (f.files) {
    rows.push({
      tier: "Shared files (EFS replication)",
      rpo: "15 min for most file systems",
      rto: "minutes: dr.activate deletes the replication and the DR copy becomes writable",
      basis: `${AWS_FIGURES.efsReplication}.`,
    });
  }
  for (const t of f.tiers) {
    const detect = t.healthInterval * t.unhealthyThreshold;
    const warm = t.dr.desired > 0;
    rows.push({
      tier: `${t.tier.toUpperCase()} tier (Auto Scaling)`,
      rpo: "none (stateless)",
      rto: warm
        ? `${minutes(trafficSwitchSeconds(t))} to reach the DR load balancer (${count(t.dr.desired, "instance")} serving); ${minutes(t.graceSeconds)} more per scale-out to the primary's ${t.primary.desired} (dr.activate)`
        : `dr.activate, then boot + ${minutes(t.graceSeconds)} grace before the first instance serves (about ${minutes(t.graceSeconds + 120)}: estimate); traffic follows within ${minutes(trafficSwitchSeconds(t))}`,
      basis: `${AWS_FIGURES.asgWarmup}; detection ${t.healthInterval} s x ${t.unhealthyThreshold} = ${detect} s + 60 s DNS TTL. DR group ${t.dr.min}/${t.dr.desired}/${t.dr.max} (min/desired/max), primary ${t.primary.min}/${t.primary.desired}/${t.primary.max}.`,
    });
  }
  if (f.env.data?.cache) {
    rows.push({
      tier: "Cache (ElastiCache)",
      rpo: "none kept: the DR cache starts empty and the application refills it (cache-aside)",
      rto: f.cache ? "none: the DR cache runs; expect more database reads until it warms" : strategy === "backup-restore" ? "rebuilt with the platform" : "dr.activate creates it (ElastiCache creation takes minutes, typically 10-20 min: estimate)",
      basis: "A cache holds no data of record; the DR region's is sized down on standby (2 nodes) and takes the primary's node count once activated.",
    });
  }
  if (web && f.failover) {
    rows.push({
      tier: "Traffic (Route 53 failover)",
      rpo: "not applicable",
      rto: `automatic: ${minutes(trafficSwitchSeconds(web))} (detection ${web.healthInterval * web.unhealthyThreshold} s + TTL 60 s)`,
      basis: `${AWS_FIGURES.route53Alias}. ${code(f.failover.fqdn)}: PRIMARY the primary load balancer, SECONDARY the DR one${f.cdn ? "; CloudFront's dynamic origin" : "; the site's names alias it"}.`,
    });
  }
  return rows;
}

/** Names and commands every runbook section uses. */
interface RunbookContext {
  readonly f: DrFacts;
  readonly env: DrFacts["env"];
  readonly dr: NonNullable<DrFacts["env"]["dr"]>;
  readonly site: string;
  readonly drStacks: readonly string[];
  readonly deploy: (stacks: readonly string[]) => string;
  readonly platform: boolean;
  readonly drClusterArn: string;
  readonly primaryClusterArn: string;
}

/** The runbook of one DR environment, with its exact names and commands. */
function runbook(f: DrFacts): string[] {
  const env = f.env;
  const dr = env.dr!;
  const site = drName(env.name);
  const drStacks = f.stacks.map((s) => s.name);
  const c: RunbookContext = {
    f,
    env,
    dr,
    site,
    drStacks,
    deploy: (stacks) => `ENVIRONMENT=${env.name} npx cdktf deploy ${stacks.join(" ")}`,
    platform: drStacks.includes(`${env.name}-dr-compute`),
    drClusterArn: `arn:aws:rds:${dr.region}:${env.account}:cluster:${resourceName(site, "db")}`,
    primaryClusterArn: `arn:aws:rds:${env.region}:${env.account}:cluster:${resourceName(env.name, "db")}`,
  };
  return [...enablingSteps(c), ...failoverSteps(c), ...failbackSteps(c), ...drillSteps(c)];
}

/** Runbook: the first deployment with DR. */
function enablingSteps(c: RunbookContext): string[] {
  const { f, env, drStacks, deploy } = c;
  const out: string[] = [];
  out.push("### Enabling DR (first deployment)", "");
  out.push(
    `1. ${code(`${env.name}-dr-storage`)} first, alone: S3 refuses the primary's replication rule until the DR bucket exists, and the replicated secret needs the DR key.`,
    "",
    "   ```sh",
    `   ${deploy([`${env.name}-dr-storage`])}`,
    "   ```",
    "",
  );
  if (f.database) {
    out.push(
      `2. The primary data stack, with a new master password for this one apply (the global database needs a password RDS does not manage; it goes to the cluster and to ${code(dbMasterSecretName(env.name))} through write-only arguments, never to state). RDS deletes its managed secret; the next step gives the instances the new one.`,
      "",
      "   ```sh",
      "   export TF_VAR_db_master_password=\"$(aws secretsmanager get-random-password --password-length 40 --exclude-punctuation --query RandomPassword --output text)\"",
      `   ${deploy([`${env.name}-data`])}`,
      "   unset TF_VAR_db_master_password",
      "   ```",
      "",
      `3. Then the rest, in order (the compute stack refreshes its instances with the new secret ARN):`,
      "",
      "   ```sh",
      `   ${deploy([`${env.name}-compute`, ...drStacks.filter((s) => !s.endsWith("-dr-storage")), `${env.name}-edge`])}`,
      "   ```",
      "",
    );
  } else {
    out.push("2. Then the primary data stack (replication rule, copy action) and the rest:", "", "   ```sh", `   ${deploy([`${env.name}-data`, ...drStacks.filter((s) => !s.endsWith("-dr-storage")), `${env.name}-edge`])}`, "   ```", "");
  }
  if (f.media) {
    out.push(
      `Replication copies objects written after the rule exists; copy the existing media once with S3 Batch Replication (S3 console: the media bucket, Replication, "Create Batch Operations job" for existing objects, rule ${code("dr-copy")}).`,
      "",
    );
  }

  return out;
}

/** Runbook: failover when the primary region is lost. */
function failoverSteps(c: RunbookContext): string[] {
  const { f, env, dr, site, drStacks, deploy, platform, drClusterArn } = c;
  const out: string[] = [];
  out.push("### Failover: the primary region is lost", "");
  out.push(
    "Terraform state lives in the primary region's bucket: while that region is down, `cdktf` cannot run. Every step below is an `aws` CLI call in the DR region; the definition catches up afterwards (step 5).",
    "",
  );
  let step = 1;
  if (f.failover) {
    out.push(
      `${step++}. Traffic fails over by itself: ${code(f.failover.fqdn)} answers with the DR load balancer once the primary's has no healthy target. Check:`,
      "",
      "   ```sh",
      `   dig +short ${f.failover.fqdn}`,
      `   aws elbv2 describe-load-balancers --region ${dr.region} --names ${resourceName(site, "alb")} --query 'LoadBalancers[0].DNSName'`,
      "   ```",
      "",
    );
  }
  if (f.database) {
    if (f.database.drInstances === 0) {
      out.push(
        `${step++}. The DR cluster is headless: give it a writer first (the same instance ${code(`${env.name}-dr-data`)} creates once activated, so step 5 adopts it with \`terraform import\`):`,
        "",
        "   ```sh",
        `   aws rds create-db-instance --region ${dr.region} --db-instance-identifier ${resourceName(site, "db", 1)} --db-cluster-identifier ${resourceName(site, "db")} --engine aurora-mysql --db-instance-class ${env.dr?.database.instanceClass ?? env.data?.database?.instanceClass}`,
        `   aws rds wait db-instance-available --region ${dr.region} --db-instance-identifier ${resourceName(site, "db", 1)}`,
        "   ```",
        "",
      );
    }
    out.push(
      `${step++}. Promote the DR cluster (data written in the primary in the last ~second may be lost):`,
      "",
      "   ```sh",
      `   aws rds failover-global-cluster --region ${dr.region} --global-cluster-identifier ${f.database.globalId} \\`,
      `     --target-db-cluster-identifier ${drClusterArn} --allow-data-loss`,
      `   aws rds describe-global-clusters --region ${dr.region} --global-cluster-identifier ${f.database.globalId} --query 'GlobalClusters[0].GlobalClusterMembers'`,
      "   ```",
      "",
      `   The DR instances already point at the DR cluster's endpoints and read the replica of ${code(dbMasterSecretName(env.name))} in ${dr.region}.`,
      "",
    );
  }
  if (platform) {
    const tiers = f.tiers.map((t) => `   aws autoscaling update-auto-scaling-group --region ${dr.region} --auto-scaling-group-name ${resourceName(site, t.tier)} --min-size ${t.primary.min} --desired-capacity ${t.primary.desired}`);
    out.push(`${step++}. Scale the DR tiers to the primary's capacity (what ${code("dr.activate")} declares):`, "", "   ```sh", ...tiers, "   ```", "");
  }
  if (f.files) {
    out.push(
      `${step++}. Make the DR shared files writable (from the DR region, naming the DR file system; ${code("LOCAL_CONFIGURATION_ONLY")} only while the primary region does not answer):`,
      "",
      "   ```sh",
      `   aws efs delete-replication-configuration --region ${dr.region} --source-file-system-id <the DR file system id: terraform output efs_id of ${env.name}-dr-data> --deletion-mode LOCAL_CONFIGURATION_ONLY`,
      "   ```",
      "",
    );
  }
  out.push(
    `${step++}. When S3 in ${env.region} answers again, make the definition say what happened — ${code("dr: { activate: true }")} — and deploy the DR stacks (scale, instances, cache${f.files ? ", file replication removed" : ""}; ${f.database?.drInstances === 0 ? `first \`terraform import aws_rds_cluster_instance.database_1 ${resourceName(site, "db", 1)}\` in ${code(`cdktf.out/stacks/${env.name}-dr-data`)}; ` : ""}an operator may run this step without an outage, as the planned scale-up of a warm standby):`,
    "",
    "   ```sh",
    `   ${deploy(drStacks.filter((s) => !s.endsWith("-dr-storage")))}`,
    "   ```",
    "",
  );
  if (!platform) {
    out.push(
      "With backup-restore, the DR region holds data only. To serve from it: restore the database from the latest copied recovery point, then change `dr.strategy` to `pilot-light` with `activate: true` and deploy the DR stacks; until the restored cluster is imported, point the application at it by hand.",
      "",
      "```sh",
      `aws backup list-recovery-points-by-backup-vault --region ${dr.region} --backup-vault-name ${drVaultName(env.name)} --query 'sort_by(RecoveryPoints,&CreationDate)[-1]'`,
      `aws backup start-restore-job --region ${dr.region} --recovery-point-arn <arn from above> --iam-role-arn arn:aws:iam::${env.account}:role/${resourceName(env.name, "backup")} --metadata file://restore-metadata.json`,
      "```",
      "",
    );
  }

  return out;
}

/** Runbook: failback once the primary region is back. */
function failbackSteps(c: RunbookContext): string[] {
  const { f, env, dr, drStacks, deploy, primaryClusterArn } = c;
  const out: string[] = [];
  out.push("### Failback: the primary region is back", "");
  let step = 1;
  if (f.database) {
    out.push(
      `${step++}. Aurora rebuilds the old primary cluster as a secondary of ${code(f.database.globalId)} once its region is back; wait until it is, then switch over (planned, no data loss):`,
      "",
      "   ```sh",
      `   aws rds describe-global-clusters --region ${env.region} --global-cluster-identifier ${f.database.globalId} --query 'GlobalClusters[0].GlobalClusterMembers'`,
      `   aws rds switchover-global-cluster --region ${env.region} --global-cluster-identifier ${f.database.globalId} --target-db-cluster-identifier ${primaryClusterArn}`,
      "   ```",
      "",
    );
  }
  if (f.media) {
    out.push(
      `${step++}. Media uploaded in the DR region during the outage is not replicated back: copy it (new objects only) before traffic returns:`,
      "",
      "   ```sh",
      `   aws s3 sync s3://${drMediaBucketName(env)} s3://<the primary media bucket: terraform output media_bucket_name of ${env.name}-data> --source-region ${dr.region} --region ${env.region}`,
      "   ```",
      "",
    );
  }
  if (f.failover) {
    out.push(`${step++}. Traffic returns by itself: the PRIMARY record wins again as soon as the primary load balancer has a healthy target.`, "");
  }
  out.push(
    `${step++}. Set ${code("dr.activate")} back to ${code("false")} and deploy the DR stacks: the DR tiers return to standby capacity${f.database ? ", the extra DR instances are removed" : ""}${f.files ? "; shared files need a new replication from the primary (create it after copying back what changed in the DR copy)" : ""}.`,
    "",
    "   ```sh",
    `   ${deploy(drStacks.filter((s) => !s.endsWith("-dr-storage")))}`,
    "   ```",
    "",
  );

  return out;
}

/** Runbook: the quarterly drill. */
function drillSteps(c: RunbookContext): string[] {
  const { f, env, dr, drClusterArn, primaryClusterArn } = c;
  const out: string[] = [];
  out.push("### Drill (quarterly, without an outage)", "");
  if (f.database) {
    out.push(
      `- Switch the database over to ${dr.region} and back (planned: no data loss, writes pause for about a minute each way):`,
      "",
      "  ```sh",
      `  aws rds switchover-global-cluster --region ${dr.region} --global-cluster-identifier ${f.database.globalId} --target-db-cluster-identifier ${drClusterArn}`,
      `  aws rds switchover-global-cluster --region ${env.region} --global-cluster-identifier ${f.database.globalId} --target-db-cluster-identifier ${primaryClusterArn}`,
      "  ```",
      "",
    );
  }
  if (f.failover) {
    out.push(`- Fail the traffic over: scale the primary WEB tier to zero for a few minutes (its load balancer loses its healthy targets) and watch ${code(f.failover.fqdn)} move to the DR load balancer, then restore the tier's capacity.`, "");
  }
  if (f.backup) {
    out.push(`- Restore the latest recovery point from ${code(drVaultName(env.name))} into a scratch cluster in ${dr.region}, check it, delete it.`, "");
  }
  return out;
}

/** What the DR setup does not cover. */
function notCovered(f: DrFacts): string[] {
  const env = f.env;
  const items = [
    `Terraform state: every stack's state (the DR stacks' too) is in ${code(env.stateBucket)} in ${env.region}; during an outage of that region only the CLI steps above are possible. Replicating the state bucket to ${env.dr!.region} and switching the backend is not built.`,
    "Automatic database failover: the Aurora global database fails over when an operator runs the command (a regional failover trades the last second of writes for availability, a business decision).",
    "Write traffic during detection: until Route 53 moves traffic (about 1.5 min), requests to the primary fail; CloudFront fails media over per request, never POSTs.",
  ];
  if (f.cache) items.push("Cache contents: the DR cache starts empty (sessions kept only in the cache are lost).");
  if (f.media) items.push("Media written in the DR region does not flow back by itself (failback step), nor deletions in either direction (on purpose: the copies survive deletion).");
  if (env.network.datacenter) items.push("The datacenter VPN of the DR VPC is a second connection: the datacenter's device must be configured for it too.");
  items.push(
    "AWS Backup in the DR region after activation: the DR cluster keeps its automated backups (point-in-time recovery), but no AWS Backup plan runs there until the primary region is back.",
    "The CloudTrail trail and the vendor's read-only role are account-wide (edge stack) and need no DR copy; the CLOUDFRONT web ACL and certificates live in us-east-1, outside both regions.",
  );
  if (f.database) {
    items.push(
      `The master password is no longer rotated by RDS (a global database member cannot use RDS-managed passwords): rotate it by raising ${code("dr.database.masterPasswordVersion")} with a new ${code("TF_VAR_db_master_password")} and deploying ${code(`${env.name}-data`)}.`,
    );
  }
  return items.map((i) => `- ${i}`);
}

/** The section of one DR environment. */
function environmentSection(f: DrFacts): string[] {
  const env = f.env;
  const dr = env.dr!;
  const out: string[] = [`## ${env.name}: ${dr.strategy} in ${dr.region}${dr.activate ? " (activated: serving)" : ""}`, ""];
  out.push(
    table(
      ["", "Primary", "DR"],
      [
        ["Region", code(env.region), code(dr.region)],
        ["Availability zones", env.azs.map(code).join(", "), dr.azs.map(code).join(", ")],
        ["VPC", code(env.network.vpcCidr), code(dr.vpcCidr)],
        ["Names", code(`${env.name}-*`), code(`${drName(env.name)}-*`)],
      ],
    ),
    "",
    "### DR stacks",
    "",
    table(
      ["Stack", "Provider region", "State (bucket key)", "Resources"],
      f.stacks.map((s) => [code(s.name), code(s.region), code(s.key), String(s.resources)]),
    ),
    "",
    "### What the DR region holds",
    "",
  );
  const holds: string[] = [];
  if (f.database) {
    holds.push(
      `- Database: ${code(f.database.drClusterId)}, secondary of the Aurora global database ${code(f.database.globalId)} (created from the primary cluster, which is updated in place, not replaced), encrypted with the DR key ${code(`alias/${resourceName(drName(env.name), "db")}`)}; ${f.database.drInstances === 0 ? "headless (no instance billed)" : count(f.database.drInstances, "instance")}.`,
      `- Master secret: ${code(dbMasterSecretName(env.name))}, replicated by Secrets Manager to ${dr.region}.`,
    );
  }
  for (const t of f.tiers) holds.push(`- ${t.tier.toUpperCase()} tier: Auto Scaling group ${code(resourceName(drName(env.name), t.tier))} at ${t.dr.min}/${t.dr.desired}/${t.dr.max} (min/desired/max) behind its load balancer, from the same launch template code as the primary.`);
  if (f.cache) holds.push("- Cache: a replication group of its own (empty until used).");
  if (f.files) holds.push("- Shared files: a DR file system kept by EFS replication (read-only until activated).");
  if (f.media) holds.push(`- Media: ${code(f.media.bucket)}, replicated by the primary bucket's rule ${code("dr-copy")}${f.media.rtc ? " with Replication Time Control" : ""}${f.mediaOriginGroup ? `; CloudFront's media origin group fails over to it on ${f.mediaOriginGroup.join(", ")}` : ""}.`);
  if (f.backup) holds.push(`- Backups: vault ${code(drVaultName(env.name))}, receiving a copy of every recovery point of the primary plan (kept ${f.backup.retentionDays} days).`);
  if (f.failover) holds.push(`- Traffic: ${code(f.failover.fqdn)}, Route 53 failover records (PRIMARY → primary load balancer, SECONDARY → DR load balancer, both evaluating target health).`);
  out.push(...holds, "");

  out.push("### RPO and RTO per tier", "");
  const objectives = drObjectives(f);
  out.push(table(["Tier", "RPO", "RTO", "Basis"], objectives.map((o) => [md(o.tier), o.rpo, o.rto, o.basis])), "");
  out.push(
    `Scaling up is one change: ${code("dr: { activate: true }")} in the definition (src/environments/presets/${env.name}.ts), then deploy the DR stacks. It gives every DR tier the primary's capacity and scheduled actions and the DR database the primary's instance count.`,
    "",
  );
  out.push(...runbook(f));
  out.push("### Not covered", "", ...notCovered(f), "");
  return out;
}

/** Render `docs/dr.md` from the facts of every DR environment. */
export function renderDrDoc(all: readonly DrFacts[]): string {
  const out: string[] = [
    "<!-- GENERATED by `npm run docs:dr` from the environment definitions and their synthesized stacks. Do not edit: __tests__/tools/docs/dr-doc.test.ts fails when this file is stale. -->",
    "",
    "# Disaster recovery",
    "",
    "An environment with a `dr` section (src/config/dr/schema.ts) gets a second region built from the same definition and the",
    "same constructs: `<env>-dr-storage` (keys, the media's DR copy, the DR backup vault; deployed before `<env>-data`, reads no",
    "stack), and for pilot light and warm standby `<env>-dr-network`, `<env>-dr-data` (the Aurora global database's secondary)",
    "and `<env>-dr-compute` (Auto Scaling at zero or at standby capacity, Route 53 failover records). Their state is in the",
    "primary's state bucket under `<env>/dr-<kind>.tfstate`. Figures marked estimate are ours; the others are AWS's, quoted",
    "beside each row.",
    "",
    table(
      ["Strategy", "DR region holds", "Typical RPO", "Typical RTO"],
      [
        ["`backup-restore`", "copies of the data: recovery points, media", "24 h (database), 15 min (media)", "hours"],
        ["`pilot-light`", "live data (global database, headless), network, compute at zero", "about 1 s", "tens of minutes"],
        ["`warm-standby`", "live data, a running copy of every tier at standby capacity", "about 1 s", "minutes"],
      ],
    ),
    "",
  ];
  if (all.length === 0) out.push("No environment defines a `dr` section.", "");
  for (const f of all) out.push(...environmentSection(f));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/** Synthesize every definition with a `dr` section and render the document. */
export function generateDrDoc(definitions: readonly EnvironmentDefinition[]): string {
  const facts = definitions
    .filter((d) => d.dr !== undefined)
    .map((d) => drFacts(validateDefinition(d), synthesizeEnvironment(d.name, definitions)));
  return renderDrDoc(facts);
}
