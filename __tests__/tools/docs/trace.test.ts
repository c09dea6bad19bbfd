/**
 * The traceability model on small hand-written inputs: patterns resolved
 * against synthesized JSON, every kind of broken map entry reported, tests
 * matched by ID.
 */
import { Realization } from "../../../src/tools/docs/requirement-resources";
import { Requirement } from "../../../src/tools/docs/requirements";
import { TerraformJson } from "../../../src/synthesized/terraform-index";
import { TestTitle } from "../../../src/tools/docs/test-titles";
import { buildTrace, patternRegExp, stackAddresses, TraceInputs } from "../../../src/tools/docs/trace";

const REQUIREMENTS: Requirement[] = [
  { id: "R9.1", text: "the database", preset: "shop" },
  { id: "R9.10", text: "the tenth", preset: "shop" },
  { id: "R8.1", text: "the blog", preset: "blog" },
  { id: "X.9", text: "everywhere" },
];

const stack = (resources: Record<string, string[]>, data: Record<string, string[]> = {}): TerraformJson => ({
  resource: Object.fromEntries(Object.entries(resources).map(([t, names]) => [t, Object.fromEntries(names.map((n) => [n, {}]))])),
  data: Object.fromEntries(Object.entries(data).map(([t, names]) => [t, Object.fromEntries(names.map((n) => [n, {}]))])),
});

const STACKS: TraceInputs["stacks"] = {
  shop: {
    "shop-data": stack({ aws_db_instance: ["database_primary", "database_replica-1", "database_replica-2"], aws_kms_key: ["db-key"] }, { terraform_remote_state: ["network"] }),
    "shop-network": stack({ aws_vpc: ["vpc"] }),
  },
  blog: { "blog-network": stack({ aws_vpc: ["vpc"] }), "blog-data": stack({ aws_db_instance: ["database_primary"] }) },
};

const TITLES: TestTitle[] = [
  { file: "__tests__/a.test.ts", kind: "describe", title: "database (R9.1)", line: 3 },
  { file: "__tests__/a.test.ts", kind: "test", title: "R9.10 the tenth", line: 9 },
  { file: "__tests__/b.test.ts", kind: "test", title: "X.9 in every preset; R9.1-style aside", line: 1 },
  { file: "__tests__/b.test.ts", kind: "test", title: "R9.3 does not exist", line: 5 },
];

const GOOD: Record<string, Realization[]> = {
  "R9.1": [{ preset: "shop", stack: "data", addresses: ["aws_db_instance.database_*", "data.terraform_remote_state.*"] }],
  "R9.10": [{ preset: "shop", stack: "data", addresses: ["aws_kms_key.db-key"] }],
  "R8.1": [{ preset: "blog", stack: "data", addresses: ["*"] }],
  "X.9": [
    { preset: "shop", stack: "network", addresses: ["aws_vpc.vpc"] },
    { preset: "blog", stack: "network", addresses: ["aws_vpc.vpc"] },
  ],
};

const inputs = (realizations: Record<string, readonly Realization[]>, extra: Partial<TraceInputs> = {}): TraceInputs => ({
  requirements: REQUIREMENTS,
  presets: ["shop", "blog"],
  realizations,
  stacks: STACKS,
  titles: TITLES,
  fileExists: (p) => p === "src/real.ts",
  ...extra,
});

describe("buildTrace", () => {
  const trace = buildTrace(inputs(GOOD));
  const entry = (id: string) => trace.entries.find((e) => e.requirement.id === id)!;

  it("resolves patterns to the concrete addresses of the preset's stack, data sources included", () => {
    expect(entry("R9.1").resources).toEqual([
      {
        preset: "shop",
        stack: "shop-data",
        patterns: ["aws_db_instance.database_*", "data.terraform_remote_state.*"],
        addresses: ["aws_db_instance.database_primary", "aws_db_instance.database_replica-1", "aws_db_instance.database_replica-2", "data.terraform_remote_state.network"],
        wholeStack: false,
      },
    ]);
  });

  it("marks a lone * as the whole stack", () => {
    expect(entry("R8.1").resources[0]).toMatchObject({ wholeStack: true, addresses: ["aws_db_instance.database_primary"] });
  });

  it("gives a cross-cutting ID every preset and the resources of each", () => {
    expect(entry("X.9").presets).toEqual(["shop", "blog"]);
    expect(entry("X.9").resources.map((s) => s.stack)).toEqual(["shop-network", "blog-network"]);
  });

  it("finds tests by whole-token ID: a describe counts, a longer ID or a compound word does not", () => {
    expect(entry("R9.1").tests.map((t) => t.title)).toEqual(["database (R9.1)"]);
    expect(entry("R9.10").tests.map((t) => t.title)).toEqual(["R9.10 the tenth"]);
    expect(entry("X.9").tests.map((t) => t.title)).toEqual(["X.9 in every preset; R9.1-style aside"]);
  });

  it("lists the IDs without a test, and test names citing IDs that do not exist", () => {
    expect(trace.withoutTests).toEqual(["R8.1"]);
    expect(trace.unknownTestIds.map((u) => [u.id, u.test.file])).toEqual([["R9.3", "__tests__/b.test.ts"]]);
  });

  it("has no map problem when every pattern matches", () => {
    expect(trace.mapProblems).toEqual([]);
    expect(trace.withoutRealization).toEqual([]);
  });

  it("sorts entries by ID", () => {
    expect(trace.entries.map((e) => e.requirement.id)).toEqual(["R8.1", "R9.1", "R9.10", "X.9"]);
  });
});

describe("a broken map is reported", () => {
  it.each<[string, Record<string, Realization[]>, RegExp]>([
    ["a pattern that matches nothing", { ...GOOD, "R9.10": [{ preset: "shop", stack: "data", addresses: ["aws_kms_key.renamed_key"] }] }, /R9\.10: pattern aws_kms_key\.renamed_key matches nothing in shop-data/],
    ["an ID the requirements file does not define", { ...GOOD, "R9.99": [] }, /R9\.99: in the resource map but not in the requirements file/],
    ["a requirement mapped to another preset", { ...GOOD, "R8.1": [{ preset: "shop", stack: "data", addresses: ["*"] }] }, /R8\.1: mapped to preset shop, but it belongs to blog/],
    ["a stack the preset does not have", { ...GOOD, "R8.1": [{ preset: "blog", stack: "compute", addresses: ["*"] }] }, /R8\.1: blog has no stack blog-compute \(stacks: blog-data, blog-network\)/],
    ["a cross-cutting ID missing a preset", { ...GOOD, "X.9": [GOOD["X.9"][0]] }, /X\.9: cross-cutting, but no resources mapped in blog/],
    ["code that does not exist", { ...GOOD, "X.9": [{ code: ["src/real.ts", "src/gone.ts"], why: "validation" }] }, /X\.9: code src\/gone\.ts does not exist/],
  ])("%s", (_what, map, message) => {
    const problems = buildTrace(inputs(map)).mapProblems;
    expect(problems.join("\n")).toMatch(message);
  });

  it("lists an ID without any realization", () => {
    const { "R9.10": _dropped, ...rest } = GOOD;
    expect(buildTrace(inputs(rest)).withoutRealization).toEqual(["R9.10"]);
  });

  it("accepts existing code as the realization of a cross-cutting ID", () => {
    const t = buildTrace(inputs({ ...GOOD, "X.9": [{ code: ["src/real.ts"], why: "validation" }] }));
    expect(t.mapProblems).toEqual([]);
    expect(t.entries.find((e) => e.requirement.id === "X.9")!.code).toEqual([{ paths: ["src/real.ts"], why: "validation" }]);
  });
});

describe("patterns", () => {
  it.each([
    ["aws_db_instance.database_*", "aws_db_instance.database_replica-1", true],
    ["aws_db_instance.database_*", "aws_db_instance.databases", false],
    ["aws_s3_bucket.media_primary", "aws_s3_bucket.media_primary_bucket_x", false],
    ["*-asg", "aws_autoscaling_group.web-asg", true],
    ["aws_eip.nat_eip-(a)", "aws_eip.nat_eip-(a)", true],
    ["aws_eip.nat.eip", "aws_eip.nat_eip", false],
  ])("%s matches %s: %s", (pattern, address, expected) => {
    expect(patternRegExp(pattern).test(address)).toBe(expected);
  });

  it("addresses of a stack are its resources and data sources, sorted", () => {
    expect(stackAddresses(STACKS.shop["shop-data"])).toEqual([
      "aws_db_instance.database_primary",
      "aws_db_instance.database_replica-1",
      "aws_db_instance.database_replica-2",
      "aws_kms_key.db-key",
      "data.terraform_remote_state.network",
    ]);
  });
});
