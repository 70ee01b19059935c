/**
 * `npm run synth` of the shipped config into a Jest run's fixture directory: node test/support/synthesize-shipped.js
 * <dir>. main.ts runs in a child process as the CLI runs it (tsx), with waiver expiry checked against 2026-11-26 (a
 * day before every shipped waiver expires), over a previous output (`previous.txt`) that it must replace. The output
 * directory, and `run.json` with the exit code and standard error, appear together as `<dir>/shipped` (a rename):
 * should two processes synthesize at once, the first rename wins. test/stacks/synthesized-app.ts reads it.
 */
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..", "..");
const runDir = process.argv[2];
const mine = mkdtempSync(join(runDir, "synth-"));
const outdir = join(mine, "cdktf.out");
mkdirSync(outdir);
writeFileSync(join(outdir, "previous.txt"), "previous synth");
const { status, stderr } = spawnSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "main.ts")], {
  cwd: root,
  env: { ...process.env, INFRA_CONFIG_DIR: join(root, "config"), CDKTF_OUTDIR: outdir, INFRA_POLICY_DATE: "2026-11-26" },
  encoding: "utf8",
});
writeFileSync(join(mine, "run.json"), JSON.stringify({ status, stderr }));
try {
  renameSync(mine, join(runDir, "shipped"));
} catch (e) {
  if (!existsSync(join(runDir, "shipped"))) throw e;
}
