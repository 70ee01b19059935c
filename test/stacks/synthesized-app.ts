import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MainRun } from "../support/run-main";

/** The shipped environments, synthesized as `npm run synth` does. */
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

/** The run's `npm run synth` of the shipped config: its output directory, exit code and standard error. */
export interface ShippedRun extends MainRun {
  readonly outdir: string;
}

const SYNTHESIZE = join(__dirname, "..", "support", "synthesize-shipped.js");

/** Whether the run's background synth (test/global-setup.js) is still running. */
function synthRunning(runDir: string): boolean {
  const pidFile = join(runDir, "shipped.pid");
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, "utf8")), 0);
    return true;
  } catch {
    return false;
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * `npm run synth` of the shipped config (test/support/synthesize-shipped.js: main.ts in a child process, as the CLI
 * runs; test/main.test.ts checks its exit code, output and warnings), shared by every test file of this Jest run:
 * read its output, never write to it (see {@link copyOfShippedOutput}). It is made once in the run's fixture
 * directory (test/global-setup.js, new for every run, so the output always comes from this run's sources): by the
 * global setup in the background when the whole suite runs (this waits for it), else by the first file that asks.
 * Without that directory (Jest run with another config) each call synthesizes afresh.
 */
export function shippedRun(): ShippedRun {
  const runDir = process.env.JEST_RUN_FIXTURES ?? mkdtempSync(join(tmpdir(), "app-"));
  const shared = join(runDir, "shipped");
  while (!existsSync(shared) && synthRunning(runDir)) Atomics.wait(pause, 0, 0, 50);
  if (!existsSync(shared)) {
    const { status, stderr } = spawnSync(process.execPath, [SYNTHESIZE, runDir], { encoding: "utf8" });
    if (status !== 0) throw new Error(`${SYNTHESIZE} failed (exit code ${status}):\n${stderr}`);
  }
  const { status, stderr } = JSON.parse(readFileSync(join(shared, "run.json"), "utf8")) as MainRun;
  return { outdir: join(shared, "cdktf.out"), status, stderr };
}

/** The output directory of {@link shippedRun}; throws if that synth failed. */
export function shippedOutput(): string {
  const { outdir, status, stderr } = shippedRun();
  if (status !== 0) throw new Error(`npm run synth of the shipped config failed (exit code ${status}):\n${stderr}`);
  return outdir;
}

/** A private copy of {@link shippedOutput}, for a test that writes into it (e.g. `npm run review`'s files). */
export function copyOfShippedOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "app-")), "cdktf.out");
  cpSync(shippedOutput(), outdir, { recursive: true });
  return outdir;
}

/** {@link shippedOutput} with its manifests read. */
export function shippedApp(): SynthesizedApp {
  const outdir = shippedOutput();
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

const stackTexts = new Map<string, string>();

/**
 * A stack of {@link shippedOutput} in the form `Testing.synth(stack, true)` gives for the same environment built on
 * its own (the snapshots' form): without cdktf's "//" metadata, keys sorted, empty arrays and objects on two lines,
 * as cdktf's json-stable-stringify writes them. The stack JSON is otherwise the same, so tests that only read a
 * shipped environment's stacks share the run's synth instead of building the environment again.
 */
export function shippedStackText(name: string): string {
  if (!stackTexts.has(name)) stackTexts.set(name, testingSynthText(shippedApp().stack(name)));
  return stackTexts.get(name)!;
}

function testingSynthText(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => `\n${inner}${testingSynthText(v, inner)}`)
    : Object.keys(value)
        .filter((k) => k !== "//")
        .sort()
        .map((k) => `\n${inner}${JSON.stringify(k)}: ${testingSynthText((value as Record<string, unknown>)[k], inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}${items.join(",")}\n${indent}${close}`;
}
