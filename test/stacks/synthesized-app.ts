import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

/**
 * Loaded only when this test file is the one that synthesizes: loading the stacks and every construct costs about a
 * second per test file, which the files that only read the shared output's JSON need not pay.
 */
function synthesizeShipped(outdir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./synthesize-shipped") as typeof import("./synthesize-shipped")).synthesizeShipped(outdir);
}

const freshDir = (prefix: string) => join(mkdtempSync(join(tmpdir(), prefix)), "cdktf.out");

/**
 * The shipped config's synth output (a cdktf.out directory), shared by every test file of this Jest run: read it,
 * never write to it (see {@link copyOfShippedOutput}). The first file to ask synthesizes it into the run's fixture
 * directory (test/global-setup.js, new for every run, so the output always comes from this run's sources). Two
 * workers asking at once both synthesize; the first rename wins. Without that directory (Jest run with another
 * config) each call synthesizes afresh.
 */
export function shippedOutput(): string {
  const runDir = process.env.JEST_RUN_FIXTURES;
  if (!runDir) {
    const outdir = freshDir("app-");
    synthesizeShipped(outdir);
    return outdir;
  }
  const shared = join(runDir, "shipped", "cdktf.out");
  if (!existsSync(shared)) {
    const mine = mkdtempSync(join(runDir, "synth-"));
    synthesizeShipped(join(mine, "cdktf.out"));
    try {
      renameSync(mine, join(runDir, "shipped"));
    } catch (e) {
      if (!existsSync(shared)) throw e;
    }
  }
  return shared;
}

/** A private copy of {@link shippedOutput}, for a test that writes into it (e.g. `npm run review`'s files). */
export function copyOfShippedOutput(): string {
  const outdir = freshDir("app-");
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
