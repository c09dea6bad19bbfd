/**
 * The data builder: RDS instances and replicas, Aurora clusters (with their
 * instances and global database), ElastiCache, EFS (with replication), S3
 * buckets (with replication and the load balancers' access logs) and AWS
 * Backup vaults (with what they back up and where they copy to).
 */
import { blocks, TfResource } from "../../../synthesized/terraform-index";
import type { Canvas } from "./canvas";
import { targetNodes } from "./targets";

/** Draw every data store; runs after the compute builder (access-log edges start at its load balancers). */
export function drawData(c: Canvas): void {
  drawDbInstances(c);
  drawAuroraClusters(c);
  drawAuroraGlobalDatabases(c);
  drawCaches(c);
  drawFileSystems(c);
  drawBuckets(c);
  drawBackups(c);
}

function subnetGroupSubnets(c: Canvas, r: TfResource, value: unknown, type: string): string[] {
  return c.ix.refsOfType(r.stack, value, type).flatMap((g) => c.subnetRefs(g, g.attrs.subnet_ids));
}

function inAz(c: Canvas, subnets: readonly string[], az: string | undefined): string[] {
  return az ? subnets.filter((s) => c.subnets.get(s)?.az === az) : [...subnets];
}

/** RDS instances, placed in their AZ's subnet when pinned to one, and their replication. */
function drawDbInstances(c: Canvas): void {
  const dbInstances = c.ix.ofType("aws_db_instance");
  // A same-region replica names no subnet group: it lives in its source's.
  const groupOf = (db: TfResource, depth = 0): string[] => {
    const own = subnetGroupSubnets(c, db, db.attrs.db_subnet_group_name, "aws_db_subnet_group");
    if (own.length > 0 || depth > 3) return own;
    const source = c.ix.refsOfType(db.stack, db.attrs.replicate_source_db, "aws_db_instance")[0];
    return source ? groupOf(source, depth + 1) : [];
  };
  for (const db of dbInstances) {
    const groupSubnets = groupOf(db);
    const az = c.lit(db, db.attrs.availability_zone);
    const multiAz = c.lit(db, db.attrs.multi_az) === "true";
    const replica = db.attrs.replicate_source_db !== undefined;
    const subnets = inAz(c, groupSubnets, az);
    const lines = [`RDS ${c.lit(db, db.attrs.engine) ?? ""}`.trim(), c.lit(db, db.attrs.identifier) ?? c.name(db), multiAz ? "Multi-AZ" : replica ? "read replica" : "single-AZ"];
    const id = c.addNode(db, c.resourceKey(db), lines, "cylinder", "data", subnets.length > 0 ? c.placement(subnets, db.stack) : c.regionGroup(db.stack));
    if (!az || subnets.length > 1) c.placementEdges(id, subnets);
  }
  for (const db of dbInstances) {
    for (const source of c.ix.refs(db.stack, db.attrs.replicate_source_db)) c.edge(c.nodeOf.get(source), c.nodeOf.get(db.id), "flow", "replication");
  }
}

/** Aurora (or RDS) clusters in their VPC, each instance in its AZ, and cluster replication. */
function drawAuroraClusters(c: Canvas): void {
  for (const cluster of c.ix.ofType("aws_rds_cluster")) {
    const subnets = subnetGroupSubnets(c, cluster, cluster.attrs.db_subnet_group_name, "aws_db_subnet_group");
    const engine = c.lit(cluster, cluster.attrs.engine) ?? "";
    const lines = [engine.startsWith("aurora") ? `Aurora ${engine.replace(/^aurora-?/, "") || "MySQL"} cluster` : `RDS ${engine} cluster`, c.lit(cluster, cluster.attrs.cluster_identifier) ?? c.name(cluster), "writer + reader endpoints"];
    const group = subnets.length > 0 ? c.subnets.get(subnets[0])!.vpcGroup : c.regionGroup(cluster.stack);
    const id = c.addNode(cluster, c.resourceKey(cluster), lines, "cylinder", "data", group);
    for (const source of [...c.ix.refs(cluster.stack, cluster.attrs.replication_source_identifier)]) c.edge(c.nodeOf.get(source), id, "flow", "replication");
    for (const inst of c.ix.ofType("aws_rds_cluster_instance").filter((i) => c.ix.refs(i.stack, i.attrs.cluster_identifier).includes(cluster.id))) {
      const az = c.lit(inst, inst.attrs.availability_zone);
      const placed = inAz(c, subnets, az);
      const node = c.addNode(inst, c.resourceKey(inst), ["Aurora instance", c.lit(inst, inst.attrs.identifier) ?? c.name(inst)], "cylinder", "data", az && placed.length > 0 ? c.placement(placed, inst.stack) : group);
      c.edge(id, node, "placement");
    }
  }
}

/** Aurora global databases, in the global group, linked to their member clusters. */
function drawAuroraGlobalDatabases(c: Canvas): void {
  for (const g of c.ix.ofType("aws_rds_global_cluster")) {
    const id = c.addNode(g, c.resourceKey(g), ["Aurora global database", c.lit(g, g.attrs.global_cluster_identifier) ?? c.name(g)], "cylinder", "data", c.edgeGroup());
    // Members: the source cluster it was created from, and clusters naming it (by reference, or by its identifier,
    // which a secondary cluster in another region's stack writes as a literal).
    const identifier = c.lit(g, g.attrs.global_cluster_identifier);
    const members = [
      ...c.ix.refsOfType(g.stack, g.attrs.source_db_cluster_identifier, "aws_rds_cluster"),
      ...c.ix.ofType("aws_rds_cluster").filter((cluster) => c.ix.refs(cluster.stack, cluster.attrs.global_cluster_identifier).includes(g.id) || (identifier !== undefined && c.lit(cluster, cluster.attrs.global_cluster_identifier) === identifier)),
    ];
    for (const cluster of members) c.edge(id, c.nodeOf.get(cluster.id), "placement");
  }
}

/** ElastiCache replication groups. */
function drawCaches(c: Canvas): void {
  for (const rg of c.ix.ofType("aws_elasticache_replication_group")) {
    const subnets = subnetGroupSubnets(c, rg, rg.attrs.subnet_group_name, "aws_elasticache_subnet_group");
    const nodes = c.lit(rg, rg.attrs.num_cache_clusters);
    const lines = [
      `ElastiCache ${c.lit(rg, rg.attrs.engine) ?? ""}`.trim(),
      c.lit(rg, rg.attrs.replication_group_id) ?? c.name(rg),
      [nodes ? `${nodes} nodes` : "", c.lit(rg, rg.attrs.multi_az_enabled) === "true" ? "Multi-AZ" : ""].filter(Boolean).join(", "),
    ];
    const id = c.addNode(rg, c.resourceKey(rg), lines, "cylinder", "data", c.placement(subnets, rg.stack));
    c.placementEdges(id, subnets);
  }
}

/** EFS file systems in the subnets of their mount targets, and their replication. */
function drawFileSystems(c: Canvas): void {
  for (const fs of c.ix.ofType("aws_efs_file_system")) {
    const targets = c.ix.ofType("aws_efs_mount_target").filter((m) => c.ix.refs(m.stack, m.attrs.file_system_id).includes(fs.id));
    const subnets = targets.flatMap((m) => c.subnetRefs(m, m.attrs.subnet_id));
    const encrypted = c.lit(fs, fs.attrs.encrypted) === "true";
    const id = c.addNode(fs, c.resourceKey(fs), ["EFS file system", c.name(fs), `${encrypted ? "encrypted, " : ""}${targets.length} mount targets`], "cylinder", "data", c.placement(subnets, fs.stack));
    c.placementEdges(id, subnets);
    c.mountTargets.set(fs.id, targets.map((t) => t.id));
  }

  // EFS replication (to a DR file system, read from the DR stack or through remote state).
  for (const rep of c.ix.ofType("aws_efs_replication_configuration")) {
    const sources = c.ix.refsOfType(rep.stack, rep.attrs.source_file_system_id, "aws_efs_file_system");
    const destination = blocks(rep.attrs.destination)[0] ?? {};
    const targets = c.ix.refsOfType(rep.stack, destination.file_system_id, "aws_efs_file_system");
    for (const s of sources) for (const t of targets) c.edge(c.nodeOf.get(s.id), c.nodeOf.get(t.id), "flow", "replication");
  }
}

/** S3 buckets in their region, their replication, and the load balancers' access logs into them. */
function drawBuckets(c: Canvas): void {
  for (const b of c.ix.ofType("aws_s3_bucket")) {
    const name = c.lit(b, b.attrs.bucket) ?? (c.lit(b, b.attrs.bucket_prefix) ? `${c.lit(b, b.attrs.bucket_prefix)}…` : b.name);
    c.addNode(b, c.resourceKey(b), ["S3 bucket", name], "cylinder", "data", c.regionGroup(b.stack));
  }
  for (const rep of c.ix.ofType("aws_s3_bucket_replication_configuration")) {
    const source = c.ix.refsOfType(rep.stack, rep.attrs.bucket, "aws_s3_bucket")[0];
    for (const rule of blocks(rep.attrs.rule)) {
      for (const dest of targetNodes(c, rep, blocks(rule.destination)[0]?.bucket)) c.edge(c.nodeOf.get(source?.id ?? ""), dest, "flow", "replication");
    }
  }
  for (const l of c.pendingLogs) {
    for (const b of c.ix.refsOfType(l.stack, l.value, "aws_s3_bucket")) c.edge(l.from, c.nodeOf.get(b.id), "flow", "access logs");
  }
}

/** AWS Backup vaults, what their selections back up into them, and their copies to other vaults. */
function drawBackups(c: Canvas): void {
  for (const v of c.ix.ofType("aws_backup_vault")) {
    c.addNode(v, c.resourceKey(v), ["AWS Backup vault", c.lit(v, v.attrs.name) ?? v.name], "cylinder", "data", c.regionGroup(v.stack));
  }
  const vaultsOf = (plan: TfResource) => blocks(plan.attrs.rule).flatMap((r) => c.ix.refsOfType(plan.stack, r.target_vault_name, "aws_backup_vault"));
  for (const sel of c.ix.ofType("aws_backup_selection")) {
    const plan = c.ix.refsOfType(sel.stack, sel.attrs.plan_id, "aws_backup_plan")[0];
    if (!plan) continue;
    for (const target of c.ix.refs(sel.stack, sel.attrs.resources)) {
      for (const v of vaultsOf(plan)) c.edge(c.nodeOf.get(target), c.nodeOf.get(v.id), "flow", "backup");
    }
  }
  // Copies of the recovery points (to another region's vault: an ARN written as a literal).
  for (const plan of c.ix.ofType("aws_backup_plan")) {
    for (const rule of blocks(plan.attrs.rule)) {
      const vaults = c.ix.refsOfType(plan.stack, rule.target_vault_name, "aws_backup_vault");
      for (const copy of blocks(rule.copy_action)) {
        for (const dest of targetNodes(c, plan, copy.destination_vault_arn)) {
          for (const v of vaults) c.edge(c.nodeOf.get(v.id), dest, "flow", "copy");
        }
      }
    }
  }
}
