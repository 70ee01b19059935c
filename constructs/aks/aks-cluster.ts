import { KubernetesCluster, KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, IAksCluster, IPrincipal, ISubnet, LockProps, ResourcePlacement, RoleAssignmentsProps } from "../core/interfaces";
import { userAssignedPrincipal } from "../core/managed-identities";
import { addLock } from "../core/resource-lock";
import { addRoleAssignments, assignRole } from "../core/role-assignments";
import { warnOptOut } from "../core/validation";
import { CustomerManagedKeyProps } from "../security/customer-managed-key";
import { addDiskEncryptionSet } from "./aks-disk-encryption";
import { AksMaintenanceWindowProps, weeklyWindow } from "./aks-maintenance";
import { validateAksClusterProps } from "./aks-cluster-validation";
import { ContainerInsightsDataCollection, ContainerInsightsProps } from "./container-insights";
import {
  AKS_OS_SKU,
  AKS_POOL_MAX_SURGE,
  AKS_SYSTEM_POOL_NAME,
  AksNodePoolProps,
  AksUserNodePoolProps,
  addUserPool,
  poolSubnet,
  resolveOsDisk,
} from "./aks-node-pools";
import { AzureResource } from "../core/azure-resource";

// The maintenance window types are part of the cluster's API.
export * from "./aks-maintenance";

export type AksSkuTier = "Free" | "Standard" | "Premium";

/** Kubernetes-internal address ranges of the cluster (Azure CNI Overlay: none of them lives in the VNet). */
export interface AksClusterNetworkProps {
  /** Pod CIDR of the overlay, e.g. 10.244.0.0/16; must not overlap the service CIDR (nor the VNet or peered networks). */
  readonly podCidr: string;
  /** Service CIDR, /12 or smaller, e.g. 10.0.0.0/16. */
  readonly serviceCidr: string;
  /** Cluster DNS service IP inside `serviceCidr`, not its first two addresses, e.g. 10.0.0.10. */
  readonly dnsServiceIp: string;
}

/** How the Kubernetes API server is reached: privately (a private cluster), or publicly from listed ranges only. */
export type AksApiServerProps =
  | { readonly publicNetworkAccess: false }
  | {
      readonly publicNetworkAccess: true;
      /** Public IPv4 ranges (CIDR or single address) admitted to the API server (AKS's authorized IP ranges); never 0.0.0.0/0. */
      readonly allowedIpRanges: string[];
    };

/** Cluster autoscaler profile; fields left out keep {@link AKS_AUTOSCALER_DEFAULTS}. */
export interface AksAutoscalerProfileProps {
  /** @default "10m" */
  readonly scaleDownDelayAfterAdd?: string;
  /** @default "10m" */
  readonly scaleDownUnneeded?: string;
  /** Node utilisation (0-1) under which a node may be removed. @default 0.5 */
  readonly scaleDownUtilizationThreshold?: number;
  /** @default true */
  readonly balanceSimilarNodeGroups?: boolean;
  /** @default "least-waste" */
  readonly expander?: "least-waste" | "most-pods" | "priority" | "random";
  /** @default true */
  readonly skipNodesWithSystemPods?: boolean;
  /** @default false */
  readonly skipNodesWithLocalStorage?: boolean;
}

/** Props of {@link AksCluster}. */
export interface AksClusterProps extends ResourcePlacement {
  /** Cluster name (1-63 letters, digits, hyphens and underscores, starting and ending with a letter or digit). */
  readonly name: string;
  /** DNS prefix of the API server FQDN (1-54 letters, digits and hyphens, starting and ending with a letter or digit). */
  readonly dnsPrefix: string;
  /**
   * Kubernetes minor version, e.g. "1.36"; patches come through the `patch` auto-upgrade channel. At least
   * `AKS_KUBERNETES_SUPPORT.minimum` (policy rule AKS-011 also refuses a minor past its AKS end of life).
   */
  readonly kubernetesVersion: string;
  /**
   * Pricing tier; Standard carries the uptime SLA. Free adds a warning.
   * @default "Standard"
   */
  readonly skuTier?: AksSkuTier;
  /** Entra tenant id for Entra ID integration. */
  readonly tenantId: string;
  /** Entra group object ids granted cluster admin (non-empty: local accounts are disabled). */
  readonly adminGroupObjectIds: string[];
  /** The node subnets pools select from by key (`subnet` of each pool; `AksNetwork.nodeSubnets`). */
  readonly nodeSubnets: Readonly<Record<string, ISubnet>>;
  /** Pod and service ranges. */
  readonly network: AksClusterNetworkProps;
  /** API server access: private cluster, or public restricted to authorized IP ranges. */
  readonly apiServer: AksApiServerProps;
  /** The system pool (`system`, CriticalAddonsOnly). */
  readonly systemPool: AksNodePoolProps;
  /**
   * User pools keyed by pool name (1-12 lowercase letters and digits).
   * @default {}
   */
  readonly userPools?: Record<string, AksUserNodePoolProps>;
  /**
   * Availability zones of every pool; pass ["1","2","3"] in production regions with zones.
   * @default [] - no zones (regional)
   */
  readonly availabilityZones?: string[];
  /**
   * Autoscaler tuning over {@link AKS_AUTOSCALER_DEFAULTS}.
   * @default AKS_AUTOSCALER_DEFAULTS
   */
  readonly autoscalerProfile?: AksAutoscalerProfileProps;
  /**
   * Planned maintenance windows of Kubernetes patch upgrades and node OS image upgrades.
   * @default - both weekly, Sunday 02:00 for 4 hours, UTC
   */
  readonly maintenance?: { readonly autoUpgrade?: AksMaintenanceWindowProps; readonly nodeOs?: AksMaintenanceWindowProps };
  /**
   * Log Analytics workspace of Container Insights (`oms_agent` with managed-identity auth, plus the data collection
   * rule and association that auth mode needs; the workspace must be in the cluster's region).
   */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * What Container Insights collects.
   * @default CONTAINER_INSIGHTS_DEFAULTS - every namespace each minute, ContainerLogV2
   */
  readonly containerInsights?: ContainerInsightsProps;
  /**
   * Control-plane diagnostics; without explicit categories each sends {@link AKS_DIAGNOSTIC_LOG_CATEGORIES}.
   * @default {}
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default {} */
  readonly roleAssignments?: RoleAssignmentsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
  /**
   * Terraform `prevent_destroy` on the cluster: a plan that would delete or replace it (network profile, private
   * cluster, DNS prefix, kubelet identity and the system pool's name force replacement) fails instead. Set it in
   * production.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Encryption at host on every node pool: temp disks, OS and data disk caches encrypted on the VM host (AKS
   * baseline; CKV_AZURE_227). Needs the subscription feature `Microsoft.Compute/EncryptionAtHost` registered once.
   * `false` opts out (adds a warning).
   * @default true
   */
  readonly encryptionAtHost?: boolean;
  /**
   * Microsoft Defender for Containers' sensor, reporting to `logAnalyticsWorkspaceId` (it detects only where the
   * subscription's Defender for Containers plan is on). `false` opts out (adds a warning).
   * @default true
   */
  readonly defender?: boolean;
  /**
   * Encrypt the nodes' OS disks and the volumes the disk CSI driver creates with a customer-managed key, through a
   * disk encryption set (`des-<name>`) that unwraps it with the key's identity. `keyVersion` is required: azurerm
   * reads the latest version from the vault's data plane when the set follows rotations, which a pipeline outside
   * the vault's network cannot do; rotate by giving the new version. Forces a new cluster when added or removed.
   * @default - platform-managed keys
   */
  readonly customerManagedKey?: CustomerManagedKeyProps;
}

/** Autoscaler tuning of the AKS production pattern (faster scale-down than the AKS defaults, least-waste expander). */
export const AKS_AUTOSCALER_DEFAULTS = {
  scaleDownDelayAfterAdd: "10m",
  scaleDownUnneeded: "10m",
  scaleDownUtilizationThreshold: 0.5,
  balanceSimilarNodeGroups: true,
  expander: "least-waste",
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: false,
} as const satisfies Required<AksAutoscalerProfileProps>;

export const AKS_CLUSTER_DEFAULTS = {
  skuTier: "Standard",
  encryptionAtHost: true,
  defender: true,
  availabilityZones: [],
  userPools: {},
  autoscalerProfile: AKS_AUTOSCALER_DEFAULTS,
} as const satisfies Partial<AksClusterProps>;

/**
 * Control-plane log categories sent when a diagnostic setting names none: those of the AVM AKS production pattern.
 * `kube-audit` (every read) is left out for cost; `kube-audit-admin` keeps the writes.
 */
export const AKS_DIAGNOSTIC_LOG_CATEGORIES = [
  "kube-apiserver",
  "kube-audit-admin",
  "kube-controller-manager",
  "kube-scheduler",
  "cluster-autoscaler",
  "cloud-controller-manager",
  "guard",
  "csi-azuredisk-controller",
  "csi-azurefile-controller",
  "csi-snapshot-controller",
] as const;

/**
 * An AKS cluster following the AKS baseline (mspnp/aks-baseline) and the AVM AKS production pattern: Entra ID only
 * (local accounts off, Azure RBAC), OIDC issuer and workload identity, Azure CNI Overlay with Cilium, private API
 * server or authorized IP ranges, `patch` and `NodeImage` auto-upgrades in maintenance windows, Azure Policy, Key
 * Vault CSI driver with rotation, image cleaner, Container Insights (with its data collection rule), autoscaled
 * zonal pools with ephemeral OS disks where the VM size allows, and user-assigned control-plane and kubelet
 * identities. Kubeconfigs and client keys are never exposed: users authenticate with Entra ID (kubelogin).
 *
 * @example
 * ```ts
 * const cluster = new AksCluster(this, "Cluster", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "aks-platform-dev",
 *   dnsPrefix: "aks-platform-dev",
 *   kubernetesVersion: AKS_DEFAULT_KUBERNETES_VERSION,
 *   tenantId: "00000000-0000-0000-0000-00000000000a",
 *   adminGroupObjectIds: ["00000000-0000-0000-0000-000000000002"],
 *   nodeSubnets: aksNetwork.nodeSubnets,
 *   network: { podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" },
 *   apiServer: { publicNetworkAccess: false },
 *   systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, maxPods: 110, subnet: "system" },
 *   userPools: { apps: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, maxPods: 110, subnet: "user" } },
 *   logAnalyticsWorkspaceId: logs.id,
 * });
 * ```
 */
export class AksCluster extends AzureResource implements IAksCluster {
  /** The `azurerm_kubernetes_cluster`. */
  public readonly resource: KubernetesCluster;
  public readonly id: string;
  /** The cluster's name as given (known at synth: it names the policy assignments and the data collection rule). */
  public readonly name: string;
  /** OIDC issuer URL, for workload identity federated credentials. */
  public readonly oidcIssuerUrl: string;
  /** Kubelet identity (pulls images: grant it "AcrPull" on registries). */
  public readonly kubeletIdentity: IPrincipal & { readonly id: string; readonly clientId: string };
  /** Control-plane identity. */
  public readonly controlPlaneIdentity: IPrincipal & { readonly id: string; readonly clientId: string };

  /**
   * The cluster's identity, as every construct with a managed identity exposes it (`identity`): the control plane's,
   * the one AKS acts as on Azure resources (AVM's cluster identity). The kubelet's is {@link kubeletIdentity}.
   */
  public get identity(): IPrincipal & { readonly id: string; readonly clientId: string } {
    return this.controlPlaneIdentity;
  }
  /** Name of the node resource group AKS manages. */
  public readonly nodeResourceGroup: string;
  /** User pool resources by key. */
  public readonly userPools: Record<string, KubernetesClusterNodePool>;
  /** Container Insights' data collection rule and its association with the cluster. */
  public readonly containerInsights: ContainerInsightsDataCollection;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const userPools: Record<string, AksUserNodePoolProps> = props.userPools ?? AKS_CLUSTER_DEFAULTS.userPools;
    const zones: string[] = props.availabilityZones ?? [...AKS_CLUSTER_DEFAULTS.availabilityZones];
    const skuTier = props.skuTier ?? AKS_CLUSTER_DEFAULTS.skuTier;
    validateAksClusterProps(this, props, userPools, zones);
    if (skuTier === "Free") warnOptOut(this, "skuTier", "the Free tier has no uptime SLA and is meant for dev/test clusters");
    if (props.apiServer.publicNetworkAccess) {
      warnOptOut(this, "apiServer.publicNetworkAccess", "the API server has a public endpoint, limited to apiServer.allowedIpRanges");
    }
    const encryptionAtHost = props.encryptionAtHost ?? AKS_CLUSTER_DEFAULTS.encryptionAtHost;
    if (!encryptionAtHost) warnOptOut(this, "encryptionAtHost", "node temp disks and disk caches are not encrypted on the host");
    const defender = props.defender ?? AKS_CLUSTER_DEFAULTS.defender;
    if (!defender) warnOptOut(this, "defender", "no runtime threat detection on the nodes");

    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const controlPlane = new UserAssignedIdentity(this, "ControlPlaneIdentity", { ...placement, name: `id-${props.name}-control-plane` });
    const kubelet = new UserAssignedIdentity(this, "KubeletIdentity", { ...placement, name: `id-${props.name}-kubelet` });
    this.controlPlaneIdentity = userAssignedPrincipal(controlPlane);
    this.kubeletIdentity = userAssignedPrincipal(kubelet);
    // A control plane with a user-assigned identity must be able to assign the kubelet identity to the nodes and to
    // join NICs and load balancers to custom-VNet subnets.
    const grants: RoleAssignment[] = [
      assignRole(this, "ControlPlaneManagedIdentityOperator", kubelet.id, {
        roleDefinitionIdOrName: "Managed Identity Operator",
        principalId: controlPlane.principalId,
        principalType: "ServicePrincipal",
        description: "AKS control plane assigns the kubelet identity to nodes",
      }),
      // One assignment per distinct subnet: two keys naming the same subnet would collide in Azure.
      ...Object.entries(props.nodeSubnets)
        .filter(([, subnet], i, all) => all.findIndex(([, other]) => other.id === subnet.id) === i)
        .map(([key, subnet]) =>
          assignRole(this, `ControlPlaneNetworkContributor-${key}`, subnet.id, {
            roleDefinitionIdOrName: "Network Contributor",
            principalId: controlPlane.principalId,
            principalType: "ServicePrincipal",
            description: "AKS control plane manages node NICs and internal load balancers in the node subnet",
          }),
        ),
    ];

    const diskEncryptionSet = props.customerManagedKey && addDiskEncryptionSet(this, props.name, props.customerManagedKey, placement);
    if (diskEncryptionSet) {
      // The control plane reads the set to attach it to node disks and volumes (Microsoft Learn, "BYOK with Azure
      // managed disks in AKS").
      grants.push(
        assignRole(this, "ControlPlaneDiskEncryptionSetReader", diskEncryptionSet.id, {
          roleDefinitionIdOrName: "Reader",
          principalId: controlPlane.principalId,
          principalType: "ServicePrincipal",
          description: "AKS control plane attaches the disk encryption set to node disks and volumes",
        }),
      );
    }
    const systemDisk = resolveOsDisk(this, "systemPool", props.systemPool);
    this.resource = new KubernetesCluster(this, "Resource", {
      ...placement,
      name: props.name,
      dnsPrefix: props.dnsPrefix,
      kubernetesVersion: props.kubernetesVersion,
      skuTier,
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId,
        adminGroupObjectIds: props.adminGroupObjectIds,
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
      omsAgent: { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true },
      microsoftDefender: defender ? { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId } : undefined,
      identity: { type: "UserAssigned", identityIds: [controlPlane.id] },
      diskEncryptionSetId: diskEncryptionSet?.id,
      kubeletIdentity: { clientId: kubelet.clientId, objectId: kubelet.principalId, userAssignedIdentityId: kubelet.id },
      ...apiServerConfig(props.apiServer),
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
        podCidr: props.network.podCidr,
        serviceCidr: props.network.serviceCidr,
        dnsServiceIp: props.network.dnsServiceIp,
      },
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: weeklyWindow(props.maintenance?.autoUpgrade),
      maintenanceWindowNodeOs: weeklyWindow(props.maintenance?.nodeOs),
      autoScalerProfile: autoscalerConfig(props.autoscalerProfile),
      defaultNodePool: {
        name: AKS_SYSTEM_POOL_NAME,
        temporaryNameForRotation: "systemtmp",
        vmSize: props.systemPool.vmSize,
        onlyCriticalAddonsEnabled: true,
        autoScalingEnabled: true,
        minCount: props.systemPool.minCount,
        maxCount: props.systemPool.maxCount,
        maxPods: props.systemPool.maxPods,
        osDiskType: systemDisk.osDiskType,
        osDiskSizeGb: systemDisk.osDiskSizeGb,
        osSku: AKS_OS_SKU,
        orchestratorVersion: props.kubernetesVersion,
        vnetSubnetId: poolSubnet(this, "systemPool", props.systemPool, props.nodeSubnets).id,
        nodePublicIpEnabled: false,
        hostEncryptionEnabled: encryptionAtHost,
        zones: zones.length > 0 ? zones : undefined,
        upgradeSettings: { maxSurge: AKS_POOL_MAX_SURGE },
      },
      // A config-level depends_on (node.addDependency does not reach the JSON): the cluster is created only once the
      // control plane may use the kubelet identity and the subnets.
      dependsOn: grants,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.id = this.resource.id;
    this.name = props.name;
    this.oidcIssuerUrl = this.resource.oidcIssuerUrl;
    this.nodeResourceGroup = this.resource.nodeResourceGroup;

    this.userPools = {};
    for (const [key, pool] of Object.entries(userPools)) {
      this.userPools[key] = addUserPool(this, key, pool, {
        encryptionAtHost,
        clusterId: this.id,
        kubernetesVersion: props.kubernetesVersion,
        nodeSubnets: props.nodeSubnets,
        zones,
        tags: props.tags,
      });
    }

    this.containerInsights = new ContainerInsightsDataCollection(this, "ContainerInsights", {
      ...placement,
      ...props.containerInsights,
      cluster: { id: this.id, name: props.name },
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });

    addDiagnosticSettings(
      this,
      this.id,
      Object.fromEntries(
        Object.entries(props.diagnosticSettings ?? {}).map(([k, s]) => [
          k,
          s.logCategoryGroups || s.logCategories ? s : { ...s, logCategoryGroups: [], logCategories: [...AKS_DIAGNOSTIC_LOG_CATEGORIES] },
        ]),
      ),
    );
    addRoleAssignments(this, this.id, props.roleAssignments);
    addLock(this, this.id, props.name, props.lock);
  }
}

function apiServerConfig(api: AksApiServerProps): Partial<KubernetesClusterConfig> {
  if (!api.publicNetworkAccess) {
    // Private endpoint for the API server; AKS manages the private DNS zone ("System") and no public FQDN is kept.
    // Run command (`az aks command invoke`) would be a way around the private endpoint for anyone with the Azure
    // action: off, as the AKS baseline has it (Flux delivers the in-cluster objects).
    return { privateClusterEnabled: true, privateDnsZoneId: "System", privateClusterPublicFqdnEnabled: false, runCommandEnabled: false };
  }
  return { privateClusterEnabled: false, apiServerAccessProfile: { authorizedIpRanges: api.allowedIpRanges } };
}

function autoscalerConfig(p: AksAutoscalerProfileProps | undefined) {
  const a = { ...AKS_AUTOSCALER_DEFAULTS, ...p };
  return {
    scaleDownDelayAfterAdd: a.scaleDownDelayAfterAdd,
    scaleDownUnneeded: a.scaleDownUnneeded,
    scaleDownUtilizationThreshold: String(a.scaleDownUtilizationThreshold),
    balanceSimilarNodeGroups: a.balanceSimilarNodeGroups,
    expander: a.expander,
    skipNodesWithSystemPods: a.skipNodesWithSystemPods,
    skipNodesWithLocalStorage: a.skipNodesWithLocalStorage,
  };
}
