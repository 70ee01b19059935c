import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import type { HelmRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository";
import type { OCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository";

/** The Flux models the rendering uses: typed objects validated against the CRD schemas of Flux 2.7. */
export interface FluxModels {
  readonly HelmRelease: typeof HelmRelease;
  readonly HelmRepository: typeof HelmRepository;
  readonly OCIRepository: typeof OCIRepository;
}

const FILES: Record<keyof FluxModels, string> = {
  HelmRelease: "helm.toolkit.fluxcd.io/v2/HelmRelease.js",
  HelmRepository: "source.toolkit.fluxcd.io/v1/HelmRepository.js",
  OCIRepository: "source.toolkit.fluxcd.io/v1/OCIRepository.js",
};

const PACKAGE = "@kubernetes-models/flux-cd";

function packageRoot(): string {
  const root = (require.resolve.paths(PACKAGE) ?? []).map((dir) => join(dir, PACKAGE)).find((dir) => existsSync(join(dir, "package.json")));
  if (!root) throw new Error(`${PACKAGE} is not installed. Fix: run npm ci.`);
  return root;
}

let models: FluxModels | undefined;

/**
 * @kubernetes-models/flux-cd ships ES modules only, and its `exports` offer no `require` condition: it cannot be
 * required by name. Node loads its files by path with `import()` ({@link preloadFluxModels}, which `main.ts` awaits
 * before building), Jest with its resolver for them (test/flux-models-resolver.js), both through this function.
 */
export function fluxModels(): FluxModels {
  if (!models) {
    try {
      const root = packageRoot();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- by path, see above
      models = Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, require(join(root, file))[name]])) as unknown as FluxModels;
    } catch (e) {
      throw new Error(
        `${PACKAGE} could not be loaded with require (${(e as Error).message.split("\n")[0]}). Fix: await preloadFluxModels() before building the app.`,
      );
    }
  }
  return models;
}

/** Loads the Flux models with `import()`: what a Node process (tsx included) runs before it builds the app. */
export async function preloadFluxModels(): Promise<void> {
  if (models) return;
  const root = packageRoot();
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([name, file]) => [name, (await import(pathToFileURL(join(root, file)).href))[name]] as const),
  );
  models = Object.fromEntries(entries) as unknown as FluxModels;
}
