/** Fixtures of the identity rules. */
import { databricks, res, RuleCaseTable, storage, view } from "../fixtures";

const DEV = "dev-data";
const WORKSPACE_REF = "${azurerm_databricks_workspace.databricks.id}";
const grant = (role: Record<string, any>, scope: string, overrides: Record<string, any> = {}, name = "grant") =>
  res("azurerm_role_assignment", name, `${DEV}/Platform/Grant-${name}`, {
    principal_id: "${azurerm_user_assigned_identity.id.principal_id}",
    principal_type: "ServicePrincipal",
    scope,
    ...role,
    ...overrides,
  });
const PATH = `${DEV}/Platform/Grant-grant`;
const ZONE_ID = "/subscriptions/s/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/contoso.com";

export const IDENTITY_CASES: RuleCaseTable = {
  "IAM-001": {
    compliant: {
      "a data-plane role on the lake": view(DEV, [
        storage(DEV),
        grant({ role_definition_name: "Storage Blob Data Contributor" }, "${azurerm_storage_account.lake.id}"),
      ]),
      "Contributor on a resource group is not this rule's": view(DEV, [grant({ role_definition_name: "Contributor" }, "${azurerm_resource_group.rg.id}")]),
      "Contributor on the workspace for a group of people": view(DEV, [
        databricks(DEV),
        grant({ role_definition_name: "Contributor" }, WORKSPACE_REF, { principal_type: "Group" }),
      ]),
      "RBAC Administrator on a container, constrained by a condition": view(DEV, [
        grant(
          { role_definition_name: "Role Based Access Control Administrator" },
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/gitops",
          {
            condition:
              "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {2a2b9908-6ea1-4ae2-8e65-a410df84e7d1}))",
            condition_version: "2.0",
          },
        ),
      ]),
    },
    violating: {
      "Contributor on the Databricks workspace for a managed identity": {
        view: view(DEV, [databricks(DEV), grant({ role_definition_name: "Contributor" }, WORKSPACE_REF)]),
        expected: [{ path: PATH, message: /^grants "Contributor" on a data resource to a service principal$/ }],
      },
      "Owner by built-in id on a literal Key Vault id": {
        view: view(DEV, [
          grant(
            { role_definition_id: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635" },
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
            { principal_type: undefined },
          ),
        ]),
        expected: [{ path: PATH, message: /^grants "Owner" on a data resource to a principal of unknown type$/ }],
      },
      "Key Vault Contributor on a literal vault id (the service's own Contributor)": {
        view: view(DEV, [
          grant({ role_definition_name: "Key Vault Contributor" }, "/subscriptions/s/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-keys"),
        ]),
        expected: [{ path: PATH, message: /^grants "Key Vault Contributor" on a data resource to a service principal$/ }],
      },
      "Storage Account Contributor by built-in id on the lake": {
        view: view(DEV, [
          storage(DEV),
          grant(
            { role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/17d1049b-9a84-46fb-8f53-869881c3d3ab" },
            "${azurerm_storage_account.lake.id}",
          ),
        ]),
        expected: [{ path: PATH, message: /^grants "Storage Account Contributor" on a data resource/ }],
      },
      "Data Factory Contributor on the factory": {
        view: view(DEV, [
          grant({ role_definition_name: "Data Factory Contributor" }, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf"),
        ]),
        expected: [{ path: PATH, message: /^grants "Data Factory Contributor" on a data resource/ }],
      },
      "unconstrained User Access Administrator on the lake": {
        view: view(DEV, [storage(DEV), grant({ role_definition_name: "User Access Administrator" }, "${azurerm_storage_account.lake.id}")]),
        expected: [{ path: PATH, message: /^grants "User Access Administrator" on a data resource/ }],
      },
    },
  },
  "IAM-002": {
    compliant: {
      "a TXT-only custom role on a referenced record set": view(DEV, [
        res("azurerm_dns_txt_record", "acme", `${DEV}/Acme/Record`, { name: "_acme-challenge.shop", zone_name: "contoso.com" }),
        grant({ role_definition_id: "${azurerm_role_definition.acme.role_definition_resource_id}" }, "${azurerm_dns_txt_record.acme.id}"),
      ]),
      "DNS Zone Contributor on a literal record set": view(DEV, [grant({ role_definition_name: "DNS Zone Contributor" }, `${ZONE_ID}/TXT/_acme-challenge`)]),
      "Reader on a zone": view(DEV, [grant({ role_definition_name: "Reader" }, ZONE_ID)]),
      "a storage role is not a DNS role": view(DEV, [grant({ role_definition_name: "Storage Blob Data Reader" }, "${azurerm_resource_group.rg.id}")]),
      "a data role on another resource group of a stack with DNS records": view(DEV, [
        res("azurerm_dns_txt_record", "acme", `${DEV}/Acme/Record`, { name: "_acme-challenge.shop", zone_name: "contoso.com", resource_group_name: "rg-dns" }),
        grant({ role_definition_name: "Storage Blob Data Reader" }, "/subscriptions/s/resourceGroups/rg-data"),
      ]),
    },
    violating: {
      "DNS Zone Contributor on the zone": {
        view: view(DEV, [grant({ role_definition_name: "DNS Zone Contributor" }, ZONE_ID)]),
        expected: [{ path: PATH, message: /^grants "DNS Zone Contributor" above a single record set$/ }],
      },
      "Private DNS Zone Contributor by id on a resource group": {
        view: view(DEV, [
          grant(
            { role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/b12aa53e-6015-4669-85d0-8515ebb3ae7f" },
            "/subscriptions/s/resourceGroups/rg-dns",
          ),
        ]),
        expected: [{ path: PATH, message: /^grants "Private DNS Zone Contributor" above a single record set$/ }],
      },
      "the ACME custom role on the resource group of a zone the stack writes records into": {
        view: view(DEV, [
          res("azurerm_dns_txt_record", "acme", `${DEV}/Acme/Record`, {
            name: "_acme-challenge.shop",
            zone_name: "contoso.com",
            resource_group_name: "rg-dns",
          }),
          grant(
            { role_definition_id: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/d4af2151-4578-5d5e-9d02-80c614cacbf8" },
            "/subscriptions/s/resourceGroups/RG-DNS",
          ),
        ]),
        expected: [{ path: PATH, message: /^grants a role on \/subscriptions\/s\/resourceGroups\/RG-DNS, which holds a DNS zone$/ }],
      },
      "Contributor on the subscription of a stack that writes DNS records": {
        view: view(DEV, [
          res("azurerm_dns_txt_record", "acme", `${DEV}/Acme/Record`, {
            name: "_acme-challenge.shop",
            zone_name: "contoso.com",
            resource_group_name: "rg-dns",
          }),
          grant({ role_definition_name: "Contributor" }, "/subscriptions/s"),
        ]),
        expected: [{ path: PATH, message: /^grants "Contributor" on \/subscriptions\/s, which holds a DNS zone$/ }],
      },
      "a custom role on a zone the stack manages": {
        view: view(DEV, [
          res("azurerm_dns_zone", "zone", `${DEV}/Zone`, { name: "contoso.com" }),
          grant({ role_definition_id: "${azurerm_role_definition.custom.role_definition_resource_id}" }, "${azurerm_dns_zone.zone.id}"),
        ]),
        expected: [{ path: PATH, message: /^grants a role on a whole DNS zone$/ }],
      },
    },
  },
};
