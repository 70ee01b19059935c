/**
 * Benchmark: synthesizes every shipped environment in a child process (as `npm run synth` does) several times
 * and reports wall time and peak memory against the goals. Goals live here, never in timed tests.
 * Run: `npm run bench` (after `npm ci`). Exit code 1 when a goal is missed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GOALS = {
  /** `npm run synth` for all environments on a 2-core machine. */
  synthWallSeconds: 3,
  /** Peak resident memory of that process (deep imports keep it low; the barrel import takes ~800 MB). */
  synthPeakMiB: 400,
};
const RUNS = 5;

const root = join(__dirname, "..");
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const times: number[] = [];
const peaks: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const outdir = join(mkdtempSync(join(tmpdir(), "bench-")), "cdktf.out");
  const started = process.hrtime.bigint();
  // /usr/bin/time is not everywhere; report the child's peak RSS from Node itself.
  const result = spawnSync(
    process.execPath,
    [
      tsx,
      "-e",
      `require(${JSON.stringify(join(root, "main.ts"))}); process.on("exit", () => process.stderr.write("PEAK_RSS=" + process.resourceUsage().maxRSS + "\\n"));`,
    ],
    {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    },
  );
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
  rmSync(join(outdir, ".."), { recursive: true, force: true });
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  const peak = /PEAK_RSS=(\d+)/.exec(result.stderr);
  peaks.push(peak ? Number(peak[1]) / 1024 : NaN);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [
  [
    "synth all environments, wall time (median of " + RUNS + ")",
    `${median(times).toFixed(2)} s`,
    `<= ${GOALS.synthWallSeconds} s`,
    median(times) <= GOALS.synthWallSeconds,
  ],
  ["synth all environments, peak RSS (max)", `${Math.max(...peaks).toFixed(0)} MiB`, `<= ${GOALS.synthPeakMiB} MiB`, Math.max(...peaks) <= GOALS.synthPeakMiB],
] as const;
console.log("| measure | value | goal | ok |\n| --- | --- | --- | --- |");
for (const [what, value, goal, ok] of rows) console.log(`| ${what} | ${value} | ${goal} | ${ok ? "yes" : "NO"} |`);
process.exit(rows.every((r) => r[3]) ? 0 : 1);
