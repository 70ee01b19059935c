/**
 * One environment's in-cluster objects on a fresh test API server, step by step as its deploy puts them there
 * (deploy-steps.ts), then destroyed:
 *  1. seed what AKS creates (aks-objects.ts), wait until the controllers are done with it, take an inventory;
 *  2. each step: nothing of its objects' names may exist yet; a server dry run, then the server-side apply with the
 *     provider's field manager (a Terraform wave in the worst order); then its Helm releases (helm-releases.ts);
 *  3. `kubectl apply --server-side --dry-run=server` of the whole rendered folder; a second apply that must change
 *     nothing; every field stored as written;
 *  4. every workload's pod through admission (dry run); the pods the controller-manager creates (CoreDNS's too)
 *     must appear, none refused on the way; every NetworkPolicy peer in kube-system must select one of them;
 *  5. destroy: namespaced objects, the releases, then cluster-wide objects; the inventory must come back to (1) but
 *     for what Helm keeps by design (listed, not failed: see keptByDesign).
 */
import { KubeObject } from "./aks-objects";
import { ApiServer } from "./api-server";
import {
  apply,
  collisions,
  controllerPods,
  describe,
  inventory,
  peersSelectingNothing,
  podAdmission,
  refusedPods,
  secondApplyChanges,
  storedAsWritten,
  waitEstablished,
} from "./checks";
import { DeployStep } from "./deploy-steps";
import { deletedAfterSuccess, InstalledRelease, installRelease, uninstallRelease } from "./helm-releases";

/** What an environment's check found and did. */
export interface EnvironmentResult {
  readonly problems: string[];
  readonly objectsApplied: number;
  readonly steps: number;
  readonly releases: string[];
  readonly podsChecked: number;
  readonly webhooksRemoved: string[];
  /** Objects left after destroy that Helm keeps by design (see {@link keptByDesign}). */
  readonly keptByHelm: string[];
}

/** What to put in the cluster. */
export interface EnvironmentInput {
  /** Objects AKS (and, for Flux, the Flux extension) creates before the stacks. */
  readonly seed: readonly KubeObject[];
  /** The deploy, step by step. */
  readonly steps: readonly DeployStep[];
  /** The rendered folder (`cdktf.out/manifests/<env>` or `gitops/<env>`) and its objects. */
  readonly folder: { readonly path: string; readonly objects: readonly KubeObject[] };
}

const FIRST_STAGE = new Set(["CustomResourceDefinition", "Namespace"]);
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function validateEnvironment(server: ApiServer, input: EnvironmentInput, tools: { helm: string; cacheDir: string }): Promise<EnvironmentResult> {
  const problems: string[] = [];
  const installed: InstalledRelease[] = [];
  const objects = input.steps.flatMap((s) => s.objects);
  const result = (podsChecked = 0, keptByHelm: string[] = []): EnvironmentResult => ({
    problems,
    objectsApplied: objects.length,
    steps: input.steps.length,
    releases: installed.map((r) => `${r.spec.name} (${r.spec.chart} ${r.spec.version})`),
    podsChecked,
    webhooksRemoved: installed.flatMap((r) => r.webhooksRemoved),
    keptByHelm,
  });

  // 1. What AKS creates, settled (CoreDNS's pods, each namespace's default ServiceAccount and root CA).
  problems.push(...apply(server, input.seed, { what: "seeding the objects AKS creates" }), ...waitEstablished(server, input.seed));
  if (problems.length) return result();
  problems.push(...(await controllerPods(server, ["kube-system"])));
  const baseline = await settledInventory(server);

  // 2. The deploy, step by step.
  for (const step of input.steps) {
    problems.push(...collisions(server, step.objects));
    if (problems.length) return result();
    // kustomize-controller applies a layer's CRDs and Namespaces first, and the rest once they exist; Terraform has
    // no such stage (what is in one wave is applied together).
    const stages = step.unordered
      ? [step.objects]
      : [step.objects.filter((o) => FIRST_STAGE.has(o.kind)), step.objects.filter((o) => !FIRST_STAGE.has(o.kind))];
    for (const objects of stages) {
      problems.push(
        ...apply(server, objects, { dryRun: true, unordered: step.unordered, what: `${step.label}: kubectl apply --server-side --dry-run=server` }),
      );
      if (problems.length) return result();
      problems.push(...apply(server, objects, { unordered: step.unordered, what: `${step.label}: applying` }), ...waitEstablished(server, objects));
    }
    for (const spec of step.releases) {
      const { release, problems: p } = installRelease(server, tools.cacheDir, tools.helm, spec);
      problems.push(...p);
      if (!release) return result();
      installed.push(release);
      const hookObjects = release.hooks.filter((o) => o.kind !== "Job" && o.kind !== "Pod").map((o) => withNamespace(o, spec.namespace));
      problems.push(...apply(server, hookObjects, { what: `applying the hooks' objects of ${spec.name}` }));
    }
    if (problems.length) return result();
  }

  // 3. The rendered folder as a whole, a second apply, and the fields as stored.
  problems.push(...apply(server, input.folder.objects, { dryRun: true, what: `kubectl apply --server-side --dry-run=server of ${input.folder.path}` }));
  problems.push(...secondApplyChanges(server, objects), ...storedAsWritten(server, objects));

  // 4. Pods: every workload's pod through admission, the pods the controllers create, none refused on the way.
  const workloads = [
    ...objects.map((object) => ({ object, namespace: "default" })),
    ...installed.flatMap((r) => [...r.objects, ...r.hooks].map((object) => ({ object, namespace: r.spec.namespace }))),
  ];
  const podsChecked = workloads.filter((w) => WORKLOAD_KINDS.includes(w.object.kind)).length;
  problems.push(...podAdmission(server, workloads));
  const namespaces = [...new Set([...objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name), ...installed.map((r) => r.spec.namespace)])];
  problems.push(...(await controllerPods(server, namespaces)), ...refusedPods(server, namespaces));
  problems.push(...peersSelectingNothing(server, objects, namespaces));

  // 5. Destroy, then compare with the inventory of (1). Hooks deleted once they succeed would be gone on AKS.
  const crdPolicies = crdResourcePolicies(server);
  const succeededHooks = installed.flatMap((r) => r.hooks.filter(deletedAfterSuccess).map((o) => withNamespace(o, r.spec.namespace)));
  problems.push(
    ...remove(server, [...succeededHooks.filter((o) => o.kind !== "Job"), ...objects.filter((o) => o.metadata.namespace)], "deleting the namespaced objects"),
  );
  for (const r of [...installed].reverse()) problems.push(...uninstallRelease(server, tools.helm, r.spec));
  problems.push(
    ...remove(
      server,
      objects.filter((o) => !o.metadata.namespace),
      "deleting the cluster-wide objects (Namespaces and CRDs last)",
    ),
  );
  let left: string[] = [];
  let unexpected: string[] = [];
  // The API server unregisters a deleted CRD's APIService asynchronously: poll for a while.
  for (let i = 0; i < 15; i++) {
    left = [...inventory(server)].filter((o) => !baseline.has(o));
    unexpected = left.filter((o) => !keptByDesign(o, left, installed, crdPolicies));
    if (unexpected.length === 0) break;
    await sleep(2000);
  }
  if (unexpected.length) problems.push(`the destroy left objects behind:\n${unexpected.join("\n")}`);
  const now = inventory(server);
  const lost = [...baseline].filter((o) => !now.has(o));
  if (lost.length) problems.push(`the destroy deleted objects that were there before the deploy (AKS's):\n${lost.join("\n")}`);
  return result(
    podsChecked,
    left.filter((o) => !unexpected.includes(o)),
  );
}

/** The inventory once two readings 2 s apart agree (the controllers are done with what was just created). */
async function settledInventory(server: ApiServer): Promise<Set<string>> {
  let before = inventory(server);
  for (let i = 0; i < 15; i++) {
    await sleep(2000);
    const now = inventory(server);
    if (now.size === before.size && [...now].every((o) => before.has(o))) return now;
    before = now;
  }
  console.warn("validate:cluster: the seeded cluster did not settle within 30 s; the destroy check compares with its last inventory");
  return before;
}

/**
 * What Helm leaves by design after `helm uninstall` (which deletes the release's manifest only): the CRDs of a
 * chart's crds/ folders and templates marked `helm.sh/resource-policy: keep`; hook objects that are not deleted
 * once their hook succeeds (the namespaced ones go with their namespace); and the APIServices the API server keeps
 * for the groups of the CRDs that stay.
 */
function keptByDesign(o: string, left: readonly string[], installed: readonly InstalledRelease[], crdPolicies: Map<string, string>): boolean {
  const crd = /^CustomResourceDefinition (.+)$/.exec(o)?.[1];
  if (crd !== undefined) return crdPolicies.get(crd) === "keep" || installed.some((r) => r.crdsFolder.includes(crd));
  const group = /^APIService [^.]+\.(.+)$/.exec(o)?.[1];
  if (group !== undefined) return left.some((l) => l.startsWith("CustomResourceDefinition ") && l.endsWith(`.${group}`));
  return installed.some((r) => r.hooks.some((h) => describe(h) === o && !deletedAfterSuccess(h)));
}

function withNamespace(o: KubeObject, namespace: string): KubeObject {
  const clusterWide = [
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "Namespace",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
  ];
  if (o.metadata.namespace || clusterWide.includes(o.kind)) return o;
  return { ...o, metadata: { ...o.metadata, namespace } };
}

function remove(server: ApiServer, objects: readonly KubeObject[], what: string): string[] {
  // Namespaces and CRDs go last, so the objects in them are deleted by name first.
  const last = new Set(["CustomResourceDefinition", "Namespace"]);
  const ordered = [...objects].sort((a, b) => Number(last.has(a.kind)) - Number(last.has(b.kind)));
  if (ordered.length === 0) return [];
  const r = server.kubectl(
    ["delete", "-f", "-", "--ignore-not-found", "--wait=true", "--timeout=180s"],
    JSON.stringify({ apiVersion: "v1", kind: "List", items: ordered }),
  );
  return r.status === 0 ? [] : [`${what}:\n${r.stderr.trim()}`];
}

/** `helm.sh/resource-policy` of every CRD (name → value, "" when unset). */
function crdResourcePolicies(server: ApiServer): Map<string, string> {
  const r = server.kubectl(["get", "crd", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.metadata.annotations.helm\\.sh/resource-policy}{"\\n"}{end}']);
  return new Map(
    r.stdout
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const [name, policy = ""] = l.split(" ");
        return [name, policy];
      }),
  );
}
