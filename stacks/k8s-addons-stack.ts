import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { dependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { CertManager } from "../constructs/kubernetes/addons/cert-manager";
import { gatewayImplementation } from "../constructs/kubernetes/addons/gateway-implementation";
import { SHARED_GATEWAY_DEFAULTS } from "../constructs/kubernetes/gateway";
import { Namespace } from "../constructs/kubernetes/namespace";
import { CERT_MANAGER_SERVICE_ACCOUNT } from "./aks-stack";
import { configureBackend } from "./backend";
import { applyOrganisationAspects } from "./organisation";
import { configureClusterProviders } from "./cluster-providers";

/** Props of {@link K8sAddonsStack}. */
export interface K8sAddonsStackProps {
  readonly config: EnvironmentConfig;
}

/**
 * `<env>-k8s-addons`: the controllers and their CRDs (cert-manager, the Gateway API implementation) and the
 * namespaces, each with the least privileged Pod Security Standard that works: `restricted` for application,
 * gateway and cert-manager namespaces; `baseline` for the Envoy Gateway namespace, whose generated proxy pods do
 * not declare everything `restricted` requires. Custom resources of these CRDs live in `<env>-k8s-config`.
 */
export class K8sAddonsStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config }: K8sAddonsStackProps) {
    super(scope, id);
    const names = new ResourceNames(config).aksNames();
    const { kubernetes, aks } = config;
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: false });
    configureClusterProviders(this, config, { name: names.cluster, resourceGroupName: names.resourceGroup }, { helm: true });

    const implementation = gatewayImplementation(kubernetes.gateway.implementation, { replicas: kubernetes.controllerReplicas });
    const routeLabel = SHARED_GATEWAY_DEFAULTS.routeNamespaceLabel;
    const certManagerNs = new Namespace(this, "CertManagerNamespace", { name: CERT_MANAGER_SERVICE_ACCOUNT.namespace });
    const gatewayControllerNs = new Namespace(this, "GatewayControllerNamespace", { name: implementation.namespace, podSecurity: "baseline" });
    new Namespace(this, "GatewayNamespace", { name: kubernetes.gateway.namespace });
    for (const [app, { namespace }] of Object.entries(kubernetes.apps)) {
      new Namespace(this, `AppNamespace-${app}`, { name: namespace, labels: { [routeLabel.key]: routeLabel.value } });
    }

    const certManager = new CertManager(this, "CertManager", {
      namespace: certManagerNs.name,
      serviceAccountName: CERT_MANAGER_SERVICE_ACCOUNT.name,
      replicas: kubernetes.controllerReplicas,
      workloadIdentity: aks.dnsZone
        ? { clientId: new DataAzurermUserAssignedIdentity(this, "CertManagerIdentity", { name: names.certManagerIdentity, resourceGroupName: names.resourceGroup }).clientId }
        : undefined,
    });
    const gatewayReleases = implementation.install(this, "GatewayImplementation");
    for (const release of gatewayReleases) release.dependsOn = [dependable(gatewayControllerNs.object.resource)];
    // With Gateway API support on, cert-manager exits at start-up unless the Gateway API CRDs are served: install
    // it after the gateway implementation's release, which brings them.
    certManager.release.dependsOn = [dependable(certManagerNs.object.resource), ...gatewayReleases.map((r) => dependable(r))];
  }
}
