import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { IPrincipal, ResourcePlacement } from "../core/interfaces";
import { grantRole } from "../core/role-assignments";
import { IUserAssignedIdentity, userAssignedPrincipal } from "../core/managed-identities";
import { KEY_VAULT_NAME, KEY_VAULT_OBJECT_NAME } from "./key-vault";
import { checkPattern, collectProblems, isKnown, propError } from "../core/validation";

/**
 * Customer-managed keys. The Key Vault and its keys belong to whoever owns key custody (a security team, a vault of
 * its own with purge protection), never to the stacks that use them: creating a key is a data-plane call, which a
 * pipeline outside the vault's network cannot make, and a key destroyed with a stack would make its data unreadable.
 * The stacks get the vault's resource id and a key name, as Azure Verified Modules' `customer_managed_key` does.
 */

/** Resource id of a Key Vault; the vault's name (a {@link KEY_VAULT_NAME}) is its last segment. */
export const KEY_VAULT_RESOURCE_ID = new RegExp(
  `^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\\w.()]{1,90}/providers/Microsoft\\.KeyVault/vaults/(${KEY_VAULT_NAME.source.slice(1, -1)})$`,
);
/** A Key Vault key version: 32 lowercase hexadecimal digits. */
export const KEY_VERSION = /^[0-9a-f]{32}$/;

/** The role that lets a service wrap and unwrap with a key: nothing else (no key management, no secrets). */
export const KEY_ENCRYPTION_ROLE = "Key Vault Crypto Service Encryption User";

/** A customer-managed key and the identity a service uses it with (AVM `customer_managed_key`). */
export interface CustomerManagedKeyProps {
  /** Resource id of the Key Vault that holds the key (purge protection on, Azure RBAC). */
  readonly keyVaultResourceId: string;
  /** Name of the key: RSA 2048, 3072 or 4096, created by the key's owner before the apply. */
  readonly keyName: string;
  /**
   * A key version to pin.
   * @default - versionless: the service follows the key's rotations
   */
  readonly keyVersion?: string;
  /** The user-assigned identity the service unwraps the key with. */
  readonly userAssignedIdentity: { readonly resourceId: string };
  /**
   * What must exist before the service uses the key (the identity's role assignment on it).
   * @default [] - the identity already holds access
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Which key (and version) in which vault. */
export type KeyReference = Pick<CustomerManagedKeyProps, "keyVaultResourceId" | "keyName" | "keyVersion">;

/** The vault name of a Key Vault resource id (throws a props error naming `prop` when it is not one). */
function vaultName(scope: IConstruct, prop: string, keyVaultResourceId: string): string {
  const match = KEY_VAULT_RESOURCE_ID.exec(keyVaultResourceId);
  if (!match) {
    throw propError(
      scope,
      `${prop}.keyVaultResourceId`,
      "must be a Key Vault resource id",
      keyVaultResourceId,
      "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>.",
    );
  }
  return match[1];
}

/** Checks a `customerManagedKey` prop, naming every problem at once: a vault resource id, a key name, a 32-hex-digit version if any. */
export function checkCustomerManagedKey(scope: IConstruct, prop: string, key: KeyReference | undefined): void {
  if (key === undefined) return;
  collectProblems(scope, [
    () => isKnown(key.keyVaultResourceId) && vaultName(scope, prop, key.keyVaultResourceId),
    () => checkPattern(scope, `${prop}.keyName`, key.keyName, KEY_VAULT_OBJECT_NAME, "1-127 letters, digits and hyphens (a Key Vault key name)"),
    () => checkPattern(scope, `${prop}.keyVersion`, key.keyVersion, KEY_VERSION, "32 lowercase hexadecimal digits (a Key Vault key version)"),
  ]);
}

/**
 * Throws unless `key` names a version: what services that take only a versioned key id (or would otherwise read
 * the vault's data plane) require. `service` says which, in the message.
 */
export function requireKeyVersion(scope: IConstruct, prop: string, key: KeyReference | undefined, service: string): void {
  if (key && key.keyVersion === undefined) {
    throw propError(
      scope,
      `${prop}.keyVersion`,
      `is required for ${service}`,
      undefined,
      "give the key's current version (32 hexadecimal digits); rotate by giving the next one.",
    );
  }
}

/**
 * The key's identifier as services take it: `https://<vault>.vault.azure.net/keys/<name>[/<version>]` (Azure's
 * public cloud; the vault's data-plane URL is derived from its name, so no data-plane read is needed).
 */
export function keyVaultKeyUrl(scope: IConstruct, prop: string, key: KeyReference): string {
  checkCustomerManagedKey(scope, prop, key);
  const version = key.keyVersion ? `/${key.keyVersion}` : "";
  return `https://${vaultName(scope, prop, key.keyVaultResourceId)}.vault.azure.net/keys/${key.keyName}${version}`;
}

/** The key's Azure resource id, the scope of role assignments on it. */
export function keyResourceId(key: KeyReference): string {
  return `${key.keyVaultResourceId}/keys/${key.keyName}`;
}

/** Props of {@link CustomerManagedKeyIdentity}. */
export interface CustomerManagedKeyIdentityProps extends ResourcePlacement {
  /** Name of the user-assigned identity. */
  readonly name: string;
  /** Resource id of the Key Vault that holds the key. */
  readonly keyVaultResourceId: string;
  /** Name of the key (it must exist before the apply: Azure assigns roles only on scopes that exist). */
  readonly keyName: string;
  /**
   * A key version to pin, passed on in {@link CustomerManagedKeyIdentity.customerManagedKey}.
   * @default - versionless
   */
  readonly keyVersion?: string;
}

/**
 * A user-assigned identity for one service's customer-managed key, holding "Key Vault Crypto Service Encryption
 * User" on that key only (not on the vault: other keys stay out of its reach). `customerManagedKey` is what the
 * service's construct takes; it waits for the role assignment.
 *
 * @example
 * ```ts
 * const lakeKey = new CustomerManagedKeyIdentity(this, "LakeKey", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "id-data-dev-cmk-lake",
 *   keyVaultResourceId: keysVaultId,
 *   keyName: "lake",
 * });
 * ```
 */
export class CustomerManagedKeyIdentity extends Construct {
  /** The user-assigned identity resource. */
  public readonly resource: UserAssignedIdentity;
  /** The identity, as every construct with a managed identity exposes it: for grants and `identity` blocks. */
  public readonly identity: IUserAssignedIdentity;
  public readonly keyAccess: RoleAssignment;
  public readonly customerManagedKey: CustomerManagedKeyProps;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyIdentityProps) {
    super(scope, id);
    checkCustomerManagedKey(this, "key", props);
    this.resource = new UserAssignedIdentity(this, "Identity", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    this.identity = userAssignedPrincipal(this.resource);
    this.keyAccess = grantKeyEncryption(this, "KeyEncryption", props, this.identity);
    this.customerManagedKey = {
      keyVaultResourceId: props.keyVaultResourceId,
      keyName: props.keyName,
      keyVersion: props.keyVersion,
      userAssignedIdentity: { resourceId: this.identity.id },
      dependsOn: [this.keyAccess],
    };
  }
}

/** Grants {@link KEY_ENCRYPTION_ROLE} on one key to `principal` (child `Grant-<key>`). */
export function grantKeyEncryption(scope: Construct, key: string, keyRef: KeyReference, principal: IPrincipal): RoleAssignment {
  if (isKnown(keyRef.keyVaultResourceId)) vaultName(scope, "keyVaultResourceId", keyRef.keyVaultResourceId);
  return grantRole(scope, key, keyResourceId(keyRef), KEY_ENCRYPTION_ROLE, principal, `Wrap and unwrap with the key ${keyRef.keyName}`);
}
