import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Construct } from "constructs";
import { IPrincipal, IVirtualNetwork } from "../core/interfaces";
import { deterministicGuid } from "../core/role-assignments";

/**
 * What the Azure Files CSI driver does for a StorageClass with `networkEndpointType: privateEndpoint`
 * (kubernetes-sigs/azurefile-csi-driver, cloud-provider-azure `EnsureStorageAccount`), acting as the cluster's
 * control-plane identity: it looks up the `privatelink.file.core.windows.net` zone and the VNet link
 * `<vnet>-vnetlink` in the VNet's resource group and creates them only when absent; then it creates, in that
 * resource group, the storage account's private endpoint in the named subnet and the endpoint's DNS zone group.
 * The storage account itself goes to the node resource group, where AKS already grants the identity Contributor.
 *
 * The driver's docs ask for Contributor on the VNet's resource group. This construct grants less: it creates the
 * zone and the link itself (so the driver only reads them), and a custom role, on that resource group only, with
 * the actions the driver's own docs list for this mode minus those for the zone and link it no longer creates.
 * Joining the node subnet is already granted by the cluster (Network Contributor on each node subnet).
 */
export const FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS = [
  "Microsoft.Network/privateEndpoints/read",
  "Microsoft.Network/privateEndpoints/write",
  "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read",
  "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write",
  "Microsoft.Network/privateDnsZones/read",
  "Microsoft.Network/privateDnsZones/join/action",
  "Microsoft.Network/privateDnsZones/virtualNetworkLinks/read",
  "Microsoft.Network/networkSecurityGroups/join/action",
  "Microsoft.Network/locations/operations/read",
] as const;

/** The zone the driver resolves storage accounts' file endpoints in. */
export const FILE_PRIVATE_DNS_ZONE = "privatelink.file.core.windows.net";

/**
 * The custom role of a cluster when an administrator creates it ahead (the `bootstrap` stack, so that pipelines need
 * no right to write role definitions): its name (unique per tenant) and a GUID derived from the name, so both
 * stacks agree on the id without a lookup.
 */
export function fileSharePrivateEndpointRole(clusterName: string, subscriptionId: string) {
  const name = `AKS file share private endpoints (${clusterName})`;
  const guid = deterministicGuid(name);
  return { name, guid, id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}` };
}

/** Props of {@link FileSharePrivateEndpointRole}. */
export interface FileSharePrivateEndpointRoleProps {
  /** Name of the cluster the role is for. */
  readonly clusterName: string;
  /** The cluster's subscription: scope and assignable scope of the role. */
  readonly subscriptionId: string;
}

/**
 * The cluster's custom role at subscription scope, created ahead with the id {@link fileSharePrivateEndpointRole} gives.
 *
 * @example
 * ```ts
 * new FileSharePrivateEndpointRole(this, "FileShareRole", { clusterName: "aks-platform-dev", subscriptionId: "00000000-0000-0000-0000-00000000000b" });
 * ```
 */
export class FileSharePrivateEndpointRole extends Construct {
  public readonly resource: RoleDefinition;
  public readonly guid: string;

  constructor(scope: Construct, id: string, props: FileSharePrivateEndpointRoleProps) {
    super(scope, id);
    const role = fileSharePrivateEndpointRole(props.clusterName, props.subscriptionId);
    this.guid = role.guid;
    const subscription = `/subscriptions/${props.subscriptionId}`;
    this.resource = new RoleDefinition(this, "Resource", {
      roleDefinitionId: role.guid,
      name: role.name,
      description: ROLE_DESCRIPTION,
      scope: subscription,
      assignableScopes: [subscription],
      permissions: [{ actions: [...FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS] }],
    });
  }
}

const ROLE_DESCRIPTION = "Azure Files CSI driver of the AKS cluster: private endpoints of file share storage accounts in the VNet's resource group";

/** Props of {@link FileSharePrivateEndpointAccess}. */
export interface FileSharePrivateEndpointAccessProps {
  /** Resource group of the cluster's VNet (where the driver creates the endpoints). */
  readonly resourceGroupName: string;
  /** Resource id of that resource group (scope and assignable scope of the role). */
  readonly resourceGroupId: string;
  /** The cluster's VNet (the link is named `<vnet name>-vnetlink`, as the driver looks it up). */
  readonly virtualNetwork: IVirtualNetwork;
  /** The cluster's control-plane identity (the driver runs as it). */
  readonly controlPlaneIdentity: IPrincipal;
  /** Name of the cluster: names the custom role, which is unique per tenant. */
  readonly clusterName: string;
  /**
   * Resource id of the custom role, created ahead by an administrator ({@link FileSharePrivateEndpointRole}).
   * @default - the construct creates the role, assignable on the VNet's resource group only
   */
  readonly roleDefinitionId?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Lets the AKS-managed Azure Files CSI driver give each file share's storage account a private endpoint: the
 * private DNS zone and its VNet link, and the least rights the driver needs on the VNet's resource group.
 *
 * @example
 * ```ts
 * new FileSharePrivateEndpointAccess(this, "FileSharePrivateEndpoints", {
 *   resourceGroupName: rg.name,
 *   resourceGroupId: rg.id,
 *   virtualNetwork: aksNetwork,
 *   controlPlaneIdentity: cluster.controlPlaneIdentity,
 *   clusterName: "aks-platform-dev",
 * });
 * ```
 */
export class FileSharePrivateEndpointAccess extends Construct {
  public readonly zone: PrivateDnsZone;
  public readonly link: PrivateDnsZoneVirtualNetworkLink;
  /** The custom role, when this construct created it. */
  public readonly role?: RoleDefinition;
  public readonly assignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: FileSharePrivateEndpointAccessProps) {
    super(scope, id);
    this.zone = new PrivateDnsZone(this, "Zone", { name: FILE_PRIVATE_DNS_ZONE, resourceGroupName: props.resourceGroupName, tags: props.tags });
    this.link = new PrivateDnsZoneVirtualNetworkLink(this, "ZoneLink", {
      // The name the driver looks up (`<vnetName>-vnetlink`): found, so never created a second time.
      name: `${props.virtualNetwork.name}-vnetlink`,
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: this.zone.name,
      virtualNetworkId: props.virtualNetwork.id,
      registrationEnabled: false,
      tags: props.tags,
    });
    this.role = props.roleDefinitionId
      ? undefined
      : new RoleDefinition(this, "Role", {
          name: `AKS file share private endpoints (${props.clusterName})`,
          description: ROLE_DESCRIPTION,
          scope: props.resourceGroupId,
          assignableScopes: [props.resourceGroupId],
          permissions: [{ actions: [...FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS] }],
        });
    this.assignment = new RoleAssignment(this, "Assignment", {
      scope: props.resourceGroupId,
      roleDefinitionId: props.roleDefinitionId ?? this.role!.roleDefinitionResourceId,
      principalId: props.controlPlaneIdentity.principalId,
      principalType: props.controlPlaneIdentity.principalType,
      description: "Azure Files CSI driver creates file shares' private endpoints",
    });
  }
}
