import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { collectProblemsAt, isKnown, propErrorAt } from "../../core/validation";
import { KubeObject } from "../kube-object";
import { mirroredImage } from "../image-references";
import { NamespaceNetworkPolicies } from "../namespace-network-policies";
import { envoyClientProtections, rateLimitGuard } from "./envoy-policies";
import { EnvoyProxy, EnvoyProxySpec, ResourceRequirements } from "./envoy-proxy";
import type {
  GatewayClassParametersRef,
  GatewayClientProtections,
  GatewayDataPlane,
  GatewayImplementation,
  GatewayNetworkPoliciesProps,
} from "./gateway-implementation";
import { DNS_LABEL } from "../k8s-names";
import { ChartLocation, ChartSource, chartLocation } from "./chart-source";

/** How the proxy fleet of the shared GatewayClass runs (Envoy Gateway's `EnvoyProxy` resource). */
export interface EnvoyDataPlaneOptions {
  /**
   * Proxy replicas at least (the HPA's minimum). With 2 or more the proxies get a PodDisruptionBudget
   * (`maxUnavailable: 1`), so a node drain or upgrade never takes every proxy at once.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Proxy replicas at most. Above `minReplicas`, an HPA scales the proxies on CPU.
   * @default - minReplicas (a fixed count, no HPA)
   */
  readonly maxReplicas?: number;
  /**
   * CPU utilization the HPA aims for, in percent of the proxy container's request.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /** Requests and limits of the envoy container. @default ENVOY_DATA_PLANE_DEFAULTS.resources */
  readonly resources?: ResourceRequirements;
  /**
   * AKS node pool (agent pool name) the proxies run on: its subnet is the one whose NSG must admit the clients.
   * @default - any node (then no single subnet can be known to receive the traffic)
   */
  readonly nodePool?: string;
  /**
   * `true`: an Internet-facing Azure load balancer; `false`: a private front end in the cluster's VNet
   * (`service.beta.kubernetes.io/azure-load-balancer-internal`).
   * @default true
   */
  readonly publicNetworkAccess?: boolean;
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
   * Where the chart comes from instead of its project's registry (chart-source.ts): `{ repository }`, an OCI
   * mirror holding `<repository>/gateway-helm:<version>`, or `{ folder }`, an absolute folder holding `gateway-helm-<version>.tgz`.
   * @default - the project's registry (ENVOY_GATEWAY_DEFAULTS.chartRepository)
   */
  readonly chartSource?: ChartSource;
  /**
   * Helm release name.
   * @default "eg"
   */
  readonly releaseName?: string;
  /**
   * Controller replicas (every replica serves xDS to the proxies; leader election picks the one that writes
   * status). More than 1 adds a PodDisruptionBudget and zone spread.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Helm wait timeout in seconds.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /** @default ENVOY_DATA_PLANE_DEFAULTS */
  readonly dataPlane?: EnvoyDataPlaneOptions;
  /**
   * A registry that keeps each image under its full source name (`<mirror>/docker.io/envoyproxy/gateway:v1.9.1`):
   * the controller, certgen and the proxies' shutdown-manager come from there through the chart's
   * `global.imageRegistry`, and the proxies' envoy through the platform's EnvoyProxy (which replaces the controller's
   * default proxy settings, so the chart's proxy image would not reach it). Import {@link envoyGatewayImages} first.
   * @default - the publishers' registries (Docker Hub)
   */
  readonly imageMirror?: string;
}

/**
 * The proxy image Envoy Gateway v1.9.1 runs when none is configured (`DefaultEnvoyProxyImage`, api/v1alpha1/
 * shared_types.go of that release), digest included.
 */
export const ENVOY_PROXY_DEFAULT_IMAGE =
  "docker.io/envoyproxy/envoy:distroless-v1.39.1@sha256:eb2c01c13125d1629637cb4e4cce7207009fb7cc2c8027f9742758549d15b6f4";

/**
 * The images a release runs with the platform's values, by their source names: the controller's (also certgen's and
 * the proxies' shutdown-manager sidecar) and the proxies'. The ratelimit image is not among them: only a global rate
 * limit deploys it, and the platform's is local (add it here before configuring one).
 */
export function envoyGatewayImages(chartVersion: string = ENVOY_GATEWAY_DEFAULTS.chartVersion): string[] {
  if (chartVersion !== "v1.9.1") {
    throw propErrorAt(
      "envoyGatewayImages",
      "chartVersion",
      "has no known default proxy image here (ENVOY_PROXY_DEFAULT_IMAGE is v1.9.1's)",
      chartVersion,
      "read DefaultEnvoyProxyImage from the release's api/v1alpha1/shared_types.go and update the constant.",
    );
  }
  return [`docker.io/envoyproxy/gateway:${chartVersion}`, ENVOY_PROXY_DEFAULT_IMAGE];
}

/**
 * Pinned Envoy Gateway chart v1.9.1. Confirmed on 2026-12-01: the Go module proxy serves the release tag
 * (`go list -m -versions github.com/envoyproxy/gateway` lists v1.9.0, v1.9.1), and the values below were read
 * against that tag's charts/gateway-helm/values.tmpl.yaml. The chart is packaged with the tag as version.
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

export const ENVOY_DATA_PLANE_DEFAULTS = {
  minReplicas: 1,
  cpuUtilization: 70,
  publicNetworkAccess: true,
  /**
   * Envoy Gateway requests 100m / 512Mi and sets no limits; ours sets limits so a runaway proxy cannot starve a
   * node, and a CPU request the HPA's utilization target is meaningful against. Envoy runs one worker thread per
   * core of its CPU limit (EnvoyProxy `concurrency`; Envoy's own default is the node's core count, which a limit
   * would throttle).
   */
  resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
  /** Name of the EnvoyProxy object the GatewayClass points to. */
  name: "data-plane",
} as const satisfies EnvoyDataPlaneOptions & { readonly name: string };

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

/**
 * The controller's pod labels (chart templates: `control-plane: envoy-gateway` plus the release instance) and its
 * ports: xDS for the proxies (18000, mutual TLS) and the topology-injector webhook the API server calls (9443).
 * The chart's certgen Job (a Helm hook that writes the xDS certificates through the API) carries `app: certgen`.
 */
export const ENVOY_GATEWAY_CONTROLLER = {
  podLabels: { "control-plane": "envoy-gateway" },
  xdsPort: 18000,
  webhookPort: 9443,
  certgenPodLabels: { app: "certgen" },
} as const;

/** The AKS node label that names a node's agent pool. */
export const AKS_AGENT_POOL_LABEL = "kubernetes.azure.com/agentpool";
/** Azure's annotation for an internal (VNet-only) load balancer (cloud-provider-azure). */
export const AZURE_INTERNAL_LOAD_BALANCER_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal";
/** The user and group Envoy Gateway runs its proxy containers as (resource.DefaultSecurityContext, uid 65532). */
const PROXY_UID = 65532;

const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+$/;
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Envoy worker threads for a CPU limit (`2`, `1500m`): one per whole core, at least one. */
export function workerThreads(cpuLimit: string): number {
  const cores = cpuLimit.endsWith("m") ? Number(cpuLimit.slice(0, -1)) / 1000 : Number(cpuLimit);
  return Math.max(1, Math.floor(Number.isFinite(cores) ? cores : 1));
}

function checkWhole(where: string, prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propErrorAt(where, prop, `must be a whole number from ${min} to ${max}`, value, `set ${prop} between ${min} and ${max}.`);
  }
}

/**
 * Envoy Gateway: the `gateway-helm` chart installs the controller and Envoy Gateway's own CRDs; proxies are
 * created per Gateway in the controller namespace and configured by one `EnvoyProxy` per GatewayClass (replicas,
 * HPA, PDB, zone spread, requests and limits, a Pod Security `restricted` securityContext, node pool, public or internal load balancer).
 *
 * The chart also ships the experimental Gateway API bundle in its `crds/`. The platform installs its own bundle
 * first (`GatewayApiCrds`), and Helm skips every CRD of `crds/` that already exists, so the Gateway API CRDs stay
 * the platform's; only the bundle's three `gateway.networking.x-k8s.io` kinds (XBackend, XBackendTrafficPolicy,
 * XMesh), which no standard bundle has, are added by the chart. Its copy of the safe-upgrades admission policy is
 * turned off: the platform's bundle brings its own.
 */
export class EnvoyGateway implements GatewayImplementation {
  public readonly name = "envoy";
  public readonly controllerName: string = ENVOY_GATEWAY_DEFAULTS.controllerName;
  public readonly namespace: string;
  public readonly chartVersion: string;
  public readonly releaseName: string;
  public readonly dataPlane: GatewayDataPlane;
  /** The data plane options with their defaults. */
  public readonly dataPlaneOptions: Required<Omit<EnvoyDataPlaneOptions, "nodePool">> & Pick<EnvoyDataPlaneOptions, "nodePool">;
  private readonly replicas: number;
  private readonly imageMirror?: string;
  private readonly timeoutSeconds: number;
  private readonly chartLocation: ChartLocation;

  constructor(options: EnvoyGatewayOptions = {}) {
    this.namespace = options.namespace ?? ENVOY_GATEWAY_DEFAULTS.namespace;
    this.chartVersion = options.chartVersion ?? ENVOY_GATEWAY_DEFAULTS.chartVersion;
    this.releaseName = options.releaseName ?? ENVOY_GATEWAY_DEFAULTS.releaseName;
    this.replicas = options.replicas ?? ENVOY_GATEWAY_DEFAULTS.replicas;
    this.imageMirror = options.imageMirror;
    this.timeoutSeconds = options.timeoutSeconds ?? ENVOY_GATEWAY_DEFAULTS.timeoutSeconds;
    const where = "EnvoyGateway";
    const dp = options.dataPlane ?? {};
    const minReplicas = dp.minReplicas ?? ENVOY_DATA_PLANE_DEFAULTS.minReplicas;
    const maxReplicas = dp.maxReplicas ?? minReplicas;
    const cpuUtilization = dp.cpuUtilization ?? ENVOY_DATA_PLANE_DEFAULTS.cpuUtilization;
    const publicNetworkAccess = dp.publicNetworkAccess ?? ENVOY_DATA_PLANE_DEFAULTS.publicNetworkAccess;
    const resources = dp.resources ?? ENVOY_DATA_PLANE_DEFAULTS.resources;
    let location: ChartLocation | undefined;
    collectProblemsAt(where, [
      () =>
        (location = chartLocation(where, options.chartSource, {
          repository: ENVOY_GATEWAY_DEFAULTS.chartRepository,
          chart: ENVOY_GATEWAY_DEFAULTS.chart,
          version: this.chartVersion,
        })),
      () => {
        if (isKnown(this.namespace) && !DNS_LABEL.test(this.namespace)) {
          throw propErrorAt(where, "namespace", "must be a DNS label (1-63 lowercase letters, digits and '-')", this.namespace, "use a valid namespace name.");
        }
      },
      () => {
        if (isKnown(this.releaseName) && !DNS_LABEL.test(this.releaseName)) {
          throw propErrorAt(
            where,
            "releaseName",
            "must be a DNS label (1-63 lowercase letters, digits and '-')",
            this.releaseName,
            "use a valid release name.",
          );
        }
      },
      () => {
        if (!EXACT_CHART_VERSION.test(this.chartVersion)) {
          throw propErrorAt(where, "chartVersion", "must be an exact version such as v1.9.1 (no ranges)", this.chartVersion, "pin an exact chart version.");
        }
      },
      () => checkWhole(where, "replicas", this.replicas, 1, 10),
      () => checkWhole(where, "timeoutSeconds", this.timeoutSeconds, 60, 3600),
      () => {
        checkWhole(where, "dataPlane.minReplicas", minReplicas, 1, 100);
        checkWhole(where, "dataPlane.maxReplicas", maxReplicas, 1, 100);
        if (maxReplicas < minReplicas) {
          throw propErrorAt(
            where,
            "dataPlane.maxReplicas",
            `must be >= dataPlane.minReplicas (${minReplicas})`,
            maxReplicas,
            "raise maxReplicas or lower minReplicas.",
          );
        }
      },
      () => checkWhole(where, "dataPlane.cpuUtilization", cpuUtilization, 1, 100),
      () => {
        if (dp.nodePool !== undefined && isKnown(dp.nodePool) && !POOL_NAME.test(dp.nodePool)) {
          throw propErrorAt(
            where,
            "dataPlane.nodePool",
            "must be an AKS node pool name (1-12 lowercase letters and digits)",
            dp.nodePool,
            "use the name of a user pool.",
          );
        }
      },
      () => {
        if (!resources.requests?.cpu || !resources.requests?.memory || !resources.limits?.cpu || !resources.limits?.memory) {
          throw propErrorAt(
            where,
            "dataPlane.resources",
            "must set requests and limits for cpu and memory",
            resources,
            "give all four (the HPA needs the CPU request).",
          );
        }
      },
    ]);
    this.chartLocation = location!;
    this.dataPlaneOptions = { minReplicas, maxReplicas, cpuUtilization, resources, nodePool: dp.nodePool, publicNetworkAccess };
    this.dataPlane = { namespace: this.namespace, podLabels: { ...ENVOY_PROXY_POD_LABELS } };
  }

  public gatewayPodLabels(gateway: { readonly name: string; readonly namespace: string }): Record<string, string> {
    return {
      ...this.dataPlane.podLabels,
      [ENVOY_OWNING_GATEWAY_NAME_LABEL]: gateway.name,
      [ENVOY_OWNING_GATEWAY_NAMESPACE_LABEL]: gateway.namespace,
    };
  }

  /** Envoy Gateway binds listeners below 1024 to the port + 10000 (80 -> 10080, 443 -> 10443): proxies run unprivileged. */
  public proxyPort(listenerPort: number): number {
    return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
  }

  /** Labels of the controller's pods of this release. */
  public controllerPodLabels(): Record<string, string> {
    return { ...ENVOY_GATEWAY_CONTROLLER.podLabels, "app.kubernetes.io/instance": this.releaseName };
  }

  /** The chart values, as one typed document (keys of charts/gateway-helm/values.tmpl.yaml). */
  public values(): Record<string, unknown> {
    const ha = this.replicas > 1;
    return {
      // The chart's helpers put global.imageRegistry in place of each image's first path segment (docker.io).
      ...(this.imageMirror ? { global: this.mirroredImageValues(this.imageMirror) } : {}),
      deployment: {
        replicas: this.replicas,
        ...(ha
          ? {
              pod: {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: "topology.kubernetes.io/zone",
                    whenUnsatisfiable: "ScheduleAnyway",
                    labelSelector: { matchLabels: this.controllerPodLabels() },
                  },
                ],
              },
            }
          : {}),
      },
      // The chart renders a PDB only for minAvailable or maxUnavailable >= 1; one replica must stay drainable.
      ...(ha ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
      // Stated explicitly so the GatewayClass (controllerName) and the controller can never drift apart.
      config: { envoyGateway: { gateway: { controllerName: this.controllerName } } },
      // The namespace is created (and labelled for Pod Security / NetworkPolicies) elsewhere.
      createNamespace: false,
      // Envoy Gateway's own CRDs come from the chart; its Gateway API CRDs exist already (see the class comment),
      // and so does the safe-upgrades policy of the platform's bundle.
      crds: { enabled: true, gatewayAPI: { safeUpgradePolicy: { enabled: false } } },
    };
  }

  public install(scope: Construct, id: string): Release[] {
    return [
      new Release(scope, id, {
        name: this.releaseName,
        ...this.chartLocation,
        version: this.chartVersion,
        namespace: this.namespace,
        createNamespace: false,
        // Helm creates the CRDs of crds/ that do not exist yet (Envoy Gateway's own) and skips the others.
        skipCrds: false,
        atomic: true,
        wait: true,
        cleanupOnFail: true,
        timeout: this.timeoutSeconds,
        values: [stringify(this.values(), { lineWidth: 0, aliasDuplicateObjects: false })],
      }),
    ];
  }

  private mirroredImageValues(mirror: string) {
    const [controllerImage, proxyImage] = envoyGatewayImages(this.chartVersion);
    return { imageRegistry: `${mirror}/docker.io`, images: { envoyGateway: { image: controllerImage }, envoyProxy: { image: proxyImage } } };
  }

  /** The EnvoyProxy of the shared GatewayClass: how its proxy fleet runs. */
  public envoyProxy(): EnvoyProxy {
    const o = this.dataPlaneOptions;
    const proxyLabels = { ...ENVOY_PROXY_POD_LABELS };
    const autoscaled = o.maxReplicas > o.minReplicas;
    const spec: EnvoyProxySpec = {
      concurrency: workerThreads(o.resources.limits!.cpu!),
      provider: {
        type: "Kubernetes",
        kubernetes: {
          envoyDeployment: {
            ...(autoscaled ? {} : { replicas: o.minReplicas }),
            pod: {
              ...(o.nodePool ? { nodeSelector: { [AKS_AGENT_POOL_LABEL]: o.nodePool } } : {}),
              // Zones first, then nodes; preferred, not required, so a regional cluster still schedules.
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: proxyLabels } },
                { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: proxyLabels } },
              ],
              securityContext: { runAsNonRoot: true, runAsUser: PROXY_UID, runAsGroup: PROXY_UID, seccompProfile: { type: "RuntimeDefault" } },
            },
            container: {
              // This EnvoyProxy replaces the controller's defaults (no mergeType), the chart's proxy image included.
              ...(this.imageMirror ? { image: mirroredImage(this.imageMirror, ENVOY_PROXY_DEFAULT_IMAGE) } : {}),
              resources: o.resources,
              // Pod Security `restricted`; applies to the envoy and shutdown-manager containers alike.
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                privileged: false,
                runAsNonRoot: true,
                runAsUser: PROXY_UID,
                runAsGroup: PROXY_UID,
                seccompProfile: { type: "RuntimeDefault" },
              },
            },
          },
          envoyService: {
            type: "LoadBalancer",
            // Only nodes running a proxy receive traffic (the load balancer probes each node), and clients keep
            // their source address, which the proxies' NetworkPolicy admits.
            externalTrafficPolicy: "Local",
            ...(!o.publicNetworkAccess ? { annotations: { [AZURE_INTERNAL_LOAD_BALANCER_ANNOTATION]: "true" } } : {}),
          },
          ...(autoscaled
            ? {
                envoyHpa: {
                  minReplicas: o.minReplicas,
                  maxReplicas: o.maxReplicas,
                  metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: o.cpuUtilization } } }],
                },
              }
            : {}),
          ...(o.minReplicas > 1 ? { envoyPDB: { maxUnavailable: 1 } } : {}),
        },
      },
    };
    return new EnvoyProxy({ metadata: { name: ENVOY_DATA_PLANE_DEFAULTS.name, namespace: this.namespace }, spec }, this.chartVersion);
  }

  public configureDataPlane(scope: Construct, id: string): { readonly parametersRef: GatewayClassParametersRef; readonly objects: KubeObject[] } {
    const proxy = new KubeObject(scope, id, { render: () => this.envoyProxy() });
    return {
      parametersRef: { group: "gateway.envoyproxy.io", kind: EnvoyProxy.kind, name: ENVOY_DATA_PLANE_DEFAULTS.name, namespace: this.namespace },
      objects: [proxy],
    };
  }

  public protectClients(scope: Construct, id: string, props: GatewayClientProtections): KubeObject[] {
    const objects = envoyClientProtections(props, this.chartVersion).map((policy) => new KubeObject(scope, `${id}-${policy.kind}`, { render: () => policy }));
    if (!props.rateLimit) return objects;
    // Routes' own BackendTrafficPolicies must merge with the Gateway's, or they switch its rate limit off.
    const guard = rateLimitGuard(props.gateway.namespace);
    return [
      ...objects,
      new KubeObject(scope, `${id}-RateLimitGuard`, { render: () => guard.policy }),
      new KubeObject(scope, `${id}-RateLimitGuardBinding`, { render: () => guard.binding }),
    ];
  }

  public addNetworkPolicies(scope: Construct, id: string, props: GatewayNetworkPoliciesProps): NamespaceNetworkPolicies {
    const policies = new NamespaceNetworkPolicies(scope, id, { namespace: props.namespace });
    const controller = this.controllerPodLabels();
    const proxies = { ...ENVOY_PROXY_POD_LABELS };
    const https = [{ port: 443 }];
    policies.allowEgress("allow-controller-to-api-server", { pods: controller, peers: [props.apiServer], ports: https });
    policies.allowEgress("allow-certgen-to-api-server", { pods: ENVOY_GATEWAY_CONTROLLER.certgenPodLabels, peers: [props.apiServer], ports: https });
    const xds = [{ port: ENVOY_GATEWAY_CONTROLLER.xdsPort }];
    policies.allowIngress("allow-proxies-to-controller-xds-ingress", {
      pods: controller,
      peers: [{ pods: { namespace: this.namespace, podLabels: proxies } }],
      ports: xds,
    });
    policies.allowEgress("allow-proxies-to-controller-xds-egress", {
      pods: proxies,
      peers: [{ pods: { namespace: this.namespace, podLabels: controller } }],
      ports: xds,
    });
    policies.allowIngress("allow-api-server-to-controller-webhook", {
      pods: controller,
      peers: [{ anywhere: true }],
      ports: [{ port: ENVOY_GATEWAY_CONTROLLER.webhookPort }],
    });
    policies.allowIngress("allow-clients-to-proxies", {
      pods: proxies,
      peers: [props.clients],
      ports: [...new Set(props.listenerPorts)].map((p) => ({ port: this.proxyPort(p) })),
    });
    for (const c of props.inClusterClients ?? []) {
      policies.allowIngress(`allow-${c.name}-to-proxies`, {
        pods: proxies,
        peers: [{ pods: c.pods }],
        ports: [...new Set(c.listenerPorts)].map((p) => ({ port: this.proxyPort(p) })),
      });
    }
    for (const b of props.backends) {
      policies.allowEgress(`allow-proxies-to-${b.name}`, { pods: proxies, peers: [{ pods: b.pods }], ports: [{ port: b.port }] });
    }
    return policies;
  }
}
