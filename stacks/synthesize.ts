import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App } from "cdktf";

/** The opt-outs from secure defaults (warning annotations) as printable lines, as `cdktf synth` shows them. */
export function warnings(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `WARNING ${c.node.path}: ${String(m.data)}`));
}

/**
 * Builds and synthesizes an app into `outdir` all or nothing: the app is written to a fresh sibling directory that
 * replaces `outdir` only when every stack synthesized and validated. On any error the previous `outdir` stays as
 * it was. Annotations carry no stack traces, so the same config gives the same bytes on every machine.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void): App {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    build(app);
    app.synth();
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return app;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
