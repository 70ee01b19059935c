const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * A fresh directory for each Jest run, where fixtures that many test files read are built once (the shipped
 * config's synth output: test/stacks/synthesized-app.ts). Set before the workers start, so they inherit it;
 * a new run never sees an old run's fixtures. global-teardown.js removes it.
 */
module.exports = () => {
  process.env.JEST_RUN_FIXTURES = mkdtempSync(join(tmpdir(), "jest-run-"));
};
