import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addPlatform, loadPlatformConfig } from "../../stacks/platform";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** The shipped environments, synthesized once per test file as `npm run synth` does. */
export interface SynthesizedApp {
  readonly outdir: string;
  readonly manifest: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
  stack(name: string): any;
}

export function synthesizeShippedApp(): SynthesizedApp {
  const outdir = join(mkdtempSync(join(tmpdir(), "app-")), "cdktf.out");
  // A fixed policy date: waiver expiry must not turn this test red on some future day.
  synthesizeAtomically(
    outdir,
    (app) => addPlatform(app, loadPlatformConfig(SHIPPED_CONFIG_DIR)),
    { context: { policyDate: "2026-11-26" } },
  );
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return {
    outdir,
    manifest,
    stack: (name: string) => JSON.parse(readFileSync(join(outdir, manifest.stacks[name].synthesizedStackPath), "utf8")),
  };
}
