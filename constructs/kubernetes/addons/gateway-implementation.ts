import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { propErrorAt } from "../../core/validation";
import { KubeObject } from "../kube-object";
import { NamespaceRef } from "../namespace";
import { NamespaceNetworkPolicies, PolicyPeer } from "../namespace-network-policies";
import { PodPeer } from "../network-policies";
import { EnvoyGateway, EnvoyGatewayOptions } from "./envoy-gateway";

/** The pods that receive Gateway traffic: what NetworkPolicies admit traffic from and to. */
export interface GatewayDataPlane {
  /** Namespace the proxy pods run in. */
  readonly namespace: string;
  /** Labels every proxy pod of this implementation carries (selects them in NetworkPolicies). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A reference from a GatewayClass to the implementation's parameters object (`spec.parametersRef`). */
export interface GatewayClassParametersRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** What the controller namespace's NetworkPolicies admit besides the implementation's own flows. */
export interface GatewayNetworkPoliciesProps {
  /** The controller namespace (created elsewhere). */
  readonly namespace: NamespaceRef;
  /** Where the Kubernetes API server is (egress on 443 for the controller and its install jobs). */
  readonly apiServer: PolicyPeer;
  /** Who may connect to the proxies' listeners (the Gateway's clients). */
  readonly clients: PolicyPeer;
  /**
   * Pods of the cluster that call the Gateway's public address (a request the data plane delivers straight to a
   * proxy pod, which `clients` ranges never match), and the listener ports they use; e.g. cert-manager's
   * HTTP-01 self-check on 80.
   * @default []
   */
  readonly inClusterClients?: readonly { readonly name: string; readonly pods: PodPeer; readonly listenerPorts: readonly number[] }[];
  /** Listener ports of the Gateways (80, 443): the proxies accept them on their own container ports. */
  readonly listenerPorts: readonly number[];
  /** The backends the proxies may open connections to (application pods on their ports, ACME solvers). */
  readonly backends: readonly { readonly name: string; readonly pods: PodPeer; readonly port: number }[];
}

/** Rate limit per client address: requests per unit of time, counted by each proxy replica for each route. */
export interface GatewayRateLimit {
  readonly requestsPerClientIp: number;
  readonly unit: "Second" | "Minute" | "Hour";
}

/**
 * What clients of a Gateway's HTTPS listener get, beyond Gateway API's standard fields (which name neither TLS
 * versions, response headers on every route, nor rate limits): applied by the implementation's own policy objects.
 */
export interface GatewayClientProtections {
  /** The Gateway and its HTTPS listener. */
  readonly gateway: { readonly name: string; readonly namespace: string; readonly httpsSectionName: string };
  /** Minimum TLS version and, below TLS 1.3, the cipher suites offered (OpenSSL names). */
  readonly tls: { readonly minVersion: "1.2" | "1.3"; readonly ciphers: readonly string[] };
  /** `Strict-Transport-Security` max-age on every HTTPS response; 0: no header. */
  readonly hstsMaxAgeSeconds: number;
  /** @default - no rate limit */
  readonly rateLimit?: GatewayRateLimit;
}

/**
 * A Gateway API implementation (controller + data plane). The rest of the code only talks to this interface, so a
 * different GatewayClass controller is a config change (see {@link gatewayImplementation}), not a rewrite.
 */
export interface GatewayImplementation {
  /** Short name, also the default GatewayClass name (e.g. `envoy`). */
  readonly name: string;
  /** `spec.controllerName` of the GatewayClass this controller reconciles. */
  readonly controllerName: string;
  /** Namespace of the controller (created elsewhere; releases never create namespaces). */
  readonly namespace: string;
  /** Exact chart version installed by {@link GatewayImplementation.install}. */
  readonly chartVersion: string;
  /** Where proxies run and how to select them. */
  readonly dataPlane: GatewayDataPlane;
  /** Labels of the proxy pods serving one Gateway (the data-plane labels plus per-Gateway labels, if any). */
  gatewayPodLabels(gateway: { readonly name: string; readonly namespace: string }): Record<string, string>;
  /** The port a proxy container listens on for a Gateway listener port. */
  proxyPort(listenerPort: number): number;
  /**
   * Adds the Helm release(s) of the controller. The Gateway API CRDs are not theirs: they are installed before,
   * by `GatewayApiCrds`, at the platform's pinned bundle and channel.
   */
  install(scope: Construct, id: string): Release[];
  /**
   * Adds the objects that configure the data plane of a GatewayClass (replicas, autoscaling, disruption budget,
   * placement, exposure) and returns the GatewayClass's `parametersRef` to them, if any. They are custom resources
   * of the implementation's CRDs, so they belong next to the GatewayClass, not next to the release.
   */
  configureDataPlane(scope: Construct, id: string): { readonly parametersRef?: GatewayClassParametersRef; readonly objects: KubeObject[] };
  /** Adds the objects that give the Gateway's clients {@link GatewayClientProtections}. */
  protectClients(scope: Construct, id: string, props: GatewayClientProtections): KubeObject[];
  /** Zero-trust NetworkPolicies of the controller namespace: default deny plus exactly the implementation's flows. */
  addNetworkPolicies(scope: Construct, id: string, props: GatewayNetworkPoliciesProps): NamespaceNetworkPolicies;
}

/** Gateway implementations selectable by config (`kubernetes.gateway.implementation`). */
export type GatewayImplementationKind = "envoy";

/** Options per implementation kind. */
export interface GatewayImplementationOptions {
  readonly envoy: EnvoyGatewayOptions;
}

/** The registry behind {@link gatewayImplementation}: add a kind here to make it selectable from config. */
export const GATEWAY_IMPLEMENTATIONS: {
  readonly [K in GatewayImplementationKind]: (options: GatewayImplementationOptions[K]) => GatewayImplementation;
} = {
  envoy: (options) => new EnvoyGateway(options),
};

/** Builds the implementation named by config. Throws for kinds the registry does not know. */
export function gatewayImplementation<K extends GatewayImplementationKind>(
  kind: K,
  options: GatewayImplementationOptions[K] = {} as GatewayImplementationOptions[K],
): GatewayImplementation {
  const factory = Object.prototype.hasOwnProperty.call(GATEWAY_IMPLEMENTATIONS, kind) ? GATEWAY_IMPLEMENTATIONS[kind] : undefined;
  if (!factory) {
    const known = Object.keys(GATEWAY_IMPLEMENTATIONS).join(", ");
    throw propErrorAt(
      "gatewayImplementation",
      "kind",
      `must be one of ${known}`,
      kind,
      `choose one of ${known} or register the implementation in GATEWAY_IMPLEMENTATIONS.`,
    );
  }
  return factory(options);
}

export {
  ENVOY_GATEWAY_DEFAULTS,
  ENVOY_OWNING_GATEWAY_NAME_LABEL,
  ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL,
  ENVOY_PROXY_POD_LABELS,
  EnvoyGateway,
} from "./envoy-gateway";
export type { EnvoyDataPlaneOptions, EnvoyGatewayOptions } from "./envoy-gateway";
