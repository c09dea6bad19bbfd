/**
 * The address rule of issue 11 (src/lib/address.ts): a resource's name never
 * repeats its type, `-` within construct ids, `_` only between path parts; and
 * every preset's synthesized stacks follow it.
 */
import { Construct } from "constructs";
import { TerraformResource, Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { resourceAddressName, stutters, typeSuffixes, withoutTypeName } from "../../src/lib/address";
import { PRESETS } from "../../src/environments";
import { validateDefinition } from "../../src/config/validate";
import { EnvironmentStack } from "../../src/stacks/environment-stack";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { synthEnvironment } from "../support/synth";

describe("address rule (issue 11)", () => {
  it.each([
    ["aws_lb", ["alb", "lb"], "alb"],
    ["aws_kms_key", ["alarm-topic", "key", "key"], "alarm-topic"],
    ["aws_kms_alias", ["alarm-topic", "key", "alias"], "alarm-topic_key"],
    ["aws_s3_bucket", ["state", "bucket", "bucket"], "state"],
    ["aws_s3_bucket_public_access_block", ["alb-logs", "bucket", "public-access-block"], "alb-logs_bucket"],
    ["aws_cloudwatch_log_group", ["web-logs", "log-group"], "web-logs"],
    ["aws_eip", ["nat", "eip-a"], "nat_a"],
    ["aws_efs_access_point", ["shared-files", "access-point-logs"], "shared-files_logs"],
    ["aws_security_group", ["sg", "internal_alb"], "sg_internal-alb"],
    ["aws_vpc_security_group_egress_rule", ["sg", "web-out-tcp-443-192_168_10_20_32"], "sg_web-out-tcp-443-192-168-10-20-32"],
    ["aws_subnet", ["vpc", "web-a"], "vpc_web-a"],
    // The first part is the construct's id: kept even when it is the type's word.
    ["aws_vpc", ["vpc", "vpc"], "vpc"],
    ["aws_instance", ["instance"], "instance"],
  ])("%s at %j is %s", (type, path, name) => {
    expect(resourceAddressName(type, path)).toBe(name);
  });

  it("reads a type's words as kebab-case suffixes, longest first", () => {
    expect(typeSuffixes("aws_cloudwatch_log_group")).toEqual(["cloudwatch-log-group", "log-group", "group"]);
    expect(withoutTypeName("aws_lb", "lb")).toBeUndefined();
    expect(withoutTypeName("aws_lb", "lbs")).toBe("lbs");
    expect(withoutTypeName("aws_iam_role", "web-role")).toBe("web-role");
  });

  it("flags a path that stutters or uses _ inside an id, and not one that follows the rule", () => {
    expect(stutters("aws_lb", ["alb", "lb"])).toBe(true);
    expect(stutters("aws_security_group", ["sg", "internal_alb"])).toBe(true);
    expect(stutters("aws_lb", ["alb"])).toBe(false);
    expect(stutters("aws_iam_role", ["web-role"])).toBe(false);
  });

  it("refuses two constructs that would share one address", () => {
    const app = Testing.app();
    const stack = new EnvironmentStack(app, validateDefinition(retailLaunch), "network");
    const scope = new Construct(stack, "topic");
    new KmsKey(scope, "key", {});
    new KmsKey(stack, "topic_key", {}); // `topic_key` would become `topic-key`: no clash
    expect(() => Testing.synth(stack)).not.toThrow();
    new KmsKey(new Construct(scope, "kms-key"), "key", {}); // topic/kms-key/key → `topic`, as topic/key
    expect(() => Testing.synth(stack)).toThrow(/topic\/(kms-key\/)?key and topic\/(kms-key\/)?key would share the address aws_kms_key\.topic;/);
  });

  describe.each(PRESETS.map((p) => [p.name, p] as const))("%s: every synthesized address follows the rule", (_name, preset) => {
    // Every resource construct of every stack, with its construct path and the address it synthesized to.
    const { stacks, json } = synthEnvironment(preset);
    const addresses = Object.values(stacks).flatMap((stack) =>
      stack.node.findAll().filter(TerraformResource.isTerraformResource).map((r) => ({
        type: r.terraformResourceType,
        name: r.friendlyUniqueId,
        path: r.node.scopes.slice(r.node.scopes.indexOf(stack) + 1).map((c) => c.node.id),
        synthesized: Object.keys(json[stack.kind]!.resource?.[r.terraformResourceType] ?? {}).includes(r.friendlyUniqueId),
      })),
    );

    it("has resources to check", () => {
      expect(addresses.length).toBeGreaterThan(100);
      expect(addresses.filter((a) => !a.synthesized)).toEqual([]);
    });

    it("no name repeats its type or uses _ inside a construct id", () => {
      const offenders = addresses.filter((a) => a.name !== resourceAddressName(a.type, a.path) || stutters(a.type, a.name.split("_")));
      expect(offenders.map((a) => `${a.type}.${a.name}`)).toEqual([]);
    });
  });
});
