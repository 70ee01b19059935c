import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addPlatform, loadPlatformConfig, PLATFORM_OUTPUTS } from "../../stacks/platform";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** `npm run synth` of the shipped config into a temporary cdktf.out (fixed policy date), returning its path. */
export function synthesizeShippedOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "review-")), "cdktf.out");
  synthesizeAtomically(outdir, (app) => addPlatform(app, loadPlatformConfig(SHIPPED_CONFIG_DIR)), {
    context: { policyDate: "2026-11-26" },
    afterSynth: PLATFORM_OUTPUTS,
  });
  return outdir;
}
