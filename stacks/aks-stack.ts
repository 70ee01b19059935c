import { DataAzurermLogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/data-azurerm-log-analytics-workspace";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { AksCluster } from "../constructs/aks/aks-cluster";
import { AcmeDnsChallengeAccess, acmeChallengeRole } from "../constructs/aks/acme-dns-challenge-access";
import { AksNetwork } from "../constructs/aks/aks-network";
import { FLUX_VARIABLES, FluxGitOps } from "../constructs/aks/flux-gitops";
import { FileSharePrivateEndpointAccess, fileSharePrivateEndpointRole } from "../constructs/aks/file-share-private-endpoints";
import { PodSecurityInitiative } from "../constructs/aks/pod-security-initiative";
import { WorkloadIdentity } from "../constructs/aks/workload-identity";
import { BackupStorage } from "../constructs/aks/backup-storage";
import { backupCronJobName } from "../constructs/kubernetes/postgres-backup";
import { BackupAlerts } from "../constructs/observability/backup-alerts";
import { WorkloadKeyVault } from "../constructs/aks/workload-key-vault";
import { SinglePrivateEndpoint } from "../constructs/core/interfaces";
import { ExistingDnsZone } from "../constructs/network/existing-dns-zone";
import { LinkedPrivateDnsZone } from "../constructs/network/linked-private-dns-zone";
import { DATA_PRIVATE_DNS_ZONES } from "../constructs/network/private-dns-zones";
import { AllowedImagesPolicy } from "../constructs/aks/allowed-images-policy";
import { ContainerRegistry, REGISTRY_PRIVATE_DNS_ZONE } from "../constructs/aks/container-registry";
import { SHARED_GATEWAY_DEFAULTS } from "../constructs/kubernetes/gateway";
import { configureBackend } from "./backend";
import { customerManagedKeyOf } from "./customer-managed-keys";
import { GitopsSource } from "./gitops-source";
import { acmeDnsNames, gatewayClientRanges } from "./gateway-options";
import { applyOrganisationAspects, isProduction, productionLock } from "./organisation";
import { workloadBackups } from "./workload-backups";
import { workloadClientIdVariables, workloadSecrets } from "./workload-secrets";
import { registryImports } from "./registry-images";
import type { CertManagerIdentityRef } from "./gitops-source";

/** cert-manager's namespace and service account: the subject of its federated credential for DNS-01. */
export const CERT_MANAGER_SERVICE_ACCOUNT = { namespace: "cert-manager", name: "cert-manager" } as const;

/** Props of {@link AksStack}. */
export interface AksStackProps {
  readonly config: EnvironmentConfig;
  /**
   * Whether the `bootstrap` stack created the cluster's custom role (pipelines may not write role definitions).
   * @default false - this stack creates it
   */
  readonly rolesFromBootstrap?: boolean;
  /**
   * With `kubernetes.delivery: flux`: the container the cluster pulls its rendered folder from.
   * @default - none (the k8s stacks apply the in-cluster objects)
   */
  readonly gitops?: GitopsSource;
}

/**
 * `<env>-aks`: the cluster's Azure resources only (network, AKS, node pools, identities), and with Flux delivery
 * the Flux extension and configuration (Azure resources too). No kubernetes or helm provider lives here: those
 * stacks read the cluster after it exists.
 */
export class AksStack extends TerraformStack {
  public readonly cluster: AksCluster;
  public readonly certManagerIdentity?: WorkloadIdentity;
  /** Where cert-manager's identity is, when there is one (`aks.dnsZone`): what the in-cluster stacks read. */
  public readonly certManagerIdentityRef?: CertManagerIdentityRef;
  /** The environment's container registry. */
  public readonly registry: ContainerRegistry;
  /** The vault and identity of each workload that reads Key Vault secrets, by `<app>/<workload>`. */
  public readonly workloadKeyVaults: Record<string, WorkloadKeyVault> = {};
  /** Where the workloads' backups go, when any workload declares one. */
  public readonly backupStorage?: BackupStorage;
  public readonly flux?: FluxGitOps;

  constructor(scope: Construct, id: string, { config, rolesFromBootstrap = false, gitops }: AksStackProps) {
    super(scope, id);
    const allNames = new ResourceNames(config);
    const names = allNames.aksNames();
    const { aks } = config;
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: true });
    new AzurermProvider(this, "azurerm", {
      // The backup account is private and keyless: without these, azurerm 4.x polls and reads its data plane with
      // the account key on create and on every plan, and fails (the stack uses the storage data plane for nothing).
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
      storageUseAzuread: true,
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
    });

    // The environment's workspace lives in `<env>-data` (deployed first); read it by name, pass nothing between stacks.
    const logAnalyticsWorkspaceId = new DataAzurermLogAnalyticsWorkspace(this, "LogAnalytics", {
      name: allNames.logAnalytics,
      resourceGroupName: allNames.dataResourceGroup,
    }).id;
    const rg = new ResourceGroup(this, "ResourceGroup", { name: names.clusterResourceGroup, location: config.location });
    const placement = { resourceGroupName: rg.name, location: config.location };
    const { gateway } = config.kubernetes;
    const network = new AksNetwork(this, "Network", {
      ...placement,
      name: names.virtualNetwork,
      addressSpace: aks.network.addressSpace,
      nodeSubnets: aks.network.nodeSubnets,
      privateEndpointSubnet: aks.network.privateEndpoints,
      privateEndpointClients: aks.network.privateEndpointClients,
      diagnosticSettings: { logs: { workspaceId: logAnalyticsWorkspaceId } },
      // A public gateway's clients reach the proxies on the nodes of their pool: that subnet's NSG admits them.
      publicIngress: gateway.publicNetworkAccess
        ? {
            gateway: {
              subnet: aks.userPools[gateway.dataPlane.nodePool].subnet,
              ports: [SHARED_GATEWAY_DEFAULTS.httpPort, SHARED_GATEWAY_DEFAULTS.httpsPort],
              sources: gatewayClientRanges(config),
            },
          }
        : undefined,
    });
    this.cluster = new AksCluster(this, "Cluster", {
      ...placement,
      name: names.cluster,
      dnsPrefix: names.dnsPrefix,
      kubernetesVersion: aks.kubernetesVersion,
      skuTier: aks.skuTier,
      defender: aks.defender,
      customerManagedKey: customerManagedKeyOf(this, config, "aksDisks", placement),
      tenantId: config.tenantId,
      adminGroupObjectIds: aks.adminGroupObjectIds,
      nodeSubnets: network.nodeSubnets,
      network: { podCidr: aks.network.podCidr, serviceCidr: aks.network.serviceCidr, dnsServiceIp: aks.network.dnsServiceIp },
      apiServer: aks.apiServer,
      systemPool: aks.systemPool,
      userPools: aks.userPools,
      availabilityZones: aks.availabilityZones,
      maintenance: aks.maintenance,
      logAnalyticsWorkspaceId,
      diagnosticSettings: { logs: { workspaceId: logAnalyticsWorkspaceId } },
      preventDestroy: isProduction(config),
    });

    // The Azure Policy add-on is on: the restricted pod security initiative gives it something to evaluate.
    new PodSecurityInitiative(this, "PodSecurity", { cluster: this.cluster, effect: aks.podSecurityEffect });

    // The Azure Files class gives every share a private endpoint in the cluster's VNet: the zone and the least rights.
    new FileSharePrivateEndpointAccess(this, "FileSharePrivateEndpoints", {
      resourceGroupName: rg.name,
      resourceGroupId: rg.id,
      virtualNetwork: network,
      controlPlaneIdentity: this.cluster.controlPlaneIdentity,
      clusterName: names.cluster,
      roleDefinitionId: rolesFromBootstrap ? fileSharePrivateEndpointRole(names.cluster, config.subscriptionId).id : undefined,
    });

    if (aks.dnsZone) {
      // A resource group of its own, so rights granted on the cluster's resource group (operators with Contributor
      // there) do not reach the identity that writes public DNS records: with them, anyone could add a federated
      // credential to it. Rights on the whole subscription (the apply identity's) still do.
      const identityGroup = new ResourceGroup(this, "CertManagerResourceGroup", { name: names.certManagerResourceGroup, location: config.location });
      this.certManagerIdentityRef = { name: names.certManagerIdentity, resourceGroupName: names.certManagerResourceGroup };
      const identity = (this.certManagerIdentity = new WorkloadIdentity(this, "CertManagerIdentity", {
        resourceGroupName: identityGroup.name,
        location: config.location,
        name: names.certManagerIdentity,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        namespace: CERT_MANAGER_SERVICE_ACCOUNT.namespace,
        serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT.name,
      }));
      new AcmeDnsChallengeAccess(this, "CertManagerDnsChallenges", {
        zone: new ExistingDnsZone(this, "DnsZone", aks.dnsZone),
        dnsNames: acmeDnsNames(config).dns01Names,
        principal: identity,
        clusterName: names.cluster,
        roleDefinitionId: rolesFromBootstrap ? acmeChallengeRole(names.cluster, config.subscriptionId).id : undefined,
      });
      new TerraformOutput(this, "cert_manager_client_id", { value: identity.clientId });
    }
    // The environment's registry: the kubelet pulls from it through its private endpoint; an Azure Policy reports (or
    // refuses) pods whose images come from anywhere else (system namespaces aside).
    // The cluster's own services are reached through endpoints in one subnet, registered in zones linked to its network.
    const endpointIn = (zone: LinkedPrivateDnsZone): SinglePrivateEndpoint => ({ subnetId: network.privateEndpointSubnetId!, privateDnsZoneId: zone.id });
    const linkedZone = (id: string, zoneName: string) => new LinkedPrivateDnsZone(this, id, { zoneName, resourceGroupName: rg.name, virtualNetwork: network });
    const registryZone = linkedZone("RegistryDnsZone", REGISTRY_PRIVATE_DNS_ZONE);
    this.registry = new ContainerRegistry(this, "Registry", {
      ...placement,
      name: names.containerRegistry,
      privateEndpoint: endpointIn(registryZone),
      diagnosticSettings: { logs: { workspaceId: logAnalyticsWorkspaceId } },
      lock: productionLock(config),
    });
    this.registry.grantPull(this.cluster.kubeletIdentity, "kubelet");
    new AllowedImagesPolicy(this, "AllowedImages", {
      cluster: this.cluster,
      registries: [this.registry.loginServer],
      effect: aks.allowedImagesEffect,
    });
    new TerraformOutput(this, "registry_imports", {
      value: registryImports(config),
      description: `Images to import into ${names.containerRegistry} before <env>-k8s-addons and <env>-k8s-config move the pods to it: az acr import --name ${names.containerRegistry} --source <source> --image <image> (--repository <repository> for an image without a tag)`,
    });

    // Each workload that reads Key Vault secrets gets a vault and an identity of its own, reached through a private
    // endpoint that only the node subnets may connect to.
    const secrets = workloadSecrets(config);
    const vaultZone = secrets.length > 0 ? linkedZone("KeyVaultDnsZone", DATA_PRIVATE_DNS_ZONES.vault) : undefined;
    for (const w of secrets) {
      this.workloadKeyVaults[`${w.app}/${w.workload}`] = new WorkloadKeyVault(this, `WorkloadKeyVault-${w.app}-${w.workload}`, {
        ...placement,
        vaultName: w.vaultName,
        identityName: w.identityName,
        tenantId: config.tenantId,
        softDeleteRetentionInDays: config.keyVault.softDeleteRetentionInDays,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        namespace: w.namespace,
        serviceAccount: w.workload,
        privateEndpoint: endpointIn(vaultZone!),
        diagnosticSettings: { logs: { workspaceId: logAnalyticsWorkspaceId } },
        lock: productionLock(config),
      });
    }
    if (secrets.length > 0) {
      new TerraformOutput(this, "workload_key_vaults", {
        value: Object.fromEntries(secrets.map((w) => [`${w.namespace}/${w.workload}`, w.vaultName])),
        description: "The Key Vault each workload reads its secrets from: put their values there",
      });
    }
    // Workloads' backups: a private account beside the cluster, one container per workload, written by the
    // workload's own identity (the one that reads its password).
    const backups = workloadBackups(config);
    if (backups.length > 0) {
      const settings = config.kubernetes.backups!; // the schema requires it once a workload has a backup
      const production = isProduction(config);
      const storage = (this.backupStorage = new BackupStorage(this, "BackupStorage", {
        ...placement,
        name: names.backupStorageAccount,
        containers: Object.fromEntries(backups.map((b) => [b.containerName, { retentionDays: b.retentionDays }])),
        privateEndpoint: endpointIn(linkedZone("BlobDnsZone", DATA_PRIVATE_DNS_ZONES.blob)),
        replication: production ? "GZRS" : "ZRS",
        lock: productionLock(config),
        preventDestroy: production,
        diagnosticSettings: { logs: { workspaceId: logAnalyticsWorkspaceId } },
      }));
      for (const b of backups) {
        const vault = this.workloadKeyVaults[`${b.app}/${b.workload}`];
        storage.grantWrite(b.containerName, vault.identity, `Backups of ${b.namespace}/${b.workload}`);
      }
      new BackupAlerts(this, "BackupAlerts", {
        ...placement,
        namePrefix: allNames.standard("alert", "backup"),
        actionGroupName: allNames.standard("ag", "backups"),
        shortName: "backups",
        workspaceId: logAnalyticsWorkspaceId,
        clusterId: this.cluster.id,
        emails: settings.alerts.emails,
        severity: settings.alerts.severity,
        backups: Object.fromEntries(
          backups.map((b) => [b.containerName, { namespace: b.namespace, cronJobName: backupCronJobName(b.workload), maxAgeHours: b.maxAgeHours }]),
        ),
      });
      new TerraformOutput(this, "backup_storage", {
        value: { account: names.backupStorageAccount, containers: Object.fromEntries(backups.map((b) => [`${b.namespace}/${b.workload}`, b.containerName])) },
        description: "Where each workload's backups are: restore with az storage blob download --auth-mode login",
      });
    }
    if (gitops) {
      this.flux = new FluxGitOps(this, "Flux", {
        clusterId: this.cluster.id,
        readerIdentity: this.cluster.kubeletIdentity,
        source: { containerId: gitops.containerId, url: gitops.url },
        substitute: {
          ...(this.certManagerIdentity ? { [FLUX_VARIABLES.certManagerClientId]: this.certManagerIdentity.clientId } : {}),
          ...workloadClientIdVariables(this.workloadKeyVaults, secrets),
        },
      });
    }
    new TerraformOutput(this, "cluster_name", { value: this.cluster.resource.name });
    new TerraformOutput(this, "oidc_issuer_url", { value: this.cluster.oidcIssuerUrl });
  }
}
