/**
 * The preview command line (src/tools/preview/cli.ts) without terraform: option
 * parsing and the usage errors (exit 2) caught before any plan runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRESETS } from "../../../src/environments";
import { main, parseArgs, usage } from "../../../src/tools/preview/cli";
import { EXIT } from "../../../src/tools/preview/summary";

/** Run main with captured output. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, PRESETS);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("parseArgs", () => {
  it("defaults: cdktf.out, every stack, nothing allowed, one worker per CPU", () => {
    const parsed = parseArgs(["buddyverse"], {});
    expect(parsed).toMatchObject({ ok: true, options: { env: "buddyverse", outdir: "cdktf.out", stacks: [], allow: { all: false, addresses: [] } } });
    if (parsed.ok) expect(parsed.options.concurrency).toBeGreaterThanOrEqual(1);
  });

  it("honours CDKTF_OUTDIR like npm run synth, --outdir wins", () => {
    expect(parseArgs(["e"], { CDKTF_OUTDIR: "/tmp/o" })).toMatchObject({ options: { outdir: "/tmp/o" } });
    expect(parseArgs(["e", "--outdir", "x"], { CDKTF_OUTDIR: "/tmp/o" })).toMatchObject({ options: { outdir: "x" } });
  });

  it("collects repeatable options", () => {
    const parsed = parseArgs(
      ["--stack", "data", "e", "--stack", "e-edge", "--allow-destroy", "aws_s3_bucket.a", "--allow-destroy", "e-data:aws_kms_key.k", "--state-dir", "s", "--concurrency", "1", "--work-root", "w"],
      {},
    );
    expect(parsed).toEqual({
      ok: true,
      options: {
        env: "e",
        outdir: "cdktf.out",
        stacks: ["data", "e-edge"],
        stateDir: "s",
        allow: { all: false, addresses: ["aws_s3_bucket.a", "e-data:aws_kms_key.k"] },
        concurrency: 1,
        workRoot: "w",
      },
    });
    expect(parseArgs(["e", "--allow-stateful-destroy"], {})).toMatchObject({ options: { allow: { all: true } } });
  });

  it("--no-cache turns the plan cache off; by default it is on (the option is absent)", () => {
    expect(parseArgs(["e", "--no-cache"], {})).toMatchObject({ ok: true, options: { noCache: true } });
    const parsed = parseArgs(["e"], {});
    expect(parsed.ok && parsed.options.noCache).toBeFalsy();
    expect(usage()).toMatch(/--no-cache\s+plan every stack/);
  });

  it.each([
    [[], /name one environment/],
    [["a", "b"], /name one environment, got a b/],
    [["e", "--bogus"], /unknown option --bogus/],
    [["e", "--stack"], /--stack needs a value/],
    [["e", "--allow-destroy", "--allow-stateful-destroy"], /--allow-destroy needs a value/],
    [["e", "--concurrency", "0"], /--concurrency takes a whole number >= 1, got "0"/],
    [["e", "--concurrency", "two"], /--concurrency takes a whole number/],
  ])("%j is a usage error", (argv, message) => {
    const parsed = parseArgs(argv, {});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("usage errors exit 2 before planning", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-cli-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--help prints the usage with the environments and exit codes, exit 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain(`one of: ${PRESETS.map((p) => p.name).join(", ")}`);
    expect(r.out).toMatch(/3 stateful destroy not allowed/);
    expect(usage(PRESETS)).toBe(r.out);
  });

  it("an unknown option prints the usage, exit 2", async () => {
    const r = await run(["buddyverse", "--force"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/unknown option --force\nusage: npm run preview/);
  });

  it("an unknown environment lists the known ones, exit 2", async () => {
    const r = await run(["nowhere", "--outdir", tmp]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe(`unknown environment "nowhere"; known: ${PRESETS.map((p) => p.name).join(", ")}`);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("a --state-dir that is not a directory, exit 2", async () => {
    const r = await run(["buddyverse", "--outdir", tmp, "--state-dir", path.join(tmp, "missing")]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/--state-dir .*missing is not a directory/);
  });

  it("an unknown --stack lists the environment's stacks in dependency order, exit 2", async () => {
    const r = await run(["buddyverse", "--outdir", tmp, "--stack", "compute", "--stack", "cache"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/^unknown stack cache; stacks of buddyverse: buddyverse-state, buddyverse-network, buddyverse-data, buddyverse-compute, buddyverse-edge/);
  });
});
