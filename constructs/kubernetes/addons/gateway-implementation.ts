import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { isKnown, propErrorAt } from "../../core/validation";

/** The pods that receive Gateway traffic: what NetworkPolicies admit traffic from and to. */
export interface GatewayDataPlane {
  /** Namespace the proxy pods run in. */
  readonly namespace: string;
  /** Labels every proxy pod of this implementation carries (selects them in NetworkPolicies). */
  readonly podLabels: Readonly<Record<string, string>>;
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
  /** Adds the Helm release(s) of the controller, including the standard Gateway API CRDs. */
  install(scope: Construct, id: string): Release[];
}

/** Options of {@link EnvoyGateway}. */
export interface EnvoyGatewayOptions {
  /**
   * Namespace of the controller; proxies run there too (Envoy Gateway's default deployment mode).
   * @default "envoy-gateway-system"
   */
  readonly namespace?: string;
  /**
   * Exact `gateway-helm` chart version (`vX.Y.Z`, no ranges).
   * @default ENVOY_GATEWAY_DEFAULTS.chartVersion
   */
  readonly chartVersion?: string;
  /**
   * Helm release name.
   * @default "eg"
   */
  readonly releaseName?: string;
  /**
   * Controller replicas (Envoy Gateway uses leader election; > 1 gives a warm standby).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Helm wait timeout in seconds.
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/**
 * Pinned Envoy Gateway chart. v1.9.1 is the newest release verified (envoyproxy/gateway GitHub release v1.9.1, Gateway
 * API v1.6.1 per the v1.9 compatibility matrix in site/content/en/news/releases/matrix.md).
 */
export const ENVOY_GATEWAY_DEFAULTS = {
  chartRepository: "oci://docker.io/envoyproxy",
  chart: "gateway-helm",
  chartVersion: "v1.9.1",
  namespace: "envoy-gateway-system",
  releaseName: "eg",
  replicas: 1,
  timeoutSeconds: 600,
  controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
} as const;

/**
 * Labels Envoy Gateway puts on every proxy pod (`EnvoyAppLabel()` in internal/infrastructure/kubernetes/proxy of
 * envoyproxy/gateway) and the per-Gateway owner labels (`OwningGatewayNameLabel` / `OwningGatewayNamespaceLabel` in
 * internal/gatewayapi).
 */
export const ENVOY_PROXY_POD_LABELS = {
  "app.kubernetes.io/name": "envoy",
  "app.kubernetes.io/component": "proxy",
  "app.kubernetes.io/managed-by": "envoy-gateway",
} as const;
export const ENVOY_OWNING_GATEWAY_NAME_LABEL = "gateway.envoyproxy.io/owning-gateway-name";
export const ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL = "gateway.envoyproxy.io/owning-gateway-namespace";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;

/** The project's props error for objects that are not constructs. */
const optionError = propErrorAt;

/**
 * Envoy Gateway: the `gateway-helm` chart installs the standard-channel Gateway API CRDs (from the chart's `crds/`),
 * Envoy Gateway's own CRDs and the controller. Proxies are created per Gateway in the controller namespace.
 */
export class EnvoyGateway implements GatewayImplementation {
  public readonly name = "envoy";
  public readonly controllerName: string = ENVOY_GATEWAY_DEFAULTS.controllerName;
  public readonly namespace: string;
  public readonly chartVersion: string;
  public readonly releaseName: string;
  public readonly dataPlane: GatewayDataPlane;
  private readonly replicas: number;
  private readonly timeoutSeconds: number;

  constructor(options: EnvoyGatewayOptions = {}) {
    this.namespace = options.namespace ?? ENVOY_GATEWAY_DEFAULTS.namespace;
    this.chartVersion = options.chartVersion ?? ENVOY_GATEWAY_DEFAULTS.chartVersion;
    this.releaseName = options.releaseName ?? ENVOY_GATEWAY_DEFAULTS.releaseName;
    this.replicas = options.replicas ?? ENVOY_GATEWAY_DEFAULTS.replicas;
    this.timeoutSeconds = options.timeoutSeconds ?? ENVOY_GATEWAY_DEFAULTS.timeoutSeconds;
    const where = "EnvoyGateway";
    if (isKnown(this.namespace) && !DNS_LABEL.test(this.namespace)) {
      throw optionError(where, "namespace", "must be a DNS label (1-63 lowercase letters, digits and '-')", this.namespace, "use a valid namespace name.");
    }
    if (isKnown(this.releaseName) && !DNS_LABEL.test(this.releaseName)) {
      throw optionError(where, "releaseName", "must be a DNS label (1-63 lowercase letters, digits and '-')", this.releaseName, "use a valid release name.");
    }
    if (!EXACT_CHART_VERSION.test(this.chartVersion)) {
      throw optionError(where, "chartVersion", "must be an exact version such as v1.9.1 (no ranges)", this.chartVersion, "pin an exact chart version.");
    }
    if (!Number.isInteger(this.replicas) || this.replicas < 1 || this.replicas > 10) {
      throw optionError(where, "replicas", "must be a whole number from 1 to 10", this.replicas, "set replicas between 1 and 10.");
    }
    if (!Number.isInteger(this.timeoutSeconds) || this.timeoutSeconds < 60 || this.timeoutSeconds > 3600) {
      throw optionError(where, "timeoutSeconds", "must be a whole number from 60 to 3600", this.timeoutSeconds, "set timeoutSeconds between 60 and 3600.");
    }
    this.dataPlane = { namespace: this.namespace, podLabels: { ...ENVOY_PROXY_POD_LABELS } };
  }

  public gatewayPodLabels(gateway: { readonly name: string; readonly namespace: string }): Record<string, string> {
    return {
      ...this.dataPlane.podLabels,
      [ENVOY_OWNING_GATEWAY_NAME_LABEL]: gateway.name,
      [ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL]: gateway.namespace,
    };
  }

  /** The chart values, as one typed document. */
  public values(): Record<string, unknown> {
    return {
      deployment: { replicas: this.replicas },
      // Stated explicitly so the GatewayClass (controllerName) and the controller can never drift apart.
      config: { envoyGateway: { gateway: { controllerName: this.controllerName } } },
      // The namespace is created (and labelled for Pod Security / NetworkPolicies) elsewhere.
      createNamespace: false,
    };
  }

  public install(scope: Construct, id: string): Release[] {
    return [
      new Release(scope, id, {
        name: this.releaseName,
        repository: ENVOY_GATEWAY_DEFAULTS.chartRepository,
        chart: ENVOY_GATEWAY_DEFAULTS.chart,
        version: this.chartVersion,
        namespace: this.namespace,
        createNamespace: false,
        // Gateway API + Envoy Gateway CRDs come from the chart's crds/ directory.
        skipCrds: false,
        atomic: true,
        wait: true,
        cleanupOnFail: true,
        timeout: this.timeoutSeconds,
        values: [stringify(this.values(), { lineWidth: 0, aliasDuplicateObjects: false })],
      }),
    ];
  }
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
    throw optionError("gatewayImplementation", "kind", `must be one of ${known}`, kind, `choose one of ${known} or register the implementation in GATEWAY_IMPLEMENTATIONS.`);
  }
  return factory(options);
}
