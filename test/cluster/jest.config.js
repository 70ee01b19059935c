/**
 * The suites that need the test API server (`npm run validate:cluster`, which builds it first): not part of
 * `npm test`, which needs no Go.
 */
const base = require("../../jest.config");

module.exports = { ...base, rootDir: "../..", roots: ["<rootDir>/test/cluster"], testMatch: ["**/*.cluster.test.ts"], testPathIgnorePatterns: [] };
