/**
 * `npm run review -- <env> --plan`: terraform plan (offline harness, real
 * provider) of the changed stacks only, against a given state, rendered from
 * the plan's own resource_changes with Terraform's replace reasons.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/tools/review/cli";
import { planChanges } from "../../../src/tools/review/plan";
import type { ReviewResult } from "../../../src/tools/review/review";
import type { PlanDocument } from "../../../src/tools/terraform/terraform-offline";
import { commitBranch, createReviewRepo, edit, removeReviewRepo } from "../../support/review-repo";
import { describeWithTerraform } from "../../support/terraform";

// A review plus an offline terraform plan: slow on a busy machine.
jest.setTimeout(300_000);

describe("planChanges renders a plan's resource_changes", () => {
  const document = {
    resource_changes: [
      { address: "aws_instance.a", mode: "managed", type: "aws_instance", change: { actions: ["create"], before: null, after: { ami: "x" }, after_unknown: { id: true } } },
      {
        address: "aws_db_instance.db",
        mode: "managed",
        type: "aws_db_instance",
        action_reason: "replace_because_cannot_update",
        change: {
          actions: ["delete", "create"],
          before: { identifier: "old", password: "hunter2", arn: "arn:1" },
          after: { identifier: "new", password: "hunter3" },
          after_unknown: { arn: true },
          before_sensitive: { password: true },
          after_sensitive: { password: true },
          replace_paths: [["identifier"]],
        },
      },
      { address: "aws_sns_topic.t", mode: "managed", type: "aws_sns_topic", change: { actions: ["no-op"], before: {}, after: {} } },
    ],
  } as unknown as PlanDocument;

  test("no-ops left out; a replacement with Terraform's reason, the forcing path, masked sensitive values and unknowns", () => {
    const changes = planChanges(document);
    expect(changes.map((c) => [c.address, c.action])).toEqual([
      ["aws_instance.a", "create"],
      ["aws_db_instance.db", "replace"],
    ]);
    const db = changes[1]!;
    expect(db.replacePaths).toEqual(["identifier"]);
    expect(db.cause).toMatch(/cannot be changed in place.*forced by identifier/);
    expect(db.attributes).toEqual([
      { path: "arn", before: '"arn:1"', after: "(known after apply)" },
      { path: "identifier", before: '"old"', after: '"new"' },
    ]);
    expect(JSON.stringify(changes)).not.toContain("hunter");
  });
});

describe("review --plan without terraform", () => {
  test("one line, exit 2, before anything is synthesized", async () => {
    const saved = process.env.TERRAFORM_BIN;
    process.env.TERRAFORM_BIN = path.join(__dirname, "no-such-terraform");
    const err: string[] = [];
    try {
      const code = await main(["buddyverse", "--plan"], { out: () => undefined, err: (t) => err.push(t) });
      expect(code).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.TERRAFORM_BIN;
      else process.env.TERRAFORM_BIN = saved;
    }
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^review: --plan needs terraform and the hashicorp\/aws provider mirror: TERRAFORM_BIN=.*no-such-terraform is not a runnable terraform/);
    expect(err[0]).not.toContain("\n");
  });
});

describeWithTerraform("review --plan against a state (offline, real provider)", () => {
  let repo: string;
  let code: number;
  let result: ReviewResult;
  let out = "";

  beforeAll(async () => {
    repo = createReviewRepo();
    // Only the state stack changes: the KMS alias of the state key gets another name.
    commitBranch(repo, "alias", () => edit(repo, "src/constructs/state-bucket.ts", 'alias: resourceName(env.name, "tfstate")', 'alias: resourceName(env.name, "terraform-state")'));
    const stateDir = path.join(repo, "states");
    fs.mkdirSync(stateDir);
    // What an apply of the base left for the alias (the rest of the stack absent: planned as creates).
    const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
    const alias = { id: "alias/buddyverse-tfstate", name: "alias/buddyverse-tfstate", name_prefix: "", arn: "arn:aws:kms:ap-northeast-2:444444444444:alias/buddyverse-tfstate", target_key_id: "1234abcd-12ab-34cd-56ef-1234567890ab", target_key_arn: "arn:aws:kms:ap-northeast-2:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
    const state = { version: 4, terraform_version: "1.11.4", serial: 3, lineage: "6f1c7a55-5c1e-4c42-9d7f-2f5d4b8a0002", outputs: {}, resources: [{ mode: "managed", type: "aws_kms_alias", name: "state_key", provider, instances: [{ schema_version: 0, attributes: alias }] }], check_results: null };
    fs.writeFileSync(path.join(stateDir, "buddyverse-state.tfstate"), JSON.stringify(state));
    const outdir = path.join(repo, "cdktf.out");
    code = await main(["buddyverse", "--project", repo, "--outdir", outdir, "--plan", "--state-dir", stateDir], { out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`) });
    result = JSON.parse(fs.readFileSync(path.join(outdir, "review", "buddyverse.json"), "utf8")) as ReviewResult;
  });

  afterAll(() => {
    if (repo) removeReviewRepo(repo);
  });

  test("only the changed stack is planned, against its state", () => {
    expect(code).toBe(0);
    expect(result.plan!.ok).toBe(true);
    expect(result.plan!.stacks.map((s) => s.stack)).toEqual(["buddyverse-state"]);
    expect(result.plan!.stateFrom).toEqual(["buddyverse-state"]);
    expect(result.stacks.filter((s) => s.status === "unchanged").map((s) => s.stack)).toEqual(["buddyverse-network", "buddyverse-data", "buddyverse-compute", "buddyverse-edge"]);
  });

  test("the alias is replaced, with the reason and the attribute Terraform gives", () => {
    const alias = result.plan!.stacks[0]!.changes.find((c) => c.address === "aws_kms_alias.state_key");
    expect(alias).toMatchObject({ action: "replace", replacePaths: ["name"] });
    expect(alias!.cause).toMatch(/cannot be changed in place/);
    expect(alias!.attributes).toContainEqual({ path: "name", before: '"alias/buddyverse-tfstate"', after: '"alias/buddyverse-terraform-state"' });
    expect(out).toMatch(/REPLACE aws_kms_alias\.state_key .*forced by name/);
  });
});
