/**
 * What the GitHub Actions pipeline (.github/workflows/) asks of the project,
 * as pure functions: which environments a change touches, the plan matrix
 * (one job per changed stack, so many environments plan on many runners), the
 * apply list (per environment, changed stacks in dependency order, never the
 * state or CI/CD stacks), and the one pull-request comment.
 */
import type { CicdTargets } from "../../config/cicd/schema";

/** The marker that identifies the pipeline's comment, so it is updated in place. */
export const COMMENT_MARKER = "<!-- ha-web-platform:review -->";

/** Stack kinds the pipeline never plans for apply nor applies: they hold its own foundations (state bucket, its roles). */
export const NEVER_APPLIED = ["state", "cicd"] as const;

/**
 * Environments a change touches, from the changed file paths (relative to the
 * project): a definition file `src/environments/[presets/]<env>.ts` touches its
 * environment; any other code or dependency change (`src/`, `main.ts`,
 * `package*.json`, `cdktf.json`, `tsconfig.json`) may change every environment;
 * docs, tests and the workflows touch none.
 */
export function touchedEnvironments(files: readonly string[], names: readonly string[]): string[] {
  const touched = new Set<string>();
  for (const f of files) {
    const m = /^src\/environments\/(?:presets\/)?([a-z0-9-]+)\.ts$/.exec(f);
    if (m && names.includes(m[1]!)) {
      touched.add(m[1]!);
      continue;
    }
    if (/^(src\/|main\.ts$|package(-lock)?\.json$|cdktf\.json$|tsconfig\.json$)/.test(f)) return [...names];
  }
  return names.filter((n) => touched.has(n));
}

/** The parts of a review JSON (`cdktf.out/review/<env>.json`) the pipeline reads. */
export interface ReviewSummary {
  readonly env: string;
  readonly exitCode: number;
  readonly stacks: readonly { readonly stack: string; readonly status: string }[];
}

/** One plan job. */
export interface PlanJob {
  readonly env: string;
  readonly stack: string;
  readonly region: string;
  readonly plan_role_arn: string;
}

/** One apply job: an environment, its changed stacks in dependency order. */
export interface ApplyJob {
  readonly env: string;
  /** Space-separated, in dependency order. */
  readonly stacks: string;
  readonly region: string;
  readonly apply_role_arn: string;
  readonly plan_role_arn: string;
  readonly github_environment: string;
}

/** Per environment: its region and pipeline targets (undefined: no `cicd` section). */
export type Targets = Readonly<Record<string, { readonly region: string; readonly cicd?: CicdTargets }>>;

const applicable = (env: string, stack: string) => !NEVER_APPLIED.some((k) => stack === `${env}-${k}`);

/** Stacks of a review the pipeline plans: changed or new, never state/cicd, in the review's (dependency) order. */
export function changedStacks(review: ReviewSummary): string[] {
  return review.stacks.filter((s) => (s.status === "changed" || s.status === "added") && applicable(review.env, s.stack)).map((s) => s.stack);
}

/** The plan matrix: one job per changed stack of every reviewed environment that has a `cicd` section. */
export function planMatrix(reviews: readonly ReviewSummary[], targets: Targets): PlanJob[] {
  return reviews.flatMap((r) => {
    const t = targets[r.env];
    if (!t?.cicd) return [];
    return changedStacks(r).map((stack) => ({ env: r.env, stack, region: t.region, plan_role_arn: t.cicd!.planRoleArn }));
  });
}

/** The apply matrix: one job per environment with changed stacks (applied one after another in that job). */
export function applyMatrix(reviews: readonly ReviewSummary[], targets: Targets): ApplyJob[] {
  return reviews.flatMap((r) => {
    const t = targets[r.env];
    const stacks = changedStacks(r);
    if (!t?.cicd || stacks.length === 0) return [];
    return [{ env: r.env, stacks: stacks.join(" "), region: t.region, apply_role_arn: t.cicd.applyRoleArn, plan_role_arn: t.cicd.planRoleArn, github_environment: t.cicd.githubEnvironment }];
  });
}

/** GitHub's limit for one comment is 65,536 characters. */
const COMMENT_LIMIT = 65_000;

/** The one pull-request comment: every environment's review Markdown, under one marker, within GitHub's size limit. */
export function pullRequestComment(markdowns: readonly { readonly env: string; readonly markdown: string }[], untouched: readonly string[] = []): string {
  const parts = [COMMENT_MARKER, "## Infrastructure change review", ""];
  if (markdowns.length === 0) parts.push("No environment is touched by this change.");
  let left = COMMENT_LIMIT - parts.join("\n").length - 400;
  const omitted: string[] = [];
  for (const m of markdowns) {
    if (m.markdown.length > left) {
      omitted.push(m.env);
      continue;
    }
    parts.push(m.markdown);
    left -= m.markdown.length;
  }
  if (omitted.length > 0) parts.push(`… the reviews of ${omitted.join(", ")} did not fit in one comment: see the \`review\` artifact of this run.`);
  if (untouched.length > 0) parts.push(`<sub>Not touched by this change: ${untouched.join(", ")}</sub>`);
  return `${parts.join("\n")}\n`;
}
