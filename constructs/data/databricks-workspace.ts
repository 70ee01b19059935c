import { DatabricksAccessConnector } from "@cdktf/provider-azurerm/lib/databricks-access-connector";
import { DatabricksWorkspace as AzDatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import {
  DiagnosticSettingsProps,
  INsgAssociatedSubnet,
  IPrincipal,
  LockProps,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentsProps,
} from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { addRoleAssignments } from "../core/role-assignments";
import { checkPattern, collectProblems, GUID, isKnown, propError, warnOptOut } from "../core/validation";
import { CustomerManagedKeyProps, checkCustomerManagedKey, grantKeyEncryption, keyVaultKeyUrl } from "../security/customer-managed-key";
import { addPrivateEndpoints } from "../core/private-endpoints";
import { STORAGE_ACCOUNT_NAME } from "../core/storage-account-baseline";
import { AzureResource } from "../core/azure-resource";

/** Props of {@link DatabricksWorkspace}. */
export interface DatabricksWorkspaceProps extends ResourcePlacement {
  /** Workspace name: 3-64 letters, digits, underscores and hyphens. */
  readonly name: string;
  /**
   * Name of the resource group Databricks creates and manages for the workspace (clusters, DBFS storage). It must
   * not exist yet and must differ from `resourceGroupName`.
   * @default "databricks-rg-<name>"
   */
  readonly managedResourceGroupName?: string;
  /**
   * Name of the workspace's DBFS root storage account (in the managed resource group). Naming it lets an egress
   * firewall allow exactly that account; setting or changing it replaces the workspace (the provider marks it
   * ForceNew), so adopt an existing workspace's current name.
   * @default - a name Databricks generates (`dbstorage<random>`)
   */
  readonly storageAccountName?: string;
  /** Resource id of the VNet the workspace is injected into (VNet injection). */
  readonly virtualNetworkId: string;
  /**
   * The host ("public") subnet, delegated to `Microsoft.Databricks/workspaces`. With secure cluster connectivity it
   * has no public IPs despite the Azure name. The workspace names it and depends on its `associations`: without
   * that, Azure could see Databricks apply its network intent policy while an association rewrites the subnet.
   */
  readonly hostSubnet: INsgAssociatedSubnet;
  /** The container ("private") subnet, delegated to `Microsoft.Databricks/workspaces` (as `hostSubnet`). */
  readonly containerSubnet: INsgAssociatedSubnet;
  /**
   * Opt-out: allow the workspace UI/API from the internet and let Databricks manage all NSG rules (`AllRules`).
   * When false the workspace is reachable only through private endpoints (front-end `databricks_ui_api`, and the
   * clusters reach the control plane through a back-end `databricks_ui_api` endpoint), so `privateEndpoints` (or
   * endpoints created elsewhere, e.g. in a transit VNet) are needed before the workspace is usable.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Double encryption of DBFS root storage at the infrastructure layer. Cannot be changed after creation.
   * @default true
   */
  readonly infrastructureEncryptionEnabled?: boolean;
  /**
   * Terraform `prevent_destroy` on the workspace: a plan that would delete or replace it (VNet-injection
   * parameters and infrastructure encryption force replacement, losing clusters, jobs, notebooks and the
   * workspace's DBFS root) fails instead. Set it in production.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Name of the Databricks access connector (the managed identity Unity Catalog uses to reach storage).
   * @default "dbac-<name>"
   */
  readonly accessConnectorName?: string;
  /**
   * Diagnostic settings of the workspace.
   * @default {} - no diagnostic settings
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /**
   * Management lock on the workspace.
   * @default - no lock
   */
  readonly lock?: LockProps;
  /**
   * Role assignments on the workspace.
   * @default {} - none
   */
  readonly roleAssignments?: RoleAssignmentsProps;
  /**
   * Private endpoints for the `databricks_ui_api` sub-resource (front-end and/or back-end private link).
   * @default {} - none
   */
  readonly privateEndpoints?: Record<string, PrivateEndpointProps>;
  /**
   * Private endpoints for the `browser_authentication` sub-resource (web SSO callbacks over private link). Azure
   * needs one per region and private DNS zone, shared by all workspaces there, so create it on one workspace only.
   * @default {} - none
   */
  readonly browserAuthenticationPrivateEndpoints?: Record<string, PrivateEndpointProps>;
  /**
   * Encrypt the workspace's managed services (notebooks, secrets, queries in the control plane) and its clusters'
   * managed disks with a customer-managed key. The DBFS root keeps Microsoft-managed keys with infrastructure
   * encryption.
   * @default - Microsoft-managed keys
   */
  readonly customerManagedKey?: DatabricksCustomerManagedKeyProps;
}

/**
 * The customer-managed key of a Databricks workspace. Databricks unwraps it with identities of its own, not a
 * user-assigned one: the "AzureDatabricks" application for managed services (granted here, before the workspace),
 * and the managed disk identity of the disk encryption set Databricks creates with the workspace, which the caller
 * grants with {@link grantManagedDiskKey} once the workspace exists: azurerm exports that identity only after the
 * key is set, so an existing workspace cannot refer to it in the plan that adds the key.
 */
export interface DatabricksCustomerManagedKeyProps extends Omit<CustomerManagedKeyProps, "userAssignedIdentity" | "dependsOn" | "keyVersion"> {
  /** The key version (azurerm accepts only a versioned key id here); rotate by giving the next one. */
  readonly keyVersion: string;
  /**
   * Object id of the "AzureDatabricks" enterprise application (app id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) in the
   * tenant: `az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id`.
   */
  readonly azureDatabricksPrincipalId: string;
}

/** Secure defaults of {@link DatabricksWorkspace}; each is asserted by a test. */
export const DATABRICKS_WORKSPACE_DEFAULTS = {
  publicNetworkAccess: false,
  infrastructureEncryptionEnabled: true,
  preventDestroy: false,
} as const satisfies Partial<DatabricksWorkspaceProps>;

/** Settings that are not configurable: Premium (needed for Unity Catalog, private link, CMK) and no public IPs. */
export const DATABRICKS_WORKSPACE_FIXED = {
  sku: "premium",
  /** Secure cluster connectivity: cluster nodes get no public IPs. */
  noPublicIp: true,
} as const;

const WORKSPACE_NAME = /^[a-zA-Z0-9_-]{3,64}$/;
const ACCESS_CONNECTOR_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * An Azure Databricks workspace (Premium, VNet-injected, secure cluster connectivity, private by default) with a
 * Databricks access connector whose system-assigned identity Unity Catalog uses to reach ADLS (grant it the
 * blob data roles on the filesystems it uses and "Storage Blob Delegator" on the account, through the lake's grants).
 *
 * @example
 * ```ts
 * const workspace = new DatabricksWorkspace(this, "Databricks", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "dbw-data-dev",
 *   virtualNetworkId: network.id,
 *   hostSubnet: network.databricksHostSubnet,
 *   containerSubnet: network.databricksContainerSubnet,
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class DatabricksWorkspace extends AzureResource {
  /** The `azurerm_databricks_workspace`. */
  public readonly resource: AzDatabricksWorkspace;
  /** Azure resource id of the workspace. */
  public readonly id: string;
  /** Name of the workspace. */
  public readonly name: string;
  /** Databricks workspace id (the numeric id used by the Databricks provider and APIs). */
  public readonly workspaceId: string;
  /** Workspace URL (`adb-<id>.<n>.azuredatabricks.net`, without scheme). */
  public readonly workspaceUrl: string;
  /** The access connector: its system-assigned identity is the Unity Catalog storage credential. */
  public readonly accessConnector: IPrincipal & { readonly id: string };

  constructor(scope: Construct, id: string, props: DatabricksWorkspaceProps) {
    super(scope, id);
    const allowPublic = props.publicNetworkAccess ?? DATABRICKS_WORKSPACE_DEFAULTS.publicNetworkAccess;
    const infraEncryption = props.infrastructureEncryptionEnabled ?? DATABRICKS_WORKSPACE_DEFAULTS.infrastructureEncryptionEnabled;
    const managedResourceGroupName = props.managedResourceGroupName ?? `databricks-rg-${props.name}`;
    const accessConnectorName = props.accessConnectorName ?? `dbac-${props.name}`;
    this.validate(props, managedResourceGroupName, accessConnectorName);

    if (allowPublic) {
      warnOptOut(this, "publicNetworkAccess", "the workspace UI and REST API are reachable from the internet (NSG rules: AllRules); rely on IP access lists.");
    }
    if (!infraEncryption) {
      warnOptOut(this, "infrastructureEncryptionEnabled", "DBFS root storage is encrypted once, not twice (cannot be changed later).");
    }

    const cmk = props.customerManagedKey;
    // Databricks checks its access to the managed-services key when the workspace is created.
    const servicesKeyAccess =
      cmk && grantKeyEncryption(this, "ManagedServicesKey", cmk, { principalId: cmk.azureDatabricksPrincipalId, principalType: "ServicePrincipal" });

    const connector = new DatabricksAccessConnector(this, "AccessConnector", {
      name: accessConnectorName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      identity: { type: "SystemAssigned" },
      tags: props.tags,
    });
    this.accessConnector = {
      id: connector.id,
      principalId: connector.identity.principalId,
      principalType: "ServicePrincipal",
    };

    this.resource = new AzDatabricksWorkspace(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: DATABRICKS_WORKSPACE_FIXED.sku,
      managedResourceGroupName,
      publicNetworkAccessEnabled: allowPublic,
      networkSecurityGroupRulesRequired: allowPublic ? "AllRules" : "NoAzureDatabricksRules",
      infrastructureEncryptionEnabled: infraEncryption,
      customParameters: {
        noPublicIp: DATABRICKS_WORKSPACE_FIXED.noPublicIp,
        virtualNetworkId: props.virtualNetworkId,
        publicSubnetName: props.hostSubnet.name,
        privateSubnetName: props.containerSubnet.name,
        publicSubnetNetworkSecurityGroupAssociationId: props.hostSubnet.networkSecurityGroupAssociationId,
        privateSubnetNetworkSecurityGroupAssociationId: props.containerSubnet.networkSecurityGroupAssociationId,
        storageAccountName: props.storageAccountName,
      },
      ...(cmk && {
        managedServicesCmkKeyVaultId: cmk.keyVaultResourceId,
        managedServicesCmkKeyVaultKeyId: keyVaultKeyUrl(this, "customerManagedKey", cmk),
        managedDiskCmkKeyVaultId: cmk.keyVaultResourceId,
        managedDiskCmkKeyVaultKeyId: keyVaultKeyUrl(this, "customerManagedKey", cmk),
        // Following the latest version would make the versioned id azurerm stores drift after each rotation.
        managedDiskCmkRotationToLatestVersionEnabled: false,
      }),
      tags: props.tags,
      dependsOn: nonEmpty([...props.hostSubnet.associations, ...props.containerSubnet.associations, ...(servicesKeyAccess ? [servicesKeyAccess] : [])]),
      lifecycle: (props.preventDestroy ?? DATABRICKS_WORKSPACE_DEFAULTS.preventDestroy) ? { preventDestroy: true } : undefined,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;
    this.workspaceId = this.resource.workspaceId;
    this.workspaceUrl = this.resource.workspaceUrl;

    const placement = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    // Workspaces export logs only: there is no metric category to send.
    addDiagnosticSettings(this, this.id, props.diagnosticSettings, { metricCategories: [] });
    addLock(this, this.id, props.name, props.lock);
    addRoleAssignments(this, this.id, props.roleAssignments);
    const uiApi = addPrivateEndpoints(this, { id: this.id, name: props.name, subresourceName: "databricks_ui_api", placement }, props.privateEndpoints);
    if (Object.keys(props.browserAuthenticationPrivateEndpoints ?? {}).length > 0) {
      const browserAuth = addPrivateEndpoints(
        new Construct(this, "BrowserAuthentication"),
        { id: this.id, name: props.name, subresourceName: "browser_authentication", placement },
        props.browserAuthenticationPrivateEndpoints,
      );
      // Each endpoint adds a connection to the workspace's private endpoint connections: create them one at a time,
      // so two writes to the same private link resource never race (at the cost of one endpoint's creation time).
      for (const pe of browserAuth) pe.resource.dependsOn = uiApi.map((u) => dependable(u.resource));
    }
  }

  private validate(props: DatabricksWorkspaceProps, managedResourceGroupName: string, accessConnectorName: string): void {
    const [host, container] = [props.hostSubnet.name, props.containerSubnet.name];
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, WORKSPACE_NAME, "3-64 letters, digits, underscores or hyphens"),
      () => checkPattern(this, "storageAccountName", props.storageAccountName, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      () => checkCustomerManagedKey(this, "customerManagedKey", props.customerManagedKey),
      () =>
        checkPattern(
          this,
          "customerManagedKey.azureDatabricksPrincipalId",
          props.customerManagedKey?.azureDatabricksPrincipalId,
          GUID,
          "a GUID (the AzureDatabricks application's object id in the tenant)",
        ),
      () => checkPattern(this, "accessConnectorName", accessConnectorName, ACCESS_CONNECTOR_NAME, "1-64 letters, digits, underscores or hyphens"),
      () => {
        if (
          isKnown(managedResourceGroupName) &&
          isKnown(props.resourceGroupName) &&
          managedResourceGroupName.toLowerCase() === props.resourceGroupName.toLowerCase()
        ) {
          throw propError(
            this,
            "managedResourceGroupName",
            "must differ from resourceGroupName (Databricks creates and locks it)",
            managedResourceGroupName,
            "leave managedResourceGroupName unset or choose a resource group name that does not exist yet.",
          );
        }
      },
      () => {
        if (isKnown(host) && isKnown(container) && host === container) {
          throw propError(
            this,
            "containerSubnet.name",
            "must differ from hostSubnet.name (Databricks needs two delegated subnets)",
            container,
            "pass the two Databricks subnets of the network construct.",
          );
        }
      },
    ]);
  }
}

/**
 * Lets a workspace's managed disk identity (`managed_disk_identity[0].principal_id`, read from the workspace once it
 * has its key, e.g. through `data.azurerm_databricks_workspace`) wrap and unwrap with the key (child `Grant-<key>`).
 * Until then, clusters cannot start: their data disks cannot be encrypted.
 */
export function grantManagedDiskKey(scope: Construct, key: string, cmk: DatabricksCustomerManagedKeyProps, managedDiskPrincipalId: string) {
  return grantKeyEncryption(scope, key, cmk, { principalId: managedDiskPrincipalId, principalType: "ServicePrincipal" });
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length ? items : undefined;
}
