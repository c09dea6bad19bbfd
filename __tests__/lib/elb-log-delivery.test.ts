/**
 * Trap 6: who may write ALB access logs into the log bucket.
 */
import { albLogDeliveryStatements } from "../../src/lib/elb-log-delivery";

const BUCKET = "arn:aws:s3:::e-alb-logs-1";

describe("albLogDeliveryStatements", () => {
  it("Seoul: the log delivery service principal and the region's ELB account, PutObject under the prefix only", () => {
    const statements = albLogDeliveryStatements(BUCKET, "111111111111", "ap-northeast-2", "alb");
    expect(statements.map((s) => s.Principal)).toEqual([{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, { AWS: "arn:aws:iam::600734575887:root" }]);
    for (const s of statements) {
      expect([s.Effect, s.Action, s.Resource]).toEqual(["Allow", "s3:PutObject", `${BUCKET}/alb/AWSLogs/111111111111/*`]);
    }
  });

  it("a region opened after August 2022 gets the service principal alone", () => {
    const statements = albLogDeliveryStatements(BUCKET, "111111111111", "ap-southeast-4", "alb");
    expect(statements.map((s) => s.Principal)).toEqual([{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }]);
  });
});
