/**
 * Reading the network model out of synthesized JSON: references, remote
 * state, where each party lives, and the defaults AWS applies when the JSON
 * says nothing.
 */
import { toCidrs } from "../../../src/tools/reach/intervals";
import { computeMatrix, grantsOf } from "../../../src/tools/reach/matrix";
import { extractModel, NetworkModel, Party, PartyId } from "../../../src/tools/reach/model";
import { TerraformJson } from "../../../src/synthesized/terraform-json";
import { Net, ref, standardNetwork, withDatacenter } from "./fixture";

const party = (m: NetworkModel, id: PartyId): Party => {
  const p = m.parties.find((x) => x.id === id);
  if (!p) throw new Error(`no party ${id}`);
  return p;
};
const short = (ids: readonly string[]) => ids.map((id) => id.slice(id.indexOf("/") + 1));
const remote = (output: string) => `\${data.terraform_remote_state.network.outputs.${output}}`;

/** The standard network as `e-network`, with the outputs a consumer stack reads. */
function networkWithOutputs(): Net {
  const n = standardNetwork();
  n.output.public_subnet_ids = { value: [ref("aws_subnet", "public-a"), ref("aws_subnet", "public-b")] };
  n.output.web_subnet_ids = { value: [ref("aws_subnet", "web-a"), ref("aws_subnet", "web-b")] };
  n.output.db_subnet_ids = { value: [ref("aws_subnet", "db-a"), ref("aws_subnet", "db-b")] };
  for (const p of ["alb", "web", "bastion", "db"]) n.output[`sg_${p}_id`] = { value: ref("aws_security_group", `sg_${p}`) };
  return n;
}

/** A compute-like stack that reads the network stack's outputs through remote state. */
function computeStack(resources: Record<string, Record<string, Record<string, unknown>>>): TerraformJson {
  return {
    data: { terraform_remote_state: { network: { backend: "s3", config: { bucket: "b", key: "e/network.tfstate", region: "ap-northeast-2" } } } },
    resource: resources,
  };
}

describe("extractModel: the network stack", () => {
  const m = extractModel({ "e-network": standardNetwork().json() });

  it("names resources <stack>/<type>.<name> and resolves references", () => {
    const web = m.subnets["e-network/aws_subnet.web-a"];
    expect(web).toEqual({
      id: "e-network/aws_subnet.web-a",
      cidr: "10.0.10.0/24",
      vpc: "e-network/aws_vpc.vpc",
      tier: "web",
      nacl: "e-network/aws_network_acl.web",
      routeTable: "e-network/aws_route_table.private",
    });
  });

  it("reads routes with their targets", () => {
    expect(m.routeTables["e-network/aws_route_table.private"].routes).toEqual([
      { id: "e-network/aws_route.private-0_0_0_0_0", destination: "0.0.0.0/0", target: { kind: "nat", id: "e-network/aws_nat_gateway.nat" } },
    ]);
    expect(m.nats["e-network/aws_nat_gateway.nat"]).toEqual({ id: "e-network/aws_nat_gateway.nat", kind: "gateway", subnet: "e-network/aws_subnet.public-a", securityGroups: [], publicIp: true });
  });

  it("sorts NACL entries by rule number, whatever the JSON order", () => {
    const n = standardNetwork().naclEntry("web", 300, "in", "deny", "0.0.0.0/0", 0, 0, "-1").naclEntry("web", 5, "in", "deny", "10.9.0.0/16", 0, 0, "-1");
    const entries = extractModel({ n: n.json() }).nacls["n/aws_network_acl.web"].entries.filter((e) => !e.egress);
    expect(entries.map((e) => e.ruleNumber)).toEqual([5, 100, 300]);
  });

  it("finds each party's security group by its logical id sg_<party>", () => {
    expect(m.parties.map((p) => [p.id, short(p.securityGroups)])).toEqual([
      ["internet", []],
      ["bastion", ["aws_security_group.sg_bastion"]],
      ["alb", ["aws_security_group.sg_alb"]],
      ["web", ["aws_security_group.sg_web"]],
      ["db", ["aws_security_group.sg_db"]],
    ]);
  });

  it("falls back to the group name, without mistaking the internal ALB for the public one", () => {
    const n = standardNetwork();
    n.resource.aws_security_group["front"] = n.resource.aws_security_group.sg_alb;
    delete n.resource.aws_security_group.sg_alb;
    n.add("aws_security_group", "back", { name: "t-internal-alb", vpc_id: ref("aws_vpc", "vpc") });
    n.resource.aws_security_group.front.name = "t-alb";
    const model = extractModel({ n: n.json() });
    expect(short(party(model, "alb").securityGroups)).toEqual(["aws_security_group.front"]);
    expect(short(party(model, "internal_alb").securityGroups)).toEqual(["aws_security_group.back"]);
    expect(model.notes.some((x) => x.includes("alb: security group found by name"))).toBe(true);
  });

  it("places parties by tier convention when no resource attaches their group, and says so", () => {
    expect(short(party(m, "web").subnets)).toEqual(["aws_subnet.web-a", "aws_subnet.web-b"]);
    expect(party(m, "web").placement).toBe("convention");
    expect(party(m, "bastion").publicIp).toBe(true);
    expect(party(m, "web").publicIp).toBe(false);
    expect(m.notes).toContain("web: no synthesized resource attaches e-network/aws_security_group.sg_web; placed by convention in the web subnets");
  });

  it("puts the internal ALB and WAS in the web subnets when there is no was tier, and in the was subnets when there is", () => {
    const two = extractModel({ n: standardNetwork().sg("was").sg("internal_alb").json() });
    expect(short(party(two, "was").subnets)).toEqual(["aws_subnet.web-a", "aws_subnet.web-b"]);
    const three = extractModel({ n: standardNetwork().sg("was").sg("internal_alb").subnet("was-a", "10.0.30.0/24", "was").json() });
    expect(short(party(three, "internal_alb").subnets)).toEqual(["aws_subnet.was-a"]);
  });

  it("the internet is every address outside the VPC and the datacenter", () => {
    const model = extractModel({ n: withDatacenter(standardNetwork(), ["192.168.0.0/16"], ["private"]).json() });
    const internet = toCidrs(party(model, "internet").addresses);
    expect(internet).not.toContain("10.0.0.0/16");
    expect(internet).toContain("10.1.0.0/16");
    expect(internet).toContain("192.169.0.0/16");
    expect(internet.some((c) => c.startsWith("192.168."))).toBe(false);
  });

  it("learns datacenter routes propagated from the virtual private gateway", () => {
    const n = withDatacenter(standardNetwork(), ["192.168.0.0/16"], []);
    n.add("aws_vpn_gateway_route_propagation", "p", { vpn_gateway_id: ref("aws_vpn_gateway", "vgw"), route_table_id: ref("aws_route_table", "private") });
    const model = extractModel({ n: n.json() });
    expect(model.routeTables["n/aws_route_table.private"].routes.map((r) => [r.destination, r.target.kind])).toEqual([
      ["0.0.0.0/0", "nat"],
      ["192.168.0.0/16", "vgw"],
    ]);
  });

  it("a subnet without a NACL gets the default one (allows everything), with a note", () => {
    const n = standardNetwork();
    n.resource.aws_network_acl.db.subnet_ids = [ref("aws_subnet", "db-a")];
    const model = extractModel({ n: n.json() });
    expect(model.subnets["n/aws_subnet.db-b"].nacl).toBeUndefined();
    expect(model.notes).toContain("n/aws_subnet.db-b: no network ACL in the JSON; the VPC's default ACL is assumed to allow everything");
  });

  it("reads inline security group rules and aws_security_group_rule (self, source group)", () => {
    const n = standardNetwork()
      .add("aws_security_group", "sg_cache", {
        name: "t-cache",
        ingress: [{ from_port: 6379, to_port: 6379, protocol: "tcp", security_groups: [ref("aws_security_group", "sg_web")], self: true }],
        egress: [],
      })
      .add("aws_security_group_rule", "web-to-cache", { type: "egress", security_group_id: ref("aws_security_group", "sg_web"), protocol: "6", from_port: 6379, to_port: 6379, source_security_group_id: ref("aws_security_group", "sg_cache") });
    const model = extractModel({ n: n.json() });
    expect(model.securityGroups["n/aws_security_group.sg_cache"].rules.map((r) => r.peer)).toEqual([{ group: "n/aws_security_group.sg_web" }, { group: "n/aws_security_group.sg_cache" }]);
    expect(grantsOf(computeMatrix(model), "web", "cache").map((g) => g.ports)).toEqual([[[6379, 6379]]]);
  });

  it("refuses a CIDR AWS would refuse, naming the resource", () => {
    const n = standardNetwork().naclEntry("web", 7, "in", "allow", "10.0.0.1/16", 0, 0, "-1");
    expect(() => extractModel({ n: n.json() })).toThrow(/n\/aws_network_acl_rule\.web-in-7: "10\.0\.0\.1\/16" is not an IPv4 CIDR.*10\.0\.0\.0\/16/);
  });
});

describe("extractModel: placement from the compute and data stacks", () => {
  const stacks = {
    "e-network": networkWithOutputs().json(),
    "e-compute": computeStack({
      aws_launch_template: { web: { vpc_security_group_ids: [remote("sg_web_id")] } },
      aws_autoscaling_group: { web: { vpc_zone_identifier: remote("web_subnet_ids"), launch_template: { id: ref("aws_launch_template", "web"), version: ref("aws_launch_template", "web", "latest_version") } } },
      aws_lb: { alb: { internal: false, security_groups: [remote("sg_alb_id")], subnets: remote("public_subnet_ids") } },
      aws_instance: { bastion: { subnet_id: `\${element(data.terraform_remote_state.network.outputs.public_subnet_ids, 1)}`, vpc_security_group_ids: [remote("sg_bastion_id")] } },
      aws_eip: { bastion: { domain: "vpc", instance: ref("aws_instance", "bastion") } },
    }),
    "e-data": computeStack({
      aws_db_subnet_group: { db: { subnet_ids: [`\${data.terraform_remote_state.network.outputs.db_subnet_ids[0]}`] } },
      aws_db_instance: { primary: { db_subnet_group_name: ref("aws_db_subnet_group", "db", "name"), vpc_security_group_ids: [remote("sg_db_id")] } },
    }),
    "e-dr-network": standardNetwork().json(),
  };
  const m = extractModel(stacks);

  it.each<[PartyId, string[], string[], boolean]>([
    ["web", ["aws_subnet.web-a", "aws_subnet.web-b"], ["aws_autoscaling_group.web"], false],
    ["alb", ["aws_subnet.public-a", "aws_subnet.public-b"], ["aws_lb.alb"], true],
    ["bastion", ["aws_subnet.public-b"], ["aws_instance.bastion"], true],
    ["db", ["aws_subnet.db-a"], ["aws_db_instance.primary"], false],
  ])("%s lives in %j (found through %j), public IP: %s", (id, subnets, evidence, publicIp) => {
    const p = party(m, id);
    expect(p.placement).toBe("synthesized");
    expect(short(p.subnets)).toEqual(subnets);
    expect(short(p.evidence)).toEqual(evidence);
    expect(p.publicIp).toBe(publicIp);
  });

  it("resolves the remote state to the network stack's own resources", () => {
    expect(party(m, "web").subnets).toEqual(["e-network/aws_subnet.web-a", "e-network/aws_subnet.web-b"]);
  });

  it("does not read disaster-recovery stacks", () => {
    expect(m.stacks).toEqual(["e-compute", "e-data", "e-network"]);
    expect(Object.keys(m.subnets).every((s) => s.startsWith("e-network/"))).toBe(true);
    expect(m.notes).toContain("disaster-recovery stacks not read (another region): e-dr-network");
  });

  it("a bastion without an Elastic IP is not reachable from the internet", () => {
    const noEip = { ...stacks, "e-compute": structuredClone(stacks["e-compute"]) } as Record<string, TerraformJson>;
    delete (noEip["e-compute"].resource as Record<string, unknown>).aws_eip;
    const model = extractModel(noEip);
    expect(party(model, "bastion").publicIp).toBe(false);
    expect(grantsOf(computeMatrix(model), "internet", "bastion")).toEqual([]);
  });

  it("an unknown upstream stack leaves the party to the convention, with a note", () => {
    const model = extractModel({ "e-network": networkWithOutputs().json(), "e-compute": { ...stacks["e-compute"], data: { terraform_remote_state: { network: { config: { key: "e/elsewhere.tfstate" } } } } } });
    expect(party(model, "web").placement).toBe("convention");
    expect(model.notes).toContain("e-compute: data.terraform_remote_state.network reads no stack that was synthesized; its outputs are unknown");
  });
});
