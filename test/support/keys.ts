import { CustomerManagedKeyProps } from "../../constructs/security/customer-managed-key";

/** A Key Vault of keys held outside the stacks, in the dev config's subscription. */
export const KEYS_VAULT_ID = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-medal-keys";
export const KEY_VERSION = "0123456789abcdef0123456789abcdef";
export const KEY_IDENTITY_ID =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk";

/** A customer-managed key with a literal identity, for construct tests. */
export function testKey(keyName: string, keyVersion?: string): CustomerManagedKeyProps {
  return { keyVaultResourceId: KEYS_VAULT_ID, keyName, keyVersion, userAssignedIdentity: { resourceId: KEY_IDENTITY_ID } };
}
