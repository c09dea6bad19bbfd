/**
 * Test order for `npm test` (jest.config.js `testSequencer`): the suites that
 * run terraform first, longest first, then every other suite in jest's own
 * order (failed first, then slowest first by the last run's timings, else by
 * file size).
 *
 * Why: the longest suites should start first, so that short ones fill the
 * end of the run instead of a long one running alone. Jest does that itself
 * from the timings of the last run in its cache; in a fresh clone (CI) it has
 * none and orders by file size, which says little about a suite that hands its
 * work to terraform (plan-all, ~40 s alone, is a short file). This gives a
 * fresh clone the order a warm cache would give. Measured today on 2 cores,
 * fresh cache: 75-77 s with or without it, since the run is CPU-bound either
 * way; it keeps plan-all from becoming the tail as the unit suites grow.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Suites that run terraform, in the order they should start (longest first). */
const TERRAFORM_SUITES = [
  "__tests__/terraform/plan-all.test.ts",
  "__tests__/tools/preview/preview-terraform.test.ts",
  "__tests__/tools/review/review-git.test.ts",
  "__tests__/tools/review/review-plan.test.ts",
  "__tests__/tools/terraform/terraform-offline.test.ts",
  "__tests__/stacks/dr-seams.test.ts",
];

const rank = (test) => {
  const path = test.path.split("\\").join("/");
  const i = TERRAFORM_SUITES.findIndex((suite) => path.endsWith(`/${suite}`));
  return i === -1 ? TERRAFORM_SUITES.length : i;
};

class TerraformFirstSequencer extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    // Array.prototype.sort is stable: jest's order is kept within each rank.
    return [...byJest].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = TerraformFirstSequencer;
