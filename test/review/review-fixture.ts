import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironmentConfigs } from "../../config/load";
import { addEnvironment } from "../../stacks/environment";
import { exportManifests, writePolicyResults } from "../../stacks/outputs";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** `npm run synth` of the shipped config into a temporary cdktf.out (fixed policy date), returning its path. */
export function synthesizeShippedOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "review-")), "cdktf.out");
  synthesizeAtomically(
    outdir,
    (app) => {
      for (const config of loadEnvironmentConfigs(SHIPPED_CONFIG_DIR)) addEnvironment(app, config);
    },
    { context: { policyDate: "2026-11-26" }, afterSynth: [writePolicyResults, exportManifests] },
  );
  return outdir;
}
