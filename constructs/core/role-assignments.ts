import { createHash } from "node:crypto";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { IPrincipal, RoleAssignmentProps, RoleAssignmentsProps } from "./interfaces";

/** A role definition given as a resource id (anything else is a built-in role name). */
const ROLE_DEFINITION_ID = /^\/(subscriptions\/[^/]+\/)?providers\/Microsoft\.Authorization\/roleDefinitions\/[^/]+$/i;

/** Creates one `azurerm_role_assignment` on `targetResourceId` as child `id` of `scope`. */
export function assignRole(scope: Construct, id: string, targetResourceId: string, props: RoleAssignmentProps): RoleAssignment {
  const byId = ROLE_DEFINITION_ID.test(props.roleDefinitionIdOrName);
  return new RoleAssignment(scope, id, {
    scope: targetResourceId,
    principalId: props.principalId,
    principalType: props.principalType,
    description: props.description,
    ...(props.condition === undefined ? {} : { condition: props.condition, conditionVersion: "2.0" }),
    ...(byId ? { roleDefinitionId: props.roleDefinitionIdOrName } : { roleDefinitionName: props.roleDefinitionIdOrName }),
  });
}

/** Creates the `roleAssignments` record of a construct, each as child `RoleAssignment-<key>`. */
export function addRoleAssignments(scope: Construct, targetResourceId: string, assignments: RoleAssignmentsProps | undefined): RoleAssignment[] {
  return Object.entries(assignments ?? {}).map(([key, a]) => assignRole(scope, `RoleAssignment-${key}`, targetResourceId, a));
}

/**
 * Grants `role` on `targetResourceId` to `grantee` as child `Grant-<key>`: the building block of `grant*()` methods.
 * @param condition @default - none (see {@link RoleAssignmentProps.condition})
 */
export function grantRole(
  scope: Construct,
  key: string,
  targetResourceId: string,
  role: string,
  grantee: IPrincipal,
  description: string,
  condition?: string,
): RoleAssignment {
  return assignRole(scope, `Grant-${key}`, targetResourceId, {
    roleDefinitionIdOrName: role,
    principalId: grantee.principalId,
    principalType: grantee.principalType,
    description,
    condition,
  });
}

/**
 * A GUID derived from `seed` (SHA-256, formatted as a version-5-style UUID): the same seed gives the same GUID on
 * every machine, so two stacks can name one role definition without a lookup and without randomness.
 */
export function deterministicGuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
