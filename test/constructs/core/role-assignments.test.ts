import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Testing } from "cdktf";
import { RoleAssignmentsProps } from "../../../constructs/core/interfaces";
import { addRoleAssignments, assignRole, grantRole } from "../../../constructs/core/role-assignments";

const TARGET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
const PRINCIPAL = "00000000-0000-0000-0000-000000000001";
const ROLE_ID = "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6";

function one(out: string): Record<string, unknown> {
  const all = Object.values(JSON.parse(out).resource.azurerm_role_assignment) as Record<string, unknown>[];
  expect(all).toHaveLength(1);
  return all[0];
}

describe("assignRole", () => {
  test("a built-in role name goes to role_definition_name", () => {
    const out = Testing.synthScope((scope) => {
      assignRole(scope, "Ra", TARGET, { roleDefinitionIdOrName: "Reader", principalId: PRINCIPAL });
    });
    const ra = one(out);
    expect(ra).toEqual({ scope: TARGET, principal_id: PRINCIPAL, role_definition_name: "Reader" });
  });

  test("a subscription-scoped role definition id goes to role_definition_id", () => {
    const out = Testing.synthScope((scope) => {
      assignRole(scope, "Ra", TARGET, { roleDefinitionIdOrName: ROLE_ID, principalId: PRINCIPAL });
    });
    expect(one(out)).toEqual({ scope: TARGET, principal_id: PRINCIPAL, role_definition_id: ROLE_ID });
  });

  test("a tenant-level role definition id goes to role_definition_id", () => {
    const id = "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6";
    const out = Testing.synthScope((scope) => {
      assignRole(scope, "Ra", TARGET, { roleDefinitionIdOrName: id, principalId: PRINCIPAL });
    });
    expect(one(out).role_definition_id).toBe(id);
  });

  test("principalType and description are passed through", () => {
    const out = Testing.synthScope((scope) => {
      assignRole(scope, "Ra", TARGET, {
        roleDefinitionIdOrName: "Reader",
        principalId: PRINCIPAL,
        principalType: "Group",
        description: "Readers",
      });
    });
    expect(out).toHaveResourceWithProperties(RoleAssignment, { principal_type: "Group", description: "Readers" });
  });
});

describe("addRoleAssignments", () => {
  test("no assignments by default", () => {
    let created: RoleAssignment[] = [];
    const out = Testing.synthScope((scope) => {
      created = addRoleAssignments(scope, TARGET, undefined);
    });
    expect(created).toEqual([]);
    expect(JSON.parse(out).resource?.azurerm_role_assignment).toBeUndefined();
  });

  test("one assignment per key, as child RoleAssignment-<key>", () => {
    const assignments: RoleAssignmentsProps = {
      readers: { roleDefinitionIdOrName: "Reader", principalId: PRINCIPAL },
      owners: { roleDefinitionIdOrName: "Owner", principalId: PRINCIPAL },
    };
    let created: RoleAssignment[] = [];
    Testing.synthScope((scope) => {
      created = addRoleAssignments(scope, TARGET, assignments);
    });
    expect(created.map((r) => r.node.id)).toEqual(["RoleAssignment-readers", "RoleAssignment-owners"]);
  });
});

describe("grantRole", () => {
  test("assigns the role to the grantee with its principal type, as child Grant-<key>", () => {
    let created: RoleAssignment | undefined;
    const out = Testing.synthScope((scope) => {
      created = grantRole(scope, "Adf", TARGET, "Key Vault Secrets User", { principalId: PRINCIPAL, principalType: "ServicePrincipal" }, "Read secrets");
    });
    expect(created?.node.id).toBe("Grant-Adf");
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: TARGET,
      role_definition_name: "Key Vault Secrets User",
      principal_id: PRINCIPAL,
      principal_type: "ServicePrincipal",
      description: "Read secrets",
    });
  });
});
