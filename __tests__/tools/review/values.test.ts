/** Attribute-level comparison used by `npm run review` (src/tools/review/values.ts). */
import { attributeChanges, documentDiff, isSensitivePath, lineDiff, similarity } from "../../../src/tools/review/values";

describe("attributeChanges", () => {
  test("nested blocks compare by leaf path, cdktf metadata ignored", () => {
    const before = { "//": { metadata: { path: "a" } }, instance_type: "t3.small", metadata_options: { http_tokens: "required" }, tags: { Name: "x" } };
    const after = { "//": { metadata: { path: "b" } }, instance_type: "t3.small", metadata_options: { http_tokens: "optional" }, tags: { Name: "x", Role: "web" } };
    expect(attributeChanges(before, after)).toEqual([
      { path: "metadata_options.http_tokens", before: '"required"', after: '"optional"' },
      { path: "tags.Role", before: "(absent)", after: '"web"' },
    ]);
  });

  test("lists of blocks compare element by element; lists of scalars as one value", () => {
    const changes = attributeChanges({ ingress: [{ from_port: 80, cidr_blocks: ["10.0.0.0/8"] }] }, { ingress: [{ from_port: 80, cidr_blocks: ["10.0.0.0/8", "192.168.0.0/16"] }] });
    expect(changes).toEqual([{ path: "ingress[0].cidr_blocks", before: '["10.0.0.0/8"]', after: '["10.0.0.0/8","192.168.0.0/16"]' }]);
  });

  test("sensitive values are masked (passwords, write-only arguments, pre-shared keys), flags named like them are not", () => {
    const changes = attributeChanges(
      { password: "old-secret", tunnel1_preshared_key: "abc", password_wo: "x", manage_master_user_password: false },
      { password: "new-secret", tunnel1_preshared_key: "def", manage_master_user_password: true },
    );
    expect(changes).toEqual([
      { path: "manage_master_user_password", before: "false", after: "true" },
      { path: "password", before: "(sensitive)", after: "(sensitive)", sensitive: true },
      { path: "password_wo", before: "(sensitive)", after: "(absent)", sensitive: true },
      { path: "tunnel1_preshared_key", before: "(sensitive)", after: "(sensitive)", sensitive: true },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/old-secret|new-secret|abc|def/);
    expect(isSensitivePath("ebs.kms_key_id")).toBe(false);
  });

  test("a policy document is compared statement by statement", () => {
    const doc = (actions: string[], extra: object[] = []) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: actions, Resource: "*" }, ...extra] });
    const [change] = attributeChanges({ policy: doc(["s3:GetObject"]) }, { policy: doc(["s3:GetObject", "s3:PutObject"], [{ Sid: "Deny", Effect: "Deny", Action: "*", Resource: "*" }]) });
    expect(change!.path).toBe("policy");
    expect(change!.diff).toEqual([
      '+ statement Deny: {"Sid":"Deny","Effect":"Deny","Action":"*","Resource":"*"}',
      '~ statement Read Action: ["s3:GetObject"] → ["s3:GetObject","s3:PutObject"]',
    ]);
  });

  test("long text (user data) is shown as the changed lines only", () => {
    const script = (port: string) => `\${base64encode("#!/bin/bash\\n${"echo setup\\n".repeat(20)}listen ${port}\\n${"echo done\\n".repeat(20)}")}`;
    const [change] = attributeChanges({ user_data: script("80") }, { user_data: script("8080") });
    expect(change!.diff).toEqual(["- listen 80", "+ listen 8080"]);
  });
});

describe("lineDiff and documentDiff cap long lists", () => {
  test("more than the limit: the first lines, then how many were left out", () => {
    const a = Array.from({ length: 30 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 30 }, (_, i) => `b${i}`).join("\n");
    const lines = lineDiff(a, b, 10);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe("... 50 more changed lines");
  });

  test("documents without statements compare leaf by leaf", () => {
    expect(documentDiff({ widgets: [{ x: 0 }] }, { widgets: [{ x: 12 }] })).toEqual(["~ widgets[0].x: 0 → 12"]);
  });
});

describe("similarity", () => {
  test("references to renamed siblings do not make a renamed resource look different", () => {
    const before = { dashboard_name: "web", body: "${aws_lb.alb_lb.arn_suffix}", role: "${aws_iam_role.old_role.arn}" };
    const after = { dashboard_name: "web", body: "${aws_lb.alb_lb.arn_suffix}", role: "${aws_iam_role.new_role.arn}" };
    expect(similarity(before, after)).toBe(1);
    expect(similarity({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(0.5);
  });
});
