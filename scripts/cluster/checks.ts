/**
 * The checks `npm run validate:cluster` runs against the test API server: each returns the problems it found (an
 * empty list when clean) with a message that names the object and quotes the API server.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { yamlDocuments } from "../module-sources";
import { KubeObject } from "./aks-objects";
import { ApiServer, CommandResult } from "./api-server";

/** The field manager of the kubernetes provider's server-side apply (kubernetes_manifest). */
export const TERRAFORM_FIELD_MANAGER = "Terraform";

/** Every object of the YAML files under `dir` (recursively, in path order), with the file it came from. */
export function objectsIn(dir: string): { file: string; object: KubeObject }[] {
  const out: { file: string; object: KubeObject }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...objectsIn(path));
    else if (/\.ya?ml$/.test(name)) out.push(...yamlDocuments<KubeObject>(readFileSync(path, "utf8")).map((object) => ({ file: path, object })));
  }
  return out;
}

/** `Kind namespace/name` of an object. */
export function describe(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

function asList(objects: readonly KubeObject[]): string {
  return stringify({ apiVersion: "v1", kind: "List", items: objects });
}

/** One line per object (`Kind namespace/name`, whether kubectl printed one object or a list). */
const OBJECT_COLUMNS = ["--no-headers", "-o", "custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name"];

function objectLines(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const [kind, namespace, name] = l.trim().split(/\s+/);
      return `${kind} ${namespace === "<none>" ? "" : `${namespace}/`}${name}`;
    });
}

function failure(what: string, r: CommandResult): string[] {
  return r.status === 0 ? [] : [`${what}:\n${(r.stderr || r.stdout).trim()}`];
}

/**
 * Objects that exist already. The kubernetes provider creates a kubernetes_manifest only when no object of that
 * name exists ("Cannot create resource that already exists"): so does a stack whose object is named like one AKS
 * creates. `kubectl apply` would silently take the object over instead; this check keeps the provider's rule.
 */
export function collisions(server: ApiServer, objects: readonly KubeObject[]): string[] {
  if (objects.length === 0) return [];
  const r = server.kubectl(["get", "-f", "-", "--ignore-not-found", ...OBJECT_COLUMNS], asList(objects));
  if (r.status !== 0) return failure("looking up the objects before creating them", r);
  return objectLines(r.stdout).map(
    (l) =>
      `${l} already exists in the cluster (AKS or another stack creates it): the kubernetes provider refuses to create an object that exists. Fix: give ours a name of its own.`,
  );
}

/** Helm's install order of kinds (helm.sh/helm/v3 pkg/releaseutil/kind_sorter.go): what a pod needs before the pod's owner. */
const INSTALL_ORDER = [
  "PriorityClass",
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodSecurityPolicy",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "SecretList",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleList",
  "ClusterRoleBinding",
  "ClusterRoleBindingList",
  "Role",
  "RoleList",
  "RoleBinding",
  "RoleBindingList",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
];

/**
 * `objects` in Helm's install order; kinds Helm does not list come last, by kind name (Helm's `lessByKind`).
 * `reverse` gives the opposite order: what a parallel apply may do when nothing orders two objects.
 */
export function inInstallOrder(objects: readonly KubeObject[], reverse = false): KubeObject[] {
  const rank = (o: KubeObject) => (INSTALL_ORDER.includes(o.kind) ? INSTALL_ORDER.indexOf(o.kind) : INSTALL_ORDER.length);
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b) || (rank(a) === INSTALL_ORDER.length ? a.kind.localeCompare(b.kind) : 0));
  return reverse ? sorted.reverse() : sorted;
}

/**
 * Server-side apply with the provider's field manager (dry run when asked), in Helm's kind order, or in its reverse
 * for objects nothing orders (`unordered`).
 */
export function apply(server: ApiServer, objects: readonly KubeObject[], options: { dryRun?: boolean; unordered?: boolean; what: string }): string[] {
  if (objects.length === 0) return [];
  const args = ["apply", "--server-side", `--field-manager=${TERRAFORM_FIELD_MANAGER}`, "-f", "-"];
  if (options.dryRun) args.push("--dry-run=server");
  return failure(options.what, server.kubectl(args, asList(inInstallOrder(objects, options.unordered))));
}

/** Waits until every CRD among `objects` is Established. */
export function waitEstablished(server: ApiServer, objects: readonly KubeObject[]): string[] {
  const crds = objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => `crd/${o.metadata.name}`);
  if (crds.length === 0) return [];
  return failure("waiting for the CRDs to be established", server.kubectl(["wait", "--for=condition=Established", "--timeout=60s", ...crds]));
}

/**
 * A second apply must change nothing: `kubectl diff --server-side` (exit 1 = differences) of what was applied. It
 * compares the live object with a dry run of the same apply, so it catches what changed the object after our apply
 * (a controller or webhook rewriting a field we own), not the server's own normalising of our fields, which
 * rewrites both sides alike: {@link storedAsWritten} checks that.
 */
export function secondApplyChanges(server: ApiServer, objects: readonly KubeObject[]): string[] {
  if (objects.length === 0) return [];
  const r = server.kubectl(["diff", "--server-side", `--field-manager=${TERRAFORM_FIELD_MANAGER}`, "-f", "-"], asList(objects));
  if (r.status === 0) return [];
  if (r.status === 1) return [`a second apply would change objects the first one applied (perpetual diff):\n${r.stdout.trim()}`];
  return failure("diffing a second apply", r);
}

/** Where `live` differs from what we wrote (`ours`): every field we set, compared at the same path. */
export function fieldDifferences(ours: unknown, live: unknown, path = ""): string[] {
  if (ours !== null && typeof ours === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(ours) !== Array.isArray(live))
      return [`${path || "."}: we wrote ${JSON.stringify(ours).slice(0, 120)}, the server holds ${JSON.stringify(live)?.slice(0, 120)}`];
    if (Array.isArray(ours)) {
      const l = live as unknown[];
      if (ours.length !== l.length) return [`${path}: we wrote ${ours.length} items, the server holds ${l.length}`];
      return ours.flatMap((v, i) => fieldDifferences(v, l[i], `${path}[${i}]`));
    }
    return Object.entries(ours).flatMap(([k, v]) => fieldDifferences(v, (live as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return ours === live
    ? []
    : [`${path}: we wrote ${JSON.stringify(ours)}, the server holds ${live === undefined ? "nothing (dropped)" : JSON.stringify(live)}`];
}

/**
 * The server stores every field as we wrote it. A field it normalises (`cpu: 1000m` stored as `1`), defaults over
 * or drops (pruned: not in the CRD schema) is a difference the kubernetes provider would see between its plan and
 * the object after apply (an inconsistent result, or a perpetual diff), and that `kubectl diff` cannot see (it
 * compares the server's rewrite with itself).
 */
export function storedAsWritten(server: ApiServer, objects: readonly KubeObject[]): string[] {
  if (objects.length === 0) return [];
  const r = server.kubectl(["get", "-f", "-", "-o", "json"], asList(objects));
  if (r.status !== 0) return failure("reading the applied objects back", r);
  const got = JSON.parse(r.stdout);
  const live: KubeObject[] = got.kind === "List" ? got.items : [got];
  const byKey = new Map(live.map((o) => [describe(o), o]));
  return objects.flatMap((o) => {
    const differences = fieldDifferences(o, byKey.get(describe(o)));
    return differences.length ? [`${describe(o)} is not stored as written:\n${differences.join("\n")}`] : [];
  });
}

/** The pod spec of a workload object, with the volumes a StatefulSet adds for its claims. */
export function podOf(o: KubeObject, defaultNamespace: string): KubeObject | undefined {
  const spec = o.spec as any;
  let template: any;
  if (o.kind === "Pod") template = { metadata: o.metadata, spec };
  else if (o.kind === "CronJob") template = spec?.jobTemplate?.spec?.template;
  else if (["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(o.kind)) template = spec?.template;
  if (!template?.spec) return undefined;
  const podSpec = { ...template.spec };
  if (o.kind === "StatefulSet") {
    const claims = (spec.volumeClaimTemplates ?? []).map((c: any) => ({
      name: c.metadata.name,
      persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` },
    }));
    podSpec.volumes = [...(podSpec.volumes ?? []), ...claims];
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${o.metadata.name}-admission-check`.slice(0, 63),
      namespace: o.metadata.namespace ?? defaultNamespace,
      labels: template.metadata?.labels,
    },
    spec: podSpec,
  };
}

/**
 * Each workload's pod, created with `--dry-run=server`: Pod Security admission of its namespace, the
 * ServiceAccount admission and pod validation judge it as they would the pods its controller creates. CronJobs
 * and Helm hook Jobs are covered too, which never create a pod here.
 */
export function podAdmission(server: ApiServer, workloads: readonly { object: KubeObject; namespace: string }[]): string[] {
  const problems: string[] = [];
  for (const { object, namespace } of workloads) {
    const pod = podOf(object, namespace);
    if (!pod) continue;
    const r = server.kubectl(["create", "--dry-run=server", "-f", "-"], stringify(pod));
    problems.push(...failure(`the pod of ${describe({ ...object, metadata: { ...object.metadata, namespace: pod.metadata.namespace } })} is not admitted`, r));
  }
  return problems;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the controller-manager has created a pod for every Deployment and StatefulSet in `namespaces` (no
 * node runs it: it stays Pending). A workload still without a pod at the deadline fails, with the FailedCreate
 * events that say why (a pod refused by admission). Earlier FailedCreate events of a workload that got its pod in
 * the end (its ServiceAccount arrived after it, and the controller retried) are not failures.
 */
export async function controllerPods(server: ApiServer, namespaces: readonly string[], timeoutMs = 90_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting: string[] = [];
    for (const ns of namespaces) {
      const r = server.kubectl([
        "get",
        "deployments,statefulsets",
        "-n",
        ns,
        "-o",
        'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.spec.replicas} {.status.replicas}{"\\n"}{end}',
      ]);
      for (const line of r.stdout.split("\n").filter((l) => l.trim())) {
        const [name, wanted, created] = line.split(" ");
        if (Number(wanted) > 0 && !(Number(created) > 0)) waiting.push(`${ns}/${name.split("/")[1]}`);
      }
    }
    if (waiting.length === 0) return [];
    if (Date.now() > deadline) {
      const why = failedCreates(server, waiting);
      return [
        `no pod was created within ${timeoutMs / 1000} s for ${waiting.join(", ")}${why.length ? `: the controller-manager could not create a pod:\n${why.join("\n")}` : ""}`,
      ];
    }
    await sleep(2000);
  }
}

/**
 * The FailedCreate events of workloads whose `namespace/name` starts with one of `owners` (a ReplicaSet is named
 * after its Deployment), one per owner: the controller retries, each time with a new pod name.
 */
function failedCreates(server: ApiServer, owners: readonly string[]): string[] {
  const events = server.kubectl([
    "get",
    "events",
    "-A",
    "--field-selector=reason=FailedCreate",
    "-o",
    'jsonpath={range .items[*]}{.involvedObject.kind} {.involvedObject.namespace}/{.involvedObject.name}: {.message}{"\\n"}{end}',
  ]);
  const why = new Map<string, string>();
  for (const line of events.stdout.split("\n").filter((l) => owners.some((o) => l.includes(` ${o}`)))) why.set(line.slice(0, line.indexOf(":")), line);
  return [...why.values()];
}

/**
 * Pods the controllers were refused in `namespaces`, even if a retry succeeded later: the deploy applies what
 * nothing orders in the worst order, so a refusal means a missing `depends_on` (a pod before its ServiceAccount).
 */
export function refusedPods(server: ApiServer, namespaces: readonly string[]): string[] {
  const refused = failedCreates(
    server,
    namespaces.map((n) => `${n}/`),
  );
  return refused.length ? [`the controllers were refused pods (a workload applied before what its pods need):\n${refused.join("\n")}`] : [];
}

/** Kinds the cluster writes on its own (events, leases, endpoints, revisions): left out of inventories. */
const VOLATILE =
  /^(events|leases|endpoints|endpointslices|controllerrevisions|componentstatuses|bindings|tokenreviews|selfsubject|subjectaccessreviews|localsubjectaccessreviews)\b/;

/** Every object the API server holds (`Kind namespace/name`), but the volatile kinds. */
export function inventory(server: ApiServer): Set<string> {
  const kinds = server
    .kubectl(["api-resources", "--verbs=list", "-o", "name"])
    .stdout.split("\n")
    .filter((k) => k.trim() && !VOLATILE.test(k));
  const r = server.kubectl(["get", kinds.join(","), "-A", "--ignore-not-found", ...OBJECT_COLUMNS]);
  if (r.status !== 0) throw new Error(`listing the cluster's objects failed: ${r.stderr.trim()}`);
  return new Set(objectLines(r.stdout));
}

/**
 * NetworkPolicy peers in a namespace the stacks do not create (kube-system: CoreDNS) must select a pod there. On
 * AKS a selector that misses applies cleanly and silently drops the traffic (DNS); here it fails.
 */
export function peersSelectingNothing(server: ApiServer, objects: readonly KubeObject[], ownNamespaces: readonly string[]): string[] {
  const problems: string[] = [];
  for (const policy of objects.filter((o) => o.kind === "NetworkPolicy")) {
    const spec = policy.spec as any;
    const peers = [...(spec.egress ?? []).flatMap((r: any) => r.to ?? []), ...(spec.ingress ?? []).flatMap((r: any) => r.from ?? [])];
    for (const peer of peers) {
      const namespace = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
      const labels = peer.podSelector?.matchLabels;
      if (!namespace || !labels || ownNamespaces.includes(namespace)) continue;
      const selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      const r = server.kubectl(["get", "pods", "-n", namespace, "-l", selector, "-o", "name"]);
      if (r.status !== 0 || !r.stdout.trim()) {
        problems.push(
          `${describe(policy)} allows pods ${selector} in ${namespace}, and no pod there has those labels (AKS's own pods, as seeded): the rule matches nothing. ${r.stderr.trim()}`,
        );
      }
    }
  }
  return problems;
}
