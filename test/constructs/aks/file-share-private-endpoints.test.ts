import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  FILE_PRIVATE_DNS_ZONE,
  FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS,
  FileSharePrivateEndpointAccess,
  FileSharePrivateEndpointRole,
  fileSharePrivateEndpointRole,
} from "../../../constructs/aks/file-share-private-endpoints";

const RG_ID = "/subscriptions/0000/resourceGroups/rg-aks";

function synth(roleDefinitionId?: string): any {
  return JSON.parse(
    Testing.synthScope((scope: Construct) => {
      new FileSharePrivateEndpointAccess(scope, "Files", {
        roleDefinitionId,
        resourceGroupName: "rg-aks",
        resourceGroupId: RG_ID,
        virtualNetwork: { name: "vnet-aks", id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-aks` },
        controlPlaneIdentity: { principalId: "${azurerm_user_assigned_identity.cp.principal_id}", principalType: "ServicePrincipal" },
        clusterName: "aks-medal-dev-weu",
      });
    }),
  );
}

describe("FileSharePrivateEndpointAccess", () => {
  test("the private DNS zone and the VNet link under the name the CSI driver looks up, so it never creates them", () => {
    const out = synth();
    expect(Object.values<any>(out.resource.azurerm_private_dns_zone)).toEqual([
      expect.objectContaining({ name: FILE_PRIVATE_DNS_ZONE, resource_group_name: "rg-aks" }),
    ]);
    expect(FILE_PRIVATE_DNS_ZONE).toBe("privatelink.file.core.windows.net");
    expect(Object.values<any>(out.resource.azurerm_private_dns_zone_virtual_network_link)).toEqual([
      expect.objectContaining({
        name: "vnet-aks-vnetlink",
        registration_enabled: false,
        virtual_network_id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-aks`,
      }),
    ]);
  });

  test("a custom role on the VNet's resource group only, with the endpoint actions the driver documents, assigned to the control plane", () => {
    const out = synth();
    const [role] = Object.values<any>(out.resource.azurerm_role_definition);
    expect(role).toMatchObject({
      name: "AKS file share private endpoints (aks-medal-dev-weu)",
      scope: RG_ID,
      assignable_scopes: [RG_ID],
      permissions: [{ actions: [...FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS] }],
    });
    // Narrower than the driver docs' Contributor: no write on zones, links, VNets, subnets or anything else.
    expect(FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS.filter((a) => a.endsWith("/write"))).toEqual([
      "Microsoft.Network/privateEndpoints/write",
      "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write",
    ]);
    expect(FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS.some((a) => a.includes("*"))).toBe(false);
    const [key] = Object.keys(out.resource.azurerm_role_definition);
    expect(Object.values<any>(out.resource.azurerm_role_assignment)).toEqual([
      expect.objectContaining({
        scope: RG_ID,
        role_definition_id: `\${azurerm_role_definition.${key}.role_definition_resource_id}`,
        principal_id: "${azurerm_user_assigned_identity.cp.principal_id}",
        principal_type: "ServicePrincipal",
      }),
    ]);
  });
});

describe("FileSharePrivateEndpointRole (created ahead by an administrator)", () => {
  const SUB = "11111111-1111-1111-1111-111111111111";

  test("the same deterministic GUID in both stacks, and the role at subscription scope with the same actions", () => {
    const role = fileSharePrivateEndpointRole("aks-medal-dev-weu", SUB);
    expect(role.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fileSharePrivateEndpointRole("aks-medal-dev-weu", SUB).guid).toBe(role.guid);
    expect(fileSharePrivateEndpointRole("aks-medal-prod-weu", SUB).guid).not.toBe(role.guid);
    expect(role.id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`);
    const out = JSON.parse(
      Testing.synthScope((scope) => new FileSharePrivateEndpointRole(scope, "Role", { clusterName: "aks-medal-dev-weu", subscriptionId: SUB })),
    );
    expect(Object.values<any>(out.resource.azurerm_role_definition)).toEqual([
      expect.objectContaining({
        role_definition_id: role.guid,
        name: role.name,
        scope: `/subscriptions/${SUB}`,
        assignable_scopes: [`/subscriptions/${SUB}`],
        permissions: [{ actions: [...FILE_SHARE_PRIVATE_ENDPOINT_ACTIONS] }],
      }),
    ]);
  });

  test("roleDefinitionId: the access construct assigns the existing role and creates none", () => {
    const { id } = fileSharePrivateEndpointRole("aks-medal-dev-weu", SUB);
    const out = synth(id);
    expect(out.resource.azurerm_role_definition).toBeUndefined();
    expect(Object.values<any>(out.resource.azurerm_role_assignment)).toEqual([expect.objectContaining({ role_definition_id: id, scope: RG_ID })]);
  });
});
