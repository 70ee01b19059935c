import { PrivateEndpoint as AzPrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Testing } from "cdktf";
import { addPrivateEndpoints, PrivateEndpoint, PrivateEndpointConstructProps } from "../../../constructs/core/private-endpoints";

const SUBNET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe";
const ZONE = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";
const TARGET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-data";
const placement = { resourceGroupName: "rg", location: "westeurope" };

const baseProps: PrivateEndpointConstructProps = {
  ...placement,
  subnetId: SUBNET,
  privateDnsZoneIds: [ZONE],
  targetResourceId: TARGET,
  targetResourceName: "kv-data",
  subresourceName: "vault",
};

function synth(props: Partial<PrivateEndpointConstructProps> = {}): string {
  return Testing.synthScope((scope) => {
    new PrivateEndpoint(scope, "Pe", { ...baseProps, ...props });
  });
}

describe("PrivateEndpoint", () => {
  test("defaults", () => {
    expect(synth()).toHaveResourceWithProperties(AzPrivateEndpoint, {
      name: "pe-kv-data-vault",
      location: "westeurope",
      resource_group_name: "rg",
      subnet_id: SUBNET,
      custom_network_interface_name: "pe-kv-data-vault-nic",
      private_service_connection: {
        name: "psc-kv-data-vault",
        private_connection_resource_id: TARGET,
        subresource_names: ["vault"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [ZONE] },
    });
  });

  test("name overrides the endpoint and NIC names", () => {
    expect(synth({ name: "pe-custom" })).toHaveResourceWithProperties(AzPrivateEndpoint, {
      name: "pe-custom",
      custom_network_interface_name: "pe-custom-nic",
    });
  });

  test("derived names lower-case the sub-resource, the group id keeps its case", () => {
    expect(synth({ subresourceName: "sqlServer", targetResourceName: "sql-x" })).toHaveResourceWithProperties(AzPrivateEndpoint, {
      name: "pe-sql-x-sqlserver",
      private_service_connection: expect.objectContaining({ name: "psc-sql-x-sqlserver", subresource_names: ["sqlServer"] }),
    });
  });

  test("tags are passed through", () => {
    expect(synth({ tags: { app: "lake" } })).toHaveResourceWithProperties(AzPrivateEndpoint, { tags: { app: "lake" } });
  });
});

describe("addPrivateEndpoints", () => {
  test("no endpoints by default", () => {
    let created: PrivateEndpoint[] = [];
    const out = Testing.synthScope((scope) => {
      created = addPrivateEndpoints(scope, { id: TARGET, name: "kv-data", subresourceName: "vault", placement }, undefined);
    });
    expect(created).toEqual([]);
    expect(JSON.parse(out).resource?.azurerm_private_endpoint).toBeUndefined();
  });

  test("one endpoint per key, as child PrivateEndpoint-<key>, for the target's sub-resource", () => {
    let created: PrivateEndpoint[] = [];
    const out = Testing.synthScope((scope) => {
      created = addPrivateEndpoints(
        scope,
        { id: TARGET, name: "kv-data", subresourceName: "vault", placement },
        {
          primary: { subnetId: SUBNET, privateDnsZoneIds: [ZONE] },
        },
      );
    });
    expect(created.map((p) => p.node.id)).toEqual(["PrivateEndpoint-primary"]);
    expect(out).toHaveResourceWithProperties(AzPrivateEndpoint, {
      name: "pe-kv-data-vault",
      location: "westeurope",
      private_service_connection: expect.objectContaining({ private_connection_resource_id: TARGET, subresource_names: ["vault"] }),
    });
  });
});
