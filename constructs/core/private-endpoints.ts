import { PrivateEndpoint as AzPrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";
import { PrivateEndpointProps, ResourcePlacement } from "./interfaces";

/** Props of {@link PrivateEndpoint}. */
export interface PrivateEndpointConstructProps extends ResourcePlacement, PrivateEndpointProps {
  /** Resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** Name of the target resource, used to derive the endpoint name. */
  readonly targetResourceName: string;
  /** Sub-resource (group id), e.g. "dfs", "blob", "sqlServer", "dataFactory", "vault", "databricks_ui_api". */
  readonly subresourceName: string;
}

/**
 * A private endpoint with its DNS zone group: the target becomes reachable on a private IP in `subnetId`, and its
 * privatelink name resolves there through the linked private DNS zones. Used by every construct that offers
 * `privateEndpoints`.
 *
 * @example
 * ```ts
 * new PrivateEndpoint(this, "VaultEndpoint", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   subnetId: network.privateEndpointSubnet.id,
 *   privateDnsZoneIds: [network.privateDnsZoneIds.vault],
 *   targetResourceId: vault.id,
 *   targetResourceName: vault.name,
 *   subresourceName: "vault",
 * });
 * ```
 */
export class PrivateEndpoint extends Construct {
  public readonly resource: AzPrivateEndpoint;

  constructor(scope: Construct, id: string, props: PrivateEndpointConstructProps) {
    super(scope, id);
    const name = props.name ?? `pe-${props.targetResourceName}-${props.subresourceName.toLowerCase()}`;
    this.resource = new AzPrivateEndpoint(this, "Resource", {
      name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      customNetworkInterfaceName: `${name}-nic`,
      tags: props.tags,
      privateServiceConnection: {
        name: `psc-${props.targetResourceName}-${props.subresourceName.toLowerCase()}`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresourceName],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: props.privateDnsZoneIds },
    });
  }
}

/**
 * Creates the `privateEndpoints` record of a construct for one sub-resource, each as child
 * `PrivateEndpoint-<key>`.
 */
export function addPrivateEndpoints(
  scope: Construct,
  target: { id: string; name: string; subresourceName: string; placement: ResourcePlacement },
  endpoints: Record<string, PrivateEndpointProps> | undefined,
): PrivateEndpoint[] {
  return Object.entries(endpoints ?? {}).map(
    ([key, pe]) =>
      new PrivateEndpoint(scope, `PrivateEndpoint-${key}`, {
        ...target.placement,
        ...pe,
        targetResourceId: target.id,
        targetResourceName: target.name,
        subresourceName: target.subresourceName,
      }),
  );
}
