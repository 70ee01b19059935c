import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Testing, Token } from "cdktf";
import { DATA_LAKE_DEFAULTS, DATA_LAKE_LAYERS, DataLake, DataLakeProps } from "../../../constructs/data/data-lake";
import { KEY_IDENTITY_ID, KEY_VERSION, testKey } from "../../support/keys";

const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
const ACCOUNT_REF = /^\$\{azurerm_storage_account\.[^.]+\.id\}$/;

const baseProps: DataLakeProps = { resourceGroupName: "rg-data", location: "westeurope", name: "stlakedev" };

function build(props: Partial<DataLakeProps> = {}, extra?: (lake: DataLake) => void): { out: string; lake: DataLake } {
  let lake: DataLake | undefined;
  const out = Testing.synthScope((scope) => {
    lake = new DataLake(scope, "Lake", { ...baseProps, ...props });
    extra?.(lake);
  });
  return { out, lake: lake as DataLake };
}

function synth(props: Partial<DataLakeProps> = {}): string {
  return build(props).out;
}

/** All resources of `type` in the synthesized JSON. */
function resources(out: string, type: string): Record<string, unknown>[] {
  return Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, unknown>[];
}

/** The only resource of `type` in the synthesized JSON. */
function single(out: string, type: string): Record<string, unknown> {
  const all = resources(out, type);
  expect(all).toHaveLength(1);
  return all[0];
}

function warnings(lake: DataLake): string[] {
  return lake.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

const SUBNET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe";
const DFS_ZONE = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net";

describe("DataLake", () => {
  test("defaults", () => {
    expect(DATA_LAKE_DEFAULTS).toEqual({ replication: "ZRS", softDeleteRetentionInDays: 7, preventDestroy: true });
    const { out, lake } = build();
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      name: "stlakedev",
      location: "westeurope",
      resource_group_name: "rg-data",
      account_kind: "StorageV2",
      account_tier: "Standard",
      account_replication_type: "ZRS",
      access_tier: "Hot",
      is_hns_enabled: true,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      local_user_enabled: false,
      sftp_enabled: false,
      public_network_access_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["None"], ip_rules: [] },
      infrastructure_encryption_enabled: true,
      cross_tenant_replication_enabled: false,
      identity: { type: "SystemAssigned" },
      blob_properties: { delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } },
      lifecycle: { prevent_destroy: true },
    });
    expect(warnings(lake)).toEqual([]);
  });

  test("defaults: no blob versioning, change feed or point-in-time restore (unavailable with HNS)", () => {
    const blob = single(synth(), "azurerm_storage_account").blob_properties as Record<string, unknown>;
    expect(Object.keys(blob).sort()).toEqual(["container_delete_retention_policy", "delete_retention_policy"]);
  });

  test("defaults: the four filesystems, private, created through ARM (storage_account_id)", () => {
    const out = synth();
    for (const layer of ["landing", "bronze", "silver", "gold"]) {
      expect(out).toHaveResourceWithProperties(StorageContainer, {
        name: layer,
        storage_account_id: expect.stringMatching(ACCOUNT_REF),
        container_access_type: "private",
      });
    }
    const filesystems = resources(out, "azurerm_storage_container");
    expect(filesystems).toHaveLength(4);
    expect(filesystems.every((f) => !("storage_account_name" in f))).toBe(true);
    expect(DATA_LAKE_LAYERS).toEqual(["landing", "bronze", "silver", "gold"]);
  });

  test("defaults: no lifecycle policy, endpoints, diagnostics, role assignments or lock", () => {
    const all = JSON.parse(synth()).resource;
    for (const type of [
      "azurerm_storage_management_policy",
      "azurerm_private_endpoint",
      "azurerm_monitor_diagnostic_setting",
      "azurerm_role_assignment",
      "azurerm_management_lock",
    ]) {
      expect(all[type]).toBeUndefined();
    }
  });

  test("exposes the filesystems by layer and the dfs endpoint", () => {
    const { lake } = build();
    expect(Object.keys(lake.filesystems)).toEqual(["landing", "bronze", "silver", "gold"]);
    expect(lake.filesystems.gold.node.id).toBe("Filesystem-gold");
    expect(Token.isUnresolved(lake.dfsEndpoint)).toBe(true);
    expect(lake.name).toBe("stlakedev");
  });

  test("additionalFilesystems: private filesystems besides the layers, out of reach of lifecycle rules", () => {
    const { out, lake } = build({ additionalFilesystems: ["catalog"], lifecycle: { bronze: { deleteAfterDays: 30 } } });
    expect(out).toHaveResourceWithProperties(StorageContainer, {
      name: "catalog",
      container_access_type: "private",
      storage_account_id: expect.stringMatching(ACCOUNT_REF),
    });
    expect(Object.keys(lake.additionalFilesystems)).toEqual(["catalog"]);
    const prefixes = rules(out).flatMap((r: any) => r.filters.prefix_match);
    expect(prefixes).toEqual(["bronze/"]);
  });

  test("fails for an additional filesystem named like a layer or not a container name", () => {
    expect(() => build({ additionalFilesystems: ["gold"] })).toThrow(
      /additionalFilesystems entries must be 3-63 lowercase letters, digits and single hyphens, and not a layer name \(got "gold"\)/,
    );
    expect(() => build({ additionalFilesystems: ["Catalog_1"] })).toThrow(/additionalFilesystems entries must be/);
  });

  test("replication sets the replication type", () => {
    expect(synth({ replication: "RAGZRS" })).toHaveResourceWithProperties(StorageAccount, { account_replication_type: "RAGZRS" });
  });

  test("softDeleteRetentionInDays sets blob and container soft delete", () => {
    expect(synth({ softDeleteRetentionInDays: 30 })).toHaveResourceWithProperties(StorageAccount, {
      blob_properties: { delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
    });
  });

  test("publicNetworkAccess admits allowedIpRanges only, default action stays Deny, /32 becomes a single address", () => {
    expect(synth({ publicNetworkAccess: true, allowedIpRanges: ["203.0.113.7/32", "198.51.100.0/24"] })).toHaveResourceWithProperties(StorageAccount, {
      public_network_access_enabled: true,
      network_rules: { default_action: "Deny", bypass: ["None"], ip_rules: ["203.0.113.7", "198.51.100.0/24"] },
    });
  });

  test("publicNetworkAccess warns about the opt-out", () => {
    const { lake } = build({ publicNetworkAccess: true, allowedIpRanges: ["198.51.100.0/24"] });
    expect(warnings(lake)).toEqual([
      "publicNetworkAccess opts out of a secure default: the lake accepts traffic from public IP ranges; use it in dev only [opt-out DataLake.publicNetworkAccess]",
    ]);
  });

  test("preventDestroy false drops prevent_destroy", () => {
    expect(synth({ preventDestroy: false })).toHaveResourceWithProperties(StorageAccount, { lifecycle: { prevent_destroy: false } });
  });

  test("preventDestroy false warns about the opt-out", () => {
    const { lake } = build({ preventDestroy: false });
    expect(warnings(lake)).toEqual([
      "preventDestroy opts out of a secure default: Terraform may destroy the lake and all its data [opt-out DataLake.preventDestroy]",
    ]);
  });

  test("preventDestroy true keeps prevent_destroy without a warning", () => {
    const { out, lake } = build({ preventDestroy: true });
    expect(out).toHaveResourceWithProperties(StorageAccount, { lifecycle: { prevent_destroy: true } });
    expect(warnings(lake)).toEqual([]);
  });

  test("privateEndpoints adds an endpoint per entry for its sub-resource", () => {
    const out = synth({
      privateEndpoints: {
        dfs: { subnetId: SUBNET, privateDnsZoneIds: [DFS_ZONE], subresourceName: "dfs" },
        blob: { subnetId: SUBNET, privateDnsZoneIds: ["/blob-zone"], subresourceName: "blob" },
      },
    });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-stlakedev-dfs",
      subnet_id: SUBNET,
      location: "westeurope",
      private_service_connection: expect.objectContaining({ private_connection_resource_id: expect.stringMatching(ACCOUNT_REF), subresource_names: ["dfs"] }),
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [DFS_ZONE] },
    });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-stlakedev-blob",
      private_service_connection: expect.objectContaining({ subresource_names: ["blob"] }),
    });
  });

  test("diagnosticSettings sends blob-service logs and metrics to the workspace", () => {
    expect(synth({ diagnosticSettings: { law: { workspaceId: LAW_ID } } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_storage_account\.[^.]+\.id\}\/blobServices\/default$/),
      log_analytics_workspace_id: LAW_ID,
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "Transaction" }],
    });
  });

  test("diagnosticSettings also sends account metrics, without logs", () => {
    expect(synth({ diagnosticSettings: { law: { workspaceId: LAW_ID, name: "to-law" } } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "to-law-account",
      target_resource_id: expect.stringMatching(ACCOUNT_REF),
      enabled_log: [],
      enabled_metric: [{ category: "Transaction" }],
    });
  });

  test("diagnosticSettings leave the destination type unset: storage has no resource-specific switch", () => {
    const tf = JSON.parse(synth({ diagnosticSettings: { law: { workspaceId: LAW_ID } } }));
    for (const d of Object.values<any>(tf.resource.azurerm_monitor_diagnostic_setting)) expect(d).not.toHaveProperty("log_analytics_destination_type");
  });

  test("diagnosticSettings keeps metric categories the caller names", () => {
    const out = synth({ diagnosticSettings: { law: { workspaceId: LAW_ID, metricCategories: ["Capacity", "Transaction"] } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law-account",
      enabled_metric: [{ category: "Capacity" }, { category: "Transaction" }],
    });
  });

  test("roleAssignments assigns roles on the account", () => {
    expect(synth({ roleAssignments: { eng: { roleDefinitionIdOrName: "Storage Blob Data Reader", principalId: "grp" } } })).toHaveResourceWithProperties(
      RoleAssignment,
      { scope: expect.stringMatching(ACCOUNT_REF), role_definition_name: "Storage Blob Data Reader", principal_id: "grp" },
    );
  });

  test("lock adds a management lock on the account", () => {
    expect(synth({ lock: { kind: "CanNotDelete" } })).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-stlakedev",
      scope: expect.stringMatching(ACCOUNT_REF),
      lock_level: "CanNotDelete",
    });
  });

  test("tags are passed to the account", () => {
    expect(synth({ tags: { app: "lake" } })).toHaveResourceWithProperties(StorageAccount, { tags: { app: "lake" } });
  });

  test("grantReadWrite grants Storage Blob Data Contributor on the account", () => {
    const { out } = build({}, (lake) => lake.grantReadWrite({ principalId: "adf-mi", principalType: "ServicePrincipal" }, "adf"));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: expect.stringMatching(ACCOUNT_REF),
      role_definition_name: "Storage Blob Data Contributor",
      principal_id: "adf-mi",
      principal_type: "ServicePrincipal",
    });
  });

  test("grantRead grants Storage Blob Data Reader on the account", () => {
    const { out } = build({}, (lake) => lake.grantRead({ principalId: "analysts", principalType: "Group" }, "analysts"));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Storage Blob Data Reader",
      principal_id: "analysts",
      principal_type: "Group",
    });
  });

  test("grants with layers: one assignment per filesystem, on the container, additional filesystems included", () => {
    const adf = { principalId: "adf-mi", principalType: "ServicePrincipal" as const };
    const { out, lake } = build({ additionalFilesystems: ["catalog"] }, (l) => l.grantReadWrite(adf, "adf", { layers: ["bronze", "catalog"] }));
    const grants = Object.entries<any>(JSON.parse(out).resource.azurerm_role_assignment);
    expect(grants.map(([, g]) => [g.role_definition_name, g.scope, g.description])).toEqual([
      [
        "Storage Blob Data Contributor",
        expect.stringMatching(/^\$\{azurerm_storage_container\.Lake_Filesystem-bronze_[^.]+\.id\}$/),
        "Read and write lake data (bronze)",
      ],
      [
        "Storage Blob Data Contributor",
        expect.stringMatching(/^\$\{azurerm_storage_container\.Lake_Filesystem-catalog_[^.]+\.id\}$/),
        "Read and write lake data (catalog)",
      ],
    ]);
    expect(grants.map(([id]) => id)).toEqual([
      expect.stringMatching(/^Lake_Grant-ReadWrite-adf-bronze_/),
      expect.stringMatching(/^Lake_Grant-ReadWrite-adf-catalog_/),
    ]);
    expect(lake.filesystem("gold")).toBe(lake.filesystems.gold);
    expect(lake.filesystem("toString")).toBeUndefined();
  });

  test("grantRole: any role, with an ABAC condition (version 2.0) on each assignment", () => {
    const condition = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})))";
    const { out } = build({}, (lake) =>
      lake.grantRole({ principalId: "auditors", principalType: "Group" }, "Storage Blob Data Reader", "audit", { layers: ["gold"], condition }),
    );
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Storage Blob Data Reader",
      condition,
      condition_version: "2.0",
      description: "Storage Blob Data Reader on the lake (gold)",
    });
  });

  test("fails for a grant on a filesystem the lake does not have, or on no filesystem", () => {
    const grantee = { principalId: "x", principalType: "ServicePrincipal" as const };
    expect(() => build({}, (lake) => lake.grantRead(grantee, "x", { layers: ["platinum"] }))).toThrow(
      /grant Read-x: layers names a filesystem the lake does not have \(got "platinum"\)\. Fix: use one of landing, bronze, silver, gold\./,
    );
    expect(() => build({}, (lake) => lake.grantRead(grantee, "x", { layers: [] }))).toThrow(/grant Read-x: layers must name at least one filesystem/);
  });

  test("resourceAccessRules and admitResource admit named resources by resource instance rule, in one block", () => {
    const factoryId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf";
    const connectorId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/dbac";
    const { out } = build({ resourceAccessRules: [{ resourceId: connectorId, tenantId: "00000000-0000-0000-0000-00000000000a" }] }, (lake) =>
      lake.admitResource(factoryId),
    );
    expect((single(out, "azurerm_storage_account").network_rules as any).private_link_access).toEqual([
      { endpoint_resource_id: connectorId, endpoint_tenant_id: "00000000-0000-0000-0000-00000000000a" },
      { endpoint_resource_id: factoryId },
    ]);
    expect((single(out, "azurerm_storage_account").network_rules as any).bypass).toEqual(["None"]);
  });

  test("fails when admitResource gets something that is not a resource id", () => {
    expect(() => build({}, (lake) => lake.admitResource("adf-medal-dev"))).toThrow(
      /Lake: resourceAccessRules must hold Azure resource ids \(got "adf-medal-dev"\)\. Fix: pass the resource's id/,
    );
  });

  test("fails on a name with uppercase letters", () => {
    expect(() => synth({ name: "StLake" })).toThrow(/Lake: name must be 3-24 lowercase letters and digits \(got "StLake"\)/);
  });

  test("fails on a name with hyphens", () => {
    expect(() => synth({ name: "st-lake" })).toThrow(/name must be 3-24 lowercase letters and digits/);
  });

  test("fails on a name longer than 24 characters", () => {
    expect(() => synth({ name: "s".repeat(25) })).toThrow(/name must be 3-24 lowercase letters and digits/);
  });

  test("fails naming the name, retention and network problems at once", () => {
    expect(() => synth({ name: "StLake", softDeleteRetentionInDays: 0, publicNetworkAccess: true, allowedIpRanges: [] })).toThrow(
      /Lake: 3 problems:\n- \S*Lake: name must be 3-24.*\n- \S*Lake: softDeleteRetentionInDays must be a whole number.*\n- \S*Lake: .*$/,
    );
  });

  test("fails on softDeleteRetentionInDays below 1", () => {
    expect(() => synth({ softDeleteRetentionInDays: 0 })).toThrow(/softDeleteRetentionInDays must be a whole number from 1 to 365 \(got 0\)/);
  });

  test("fails on softDeleteRetentionInDays above 365", () => {
    expect(() => synth({ softDeleteRetentionInDays: 366 })).toThrow(/softDeleteRetentionInDays must be a whole number from 1 to 365 \(got 366\)/);
  });

  test("fails on public network access without ranges", () => {
    expect(() => synth({ publicNetworkAccess: true, allowedIpRanges: [] })).toThrow(
      /allowedIpRanges must list at least one range when publicNetworkAccess is true \(got \[\]\)\. Fix: list the networks that need access/,
    );
    expect(() => synth({ publicNetworkAccess: true })).toThrow(/allowedIpRanges must list at least one range when publicNetworkAccess is true/);
  });

  test("fails on ranges while public network access is off", () => {
    expect(() => synth({ allowedIpRanges: ["203.0.113.0/24"] })).toThrow(
      /allowedIpRanges applies only when publicNetworkAccess is true \(got \["203\.0\.113\.0\/24"\]\)\. Fix: remove it, or set publicNetworkAccess: true/,
    );
  });
});

function rules(out: string): Record<string, unknown>[] {
  return single(out, "azurerm_storage_management_policy").rule as Record<string, unknown>[];
}

describe("DataLake lifecycle", () => {
  test("a layer's rule tiers and deletes its filesystem's block blobs", () => {
    const out = synth({ lifecycle: { bronze: { coolAfterDays: 30, deleteAfterDays: 180 } } });
    expect(out).toHaveResourceWithProperties(StorageManagementPolicy, { storage_account_id: expect.stringMatching(ACCOUNT_REF) });
    expect(rules(out)).toEqual([
      {
        name: "bronze-lifecycle",
        enabled: true,
        filters: { blob_types: ["blockBlob"], prefix_match: ["bronze/"] },
        actions: {
          base_blob: {
            tier_to_cool_after_days_since_modification_greater_than: 30,
            delete_after_days_since_modification_greater_than: 180,
          },
        },
      },
    ]);
  });

  test("archiveAfterDays tiers to archive on an LRS account", () => {
    const out = synth({ replication: "LRS", lifecycle: { gold: { archiveAfterDays: 365 } } });
    expect(rules(out)[0].actions).toEqual({ base_blob: { tier_to_archive_after_days_since_modification_greater_than: 365 } });
  });

  test.each(["GRS", "RAGRS"] as const)("archiveAfterDays is accepted on a %s account", (replication) => {
    expect(() => synth({ replication, lifecycle: { gold: { archiveAfterDays: 365 } } })).not.toThrow();
  });

  test("one rule per configured layer, in layer order", () => {
    const out = synth({ lifecycle: { gold: { coolAfterDays: 90 }, landing: { deleteAfterDays: 14 } } });
    expect(rules(out).map((r) => r.name)).toEqual(["landing-lifecycle", "gold-lifecycle"]);
  });

  test("a layer with an empty rule adds no policy", () => {
    expect(JSON.parse(synth({ lifecycle: { silver: {} } })).resource.azurerm_storage_management_policy).toBeUndefined();
  });

  test("cool and archive on the same day is accepted", () => {
    expect(() => synth({ replication: "LRS", lifecycle: { gold: { coolAfterDays: 30, archiveAfterDays: 30 } } })).not.toThrow();
  });

  test("fails when archiveAfterDays is set on a ZRS account (the default)", () => {
    expect(() => synth({ lifecycle: { gold: { archiveAfterDays: 365 } } })).toThrow(
      /Lake: lifecycle\.gold\.archiveAfterDays is not supported with ZRS replication \(the archive tier needs LRS, GRS or RAGRS\) \(got 365\)\. Fix: remove archiveAfterDays .* or set replication to LRS, GRS or RAGRS\./,
    );
  });

  test("fails when archiveAfterDays is set on a GZRS account", () => {
    expect(() => synth({ replication: "GZRS", lifecycle: { bronze: { archiveAfterDays: 90 } } })).toThrow(
      /lifecycle\.bronze\.archiveAfterDays is not supported with GZRS replication/,
    );
  });

  test("fails when archiveAfterDays is set on a RAGZRS account", () => {
    expect(() => synth({ replication: "RAGZRS", lifecycle: { silver: { archiveAfterDays: 90 } } })).toThrow(
      /lifecycle\.silver\.archiveAfterDays is not supported with RAGZRS replication/,
    );
  });

  test("fails on a lifecycle day count below 1", () => {
    expect(() => synth({ lifecycle: { landing: { deleteAfterDays: 0 } } })).toThrow(
      /lifecycle\.landing\.deleteAfterDays must be a whole number from 1 to 36500 \(got 0\)/,
    );
  });

  test("fails on a lifecycle day count above 36500", () => {
    expect(() => synth({ lifecycle: { gold: { coolAfterDays: 36501 } } })).toThrow(
      /lifecycle\.gold\.coolAfterDays must be a whole number from 1 to 36500 \(got 36501\)/,
    );
  });

  test("fails when coolAfterDays is after archiveAfterDays", () => {
    expect(() => synth({ replication: "LRS", lifecycle: { gold: { coolAfterDays: 200, archiveAfterDays: 100 } } })).toThrow(
      /lifecycle\.gold\.coolAfterDays must be <= archiveAfterDays \(100\) \(got 200\)\. Fix: tier to cool before archiving\./,
    );
  });

  test("fails when deleteAfterDays is before the last tier move", () => {
    expect(() => synth({ lifecycle: { bronze: { coolAfterDays: 30, deleteAfterDays: 10 } } })).toThrow(
      /lifecycle\.bronze\.deleteAfterDays must be >= the tiering days \(30\) \(got 10\)\. Fix: delete after the last tier move\./,
    );
  });

  test("fails naming every lifecycle problem at once", () => {
    const lifecycle = { gold: { coolAfterDays: 200, archiveAfterDays: 100 }, bronze: { coolAfterDays: 30, deleteAfterDays: 10 } };
    expect(() => synth({ replication: "LRS", lifecycle })).toThrow(
      /: 2 problems:\n- .*lifecycle\.gold\.coolAfterDays must be <= archiveAfterDays .*\n- .*lifecycle\.bronze\.deleteAfterDays must be >= the tiering days/,
    );
  });
});

describe("DataLake customerManagedKey", () => {
  test("defaults: Microsoft-managed keys, system-assigned identity only", () => {
    const account = JSON.parse(synth()).resource.azurerm_storage_account;
    const attrs = Object.values(account)[0] as Record<string, unknown>;
    expect(attrs.customer_managed_key).toBeUndefined();
    expect(attrs.identity).toEqual({ type: "SystemAssigned" });
  });

  test("a versionless key: the account follows rotations, with the key's identity beside its own", () => {
    const out = synth({ customerManagedKey: testKey("lake") });
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      customer_managed_key: { key_vault_key_id: "https://kv-medal-keys.vault.azure.net/keys/lake", user_assigned_identity_id: KEY_IDENTITY_ID },
      identity: { type: "SystemAssigned, UserAssigned", identity_ids: [KEY_IDENTITY_ID] },
    });
  });

  test("a pinned version, and the identity given once when the caller lists it too", () => {
    const out = synth({
      customerManagedKey: testKey("lake", KEY_VERSION),
      managedIdentities: { systemAssigned: false, userAssignedResourceIds: [KEY_IDENTITY_ID] },
    });
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      customer_managed_key: { key_vault_key_id: `https://kv-medal-keys.vault.azure.net/keys/lake/${KEY_VERSION}`, user_assigned_identity_id: KEY_IDENTITY_ID },
      identity: { type: "UserAssigned", identity_ids: [KEY_IDENTITY_ID] },
    });
  });

  test("fails on a key name Key Vault refuses", () => {
    expect(() => synth({ customerManagedKey: testKey("lake.key") })).toThrow(
      /customerManagedKey\.keyName must be 1-127 letters, digits and hyphens \(a Key Vault key name\) \(got "lake\.key"\)\. Fix:/,
    );
  });
});
