/**
 * The DR stacks of an environment (R1.5, R1.7): `<env>-dr-storage`,
 * `<env>-dr-network`, `<env>-dr-data`, `<env>-dr-compute`, as synthesized for
 * media-commerce (warm standby) and variants of it: pilot light, backup-restore,
 * activated, with shared files, without a CDN.
 */
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { PRESETS } from "../../src/environments";
import { resources, StackJson, synthEnvironment, SynthesizedEnvironment, variant } from "../support/synth";
import { remote, Res } from "../support/stack-json";


const DEFS = {
  warm: mediaCommerce,
  pilot: variant(mediaCommerce, (d) => (d.dr.strategy = "pilot-light")),
  restore: variant(mediaCommerce, (d) => (d.dr.strategy = "backup-restore")),
  active: variant(mediaCommerce, (d) => (d.dr.activate = true)),
  files: variant(mediaCommerce, (d) => ((d.data.sharedFiles = { accessPoints: [{ path: "/static" }] }), (d.compute.web.efsMounts = ["/static"]))),
  activeFiles: variant(mediaCommerce, (d) => ((d.data.sharedFiles = { accessPoints: [{ path: "/static" }] }), (d.dr.activate = true))),
};
type Variant = keyof typeof DEFS;

let S: Record<Variant, SynthesizedEnvironment>;
beforeAll(() => {
  S = Object.fromEntries(Object.entries(DEFS).map(([k, d]) => [k, synthEnvironment(d)])) as Record<Variant, SynthesizedEnvironment>;
});

const json = (v: Variant, kind: string): StackJson => {
  const j = S[v].json[kind];
  if (!j) throw new Error(`${v} has no ${kind} stack; has ${Object.keys(S[v].json).join(", ")}`);
  return j;
};
const one = (v: Variant, kind: string, type: string, name: string): Res => {
  const r = resources(json(v, kind), type)[name];
  if (!r) throw new Error(`${v}/${kind}: ${type}.${name} not found; have ${Object.keys(resources(json(v, kind), type)).join(", ")}`);
  return r as Res;
};
const count = (v: Variant, kind: string, type: string) => Object.keys(resources(json(v, kind), type)).length;

describe("R1.7 DR stacks per strategy, in deployment order, with their own state and provider region", () => {
  it("warm standby and pilot light: dr-storage before data, then dr-network, dr-data, compute, dr-compute, edge", () => {
    for (const v of ["warm", "pilot"] as const) {
      expect(Object.keys(S[v].json)).toEqual(["state", "network", "dr-storage", "data", "dr-network", "dr-data", "compute", "dr-compute", "edge"]);
    }
  });

  it("backup-restore keeps only dr-storage; presets without dr have no DR stack", () => {
    expect(Object.keys(S.restore.json)).toEqual(["state", "network", "dr-storage", "data", "compute", "edge"]);
    for (const p of PRESETS.filter((x) => x.name !== mediaCommerce.name)) {
      expect(Object.keys(synthEnvironment(p).json).filter((k) => k.startsWith("dr-"))).toEqual([]);
    }
  });

  it.each(["dr-storage", "dr-network", "dr-data", "dr-compute"])("%s: provider in ap-northeast-1, state in the primary's bucket in ap-northeast-2 under media-commerce/<kind>.tfstate", (kind) => {
    const j = json("warm", kind);
    const providers = (j.provider as { aws: Res[] }).aws;
    expect(providers.find((p) => p.alias === undefined)).toMatchObject({ region: "ap-northeast-1", allowed_account_ids: ["222222222222"] });
    expect(providers.find((p) => p.alias === undefined)!.default_tags[0].tags).toMatchObject({ Environment: "media-commerce", Stack: kind });
    expect((j.terraform as Res).backend.s3).toMatchObject({ bucket: "media-commerce-tfstate-222222222222", key: `media-commerce/${kind}.tfstate`, region: "ap-northeast-2", encrypt: true });
  });

  it("dependencies order cdktf deploy: data after dr-storage, dr-data after data, edge after dr-compute (no cycle)", () => {
    const deps = (kind: string) => S.warm.stacks[kind]!.dependencies.map((d) => (d as any).node.id as string).sort();
    expect(deps("data")).toEqual(["media-commerce-dr-storage", "media-commerce-network"]);
    expect(deps("dr-storage")).toEqual([]);
    expect(deps("dr-data")).toEqual(["media-commerce-data", "media-commerce-dr-network", "media-commerce-dr-storage"]);
    expect(deps("dr-compute")).toEqual(["media-commerce-compute", "media-commerce-dr-data", "media-commerce-dr-network"]);
    expect(deps("edge")).toEqual(expect.arrayContaining(["media-commerce-dr-compute", "media-commerce-dr-storage"]));
  });

  it("X.1 remote state: DR stacks read the primary's and each other's, the primary data stack reads no DR stack", () => {
    const reads = (v: Variant, kind: string) => Object.keys((json(v, kind).data?.terraform_remote_state ?? {}) as Res).sort();
    expect(reads("warm", "dr-storage")).toEqual([]);
    expect(reads("warm", "dr-network")).toEqual(["network"]);
    expect(reads("warm", "dr-data")).toEqual(["data", "dr-network", "dr-storage"]);
    expect(reads("warm", "dr-compute")).toEqual(["compute", "dr-data", "dr-network"]);
    expect(reads("warm", "data")).toEqual(["network"]);
    expect(reads("warm", "edge")).toEqual(["compute", "data", "dr-storage", "network"]);
  });
});

describe("dr-storage: destinations of the continuous copies (R1.3, R1.7)", () => {
  it("the media copy: an exact, unique name, its DR key, versioned, Object Lock as the primary's backup copy, prevent_destroy", () => {
    expect(one("warm", "dr-storage", "aws_s3_bucket", "media")).toMatchObject({
      bucket: "media-commerce-media-222222222222-ap-northeast-1",
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(one("warm", "dr-storage", "aws_s3_bucket_server_side_encryption_configuration", "media_encryption").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.media-key.arn}",
    });
    expect(one("warm", "dr-storage", "aws_s3_bucket_object_lock_configuration", "media-lock").rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 30 } });
    expect(one("warm", "dr-storage", "aws_s3_bucket_versioning", "media").versioning_configuration).toEqual({ status: "Enabled" });
    // Behind CloudFront the edge stack writes the policy (one policy per bucket); the only policy
    // here is the DR region's access-log bucket's.
    expect(Object.keys(resources(json("warm", "dr-storage"), "aws_s3_bucket_policy"))).toEqual(["access-logs_bucket"]);
  });

  it("DR keys with rotation under <env>-dr-* aliases; the media key lets CloudFront of this account decrypt", () => {
    const aliases = Object.values(resources(json("warm", "dr-storage"), "aws_kms_alias")).map((a: Res) => a.name).sort();
    expect(aliases).toEqual(["alias/media-commerce-dr-backup", "alias/media-commerce-dr-db", "alias/media-commerce-dr-media"]);
    for (const k of Object.values(resources(json("warm", "dr-storage"), "aws_kms_key")) as Res[]) expect(k.enable_key_rotation).toBe(true);
    const policy = JSON.parse(one("warm", "dr-storage", "aws_kms_key", "media-key").policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"] }));
  });

  it("the DR backup vault: the name the primary's copy action targets, its own key, prevent_destroy", () => {
    expect(one("warm", "dr-storage", "aws_backup_vault", "backup")).toMatchObject({
      name: "media-commerce-dr-backup",
      kms_key_arn: "${aws_kms_key.backup-key.arn}",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("backup-restore needs no DR database key", () => {
    const aliases = Object.values(resources(json("restore", "dr-storage"), "aws_kms_alias")).map((a: Res) => a.name).sort();
    expect(aliases).toEqual(["alias/media-commerce-dr-backup", "alias/media-commerce-dr-media"]);
  });
});

describe("dr-network: the primary's network code on the DR view (R1.5)", () => {
  it("the DR VPC and a subnet per tier per DR AZ, named <env>-dr-*", () => {
    expect(one("warm", "dr-network", "aws_vpc", "vpc")).toMatchObject({ cidr_block: "10.21.0.0/16", tags: { Name: "media-commerce-dr-vpc" } });
    const subnets = Object.values(resources(json("warm", "dr-network"), "aws_subnet")) as Res[];
    expect(subnets).toHaveLength(12);
    expect(new Set(subnets.map((s) => s.availability_zone))).toEqual(new Set(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]));
    expect(one("warm", "dr-network", "aws_subnet", "vpc_public-a")).toMatchObject({ cidr_block: "10.21.0.0/24", map_public_ip_on_launch: false });
  });

  it("the same resources as the primary network stack (addresses per AZ letter), but no second hosted zone: the zone is the primary's", () => {
    // The primary's AZs a/b/c are the DR's a/c/d: compare addresses with the AZ letter replaced by its index.
    const letters = (kind: string) => (kind === "network" ? ["a", "b", "c"] : ["a", "c", "d"]);
    const addresses = (kind: string) =>
      Object.entries(json("warm", kind).resource ?? {})
        .flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`.replace(/([-_])([a-d])(?=$|[-_])/g, (m, sep: string, l: string) => (letters(kind).includes(l) ? `${sep}az${letters(kind).indexOf(l)}` : m))))
        // Rule ids name the region's CloudFront prefix list and the VPC CIDR.
        .map((a) => a.replace(/pl-[0-9a-f]+/, "pl-REGION").replace(/10-2[01]-0-0-16/, "VPC"))
        .sort();
    // The zone and what signs and logs it (HostedZone "dns") exist once, in the primary network stack.
    expect(addresses("dr-network")).toEqual(addresses("network").filter((a) => !/\.dns(_|$)/.test(a)));
    expect(addresses("network")).toContain("aws_route53_zone.dns");
    expect(json("warm", "dr-network").output?.zone_id?.value).toBe(remote("network", "zone_id"));
  });

  it("R1.4 the DR ALB admits HTTPS only from CloudFront's origin-facing prefix list of ap-northeast-1", () => {
    const rules = Object.values(resources(json("warm", "dr-network"), "aws_vpc_security_group_ingress_rule")) as Res[];
    const albIn = rules.filter((r) => r.security_group_id === "${aws_security_group.sg_alb.id}");
    expect(albIn).toEqual([expect.objectContaining({ prefix_list_id: "pl-58a04531", from_port: 443, to_port: 443 })]);
  });

  it("a NAT gateway per DR AZ and flow logs, as the primary", () => {
    expect(count("warm", "dr-network", "aws_nat_gateway")).toBe(3);
    expect(count("warm", "dr-network", "aws_flow_log")).toBe(1);
  });
});

describe("dr-data: the Aurora global database and the DR stores (R1.7, R1.9)", () => {
  it("the global database is created FROM the primary cluster, in the primary region, kept on destroy", () => {
    expect(one("warm", "dr-data", "aws_rds_global_cluster", "global-database")).toMatchObject({
      provider: "aws.primary",
      global_cluster_identifier: "media-commerce-global",
      source_db_cluster_identifier: remote("data", "db_arn"),
      force_destroy: true,
      deletion_protection: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ["source_db_cluster_identifier"] },
    });
    const primaryProvider = (json("warm", "dr-data").provider as { aws: Res[] }).aws.find((p) => p.alias === "primary");
    expect(primaryProvider).toMatchObject({ region: "ap-northeast-2", allowed_account_ids: ["222222222222"] });
  });

  it("the DR cluster joins it as secondary: DR key, DR subnets and group, no master user, password or database name", () => {
    const c = one("warm", "dr-data", "aws_rds_cluster", "database");
    expect(c).toMatchObject({
      cluster_identifier: "media-commerce-dr-db",
      engine: "aurora-mysql",
      global_cluster_identifier: "${aws_rds_global_cluster.global-database.global_cluster_identifier}",
      storage_encrypted: true,
      kms_key_id: remote("dr-storage", "db_kms_key_arn"),
      vpc_security_group_ids: [remote("dr-network", "sg_db_id")],
      deletion_protection: true,
      iam_database_authentication_enabled: true,
      skip_final_snapshot: true,
      lifecycle: { prevent_destroy: true, ignore_changes: ["engine_version", "replication_source_identifier"] },
    });
    for (const k of ["master_username", "manage_master_user_password", "master_password", "master_password_wo", "database_name", "final_snapshot_identifier"]) expect(c[k]).toBeUndefined();
    expect(c.depends_on).toContain("aws_rds_global_cluster.global-database");
  });

  it.each([
    ["pilot", 0, false],
    ["warm", 1, false],
    ["active", 3, true],
  ] as const)("R1.7 %s: %i DR instance(s), prevent_destroy %s (standby instances scale back down after a failback)", (v, n, protectedInstances) => {
    const instances = Object.values(resources(json(v, "dr-data"), "aws_rds_cluster_instance")) as Res[];
    expect(instances).toHaveLength(n);
    for (const i of instances) expect(i).toMatchObject({ instance_class: "db.r6g.large", lifecycle: { prevent_destroy: protectedInstances }, publicly_accessible: false });
    expect(instances.map((i) => i.availability_zone)).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"].slice(0, n));
  });

  it("the application's DR settings: the DR cluster's endpoints and the replica of the master secret in ap-northeast-1", () => {
    const out = json("warm", "dr-data").output!;
    expect(out.db_writer_endpoint!.value).toBe("${aws_rds_cluster.database.endpoint}");
    expect(out.db_reader_endpoint!.value).toBe("${aws_rds_cluster.database.reader_endpoint}");
    expect(out.db_master_secret_arn!.value).toBe(`\${replace(${remote("data", "db_master_secret_arn").slice(2, -1)}, ":ap-northeast-2:", ":ap-northeast-1:")}`);
    expect(out.media_bucket_name!.value).toBe(remote("dr-storage", "media_bucket_name"));
    expect(out.alarm_topic_arn!.value).toBe("${aws_sns_topic.alarm-topic.arn}");
  });

  it("R1.6 a warm standby runs a 2-node cache; a pilot light has none until activated", () => {
    expect(one("warm", "dr-data", "aws_elasticache_replication_group", "cache")).toMatchObject({ replication_group_id: "media-commerce-dr-cache", num_cache_clusters: 2 });
    expect(count("pilot", "dr-data", "aws_elasticache_replication_group")).toBe(0);
    expect(one("active", "dr-data", "aws_elasticache_replication_group", "cache").num_cache_clusters).toBe(3);
  });

  it("R1.8 the global database's replication lag (the RPO as it happens) alarms to the DR region's topic", () => {
    expect(one("warm", "dr-data", "aws_cloudwatch_metric_alarm", "alarms_db-global-lag")).toMatchObject({
      alarm_name: "media-commerce-dr-db-global-lag",
      namespace: "AWS/RDS",
      metric_name: "AuroraGlobalDBReplicationLag",
      dimensions: { DBClusterIdentifier: "media-commerce-dr-db" },
      threshold: 60000,
      alarm_actions: ["${aws_sns_topic.alarm-topic.arn}"],
    });
  });

  it("R1.7 shared files: a DR file system written by EFS replication from the primary, until activated", () => {
    expect(one("files", "dr-data", "aws_efs_file_system", "shared-files")).toMatchObject({
      creation_token: "media-commerce-dr-shared",
      encrypted: true,
      kms_key_id: remote("dr-storage", "efs_kms_key_arn"),
      protection: { replication_overwrite: "DISABLED" },
      lifecycle: { prevent_destroy: true },
    });
    expect(one("files", "dr-data", "aws_efs_replication_configuration", "file-replication")).toMatchObject({
      provider: "aws.primary",
      source_file_system_id: remote("data", "efs_id"),
      destination: { file_system_id: "${aws_efs_file_system.shared-files.id}", region: "ap-northeast-1" },
    });
    expect(count("activeFiles", "dr-data", "aws_efs_replication_configuration")).toBe(0);
    expect(one("activeFiles", "dr-data", "aws_efs_file_system", "shared-files").protection).toBeUndefined();
  });
});

describe("dr-compute: the primary's compute code on the DR view, capacity per strategy (R1.7)", () => {
  const group = (v: Variant, tier: string) => one(v, "dr-compute", "aws_autoscaling_group", `${tier}-asg`);

  it.each([
    ["pilot", 0, 0],
    ["warm", 1, 1],
    ["active", 3, 3],
  ] as const)("R1.7 %s: WEB and WAS groups at min %i, desired %i, the primary's maximum", (v, min, desired) => {
    for (const tier of ["web", "was"]) {
      expect(group(v, tier)).toMatchObject({ name: `media-commerce-dr-${tier}`, min_size: min, desired_capacity: desired, max_size: 12 });
    }
  });

  it("R1.6 scheduled sale capacity only once activated (a standby must not warm up for a sale)", () => {
    expect(count("warm", "dr-compute", "aws_autoscaling_schedule")).toBe(0);
    expect(count("pilot", "dr-compute", "aws_autoscaling_schedule")).toBe(0);
    expect(count("active", "dr-compute", "aws_autoscaling_schedule")).toBe(4);
  });

  it("the DR tiers read dr-network and dr-data, and their IAM roles are the DR view's (IAM names are global)", () => {
    expect(group("warm", "web").vpc_zone_identifier).toBe(remote("dr-network", "web_subnet_ids"));
    const roles = Object.values(resources(json("warm", "dr-compute"), "aws_iam_role")).map((r: Res) => r.name).sort();
    expect(roles).toEqual(["media-commerce-dr-bastion", "media-commerce-dr-was", "media-commerce-dr-web"]);
    expect(one("warm", "dr-compute", "aws_lb", "alb").name).toBe("media-commerce-dr-alb");
  });

  it("the DR certificate covers the site's names and waits for the primary's validation records (no second owner)", () => {
    expect(one("warm", "dr-compute", "aws_acm_certificate", "certificate")).toMatchObject({
      domain_name: "media-commerce.example.com",
      subject_alternative_names: ["www.media-commerce.example.com"],
    });
    expect(count("warm", "dr-compute", "aws_route53_record")).toBe(2); // the failover records only
    expect(one("warm", "dr-compute", "aws_acm_certificate_validation", "certificate").validation_record_fqdns).toBeUndefined();
  });

  it("R1.5 Route 53 failover: origin.<domain> answers PRIMARY the primary ALB, SECONDARY the DR ALB, both on target health", () => {
    expect(one("warm", "dr-compute", "aws_route53_record", "failover_primary")).toMatchObject({
      zone_id: remote("dr-network", "zone_id"),
      name: "origin.media-commerce.example.com",
      type: "A",
      set_identifier: "primary",
      failover_routing_policy: { type: "PRIMARY" },
      alias: { name: remote("compute", "alb_dns_name"), zone_id: remote("compute", "alb_zone_id"), evaluate_target_health: true },
    });
    expect(one("warm", "dr-compute", "aws_route53_record", "failover_secondary")).toMatchObject({
      name: "origin.media-commerce.example.com",
      set_identifier: "secondary",
      failover_routing_policy: { type: "SECONDARY" },
      alias: { name: "${aws_lb.alb.dns_name}", zone_id: "${aws_lb.alb.zone_id}", evaluate_target_health: true },
    });
  });

  it("R1.8 the DR alarms notify the DR region's topic", () => {
    for (const a of Object.values(resources(json("warm", "dr-compute"), "aws_cloudwatch_metric_alarm")) as Res[]) {
      expect(a.alarm_actions).toEqual([remote("dr-data", "alarm_topic_arn")]);
    }
  });
});
