/**
 * Upload paths in the WAF (R1.2, R3.6): the regular expression that compares
 * a Content-Length with the limit, and the rules replacing SizeRestrictions_BODY.
 */
import fc from "fast-check";
import { integerGreaterThanRegex, SIZE_RESTRICTIONS_BODY_LABEL, uploadRules } from "../../src/lib/waf-upload-rules";

describe("integerGreaterThanRegex", () => {
  it.each([
    [0, ["1", "9", "10", "0001"], ["0", "00", ""]],
    [9, ["10", "99", "100"], ["9", "0", "09"]],
    [10485760, ["10485761", "10485770", "10485800", "19999999", "99999999", "100000000"], ["10485760", "10485759", "9999999", "1048576", "abc", "-20000000"]],
  ])("%i: matches exactly the larger numbers", (n, above, notAbove) => {
    const re = new RegExp(integerGreaterThanRegex(n));
    for (const v of above) expect([v, re.test(v)]).toEqual([v, true]);
    for (const v of notAbove) expect([v, re.test(v)]).toEqual([v, false]);
  });

  it("property: for any limit and value, the regex matches iff value > limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6_000_000_000 }), fc.integer({ min: 0, max: 7_000_000_000 }), (n, m) => new RegExp(integerGreaterThanRegex(n)).test(String(m)) === m > n),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => new RegExp(integerGreaterThanRegex(n)).test(String(n + 1)) && !new RegExp(integerGreaterThanRegex(n)).test(String(n))));
  });

  it("stays within WAF's 512-character regex limit for the largest allowed upload (5120 MiB)", () => {
    expect(integerGreaterThanRegex(5120 * 1024 * 1024).length).toBeLessThan(512);
  });
});

describe("uploadRules", () => {
  it("none without uploads (SizeRestrictions_BODY keeps blocking)", () => {
    expect(uploadRules([])).toEqual([]);
  });

  it("blocks the managed rule's label off the upload paths, and over-size Content-Length on each upload spec", () => {
    const rules = uploadRules([{ paths: ["/a/*"], maxBodyMb: 1 }, { paths: ["/b", "/c/*"], maxBodyMb: 2 }]);
    expect(rules.map((r) => r.name)).toEqual(["body-size-outside-uploads", "upload-body-size-1", "upload-body-size-2"]);
    expect(JSON.stringify(rules[0]!.statement)).toContain(SIZE_RESTRICTIONS_BODY_LABEL);
    const regexOf = (i: number) => new RegExp(((rules[i]!.statement as any).and_statement.statement[1].regex_match_statement.regex_string) as string);
    expect([regexOf(1).test("1048576"), regexOf(1).test("1048577"), regexOf(2).test("2097152"), regexOf(2).test("2097153")]).toEqual([false, true, false, true]);
  });
});
