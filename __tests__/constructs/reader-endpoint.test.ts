/**
 * ReaderEndpoint: one reader name over several RDS replicas (R2.4).
 */
import { Testing } from "cdktf";
import { ReaderEndpoint } from "../../src/constructs/reader-endpoint";

type Res = Record<string, any>;

describe("ReaderEndpoint", () => {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      new ReaderEndpoint(scope, "reader", { envName: "shop", vpcId: "vpc-1", replicaAddresses: ["r1.example", "r2.example"], ttl: 10 });
    }),
  );

  it("R2.4 a private zone of the VPC with one equally weighted CNAME per replica", () => {
    const zone = Object.values(json.resource.aws_route53_zone)[0] as Res;
    expect(zone).toMatchObject({ name: "db.shop.internal", vpc: [{ vpc_id: "vpc-1" }], force_destroy: false });
    const records = Object.values(json.resource.aws_route53_record) as Res[];
    expect(records.map((r) => [r.name, r.type, r.ttl, r.records, r.set_identifier, r.weighted_routing_policy])).toEqual([
      ["reader.db.shop.internal", "CNAME", 10, ["r1.example"], "replica-1", { weight: 1 }],
      ["reader.db.shop.internal", "CNAME", 10, ["r2.example"], "replica-2", { weight: 1 }],
    ]);
  });

  it("refuses fewer than two replicas (one replica's own endpoint is the reader)", () => {
    expect(() => Testing.synthScope((scope) => new ReaderEndpoint(scope, "reader", { envName: "shop", vpcId: "vpc-1", replicaAddresses: ["r1.example"] }))).toThrow(
      /at least two replicas/,
    );
  });
});
