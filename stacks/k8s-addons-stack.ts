import { TerraformStack, dependable } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { ACME_HTTP01_SOLVER, CertManager, certManagerPodLabels } from "../constructs/kubernetes/addons/cert-manager";
import { GatewayApiCrds } from "../constructs/kubernetes/addons/gateway-api-crds";
import { SHARED_GATEWAY_DEFAULTS } from "../constructs/kubernetes/gateway";
import { KubeObject } from "../constructs/kubernetes/kube-object";
import { Namespace } from "../constructs/kubernetes/namespace";
import { NamespaceNetworkPolicies, PolicyPeer } from "../constructs/kubernetes/namespace-network-policies";
import { workloadPodLabels } from "../constructs/kubernetes/workload";
import { CERT_MANAGER_SERVICE_ACCOUNT } from "./aks-stack";
import { configureBackend } from "./backend";
import { environmentRegistryHost } from "./registry-images";
import { certManagerClientId } from "./gitops-source";
import { configureClusterProviders } from "./cluster-providers";
import { gatewayClientCidrs, platformGatewayImplementation } from "./gateway-options";
import { GatewayImplementation } from "../constructs/kubernetes/addons/gateway-implementation";
import { applyOrganisationAspects } from "./organisation";
import type { AksStack } from "./aks-stack";

/** Props of {@link K8sAddonsStack}. */
export interface K8sAddonsStackProps {
  readonly config: EnvironmentConfig;
  /** The environment's cluster stack: where cert-manager's identity is, if it has one. */
  readonly cluster: Pick<AksStack, "certManagerIdentityRef">;
}

const dependables = (objects: readonly KubeObject[]): string[] => objects.map((o) => dependable(o.resource));

/**
 * `<env>-k8s-addons`: the Gateway API CRDs (pinned bundle and channel), the controllers and their CRDs
 * (cert-manager, the Gateway API implementation), and the namespaces, every one Pod Security `restricted` and
 * zero-trust: default deny plus exactly the flows its pods need. Each release is installed after its namespace's
 * NetworkPolicies, so no controller pod or install hook ever runs unrestricted. Custom resources of these CRDs
 * live in `<env>-k8s-config`.
 */
export class K8sAddonsStack extends TerraformStack {
  public readonly gatewayApiCrds: GatewayApiCrds;
  /** The Gateway API implementation this stack installs: what `<env>-k8s-config` configures its Gateway for. */
  public readonly gatewayImplementation: GatewayImplementation;
  public readonly networkPolicies: Record<"certManager" | "gatewayController" | "gateway", NamespaceNetworkPolicies>;

  constructor(scope: Construct, id: string, { config, cluster }: K8sAddonsStackProps) {
    super(scope, id);
    const names = new ResourceNames(config).aksNames();
    const { kubernetes, aks } = config;
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: false });
    configureClusterProviders(this, config, { name: names.cluster, resourceGroupName: names.clusterResourceGroup }, { helm: true });

    const implementation = (this.gatewayImplementation = platformGatewayImplementation(config));
    this.gatewayApiCrds = new GatewayApiCrds(this, "GatewayApiCrds", { channel: kubernetes.gateway.apiChannel });
    const routeLabel = SHARED_GATEWAY_DEFAULTS.routeNamespaceLabel;
    const certManagerNs = new Namespace(this, "CertManagerNamespace", { name: CERT_MANAGER_SERVICE_ACCOUNT.namespace });
    const gatewayControllerNs = new Namespace(this, "GatewayControllerNamespace", { name: implementation.namespace });
    const gatewayNs = new Namespace(this, "GatewayNamespace", { name: kubernetes.gateway.namespace });
    for (const [app, { namespace }] of Object.entries(kubernetes.apps)) {
      new Namespace(this, `AppNamespace-${app}`, { name: namespace, labels: { [routeLabel.key]: routeLabel.value } });
    }

    // The API server: a private cluster's endpoint is in its VNet; a public one has an address AKS assigns.
    const apiServer: PolicyPeer = { cidrs: aks.apiServer.publicNetworkAccess ? ["0.0.0.0/0"] : [aks.network.addressSpace] };
    const certManager = new CertManager(this, "CertManager", {
      namespace: certManagerNs.name,
      serviceAccountName: CERT_MANAGER_SERVICE_ACCOUNT.name,
      replicas: kubernetes.controllerReplicas,
      imageMirror: environmentRegistryHost(config),
      chartSource: kubernetes.charts,
      // DNS-01 propagation checks through cluster DNS only: the controller needs no DNS egress to the internet.
      dns01RecursiveNameservers: [`${aks.network.dnsServiceIp}:53`],
      workloadIdentity: cluster.certManagerIdentityRef ? { clientId: certManagerClientId(this, config, cluster.certManagerIdentityRef) } : undefined,
    });
    const solvers = { namespace: gatewayNs.name, podLabels: { ...ACME_HTTP01_SOLVER.podLabels } };
    const backends = [
      { name: "acme-solver", pods: solvers, port: ACME_HTTP01_SOLVER.port },
      ...Object.values(kubernetes.apps).flatMap((app) =>
        app.flows
          .filter((f) => f.from === "gateway")
          .map((f) => ({
            name: `${app.namespace}-${f.to}-${f.port}`,
            pods: { namespace: app.namespace, podLabels: workloadPodLabels(f.to, app.workloads[f.to].tier) },
            port: f.port,
          })),
      ),
    ];
    // cert-manager's HTTP-01 self-check requests the gateway's public address from inside the cluster: the data
    // plane delivers it straight to a proxy pod, so both namespaces admit that pod-to-pod flow by name.
    const httpPort = SHARED_GATEWAY_DEFAULTS.httpPort;
    const proxies = { namespace: implementation.dataPlane.namespace, podLabels: { ...implementation.dataPlane.podLabels } };
    this.networkPolicies = {
      certManager: certManager.addNetworkPolicies(this, "CertManagerNetworkPolicies", {
        namespace: certManagerNs,
        apiServer,
        http01Proxies: { pods: proxies, port: implementation.proxyPort(httpPort) },
      }),
      gatewayController: implementation.addNetworkPolicies(this, "GatewayControllerNetworkPolicies", {
        namespace: gatewayControllerNs,
        apiServer,
        clients: { cidrs: gatewayClientCidrs(config) },
        listenerPorts: [SHARED_GATEWAY_DEFAULTS.httpPort, SHARED_GATEWAY_DEFAULTS.httpsPort],
        inClusterClients: [
          {
            name: "cert-manager-http01",
            pods: { namespace: certManagerNs.name, podLabels: certManagerPodLabels("controller", certManager.releaseName) },
            listenerPorts: [httpPort],
          },
        ],
        backends,
      }),
      // The Gateway's namespace runs nothing but cert-manager's HTTP-01 solvers, which only the proxies reach.
      gateway: new NamespaceNetworkPolicies(this, "GatewayNetworkPolicies", { namespace: gatewayNs, dns: false }),
    };
    this.networkPolicies.gateway.allowIngress("allow-proxies-to-acme-solver", {
      pods: solvers.podLabels,
      peers: [{ pods: proxies }],
      ports: [{ port: ACME_HTTP01_SOLVER.port }],
    });

    const crds = Object.values(this.gatewayApiCrds.objects).map((m) => dependable(m));
    const gatewayReleases = implementation.install(this, "GatewayImplementation");
    for (const release of gatewayReleases) {
      release.dependsOn = [
        dependable(gatewayControllerNs.object.resource),
        ...dependables(Object.values(this.networkPolicies.gatewayController.policies)),
        ...crds,
      ];
    }
    // With Gateway API support on, cert-manager exits at start-up unless the Gateway API CRDs are served.
    certManager.release.dependsOn = [
      dependable(certManagerNs.object.resource),
      ...dependables(Object.values(this.networkPolicies.certManager.policies)),
      ...crds,
    ];
  }
}
