import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Construct } from "constructs";
import { IVirtualNetwork } from "../core/interfaces";

/** Props of {@link LinkedPrivateDnsZone}. */
export interface LinkedPrivateDnsZoneProps {
  /** The zone, e.g. `privatelink.vaultcore.azure.net`. */
  readonly zoneName: string;
  readonly resourceGroupName: string;
  /** The network that resolves the zone (the link is named `link-<network name>`). */
  readonly virtualNetwork: IVirtualNetwork;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A private DNS zone for private endpoints, linked (without auto-registration) to the network that uses them.
 *
 * @example
 * ```ts
 * const zone = new LinkedPrivateDnsZone(this, "RegistryDnsZone", {
 *   zoneName: "privatelink.azurecr.io",
 *   resourceGroupName: rg.name,
 *   virtualNetwork: aksNetwork,
 * });
 * ```
 */
export class LinkedPrivateDnsZone extends Construct {
  public readonly id: string;

  constructor(scope: Construct, id: string, props: LinkedPrivateDnsZoneProps) {
    super(scope, id);
    const zone = new PrivateDnsZone(this, "Zone", { name: props.zoneName, resourceGroupName: props.resourceGroupName, tags: props.tags });
    new PrivateDnsZoneVirtualNetworkLink(this, "ZoneLink", {
      name: `link-${props.virtualNetwork.name}`,
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.virtualNetwork.id,
      registrationEnabled: false,
      tags: props.tags,
    });
    this.id = zone.id;
  }
}
