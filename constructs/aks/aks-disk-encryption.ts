import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { Construct } from "constructs";
import { ResourcePlacement } from "../core/interfaces";
import { CustomerManagedKeyProps, keyVaultKeyUrl, requireKeyVersion } from "../security/customer-managed-key";

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
  requireKeyVersion(scope, "customerManagedKey", key, "a disk encryption set");
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
