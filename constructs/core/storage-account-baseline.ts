import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct, IConstruct } from "constructs";
import { collectProblems, propError } from "./validation";

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

/** Throws unless every name in `names` is a container name (`prop` holds them as its `keys` or `entries`), naming each bad one. */
export function checkContainerNames(scope: IConstruct, prop: string, holds: "keys" | "entries", names: readonly string[]): void {
  collectProblems(
    scope,
    names.map((name) => () => {
      if (!STORAGE_CONTAINER_NAME.pattern.test(name))
        throw propError(scope, prop, `${holds} must be ${STORAGE_CONTAINER_NAME.rule}`, name, "rename the container.");
    }),
  );
}

/** Blob versioning with blob and container soft delete for `days`: a bad write or a deletion can be rolled back. */
export function versionedBlobProperties(days: number) {
  const retention = { days };
  return { versioningEnabled: true, deleteRetentionPolicy: retention, containerDeleteRetentionPolicy: retention };
}

/** Private containers of an account, created through Azure Resource Manager (no data-plane access), by name. */
export function privateContainers(scope: Construct, storageAccountId: string, names: readonly string[]): Record<string, StorageContainer> {
  return Object.fromEntries(
    names.map((name) => [name, new StorageContainer(scope, `Container-${name}`, { name, storageAccountId, containerAccessType: "private" })]),
  );
}
