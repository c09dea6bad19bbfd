/**
 * The pipeline's questions (.github/workflows/), answered from the project:
 *
 *   npx tsx scripts/ci.ts touched --base <ref>        environments the change touches (JSON array)
 *   npx tsx scripts/ci.ts plan-matrix [dir]           plan jobs from cdktf.out/review/*.json (JSON array)
 *   npx tsx scripts/ci.ts apply-matrix [dir]          apply jobs, one per environment (JSON array)
 *   npx tsx scripts/ci.ts comment [dir]               the pull-request comment (Markdown)
 *
 * See src/tools/review/ci.ts. Problems: one line on stderr, exit 2.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validateAll } from "../src/app";
import { cicdTargets } from "../src/config/cicd/schema";
import { DEFINITIONS } from "../src/environments";
import { applyMatrix, planMatrix, pullRequestComment, ReviewSummary, Targets, touchedEnvironments } from "../src/tools/review/ci";
import { changedFiles, commitOf, git, repositoryOf } from "../src/tools/review/git";

function reviews(dir: string): { summary: ReviewSummary; markdown: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      summary: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ReviewSummary,
      markdown: fs.existsSync(path.join(dir, f.replace(/\.json$/, ".md"))) ? fs.readFileSync(path.join(dir, f.replace(/\.json$/, ".md")), "utf8") : "",
    }));
}

function targets(): Targets {
  const out: Record<string, { region: string; cicd?: ReturnType<typeof cicdTargets> }> = {};
  for (const env of validateAll(DEFINITIONS)) {
    const cicd = cicdTargets(env);
    out[env.name] = { region: env.region, ...(cicd ? { cicd } : {}) };
  }
  return out as Targets;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const dir = path.resolve(rest.find((a) => !a.startsWith("--")) ?? "cdktf.out/review");
  switch (command) {
    case "touched": {
      const i = rest.indexOf("--base");
      const ref = i >= 0 ? rest[i + 1] : undefined;
      if (!ref) throw new Error("touched needs --base <ref>");
      const { root, prefix } = repositoryOf(process.cwd());
      const base = commitOf(root, ref);
      if (!base) throw new Error(`--base ${ref} names no commit`);
      const mergeBase = git(root, ["merge-base", base, "HEAD"]).stdout || base;
      const files = changedFiles(root, mergeBase)
        .filter((f) => prefix === "" || f.startsWith(`${prefix}/`))
        .map((f) => (prefix ? f.slice(prefix.length + 1) : f));
      console.log(JSON.stringify(touchedEnvironments(files, DEFINITIONS.map((d) => d.name))));
      return 0;
    }
    case "plan-matrix":
      console.log(JSON.stringify(planMatrix(reviews(dir).map((r) => r.summary), targets())));
      return 0;
    case "apply-matrix":
      console.log(JSON.stringify(applyMatrix(reviews(dir).map((r) => r.summary), targets())));
      return 0;
    case "comment": {
      const all = reviews(dir);
      const reviewed = new Set(all.map((r) => r.summary.env));
      process.stdout.write(pullRequestComment(all.map((r) => ({ env: r.summary.env, markdown: r.markdown })), DEFINITIONS.map((d) => d.name).filter((n) => !reviewed.has(n))));
      return 0;
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(command ?? "")}: touched, plan-matrix, apply-matrix or comment`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`ci: ${((e as Error).message ?? String(e)).split("\n")[0]}`);
  process.exitCode = 2;
}
