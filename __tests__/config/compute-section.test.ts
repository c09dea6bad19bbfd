/**
 * The `compute` section: defaults filled in, the presets' settings, and every
 * invalid compute definition refused with the field path and what is allowed
 * (X.5): one refusal per rule of src/config/compute/schema.ts and
 * src/config/compute/rules.ts.
 */
import { EnvironmentDefinition } from "../../src/config/definition";
import { computeSchema, computeSettings } from "../../src/config/compute/schema";
import { validateDefinition } from "../../src/config/validate";
import { PRESETS } from "../../src/environments";
import { buddyverse } from "../../src/environments/presets/buddyverse";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { webWas } from "../../src/environments/presets/web-was";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

/** The one problem reported at `path` (fails when there is none, or when others are reported too). */
function onlyProblemAt(definition: EnvironmentDefinition, path: string): string {
  const problems = problemsOf(definition);
  expect(problems.map((p) => p.path)).toEqual([path]);
  return problems[0]!.message;
}

describe("compute section defaults", () => {
  const parsed = computeSchema.parse({});

  it("an empty section: a bastion (t3.micro, Amazon Linux 2023, 8 GiB), no key, no WAS", () => {
    expect(parsed.sshPublicKey).toBeUndefined();
    expect(parsed.was).toBeUndefined();
    expect(parsed.bastion).toEqual({ enabled: true, instanceType: "t3.micro", os: "amazon-linux-2023", volumeSizeGiB: 8, additionalAzs: [] });
  });

  it("R3.5 WEB defaults: 2/2/4 t3.small on Amazon Linux 2023, 50% CPU target, 300 s grace, 90% kept during refresh", () => {
    const { targetGroup, ...web } = parsed.web;
    expect(web).toEqual({
      instanceType: "t3.small",
      os: "amazon-linux-2023",
      volumeSizeGiB: 20,
      minSize: 2,
      desiredCapacity: 2,
      maxSize: 4,
      healthCheckGracePeriodSeconds: 300,
      cpuTargetPercent: 50,
      scheduledActions: [],
      instanceRefreshMinHealthyPercent: 90,
      efsMounts: [],
      logRetentionDays: 365,
    });
    expect(targetGroup).toEqual({
      algorithm: "round_robin",
      slowStartSeconds: 0,
      deregistrationDelaySeconds: 60,
      healthCheck: { path: "/health", intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3, matcher: "200" },
    });
  });

  it("R2.3 a WAS tier defaults to the Spring Boot actuator health path and a placeholder until an artifact is given", () => {
    const was = computeSchema.parse({ was: {} }).was!;
    expect(was.targetGroup.healthCheck.path).toBe("/actuator/health");
    expect(was.application).toEqual({ javaOptions: "-Xms256m -Xmx512m", springProfiles: "prod" });
  });

  it("R3.9 the load balancer defaults to a TLS 1.3 policy, defensive desync mitigation, logs kept 365 days", () => {
    expect(parsed.loadBalancer).toEqual({
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      idleTimeoutSeconds: 60,
      desyncMitigationMode: "defensive",
      accessLogRetentionDays: 365,
    });
  });

  it("R3.10 alarm thresholds default to p95 1 s, 5% 5xx, 80% CPU over 3 minutes", () => {
    expect(parsed.alarms).toEqual({ latencyP95Seconds: 1, http5xxPercent: 5, cpuPercent: 80, evaluationMinutes: 3 });
  });

  it("a definition without a compute section gets the same settings (the stack always exists)", () => {
    const env = validateDefinition(variant(retailLaunch, (d) => delete d.compute));
    expect(env.compute).toBeUndefined();
    expect(computeSettings(env)).toEqual(parsed);
  });
});

describe("compute section of the presets", () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))("%s validates, with an operators' public key", (_name, preset) => {
    const env = validateDefinition(preset);
    expect(env.compute?.sshPublicKey).toMatch(/^ssh-ed25519 AAAA/);
  });

  it("R0.10 retail-launch: least outstanding requests, sticky sessions, no slow start", () => {
    const tg = validateDefinition(retailLaunch).compute!.web.targetGroup;
    expect([tg.algorithm, tg.stickiness?.durationSeconds, tg.slowStartSeconds]).toEqual(["least_outstanding_requests", 3600, 0]);
  });

  it("R1.6 media-commerce: WEB and WAS raise capacity ahead of the Friday sale and release it after", () => {
    const c = validateDefinition(mediaCommerce).compute!;
    for (const tier of [c.web, c.was!]) {
      expect(tier.scheduledActions.map((a) => [a.name, a.recurrence, a.timeZone, a.minSize])).toEqual([
        ["sale-warmup", "30 19 * * FRI", "Asia/Seoul", 6],
        ["sale-release", "0 2 * * SAT", "Asia/Seoul", 3],
      ]);
    }
  });

  it("R2.9 web-was: Ubuntu WEB and WAS, Amazon Linux bastion; R2.5 both tiers archive logs to /logs", () => {
    const c = validateDefinition(webWas).compute!;
    expect([c.web.os, c.was!.os, c.bastion.os]).toEqual(["ubuntu-22.04", "ubuntu-22.04", "amazon-linux-2023"]);
    expect([c.web.efsLogArchivePath, c.was!.efsLogArchivePath]).toEqual(["/logs", "/logs"]);
  });

  it("R3.4-R3.6 buddyverse: round robin + lb_cookie, 2/2/4, /static and /media mounted", () => {
    const web = validateDefinition(buddyverse).compute!.web;
    expect([web.targetGroup.algorithm, web.targetGroup.stickiness?.durationSeconds]).toEqual(["round_robin", 86400]);
    expect([web.minSize, web.desiredCapacity, web.maxSize]).toEqual([2, 2, 4]);
    expect(web.efsMounts).toEqual(["/static", "/media"]);
  });
});

describe("X.5 invalid compute definitions are refused with the field path", () => {
  it("R2.1 a private key is refused, naming it a private key", () => {
    const msg = onlyProblemAt(variant(retailLaunch, (d) => (d.compute.sshPublicKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----")), "compute.sshPublicKey");
    expect(msg).toMatch(/PRIVATE key; give only the public half/);
  });

  it("R2.1 something that is not an OpenSSH public key line is refused", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.sshPublicKey = "hunter2")), "compute.sshPublicKey")).toMatch(/OpenSSH public key line/);
  });

  it("R2.1 SSH allowed from CIDRs without a public key is refused (the bastion accepts keys only)", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => delete d.compute.sshPublicKey), "compute.sshPublicKey")).toMatch(/bastionAllowedCidrs/);
  });

  it("SSH allowed to a disabled bastion is refused", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.bastion = { enabled: false })), "compute.bastion.enabled")).toMatch(/disabled/);
  });

  it("R3.3 a further bastion's AZ must be one of azs, not the first bastion's, and listed once", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.bastion = { additionalAzs: ["ap-northeast-2b"] })), "compute.bastion.additionalAzs[0]")).toMatch(/must be one of azs/);
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.bastion = { additionalAzs: ["ap-northeast-2a"] })), "compute.bastion.additionalAzs[0]")).toMatch(/first bastion already runs/);
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.bastion = { additionalAzs: ["ap-northeast-2c", "ap-northeast-2c"] })), "compute.bastion.additionalAzs[1]")).toMatch(/listed twice/);
  });

  it("R2.9 an Ubuntu tier mounting EFS must name a packaged mount helper (no build at boot); a baked image needs its AMI parameter", () => {
    expect(onlyProblemAt(variant(webWas, (d) => delete d.compute.web.efsUtilsPackage), "compute.web.efsUtilsPackage")).toMatch(/does not package the EFS mount helper/);
    expect(onlyProblemAt(variant(webWas, (d) => (d.compute.was.efsUtilsPackage = "baked-image")), "compute.was.amiParameter")).toMatch(/baked image/);
    expect(onlyProblemAt(variant(webWas, (d) => (d.compute.was.efsUtilsPackage = "https://github.com/aws/efs-utils")), "compute.was.efsUtilsPackage")).toMatch(/S3 URI of a \.deb/);
    expect(() => validateDefinition(variant(webWas, (d) => ((d.compute.was.efsUtilsPackage = "baked-image"), (d.compute.was.amiParameter = "/web-was/ami/was"))))).not.toThrow();
  });

  it("the bastion's AZ must be one of azs", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.bastion = { az: "ap-northeast-2b" })), "compute.bastion.az")).toMatch(/ap-northeast-2a, ap-northeast-2c/);
  });

  it("R2.3 WAS subnets without compute.was are refused", () => {
    expect(onlyProblemAt(variant(webWas, (d) => delete d.compute.was), "compute.was")).toMatch(/compute\.was/);
  });

  it("R2.3 compute.was without WAS subnets is refused", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.was = {})), "compute.was")).toMatch(/add \{ tier: "was"/);
  });

  it("minSize above maxSize is refused", () => {
    expect(onlyProblemAt(variant(buddyverse, (d) => Object.assign(d.compute.web, { minSize: 5, desiredCapacity: 5, maxSize: 4 })), "compute.web.minSize")).toMatch(/above maxSize 4/);
  });

  it("desiredCapacity below minSize is refused", () => {
    expect(onlyProblemAt(variant(buddyverse, (d) => (d.compute.web.desiredCapacity = 1)), "compute.web.desiredCapacity")).toMatch(/below minSize 2/);
  });

  it("desiredCapacity above maxSize (a default bound) is refused", () => {
    expect(onlyProblemAt(variant(retailLaunch, (d) => (d.compute.web = { desiredCapacity: 5 })), "compute.web.desiredCapacity")).toMatch(/above maxSize 4/);
  });

  it("R1.6 a scheduled action changing nothing is refused", () => {
    const def = variant(mediaCommerce, (d) => (d.compute.web.scheduledActions = [{ name: "noop", recurrence: "0 0 * * *" }]));
    expect(onlyProblemAt(def, "compute.web.scheduledActions[0]")).toMatch(/at least one of minSize, maxSize, desiredCapacity/);
  });

  it("R1.6 a scheduled action whose desired capacity exceeds the maximum in force is refused", () => {
    const def = variant(mediaCommerce, (d) => (d.compute.was.scheduledActions = [{ name: "big", recurrence: "0 0 * * *", desiredCapacity: 20 }]));
    expect(onlyProblemAt(def, "compute.was.scheduledActions[0].desiredCapacity")).toMatch(/above the maxSize in force \(12\)/);
  });

  it("R1.6 two scheduled actions with one name are refused", () => {
    const def = variant(mediaCommerce, (d) => (d.compute.web.scheduledActions[1].name = "sale-warmup"));
    expect(onlyProblemAt(def, "compute.web.scheduledActions[1].name")).toMatch(/listed twice/);
  });

  it("R1.6 a recurrence that is not a 5-field cron expression is refused", () => {
    const def = variant(mediaCommerce, (d) => (d.compute.web.scheduledActions[0].recurrence = "every friday"));
    expect(onlyProblemAt(def, "compute.web.scheduledActions[0].recurrence")).toMatch(/five fields/);
  });

  it("R0.10 trap 1: least outstanding requests with slow start is refused at the slow start field", () => {
    const def = variant(retailLaunch, (d) => (d.compute.web.targetGroup.slowStartSeconds = 60));
    expect(onlyProblemAt(def, "compute.web.targetGroup.slowStartSeconds")).toMatch(/least_outstanding_requests/);
  });

  it("a slow start outside 30-900 s is refused", () => {
    const def = variant(buddyverse, (d) => (d.compute.web.targetGroup.slowStartSeconds = 10));
    expect(onlyProblemAt(def, "compute.web.targetGroup.slowStartSeconds")).toMatch(/0 \(off\) or 30-900/);
  });

  it("an unknown algorithm is refused, listing the allowed ones", () => {
    const def = variant(buddyverse, (d) => (d.compute.web.targetGroup.algorithm = "least_connections"));
    expect(onlyProblemAt(def, "compute.web.targetGroup.algorithm")).toMatch(/round_robin.*least_outstanding_requests/);
  });

  it("a health check timeout not below its interval is refused", () => {
    const def = variant(buddyverse, (d) => (d.compute.web.targetGroup.healthCheck = { intervalSeconds: 10, timeoutSeconds: 10 }));
    expect(onlyProblemAt(def, "compute.web.targetGroup.healthCheck.timeoutSeconds")).toMatch(/below intervalSeconds \(10\)/);
  });

  it("R3.9 a non-TLS-1.3 listener policy is refused", () => {
    const def = variant(buddyverse, (d) => (d.compute.loadBalancer.sslPolicy = "ELBSecurityPolicy-2016-08"));
    expect(onlyProblemAt(def, "compute.loadBalancer.sslPolicy")).toMatch(/ELBSecurityPolicy-TLS13-1-2-2021-06/);
  });

  it("R3.9 a certificate name outside the domain is refused (it could not be validated in the zone)", () => {
    const def = variant(buddyverse, (d) => (d.compute.loadBalancer.certificateNames = ["buddyverse.link", "shop.example.com"]));
    expect(onlyProblemAt(def, "compute.loadBalancer.certificateNames[1]")).toMatch(/buddyverse\.link or a name under it/);
  });

  it("R3.6 a mount path without an access point in data.sharedFiles is refused", () => {
    const def = variant(buddyverse, (d) => d.compute.web.efsMounts.push("/uploads"));
    expect(onlyProblemAt(def, "compute.web.efsMounts[2]")).toMatch(/no access point with path \/uploads/);
  });

  it("R2.5 a log archive without any shared file system is refused", () => {
    const def = variant(webWas, (d) => {
      delete d.data.sharedFiles;
      delete d.compute.was.efsLogArchivePath;
    });
    expect(onlyProblemAt(def, "compute.web.efsLogArchivePath")).toMatch(/add data\.sharedFiles/);
  });

  it("R3.6 the same mount path twice, and a log archive on a mounted path, are refused", () => {
    const def = variant(buddyverse, (d) => {
      d.compute.web.efsMounts = ["/static", "/static"];
      d.compute.web.efsLogArchivePath = "/static";
    });
    expect(problemsOf(def).map((p) => p.path)).toEqual(["compute.web.efsMounts[1]", "compute.web.efsLogArchivePath"]);
  });

  it("mounting over a system directory is refused", () => {
    const def = variant(buddyverse, (d) => (d.compute.web.efsMounts = ["/etc/app"]));
    expect(problemsOf(def).find((p) => p.path === "compute.web.efsMounts[0]")?.message).toMatch(/system directory/);
  });

  it("R2.9 an unknown operating system is refused, listing the supported ones", () => {
    const def = variant(webWas, (d) => (d.compute.web.os = "centos-7"));
    expect(onlyProblemAt(def, "compute.web.os")).toMatch(/amazon-linux-2023.*ubuntu-22\.04.*ubuntu-20\.04/);
  });

  it("an AMI parameter that is not an SSM path is refused", () => {
    const def = variant(webWas, (d) => (d.compute.web.amiParameter = "ami-0123456789abcdef0"));
    expect(onlyProblemAt(def, "compute.web.amiParameter")).toMatch(/SSM parameter path/);
  });

  it("a WAS artifact that is not an s3:// URI of a .jar is refused", () => {
    const def = variant(webWas, (d) => (d.compute.was.application = { artifactS3Uri: "https://example.com/app.jar" }));
    expect(onlyProblemAt(def, "compute.was.application.artifactS3Uri")).toMatch(/S3 URI of a \.jar/);
  });

  it("JVM options with shell metacharacters are refused", () => {
    const def = variant(webWas, (d) => (d.compute.was.application = { javaOptions: "-Xmx1g; rm -rf /" }));
    expect(onlyProblemAt(def, "compute.was.application.javaOptions")).toMatch(/JVM options/);
  });

  it("an unknown field is refused at its path", () => {
    const def = variant(buddyverse, (d) => (d.compute.web.desired = 3));
    expect(onlyProblemAt(def, "compute.web.desired")).toMatch(/unknown field/);
  });
});
