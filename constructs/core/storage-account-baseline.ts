/**
 * The settings every storage account of the platform has, whatever it holds (lake, state, GitOps folders): Entra
 * ID only (no shared keys, no local users, OAuth by default in the portal), TLS 1.2 and HTTPS only, no public blob
 * access, no cross-tenant replication, infrastructure (double) encryption, no SFTP.
 */
export const STORAGE_ACCOUNT_BASELINE = {
  accountKind: "StorageV2",
  accountTier: "Standard",
  accessTier: "Hot",
  sharedAccessKeyEnabled: false,
  defaultToOauthAuthentication: true,
  minTlsVersion: "TLS1_2",
  httpsTrafficOnlyEnabled: true,
  allowNestedItemsToBePublic: false,
  crossTenantReplicationEnabled: false,
  infrastructureEncryptionEnabled: true,
  localUserEnabled: false,
  sftpEnabled: false,
} as const;

/** Azure's rule for storage account names (globally unique). */
export const STORAGE_ACCOUNT_NAME = { pattern: /^[a-z0-9]{3,24}$/, rule: "3-24 lowercase letters and digits" } as const;

/** Azure's rule for blob container (and ADLS filesystem) names. */
export const STORAGE_CONTAINER_NAME = {
  pattern: /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
  rule: "3-63 lowercase letters, digits and single hyphens",
} as const;
