/**
 * `<env>-compute` as synthesized for the four presets: the bastion, the public
 * and internal load balancers, launch templates and Auto Scaling per tier,
 * the certificate, access logs, dashboard and alarms; reading network and
 * data only through their declared contract outputs and publishing every
 * compute output.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { Testing } from "cdktf";
import { EnvironmentDefinition } from "../../src/config/definition";
import { validateDefinition } from "../../src/config/validate";
import { COMPUTE_OUTPUTS } from "../../src/contract/compute";
import { DATA_OUTPUTS } from "../../src/contract/data";
import { NETWORK_OUTPUTS } from "../../src/contract/network";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { addEnvironmentStacks } from "../../src/stacks";
import { ComputeStack } from "../../src/stacks/compute-stack";
import { resources, StackJson, synthEnvironment, variant } from "../support/synth";
import { all, allOf, one, optional, remote, Res } from "../support/stack-json";


/** Synthesize only the compute stack of `definition`. */
function synthCompute(definition: EnvironmentDefinition): { json: StackJson; text: string } {
  const stack = new ComputeStack(Testing.app(), validateDefinition(definition));
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as StackJson, text };
}

const network = (output: string) => remote("network", output);
const data = (output: string) => remote("data", output);

/** The boot script inside a launch template's `${base64encode("...")}`, unescaped (Terraform references stay as `${...}`). */
function userData(template: Res): string {
  const m = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(template.user_data as string);
  if (!m) throw new Error(`user_data is not base64encode("..."): ${String(template.user_data).slice(0, 80)}`);
  return m[1]!.replace(/\\(["\\n])/g, (_s, c: string) => (c === "n" ? "\n" : c)).replace(/%%\{/g, "%{");
}

const VARIANTS = {
  /** No compute section: every default (a WEB tier of two, a bastion for Session Manager). */
  noCompute: variant(retailLaunch, (d) => {
    delete d.compute;
    d.network.bastionAllowedCidrs = [];
  }),
  /** An arm64 WEB tier and a bastion switched off. */
  graviton: variant(buddyverse, (d) => {
    d.compute.web.instanceType = "t4g.small";
    d.compute.bastion = { enabled: false };
    d.network.bastionAllowedCidrs = [];
  }),
  /** A WAS application artifact. */
  artifact: variant(webWas, (d) => (d.compute.was.application = { artifactS3Uri: "s3://web-was-builds/app/app-1.0.jar" })),
};

/** Each preset and variant synthesized once, at load. */
const SYNTH: Record<string, { json: StackJson; text: string }> = Object.fromEntries([
  ...PRESETS.map((p) => [p.name, synthCompute(p)] as const),
  ...Object.entries(VARIANTS).map(([name, def]) => [name, synthCompute(def)] as const),
]);
const J = (name: string) => SYNTH[name]!.json;
const ALL = Object.keys(SYNTH);
const PRESET_NAMES = PRESETS.map((p) => p.name);

// ---------------------------------------------------------------------------

describe("contract (X.1)", () => {
  it.each(ALL)("%s reads only declared network and data outputs", (name) => {
    const read = [...SYNTH[name]!.text.matchAll(/data\.terraform_remote_state\.([a-z_-]+)\.outputs\.([a-z0-9_]+)/g)].map((m) => [m[1], m[2]]);
    expect(read.length).toBeGreaterThan(0);
    for (const [kind, output] of read) {
      expect(["network", "data"]).toContain(kind);
      expect(Object.keys(kind === "network" ? NETWORK_OUTPUTS : DATA_OUTPUTS)).toContain(output);
    }
  });

  it.each(ALL)("%s publishes every compute output, described, none sensitive", (name) => {
    const outputs = J(name).output ?? {};
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(COMPUTE_OUTPUTS).sort());
    for (const [key, o] of Object.entries(outputs)) {
      expect(o.description).toBe(COMPUTE_OUTPUTS[key as keyof typeof COMPUTE_OUTPUTS].description);
      expect(o.sensitive).toBeUndefined();
    }
  });

  it("outputs name the public ALB, the ASGs and the bastion's fixed IP; empty strings where absent", () => {
    expect(J("web-was").output).toMatchObject({
      alb_dns_name: { value: "${aws_lb.alb.dns_name}" },
      alb_zone_id: { value: "${aws_lb.alb.zone_id}" },
      alb_arn: { value: "${aws_lb.alb.arn}" },
      alb_arn_suffix: { value: "${aws_lb.alb.arn_suffix}" },
      internal_alb_dns_name: { value: "${aws_lb.internal-alb.dns_name}" },
      web_asg_name: { value: "${aws_autoscaling_group.web-asg.name}" },
      was_asg_name: { value: "${aws_autoscaling_group.was-asg.name}" },
      bastion_public_ip: { value: "${aws_eip.bastion_ip.public_ip}" },
    });
    expect(J("retail-launch").output).toMatchObject({ internal_alb_dns_name: { value: "" }, was_asg_name: { value: "" } });
    expect(J("graviton").output).toMatchObject({ bastion_public_ip: { value: "" } });
  });

  it("is added after data, depending on network and data", () => {
    const stacks = addEnvironmentStacks(Testing.app(), validateDefinition(buddyverse));
    const kinds = stacks.map((s) => s.kind);
    expect(kinds.indexOf("compute")).toBe(kinds.indexOf("data") + 1);
    const compute = stacks.find((s) => s.kind === "compute")!;
    expect(compute.dependencies.map((d) => (d as { kind?: string }).kind).sort()).toEqual(["data", "network"]);
  });
});

describe("addresses are API (renaming a construct replaces the resource)", () => {
  it("web-was has its load balancers, target groups, templates, groups and bastion at stable addresses", () => {
    const j = J("web-was");
    for (const [type, name] of [
      ["aws_lb", "alb"],
      ["aws_lb", "internal-alb"],
      ["aws_lb_target_group", "alb_web"],
      ["aws_lb_target_group", "internal-alb_was"],
      ["aws_lb_listener", "alb_http"],
      ["aws_lb_listener", "alb_https"],
      ["aws_lb_listener", "internal-alb"],
      ["aws_launch_template", "web-template"],
      ["aws_launch_template", "was-template"],
      ["aws_launch_template", "bastion-template"],
      ["aws_autoscaling_group", "web-asg"],
      ["aws_autoscaling_group", "was-asg"],
      ["aws_instance", "bastion"],
      ["aws_eip", "bastion_ip"],
      ["aws_acm_certificate", "certificate"],
      ["aws_s3_bucket", "alb-logs"],
      ["aws_kms_key", "volume-key"],
      ["aws_kms_key", "logs-key"],
      ["aws_cloudwatch_log_group", "web-logs"],
      ["aws_cloudwatch_dashboard", "dashboard"],
    ]) {
      expect(resources(j, type!)[name!]).toBeDefined();
    }
  });
});

describe("bastion (R0.9, R1.4, R2.1, R3.3)", () => {
  it.each(PRESET_NAMES)("%s: an instance from its launch template in a public subnet, with a fixed Elastic IP", (name) => {
    const j = J(name);
    const instance = one(j, "aws_instance", "bastion");
    expect(instance.launch_template).toEqual({ id: "${aws_launch_template.bastion-template.id}", version: "${aws_launch_template.bastion-template.latest_version}" });
    expect(instance.subnet_id).toBe(`\${element(${network("public_subnet_ids").slice(2, -1)}, 0)}`);
    expect(instance.associate_public_ip_address).toBe(false);
    expect(instance.ami).toBeUndefined(); // resolve:ssm: lives in the template (see bastion-host.ts)
    expect(one(j, "aws_eip", "bastion_ip")).toMatchObject({ domain: "vpc", instance: "${aws_instance.bastion.id}" });
    const lt = one(j, "aws_launch_template", "bastion-template");
    expect(lt.vpc_security_group_ids).toEqual([network("sg_bastion_id")]);
  });

  it("R2.1 the key pair is the definition's PUBLIC key; no private key anywhere", () => {
    const j = J("web-was");
    expect(one(j, "aws_key_pair", "operators").public_key).toBe(validateDefinition(webWas).compute!.sshPublicKey);
    for (const name of PRESET_NAMES) expect(SYNTH[name]!.text).not.toMatch(/PRIVATE KEY|tls_private_key/);
    for (const lt of all(j, "aws_launch_template")) expect(lt.key_name).toBe("${aws_key_pair.operators.key_name}");
  });

  it("R2.1 without a key (Session Manager only) there is no key pair and no template names one", () => {
    const j = J("noCompute");
    expect(resources(j, "aws_key_pair")).toEqual({});
    for (const lt of all(j, "aws_launch_template")) expect(lt.key_name).toBeUndefined();
  });

  it("R2.1 Session Manager core on every instance role, nothing more for the bastion", () => {
    for (const name of PRESET_NAMES) {
      const j = J(name);
      const ssm = all(j, "aws_iam_role_policy_attachment").filter((a) => a.policy_arn === "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
      expect(ssm.length).toBe(all(j, "aws_iam_role").length);
      expect(resources(j, "aws_iam_role_policy")["bastion-role_policy"]).toBeUndefined();
    }
  });

  it("R2.9 bastion on Amazon Linux 2023, R3.7 with a MySQL client where it may reach the database", () => {
    const bb = userData(one(J("buddyverse"), "aws_launch_template", "bastion-template"));
    expect(bb).toContain("mariadb105");
    expect(userData(one(J("web-was"), "aws_launch_template", "bastion-template"))).not.toContain("mariadb");
    expect(one(J("web-was"), "aws_launch_template", "bastion-template").image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  });

  it("R3.3 buddyverse: the seed's second bastion in 2c (Bastion1 in 2a, Bastion2 in 2c), same template, its own fixed IP", () => {
    const j = J("buddyverse");
    expect(Object.keys(resources(j, "aws_instance")).sort()).toEqual(["bastion", "bastion-c"]);
    const second = one(j, "aws_instance", "bastion-c");
    expect(second.subnet_id).toBe(`\${element(${network("public_subnet_ids").slice(2, -1)}, 1)}`);
    expect(second.launch_template).toEqual(one(j, "aws_instance", "bastion").launch_template);
    expect(second.tags).toEqual({ Name: "buddyverse-bastion-c" });
    expect(one(j, "aws_eip", "bastion-c_ip")).toMatchObject({ domain: "vpc", instance: "${aws_instance.bastion-c.id}" });
    expect(j.output!.bastion_public_ips).toMatchObject({ value: ["${aws_eip.bastion_ip.public_ip}", "${aws_eip.bastion-c_ip.public_ip}"] });
    // One bastion elsewhere.
    expect(Object.keys(resources(J("web-was"), "aws_instance"))).toEqual(["bastion"]);
  });

  it("a disabled bastion has no instance, template or address", () => {
    const j = J("graviton");
    expect([resources(j, "aws_instance"), resources(j, "aws_eip")]).toEqual([{}, {}]);
    expect(resources(j, "aws_launch_template")["bastion-template"]).toBeUndefined();
  });
});

describe("public load balancer (R0.1, R0.2, R2.2, R3.4, R3.9)", () => {
  it.each(PRESET_NAMES)("%s: internet-facing in the public subnets, logs, deletion protection, header and desync protection", (name) => {
    const lb = one(J(name), "aws_lb", "alb");
    expect(lb).toMatchObject({
      internal: false,
      load_balancer_type: "application",
      subnets: network("public_subnet_ids"),
      security_groups: [network("sg_alb_id")],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      enable_deletion_protection: true,
      access_logs: { bucket: "${aws_s3_bucket.alb-logs.bucket}", prefix: "alb", enabled: true },
      depends_on: ["aws_s3_bucket_policy.alb-logs"],
    });
    expect(lb.name.length).toBeLessThanOrEqual(32);
  });

  it.each(PRESET_NAMES)("%s: R2.2 HTTP 80 only redirects to HTTPS 443 with a 301", (name) => {
    expect(one(J(name), "aws_lb_listener", "alb_http")).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  it.each(PRESET_NAMES)("%s: R3.9 HTTPS 443 with a TLS 1.3 policy and the VALIDATED certificate, forwarding to WEB", (name) => {
    expect(one(J(name), "aws_lb_listener", "alb_https")).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: "${aws_acm_certificate_validation.certificate.certificate_arn}",
    });
    // Behind CloudFront (media-commerce) WEB is reached through the origin-header rule (R1.4 tests below).
    const forward = name === "media-commerce" ? one(J(name), "aws_lb_listener_rule", "alb_from-cdn").action : one(J(name), "aws_lb_listener", "alb_https").default_action;
    expect(forward).toEqual([{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_web.arn}" }]);
  });

  it("R3.9 buddyverse: certificate for buddyverse.link and www, DNS-validated in the zone, replaced before destroyed", () => {
    const j = J("buddyverse");
    expect(one(j, "aws_acm_certificate", "certificate")).toMatchObject({
      domain_name: "buddyverse.link",
      subject_alternative_names: ["www.buddyverse.link"],
      validation_method: "DNS",
      options: { certificate_transparency_logging_preference: "ENABLED" },
      lifecycle: { create_before_destroy: true },
    });
    const record = one(j, "aws_route53_record", "certificate_validation-record");
    expect(record.zone_id).toBe(network("zone_id"));
    // Keyed by domain name over the set itself: known at plan time (cdktf's tolist() form is not).
    expect(record.for_each).toBe("${{ for option in aws_acm_certificate.certificate.domain_validation_options : option.domain_name => option }}");
    expect(record.allow_overwrite).toBe(true);
    expect(one(j, "aws_acm_certificate_validation", "certificate")).toMatchObject({
      certificate_arn: "${aws_acm_certificate.certificate.arn}",
      depends_on: ["aws_route53_record.certificate_validation-record"],
    });
  });

  it("R0.10 retail-launch: least outstanding requests, lb_cookie stickiness, no slow start", () => {
    expect(one(J("retail-launch"), "aws_lb_target_group", "alb_web")).toMatchObject({
      load_balancing_algorithm_type: "least_outstanding_requests",
      slow_start: 0,
      stickiness: { type: "lb_cookie", enabled: true, cookie_duration: 3600 },
    });
  });

  it("R3.4 buddyverse: HTTP:80 target group, round robin, lb_cookie stickiness", () => {
    expect(one(J("buddyverse"), "aws_lb_target_group", "alb_web")).toMatchObject({
      protocol: "HTTP",
      port: 80,
      target_type: "instance",
      vpc_id: network("vpc_id"),
      load_balancing_algorithm_type: "round_robin",
      stickiness: { type: "lb_cookie", enabled: true, cookie_duration: 86400 },
    });
  });

  it.each(PRESET_NAMES)("%s: CKV_AWS_261 health check with a path; a failed target is out in 30 s (10 s x 3)", (name) => {
    const tg = one(J(name), "aws_lb_target_group", "alb_web");
    expect(tg.health_check).toEqual({ enabled: true, path: "/health", protocol: "HTTP", port: "traffic-port", matcher: "200", interval: 10, timeout: 5, healthy_threshold: 2, unhealthy_threshold: 3 });
    expect(tg.deregistration_delay).toBe("60");
    expect(tg.name.length).toBeLessThanOrEqual(32);
  });
});

describe("R1.4 behind CloudFront, the ALB answers only this environment's distribution (origin secret header)", () => {
  it("media-commerce: HTTPS answers 403 by default and forwards only requests carrying X-Origin-Verify with the current or previous secret", () => {
    const j = J("media-commerce");
    expect(one(j, "aws_lb_listener", "alb_https").default_action).toEqual([{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "403", message_body: "Forbidden" } }]);
    expect(one(j, "aws_lb_listener_rule", "alb_from-cdn")).toMatchObject({
      listener_arn: "${aws_lb_listener.alb_https.arn}",
      priority: 1,
      condition: [{ http_header: { http_header_name: "X-Origin-Verify", values: "${compact([var.origin_verify_secret, var.origin_verify_secret_previous])}" } }],
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_web.arn}" }],
    });
    expect(j.variable).toMatchObject({ origin_verify_secret: { sensitive: true, default: "" }, origin_verify_secret_previous: { sensitive: true, default: "" } });
  });

  it("without a CDN (retail-launch, web-was, buddyverse) HTTPS forwards to WEB and there is no header rule or variable", () => {
    for (const name of ["retail-launch", "web-was", "buddyverse"]) {
      expect(one(J(name), "aws_lb_listener", "alb_https").default_action).toEqual([{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_web.arn}" }]);
      expect(resources(J(name), "aws_lb_listener_rule")).toEqual({});
      expect((J(name).variable as Res | undefined)?.origin_verify_secret).toBeUndefined();
    }
  });
});

describe("access log bucket (trap 6)", () => {
  it.each(PRESET_NAMES)("%s: SSE-S3, unique name from a prefix, expiring logs, TLS-only + log delivery policy", (name) => {
    const j = J(name);
    const bucket = one(j, "aws_s3_bucket", "alb-logs");
    expect(bucket.bucket_prefix).toBe(`${name}-alb-logs-`);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(one(j, "aws_s3_bucket_server_side_encryption_configuration", "alb-logs_bucket_encryption").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    const lifecycle = one(j, "aws_s3_bucket_lifecycle_configuration", "alb-logs_bucket_lifecycle");
    expect(lifecycle.rule).toEqual(expect.arrayContaining([expect.objectContaining({ id: "expire-access-logs", expiration: [{ days: 365 }] })]));
    const policy = JSON.parse(one(j, "aws_s3_bucket_policy", "alb-logs").policy as string);
    expect(policy.Statement.map((s: Res) => s.Sid)).toEqual(["DenyInsecureTransport", "AlbLogDelivery", "AlbLogDeliveryRegionalAccount"]);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `\${aws_s3_bucket.alb-logs.arn}/alb/AWSLogs/${validateDefinition(PRESETS.find((p) => p.name === name)!).account}/*`,
    });
    expect(resources(j, "aws_s3_bucket_public_access_block")["alb-logs_bucket"]).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });
});

describe("internal load balancer and WAS tier (R2.3, R2.7)", () => {
  it.each(["media-commerce", "web-was"])("%s: internal ALB on 8080 in the WAS subnets, forwarding to WAS instances on 8080", (name) => {
    const j = J(name);
    expect(one(j, "aws_lb", "internal-alb")).toMatchObject({
      internal: true,
      subnets: network("was_subnet_ids"),
      security_groups: [network("sg_internal_alb_id")],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      access_logs: { enabled: true, prefix: "alb" },
    });
    expect(one(j, "aws_lb_listener", "internal-alb")).toMatchObject({ port: 8080, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.internal-alb_was.arn}" }] });
    expect(one(j, "aws_lb_target_group", "internal-alb_was")).toMatchObject({ port: 8080, protocol: "HTTP", health_check: { path: "/actuator/health" } });
    expect(one(j, "aws_autoscaling_group", "was-asg")).toMatchObject({
      vpc_zone_identifier: network("was_subnet_ids"),
      target_group_arns: ["${aws_lb_target_group.internal-alb_was.arn}"],
    });
    expect(one(j, "aws_launch_template", "was-template").vpc_security_group_ids).toEqual([network("sg_was_id")]);
  });

  it("R2.3 WEB's nginx proxies to the internal ALB's DNS name on 8080", () => {
    const script = userData(one(J("web-was"), "aws_launch_template", "web-template"));
    expect(script).toContain("set $was_upstream http://${aws_lb.internal-alb.dns_name}:8080;");
  });

  it("R2.3 WAS gets the writer/reader endpoints and its own IAM-authenticated database user, never the master secret (or its ARN)", () => {
    const script = userData(one(J("web-was"), "aws_launch_template", "was-template"));
    expect(script).toContain(`DB_WRITER_HOST=${data("db_writer_endpoint")}\nDB_READER_HOST=${data("db_reader_endpoint")}`);
    expect(script).toContain("DB_USER=app\nDB_AUTH=iam");
    expect(script).not.toContain("db_master_secret_arn");
    expect(script).toContain(`REDIS_HOST=${data("cache_primary_endpoint")}`);
  });

  it("environments without WAS have no internal load balancer and no WAS tier", () => {
    for (const name of ["retail-launch", "buddyverse"]) {
      const j = J(name);
      expect(Object.keys(resources(j, "aws_lb"))).toEqual(["alb"]);
      expect(Object.keys(resources(j, "aws_autoscaling_group"))).toEqual(["web-asg"]);
    }
  });
});

describe("launch templates (R0.11, R2.9)", () => {
  it.each(ALL)("%s: IMDSv2 required with hop limit 1, detailed monitoring, encrypted gp3 with the CMK, no public IP", (name) => {
    for (const lt of all(J(name), "aws_launch_template")) {
      expect(lt.metadata_options).toMatchObject({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(lt.monitoring).toEqual({ enabled: true });
      expect(lt.block_device_mappings).toHaveLength(1);
      expect(lt.block_device_mappings[0].ebs).toEqual({ volume_type: "gp3", volume_size: expect.any(Number), encrypted: "true", kms_key_id: "${aws_kms_key.volume-key.arn}", delete_on_termination: "true" });
      expect(lt.network_interfaces).toBeUndefined(); // no associate_public_ip_address anywhere (CKV_AWS_88)
      expect(lt.image_id).toMatch(/^resolve:ssm:\/aws\/service\//);
      expect(lt.tag_specifications.map((t: Res) => t.resource_type)).toEqual(["instance", "volume", "network-interface"]);
      for (const t of lt.tag_specifications) expect(t.tags).toMatchObject({ Environment: validateDefinition(ALL_DEFS[name]!).name, Stack: "compute", ManagedBy: "cdktf" });
    }
  });

  it("R2.9 web-was: Ubuntu 22.04 WEB and WAS booting from /dev/sda1; the Amazon Linux bastion from /dev/xvda", () => {
    const j = J("web-was");
    for (const tier of ["web", "was"]) {
      const lt = one(j, "aws_launch_template", `${tier}-template`);
      expect(lt.image_id).toBe("resolve:ssm:/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id");
      expect(lt.block_device_mappings[0].device_name).toBe("/dev/sda1");
    }
    expect(one(j, "aws_launch_template", "bastion-template").block_device_mappings[0].device_name).toBe("/dev/xvda");
  });

  it("a Graviton instance type gets the arm64 image", () => {
    expect(one(J("graviton"), "aws_launch_template", "web-template").image_id).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
  });

  it("R0.11 retail-launch: WEB instances are configured at first boot by their script (nginx, logs)", () => {
    const script = userData(one(J("retail-launch"), "aws_launch_template", "web-template"));
    expect(script).toContain("retry dnf install -y nginx rsync");
    expect(script).toContain('"log_group_name": "/retail-launch/compute/web"');
    expect(script).toContain("systemctl restart nginx");
  });

  it("R3.6 R1.2 nginx (and Spring's multipart limits) accept the largest upload the WAF lets through; 1 MiB without uploads", () => {
    expect(userData(one(J("buddyverse"), "aws_launch_template", "web-template"))).toContain("client_max_body_size 20m;");
    expect(userData(one(J("media-commerce"), "aws_launch_template", "web-template"))).toContain("client_max_body_size 500m;");
    expect(userData(one(J("media-commerce"), "aws_launch_template", "was-template"))).toContain("SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE=500MB");
    expect(userData(one(J("retail-launch"), "aws_launch_template", "web-template"))).toContain("client_max_body_size 1m;");
    expect(userData(one(J("web-was"), "aws_launch_template", "was-template"))).not.toContain("SPRING_SERVLET_MULTIPART");
  });

  it.each(ALL)("%s: no boot step fetches source code or compiles (git clone, GitHub, curl | sh, make, cargo, go build)", (name) => {
    const templates = all(J(name), "aws_launch_template");
    expect(templates.length).toBeGreaterThan(0);
    for (const lt of templates) expect(userData(lt)).not.toMatch(/git clone|github\.com|build-deb|\bmake\b|cargo |go build|curl[^\n]*\|\s*(sudo )?(ba)?sh/);
  });

  it("R2.9 R2.5 web-was: the Ubuntu tiers install the prebuilt EFS mount helper .deb, and their roles may read exactly that object", () => {
    const deb = "s3://web-was-artifacts-333333333333/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb";
    for (const tier of ["web", "was"]) {
      expect(userData(one(J("web-was"), "aws_launch_template", `${tier}-template`))).toContain(`retry aws s3 cp --region ap-northeast-2 ${deb} /tmp/amazon-efs-utils.deb`);
      const policy = JSON.parse(one(J("web-was"), "aws_iam_role_policy", `${tier}-role`).policy as string);
      const gets = policy.Statement.filter((st: Res) => [st.Action].flat().includes("s3:GetObject"));
      expect(gets.flatMap((st: Res) => [st.Resource].flat())).toContain("arn:aws:s3:::web-was-artifacts-333333333333/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb");
    }
    // Amazon Linux tiers keep the distribution's package and read no package object.
    expect(userData(one(J("buddyverse"), "aws_launch_template", "web-template"))).toContain("retry dnf install -y amazon-efs-utils");
  });

  it("R3.6 buddyverse: /static and /media mounted at boot from the data stack's EFS access points", () => {
    const script = userData(one(J("buddyverse"), "aws_launch_template", "web-template"));
    expect(script).toContain(`EFS_ID="${data("efs_id")}"`);
    expect(script).toContain(`AP_IDS="\${join(",", ${data("efs_access_point_ids").slice(2, -1)})}"`);
    expect(script).toContain("mount_access_point /static /static\nmount_access_point /media /media\n");
  });

  it("R2.5 web-was: logs to CloudWatch Logs and archived to the /logs access point", () => {
    for (const tier of ["web", "was"]) {
      const script = userData(one(J("web-was"), "aws_launch_template", `${tier}-template`));
      expect(script).toContain(`"log_group_name": "/web-was/compute/${tier}"`);
      expect(script).toContain("mount_access_point /logs /mnt/log-archive");
      expect(script).toContain(`DEST=/mnt/log-archive/${tier}/$IID`);
    }
  });
});

describe("Auto Scaling (R1.1, R1.6, R3.5, R3.10)", () => {
  it.each(ALL)("%s: latest template version, rolling refresh, ELB health checks, rebalancing, metrics, tags at launch", (name) => {
    const j = J(name);
    for (const [id, asg] of Object.entries(resources(j, "aws_autoscaling_group")) as [string, Res][]) {
      const tier = id.split("-")[0];
      expect(asg).toMatchObject({
        launch_template: { id: `\${aws_launch_template.${tier}-template.id}`, version: `\${aws_launch_template.${tier}-template.latest_version}` },
        health_check_type: "ELB",
        health_check_grace_period: 300,
        capacity_rebalance: true,
        metrics_granularity: "1Minute",
        instance_refresh: { strategy: "Rolling", preferences: { min_healthy_percentage: 90 } },
        lifecycle: { ignore_changes: ["desired_capacity"] },
      });
      expect(asg.enabled_metrics).toContain("GroupInServiceInstances");
      expect(asg.tag.every((t: Res) => t.propagate_at_launch === true)).toBe(true);
      expect(asg.tag).toEqual(expect.arrayContaining([{ key: "Role", value: tier, propagate_at_launch: true }, { key: "Stack", value: "compute", propagate_at_launch: true }]));
    }
  });

  it("R3.5 buddyverse: desired 2, min 2, max 4 across both web subnets, registered with the WEB target group", () => {
    expect(one(J("buddyverse"), "aws_autoscaling_group", "web-asg")).toMatchObject({
      min_size: 2,
      desired_capacity: 2,
      max_size: 4,
      vpc_zone_identifier: network("web_subnet_ids"),
      target_group_arns: ["${aws_lb_target_group.alb_web.arn}"],
    });
  });

  it.each(PRESET_NAMES)("%s: R3.10 CPU target tracking that scales out and back in, per tier", (name) => {
    const j = J(name);
    for (const id of Object.keys(resources(j, "aws_autoscaling_group"))) {
      const tier = id.split("-")[0];
      expect(one(j, "aws_autoscaling_policy", `${tier}-asg_cpu`)).toMatchObject({
        autoscaling_group_name: `\${aws_autoscaling_group.${tier}-asg.name}`,
        policy_type: "TargetTrackingScaling",
        target_tracking_configuration: { predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" }, target_value: 50, disable_scale_in: false },
      });
    }
  });

  it("R1.6 media-commerce: capacity raised ahead of the Friday sale (Seoul time), released after; unset bounds stay (-1)", () => {
    const j = J("media-commerce");
    for (const tier of ["web", "was"]) {
      expect(one(j, "aws_autoscaling_schedule", `${tier}-asg_sale-warmup`)).toMatchObject({
        autoscaling_group_name: `\${aws_autoscaling_group.${tier}-asg.name}`,
        recurrence: "30 19 * * FRI",
        time_zone: "Asia/Seoul",
        min_size: 6,
        desired_capacity: 6,
        max_size: -1,
      });
      expect(one(j, "aws_autoscaling_schedule", `${tier}-asg_sale-release`)).toMatchObject({ min_size: 3, max_size: -1, desired_capacity: -1 });
    }
    expect(resources(J("buddyverse"), "aws_autoscaling_schedule")).toEqual({});
  });
});

describe("least privilege and encryption (X.4, R3.11)", () => {
  it.each(PRESET_NAMES)("%s: no application role reads any secret (the master secret is the operators'); only the data-client tier connects to the database, as the app user", (name) => {
    const j = J(name);
    const env = validateDefinition(ALL_DEFS[name]!);
    const client = env.layout.was ? "was" : "web";
    const policies = Object.entries(resources(j, "aws_iam_role_policy"));
    expect(policies.length).toBeGreaterThan(0);
    for (const [id, p] of policies) {
      const statements = JSON.parse(p.policy as string).Statement as Res[];
      expect(statements.filter((s) => ([] as string[]).concat(s.Action).some((a) => a.startsWith("secretsmanager:")))).toEqual([]);
      expect(p.policy).not.toContain("db_master_secret_arn");
      const connects = statements.filter((s) => ([] as string[]).concat(s.Action).includes("rds-db:connect"));
      if (id === `${client}-role`) {
        expect(connects).toHaveLength(1);
        for (const arn of [connects[0]!.Resource].flat()) expect(arn).toMatch(new RegExp(`^arn:aws:rds-db:ap-northeast-2:${env.account}:dbuser:\\$\\{[^}]+\\}/app$`));
      } else {
        expect(connects).toEqual([]);
      }
      for (const s of statements) if (s.Resource === "*") expect(s.Condition).toBeDefined();
    }
  });

  it("R2.4 web-was: rds-db:connect as app on the primary and on the replica (each its own IAM resource)", () => {
    const policy = JSON.parse(one(J("web-was"), "aws_iam_role_policy", "was-role").policy as string);
    const connect = policy.Statement.find((s: Res) => s.Sid === "ConnectToOwnDatabaseAsAppUser");
    expect(connect.Resource).toEqual([
      `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:${data("db_iam_resource_id")}/app`,
      `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:\${element(${data("db_replica_iam_resource_ids").slice(2, -1)}, 0)}/app`,
    ]);
  });

  describe("X.4 the application's database identity, evaluated with iam-simulate", () => {
    const RESOURCE_ID = "db-ABCDEFGHIJKLMNOPQRSTUVWXY1";
    const REPLICA_ID = "db-ABCDEFGHIJKLMNOPQRSTUVWXY2";
    const MASTER_SECRET = "arn:aws:secretsmanager:ap-northeast-2:333333333333:secret:web-was/db-master-AbCdEf";
    const identity = () => {
      const text = (one(J("web-was"), "aws_iam_role_policy", "was-role").policy as string)
        .split(data("db_iam_resource_id")).join(RESOURCE_ID)
        .split(`\${element(${data("db_replica_iam_resource_ids").slice(2, -1)}, 0)}`).join(REPLICA_ID)
        .replace(/\$\{[^}]+\}/g, "x");
      return [{ name: "was", policy: JSON.parse(text) }];
    };
    const decide = async (action: string, resource: string) => {
      const result = await runSimulation(
        {
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          request: { principal: "arn:aws:sts::333333333333:assumed-role/web-was-was/i-0123456789abcdef0", action, resource: { resource, accountId: "333333333333" }, contextVariables: {} },
          identityPolicies: identity(),
        },
        {},
      );
      if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
      return result.overallResult;
    };

    it.each([
      ["rds-db:connect", `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:${RESOURCE_ID}/app`, "Allowed"],
      ["rds-db:connect", `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:${REPLICA_ID}/app`, "Allowed"],
      ["rds-db:connect", `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:${RESOURCE_ID}/admin`, "ImplicitlyDenied"],
      ["rds-db:connect", `arn:aws:rds-db:ap-northeast-2:333333333333:dbuser:db-OTHERDATABASE0000000000000/app`, "ImplicitlyDenied"],
      ["secretsmanager:GetSecretValue", MASTER_SECRET, "ImplicitlyDenied"],
    ])("%s on %s: %s", async (action, resource, expected) => {
      expect(await decide(action, resource)).toBe(expected);
    });
  });

  it("R1.6 media-commerce: only WAS (the data client) may connect to the cache; retail-launch has no cache, no grant", () => {
    const sids = (name: string, tier: string) => JSON.parse(one(J(name), "aws_iam_role_policy", `${tier}-role`).policy as string).Statement.map((s: Res) => s.Sid);
    expect(sids("media-commerce", "was")).toContain("ConnectToOwnCacheWithIam");
    expect(sids("media-commerce", "web")).not.toContain("ConnectToOwnCacheWithIam");
    expect(sids("retail-launch", "web")).not.toContain("ConnectToOwnCacheWithIam");
  });

  it("an artifact is downloadable by the WAS role, exactly that object (beside the EFS mount helper package)", () => {
    const policy = JSON.parse(one(J("artifact"), "aws_iam_role_policy", "was-role").policy as string);
    expect(policy.Statement.find((s: Res) => s.Sid === "DownloadOwnArtifact").Resource).toEqual([
      "arn:aws:s3:::web-was-builds/app/app-1.0.jar",
      "arn:aws:s3:::web-was-artifacts-333333333333/efs-utils/amazon-efs-utils-2.3.1-1_amd64.deb",
    ]);
  });

  it.each(PRESET_NAMES)("%s: log groups encrypted with the compute logs key, kept 365 days", (name) => {
    const groups = all(J(name), "aws_cloudwatch_log_group");
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g).toMatchObject({ kms_key_id: "${aws_kms_key.logs-key.arn}", retention_in_days: 365 });
  });

  it.each(PRESET_NAMES)("%s: keys rotate; the volume key is usable only through EC2 in this account", (name) => {
    const j = J(name);
    const env = validateDefinition(ALL_DEFS[name]!);
    for (const k of all(j, "aws_kms_key")) expect(k.enable_key_rotation).toBe(true);
    const policy = JSON.parse(one(j, "aws_kms_key", "volume-key").policy as string);
    const ebs = policy.Statement.find((s: Res) => s.Principal?.AWS === "*");
    expect(ebs.Condition).toEqual({ StringEquals: { "kms:CallerAccount": env.account, "kms:ViaService": "ec2.ap-northeast-2.amazonaws.com" } });
  });
});

describe("observability (R1.8, R3.10)", () => {
  it.each(PRESET_NAMES)("%s: the dashboard's database and cache widgets name exactly the data stack's instances and nodes (no account-wide SEARCH)", (name) => {
    const text = one(J(name), "aws_cloudwatch_dashboard", "dashboard").dashboard_body as string;
    expect(text).not.toMatch(/SEARCH/);
    const body = JSON.parse(text) as { widgets: { properties: { title: string; metrics: unknown[][] } }[] };
    const shown = (ns: string) => new Set(body.widgets.flatMap((w) => w.properties.metrics.filter((m) => m[0] === ns).map((m) => m[3] as string)));
    // What the data stack really creates, from its synthesized JSON.
    const dataJson = synthEnvironment(ALL_DEFS[name]!).json.data!;
    const dbIds = allOf(dataJson, "aws_db_instance", "aws_rds_cluster_instance").map((r) => r.identifier as string);
    const cache = optional(dataJson, "aws_elasticache_replication_group");
    const cacheIds = cache.flatMap((g) => Array.from({ length: g.num_cache_clusters as number }, (_, i) => `${g.replication_group_id}-${String(i + 1).padStart(3, "0")}`));
    expect(dbIds.length).toBeGreaterThan(0);
    expect([...shown("AWS/RDS")].sort()).toEqual(dbIds.sort());
    expect([...shown("AWS/ElastiCache")].sort()).toEqual(cacheIds.sort());
    // R3.10 buddyverse has no cache: no cache widget at all.
    if (cacheIds.length === 0) expect(body.widgets.filter((w) => /Cache/.test(w.properties.title))).toEqual([]);
  });

  it.each(PRESET_NAMES)("%s: alarms on unhealthy hosts, 5xx rate and latency notify the environment's topic", (name) => {
    const j = J(name);
    const alarms = resources(j, "aws_cloudwatch_metric_alarm");
    const tiers = Object.keys(resources(j, "aws_autoscaling_group")).map((id) => id.split("-")[0]);
    expect(Object.keys(alarms).sort()).toEqual(
      ["alarms_alb-5xx-rate", "alarms_alb-latency-p95", ...tiers.flatMap((t) => [`alarms_${t}-unhealthy-hosts`, `alarms_${t}-no-healthy-hosts`, `alarms_${t}-cpu-high`])].sort(),
    );
    for (const a of Object.values(alarms)) {
      expect(a).toMatchObject({ actions_enabled: true, alarm_actions: [data("alarm_topic_arn")], ok_actions: [data("alarm_topic_arn")] });
    }
    expect(alarms["alarms_alb-latency-p95"]).toMatchObject({ extended_statistic: "p95", threshold: 1, dimensions: { LoadBalancer: "${aws_lb.alb.arn_suffix}" } });
    expect(alarms["alarms_web-unhealthy-hosts"]).toMatchObject({
      metric_name: "UnHealthyHostCount",
      threshold: 0,
      dimensions: { TargetGroup: "${aws_lb_target_group.alb_web.arn_suffix}", LoadBalancer: "${aws_lb.alb.arn_suffix}" },
    });
    const rate = alarms["alarms_alb-5xx-rate"] as Res;
    expect(rate.threshold).toBe(5);
    expect(rate.metric_query.find((q: Res) => q.return_data).expression).toBe("100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests");
  });

  it("web-was: the WAS alarms watch the WAS target group behind the internal ALB", () => {
    expect(one(J("web-was"), "aws_cloudwatch_metric_alarm", "alarms_was-unhealthy-hosts").dimensions).toEqual({
      TargetGroup: "${aws_lb_target_group.internal-alb_was.arn_suffix}",
      LoadBalancer: "${aws_lb.internal-alb.arn_suffix}",
    });
  });

  it.each(PRESET_NAMES)("%s: one dashboard with CPU per tier, ALB figures, healthy hosts, database (and cache where there is one)", (name) => {
    const dash = one(J(name), "aws_cloudwatch_dashboard", "dashboard");
    expect(dash.dashboard_name).toBe(name);
    const body = JSON.parse(dash.dashboard_body as string) as { widgets: { properties: { title: string; metrics: unknown[][] } }[] };
    const titles = body.widgets.map((w) => w.properties.title);
    expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/CPU utilization per tier/), expect.stringMatching(/requests/), expect.stringMatching(/5xx/), expect.stringMatching(/response time/), expect.stringMatching(/Healthy/), expect.stringMatching(/^Database/)]));
    expect(titles.some((t) => /^Cache/.test(t))).toBe(validateDefinition(ALL_DEFS[name]!).data?.cache !== undefined);
    const cpu = body.widgets.find((w) => /CPU utilization/.test(w.properties.title))!.properties.metrics;
    expect(cpu.map((m) => m[3])).toEqual(Object.keys(resources(J(name), "aws_autoscaling_group")).sort().reverse().map((id) => `\${aws_autoscaling_group.${id}.name}`));
    // Every Terraform reference in the body points at a resource of this stack.
    for (const ref of (dash.dashboard_body as string).match(/\$\{[^}]+\}/g) ?? []) expect(ref).toMatch(/^\$\{aws_(lb|lb_target_group|autoscaling_group)\.[a-z-]+(_[a-z]+)?\.(arn_suffix|name)\}$/);
  });
});

/** Definitions by synthesized name. */
const ALL_DEFS: Record<string, EnvironmentDefinition> = Object.fromEntries([...PRESETS.map((p) => [p.name, p] as const), ...Object.entries(VARIANTS)]);

describe("R1.6 cache access of the data client tier", () => {
  it("media-commerce WAS may connect to exactly the cache replication group and user the data stack publishes; WEB may not", () => {
    const policies = all(J("media-commerce"), "aws_iam_role_policy").map((p) => ({ role: String(p.role), doc: JSON.parse(p.policy) as { Statement: Res[] } }));
    const connect = policies.filter((p) => p.doc.Statement.some((s) => s.Action === "elasticache:Connect"));
    expect(connect).toHaveLength(1);
    expect(connect[0]!.role).toMatch(/was/);
    const statement = connect[0]!.doc.Statement.find((s) => s.Action === "elasticache:Connect")!;
    expect(statement.Resource).toEqual([
      `arn:aws:elasticache:ap-northeast-2:222222222222:replicationgroup:${data("cache_replication_group_id")}`,
      `arn:aws:elasticache:ap-northeast-2:222222222222:user:${data("cache_user_id")}`,
    ]);
  });
});
