/**
 * The order a deploy puts objects and releases in the cluster, as steps. Within a step nothing orders the objects
 * (Terraform applies them in parallel), so the validator applies a step's objects in the reverse of Helm's kind
 * order: a Deployment goes before a ServiceAccount it needs unless `depends_on` put them in different steps, and
 * its controller's refused pod fails the run.
 *
 * - Terraform delivery: the stacks in order (`<env>-k8s-addons`, then `<env>-k8s-config`), each cut into waves by
 *   `depends_on` (a wave holds what depends only on earlier waves). Terraform references to data sources in a
 *   manifest (`${data.azurerm_user_assigned_identity.x.client_id}`) are replaced by the placeholder client id that
 *   Flux's variables get too (FLUX_VARIABLE_PLACEHOLDER).
 * - Flux delivery: the layers in order (crds, controllers, config), each applied at once by kustomize-controller,
 *   which orders kinds itself (Namespaces, ServiceAccounts, ... before workloads): Helm's kind order stands for it.
 */
import { join } from "node:path";
import { KubeObject } from "./aks-objects";
import { objectsIn } from "./checks";
import { FLUX_VARIABLE_PLACEHOLDER, fluxObjects, fluxReleases } from "./flux-environment";
import { HelmReleaseSpec, helmReleaseOf } from "./helm-releases";
import { TEMPLATE_REFERENCE, unescapeTemplateSyntax } from "../../stacks/manifest-files";

/** One step of a deploy: objects applied together, then releases installed. */
export interface DeployStep {
  readonly label: string;
  readonly objects: readonly KubeObject[];
  readonly releases: readonly HelmReleaseSpec[];
  /** Whether the step's objects are applied in parallel (Terraform) rather than in kind order (kustomize). */
  readonly unordered: boolean;
}

/** A manifest of a stack with its data-source references replaced; any other reference is refused. */
function resolved(address: string, manifest: unknown): KubeObject {
  const text = JSON.stringify(manifest).replace(TEMPLATE_REFERENCE, (_match, before: string, ref: string) => {
    if (!ref.startsWith("data.")) throw new Error(`${address}: references ${ref}: validate:cluster resolves data sources only`);
    return `${before}${FLUX_VARIABLE_PLACEHOLDER}`;
  });
  return unescapeTemplateSyntax(JSON.parse(text)) as KubeObject;
}

/** The waves of one synthesized stack (cdk.tf.json), by `depends_on`. */
export function terraformSteps(stackName: string, stackJson: any): DeployStep[] {
  const nodes = new Map<string, { deps: string[]; object?: KubeObject; release?: HelmReleaseSpec }>();
  for (const [key, r] of Object.entries<any>(stackJson.resource?.kubernetes_manifest ?? {})) {
    const address = `kubernetes_manifest.${key}`;
    nodes.set(address, { deps: r.depends_on ?? [], object: resolved(address, r.manifest) });
  }
  for (const [key, r] of Object.entries<any>(stackJson.resource?.helm_release ?? {}))
    nodes.set(`helm_release.${key}`, { deps: r.depends_on ?? [], release: helmReleaseOf(r) });
  const others = Object.keys(stackJson.resource ?? {}).filter((t) => t !== "kubernetes_manifest" && t !== "helm_release");
  if (others.length) throw new Error(`${stackName}: validate:cluster applies kubernetes_manifest and helm_release only, not ${others.join(", ")}`);
  const done = new Set<string>();
  const steps: DeployStep[] = [];
  while (done.size < nodes.size) {
    const wave = [...nodes].filter(([a, n]) => !done.has(a) && n.deps.every((d) => done.has(d) || !nodes.has(d)));
    if (wave.length === 0) throw new Error(`${stackName}: depends_on has a cycle among ${[...nodes.keys()].filter((a) => !done.has(a)).join(", ")}`);
    wave.forEach(([a]) => done.add(a));
    steps.push({
      label: `${stackName} wave ${steps.length + 1}`,
      objects: wave.flatMap(([, n]) => (n.object ? [n.object] : [])),
      releases: wave.flatMap(([, n]) => (n.release ? [n.release] : [])),
      unordered: true,
    });
  }
  return steps;
}

/** The steps of a Terraform-delivered environment: its in-cluster stacks in order. */
export function terraformEnvironmentSteps(env: string, stackJson: (stack: string) => any): DeployStep[] {
  return ["k8s-addons", "k8s-config"].flatMap((s) => terraformSteps(`${env}-${s}`, stackJson(s)));
}

/** The steps of a Flux-delivered environment: its layers in order. */
export function fluxEnvironmentSteps(gitopsDir: string): DeployStep[] {
  return ["crds", "controllers", "config"].map((layer) => {
    const objects = fluxObjects(join(gitopsDir, layer));
    return { label: `layer ${layer}`, objects, releases: fluxReleases(objects), unordered: false };
  });
}

/** Every object of a rendered folder (for the literal `kubectl apply --dry-run=server -R -f <folder>`). */
export function folderObjects(dir: string): KubeObject[] {
  return objectsIn(dir).map((m) => m.object);
}
