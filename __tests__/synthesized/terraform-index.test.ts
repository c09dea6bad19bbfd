/**
 * The one resource view (TerraformIndex): what a value mentions (the guardrail
 * rules: same-stack references anywhere in a value, cross-stack references
 * through terraform_remote_state outputs, and what is deliberately not a
 * reference) and what a value evaluates to (the tools: ids and literals,
 * element picks, notes, regions, order).
 */
import { isDrStack, tagsOf, TerraformIndex, TfResource } from "../../src/synthesized/terraform-index";
import { out, ref, stack, synthesized } from "../guardrails/fixtures/support";

function model(stacks: Record<string, ReturnType<typeof stack>>): TerraformIndex {
  return new TerraformIndex(synthesized({ name: "m", stacks }), "fx");
}

describe("TerraformIndex: what a value mentions (guardrail rules)", () => {
  const m = model({
    network: stack(
      {
        aws_vpc: { vpc: { cidr_block: "10.0.0.0/16" } },
        aws_security_group: { "sg_alb": { vpc_id: ref("aws_vpc.vpc") }, "sg_web": { vpc_id: ref("aws_vpc.vpc") } },
        aws_subnet: { "vpc_public-a": { vpc_id: ref("aws_vpc.vpc") }, "vpc_public-c": { vpc_id: ref("aws_vpc.vpc") } },
        aws_internet_gateway: { igw: { vpc_id: ref("aws_vpc.vpc") } },
        aws_eip: { nat: { depends_on: ["aws_internet_gateway.igw"], domain: "vpc" } },
      },
      {
        outputs: {
          sg_alb_id: ref("aws_security_group.sg_alb"),
          public_subnet_ids: [ref("aws_subnet.vpc_public-a"), ref("aws_subnet.vpc_public-c")],
          alias: out("network", "sg_alb_id"), // an output naming another output
          loop: out("network", "loop"), // an output naming itself
        },
        reads: ["network"],
      },
    ),
    compute: stack(
      {
        aws_s3_bucket: { "alb-logs_bucket": { bucket_prefix: "x-" } },
        aws_kms_key: { k: {} },
        aws_ami: { x: {} }, // not a real resource type: only here so a wrong match of data.aws_ami.x would resolve
        aws_lb: {
          alb: {
            security_groups: [out("network", "sg_alb_id")],
            subnets: out("network", "public_subnet_ids"),
            access_logs: { bucket: ref("aws_s3_bucket.alb-logs_bucket", "bucket"), enabled: true },
            tags: { Name: ref("aws_kms_key.k", "arn") },
          },
        },
        aws_s3_bucket_policy: {
          p: { bucket: ref("aws_s3_bucket.alb-logs_bucket"), policy: JSON.stringify({ Statement: [{ Resource: `${ref("aws_s3_bucket.alb-logs_bucket", "arn")}/*` }] }) },
        },
        aws_instance: { bastion: { subnet_id: `\${element(${out("network", "public_subnet_ids").slice(2, -1)}, 0)}`, ami: "data.aws_ami.x.id" } },
      },
      { reads: ["network"], outputs: { alb_arn: ref("aws_lb.alb", "arn") } },
    ),
    edge: stack({ aws_wafv2_web_acl_association: { waf: { resource_arn: out("compute", "alb_arn") } } }, { reads: ["compute"] }),
  });
  const get = (kind: string, type: string, name: string) => m.ofType(type).find((r) => m.kindOf(r.stack) === kind && r.name === name)!;
  const names = (rs: readonly TfResource[]) => rs.map((r) => `${m.kindOf(r.stack)}:${r.address}`).sort();

  it("indexes resources by type across stacks", () => {
    expect(m.ofType("aws_security_group").map((r) => r.address)).toEqual(["aws_security_group.sg_alb", "aws_security_group.sg_web"]);
    expect(m.ofType("aws_lb")[0].stack).toBe("fx-compute");
    expect(m.ofType("aws_nothing")).toEqual([]);
  });

  it("resolves a reference in the same stack, names with dashes included", () => {
    expect(names(m.refsOf(get("compute", "aws_lb", "alb"), "access_logs"))).toEqual(["compute:aws_s3_bucket.alb-logs_bucket"]);
  });

  it("resolves references embedded in a policy document", () => {
    expect(names(m.refsOf(get("compute", "aws_s3_bucket_policy", "p"), "policy"))).toEqual(["compute:aws_s3_bucket.alb-logs_bucket"]);
  });

  it("resolves terraform_remote_state outputs to the producing stack's resources (scalar and list outputs)", () => {
    const lb = get("compute", "aws_lb", "alb");
    expect(names(m.refsOf(lb, "security_groups"))).toEqual(["network:aws_security_group.sg_alb"]);
    expect(names(m.refsOf(lb, "subnets"))).toEqual(["network:aws_subnet.vpc_public-a", "network:aws_subnet.vpc_public-c"]);
  });

  it("resolves a remote-state reference inside a function call", () => {
    expect(names(m.refsOf(get("compute", "aws_instance", "bastion"), "subnet_id"))).toEqual(["network:aws_subnet.vpc_public-a", "network:aws_subnet.vpc_public-c"]);
  });

  it("follows references two stacks away (edge → compute output → aws_lb)", () => {
    expect(names(m.referrers(get("compute", "aws_lb", "alb"), "aws_wafv2_web_acl_association"))).toEqual(["edge:aws_wafv2_web_acl_association.waf"]);
  });

  it("finds referrers through a given attribute only", () => {
    const sg = get("network", "aws_security_group", "sg_alb");
    expect(names(m.referrers(sg, "aws_lb", ["security_groups"]))).toEqual(["compute:aws_lb.alb"]);
    expect(m.referrers(sg, "aws_lb", ["subnets"])).toEqual([]);
  });

  it("ignores depends_on, tags, data sources and addresses that name nothing", () => {
    expect(m.referrers(get("network", "aws_internet_gateway", "igw"), "aws_eip")).toEqual([]);
    expect(m.referrers(get("compute", "aws_kms_key", "k"), "aws_lb")).toEqual([]);
    expect(m.refsOf(get("compute", "aws_instance", "bastion"), "ami")).toEqual([]);
    expect(m.mentions(get("compute", "aws_lb", "alb").stack, "${aws_s3_bucket.not_here.id}")).toEqual([]);
  });

  it("follows an output naming another output, and stops on an output naming itself", () => {
    const network = get("network", "aws_vpc", "vpc").stack;
    expect(names(m.mentions(network, out("network", "alias")))).toEqual(["network:aws_security_group.sg_alb"]);
    expect(m.mentions(network, out("network", "loop"))).toEqual([]);
  });
});

describe("TerraformIndex: what a value evaluates to (docs, diagram, reachability, cost)", () => {
  // Terraform JSON by stack name, as the tools pass it; the DR stack reads the primary's network by state key.
  const ix = new TerraformIndex({
    "e-network": {
      terraform: { backend: { s3: { bucket: "b", key: "e/network.tfstate" } } },
      provider: { aws: [{ region: "ap-northeast-2" }, { alias: "use1", region: "us-east-1" }] },
      resource: {
        aws_vpc: { vpc: { cidr_block: "10.0.0.0/16" } },
        aws_subnet: {
          "web-c": { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.0.2.0/24", tags: { Tier: "web" } },
          "web-a": { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.0.1.0/24", tags: { Tier: "web" } },
        },
        aws_kms_key: { dnssec: { provider: "aws.use1" } },
        random_id: { suffix: { byte_length: 4 } },
      },
      output: {
        web_subnet_ids: { value: ["${aws_subnet.web-a.id}", "${aws_subnet.web-c.id}"] },
        vpc_id: { value: "${aws_vpc.vpc.id}" },
      },
    },
    "e-dr-network": {
      provider: { aws: [{ region: "ap-northeast-1" }] },
      resource: { aws_vpc: { vpc: { cidr_block: "10.1.0.0/16" } } },
      data: { terraform_remote_state: { network: { backend: "s3", config: { bucket: "b", key: "e/network.tfstate" } } } },
    },
    "e-compute": {
      provider: { aws: [{ region: "ap-northeast-2" }] },
      data: {
        terraform_remote_state: {
          network: { backend: "s3", config: { bucket: "b", key: "e/network.tfstate" } },
          gone: { backend: "s3", config: { bucket: "b", key: "other/gone.tfstate" } },
        },
      },
      resource: {
        aws_instance: {
          bastion: {
            subnet_id: "${element(data.terraform_remote_state.network.outputs.web_subnet_ids, 1)}",
            user_data: "${base64encode(join(\"\", [aws_launch_template.lt.id, data.terraform_remote_state.network.outputs.vpc_id]))}",
            port: 22,
            lost: "${data.terraform_remote_state.gone.outputs.x}",
            missing: "${data.terraform_remote_state.network.outputs.nothing}",
          },
        },
        aws_launch_template: { lt: { network_interfaces: [{ subnet_id: "${data.terraform_remote_state.network.outputs.web_subnet_ids[0]}" }] } },
      },
    },
  });

  it("orders resources by stack name then address, data sources included, and lists resources without them", () => {
    const ids = ix.all().map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.slice(0, 3)).toEqual(["e-compute/aws_instance.bastion", "e-compute/aws_launch_template.lt", "e-compute/data.terraform_remote_state.gone"]);
    expect(ix.ofType("aws_subnet").map((r) => r.id)).toEqual(["e-network/aws_subnet.web-a", "e-network/aws_subnet.web-c"]);
    expect(ix.resources().some((r) => r.type.startsWith("data."))).toBe(false);
    expect(ix.resources()).toHaveLength(ix.all().length - 3);
    expect(ix.stackNames()).toEqual(["e-compute", "e-dr-network", "e-network"]);
  });

  it("resolves a whole reference to its id and a literal to itself", () => {
    const subnet = ix.get("e-network/aws_subnet.web-a")!;
    expect(ix.refs(subnet.stack, subnet.attrs.vpc_id)).toEqual(["e-network/aws_vpc.vpc"]);
    expect(ix.literal(subnet.stack, subnet.attrs.cidr_block)).toBe("10.0.1.0/24");
    expect(ix.resolve("e-compute", 22)).toEqual([{ literal: "22" }]);
  });

  it("follows a remote-state read to the stack with that backend key, and element(list, i) / list[i] pick one element", () => {
    const bastion = ix.get("e-compute/aws_instance.bastion")!;
    expect(ix.refs(bastion.stack, bastion.attrs.subnet_id)).toEqual(["e-network/aws_subnet.web-c"]);
    const lt = ix.get("e-compute/aws_launch_template.lt")!;
    expect(ix.refsOfType(lt.stack, lt.attrs.network_interfaces, "aws_subnet").map((r) => r.id)).toEqual(["e-network/aws_subnet.web-a"]);
    // What the value mentions is the whole list: a rule must consider every subnet it may land in.
    expect(ix.mentions(bastion.stack, bastion.attrs.subnet_id).map((r) => r.id)).toEqual(["e-network/aws_subnet.web-a", "e-network/aws_subnet.web-c"]);
  });

  it("a DR stack reading the primary's network state finds the primary network, not its own", () => {
    expect(ix.upstreamStack("e-dr-network", "network")).toBe("e-network");
    expect(ix.upstreamStack("e-compute", "network")).toBe("e-network");
    expect(ix.upstreamStack("e-compute", "gone")).toBeUndefined();
  });

  it("matches a remote-state key to the stack with that S3 backend key first, whatever the stacks are named; without a key, by kind", () => {
    const odd = new TerraformIndex([
      { name: "holder", kind: "shared", json: { terraform: { backend: { s3: { key: "x/y.tfstate" } } }, output: { id: { value: "${aws_vpc.v.id}" } }, resource: { aws_vpc: { v: {} } } } },
      { name: "reader", kind: "app", json: { data: { terraform_remote_state: { y: { config: { key: "x/y.tfstate" } }, shared: {} } } } },
    ]);
    expect(odd.upstreamStack("reader", "y")).toBe("holder");
    expect(odd.upstreamStack("reader", "shared")).toBe("holder");
    expect(odd.refs("reader", "${data.terraform_remote_state.y.outputs.id}")).toEqual(["holder/aws_vpc.v"]);
    expect(odd.kindOf("reader")).toBe("app");
  });

  it("matches a backend only in the bucket the read names; strict lookup (deployment order) takes only a single *-<kind> stack, never a guess", () => {
    const read = (config: Record<string, string>) => ({ data: { terraform_remote_state: { dr_network: { config } } } });
    const stacks = (reader: ReturnType<typeof read>, ...others: string[]) =>
      new TerraformIndex([
        { name: "e-dr-network", json: { terraform: { backend: { s3: { bucket: "mine", key: "e/dr-network.tfstate" } } } } },
        ...others.map((name) => ({ name, json: {} })),
        { name: "e-app", json: reader },
      ]);
    expect(stacks(read({ bucket: "mine", key: "e/dr-network.tfstate" })).upstreamStack("e-app", "dr_network", "strict")).toBe("e-dr-network");
    // Another bucket's state with the same key is not this stack's; the strict fallback still finds the one *-dr-network stack.
    const elsewhere = stacks(read({ bucket: "theirs", key: "e/dr-network.tfstate" }), "x-dr-network");
    expect(elsewhere.upstreamStack("e-app", "dr_network", "strict")).toBeUndefined();
    expect(stacks(read({ bucket: "theirs", key: "e/dr-network.tfstate" })).upstreamStack("e-app", "dr_network", "strict")).toBe("e-dr-network");
    // The default lookup guesses by the key's form: <env>-<kind>.
    expect(elsewhere.upstreamStack("e-app", "dr_network")).toBe("e-dr-network");
  });

  it("reads an expression it does not understand as every reference inside it, and notes it", () => {
    const bastion = ix.get("e-compute/aws_instance.bastion")!;
    expect(ix.refs(bastion.stack, bastion.attrs.user_data).sort()).toEqual(["e-compute/aws_launch_template.lt", "e-network/aws_vpc.vpc"]);
    expect([...ix.notes].some((n) => n.startsWith("expression ${base64encode(") && n.endsWith("read as every reference it contains"))).toBe(true);
  });

  it("notes remote state no synthesized stack holds and outputs that do not exist, resolving them to nothing", () => {
    const bastion = ix.get("e-compute/aws_instance.bastion")!;
    expect(ix.resolve(bastion.stack, bastion.attrs.lost)).toEqual([]);
    expect(ix.resolve(bastion.stack, bastion.attrs.missing)).toEqual([]);
    expect(ix.notes).toContain("e-compute: data.terraform_remote_state.gone reads no stack that was synthesized; its outputs are unknown");
    expect(ix.notes).toContain("e-compute: output nothing of e-network does not exist");
  });

  it("gives a stack's default region and a resource's region through its provider alias", () => {
    expect(ix.region("e-dr-network")).toBe("ap-northeast-1");
    expect(ix.regionOf(ix.get("e-network/aws_kms_key.dnssec")!)).toBe("us-east-1");
    expect(ix.regionOf(ix.get("e-network/aws_vpc.vpc")!)).toBe("ap-northeast-2");
  });

  it("names the outputs that refer to a resource, and a stack without a kind is its own kind", () => {
    expect(ix.outputsReferring("e-network", "e-network/aws_subnet.web-c")).toEqual(["web_subnet_ids"]);
    expect(ix.outputsReferring("e-network", "e-network/aws_vpc.vpc")).toEqual(["vpc_id"]);
    expect(ix.kindOf("e-network")).toBe("e-network");
  });

  it("reads tags as a map (none when absent) and finds DR stacks by name", () => {
    expect(tagsOf(ix.get("e-network/aws_subnet.web-a")!.attrs)).toEqual({ Tier: "web" });
    expect(tagsOf(ix.get("e-network/aws_vpc.vpc")!.attrs)).toEqual({});
    expect(ix.stackNames().filter(isDrStack)).toEqual(["e-dr-network"]);
  });
});
