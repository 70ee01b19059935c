import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App, TerraformStack } from "cdktf";
// cdktf runs aspects inside synth; running them first lets errors be reported before anything is written.
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { withoutCreationStacks } from "./creation-stacks";
import { renderApp, renderedStacks } from "./flux-rendering";
import { forgettingTokensOf } from "./token-registry";

/** The app and the render app of its Flux environments, if any. */
const roots = (app: App): App[] => [app, ...(renderApp(app) ? [renderApp(app)!] : [])];

/** The opt-outs from secure defaults (warning annotations) as printable lines, as `cdktf synth` shows them. */
export function warnings(app: App): string[] {
  return roots(app)
    .flatMap((root) => annotationLines(root, "@cdktf/warn"))
    .map((l) => `WARNING ${l}`);
}

/** Error annotations (policy violations, expired waivers) as `<stack> <construct path>: <message>` lines. */
export function errors(app: App): string[] {
  return roots(app).flatMap((root) => annotationLines(root, "@cdktf/error"));
}

function annotationLines(app: App, type: string): string[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === type)
      .map((m) => {
        const stack = c.node.scopes.find((s) => s instanceof TerraformStack)?.node.id;
        const path = stack && c.node.path.startsWith(`${stack}/`) ? c.node.path.slice(stack.length + 1) : c.node.path;
        return type === "@cdktf/error" && stack ? `${stack} ${path || stack}: ${String(m.data)}` : `${c.node.path}: ${String(m.data)}`;
      }),
  );
}

/**
 * Once a stack's aspects have run and cdktf has prepared it (backend, cross-stack references), its Terraform JSON
 * no longer changes. This locks the stack's construct tree (anything that would add a construct to it now fails
 * loudly, "Cannot add children during synthesis") and replaces its `toTerraform` and `prepareStack`: the JSON is
 * computed on first use and then shared by the policy pack (the stack's own rules and its siblings'), cdktf's synth and
 * the outputs written after it, and cdktf's synth does not prepare the stack again; every token used to be resolved
 * three to five times per stack.
 */
function freeze(stack: TerraformStack): void {
  const toTerraform = stack.toTerraform.bind(stack);
  let json: unknown;
  stack.node.lock();
  stack.prepareStack = () => {};
  stack.toTerraform = () => (json ??= toTerraform());
}

/** Synth refused: policy violations or other error annotations, one line each. */
export class SynthRefusedError extends Error {
  constructor(public readonly lines: string[]) {
    super(`Synth refused: ${lines.length} problem(s):\n${lines.join("\n")}`);
    this.name = "SynthRefusedError";
  }
}

/** What may follow a synth: writers of further outputs (policy results, manifests), each given the app and the directory. */
export interface SynthesisOptions {
  readonly context?: Record<string, unknown>;
  readonly afterSynth?: ReadonlyArray<(app: App, outdir: string) => void>;
}

/**
 * Builds an app writing into `staging` and checks it: every stack's aspects, then what app.synth() does first (the
 * rendered stacks are never synthesized), before any validation: the policy pack then reads each stack, and its
 * siblings, as they are written. Returns the app and its error annotations.
 */
function buildAndCheck(staging: string, build: (app: App) => void, context: Record<string, unknown>): { app: App; refused: string[] } {
  const app = new App({ outdir: staging, stackTraces: false, context });
  build(app);
  const synthesized = app.node.findAll().filter(TerraformStack.isStack);
  const stacks = [...synthesized, ...renderedStacks(app)];
  for (const stack of stacks) invokeAspects(stack);
  for (const stack of synthesized) stack.prepareStack();
  for (const stack of stacks) freeze(stack);
  for (const stack of stacks) stack.runAllValidations();
  return { app, refused: errors(app) };
}

/**
 * Runs `write` on a fresh sibling directory of `outdir` that replaces `outdir` only when `write` returns. On any
 * error the previous `outdir` stays as it was, and nothing is left behind.
 */
function atomically<T>(outdir: string, write: (staging: string) => T): T {
  const target = resolve(outdir);
  // `CDKTF_OUTDIR=build/cdktf.out` in a fresh checkout: the parent is made, as `cdktf synth` makes its outdir.
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    const result = withoutCreationStacks(() => write(staging));
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return result;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Builds and synthesizes an app into `outdir` all or nothing: aspects (tags, policies) and validations run first;
 * any error annotation refuses the synth with a {@link SynthRefusedError}. Otherwise the app is written to a fresh
 * sibling directory (with whatever `afterSynth` writes) that replaces `outdir` only when every stack synthesized. On
 * any error the previous `outdir` stays as it was. Annotations carry no stack traces, so the same config gives the
 * same bytes on every machine.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void, options: SynthesisOptions = {}): App {
  return atomically(outdir, (staging) => {
    const { app, refused } = buildAndCheck(staging, build, options.context ?? {});
    if (refused.length > 0) throw new SynthRefusedError(refused);
    app.synth();
    for (const write of options.afterSynth ?? []) write(app, staging);
    return app;
  });
}

/** What a synthesis in parts returns once its apps are gone. */
export interface SynthesisSummary {
  /** The opt-outs from secure defaults, as {@link warnings} prints them, part after part. */
  readonly warnings: readonly string[];
  /** The stacks written as Terraform, part after part. */
  readonly stacks: readonly string[];
  /** The stacks of Flux environments (rendered, never applied), part after part. */
  readonly renderedStacks: readonly string[];
}

/**
 * {@link synthesizeAtomically} one part at a time: each part (the platform's bootstrap, each environment) is built in
 * an app of its own, checked, written and then let go before the next is built, so the memory a synth holds is that
 * of its largest part, not of all of them, and its time grows linearly with the parts. Parts must not refer to one
 * another's constructs (an environment's stacks refer only to each other). The output is what one app of all the
 * parts writes: the parts share one manifest.json, and `afterSynth` writers add to what earlier parts wrote.
 *
 * All or nothing, as {@link synthesizeAtomically}: every part is built and checked even after one is refused, so the
 * {@link SynthRefusedError} names every problem of every part, and then nothing is written.
 */
export function synthesizeInParts(outdir: string, parts: ReadonlyArray<(app: App) => void>, options: SynthesisOptions = {}): SynthesisSummary {
  return atomically(outdir, (staging) => {
    const refused: string[] = [];
    const summary = { warnings: [] as string[], stacks: [] as string[], renderedStacks: [] as string[] };
    let manifest: App["manifest"] | undefined;
    for (const part of parts) {
      forgettingTokensOf(() => {
        const checked = buildAndCheck(staging, part, options.context ?? {});
        refused.push(...checked.refused);
        if (refused.length > 0) return; // refused: the remaining parts are only checked
        const { app } = checked;
        const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
        const rendered = renderedStacks(app).map((s) => s.node.id);
        // One app refuses a second construct of a name; parts are apps of their own, and a stack built by two parts
        // would overwrite the first one's files while the manifest kept the first one's entry.
        const repeated = [...stacks, ...rendered].filter((name) => summary.stacks.includes(name) || summary.renderedStacks.includes(name));
        if (repeated.length > 0) throw new Error(`synthesizeInParts: stack ${repeated.join(", ")} is built by two parts. Fix: build each stack in one part.`);
        // One manifest.json lists every part's stacks: each app records its stacks into the first app's manifest,
        // which each app.synth() writes whole (cdktf's App has no option for this; the property is plain data).
        if (manifest) (app as { manifest: App["manifest"] }).manifest = manifest;
        else manifest = app.manifest;
        app.synth();
        for (const write of options.afterSynth ?? []) write(app, staging);
        summary.warnings.push(...warnings(app));
        summary.stacks.push(...stacks);
        summary.renderedStacks.push(...rendered);
      });
    }
    if (refused.length > 0) throw new SynthRefusedError(refused);
    return summary;
  });
}
