/**
 * Issue 12, findings of the independent checkov scan, on the synthesized
 * presets: S3 server access logs (CKV_AWS_18) into one access-log bucket per
 * region, CloudTrail data events on the state bucket, HSTS preload
 * (CKV_AWS_259). The guardrail rules prove the same on every preset
 * (__tests__/guardrails/presets.test.ts); these pin the design.
 */
import { PRESETS } from "../../src/environments";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { resources, synthEnvironment } from "../support/synth";

type Res = Record<string, any>;

describe.each(PRESETS.map((p) => [p.name, p] as const))("%s", (_name, preset) => {
  const { env, json } = synthEnvironment(preset);

  it("X.1 the state stack holds the region's access-log bucket: <stateBucket>-logs-<region>, SSE-S3, written only by S3 logging for this account", () => {
    const buckets = resources(json.state, "aws_s3_bucket");
    const logBucket = buckets["access-logs_bucket_bucket"] as Res;
    expect(logBucket.bucket).toBe(`${env.stateBucket}-logs-${env.region}`);
    expect(logBucket.bucket.length).toBeLessThanOrEqual(63);
    const sse = resources(json.state, "aws_s3_bucket_server_side_encryption_configuration")["access-logs_bucket_encryption"] as Res;
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const policy = JSON.parse((resources(json.state, "aws_s3_bucket_policy")["access-logs_bucket_policy"] as Res).policy);
    const delivery = policy.Statement.find((s: Res) => s.Sid === "S3ServerAccessLogDelivery");
    expect(delivery).toMatchObject({ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" });
    expect(delivery.Condition).toEqual({ StringEquals: { "aws:SourceAccount": env.account } });
  });

  it("X.1 every bucket of every stack logs to its region's access-log bucket (CKV_AWS_18), except the log buckets themselves", () => {
    let checked = 0;
    for (const [kind, stack] of Object.entries(json)) {
      const region = kind.startsWith("dr-") && env.dr ? env.dr.region : env.region;
      const logging = Object.values(resources(stack, "aws_s3_bucket_logging")) as Res[];
      for (const [name, bucket] of Object.entries(resources(stack, "aws_s3_bucket")) as [string, Res][]) {
        if (name === "access-logs_bucket_bucket") continue;
        const mine = logging.filter((l) => l.bucket === `\${aws_s3_bucket.${name}.id}`);
        expect({ kind, name, logs: mine.length }).toEqual({ kind, name, logs: 1 });
        const target = mine[0]!.target_bucket;
        if (kind === "state" || kind === "dr-storage") expect(target).toBe("${aws_s3_bucket.access-logs_bucket_bucket.bucket}");
        else expect(target).toBe(`${env.stateBucket}-logs-${region}`);
        expect(mine[0]!.target_prefix).toMatch(/^[a-z-]+\/$/);
        checked++;
        void bucket;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it("X.1 the audit trail records S3 data events (reads and writes) of the state bucket's objects", () => {
    const trails = Object.values(resources(json.edge, "aws_cloudtrail")) as Res[];
    expect(trails).toHaveLength(1);
    expect(trails[0]!.event_selector).toEqual([
      expect.objectContaining({
        read_write_type: "All",
        include_management_events: true,
        data_resource: [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::${env.stateBucket}/`] }],
      }),
    ]);
  });
});

describe("R1.4 CloudFront security headers (media-commerce)", () => {
  const { json } = synthEnvironment(mediaCommerce);
  it("HSTS is sent for a year with includeSubDomains, preload and override (CKV_AWS_259)", () => {
    const policies = Object.values(resources(json.edge, "aws_cloudfront_response_headers_policy")) as Res[];
    expect(policies).toHaveLength(1);
    expect(policies[0]!.security_headers_config.strict_transport_security).toEqual({
      access_control_max_age_sec: 31536000,
      include_subdomains: true,
      preload: true,
      override: true,
    });
  });
});
