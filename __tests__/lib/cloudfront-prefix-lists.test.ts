/**
 * R1.4 / CKV_AWS_260: with CloudFront in front, the public ALB accepts HTTPS
 * only from CloudFront's origin-facing managed prefix list, so it cannot be
 * reached around the CDN and its WAF; without a CDN it stays open on 80/443.
 */
import { Testing } from "cdktf";
import { validateDefinition } from "../../src/config/validate";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS, originFacingPrefixListId } from "../../src/lib/cloudfront-prefix-lists";
import { securityRules } from "../../src/lib/security-rules";
import { NetworkStack } from "../../src/stacks/network-stack";
import { variant } from "../support/synth";

describe("origin-facing prefix list ids", () => {
  it.each([
    ["ap-northeast-2", "pl-22a6434b"],
    ["ap-northeast-1", "pl-58a04531"],
    ["us-east-1", "pl-3b927c52"],
  ])("%s → %s (published id of com.amazonaws.global.cloudfront.origin-facing)", (region, id) => {
    expect(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region]).toBe(id);
    expect(originFacingPrefixListId(region)).toBe(id);
  });

  it("every id is well-formed and appears once (one list per region)", () => {
    const ids = Object.values(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS);
    for (const id of ids) expect(id).toMatch(/^pl-[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the definition's id wins; an unknown region without one has none", () => {
    expect(originFacingPrefixListId("ap-northeast-2", "pl-0123abcd")).toBe("pl-0123abcd");
    expect(originFacingPrefixListId("me-south-1")).toBeUndefined();
  });
});

describe("ALB ingress rules", () => {
  const albIngress = (definition: typeof buddyverse) =>
    securityRules(validateDefinition(definition))
      .filter((r) => r.group === "alb" && r.direction === "ingress")
      .map((r) => ({ peer: r.peer, port: r.port }));

  it("R1.4 media-commerce (CloudFront): HTTPS from the region's CloudFront prefix list only, never 0.0.0.0/0", () => {
    expect(albIngress(mediaCommerce)).toEqual([{ peer: { prefixList: "pl-22a6434b" }, port: 443 }]);
  });

  it("a definition's own prefix list id is used", () => {
    const def = variant(mediaCommerce, (d) => (d.edge.cdn.originFacingPrefixListId = "pl-0123abcd"));
    expect(albIngress(def)).toEqual([{ peer: { prefixList: "pl-0123abcd" }, port: 443 }]);
  });

  it.each([
    ["retail-launch", retailLaunch],
    ["buddyverse", buddyverse],
  ] as const)("%s (no CDN): HTTPS and HTTP (redirect) from the internet", (_name, preset) => {
    expect(albIngress(preset)).toEqual([
      { peer: { cidr: "0.0.0.0/0" }, port: 443 },
      { peer: { cidr: "0.0.0.0/0" }, port: 80 },
    ]);
  });

  it("the network stack materializes the prefix list peer as prefix_list_id on the ALB group", () => {
    const stack = new NetworkStack(Testing.app(), validateDefinition(mediaCommerce));
    const json = JSON.parse(Testing.synth(stack));
    const ingress = json.resource.aws_vpc_security_group_ingress_rule as Record<string, Record<string, unknown>>;
    const alb = Object.entries(ingress).filter(([, r]) => r.security_group_id === "${aws_security_group.sg_alb.id}");
    expect(alb.map(([id]) => id)).toEqual(["sg_alb-in-tcp-443-pl-22a6434b"]);
    expect(alb[0]![1]).toMatchObject({ prefix_list_id: "pl-22a6434b", ip_protocol: "tcp", from_port: 443, to_port: 443 });
    expect(alb[0]![1].cidr_ipv4).toBeUndefined();
    expect(alb[0]![1].description).toMatch(/CloudFront/);
  });
});
