// First: the modules imported after it load faster (stacks/library-source-maps.ts says why).
import "./stacks/library-source-maps";
import { ConfigError, configDirFromEnvironment } from "./config/load";
import { loadPlatformConfig, PLATFORM_OUTPUTS, PlatformConfig, platformParts } from "./stacks/platform";
import { preloadFluxModels } from "./constructs/kubernetes/flux-models";
import { describeNames, parseSynthArgs, selectiveSynthNotice, selectStacks, StackSelection, SYNTH_USAGE, SynthUsageError } from "./stacks/selection";
import { SynthRefusedError, synthesizeInParts } from "./stacks/synthesize";

// Check the options, every environment file and the names asked for before building anything: on bad input nothing
// is written. Every file is checked even when one environment is asked for: the rules across files (production's own
// admin groups, bootstrap.yaml's state account) must hold whatever is built.
let platform: PlatformConfig;
let selection: StackSelection | undefined;
try {
  const request = parseSynthArgs(process.argv.slice(2), process.env);
  platform = loadPlatformConfig(configDirFromEnvironment());
  if (request.help) {
    console.log(`${SYNTH_USAGE}\n\n${describeNames(platform)}`);
    process.exit(0);
  }
  // Without options (and under `cdktf synth`, which passes none): undefined, everything.
  selection = selectStacks(platform, request);
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof SynthUsageError)) throw e;
  console.error(e.message);
  process.exit(1);
}

// `cdktf synth` sets CDKTF_OUTDIR; `npm run synth` writes to ./cdktf.out. INFRA_POLICY_DATE (YYYY-MM-DD) checks
// waiver expiry against another day than today.
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const context = process.env.INFRA_POLICY_DATE ? { policyDate: process.env.INFRA_POLICY_DATE } : {};
function synthesize(): void {
  try {
    // Part by part (bootstrap, then each environment): memory and time stay linear in the environments.
    const synthesized = synthesizeInParts(outdir, platformParts(platform, selection), { context, afterSynth: PLATFORM_OUTPUTS });
    synthesized.warnings.forEach((line) => console.error(line));
    if (selection) console.error(selectiveSynthNotice([...synthesized.stacks, ...synthesized.renderedStacks], outdir));
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
