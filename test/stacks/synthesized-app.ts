import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addPlatform, loadPlatformConfig, PLATFORM_OUTPUTS } from "../../stacks/platform";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** The shipped environments, synthesized once per test file as `npm run synth` does. */
export interface SynthesizedApp {
  readonly outdir: string;
  /** cdktf's manifest: the stacks Terraform applies. */
  readonly manifest: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
  /** The stacks of Flux environments (rendered/manifest.json): reviewed, never applied. */
  readonly rendered: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
  /** Both. */
  readonly allStacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }>;
  stack(name: string): any;
}

export function synthesizeShippedApp(): SynthesizedApp {
  const outdir = join(mkdtempSync(join(tmpdir(), "app-")), "cdktf.out");
  // A fixed policy date: waiver expiry must not turn this test red on some future day.
  synthesizeAtomically(outdir, (app) => addPlatform(app, loadPlatformConfig(SHIPPED_CONFIG_DIR)), {
    context: { policyDate: "2026-11-26" },
    afterSynth: PLATFORM_OUTPUTS,
  });
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const renderedPath = join(outdir, "rendered", "manifest.json");
  const rendered = existsSync(renderedPath) ? JSON.parse(readFileSync(renderedPath, "utf8")) : { stacks: {} };
  const allStacks = { ...manifest.stacks, ...rendered.stacks };
  return {
    outdir,
    manifest,
    rendered,
    allStacks,
    stack: (name: string) => JSON.parse(readFileSync(join(outdir, allStacks[name].synthesizedStackPath), "utf8")),
  };
}
