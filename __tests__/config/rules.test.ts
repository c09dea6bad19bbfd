/**
 * X.5: the cross-field rules are zod refinements (src/config/rule.ts) that read
 * the parsed definition, defaults filled in. They still report when unrelated
 * fields fail to parse (every problem in one pass), and a rule whose own field
 * failed to parse stays silent instead of reporting it twice or crashing.
 */
import { validateDefinition } from "../../src/config/validate";
import { mediaCommerce } from "../../src/environments/presets/media-commerce";
import { retailLaunch } from "../../src/environments/presets/retail-launch";
import { variant } from "../support/synth";
import { problemsOf } from "../support/problems";

describe("cross-field rules run beside schema failures", () => {
  it("a rule spanning sections reports while another section's field has the wrong type", () => {
    const problems = problemsOf(variant(retailLaunch, (d) => ((d.account = 12), (d.compute.bastion = { ...d.compute.bastion, az: "ap-northeast-2b" }))));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["account", "expected string"],
      ["compute.bastion.az", expect.stringMatching(/^must be one of azs \(ap-northeast-2a, ap-northeast-2c\)$/)],
    ]);
  });

  it("a rule within a section reports while another field of the section has the wrong type", () => {
    const problems = problemsOf(variant(mediaCommerce, (d) => ((d.data.cache.maintenanceWindow = "mon:16:30-mon:17:30"), (d.data.cache.nodeType = 3))));
    expect(problems.map((p) => p.path)).toEqual(["data.cache.nodeType", "data.cache.maintenanceWindow"]);
  });

  it("a rule whose own field has the wrong type stays silent (the schema reports it once)", () => {
    const problems = problemsOf(variant(retailLaunch, (d) => (d.compute.web.maxSize = "many")));
    expect(problems).toEqual([{ path: "compute.web.maxSize", value: "many", message: "expected number" }]);
  });

  it("a definition that is not an object is reported once, without a rule failing on it", () => {
    expect(() => validateDefinition("retail-launch")).toThrow(/\(root\) \(given: "retail-launch"\): expected object/);
  });
});

describe("cross-field rules read the defaults of the schema", () => {
  it("min <= desired <= max uses the default maxSize (4) when only desiredCapacity is given", () => {
    const problems = problemsOf(variant(retailLaunch, (d) => ((d.compute.web = { ...d.compute.web, desiredCapacity: 5 }), delete d.compute.web.maxSize)));
    expect(problems.map((p) => [p.path, p.message])).toEqual([["compute.web.desiredCapacity", "desiredCapacity 5 is above maxSize 4"]]);
  });

  it("a default is not a choice: Aurora refuses multiAz only where the definition writes it", () => {
    expect(() => validateDefinition(mediaCommerce)).not.toThrow();
    expect(validateDefinition(mediaCommerce).data?.database?.multiAz).toBe(true);
    expect(problemsOf(variant(mediaCommerce, (d) => (d.data.database.multiAz = true))).map((p) => p.path)).toEqual(["data.database.multiAz"]);
  });
});
