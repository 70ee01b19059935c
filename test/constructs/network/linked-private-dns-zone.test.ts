import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Testing } from "cdktf";
import { LinkedPrivateDnsZone } from "../../../constructs/network/linked-private-dns-zone";

describe("LinkedPrivateDnsZone", () => {
  test("the zone, linked to the network without auto-registration", () => {
    const out = Testing.synthScope((scope) => {
      new LinkedPrivateDnsZone(scope, "Zone", {
        zoneName: "privatelink.azurecr.io",
        resourceGroupName: "rg-aks",
        virtualNetwork: { name: "vnet-aks", id: "/vnet" },
        tags: { a: "b" },
      });
    });
    expect(out).toHaveResourceWithProperties(PrivateDnsZone, { name: "privatelink.azurecr.io", resource_group_name: "rg-aks", tags: { a: "b" } });
    expect(out).toHaveResourceWithProperties(PrivateDnsZoneVirtualNetworkLink, {
      name: "link-vnet-aks",
      virtual_network_id: "/vnet",
      registration_enabled: false,
    });
  });
});
