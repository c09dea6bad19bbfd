/**
 * The Mermaid diagram, checked against the synthesized JSON of each preset
 * (read independently here) and against the seeds' own numbers where a seed
 * gives them; a disaster-recovery stack added to the JSON appears in its own
 * region.
 */
import { buildDiagram, Diagram, DiagramEdge, DiagramNode, renderMermaid } from "../../../src/tools/docs/diagram";
import { synthesizeEnvironment } from "../../../src/tools/docs/synth";
import { TerraformJson } from "../../../src/synthesized/terraform-index";
import { PRESETS } from "../../../src/environments";

const NAMES = PRESETS.map((p) => p.name);
const stacks: Record<string, Record<string, TerraformJson>> = {};
const diagrams: Record<string, Diagram> = {};

beforeAll(() => {
  for (const name of NAMES) {
    stacks[name] = { ...synthesizeEnvironment(name, PRESETS).stacks };
    diagrams[name] = buildDiagram(name, stacks[name]);
  }
});

type Res = Record<string, any>;
const resources = (name: string, stack: string, type: string): Record<string, Res> => (stacks[name][`${name}-${stack}`]?.resource?.[type] ?? {}) as Record<string, Res>;
const nodeFor = (d: Diagram, resourceId: string): DiagramNode | undefined => d.nodes.find((n) => n.resource === resourceId);
const groupLabel = (d: Diagram, id: string | undefined) => d.groups.find((g) => g.id === id)?.label;
const parentOf = (d: Diagram, id: string | undefined) => d.groups.find((g) => g.id === id)?.parent;
const edgesFrom = (d: Diagram, from: string | undefined, kind?: DiagramEdge["kind"]) => d.edges.filter((e) => e.from === from && (!kind || e.kind === kind));
const text = (n: DiagramNode | undefined) => n?.lines.join(" | ") ?? "";

describe.each(NAMES)("%s diagram", (name) => {
  const d = () => diagrams[name];

  it("puts every subnet of every stack, with its CIDR, in its AZ inside its VPC inside its region (dr- stacks in the DR region)", () => {
    const all = Object.entries(stacks[name]).flatMap(([stack, json]) => Object.entries((json.resource?.aws_subnet ?? {}) as Record<string, Res>).map(([logical, s]) => ({ stack, logical, s })));
    expect(all.length).toBeGreaterThan(0);
    for (const { stack, logical, s } of all) {
      const n = nodeFor(d(), `${stack}/aws_subnet.${logical}`);
      expect(n).toBeDefined();
      expect(n!.lines).toEqual([`${s.tags.Tier} subnet`, s.cidr_block]);
      expect(groupLabel(d(), n!.group)).toBe(s.availability_zone);
      const vpc = parentOf(d(), n!.group);
      expect(groupLabel(d(), vpc)).toMatch(/^VPC .* \d+\.\d+\.\d+\.\d+\/\d+$/);
      const region = (json: TerraformJson) => ((json.provider as any)?.aws ?? []).find((p: any) => p.alias === undefined)?.region;
      expect(groupLabel(d(), parentOf(d(), vpc))).toBe(/(^|-)dr-/.test(stack) ? `${region(stacks[name][stack])}: disaster recovery (dr- stacks)` : `${region(stacks[name][stack])}: primary region`);
    }
  });

  it("has one AZ subgraph per availability zone of the definition in the primary region", () => {
    const primary = d().groups.find((g) => g.label.endsWith(": primary region"))!;
    const azs = d()
      .groups.filter((g) => /^[a-z]{2}-[a-z]+-\d[a-z]$/.test(g.label) && parentOf(d(), g.parent) === primary.id)
      .map((g) => g.label)
      .sort();
    expect(azs).toEqual([...PRESETS.find((p) => p.name === name)!.azs].sort());
  });

  it("routes public subnets to the internet gateway and private subnets to a NAT device of their own AZ (web-was: the single NAT gateway, R2.8)", () => {
    const igw = nodeFor(d(), `${name}-network/aws_internet_gateway.vpc_igw`)!;
    expect(igw).toBeDefined();
    expect(d().edges).toContainEqual({ from: "n_internet", to: igw.id, kind: "link" });
    for (const [logical, s] of Object.entries(resources(name, "network", "aws_subnet"))) {
      const n = nodeFor(d(), `${name}-network/aws_subnet.${logical}`)!;
      const targets = edgesFrom(d(), n.id, "flow").map((e) => d().nodes.find((x) => x.id === e.to)!);
      if (s.tags.Tier === "public") {
        expect(targets.map((t) => t.id)).toContain(igw.id);
      } else {
        const nat = targets.find((t) => t.lines[0].startsWith("NAT"));
        expect(nat).toBeDefined();
        expect(groupLabel(d(), nat!.group)).toBe(name === "web-was" ? "ap-northeast-2a" : s.availability_zone);
      }
    }
  });

  it("draws the public ALB forwarding HTTPS to the web Auto Scaling group, placed in the web subnets read through remote state", () => {
    const alb = nodeFor(d(), `${name}-compute/aws_lb.alb`)!;
    const web = nodeFor(d(), `${name}-compute/aws_autoscaling_group.web-asg`)!;
    expect(alb.lines[0]).toBe("internet-facing ALB");
    expect(d().edges).toContainEqual({ from: alb.id, to: web.id, kind: "flow", label: "HTTPS:443 → HTTP:80" });
    const webSubnets = Object.entries(resources(name, "network", "aws_subnet"))
      .filter(([, s]) => s.tags.Tier === "web")
      .map(([logical]) => nodeFor(d(), `${name}-network/aws_subnet.${logical}`)!.id)
      .sort();
    expect(edgesFrom(d(), web.id, "placement").map((e) => e.to).sort()).toEqual(webSubnets);
    const publicSubnets = Object.entries(resources(name, "network", "aws_subnet"))
      .filter(([, s]) => s.tags.Tier === "public")
      .map(([logical]) => nodeFor(d(), `${name}-network/aws_subnet.${logical}`)!.id)
      .sort();
    expect(edgesFrom(d(), alb.id, "placement").map((e) => e.to).sort()).toEqual(publicSubnets);
  });

  it("shows the bastion in a public subnet with its Elastic IP, and the DNS zone aliasing the site", () => {
    const bastion = nodeFor(d(), `${name}-compute/aws_instance.bastion`)!;
    expect(text(bastion)).toContain("EIP aws_eip.bastion_ip");
    const placed = edgesFrom(d(), bastion.id, "placement").map((e) => d().nodes.find((n) => n.id === e.to)!);
    expect(placed.map((n) => n.lines[0])).toEqual(["public subnet"]);
    const zone = nodeFor(d(), `${name}-network/aws_route53_zone.dns`)!;
    expect(groupLabel(d(), zone.group)).toBe("Global: DNS, CDN and WAF");
    const site = PRESETS.find((p) => p.name === name)!.dns.domain;
    const aliases = edgesFrom(d(), zone.id, "flow").map((e) => e.label ?? "");
    expect(aliases.length).toBeGreaterThan(0);
    for (const a of aliases) expect(a).toMatch(/^alias A/);
    expect(aliases.some((a) => a.includes(`A ${site}`) || a.includes(`AAAA ${site}`))).toBe(true);
  });

  it("draws every data store the data stack synthesizes", () => {
    const expected = [
      ...Object.keys(resources(name, "data", "aws_db_instance")).map((n) => `aws_db_instance.${n}`),
      ...Object.keys(resources(name, "data", "aws_rds_cluster")).map((n) => `aws_rds_cluster.${n}`),
      ...Object.keys(resources(name, "data", "aws_elasticache_replication_group")).map((n) => `aws_elasticache_replication_group.${n}`),
      ...Object.keys(resources(name, "data", "aws_efs_file_system")).map((n) => `aws_efs_file_system.${n}`),
      ...Object.keys(resources(name, "data", "aws_s3_bucket")).map((n) => `aws_s3_bucket.${n}`),
    ];
    expect(expected.length).toBeGreaterThan(0);
    for (const address of expected) expect(nodeFor(d(), `${name}-data/${address}`)?.shape).toBe("cylinder");
  });

  it("renders valid Mermaid: declared unique ids, balanced subgraphs, quoted labels without raw quotes", () => {
    const mermaid = renderMermaid(d());
    const lines = mermaid.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart TB");
    const declared = new Set<string>();
    let depth = 0;
    for (const line of lines.slice(1)) {
      const t = line.trim();
      const sub = /^subgraph ([A-Za-z_][A-Za-z0-9_]*)\["([^"]*)"\]$/.exec(t);
      const node = /^([A-Za-z_][A-Za-z0-9_]*)(\[\(|\(\(|\(\[|\[\[|\{\{|\[|\()"([^"]*)"(\)\]|\)\)|\]\)|\]\]|\}\}|\]|\))$/.exec(t);
      const edge = /^([A-Za-z_][A-Za-z0-9_]*) (-->|-\.-|-\.->|<-->)(?:\|"([^"]*)"\|)? ([A-Za-z_][A-Za-z0-9_]*)$/.exec(t);
      if (sub) {
        expect(declared.has(sub[1])).toBe(false);
        declared.add(sub[1]);
        depth++;
      } else if (t === "end") depth--;
      else if (node) {
        expect(declared.has(node[1])).toBe(false);
        declared.add(node[1]);
      } else if (edge) {
        expect(declared.has(edge[1]) && declared.has(edge[4])).toBe(true);
      } else expect(t).toMatch(/^(classDef [a-z]+ [^"]+|class [A-Za-z0-9_,]+ [a-z]+)$/);
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it("is deterministic", () => {
    expect(renderMermaid(buildDiagram(name, stacks[name]))).toBe(renderMermaid(d()));
  });
});

describe("what the seeds state, as drawn", () => {
  it("buddyverse: per AZ one public, one web and one db subnet with the seed's CIDRs", () => {
    const d = diagrams.buddyverse;
    const inAz = (az: string) =>
      d.nodes
        .filter((n) => groupLabel(d, n.group) === az && n.lines[0].endsWith("subnet"))
        .map((n) => n.lines.join(" "))
        .sort();
    expect(inAz("ap-northeast-2a")).toEqual(["db subnet 172.31.12.0/24", "public subnet 172.31.10.0/24", "web subnet 172.31.11.0/24"]);
    expect(inAz("ap-northeast-2c")).toEqual(["db subnet 172.31.22.0/24", "public subnet 172.31.20.0/24", "web subnet 172.31.21.0/24"]);
    expect(groupLabel(d, parentOf(d, d.nodes.find((n) => n.lines[1] === "172.31.10.0/24")!.group))).toBe("VPC buddyverse-vpc 172.31.0.0/16");
  });

  it("buddyverse: NAT instances with their Elastic IPs, the database primary in 2a replicating to the replica in 2c", () => {
    const d = diagrams.buddyverse;
    const natA = nodeFor(d, "buddyverse-network/aws_network_interface.nat_eni-a")!;
    expect(natA.lines[0]).toBe("NAT instance");
    expect(text(natA)).toContain("EIP aws_eip.nat_a");
    expect(text(natA)).toContain("ASG buddyverse-nat-a: 1..1");
    expect(d.nodes.some((n) => n.resource === "buddyverse-network/aws_autoscaling_group.nat_asg-a")).toBe(false);
    const primary = nodeFor(d, "buddyverse-data/aws_db_instance.database_primary")!;
    const replica = nodeFor(d, "buddyverse-data/aws_db_instance.database_replica-1")!;
    expect(groupLabel(d, primary.group)).toBe("ap-northeast-2a");
    expect(groupLabel(d, replica.group)).toBe("ap-northeast-2c");
    expect(d.edges).toContainEqual({ from: primary.id, to: replica.id, kind: "flow", label: "replication" });
  });

  it("buddyverse: EFS mounted in both web subnets, NFS from web, 3306 from web and the bastion", () => {
    const d = diagrams.buddyverse;
    const efs = nodeFor(d, "buddyverse-data/aws_efs_file_system.shared-files")!;
    expect(
      edgesFrom(d, efs.id, "placement")
        .map((e) => d.nodes.find((n) => n.id === e.to)!.lines.join(" "))
        .sort(),
    ).toEqual(["web subnet 172.31.11.0/24", "web subnet 172.31.21.0/24"]);
    const web = nodeFor(d, "buddyverse-compute/aws_autoscaling_group.web-asg")!;
    const bastion = nodeFor(d, "buddyverse-compute/aws_instance.bastion")!;
    const primary = nodeFor(d, "buddyverse-data/aws_db_instance.database_primary")!;
    expect(d.edges).toContainEqual({ from: web.id, to: efs.id, kind: "security", label: "2049" });
    expect(d.edges).toContainEqual({ from: web.id, to: primary.id, kind: "security", label: "3306" });
    expect(d.edges).toContainEqual({ from: bastion.id, to: primary.id, kind: "security", label: "3306" });
    expect(d.edges).toContainEqual({ from: "n_internet", to: bastion.id, kind: "security", label: "22 from 198.51.100.0/24" });
  });

  it("retail-launch: the datacenter behind the VPN, reached from web on 443 at the payment server only", () => {
    const d = diagrams["retail-launch"];
    const dc = d.nodes.find((n) => n.lines[0] === "Datacenter")!;
    expect(dc.lines).toEqual(["Datacenter", "192.168.0.0/16", "customer gateway 211.45.67.89"]);
    const vgw = nodeFor(d, "retail-launch-network/aws_vpn_gateway.datacenter_vgw")!;
    expect(d.edges).toContainEqual({ from: vgw.id, to: dc.id, kind: "link", label: "site-to-site VPN ipsec.1" });
    const web = nodeFor(d, "retail-launch-compute/aws_autoscaling_group.web-asg")!;
    expect(d.edges.filter((e) => e.to === dc.id && e.kind === "security")).toEqual([{ from: web.id, to: dc.id, kind: "security", label: "443 to 192.168.10.20" }]);
  });

  it("media-commerce: CloudFront behind WAF in front of the ALB and the media bucket, media replicated to its backup", () => {
    const d = diagrams["media-commerce"];
    const cdn = nodeFor(d, "media-commerce-edge/aws_cloudfront_distribution.cdn")!;
    const waf = nodeFor(d, "media-commerce-edge/aws_wafv2_web_acl.waf")!;
    const alb = nodeFor(d, "media-commerce-compute/aws_lb.alb")!;
    const media = nodeFor(d, "media-commerce-data/aws_s3_bucket.media_primary")!;
    const backup = nodeFor(d, "media-commerce-data/aws_s3_bucket.media_backup")!;
    expect(edgesFrom(d, cdn.id, "flow").map((e) => [e.to, e.label])).toEqual(
      expect.arrayContaining([
        [alb.id, "origin alb"],
        [media.id, "origin media"],
      ]),
    );
    expect(d.edges).toContainEqual({ from: waf.id, to: cdn.id, kind: "security", label: "protects" });
    expect(d.edges).toContainEqual({ from: media.id, to: backup.id, kind: "flow", label: "replication" });
    // Only CloudFront reaches the ALB: no edge from the internet to it.
    expect(d.edges.filter((e) => e.from === "n_internet" && e.to === alb.id)).toEqual([]);
  });

  it("web-was: WEB → internal ALB on 8080 → WAS", () => {
    const d = diagrams["web-was"];
    const web = nodeFor(d, "web-was-compute/aws_autoscaling_group.web-asg")!;
    const internal = nodeFor(d, "web-was-compute/aws_lb.internal-alb")!;
    const was = nodeFor(d, "web-was-compute/aws_autoscaling_group.was-asg")!;
    expect(internal.lines[0]).toBe("internal ALB");
    expect(d.edges).toContainEqual({ from: web.id, to: internal.id, kind: "security", label: "8080" });
    expect(d.edges).toContainEqual({ from: internal.id, to: was.id, kind: "flow", label: "HTTP:8080 → HTTP:8080" });
  });
});

describe("disaster-recovery stacks", () => {
  /** media-commerce plus a DR network (another region) and a DR data stack replicating the media bucket. */
  const withDr = (): Record<string, TerraformJson> => {
    // The primary stacks only: the preset's own dr- stacks (when it has them) are replaced by these.
    const base = Object.fromEntries(Object.entries(stacks["media-commerce"]).filter(([s]) => !/-dr-/.test(s)));
    const network = JSON.parse(JSON.stringify(base["media-commerce-network"]).replaceAll("ap-northeast-2", "us-west-2").replaceAll("10.20.", "10.120.")) as TerraformJson;
    const data: TerraformJson = {
      provider: { aws: [{ region: "us-west-2" }] },
      data: { terraform_remote_state: { primary: { backend: "s3", config: { key: "media-commerce/data.tfstate" } } } },
      resource: {
        aws_s3_bucket: { "media-replica_bucket": { bucket_prefix: "media-commerce-dr-media-" } },
        aws_s3_bucket_replication_configuration: {
          "media-replica_replication": {
            bucket: "${data.terraform_remote_state.primary.outputs.media_bucket_name}",
            rule: [{ destination: { bucket: "${aws_s3_bucket.media-replica_bucket.arn}" } }],
          },
        },
      },
    };
    return { ...base, "media-commerce-dr-network": network, "media-commerce-dr-data": data };
  };

  it("draws a DR stack's VPC, AZs and subnets in its own region, the primary unchanged", () => {
    const d = buildDiagram("media-commerce", withDr());
    const dr = d.groups.find((g) => g.label === "us-west-2: disaster recovery (dr- stacks)")!;
    expect(dr).toBeDefined();
    const drSubnets = d.nodes.filter((n) => n.resource?.startsWith("media-commerce-dr-network/aws_subnet."));
    expect(drSubnets.length).toBe(Object.keys(resources("media-commerce", "network", "aws_subnet")).length);
    for (const n of drSubnets) {
      expect(groupLabel(d, n.group)).toMatch(/^us-west-2[abc]$/);
      expect(parentOf(d, parentOf(d, n.group))).toBe(dr.id);
      expect(n.lines[1]).toMatch(/^10\.120\./);
    }
    const primary = buildDiagram("media-commerce", Object.fromEntries(Object.entries(stacks["media-commerce"]).filter(([s]) => !/-dr-/.test(s))));
    for (const n of primary.nodes) expect(d.nodes).toContainEqual(n);
  });

  it("follows a DR stack's remote state back to the primary's resources", () => {
    const d = buildDiagram("media-commerce", withDr());
    const media = nodeFor(d, "media-commerce-data/aws_s3_bucket.media_primary")!;
    const replica = nodeFor(d, "media-commerce-dr-data/aws_s3_bucket.media-replica_bucket")!;
    expect(groupLabel(d, replica.group)).toBe("us-west-2: disaster recovery (dr- stacks)");
    expect(d.edges).toContainEqual({ from: media.id, to: replica.id, kind: "flow", label: "replication" });
  });
});

describe("values written as literals (another region's resources, known in advance)", () => {
  const fixture: Record<string, TerraformJson> = {
    "e-data": {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: {
        aws_s3_bucket: { src: { bucket: "src-bucket" } },
        aws_s3_bucket_replication_configuration: { rep: { bucket: "${aws_s3_bucket.src.id}", rule: [{ destination: { bucket: "arn:aws:s3:::dst-bucket" } }] } },
        aws_backup_vault: { main: { name: "main-vault" } },
        aws_backup_plan: { plan: { rule: [{ target_vault_name: "${aws_backup_vault.main.name}", copy_action: [{ destination_vault_arn: "arn:aws:backup:us-west-2:111111111111:backup-vault:dr-vault" }] }] } },
      },
    },
    "e-dr-storage": {
      provider: { aws: [{ region: "us-west-2" }] },
      resource: { aws_s3_bucket: { dst: { bucket: "dst-bucket" } }, aws_backup_vault: { dr: { name: "dr-vault" }, other: { name: "other-vault" } } },
    },
    "e-compute": {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: {
        aws_lb: { a: { name: "a", internal: false } },
        aws_route53_record: { primary: { name: "origin.example.com", type: "A", alias: { name: "${aws_lb.a.dns_name}" }, failover_routing_policy: { type: "PRIMARY" } } },
      },
    },
    "e-dr-compute": {
      provider: { aws: [{ region: "us-west-2" }] },
      resource: {
        aws_lb: { b: { name: "b", internal: false } },
        aws_route53_record: { secondary: { name: "origin.example.com", type: "A", alias: { name: "${aws_lb.b.dns_name}" }, failover_routing_policy: { type: "SECONDARY" } } },
      },
    },
    "e-edge": {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: { aws_cloudfront_distribution: { cdn: { aliases: ["example.com"], origin: [{ origin_id: "site", domain_name: "origin.example.com" }, { origin_id: "files", domain_name: "dst-bucket.s3.us-west-2.amazonaws.com" }] } } },
    },
  };
  const d = buildDiagram("e", fixture);
  const id = (resource: string) => nodeFor(d, resource)!.id;

  it("an S3 bucket ARN names the bucket, a backup vault ARN the vault of that name in that region", () => {
    expect(d.edges).toContainEqual({ from: id("e-data/aws_s3_bucket.src"), to: id("e-dr-storage/aws_s3_bucket.dst"), kind: "flow", label: "replication" });
    expect(d.edges).toContainEqual({ from: id("e-data/aws_backup_vault.main"), to: id("e-dr-storage/aws_backup_vault.dr"), kind: "flow", label: "copy" });
    expect(d.edges.filter((e) => e.to === id("e-dr-storage/aws_backup_vault.other"))).toEqual([]);
  });

  it("a DNS name leads through its alias records (both failover targets); a bucket domain name to the bucket", () => {
    const cdn = id("e-edge/aws_cloudfront_distribution.cdn");
    expect(edgesFrom(d, cdn, "flow").map((e) => [e.to, e.label])).toEqual(
      expect.arrayContaining([
        [id("e-compute/aws_lb.a"), "origin site"],
        [id("e-dr-compute/aws_lb.b"), "origin site"],
        [id("e-dr-storage/aws_s3_bucket.dst"), "origin files"],
      ]),
    );
  });
});
