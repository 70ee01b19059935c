/** How a run of `main.ts` ended. */
export interface MainRun {
  /** The exit code. */
  readonly status: number | null;
  readonly stderr: string;
}

/** Thrown by the stubbed process.exit: main.ts stops where the process would. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/**
 * Runs `main.ts` as `npm run synth -- <args>` does, with the given config directory and output directory and waiver
 * expiry checked against 2026-11-26 (a day before every shipped waiver expires), in this process: its own fresh
 * modules, its arguments and environment, process.exit and console.error caught. The run's shared synth of the
 * shipped config runs it in a child process, as the CLI does (test/support/synthesize-shipped.js; test/main.test.ts
 * checks it); a child process costs three seconds of module loading before main.ts does anything.
 */
export async function runMain(configDir: string, outdir: string, args: string[] = []): Promise<MainRun> {
  const env = { INFRA_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, INFRA_POLICY_DATE: "2026-11-26" };
  const saved = { argv: process.argv, env: Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])) };
  const stderr: string[] = [];
  const exit = jest.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exit(Number(code ?? 0));
  });
  const error = jest.spyOn(console, "error").mockImplementation((...line: unknown[]) => void stderr.push(line.join(" ")));
  process.argv = [process.execPath, "main.ts", ...args];
  Object.assign(process.env, env);
  try {
    // main.ts builds and synthesizes once the Flux models are loaded (preloadFluxModels().then(synthesize)): that
    // promise is kept, to wait for the synth.
    let loaded: Promise<void> = Promise.resolve();
    jest.isolateModules(() => {
      const flux = jest.requireActual<typeof import("../../constructs/kubernetes/flux-models")>("../../constructs/kubernetes/flux-models");
      jest.doMock("../../constructs/kubernetes/flux-models", () => ({ ...flux, preloadFluxModels: () => (loaded = flux.preloadFluxModels()) }));
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh main.ts, run for its effects
        require("../../main");
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
      }
    });
    // Runs after main.ts's own callbacks on the same promise.
    await loaded.then(
      () => undefined,
      () => undefined,
    );
    // The process exits with the code main.ts gives process.exit, else 0.
    return { status: exit.mock.calls.length > 0 ? Number(exit.mock.calls[0][0] ?? 0) : 0, stderr: stderr.join("\n") };
  } finally {
    process.argv = saved.argv;
    for (const [k, v] of Object.entries(saved.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    jest.dontMock("../../constructs/kubernetes/flux-models");
    exit.mockRestore();
    error.mockRestore();
  }
}
