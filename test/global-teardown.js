const { rmSync } = require("node:fs");

/** Removes the run's fixture directory (global-setup.js). */
module.exports = () => {
  if (process.env.JEST_RUN_FIXTURES) rmSync(process.env.JEST_RUN_FIXTURES, { recursive: true, force: true });
};
