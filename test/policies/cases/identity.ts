/** Fixtures of the identity rules. */
import { databricks, res, RuleCaseTable, storage, view } from "../fixtures";

const DEV = "dev-data";
const WORKSPACE_REF = "${azurerm_databricks_workspace.databricks.id}";
const grant = (role: Record<string, any>, scope: string, overrides: Record<string, any> = {}, name = "grant") =>
  res("azurerm_role_assignment", name, `${DEV}/Platform/Grant-${name}`, { principal_id: "${azurerm_user_assigned_identity.id.principal_id}", principal_type: "ServicePrincipal", scope, ...role, ...overrides });
const PATH = `${DEV}/Platform/Grant-grant`;

export const IDENTITY_CASES: RuleCaseTable = {
  "IAM-001": {
    compliant: {
      "a data-plane role on the lake": view(DEV, [storage(DEV), grant({ role_definition_name: "Storage Blob Data Contributor" }, "${azurerm_storage_account.lake.id}")]),
      "Contributor on a resource group is not this rule's": view(DEV, [grant({ role_definition_name: "Contributor" }, "${azurerm_resource_group.rg.id}")]),
      "Contributor on the workspace for a group of people": view(DEV, [databricks(DEV), grant({ role_definition_name: "Contributor" }, WORKSPACE_REF, { principal_type: "Group" })]),
      "RBAC Administrator on a container, constrained by a condition": view(DEV, [
        grant({ role_definition_name: "Role Based Access Control Administrator" }, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/gitops", {
          condition: "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {2a2b9908-6ea1-4ae2-8e65-a410df84e7d1}))",
          condition_version: "2.0",
        }),
      ]),
    },
    violating: {
      "Contributor on the Databricks workspace for a managed identity": {
        view: view(DEV, [databricks(DEV), grant({ role_definition_name: "Contributor" }, WORKSPACE_REF)]),
        expected: [{ path: PATH, message: /^grants "Contributor" on a data resource to a service principal$/ }],
      },
      "Owner by built-in id on a literal Key Vault id": {
        view: view(DEV, [
          grant({ role_definition_id: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635" }, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", { principal_type: undefined }),
        ]),
        expected: [{ path: PATH, message: /^grants "Owner" on a data resource to a principal of unknown type$/ }],
      },
      "unconstrained User Access Administrator on the lake": {
        view: view(DEV, [storage(DEV), grant({ role_definition_name: "User Access Administrator" }, "${azurerm_storage_account.lake.id}")]),
        expected: [{ path: PATH, message: /^grants "User Access Administrator" on a data resource/ }],
      },
    },
  },
};
