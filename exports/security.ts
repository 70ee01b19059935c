/** Security: Key Vault, Defender plans and the identities of customer-managed keys. */
export { CustomerManagedKeyIdentity } from "../constructs/security/customer-managed-key";
export type { CustomerManagedKeyIdentityProps, CustomerManagedKeyProps, KeyReference } from "../constructs/security/customer-managed-key";
export { DEFENDER_PLANS, DEFENDER_PLANS_DEFAULTS, DefenderPlans } from "../constructs/security/defender-plans";
export type { DefenderPlan, DefenderPlansProps } from "../constructs/security/defender-plans";
export { KEY_VAULT_DEFAULTS, KeyVault } from "../constructs/security/key-vault";
export type { KeyVaultProps } from "../constructs/security/key-vault";
