/**
 * Jest runs TypeScript through SWC (transpile only, no type check: `npm test`
 * runs `tsc --noEmit` first). ts-jest needs TypeScript's JS compiler API, which
 * TypeScript 7 no longer ships; see README "Toolchain".
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
};
