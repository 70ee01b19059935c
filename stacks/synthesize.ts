import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App, TerraformStack } from "cdktf";
// cdktf runs aspects inside synth; running them first lets errors be reported before anything is written.
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { withoutCreationStacks } from "./creation-stacks";
import { renderApp, renderedStacks } from "./flux-rendering";

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
 * no longer changes. This replaces the stack's `toTerraform` and `prepareStack`: the JSON is computed on first use
 * and then shared by the policy pack (the stack's own rules and its siblings'), cdktf's synth and the outputs written
 * after it, and cdktf's synth does not prepare the stack again; every token used to be resolved three to five times
 * per stack. Should the stack gain a construct afterwards, both are done afresh.
 */
function freeze(stack: TerraformStack): void {
  const { prepareStack, toTerraform } = stack;
  const constructs = () => stack.node.findAll().length;
  const prepared = constructs();
  let computed: { constructs: number; json: unknown } | undefined;
  stack.prepareStack = () => {
    if (constructs() !== prepared) prepareStack.call(stack);
  };
  stack.toTerraform = () => {
    const now = constructs();
    if (computed?.constructs !== now) computed = { constructs: now, json: toTerraform.call(stack) };
    return computed.json;
  };
}

/** Synth refused: policy violations or other error annotations, one line each. */
export class SynthRefusedError extends Error {
  constructor(public readonly lines: string[]) {
    super(`Synth refused: ${lines.length} problem(s):\n${lines.join("\n")}`);
    this.name = "SynthRefusedError";
  }
}

/**
 * Builds and synthesizes an app into `outdir` all or nothing: aspects (tags, policies) and validations run first;
 * any error annotation refuses the synth with a {@link SynthRefusedError}. Otherwise the app is written to a fresh
 * sibling directory (with whatever `afterSynth` writes) that replaces `outdir` only when every stack synthesized. On any error the previous `outdir`
 * stays as it was. Annotations carry no stack traces, so the same config gives the same bytes on every machine.
 */
export function synthesizeAtomically(
  outdir: string,
  build: (app: App) => void,
  options: { readonly context?: Record<string, unknown>; readonly afterSynth?: ReadonlyArray<(app: App, outdir: string) => void> } = {},
): App {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    const app = withoutCreationStacks(() => {
      const app = new App({ outdir: staging, stackTraces: false, context: options.context ?? {} });
      build(app);
      const synthesized = app.node.findAll().filter(TerraformStack.isStack);
      const stacks = [...synthesized, ...renderedStacks(app)];
      // Every stack's aspects, then what app.synth() does first (the rendered stacks are never synthesized), before
      // any validation: the policy pack then reads each stack, and its siblings, as they are written.
      for (const stack of stacks) invokeAspects(stack);
      for (const stack of synthesized) stack.prepareStack();
      for (const stack of stacks) freeze(stack);
      for (const stack of stacks) stack.runAllValidations();
      const refused = errors(app);
      if (refused.length > 0) throw new SynthRefusedError(refused);
      app.synth();
      return app;
    });
    for (const write of options.afterSynth ?? []) write(app, staging);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return app;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
