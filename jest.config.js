/**
 * Jest runs TypeScript through SWC (transpile only, no type check: `npm test`
 * runs `tsc --noEmit` first). ts-jest needs TypeScript's JS compiler API, which
 * TypeScript 7 no longer ships; see README "Toolchain".
 */
const os = require("node:os");

module.exports = {
  testEnvironment: "node",
  // At least two workers (jest's default is one less than the CPUs: one on a
  // 2-core machine). A suite running terraform leaves its worker waiting on
  // terraform's processes, which often use less than the whole machine; a
  // second worker fills the gaps. Measured on 2 cores, everything else equal:
  // one worker 104 s, two 75 s. The suites that run terraform start first
  // (__tests__/support/sequencer.js).
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
};
