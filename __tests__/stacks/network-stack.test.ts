/**
 * The network stack: VPC, subnets, routing, NAT, NACLs, flow logs, VPN,
 * security groups and hosted zone, as synthesized.
 */
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import { NETWORK_OUTPUTS } from "../../src/contract/network";
import { validateDefinition } from "../../src/config/validate";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { resources, StackJson, synthEnvironment, variant } from "../support/synth";

type Res = Record<string, any>;

/** The logical name of a resource referenced as `${type.name.attr}` in a value. */
function ref(value: unknown): string {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(value));
  if (!m) throw new Error(`not a reference: ${String(value)}`);
  return `${m[1]}.${m[2]}`;
}

/** Subnets of a stack by CIDR → { az, tier, name }. */
function subnetsByCidr(net: StackJson): Record<string, { az: string; tier: string; name: string; id: string }> {
  const out: Record<string, { az: string; tier: string; name: string; id: string }> = {};
  for (const [id, s] of Object.entries(resources(net, "aws_subnet")) as [string, Res][]) {
    out[s.cidr_block] = { az: s.availability_zone, tier: s.tags.Tier, name: s.tags.Name, id: `aws_subnet.${id}` };
  }
  return out;
}

/** Route table address → its routes (destination → target). */
function routesByTable(net: StackJson): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const r of Object.values(resources(net, "aws_route")) as Res[]) {
    const table = ref(r.route_table_id);
    const target = r.gateway_id ?? r.nat_gateway_id ?? r.network_interface_id;
    (out[table] ??= {})[r.destination_cidr_block] = ref(target);
  }
  return out;
}

/** Subnet address → route table address. */
function tableOfSubnet(net: StackJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of Object.values(resources(net, "aws_route_table_association")) as Res[]) out[ref(a.subnet_id)] = ref(a.route_table_id);
  return out;
}

/** Security group rules as readable strings: `web <- alb tcp/80`. */
function sgRules(net: StackJson): string[] {
  const groupName = (v: unknown) => ref(v).replace("aws_security_group.sg_", "").replace("aws_security_group.", "");
  const rules: string[] = [];
  for (const [type, arrow] of [["aws_vpc_security_group_ingress_rule", "<-"], ["aws_vpc_security_group_egress_rule", "->"]] as const) {
    for (const r of Object.values(resources(net, type)) as Res[]) {
      const peer = r.referenced_security_group_id ? groupName(r.referenced_security_group_id) : r.cidr_ipv4 ?? r.prefix_list_id;
      const port = r.ip_protocol === "-1" ? "all" : r.ip_protocol === "icmp" ? "icmp" : `${r.ip_protocol}/${r.from_port}`;
      rules.push(`${groupName(r.security_group_id)} ${arrow} ${peer} ${port}`);
    }
  }
  return rules.sort();
}

describe("buddyverse network (R3.1, R3.2, R3.3)", () => {
  const synth = synthEnvironment(buddyverse);
  const net = synth.json.network;

  it("R3.1 VPC 172.31.0.0/16 with DNS support and hostnames", () => {
    expect(synth.text.network).toHaveResourceWithProperties(Vpc, {
      cidr_block: "172.31.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("R3.1 exactly the seed's six subnets, per AZ one public and two private", () => {
    expect(subnetsByCidr(net)).toEqual({
      "172.31.10.0/24": expect.objectContaining({ az: "ap-northeast-2a", tier: "public" }),
      "172.31.11.0/24": expect.objectContaining({ az: "ap-northeast-2a", tier: "web" }),
      "172.31.12.0/24": expect.objectContaining({ az: "ap-northeast-2a", tier: "db" }),
      "172.31.20.0/24": expect.objectContaining({ az: "ap-northeast-2c", tier: "public" }),
      "172.31.21.0/24": expect.objectContaining({ az: "ap-northeast-2c", tier: "web" }),
      "172.31.22.0/24": expect.objectContaining({ az: "ap-northeast-2c", tier: "db" }),
    });
  });

  it("CKV_AWS_130 no subnet assigns public IPs on launch", () => {
    for (const s of Object.values(resources(net, "aws_subnet")) as Res[]) expect(s.map_public_ip_on_launch).toBe(false);
  });

  it("R3.2 public route table sends 0.0.0.0/0 to the internet gateway, and holds both public subnets", () => {
    const subnets = subnetsByCidr(net);
    const tables = tableOfSubnet(net);
    const publicTable = tables[subnets["172.31.10.0/24"].id];
    expect(tables[subnets["172.31.20.0/24"].id]).toBe(publicTable);
    expect(routesByTable(net)[publicTable]).toEqual({ "0.0.0.0/0": "aws_internet_gateway.vpc_igw" });
  });

  it("R3.2 one private route table per AZ, to the NAT of that AZ", () => {
    const subnets = subnetsByCidr(net);
    const tables = tableOfSubnet(net);
    const routes = routesByTable(net);
    const tableA = tables[subnets["172.31.11.0/24"].id];
    const tableC = tables[subnets["172.31.21.0/24"].id];
    expect(tables[subnets["172.31.12.0/24"].id]).toBe(tableA);
    expect(tables[subnets["172.31.22.0/24"].id]).toBe(tableC);
    expect(tableA).not.toBe(tableC);
    const privateTables = Object.keys(resources(net, "aws_route_table")).filter((t) => t.startsWith("routing_"));
    expect(privateTables).toHaveLength(2);
    // NAT instance mode: the AZ's fixed interface, which lives in that AZ's public subnet.
    const eniA = resources(net, "aws_network_interface")[routes[tableA]["0.0.0.0/0"].split(".")[1]];
    const eniC = resources(net, "aws_network_interface")[routes[tableC]["0.0.0.0/0"].split(".")[1]];
    expect(ref(eniA.subnet_id)).toBe(subnets["172.31.10.0/24"].id);
    expect(ref(eniC.subnet_id)).toBe(subnets["172.31.20.0/24"].id);
  });

  it("R3.2 NAT instance heals itself with a fixed egress IP: ASG of one per AZ, source/dest check off, EIP on the fixed interface", () => {
    const enis = resources(net, "aws_network_interface") as Record<string, Res>;
    expect(Object.values(enis).map((e) => e.source_dest_check)).toEqual([false, false]);
    const eips = Object.values(resources(net, "aws_eip")) as Res[];
    expect(eips.map((e) => ref(e.network_interface)).sort()).toEqual(Object.keys(enis).map((k) => `aws_network_interface.${k}`).sort());
    for (const asg of Object.values(resources(net, "aws_autoscaling_group")) as Res[]) {
      expect([asg.min_size, asg.max_size, asg.desired_capacity]).toEqual([1, 1, 1]);
      expect(asg.vpc_zone_identifier).toHaveLength(1);
      expect(asg.launch_template.version).toMatch(/latest_version/);
    }
    const output = net.output!.nat_public_ips.value as string[];
    expect(output.map(ref).sort()).toEqual(Object.keys(resources(net, "aws_eip")).map((k) => `aws_eip.${k}`).sort());
  });

  it("NAT instances require IMDSv2, encrypt their volume and attach only the fixed interfaces", () => {
    for (const lt of Object.values(resources(net, "aws_launch_template")) as Res[]) {
      expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(lt.image_id).toMatch(/^resolve:ssm:\//);
      expect(lt.block_device_mappings[0].ebs.encrypted).toBe("true");
      expect(lt.user_data).toMatch(/attach-network-interface/);
      expect(lt.user_data).toMatch(/MASQUERADE/);
    }
    const policy = JSON.parse((Object.values(resources(net, "aws_iam_role_policy")) as Res[]).find((p) => p.name === "attach-fixed-nat-interface")!.policy);
    const actions = policy.Statement.flatMap((s: Res) => [s.Action].flat());
    expect(new Set(actions)).toEqual(new Set(["ec2:AttachNetworkInterface"]));
    expect(policy.Statement[0].Resource.every((r: string) => r.includes(":network-interface/"))).toBe(true);
  });

  it("R3.2 a NAT instance may mark itself Unhealthy only in this environment's NAT groups; its boot installs the every-boot unit and the health timer", () => {
    const policy = JSON.parse((Object.values(resources(net, "aws_iam_role_policy")) as Res[]).find((p) => p.name === "report-own-nat-health")!.policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "ReportHealthToNatGroups",
        Effect: "Allow",
        Action: "autoscaling:SetInstanceHealth",
        Resource: ["a", "c"].map((z) => `arn:aws:autoscaling:ap-northeast-2:444444444444:autoScalingGroup:*:autoScalingGroupName/buddyverse-nat-${z}`),
      },
    ]);
    const groups = Object.values(resources(net, "aws_autoscaling_group")) as Res[];
    expect(groups.map((g) => g.name).sort()).toEqual(["buddyverse-nat-a", "buddyverse-nat-c"]);
    const templates = Object.values(resources(net, "aws_launch_template")) as Res[];
    expect(templates.length).toBe(2);
    for (const lt of templates) {
      expect(lt.user_data).toContain("systemctl enable --now nat-setup.service");
      expect(lt.user_data).toContain("systemctl enable --now nat-health.timer");
      expect(lt.user_data).toMatch(/--health-status Unhealthy/);
    }
  });

  it("R3.3 web accepts 80/443 from the load balancer, 22 from the bastion, ICMP from inside the VPC — nothing else", () => {
    const webIngress = sgRules(net).filter((r) => r.startsWith("web <-"));
    expect(webIngress).toEqual(["web <- 172.31.0.0/16 icmp", "web <- alb tcp/443", "web <- alb tcp/80", "web <- bastion tcp/22"].sort());
  });

  it("R3.7 3306 reaches the database only from web and the bastion", () => {
    expect(sgRules(net).filter((r) => r.startsWith("db <-"))).toEqual(["db <- bastion tcp/3306", "db <- web tcp/3306"]);
  });

  it("no cache group without a cache (CKV2_AWS_5: nothing would attach it)", () => {
    expect(Object.keys(resources(net, "aws_security_group"))).not.toContain("sg_cache");
    expect(net.output!.sg_cache_id.value).toBe("");
  });

  it("R3.6 NFS reaches EFS only from the web tier", () => {
    expect(sgRules(net).filter((r) => r.startsWith("efs <-"))).toEqual(["efs <- web tcp/2049"]);
  });

  it("R3.3 the bastion accepts SSH only from the allowed CIDRs", () => {
    expect(sgRules(net).filter((r) => r.startsWith("bastion <-"))).toEqual(["bastion <- 198.51.100.0/24 tcp/22"]);
  });

  it("CKV_AWS_23 every security group and rule has a description", () => {
    for (const type of ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const r of Object.values(resources(net, type)) as Res[]) expect(r.description).toMatch(/\w{3,}/);
    }
  });

  it("CKV2_AWS_12 the default security group is adopted with no rules", () => {
    const [sg] = Object.values(resources(net, "aws_default_security_group")) as Res[];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("CKV2_AWS_11 flow logs of all traffic to a KMS-encrypted log group kept 365 days", () => {
    const [flow] = Object.values(resources(net, "aws_flow_log")) as Res[];
    expect(flow.traffic_type).toBe("ALL");
    const group = resources(net, "aws_cloudwatch_log_group")["flow-logs"] as Res;
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\.logs-key\.arn/);
    const key = resources(net, "aws_kms_key")["logs-key"] as Res;
    expect(key.enable_key_rotation).toBe(true);
  });

  it("S3 gateway endpoint on every private route table", () => {
    const [endpoint] = Object.values(resources(net, "aws_vpc_endpoint")) as Res[];
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.service_name).toBe("com.amazonaws.ap-northeast-2.s3");
    expect(endpoint.route_table_ids.map(ref).sort()).toEqual(["aws_route_table.routing_private-a", "aws_route_table.routing_private-c"]);
  });

  it("R3.8 creates the buddyverse.link hosted zone, protected from destroy", () => {
    const [zone] = Object.values(resources(net, "aws_route53_zone")) as Res[];
    expect(zone.name).toBe("buddyverse.link");
    expect(zone.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("network ACLs: one per tier; the db tier accepts only 3306 from web and public (bastion) subnets (no cache, so no 6379)", () => {
    const acls = resources(net, "aws_network_acl") as Record<string, Res>;
    expect(Object.keys(acls).sort()).toEqual(["nacl_db", "nacl_public", "nacl_web"]);
    const dbIn = (Object.values(resources(net, "aws_network_acl_rule")) as Res[])
      .filter((r) => r.network_acl_id.includes("nacl_db") && r.egress === false)
      .map((r) => `${r.cidr_block}:${r.from_port}`)
      .sort();
    expect(dbIn).toEqual(
      ["172.31.11.0/24", "172.31.21.0/24", "172.31.10.0/24", "172.31.20.0/24"].map((c) => `${c}:3306`).sort(),
    );
  });
});

describe("NAT modes", () => {
  it.each([
    ["gateway-per-az", 2],
    ["single-gateway", 1],
  ] as const)("R2.8 %s: %i NAT gateway(s), each with a fixed Elastic IP published as an egress IP", (mode, count) => {
    const net = synthEnvironment(variant(buddyverse, (d) => (d.network.nat = { mode }))).json.network;
    const gateways = resources(net, "aws_nat_gateway") as Record<string, Res>;
    expect(Object.keys(gateways)).toHaveLength(count);
    expect(resources(net, "aws_autoscaling_group")).toEqual({});
    for (const g of Object.values(gateways)) expect(ref(g.allocation_id)).toMatch(/^aws_eip\./);
    expect(net.output!.nat_public_ips.value).toHaveLength(count);
    const routes = routesByTable(net);
    const targets = Object.entries(routes)
      .filter(([t]) => t.includes("routing_private"))
      .map(([, r]) => r["0.0.0.0/0"]);
    expect(new Set(targets).size).toBe(count);
  });
});

describe("R2.8 web-was egress as seed 002: every instance leaves with the same public IP", () => {
  it("R2.8 web-was: one NAT gateway with one Elastic IP; every private route table's default route uses it", () => {
    const net = synthEnvironment(webWas).json.network;
    const gateways = Object.keys(resources(net, "aws_nat_gateway"));
    expect(gateways).toHaveLength(1);
    expect(net.output!.nat_public_ips.value).toHaveLength(1);
    const targets = Object.entries(routesByTable(net))
      .filter(([t]) => t.includes("routing_private"))
      .map(([, r]) => r["0.0.0.0/0"]);
    expect(targets.length).toBe(2);
    expect(new Set(targets)).toEqual(new Set([`aws_nat_gateway.${gateways[0]}`]));
  });

  it("per-AZ NAT stays the default elsewhere", () => {
    expect(Object.keys(resources(synthEnvironment(retailLaunch).json.network, "aws_nat_gateway"))).toHaveLength(2);
    expect(validateDefinition(variant(webWas, (d) => delete d.network.nat)).network.nat.mode).toBe("gateway-per-az");
  });
});

describe("retail-launch datacenter (R0.4)", () => {
  const net = synthEnvironment(retailLaunch).json.network;

  it("R0.4 site-to-site VPN with static routes to the datacenter CIDR only", () => {
    const [vpn] = Object.values(resources(net, "aws_vpn_connection")) as Res[];
    expect(vpn.static_routes_only).toBe(true);
    expect((Object.values(resources(net, "aws_vpn_connection_route")) as Res[]).map((r) => r.destination_cidr_block)).toEqual(["192.168.0.0/16"]);
    expect(JSON.stringify(vpn)).not.toMatch(/preshared_key/);
  });

  it("R0.4 only the web tier's route tables reach the datacenter", () => {
    const routes = routesByTable(net);
    const tables = tableOfSubnet(net);
    const subnets = Object.values(subnetsByCidr(net));
    for (const s of subnets.filter((x) => x.tier !== "public")) {
      const dcRoute = routes[tables[s.id]]["192.168.0.0/16"];
      if (s.tier === "web") expect(dcRoute).toMatch(/^aws_vpn_gateway\./);
      else expect(dcRoute).toBeUndefined();
    }
  });

  it("R0.4 web may open connections to the payment server and nothing else in the datacenter", () => {
    const toDc = sgRules(net).filter((r) => r.includes("192.168."));
    expect(toDc).toEqual(["web -> 192.168.10.20/32 tcp/443"]);
    const webOut = (Object.values(resources(net, "aws_network_acl_rule")) as Res[])
      .filter((r) => r.network_acl_id.includes("nacl_web") && r.egress === true)
      .sort((a, b) => a.rule_number - b.rule_number)
      .map((r) => `${r.rule_action} ${r.cidr_block} ${r.from_port}`);
    expect(webOut).toEqual(["allow 192.168.10.20/32 443", "deny 192.168.0.0/16 0", "allow 0.0.0.0/0 0"]);
  });

  it("R0.4 egress IPs are published for the datacenter to allow-list", () => {
    expect(net.output!.nat_public_ips.description).toMatch(/allow-list/);
    expect(net.output!.nat_public_ips.value).toHaveLength(2);
  });

  it("R0.3 web servers live in private subnets: only the public table routes to the internet gateway", () => {
    const routes = routesByTable(net);
    const tables = tableOfSubnet(net);
    for (const s of Object.values(subnetsByCidr(net))) {
      const target = routes[tables[s.id]]["0.0.0.0/0"];
      if (s.tier === "public") expect(target).toBe("aws_internet_gateway.vpc_igw");
      else expect(target).toMatch(/^aws_nat_gateway\./);
    }
  });

  it("R0.9 only the bastion reaches SSH on web", () => {
    expect(sgRules(net).filter((r) => r.endsWith("tcp/22") && r.startsWith("web <-"))).toEqual(["web <- bastion tcp/22"]);
  });

  it("R0.8 web reaches the database", () => {
    expect(sgRules(net)).toEqual(expect.arrayContaining(["web -> db tcp/3306", "db <- web tcp/3306"]));
  });
});

describe("web-was tiers (R2.6, R2.7)", () => {
  const net = synthEnvironment(webWas).json.network;
  const rules = sgRules(net);

  it("R2.7 WEB accepts 80 only from the public load balancer; WAS 8080 only from the internal load balancer", () => {
    expect(rules.filter((r) => r.startsWith("web <-") && r.endsWith("tcp/80"))).toEqual(["web <- alb tcp/80"]);
    expect(rules.filter((r) => r.startsWith("was <-") && r.endsWith("tcp/8080"))).toEqual(["was <- internal-alb tcp/8080"]);
    expect(rules.filter((r) => r.startsWith("internal-alb <-"))).toEqual(["internal-alb <- web tcp/8080"]);
  });

  it("R2.6 nothing but the load balancer and the bastion accepts traffic from outside the VPC", () => {
    const fromOutside = rules.filter((r) => / <- (\d+\.){3}\d+\/\d+ /.test(r) && !r.includes("10.30.0.0/16"));
    expect(fromOutside.map((r) => r.split(" ")[0]).every((g) => g === "alb" || g === "bastion")).toBe(true);
  });

  it("the database accepts 3306 from WAS (the data client tier), not from WEB", () => {
    expect(rules.filter((r) => r.startsWith("db <-"))).toEqual(["db <- was tcp/3306"]);
  });
});

describe("media-commerce (R1.4 bastion scope, R1.7 three AZs)", () => {
  const net = synthEnvironment(mediaCommerce).json.network;

  it("R1.4 the bastion reaches only WAS on SSH", () => {
    expect(sgRules(net).filter((r) => r.startsWith("bastion ->") && !r.includes("0.0.0.0/0"))).toEqual(["bastion -> was tcp/22"]);
  });

  it("R1.7 a NAT gateway and a subnet of every tier in each of three AZs", () => {
    expect(Object.keys(resources(net, "aws_nat_gateway"))).toHaveLength(3);
    expect(Object.keys(resources(net, "aws_subnet"))).toHaveLength(12);
  });
});

describe("hosted zone adoption", () => {
  it("adopts an existing zone by id: nothing created, the id is published", () => {
    const net = synthEnvironment(variant(buddyverse, (d) => (d.dns.zoneId = "Z0ABCDEF123456"))).json.network;
    expect(resources(net, "aws_route53_zone")).toEqual({});
    expect(net.output!.zone_id.value).toBe("Z0ABCDEF123456");
  });
});

describe("outputs", () => {
  it.each([buddyverse, retailLaunch, webWas, mediaCommerce].map((d) => [d.name, d] as const))("%s publishes exactly the network contract, described", (_n, def) => {
    const net = synthEnvironment(def).json.network;
    expect(Object.keys(net.output!).sort()).toEqual(Object.keys(NETWORK_OUTPUTS).sort());
    for (const [name, out] of Object.entries(net.output!)) {
      expect(out.description).toBe(NETWORK_OUTPUTS[name as keyof typeof NETWORK_OUTPUTS].description);
      expect(out.sensitive).toBeUndefined();
    }
  });

  it("uses the Testing matcher API on the VPC", () => {
    const stack = synthEnvironment(buddyverse).stacks.network;
    expect(Testing.synth(stack)).toHaveResource(InternetGateway);
  });
});
