import { addPlatform, loadPlatformConfig, PLATFORM_OUTPUTS } from "../../stacks/platform";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** `npm run synth` of the shipped config into `outdir` (test/stacks/synthesized-app.ts shares the output). */
export function synthesizeShipped(outdir: string): void {
  // A fixed policy date: waiver expiry must not turn the tests red on some future day.
  synthesizeAtomically(outdir, (app) => addPlatform(app, loadPlatformConfig(SHIPPED_CONFIG_DIR)), {
    context: { policyDate: "2026-11-26" },
    afterSynth: PLATFORM_OUTPUTS,
  });
}
