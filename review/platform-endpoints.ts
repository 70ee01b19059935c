import { ACME_HTTP01_SOLVER, CERT_MANAGER_DEFAULTS, CERT_MANAGER_PORTS, certManagerPodLabels } from "../constructs/kubernetes/addons/cert-manager";
import { ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_DEFAULTS } from "../constructs/kubernetes/addons/envoy-gateway";
import { GATEWAY_IMPLEMENTATIONS } from "../constructs/kubernetes/addons/gateway-implementation";
import { debugPod, Endpoint, externalAddress } from "./reachability";

/**
 * The pods of the platform's own namespaces as the reachability analysis sees them. Helm releases and controllers
 * create them, so they are not in the synthesized manifests: their labels and ports come from the same constants
 * the constructs build the NetworkPolicies from (which were read from the charts' templates and the controllers'
 * source; see cert-manager.ts and envoy-gateway.ts).
 */
export interface PlatformEndpoints {
  /** Every platform pod, plus an unlabelled attacker pod per platform namespace. */
  readonly endpoints: Endpoint[];
  /** The platform's namespaces present in the manifests (their pods are constrained by their policies). */
  readonly namespaces: string[];
  /** Named endpoints, for probes. */
  readonly byRole: Readonly<Record<string, Endpoint>>;
}

/** The API server as the pods reach it: an address outside the cluster listening on 443. */
export function apiServerEndpoint(ip: string): Endpoint {
  return { ...externalAddress(ip, [{ port: 443, protocol: "TCP" }]), id: `api-server/${ip}` };
}

const pod = (namespace: string, name: string, labels: Record<string, string>, ports: number[]): Endpoint => ({
  id: `${namespace}/${name}`,
  kind: "pod",
  namespace,
  labels: { ...labels },
  ports: ports.map((port) => ({ port, protocol: "TCP" as const })),
});

/** The platform pods of an environment, found from its synthesized manifests (Namespaces, Gateway, GatewayClass). */
export function platformEndpoints(manifests: readonly any[], certManagerNamespace = "cert-manager"): PlatformEndpoints {
  const namespaces = new Set(manifests.filter((m) => m?.kind === "Namespace").map((m) => m.metadata.name as string));
  const byRole: Record<string, Endpoint> = {};
  if (namespaces.has(certManagerNamespace)) {
    const release = CERT_MANAGER_DEFAULTS.releaseName;
    byRole.certManagerController = pod(certManagerNamespace, "cert-manager-controller", certManagerPodLabels("controller", release), [
      CERT_MANAGER_PORTS.controllerMetrics,
      CERT_MANAGER_PORTS.controllerHealthz,
    ]);
    byRole.certManagerWebhook = pod(certManagerNamespace, "cert-manager-webhook", certManagerPodLabels("webhook", release), [
      CERT_MANAGER_PORTS.webhook,
      CERT_MANAGER_PORTS.webhookHealthz,
    ]);
    byRole.certManagerCainjector = pod(certManagerNamespace, "cert-manager-cainjector", certManagerPodLabels("cainjector", release), [
      CERT_MANAGER_PORTS.controllerMetrics,
    ]);
  }
  const gatewayClass = manifests.find((m) => m?.kind === "GatewayClass");
  const implementation = Object.values(GATEWAY_IMPLEMENTATIONS)
    .map((make) => make({}))
    .find((i) => i.controllerName === gatewayClass?.spec?.controllerName);
  if (implementation && namespaces.has(implementation.namespace)) {
    const ns = implementation.namespace;
    byRole.gatewayController = pod(
      ns,
      "gateway-controller",
      { ...ENVOY_GATEWAY_CONTROLLER.podLabels, "app.kubernetes.io/instance": ENVOY_GATEWAY_DEFAULTS.releaseName },
      [ENVOY_GATEWAY_CONTROLLER.xdsPort, ENVOY_GATEWAY_CONTROLLER.webhookPort],
    );
    byRole.gatewayCertgen = pod(ns, "gateway-certgen", ENVOY_GATEWAY_CONTROLLER.certgenPodLabels, []);
  }
  const gateway = manifests.find((m) => m?.kind === "Gateway");
  const gatewayNamespace = gateway?.metadata?.namespace;
  if (gatewayNamespace && namespaces.has(gatewayNamespace)) {
    byRole.acmeSolver = pod(gatewayNamespace, "acme-http01-solver", ACME_HTTP01_SOLVER.podLabels, [ACME_HTTP01_SOLVER.port]);
  }
  const platformNamespaces = [...new Set(Object.values(byRole).map((e) => e.namespace!))].sort();
  const attackers = platformNamespaces.map((ns) => debugPod(ns));
  return { endpoints: [...Object.values(byRole), ...attackers], namespaces: platformNamespaces, byRole };
}
