import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { TerraformStack, Testing } from "cdktf";
import { BACKUP_STORAGE_DEFAULTS, BackupStorage, BackupStorageProps } from "../../../constructs/aks/backup-storage";

const SUBNET = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-private-endpoints";
const ZONE = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net";
const baseProps: BackupStorageProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  name: "stbakdev1234",
  containers: { "shop-database": { retentionDays: 35 } },
  privateEndpoint: { subnetId: SUBNET, privateDnsZoneId: ZONE },
};
const PRINCIPAL = { principalId: "11111111-1111-1111-1111-111111111111", principalType: "ServicePrincipal" as const };

function build(props: Partial<BackupStorageProps> = {}, grant?: string) {
  const stack = Testing.synthScope((scope) => {
    const storage = new BackupStorage(scope, "Backups", { ...baseProps, ...props });
    if (grant) storage.grantWrite(grant, PRINCIPAL, "Backups of shop/database");
  });
  return { out: stack, json: JSON.parse(stack) };
}

describe("BackupStorage", () => {
  test("defaults: private, Entra ID only, zone-redundant, versioned with 30 days of soft delete, prevent_destroy", () => {
    expect(BACKUP_STORAGE_DEFAULTS).toEqual({ replication: "ZRS", softDeleteRetentionInDays: 30, preventDestroy: true });
    const { out, json } = build();
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      name: "stbakdev1234",
      account_replication_type: "ZRS",
      public_network_access_enabled: false,
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      min_tls_version: "TLS1_2",
      network_rules: { default_action: "Deny", bypass: ["None"] },
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(StorageContainer, { name: "shop-database", container_access_type: "private" });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-stbakdev1234-blob",
      subnet_id: SUBNET,
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [ZONE] },
    });
    expect(Object.values<any>(json.resource.azurerm_private_endpoint)[0].private_service_connection.subresource_names).toEqual(["blob"]);
    expect(json.resource.azurerm_management_lock).toBeUndefined();
  });

  test("a lifecycle rule per container deletes backups after retentionDays, and previous versions a day after they appear", () => {
    const { out } = build({ containers: { "shop-database": { retentionDays: 35 }, "crm-db": { retentionDays: 7 } } });
    expect(out).toHaveResourceWithProperties(StorageManagementPolicy, {
      rule: [
        {
          name: "expire-shop-database",
          enabled: true,
          filters: { blob_types: ["blockBlob"], prefix_match: ["shop-database/"] },
          actions: { base_blob: { delete_after_days_since_creation_greater_than: 35 }, version: { delete_after_days_since_creation: 1 } },
        },
        {
          name: "expire-crm-db",
          enabled: true,
          filters: { blob_types: ["blockBlob"], prefix_match: ["crm-db/"] },
          actions: { base_blob: { delete_after_days_since_creation_greater_than: 7 }, version: { delete_after_days_since_creation: 1 } },
        },
      ],
    });
  });

  test("grantWrite: Storage Blob Data Contributor on that container only", () => {
    const { json } = build({}, "shop-database");
    const grants = Object.values<any>(json.resource.azurerm_role_assignment);
    expect(grants).toEqual([
      expect.objectContaining({
        role_definition_name: "Storage Blob Data Contributor",
        principal_id: PRINCIPAL.principalId,
        scope: expect.stringMatching(/^\$\{azurerm_storage_container\.[^.]+\.id\}$/),
        description: "Backups of shop/database",
      }),
    ]);
  });

  test("replication, soft delete, a lock and diagnostics", () => {
    const { out, json } = build({
      replication: "GZRS",
      softDeleteRetentionInDays: 90,
      lock: { kind: "CanNotDelete" },
      diagnosticSettings: { logs: { workspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log" } },
    });
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      account_replication_type: "GZRS",
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 90 }, container_delete_retention_policy: { days: 90 } },
    });
    expect(Object.values<any>(json.resource.azurerm_management_lock)).toEqual([expect.objectContaining({ lock_level: "CanNotDelete" })]);
    expect(Object.values<any>(json.resource.azurerm_monitor_diagnostic_setting).map((d) => d.target_resource_id)).toContainEqual(
      expect.stringContaining("/blobServices/default"),
    );
  });

  test("preventDestroy false drops prevent_destroy, with a warning", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const storage = new BackupStorage(stack, "Backups", { ...baseProps, preventDestroy: false });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values<any>(json.resource.azurerm_storage_account)[0].lifecycle).toEqual({ prevent_destroy: false });
    expect(storage.node.metadata.map((m) => m.data)).toContainEqual(
      expect.stringMatching(/preventDestroy opts out of a secure default: Terraform may destroy the backup account/),
    );
  });

  test("fails on an account name Azure refuses", () => {
    expect(() => build({ name: "st-bak" })).toThrow(/Backups: name must be 3-24 lowercase letters and digits \(got "st-bak"\)/);
  });

  test("fails without containers", () => {
    expect(() => build({ containers: {} })).toThrow(/Backups: containers must name at least one container/);
  });

  test("fails on a container name Azure refuses", () => {
    expect(() => build({ containers: { Shop_DB: { retentionDays: 7 } } })).toThrow(
      /Backups: containers keys must be 3-63 lowercase letters, digits and single hyphens \(got "Shop_DB"\)/,
    );
  });

  test("fails on a retention outside 1-3650 days", () => {
    expect(() => build({ containers: { "shop-database": { retentionDays: 0 } } })).toThrow(
      /containers\.shop-database\.retentionDays must be a whole number from 1 to 3650 \(got 0\)/,
    );
  });

  test("fails on a soft-delete retention outside 7-365 days", () => {
    expect(() => build({ softDeleteRetentionInDays: 3 })).toThrow(/softDeleteRetentionInDays must be a whole number from 7 to 365 \(got 3\)/);
  });

  test("fails to grant on an unknown container", () => {
    expect(() => build({}, "crm-db")).toThrow(/Backups: grantWrite\.container names no container of the account \(shop-database\) \(got "crm-db"\)/);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ name: "st-bak", softDeleteRetentionInDays: 3, containers: { "shop-database": { retentionDays: 0 } } })).toThrow(
      /Backups: 3 problems:\n- \S*Backups: name must be 3-24.*\n- \S*Backups: softDeleteRetentionInDays must be a whole number.*\n- \S*Backups: containers\.shop-database\.retentionDays must be a whole number.*$/,
    );
  });
});
