const { rmSync } = require("node:fs");

/** Stops the shipped config's synth should no test file have waited for it, and removes the run's fixture directory (global-setup.js). */
module.exports = () => {
  const synth = globalThis.shippedSynth;
  if (synth && synth.exitCode === null && synth.signalCode === null) {
    try {
      process.kill(-synth.pid); // its process group: main.ts's processes too
    } catch {
      // already gone
    }
  }
  if (process.env.JEST_RUN_FIXTURES) rmSync(process.env.JEST_RUN_FIXTURES, { recursive: true, force: true });
};
