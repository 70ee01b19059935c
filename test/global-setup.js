const { spawn } = require("node:child_process");
const { mkdtempSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * A fresh directory for each Jest run, where fixtures that many test files read are built once (the shipped
 * config's synth output: test/stacks/synthesized-app.ts). Set before the workers start, so they inherit it;
 * a new run never sees an old run's fixtures. global-teardown.js removes it.
 *
 * When the whole suite runs, the shipped config's synth starts now, in the background (a child process beside the
 * workers), and the test files that read it wait for it: about a tenth of the test files do, the first of them in
 * the first seconds. A run of chosen files, or of another root (test/cluster/jest.config.js), leaves it to the first
 * file that asks.
 */
module.exports = (globalConfig, projectConfig) => {
  const runDir = mkdtempSync(join(tmpdir(), "jest-run-"));
  process.env.JEST_RUN_FIXTURES = runDir;
  const wholeSuite = globalConfig.testPathPatterns?.isSet?.() === false && projectConfig?.roots?.includes(join(projectConfig.rootDir, "test"));
  if (!wholeSuite) return;
  const synth = spawn(process.execPath, [join(__dirname, "support", "synthesize-shipped.js"), runDir], { stdio: "ignore", detached: true });
  writeFileSync(join(runDir, "shipped.pid"), String(synth.pid));
  globalThis.shippedSynth = synth;
};
