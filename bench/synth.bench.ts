/**
 * `npm run bench`: synth time and memory against the targets, all in one process tree so the figures compare.
 *
 * - floor: a cdktf app of trivial resources with as many stacks, resources and data sources as the shipped synth
 *   wrote (bench/floor-app.ts), counted from a warm-up synth of this run;
 * - the default synth (`tsx main.ts`, what `npm run synth` runs) of the shipped environments, all stacks;
 * - synths of generated configurations (bench/config-generator.ts): 10 environments with 100, 200 and 400 data
 *   sources and 10, 20 and 40 applications each, and a base of one of each to take fixed costs out of the growth;
 * - `npm run validate` (not measured: there is no engine to run, see {@link VALIDATE_NOT_MEASURED}) and, with
 *   `--with-tests`, `npm test`.
 *
 * Floor and default synth runs alternate, so a busy machine slows both. Prints the tables on stdout (progress on
 * stderr), writes bench/results.json and exits 1 when a target is missed. Goals live here, never in timed tests.
 *
 * Options: `--runs <n>` (floor and default synth, default 5), `--growth-runs <n>` (each generated size, default 3),
 * `--scale <f>` (generated sources and applications times f, for a quick look; the growth target is then not
 * checked), `--no-growth`, `--with-tests`, `--test-runs <n>` (default 1), `--results <file>`.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSize, generateConfig, GeneratedConfig } from "./config-generator";
import { Command, Measurement, runOnce, Sample, scratchDir, summarise, synthesizedStacks } from "./measure";
import { renderTables, Row, TargetCheck, writeResults } from "./report";

export const TARGETS = {
  /** The default synth's median wall time at most this multiple of the floor's, measured in the same run. */
  synthOverFloor: 2,
  /** Peak resident memory of the default synth, MiB (below). */
  synthPeakMiB: 300,
  /**
   * Time per source at double size within this fraction of the time per source at half size; CPU time, so that
   * other work on the machine does not decide it (wall time is shown beside it).
   */
  growthTolerance: 0.2,
  /** `npm test` on 2 cores, seconds. */
  testSeconds: 45,
};

/** The generated sizes: the base (fixed costs), half, full and double. */
export const SIZES: Record<"base" | "half" | "full" | "double", ConfigSize> = {
  base: { environments: 10, sourcesPerEnvironment: 1, appsPerCluster: 1 },
  half: { environments: 10, sourcesPerEnvironment: 100, appsPerCluster: 10 },
  full: { environments: 10, sourcesPerEnvironment: 200, appsPerCluster: 20 },
  double: { environments: 10, sourcesPerEnvironment: 400, appsPerCluster: 40 },
};

export const VALIDATE_NOT_MEASURED =
  "there is no npm run validate: the engine step (OpenTofu validate per stack) is blocked, the pinned providers are not on the Go module proxy (README, Not verified here)";

const root = join(__dirname, "..");
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const log = (line: string) => process.stderr.write(`${line}\n`);

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!(value > 0)) throw new Error(`bench: ${name} takes a positive number (got ${process.argv[i + 1]})`);
  return value;
}
const flag = (name: string) => process.argv.includes(name);

const settings = {
  runs: option("--runs", 5),
  growthRuns: option("--growth-runs", 3),
  scale: option("--scale", 1),
  growth: !flag("--no-growth"),
  withTests: flag("--with-tests"),
  testRuns: option("--test-runs", 1),
};
const resultsFile = process.argv.includes("--results") ? process.argv[process.argv.indexOf("--results") + 1] : join(__dirname, "results.json");

/** `tsx <script>` writing into a fresh output directory. */
function tsxRun(script: string, env: Record<string, string> = {}): Command & { outdir: string } {
  const outdir = join(scratchDir("synth"), "cdktf.out");
  return { argv: [process.execPath, tsx, script], cwd: root, env: { ...env, CDKTF_OUTDIR: outdir }, outdir };
}

/** The default synth (what `npm run synth` runs), of the shipped config or of another config directory. */
const synth = (configDir?: string) => tsxRun("main.ts", configDir ? { INFRA_CONFIG_DIR: configDir } : {});

/** One run, logged; its output directory (if any) is removed afterwards. */
function runFresh(label: string, command: Command & { outdir?: string }): Sample {
  try {
    const sample = runOnce(command);
    log(`  ${label}: ${sample.seconds.toFixed(2)} s, ${sample.peakMiB.toFixed(0)} MiB`);
    return sample;
  } finally {
    if (command.outdir) rmSync(join(command.outdir, ".."), { recursive: true, force: true });
  }
}

/** `runs` runs, each in a fresh output directory. */
function measureSynths(label: string, runs: number, make: () => Command & { outdir: string }): Measurement {
  return summarise(Array.from({ length: runs }, (_, i) => runFresh(`${label} ${i + 1}/${runs}`, make())));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

// 1. Warm-up synth of the shipped environments (tsx's transform cache, the file cache): its output sizes the floor.
log("warm-up: default synth of the shipped environments");
const warmUp = synth();
runOnce(warmUp);
const stacks = synthesizedStacks(warmUp.outdir);
rmSync(join(warmUp.outdir, ".."), { recursive: true, force: true });
const planFile = join(scratchDir("floor"), "plan.json");
writeFileSync(planFile, JSON.stringify(stacks));
const shape = `${stacks.length} stacks, ${sum(stacks.map((s) => s.resources))} resources, ${sum(stacks.map((s) => s.dataSources))} data sources`;

// 2. Floor and default synth, alternating.
log(`floor and default synth (${shape}), ${settings.runs} runs each, alternating`);
const floorSamples: Sample[] = [];
const synthSamples: Sample[] = [];
for (let i = 0; i < settings.runs; i++) {
  floorSamples.push(runFresh(`floor ${i + 1}/${settings.runs}`, tsxRun("bench/floor-app.ts", { BENCH_FLOOR_PLAN: planFile })));
  synthSamples.push(runFresh(`synth ${i + 1}/${settings.runs}`, synth()));
}
const floor = summarise(floorSamples);
const shipped = summarise(synthSamples);
const rows: Row[] = [
  { id: "floor", measure: "floor: cdktf app of trivial resources", detail: shape, result: floor },
  { id: "synth", measure: "default synth, shipped environments", detail: shape, result: shipped },
];

// 3. Generated configurations.
const generated = new Map<keyof typeof SIZES, { config: GeneratedConfig; result: Measurement }>();
if (settings.growth) {
  for (const [name, size] of Object.entries(SIZES) as [keyof typeof SIZES, ConfigSize][]) {
    const scaled = {
      ...size,
      sourcesPerEnvironment: Math.max(1, Math.round(size.sourcesPerEnvironment * (name === "base" ? 1 : settings.scale))),
      appsPerCluster: Math.max(1, Math.round(size.appsPerCluster * (name === "base" ? 1 : settings.scale))),
    };
    const config = generateConfig(scratchDir(`config-${name}`), scaled);
    log(`generated ${name}: ${config.environments.length} environments, ${config.sources} sources, ${config.apps} applications, ${settings.growthRuns} runs`);
    const result = measureSynths(name, settings.growthRuns, () => synth(config.dir));
    generated.set(name, { config, result });
    rows.push({
      id: `generated-${name}`,
      measure: `default synth, generated ${name}`,
      detail: `${config.environments.length} environments, ${config.sources} sources, ${config.apps} applications`,
      result,
    });
  }
}

// 4. Validate and tests.
rows.push({ id: "validate", measure: "npm run validate, per stack", detail: "-", notMeasured: VALIDATE_NOT_MEASURED });
let tests: Measurement | undefined;
if (settings.withTests) {
  log(`npm test, ${settings.testRuns} run(s)`);
  tests = summarise(
    Array.from({ length: settings.testRuns }, (_, i) => runFresh(`npm test ${i + 1}/${settings.testRuns}`, { argv: ["npm", "test"], cwd: root })),
  );
  rows.push({ id: "test", measure: "npm test", detail: "typecheck, lint, jest", result: tests });
} else {
  rows.push({ id: "test", measure: "npm test", detail: "typecheck, lint, jest", notMeasured: "run with --with-tests (it takes minutes)" });
}

// 5. Targets.
const targets: TargetCheck[] = [
  {
    target: `default synth at most ${TARGETS.synthOverFloor}x the floor (wall medians)`,
    value:
      `${(shipped.median / floor.median).toFixed(2)}x (${shipped.median.toFixed(2)} s / ${floor.median.toFixed(2)} s); ` +
      `CPU ${(shipped.cpuMedian / floor.cpuMedian).toFixed(2)}x (${shipped.cpuMedian.toFixed(2)} s / ${floor.cpuMedian.toFixed(2)} s)`,
    ok: shipped.median <= TARGETS.synthOverFloor * floor.median,
  },
  {
    target: `default synth peak memory under ${TARGETS.synthPeakMiB} MiB`,
    value: `${shipped.peakMiB.toFixed(0)} MiB`,
    ok: shipped.peakMiB < TARGETS.synthPeakMiB,
  },
];
const base = generated.get("base");
/** Seconds per source above the base (its share of applications included: they grow together), by wall or CPU time. */
const perSource = (name: "half" | "double", time: (m: Measurement) => number) => {
  const g = generated.get(name)!;
  return (time(g.result) - time(base!.result)) / (g.config.sources - base!.config.sources);
};
if (base && generated.has("half") && generated.has("double")) {
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  const [half, double] = [perSource("half", (m) => m.cpuMedian), perSource("double", (m) => m.cpuMedian)];
  const [wallHalf, wallDouble] = [perSource("half", (m) => m.median), perSource("double", (m) => m.median)];
  targets.push({
    target: `growth linear: CPU time per source (base subtracted) at double size within ${TARGETS.growthTolerance * 100}% of half size`,
    value:
      `${ms(double)} vs ${ms(half)} (${(double / half).toFixed(2)}x); wall ${ms(wallDouble)} vs ${ms(wallHalf)} (${(wallDouble / wallHalf).toFixed(2)}x)` +
      (settings.scale !== 1 ? `; scale ${settings.scale}, not checked` : ""),
    ok: settings.scale !== 1 ? undefined : Math.abs(double / half - 1) <= TARGETS.growthTolerance,
  });
} else {
  targets.push({ target: "growth linear in sources and applications", value: "-", ok: undefined });
}
targets.push({
  target: `npm test under ${TARGETS.testSeconds} s`,
  value: tests ? `${tests.median.toFixed(1)} s` : "-",
  ok: tests ? tests.median < TARGETS.testSeconds : undefined,
});

console.log(renderTables(rows, targets));
writeResults(resultsFile, rows, targets, settings);
log(`\nwrote ${resultsFile}`);
process.exit(targets.some((t) => t.ok === false) ? 1 : 0);
