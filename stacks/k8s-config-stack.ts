import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { Application } from "../constructs/kubernetes/application";
import { AcmeClusterIssuers } from "../constructs/kubernetes/cluster-issuers";
import { SharedGateway } from "../constructs/kubernetes/gateway";
import { dependOn } from "../constructs/kubernetes/namespace";
import { StorageClasses } from "../constructs/kubernetes/storage-classes";
import { aksNodeSubnetName } from "../constructs/aks/aks-network";
import { configureBackend } from "./backend";
import { volumeDiskEncryptionSetId } from "./customer-managed-keys";
import { applicationBackups } from "./workload-backups";
import { keyVaultAccess } from "./workload-secrets";
import { environmentRegistryHost } from "./registry-images";
import { certManagerClientId } from "./gitops-source";
import { applyOrganisationAspects } from "./organisation";
import { configureClusterProviders } from "./cluster-providers";
import { acmeDnsNames } from "./gateway-options";
import { K8sAddonsStack } from "./k8s-addons-stack";
import type { AksStack } from "./aks-stack";

/** Props of {@link K8sConfigStack}. */
export interface K8sConfigStackProps {
  readonly config: EnvironmentConfig;
  /** The environment's add-ons stack: the Gateway is configured for the implementation it installs. */
  readonly addons: Pick<K8sAddonsStack, "gatewayImplementation">;
  /** The environment's cluster stack: where cert-manager's identity is, if it has one. */
  readonly cluster: Pick<AksStack, "certManagerIdentityRef">;
}

/**
 * `<env>-k8s-config`: every in-cluster object that is not an add-on, as schema-validated manifests: ClusterIssuers,
 * the GatewayClass with its data plane (Envoy Gateway's EnvoyProxy) and the shared Gateway, StorageClasses, and each application (workloads, autoscalers, disruption
 * budgets, HTTPRoutes, zero-trust NetworkPolicies). Applied after `<env>-k8s-addons` installed the CRDs.
 */
export class K8sConfigStack extends TerraformStack {
  public readonly gateway: SharedGateway;
  public readonly applications: Record<string, Application> = {};

  constructor(scope: Construct, id: string, { config, addons, cluster }: K8sConfigStackProps) {
    super(scope, id);
    const names = new ResourceNames(config).aksNames();
    const { kubernetes, aks } = config;
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: false });
    configureClusterProviders(this, config, { name: names.cluster, resourceGroupName: names.clusterResourceGroup }, { helm: false });

    const storage = new StorageClasses(this, "StorageClasses", {
      diskEncryptionSetId: volumeDiskEncryptionSetId(config),
      filePrivateEndpointNetwork: {
        resourceGroupName: names.clusterResourceGroup,
        virtualNetworkName: names.virtualNetwork,
        subnetName: aksNodeSubnetName(kubernetes.storage.filePrivateEndpointSubnet),
      },
    });
    this.gateway = new SharedGateway(this, "Gateway", {
      implementation: addons.gatewayImplementation,
      namespace: kubernetes.gateway.namespace,
      hostname: kubernetes.gateway.hostname,
      clusterIssuer: kubernetes.certManager.issuer,
      rateLimit: kubernetes.gateway.rateLimit,
    });
    new AcmeClusterIssuers(this, "ClusterIssuers", {
      email: kubernetes.certManager.acmeEmail,
      dnsNames: acmeDnsNames(config).all,
      http01Gateway: this.gateway.httpListener,
      dns01:
        aks.dnsZone && cluster.certManagerIdentityRef
          ? {
              subscriptionId: config.subscriptionId,
              resourceGroupName: aks.dnsZone.resourceGroupName,
              hostedZoneName: aks.dnsZone.name,
              managedIdentityClientId: certManagerClientId(this, config, cluster.certManagerIdentityRef),
            }
          : undefined,
    });
    for (const [name, app] of Object.entries(kubernetes.apps)) {
      this.applications[name] = new Application(this, `App-${name}`, {
        ...app,
        gateway: this.gateway,
        volumeStorageClassName: storage.databaseClassName,
        keyVaultAccess: keyVaultAccess(this, config, name),
        imageRegistry: environmentRegistryHost(config),
        backups: applicationBackups(config, name),
      });
      // A claim is provisioned from its class: a workload with one waits for the class this stack creates.
      for (const w of Object.values(this.applications[name].workloads)) {
        if (w.volumeClaimStorageClassName === storage.databaseClassName) dependOn(w.object, storage.database);
      }
    }
  }
}
