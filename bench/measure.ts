/**
 * Measuring for the benchmark: runs a command as a child process several times and records each run's wall time
 * and peak resident memory. Memory is each Node process's own `maxRSS`, reported at exit by a preload that
 * `NODE_OPTIONS` gives every Node process of the run (the tsx launcher, the synth, npm's children, Jest's
 * workers); the run's peak is the largest. `/usr/bin/time` is not everywhere, Node is.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FloorStack } from "./floor-app";

/** One run of a command. */
export interface Sample {
  /** Wall time. */
  readonly seconds: number;
  /** CPU time (user and system) of the run's Node processes: what a busy machine disturbs least. */
  readonly cpuSeconds: number;
  /** Largest maxRSS of the run's Node processes, MiB. */
  readonly peakMiB: number;
}

/** Several runs of one command. */
export interface Measurement {
  readonly samples: readonly Sample[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Median CPU time. */
  readonly cpuMedian: number;
  /** Largest peak of all runs, MiB. */
  readonly peakMiB: number;
}

/** A command to run: the executable and its arguments, in `cwd`, with extra environment variables. */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Seconds after which the run is killed and reported as failed. @default 1800 */
  readonly timeoutSeconds?: number;
}

/** A child that failed: its output tells why. */
export class RunError extends Error {
  constructor(command: Command, status: number | null, output: string) {
    const tail = output.split("\n").slice(-40).join("\n");
    super(`bench: \`${command.argv.join(" ")}\` failed (exit ${status ?? "killed"}):\n${tail}`);
    this.name = "RunError";
  }
}

const workDir = mkdtempSync(join(tmpdir(), "bench-measure-"));
const reporter = join(workDir, "report-usage.cjs");
writeFileSync(
  reporter,
  [
    `process.on("exit", () => {`,
    `  const u = process.resourceUsage();`,
    `  try { require("node:fs").appendFileSync(process.env.BENCH_USAGE_FILE, [u.maxRSS, u.userCPUTime + u.systemCPUTime].join(" ") + "\\n"); } catch {}`,
    `});`,
  ].join("\n"),
);
process.on("exit", () => rmSync(workDir, { recursive: true, force: true }));

/** Runs the command once. Throws a {@link RunError} when it fails. */
export function runOnce(command: Command): Sample {
  const usageFile = join(workDir, `usage-${process.hrtime.bigint()}.txt`);
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${reporter}`].filter(Boolean).join(" ");
  const started = process.hrtime.bigint();
  const result = spawnSync(command.argv[0], command.argv.slice(1), {
    cwd: command.cwd,
    env: { ...process.env, ...command.env, NODE_OPTIONS: nodeOptions, BENCH_USAGE_FILE: usageFile },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: (command.timeoutSeconds ?? 1800) * 1000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new RunError(command, result.status, `${result.stdout ?? ""}\n${result.stderr ?? ""}`);
  const reports = existsSync(usageFile)
    ? readFileSync(usageFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ").map(Number))
    : [];
  rmSync(usageFile, { force: true });
  if (reports.length === 0) throw new RunError(command, result.status, "no Node process reported its memory (NODE_OPTIONS --require was not honoured)");
  // maxRSS is in KiB, CPU times in microseconds (Node normalises both).
  return { seconds, cpuSeconds: reports.reduce((sum, [, cpu]) => sum + cpu, 0) / 1e6, peakMiB: Math.max(...reports.map(([rss]) => rss)) / 1024 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Summarises runs: min, median and max wall time, and the largest peak. */
export function summarise(samples: readonly Sample[]): Measurement {
  const times = samples.map((s) => s.seconds);
  return {
    samples,
    min: Math.min(...times),
    median: median(times),
    max: Math.max(...times),
    cpuMedian: median(samples.map((s) => s.cpuSeconds)),
    peakMiB: Math.max(...samples.map((s) => s.peakMiB)),
  };
}

/** A fresh, empty directory under the benchmark's temporary directory (removed at exit). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(workDir, `${prefix}-`));
}

/**
 * What a synth wrote, stack by stack: resources, data sources and outputs of each `cdk.tf.json` under `stacks/`
 * and `rendered/` (the Flux environments' stacks, synthesized by a second app).
 */
export function synthesizedStacks(outdir: string): FloorStack[] {
  const count = (blocks: Record<string, Record<string, unknown>> | undefined) =>
    Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  return ["stacks", "rendered"]
    .filter((folder) => existsSync(join(outdir, folder)))
    .flatMap((folder) =>
      readdirSync(join(outdir, folder))
        .filter((name) => existsSync(join(outdir, folder, name, "cdk.tf.json")))
        .sort()
        .map((name) => {
          const json = JSON.parse(readFileSync(join(outdir, folder, name, "cdk.tf.json"), "utf8"));
          return { name: `${folder}-${name}`, resources: count(json.resource), dataSources: count(json.data), outputs: Object.keys(json.output ?? {}).length };
        }),
    );
}
