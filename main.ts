import { ConfigError, configDirFromEnvironment } from "./config/load";
import { addPlatform, loadPlatformConfig, PLATFORM_OUTPUTS, PlatformConfig } from "./stacks/platform";
import { preloadFluxModels } from "./constructs/kubernetes/flux-models";
import { SynthRefusedError, synthesizeAtomically, warnings } from "./stacks/synthesize";

// Check every environment file before building anything: on bad input nothing is written.
let platform: PlatformConfig;
try {
  platform = loadPlatformConfig(configDirFromEnvironment());
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}

// `cdktf synth` sets CDKTF_OUTDIR; `npm run synth` writes to ./cdktf.out. INFRA_POLICY_DATE (YYYY-MM-DD) checks
// waiver expiry against another day than today.
const context = process.env.INFRA_POLICY_DATE ? { policyDate: process.env.INFRA_POLICY_DATE } : {};
function synthesize(): void {
  try {
    const app = synthesizeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (app) => addPlatform(app, platform), { context, afterSynth: PLATFORM_OUTPUTS });
    warnings(app).forEach((line) => console.error(line));
  } catch (e) {
    if (!(e instanceof SynthRefusedError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

// The Flux models are ES modules only: loaded first (constructs/kubernetes/flux-models.ts).
preloadFluxModels().then(synthesize, (e: Error) => {
  console.error(e.message);
  process.exit(1);
});
