/** The pipeline's questions (src/tools/review/ci.ts): touched environments, plan and apply matrices, the one comment. */
import { validateDefinition } from "../../../src/config/validate";
import { cicdTargets } from "../../../src/config/cicd/schema";
import { buddyverse } from "../../../src/environments/presets/buddyverse";
import { applyMatrix, COMMENT_MARKER, planMatrix, pullRequestComment, touchedEnvironments } from "../../../src/tools/review/ci";

const NAMES = ["retail-launch", "web-was", "buddyverse"];

describe("touchedEnvironments", () => {
  test.each([
    [["src/environments/presets/buddyverse.ts"], ["buddyverse"]],
    [["src/environments/presets/web-was.ts", "README.md"], ["web-was"]],
    [["src/constructs/vpc.ts"], NAMES],
    [["package-lock.json"], NAMES],
    [["docs/buddyverse.md", "__tests__/tools/review/ci.test.ts", ".github/workflows/deploy.yml"], []],
  ])("%j → %j", (files, expected) => {
    expect(touchedEnvironments(files, NAMES)).toEqual(expected);
  });
});

const review = (env: string, stacks: [string, string][]) => ({ env, exitCode: 0, stacks: stacks.map(([stack, status]) => ({ stack, status })) });

describe("matrices", () => {
  const env = validateDefinition({ ...buddyverse, cicd: { repository: "play-buddy/infra" } });
  const targets = { buddyverse: { region: env.region, cicd: cicdTargets(env)! }, "web-was": { region: "ap-northeast-2" } };
  const reviews = [
    review("buddyverse", [["buddyverse-state", "changed"], ["buddyverse-network", "changed"], ["buddyverse-data", "unchanged"], ["buddyverse-compute", "changed"], ["buddyverse-cicd", "added"]]),
    review("web-was", [["web-was-network", "changed"]]),
  ];

  test("the cicd section's role ARNs follow from the account and the default role names", () => {
    expect(cicdTargets(env)).toEqual({
      planRoleName: "buddyverse-cicd-plan",
      applyRoleName: "buddyverse-cicd-apply",
      planRoleArn: "arn:aws:iam::444444444444:role/buddyverse-cicd-plan",
      applyRoleArn: "arn:aws:iam::444444444444:role/buddyverse-cicd-apply",
      githubEnvironment: "buddyverse",
      repository: "play-buddy/infra",
    });
  });

  test("plan: one job per changed stack, never state or cicd, only environments with a cicd section", () => {
    expect(planMatrix(reviews, targets)).toEqual([
      { env: "buddyverse", stack: "buddyverse-network", region: "ap-northeast-2", plan_role_arn: "arn:aws:iam::444444444444:role/buddyverse-cicd-plan" },
      { env: "buddyverse", stack: "buddyverse-compute", region: "ap-northeast-2", plan_role_arn: "arn:aws:iam::444444444444:role/buddyverse-cicd-plan" },
    ]);
  });

  test("apply: one job per environment, its changed stacks in the review's dependency order", () => {
    expect(applyMatrix(reviews, targets)).toEqual([
      expect.objectContaining({ env: "buddyverse", stacks: "buddyverse-network buddyverse-compute", github_environment: "buddyverse", apply_role_arn: "arn:aws:iam::444444444444:role/buddyverse-cicd-apply" }),
    ]);
  });
});

describe("pullRequestComment", () => {
  test("starts with the marker, holds every review, names the untouched environments", () => {
    const text = pullRequestComment([{ env: "a", markdown: "### review a\n" }, { env: "b", markdown: "### review b\n" }], ["c"]);
    expect(text.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(text).toContain("### review a");
    expect(text).toContain("### review b");
    expect(text).toContain("Not touched by this change: c");
  });

  test("stays under GitHub's 65,536 characters, saying which review was left out", () => {
    const text = pullRequestComment([{ env: "a", markdown: "x".repeat(40_000) }, { env: "b", markdown: "y".repeat(40_000) }]);
    expect(text.length).toBeLessThan(65_536);
    expect(text).toContain("the reviews of b did not fit");
  });
});
