import { namespaceLabels } from "./selectors";
import { Endpoint, EndpointPort, Labels, Namespace, NetworkPolicyManifest, Protocol } from "./types";

/** What the analyzer needs from a set of plain manifests. */
export interface ClusterModel {
  /** One pod endpoint per workload (`<namespace>/<name>`). */
  readonly endpoints: Endpoint[];
  readonly namespaces: Namespace[];
  readonly policies: NetworkPolicyManifest[];
}

interface ContainerShape {
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort: number; readonly protocol?: Protocol }>;
  readonly restartPolicy?: string;
}

interface PodSpecShape {
  readonly containers?: readonly ContainerShape[];
  readonly initContainers?: readonly ContainerShape[];
}

interface PodTemplateShape {
  readonly metadata?: { readonly labels?: Labels };
  readonly spec?: PodSpecShape;
}

interface ManifestShape {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Labels };
  readonly spec?: PodSpecShape & {
    readonly template?: PodTemplateShape;
    /** A CronJob's: the Job it creates, whose template is the pod's. */
    readonly jobTemplate?: { readonly spec?: { readonly template?: PodTemplateShape } };
  };
}

/**
 * Kinds with a pod template (`spec.template`, or a CronJob's `spec.jobTemplate.spec.template`): each becomes one
 * pod endpoint.
 */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;

function asManifest(m: unknown): ManifestShape | undefined {
  return m !== null && typeof m === "object" ? (m as ManifestShape) : undefined;
}

/** Declared ports of the pod: every container's, plus sidecars' (init containers with `restartPolicy: Always`). */
function podPorts(spec: PodSpecShape | undefined): EndpointPort[] {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always")];
  return containers.flatMap((c) => (c.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.containerPort, protocol: p.protocol ?? "TCP" })));
}

/**
 * One pod endpoint per workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) and per bare Pod: id
 * `<namespace>/<name>`, the pod template's labels and its containers' ports. The namespace defaults to `default`.
 */
export function workloadEndpoints(manifests: readonly unknown[]): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const m of manifests.map(asManifest)) {
    if (!m?.kind || !m.metadata?.name) continue;
    const namespace = m.metadata.namespace ?? "default";
    const id = `${namespace}/${m.metadata.name}`;
    if ((WORKLOAD_KINDS as readonly string[]).includes(m.kind)) {
      const template = m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template : m.spec?.template;
      endpoints.push({ id, kind: "pod", namespace, labels: { ...template?.metadata?.labels }, ports: podPorts(template?.spec) });
    } else if (m.kind === "Pod") {
      endpoints.push({ id, kind: "pod", namespace, labels: { ...m.metadata.labels }, ports: podPorts(m.spec) });
    }
  }
  return endpoints;
}

/** The Namespace manifests, with the `kubernetes.io/metadata.name` label the API server adds. */
export function namespacesOf(manifests: readonly unknown[]): Namespace[] {
  return manifests.map(asManifest).flatMap((m) => {
    const name = m?.kind === "Namespace" ? m.metadata?.name : undefined;
    return name ? [{ name, labels: namespaceLabels(name, m?.metadata?.labels) }] : [];
  });
}

/** The NetworkPolicy manifests (networking.k8s.io/v1). */
export function networkPoliciesOf(manifests: readonly unknown[]): NetworkPolicyManifest[] {
  return manifests
    .map(asManifest)
    .filter((m) => m?.kind === "NetworkPolicy")
    .map((m) => m as unknown as NetworkPolicyManifest);
}

/** Endpoints, namespaces and policies of a set of plain manifests (anything else is ignored). */
export function clusterModel(manifests: readonly unknown[]): ClusterModel {
  return { endpoints: workloadEndpoints(manifests), namespaces: namespacesOf(manifests), policies: networkPoliciesOf(manifests) };
}

/**
 * An attacker's foothold: a pod with NO labels in `namespace` (e.g. `kubectl run debug --image=...` minus its
 * default `run=` label), exposing no ports. Only policies selecting every pod (`podSelector: {}`) apply to it.
 */
export function debugPod(namespace: string, name = "debug-pod"): Endpoint {
  return { id: `${namespace}/${name}`, kind: "pod", namespace, labels: {}, ports: [] };
}

/** A cluster-external address (`internet/<ip>`), listening on HTTPS and HTTP unless told otherwise. */
export function externalAddress(
  ip: string,
  ports: readonly EndpointPort[] = [
    { port: 443, protocol: "TCP" },
    { port: 80, protocol: "TCP" },
  ],
): Endpoint {
  return { id: `internet/${ip}`, kind: "external", ip, ports: [...ports] };
}

/** The cluster DNS pods (CoreDNS on AKS): `kube-system`, `k8s-app: kube-dns`, ports `dns` 53/UDP and `dns-tcp` 53/TCP. */
export function kubeDns(): Endpoint {
  return {
    id: "kube-system/kube-dns",
    kind: "pod",
    namespace: "kube-system",
    labels: { "k8s-app": "kube-dns" },
    ports: [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
    ],
  };
}

/** The shared Gateway's proxy pods (`<namespace>/gateway-data-plane`), with their labels and listener ports. */
export function gatewayDataPlane(namespace: string, podLabels: Labels, ports: readonly EndpointPort[] = []): Endpoint {
  return { id: `${namespace}/gateway-data-plane`, kind: "pod", namespace, labels: { ...podLabels }, ports: [...ports] };
}
