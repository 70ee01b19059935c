import { ContainerRegistry as AzContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, IPrincipal, LockProps, ResourcePlacement, SinglePrivateEndpoint } from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { grantRole } from "../core/role-assignments";
import { checkPattern } from "../core/validation";
import { addPrivateEndpoints } from "../core/private-endpoints";
import { AzureResource } from "../core/azure-resource";

/** The private DNS zone of container registry endpoints (Azure public cloud). */
export const REGISTRY_PRIVATE_DNS_ZONE = "privatelink.azurecr.io";

/** `<name>.azurecr.io`, what image references of a registry start with (Azure's public cloud). */
export function registryLoginServer(name: string): string {
  return `${name.toLowerCase()}.azurecr.io`;
}

/** Props of {@link ContainerRegistry}. */
export interface ContainerRegistryProps extends ResourcePlacement {
  /** Globally unique name: 5-50 letters and digits. */
  readonly name: string;
  /** The private endpoint (`registry`, which also serves the dedicated data endpoint): a subnet and the zone's id. */
  readonly privateEndpoint: SinglePrivateEndpoint;
  /**
   * Zone redundancy (cannot change after creation: azurerm replaces the registry, and its images with it). Microsoft
   * makes registries zone-redundant by default in regions with zones; `false` is for a region without them.
   * @default true
   */
  readonly zoneRedundant?: boolean;
  /** @default {} */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
}

export const CONTAINER_REGISTRY_DEFAULTS = {
  zoneRedundant: true,
} as const satisfies Partial<ContainerRegistryProps>;

/**
 * The environment's container registry, which its clusters pull every application image from: Premium (private
 * endpoint, dedicated data endpoint, export policy), no admin user (no password exists), no anonymous pull, public
 * network access off, export off (images cannot be copied out of it, e.g. by `az acr import` into another
 * registry). Trusted Azure services pass its network rules: `az acr import` brings images in as one, and Microsoft
 * Defender for Cloud scans them as one (Microsoft Learn, "Import container images" and "Allow trusted services").
 * No retention policy: it is a preview, and it would delete an untagged manifest that a pod still pins by digest.
 *
 * @example
 * ```ts
 * const registry = new ContainerRegistry(this, "Registry", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "crplatformdev",
 *   privateEndpoint: { subnetId: aksNetwork.privateEndpointSubnetId!, privateDnsZoneId: registryZone.id },
 * });
 * registry.grantPull(cluster.kubeletIdentity, "kubelet");
 * ```
 */
export class ContainerRegistry extends AzureResource {
  public readonly resource: AzContainerRegistry;
  public readonly id: string;
  public readonly name: string;
  /** `<name>.azurecr.io`: what image references start with (derived from the name, so it is known at synth). */
  public readonly loginServer: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    checkPattern(this, "name", props.name, /^[a-zA-Z0-9]{5,50}$/, "5-50 letters and digits");

    this.resource = new AzContainerRegistry(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      sku: "Premium",
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      exportPolicyEnabled: false,
      dataEndpointEnabled: true,
      zoneRedundancyEnabled: props.zoneRedundant ?? CONTAINER_REGISTRY_DEFAULTS.zoneRedundant,
      networkRuleBypassOption: "AzureServices",
    });
    this.id = this.resource.id;
    this.name = props.name;
    this.loginServer = registryLoginServer(props.name);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    addPrivateEndpoints(
      this,
      { id: this.id, name: props.name, subresourceName: "registry", placement },
      {
        registry: { subnetId: props.privateEndpoint.subnetId, privateDnsZoneIds: [props.privateEndpoint.privateDnsZoneId] },
      },
    );
    addDiagnosticSettings(this, this.id, props.diagnosticSettings);
    addLock(this, this.id, props.name, props.lock);
  }

  /** Lets `principal` pull images ("AcrPull" on the registry), e.g. a cluster's kubelet identity. */
  public grantPull(principal: IPrincipal, key: string): RoleAssignment {
    return grantRole(this, `Pull-${key}`, this.id, "AcrPull", principal, "Pull images");
  }
}
