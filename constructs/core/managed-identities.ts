import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { IConstruct } from "constructs";
import { IPrincipal, ManagedIdentitiesProps } from "./interfaces";
import { propError } from "./validation";

/** The azurerm `identity` block of a `managedIdentities` prop (AVM `managed_identities`). */
export interface IdentityBlock {
  readonly type: string;
  readonly identityIds?: string[];
}

/**
 * Renders `managedIdentities` as the resource's `identity` block: system-assigned by default, user-assigned
 * identities added when given. Throws when neither is requested, since every construct here needs an identity.
 */
export function identityBlock(scope: IConstruct, identities: ManagedIdentitiesProps | undefined): IdentityBlock {
  const system = identities?.systemAssigned ?? true;
  const user = identities?.userAssignedResourceIds ?? [];
  if (!system && user.length === 0) {
    throw propError(
      scope,
      "managedIdentities",
      "must enable the system-assigned identity or give user-assigned ones",
      identities,
      "keep systemAssigned: true or list userAssignedResourceIds.",
    );
  }
  const type = system && user.length > 0 ? "SystemAssigned, UserAssigned" : system ? "SystemAssigned" : "UserAssigned";
  return user.length > 0 ? { type, identityIds: user } : { type };
}

/** A user-assigned identity as constructs expose it (`identity`): a principal for grants, with its resource id and client id. */
export interface IUserAssignedIdentity extends IPrincipal {
  readonly id: string;
  readonly clientId: string;
}

/** A user-assigned identity as a principal for grants, with its resource id and client id. */
export function userAssignedPrincipal(uai: UserAssignedIdentity): IUserAssignedIdentity {
  return { id: uai.id, clientId: uai.clientId, principalId: uai.principalId, principalType: "ServicePrincipal" };
}

/**
 * `identities` plus the user-assigned identity of a customer-managed key, which the resource must carry to use the
 * key (added once, after the caller's own).
 */
export function withKeyIdentity(
  identities: ManagedIdentitiesProps | undefined,
  key: { readonly userAssignedIdentity: { readonly resourceId: string } } | undefined,
): ManagedIdentitiesProps | undefined {
  if (key === undefined) return identities;
  const user = identities?.userAssignedResourceIds ?? [];
  const id = key.userAssignedIdentity.resourceId;
  return { ...identities, userAssignedResourceIds: user.includes(id) ? user : [...user, id] };
}
