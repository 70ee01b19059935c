import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** How a run of `main.ts` ended. */
export interface MainRun {
  /** The exit code. */
  readonly status: number | null;
  readonly stderr: string;
}

/**
 * Runs `main.ts` in a child process as `npm run synth -- <args>` does (tsx), with the given config directory and
 * output directory, and waiver expiry checked against 2026-11-26 (a day before every shipped waiver expires).
 */
export function runMain(configDir: string, outdir: string, args: string[] = []): MainRun {
  const { status, stderr } = spawnSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, INFRA_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, INFRA_POLICY_DATE: "2026-11-26" },
    encoding: "utf8",
  });
  return { status, stderr };
}
