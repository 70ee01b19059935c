import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { diskEncryptionSetName } from "../constructs/aks/aks-disk-encryption";
import { ResourcePlacement } from "../constructs/core/interfaces";
import { DatabricksCustomerManagedKeyProps } from "../constructs/data/databricks-workspace";
import { CustomerManagedKeyIdentity, CustomerManagedKeyProps } from "../constructs/security/customer-managed-key";

/** The services whose key a user-assigned identity of ours unwraps, with its name's qualifier and construct id. */
const KEY_IDENTITIES = {
  dataLake: { qualifier: "lake", id: "LakeKeyIdentity" },
  sqlServer: { qualifier: "sql", id: "SqlKeyIdentity" },
  aksDisks: { qualifier: "aks-disks", id: "DiskKeyIdentity" },
} as const;

/**
 * The customer-managed key of `service` from `encryption.customerManagedKeys`, with an identity of its own that holds
 * the key's encryption role on that key only; undefined when the environment keeps Microsoft-managed keys for it.
 */
export function customerManagedKeyOf(
  scope: Construct,
  config: EnvironmentConfig,
  service: keyof typeof KEY_IDENTITIES,
  placement: ResourcePlacement,
): CustomerManagedKeyProps | undefined {
  const keys = config.encryption.customerManagedKeys;
  const key = keys?.[service];
  if (!keys || !key) return undefined;
  const { qualifier, id } = KEY_IDENTITIES[service];
  const identity = new CustomerManagedKeyIdentity(scope, id, {
    ...placement,
    name: new ResourceNames(config).customerManagedKeyIdentity(qualifier),
    keyVaultResourceId: keys.keyVaultId,
    keyName: key.keyName,
    keyVersion: key.keyVersion,
  });
  return identity.customerManagedKey;
}

/** The Databricks workspace's customer-managed key, or undefined. */
export function databricksCustomerManagedKey(config: EnvironmentConfig): DatabricksCustomerManagedKeyProps | undefined {
  const keys = config.encryption.customerManagedKeys;
  return keys?.databricks && { keyVaultResourceId: keys.keyVaultId, ...keys.databricks };
}

/**
 * The disk encryption set the database StorageClass encrypts volumes with: one of the operator's
 * (`kubernetes.storage.diskEncryptionSetId`), or the cluster's own when `aksDisks` has a key; else undefined.
 */
export function volumeDiskEncryptionSetId(config: EnvironmentConfig): string | undefined {
  if (config.kubernetes.storage.diskEncryptionSetId) return config.kubernetes.storage.diskEncryptionSetId;
  if (!config.encryption.customerManagedKeys?.aksDisks) return undefined;
  const names = new ResourceNames(config).aksNames();
  return `/subscriptions/${config.subscriptionId}/resourceGroups/${names.clusterResourceGroup}/providers/Microsoft.Compute/diskEncryptionSets/${diskEncryptionSetName(names.cluster)}`;
}
