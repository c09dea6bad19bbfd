/**
 * Reference resolution of the guardrail model: same-stack references anywhere
 * in a value, cross-stack references through terraform_remote_state outputs,
 * and what is deliberately not a reference.
 */
import { TerraformIndex, TfResource } from "../../src/synthesized/terraform-index";
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
