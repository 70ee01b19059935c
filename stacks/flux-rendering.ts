import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { FLUX_LAYERS, FLUX_NAMESPACE, FLUX_VARIABLES, FLUX_WORKLOAD_CLIENT_ID_PREFIX, FluxLayer } from "../constructs/aks/flux-gitops";
import { fluxHelmRelease, HelmReleaseArguments } from "../constructs/kubernetes/flux-helm-release";
import { KubeManifest } from "../constructs/kubernetes/kube-object";
import { GitopsSource } from "./gitops-source";
import { manifestYaml, TEMPLATE_REFERENCE, unescapeTemplateSyntax } from "./manifest-files";

/** One environment whose in-cluster objects Flux delivers. */
export interface RenderedEnvironment {
  readonly environment: string;
  readonly source: GitopsSource;
  /** `<env>-k8s-addons` and `<env>-k8s-config`, built as usual but in the render app. */
  readonly stacks: readonly TerraformStack[];
}

interface RenderApp {
  readonly app: App;
  readonly environments: RenderedEnvironment[];
}

const RENDER_APPS = new WeakMap<App, RenderApp>();

/**
 * The app that holds the in-cluster stacks of Flux environments: built from the same constructs, checked by the
 * same policy pack and review, rendered to `cdktf.out/gitops/<env>`, and never written as Terraform (so
 * `cdktf deploy` and the pipelines cannot apply them through the API server).
 */
export function renderAppOf(app: App): App {
  let entry = RENDER_APPS.get(app);
  if (!entry) {
    entry = { app: new App({ outdir: app.outdir, stackTraces: false, context: app.node.getAllContext() }), environments: [] };
    RENDER_APPS.set(app, entry);
  }
  return entry.app;
}

/** Records a Flux environment of `app` (its stacks live in {@link renderAppOf}). */
export function registerRenderedEnvironment(app: App, environment: RenderedEnvironment): void {
  renderAppOf(app);
  RENDER_APPS.get(app)!.environments.push(environment);
}

/** The Flux environments of `app`. */
export const renderedEnvironments = (app: App): readonly RenderedEnvironment[] => RENDER_APPS.get(app)?.environments ?? [];

/** Every rendered stack of `app`. */
export const renderedStacks = (app: App): TerraformStack[] => renderedEnvironments(app).flatMap((e) => [...e.stacks]);

/** The root of the render app, if any (for annotations). */
export const renderApp = (app: App): App | undefined => RENDER_APPS.get(app)?.app;

/** `${NAME}` variables a rendered object may use: those the cluster's Flux configuration fills in. */
const KNOWN_VARIABLES = new Set<string>(Object.values(FLUX_VARIABLES));
const isKnownVariable = (name: string) => KNOWN_VARIABLES.has(name) || (name.startsWith(FLUX_WORKLOAD_CLIENT_ID_PREFIX) && /^[A-Z0-9_]+$/.test(name));

/** Flux variables in an object's strings; throws on a `${...}` that Flux would silently turn into "". */
export function fluxVariables(manifest: KubeManifest, where: string): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(TEMPLATE_REFERENCE)) {
        if (!isKnownVariable(m[2])) {
          throw new Error(
            `${where}: ${manifest.kind} ${manifest.metadata.name} contains \${${m[2]}}, which Flux's post-build substitution would replace with an empty string. Fix: use a variable of FLUX_VARIABLES (${[...KNOWN_VARIABLES].join(", ")}) or ${FLUX_WORKLOAD_CLIENT_ID_PREFIX}<APP>_<WORKLOAD>, or escape it as $\${...}.`,
          );
        }
        found.add(m[2]);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(manifest);
  return [...found];
}

/** The objects of one rendered environment, by layer: what each Flux Kustomization applies. */
export function renderLayers(environment: RenderedEnvironment): Record<FluxLayer, { manifest: KubeManifest; from: string }[]> {
  const layers: Record<FluxLayer, { manifest: KubeManifest; from: string }[]> = { crds: [], controllers: [], config: [] };
  for (const stack of environment.stacks) {
    const tf = stack.toTerraform();
    const isConfig = stack.node.id.endsWith("-k8s-config");
    for (const r of Object.values<{ "//"?: { metadata?: { path?: string } }; manifest: KubeManifest }>(tf.resource?.kubernetes_manifest ?? {})) {
      const manifest = unescapeTemplateSyntax(r.manifest) as KubeManifest;
      const layer: FluxLayer = manifest.kind === "CustomResourceDefinition" ? "crds" : isConfig ? "config" : "controllers";
      layers[layer].push({ manifest, from: r["//"]?.metadata?.path ?? stack.node.id });
    }
    for (const r of Object.values<HelmReleaseArguments & { "//"?: { metadata?: { path?: string } } }>(tf.resource?.helm_release ?? {})) {
      const from = r["//"]?.metadata?.path ?? stack.node.id;
      for (const manifest of fluxHelmRelease(r, FLUX_NAMESPACE, from)) layers.controllers.push({ manifest, from });
    }
  }
  return layers;
}

/**
 * Writes each Flux environment's folder, `gitops/<env>/<layer>/<namespace | _cluster>/<kind>-<name>.yaml` (the
 * layers of FLUX_LAYERS, which the cluster's Flux configuration applies in order), and `gitops/<env>.source.json`,
 * where the deploy workflow publishes the folder. Objects hold `${VARIABLE}`s only for values the Flux
 * configuration substitutes; anything else that looks like a variable fails the synth.
 */
export function writeGitopsFolders(app: App, outdir: string): void {
  for (const environment of renderedEnvironments(app)) {
    const root = join(outdir, "gitops", environment.environment);
    for (const [layer, objects] of Object.entries(renderLayers(environment))) {
      for (const { manifest, from } of objects) {
        const variables = fluxVariables(manifest, from);
        const dir = join(root, layer, manifest.metadata.namespace ?? "_cluster");
        mkdirSync(dir, { recursive: true });
        const header = [
          `# Generated by npm run synth (${from}), applied by Flux (layer ${layer}: ${FLUX_LAYERS[layer as FluxLayer].dependsOn.length ? `after ${FLUX_LAYERS[layer as FluxLayer].dependsOn.join(", ")}` : "first"}). Do not edit: change config/ or constructs/.`,
          ...(variables.length ? [`# Filled in by the cluster's Flux configuration (post-build substitution): ${variables.join(", ")}`] : []),
        ];
        writeFileSync(join(dir, `${manifest.kind.toLowerCase()}-${manifest.metadata.name}.yaml`), manifestYaml(header, manifest));
      }
    }
    const { source } = environment;
    writeFileSync(join(outdir, "gitops", `${environment.environment}.source.json`), `${JSON.stringify(source, null, 2)}\n`);
  }
}
