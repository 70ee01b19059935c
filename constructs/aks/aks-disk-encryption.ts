import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { Construct } from "constructs";
import { ResourcePlacement } from "../core/interfaces";
import { propError } from "../core/validation";
import { CustomerManagedKeyProps, keyVaultKeyUrl } from "../security/customer-managed-key";

/** Name of a cluster's disk encryption set. */
export function diskEncryptionSetName(clusterName: string): string {
  return `des-${clusterName}`;
}

/**
 * The disk encryption set (`des-<cluster name>`) of an AKS cluster's customer-managed key: node OS disks and the
 * volumes the disk CSI driver creates are encrypted with the key, unwrapped by the key's identity. The key version is
 * required because a set that follows rotations makes azurerm read the latest version from the vault's data plane
 * (v4.55.0 `disk_encryption_set_resource.go`), which a pipeline outside the vault's network cannot reach.
 */
export function addDiskEncryptionSet(scope: Construct, clusterName: string, key: CustomerManagedKeyProps, placement: ResourcePlacement): DiskEncryptionSet {
  if (key.keyVersion === undefined) {
    throw propError(scope, "customerManagedKey.keyVersion", "is required for a disk encryption set", key.keyVersion,
      "give the key's current version (32 hexadecimal digits); rotate by giving the next one.");
  }
  return new DiskEncryptionSet(scope, "DiskEncryptionSet", {
    ...placement,
    name: diskEncryptionSetName(clusterName),
    encryptionType: "EncryptionAtRestWithCustomerKey",
    keyVaultKeyId: keyVaultKeyUrl(scope, "customerManagedKey", key),
    autoKeyRotationEnabled: false,
    identity: { type: "UserAssigned", identityIds: [key.userAssignedIdentity.resourceId] },
    dependsOn: key.dependsOn,
  });
}
