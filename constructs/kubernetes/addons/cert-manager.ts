import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { checkPattern, checkRange, collectProblems, GUID, isKnown, propError, warnOptOut } from "../../core/validation";
import { PRIVATE_IPV4_RANGES } from "../../core/cidr";
import { NamespaceRef } from "../namespace";
import { NamespaceNetworkPolicies, PolicyPeer } from "../namespace-network-policies";
import { PodPeer } from "../network-policies";
import { DNS_LABEL } from "../k8s-names";
import { ChartSource, chartLocation } from "./chart-source";

/** Workload identity of the cert-manager controller (Azure DNS DNS-01 without secrets). */
export interface CertManagerWorkloadIdentity {
  /** Client ID of the user-assigned managed identity federated with the cert-manager service account. */
  readonly clientId: string;
}

/** Props of {@link CertManager}. */
export interface CertManagerProps {
  /** Namespace of the release. It is created elsewhere: the release never creates namespaces. */
  readonly namespace: string;
  /**
   * Exact chart version (`vX.Y.Z`, no ranges).
   * @default CERT_MANAGER_DEFAULTS.chartVersion
   */
  readonly chartVersion?: string;
  /**
   * Where the chart comes from instead of its project's registry (chart-source.ts): `{ repository }`, an OCI
   * mirror holding `<repository>/cert-manager:<version>`, or `{ folder }`, an absolute folder holding `cert-manager-<version>.tgz`.
   * @default - the project's registry (CERT_MANAGER_DEFAULTS.chartRepository)
   */
  readonly chartSource?: ChartSource;
  /**
   * Helm release name.
   * @default "cert-manager"
   */
  readonly releaseName?: string;
  /**
   * Name of the controller's service account (the subject of a workload identity federated credential).
   * @default "cert-manager"
   */
  readonly serviceAccountName?: string;
  /**
   * Azure workload identity for DNS-01 with Azure DNS: labels the controller pods and service account with
   * `azure.workload.identity/use: "true"` and annotates the service account with the client ID.
   * @default - no workload identity (HTTP-01 only)
   */
  readonly workloadIdentity?: CertManagerWorkloadIdentity;
  /**
   * A registry that keeps each image under its full source name (`<mirror>/quay.io/jetstack/cert-manager-controller:v1.21.2`):
   * every cert-manager image (controller, webhook, cainjector, the ACME HTTP-01 solver, startupapicheck) is pulled
   * from there (the chart's `imageRegistry`). Import {@link certManagerImages} first.
   * @default - quay.io
   */
  readonly imageMirror?: string;
  /**
   * Replicas of each component: controller (leader election keeps one active), webhook and cainjector. With 2 or
   * more, each component also gets a PodDisruptionBudget (`maxUnavailable: 1`) and is spread across zones, so a
   * node drain or upgrade never takes certificate issuance or the webhook (which admits every cert-manager object)
   * down.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Resolvers (`host:port`) cert-manager uses for DNS-01 propagation checks, exclusively
   * (`--dns01-recursive-nameservers-only`): pass the cluster DNS service, so the controller never queries
   * authoritative nameservers on the internet itself (its NetworkPolicy then needs no DNS egress beyond kube-dns).
   * Checks wait for the resolver's negative-cache TTL (Azure DNS: up to 300 s) before they see a new record.
   * @default - the zone's authoritative nameservers, queried directly on port 53
   */
  readonly dns01RecursiveNameservers?: string[];
  /**
   * Helm wait timeout in seconds.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Opt-out: aggregate cert-manager's edit rights (create Certificates, CertificateRequests and Issuers) into the
   * built-in `edit` and `admin` ClusterRoles (`global.rbac.aggregateClusterRoles`), so every namespace editor can
   * request certificates from the ClusterIssuers, which sign them with cert-manager's DNS rights. Adds a warning.
   * @default false - only the platform (cluster admins, the delivery identity) and the Gateway shim request them
   */
  readonly aggregateToUserRoles?: boolean;
  /**
   * Opt-out: run the ingress-shim, which issues a certificate for any Ingress annotated with an issuer, whoever
   * created it. The platform exposes services through Gateway API only. Adds a warning.
   * @default false - `controllers: ["*", "-ingress-shim"]`
   */
  readonly ingressShim?: boolean;
  /**
   * Opt-out of `crds.keep`: uninstalling the release then deletes the CRDs and, with them, every Certificate and
   * Issuer. Adds a warning.
   * @default true
   */
  readonly keepCrds?: boolean;
}

/**
 * Pinned cert-manager chart v1.21.2. Confirmed on 2026-12-01: the Go module proxy serves the release tag
 * (`go list -m -versions github.com/cert-manager/cert-manager` lists v1.21.0, v1.21.1, v1.21.2), and the chart
 * values below were checked against that tag's deploy/charts/cert-manager/values.schema.json. Gateway API support
 * is `config.gatewayAPI.enabled` (pkg/apis/config/controller/v1alpha1/types.go; `enableGatewayAPI` is deprecated).
 */
export const CERT_MANAGER_DEFAULTS = {
  chartRepository: "oci://quay.io/jetstack/charts",
  chart: "cert-manager",
  chartVersion: "v1.21.2",
  releaseName: "cert-manager",
  serviceAccountName: "cert-manager",
  replicas: 1,
  timeoutSeconds: 600,
  keepCrds: true,
  aggregateToUserRoles: false,
  ingressShim: false,
} as const satisfies Partial<CertManagerProps> & Record<string, unknown>;

/** Label and annotation of the Azure workload identity webhook. */
export const AZURE_WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";
export const AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";

const DNS_LABEL_RULE = "a DNS label (1-63 lowercase letters, digits and '-')";
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * cert-manager from the Jetstack OCI chart: CRDs installed and kept by the chart, Gateway API support on (the
 * gateway-shim issues certificates for annotated Gateways, HTTP-01 can be solved through a Gateway), optional Azure
 * workload identity for DNS-01, and with 2+ replicas every component (controller, webhook, cainjector) highly
 * available: PDBs and zone spread. The release is atomic, waits for readiness and cleans up failed upgrades.
 *
 * @example
 * ```ts
 * new CertManager(this, "CertManager", {
 *   namespace: "cert-manager",
 *   replicas: 2,
 *   workloadIdentity: { clientId: certManagerIdentity.clientId },
 * });
 * ```
 */
export class CertManager extends Construct {
  public readonly release: Release;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly chartVersion: string;
  /** `system:serviceaccount:<namespace>:<serviceAccountName>`, the subject of a federated identity credential. */
  public readonly serviceAccountSubject: string;
  /** Helm release name (part of every pod's labels). */
  public readonly releaseName: string;

  /**
   * Zero-trust NetworkPolicies of the release's namespace: default deny, DNS, every pod to the API server on 443,
   * the controller to the internet on 443 (ACME directory, Azure DNS and Entra ID for DNS-01) and 80, the
   * controller to the gateway's proxies for its HTTP-01 self-check (it fetches the challenge URL itself, and the
   * cluster's data plane delivers a request for the gateway's public address straight to a proxy pod, which an
   * address-range rule never matches), and the API server to the webhook on 10250 (its caller has no address a
   * selector can name, so any source may reach that port, which only speaks TLS). Kubernetes NetworkPolicies
   * cannot name hosts, so "the internet" is every address outside RFC 1918.
   */
  public addNetworkPolicies(
    scope: Construct,
    id: string,
    props: {
      readonly namespace: NamespaceRef;
      readonly apiServer: PolicyPeer;
      /** The proxies that serve HTTP-01 challenges, and the container port of their HTTP listener. @default - none */
      readonly http01Proxies?: { readonly pods: PodPeer; readonly port: number };
    },
  ): NamespaceNetworkPolicies {
    const policies = new NamespaceNetworkPolicies(scope, id, { namespace: props.namespace });
    const controller = certManagerPodLabels("controller", this.releaseName);
    policies.allowEgress("allow-all-to-api-server", { pods: {}, peers: [props.apiServer], ports: [{ port: 443 }] });
    policies.allowEgress("allow-controller-to-internet", {
      pods: controller,
      peers: [{ cidrs: ["0.0.0.0/0"], except: [...PRIVATE_IPV4_RANGES] }],
      ports: [{ port: 443 }, { port: 80 }],
    });
    if (props.http01Proxies) {
      policies.allowEgress("allow-controller-to-gateway-http01", {
        pods: controller,
        peers: [{ pods: props.http01Proxies.pods }],
        ports: [{ port: props.http01Proxies.port }],
      });
    }
    policies.allowIngress("allow-api-server-to-webhook", {
      pods: certManagerPodLabels("webhook", this.releaseName),
      peers: [{ anywhere: true }],
      ports: [{ port: CERT_MANAGER_PORTS.webhook }],
    });
    return policies;
  }

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    collectProblems(this, [
      () => checkPattern(this, "namespace", props.namespace, DNS_LABEL, DNS_LABEL_RULE),
      () => checkPattern(this, "releaseName", props.releaseName, DNS_LABEL, DNS_LABEL_RULE),
      () => checkPattern(this, "serviceAccountName", props.serviceAccountName, DNS_LABEL, DNS_LABEL_RULE),
      () => {
        checkPattern(this, "chartVersion", props.chartVersion, /^v\d+\.\d+\.\d+$/, "an exact version such as v1.21.2 (no ranges)");
        if (props.chartVersion !== undefined && isKnown(props.chartVersion) && !props.chartVersion.startsWith("v1.")) {
          throw propError(
            this,
            "chartVersion",
            "must be a v1.x release (the values this construct sets are those of v1)",
            props.chartVersion,
            "pin a v1.x chart.",
          );
        }
      },
      () => checkPattern(this, "workloadIdentity.clientId", props.workloadIdentity?.clientId, GUID, "a GUID (the managed identity's client ID)"),
      () => checkRange(this, "replicas", props.replicas, 1, 10),
      () => {
        if (props.dns01RecursiveNameservers !== undefined && props.dns01RecursiveNameservers.length === 0) {
          throw propError(this, "dns01RecursiveNameservers", "must list at least one resolver when set", [], 'pass e.g. ["10.0.0.10:53"], or leave it unset.');
        }
      },
      ...(props.dns01RecursiveNameservers ?? []).map(
        (ns, i) => () => checkPattern(this, `dns01RecursiveNameservers[${i}]`, ns, HOST_PORT, "host:port, e.g. 10.0.0.10:53"),
      ),
      () => checkRange(this, "timeoutSeconds", props.timeoutSeconds, 60, 3600),
    ]);
    const keepCrds = props.keepCrds ?? CERT_MANAGER_DEFAULTS.keepCrds;
    if (props.aggregateToUserRoles === true) {
      warnOptOut(
        this,
        "aggregateToUserRoles",
        "every namespace editor can request publicly trusted certificates for the issuers' names from the ClusterIssuers",
      );
    }
    if (props.ingressShim === true) warnOptOut(this, "ingressShim", "any namespace editor can obtain a certificate by annotating an Ingress");
    if (!keepCrds) warnOptOut(this, "keepCrds", "uninstalling cert-manager deletes its CRDs and every Certificate, Issuer and ClusterIssuer");

    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccountName ?? CERT_MANAGER_DEFAULTS.serviceAccountName;
    this.chartVersion = props.chartVersion ?? CERT_MANAGER_DEFAULTS.chartVersion;
    this.serviceAccountSubject = `system:serviceaccount:${this.namespace}:${this.serviceAccountName}`;
    this.releaseName = props.releaseName ?? CERT_MANAGER_DEFAULTS.releaseName;

    this.release = new Release(this, "Release", {
      name: this.releaseName,
      ...chartLocation(this.node.path, props.chartSource, {
        repository: CERT_MANAGER_DEFAULTS.chartRepository,
        chart: CERT_MANAGER_DEFAULTS.chart,
        version: this.chartVersion,
      }),
      version: this.chartVersion,
      namespace: this.namespace,
      createNamespace: false,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? CERT_MANAGER_DEFAULTS.timeoutSeconds,
      values: [stringify(certManagerValues(this.serviceAccountName, keepCrds, props), { lineWidth: 0, aliasDuplicateObjects: false })],
    });
  }
}

/** The chart's components and the `app.kubernetes.io/name` / `component` labels of their pods (release-independent). */
export const CERT_MANAGER_COMPONENTS = {
  controller: { name: "cert-manager", component: "controller" },
  webhook: { name: "webhook", component: "webhook" },
  cainjector: { name: "cainjector", component: "cainjector" },
  startupapicheck: { name: "startupapicheck", component: "startupapicheck" },
} as const;
export type CertManagerComponent = keyof typeof CERT_MANAGER_COMPONENTS;

/** Ports the components listen on (chart templates of v1.21): the webhook serves the API server on 10250. */
export const CERT_MANAGER_PORTS = { webhook: 10250, controllerMetrics: 9402, controllerHealthz: 9403, webhookHealthz: 6080 } as const;

/**
 * The pods cert-manager creates to answer HTTP-01 challenges, in the Challenge's namespace (the Gateway's, for the
 * gateway-shim's Certificate): their label and port (pkg/issuer/acme/http/pod.go). They open no connection.
 */
export const ACME_HTTP01_SOLVER = { podLabels: { "acme.cert-manager.io/http01-solver": "true" }, port: 8089 } as const;

/** Labels that select the pods of one component of a release (what its NetworkPolicies select). */
export function certManagerPodLabels(component: CertManagerComponent, releaseName: string): Record<string, string> {
  const c = CERT_MANAGER_COMPONENTS[component];
  return { "app.kubernetes.io/name": c.name, "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": c.component };
}

/** The chart's images of a release (the chart tags them with its version), by their source names. */
export function certManagerImages(chartVersion: string = CERT_MANAGER_DEFAULTS.chartVersion): string[] {
  return ["controller", "webhook", "cainjector", "acmesolver", "startupapicheck"].map((c) => `quay.io/jetstack/cert-manager-${c}:${chartVersion}`);
}

/** The chart values as one typed document (keys of deploy/charts/cert-manager/values.yaml, checked against its schema). */
export function certManagerValues(serviceAccountName: string, keepCrds: boolean, props: CertManagerProps): Record<string, unknown> {
  const wi = props.workloadIdentity;
  const useLabel = wi ? { [AZURE_WORKLOAD_IDENTITY_USE_LABEL]: "true" } : undefined;
  const replicas = props.replicas ?? CERT_MANAGER_DEFAULTS.replicas;
  const releaseName = props.releaseName ?? CERT_MANAGER_DEFAULTS.releaseName;
  // With one replica a PDB would block every drain; with two, one pod may go at a time. Zones are preferred, not
  // required, so a regional (zone-less) cluster still schedules.
  const availability = (component: Exclude<CertManagerComponent, "startupapicheck">) =>
    replicas > 1
      ? {
          podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: certManagerPodLabels(component, releaseName) },
            },
          ],
        }
      : {};
  const nameservers = props.dns01RecursiveNameservers;
  return {
    ...(props.imageMirror ? { imageRegistry: `${props.imageMirror}/quay.io` } : {}),
    crds: { enabled: true, keep: keepCrds },
    global: { rbac: { aggregateClusterRoles: props.aggregateToUserRoles ?? CERT_MANAGER_DEFAULTS.aggregateToUserRoles } },
    replicaCount: replicas,
    ...availability("controller"),
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      gatewayAPI: { enabled: true },
      // Certificates come from annotated Gateways (the gateway-shim, added by gatewayAPI.enabled) and the platform's
      // own objects; an Ingress annotation is no way in.
      controllers: props.ingressShim === true ? ["*"] : ["*", "-ingress-shim"],
    },
    ...(nameservers ? { dns01RecursiveNameservers: nameservers.join(","), dns01RecursiveNameserversOnly: true } : {}),
    serviceAccount: {
      create: true,
      name: serviceAccountName,
      ...(wi ? { labels: useLabel, annotations: { [AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: wi.clientId } } : {}),
    },
    ...(wi ? { podLabels: useLabel } : {}),
    webhook: { replicaCount: replicas, ...availability("webhook") },
    cainjector: { replicaCount: replicas, ...availability("cainjector") },
  };
}
