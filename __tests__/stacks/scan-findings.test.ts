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
    const logBucket = buckets["access-logs"] as Res;
    expect(logBucket.bucket).toBe(`${env.stateBucket}-logs-${env.region}`);
    expect(logBucket.bucket.length).toBeLessThanOrEqual(63);
    const sse = resources(json.state, "aws_s3_bucket_server_side_encryption_configuration")["access-logs_bucket_encryption"] as Res;
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const policy = JSON.parse((resources(json.state, "aws_s3_bucket_policy")["access-logs_bucket"] as Res).policy);
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
        if (name === "access-logs") continue;
        const mine = logging.filter((l) => l.bucket === `\${aws_s3_bucket.${name}.id}`);
        expect({ kind, name, logs: mine.length }).toEqual({ kind, name, logs: 1 });
        const target = mine[0]!.target_bucket;
        if (kind === "state" || kind === "dr-storage") expect(target).toBe("${aws_s3_bucket.access-logs.bucket}");
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

describe.each(PRESETS.map((p) => [p.name, p] as const))("%s hosted zone", (_name, preset) => {
  const { env, json } = synthEnvironment(preset);
  const network = json.network;
  const one = (type: string): [string, Res] => {
    const all = Object.entries(resources(network, type)) as [string, Res][];
    expect(all.map(([n]) => n)).toHaveLength(1);
    return all[0]!;
  };
  const zoneRef = "${aws_route53_zone.dns.zone_id}";

  it("is DNSSEC-signed (CKV2_AWS_38): a us-east-1 ECC_NIST_P256 signing key Route 53 may use only for this account's zones, an active KSK, signing after it", () => {
    const providers = (network.provider?.aws ?? []) as Res[];
    expect(providers).toContainEqual(expect.objectContaining({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: [env.account] }));
    const key = resources(network, "aws_kms_key")["dns_dnssec"] as Res;
    expect(key).toMatchObject({ provider: "aws.us_east_1", customer_master_key_spec: "ECC_NIST_P256", key_usage: "SIGN_VERIFY" });
    const statements = JSON.parse(key.policy).Statement as Res[];
    const use = statements.find((st) => st.Sid === "Route53DnssecUse")!;
    expect(use).toMatchObject({ Principal: { Service: "dnssec-route53.amazonaws.com" }, Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"] });
    expect(use.Condition.StringEquals).toEqual({ "aws:SourceAccount": env.account });
    const [kskName, ksk] = one("aws_route53_key_signing_key");
    expect(ksk).toMatchObject({ hosted_zone_id: zoneRef, key_management_service_arn: "${aws_kms_key.dns_dnssec.arn}", status: "ACTIVE" });
    expect(ksk.name).toMatch(/^[A-Za-z0-9_]{3,128}$/);
    const [, signing] = one("aws_route53_hosted_zone_dnssec");
    expect(signing).toMatchObject({ hosted_zone_id: zoneRef, signing_status: "SIGNING", depends_on: [`aws_route53_key_signing_key.${kskName}`] });
  });

  it("logs its queries (CKV2_AWS_39) to a KMS-encrypted us-east-1 log group that Route 53 of this account may write", () => {
    const groups = Object.values(resources(network, "aws_cloudwatch_log_group")) as Res[];
    const group = groups.find((g) => g.name === `/aws/route53/${env.dns.domain}`)!;
    expect(group).toMatchObject({ provider: "aws.us_east_1", retention_in_days: 365 });
    expect(group.kms_key_id).toMatch(/aws_kms_key\.dns_query-log\.arn/);
    const [, policy] = one("aws_cloudwatch_log_resource_policy");
    expect(policy.provider).toBe("aws.us_east_1");
    const [statement] = JSON.parse(policy.policy_document).Statement as Res[];
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "route53.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:us-east-1:${env.account}:log-group:/aws/route53/*`,
      Condition: { StringEquals: { "aws:SourceAccount": env.account } },
    });
    const [, queryLog] = one("aws_route53_query_log");
    expect(queryLog).toMatchObject({ zone_id: zoneRef, depends_on: ["aws_cloudwatch_log_resource_policy.dns_query-log"] });
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
