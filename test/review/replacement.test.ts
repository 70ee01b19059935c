import { AZURERM_REPLACEMENT, changeEffect, normalizeAttribute } from "../../review/replacement";

describe("the azurerm replacement table", () => {
  test("is v4.55.0 and has the main types' schema ForceNew attributes (test/stacks checks it covers every deployed type)", () => {
    expect(AZURERM_REPLACEMENT.version).toBe("4.55.0");
    for (const type of [
      "azurerm_storage_account",
      "azurerm_kubernetes_cluster",
      "azurerm_databricks_workspace",
      "azurerm_key_vault",
      "azurerm_mssql_database",
      "azurerm_subnet",
      "azurerm_nat_gateway",
    ]) {
      expect(AZURERM_REPLACEMENT.types[type]).toBeDefined();
    }
    expect(AZURERM_REPLACEMENT.types.azurerm_storage_account.forceNew).toEqual(
      expect.arrayContaining(["is_hns_enabled", "infrastructure_encryption_enabled", "name"]),
    );
    expect(AZURERM_REPLACEMENT.types.azurerm_kubernetes_cluster.forceNew).toEqual(
      expect.arrayContaining(["dns_prefix", "private_cluster_enabled", "kubelet_identity.user_assigned_identity_id", "network_profile.pod_cidr"]),
    );
  });
});

describe("changeEffect", () => {
  test("schema ForceNew attributes replace", () => {
    expect(changeEffect("azurerm_storage_account", "is_hns_enabled", true, false)).toMatchObject({ effect: "replace" });
    expect(changeEffect("azurerm_kubernetes_cluster", "private_cluster_enabled", false, true)).toMatchObject({
      effect: "replace",
      note: expect.stringContaining("kubernetes_cluster_resource.go"),
    });
    expect(changeEffect("azurerm_databricks_workspace", "custom_parameters[0].virtual_network_id", "a", "b")).toMatchObject({ effect: "replace" });
    expect(changeEffect("azurerm_nat_gateway", "zones[0]", "1", "2")).toMatchObject({ effect: "replace" });
  });

  test("in-place updates have no effect", () => {
    expect(changeEffect("azurerm_storage_account", "min_tls_version", "TLS1_2", "TLS1_3")).toBeUndefined();
    expect(changeEffect("azurerm_kubernetes_cluster", "sku_tier", "Free", "Standard")).toBeUndefined();
    expect(changeEffect("azurerm_unknown_type", "name", "a", "b")).toBeUndefined();
  });

  test("conditional ForceNew: decided where the condition is known, flagged as may-replace otherwise", () => {
    expect(changeEffect("azurerm_storage_account", "account_replication_type", "LRS", "ZRS")).toMatchObject({ effect: "replace" });
    expect(changeEffect("azurerm_storage_account", "account_replication_type", "GRS", "RAGRS")).toBeUndefined();
    expect(changeEffect("azurerm_kubernetes_cluster", "network_profile.network_policy", "cilium", "calico")).toMatchObject({ effect: "replace" });
    expect(changeEffect("azurerm_kubernetes_cluster", "network_profile.network_policy", undefined, "cilium")).toBeUndefined();
    expect(changeEffect("azurerm_kubernetes_cluster", "network_profile.network_plugin_mode", undefined, "overlay")).toBeUndefined();
    expect(changeEffect("azurerm_kubernetes_cluster", "default_node_pool.name", "system", "sys")).toMatchObject({ effect: "replace" });
    expect(changeEffect("azurerm_storage_account", "large_file_share_enabled", true, false)).toMatchObject({
      effect: "may-replace",
      note: expect.stringContaining("storage_account_resource.go:1127"),
    });
  });

  test("updates the provider refuses fail; a node pool change rotates the pool when rotation is configured", () => {
    expect(changeEffect("azurerm_key_vault", "soft_delete_retention_days", 7, 30)).toMatchObject({
      effect: "fails",
      note: expect.stringContaining("cannot be modified"),
    });
    expect(changeEffect("azurerm_key_vault", "purge_protection_enabled", true, false)).toMatchObject({ effect: "fails" });
    expect(changeEffect("azurerm_key_vault", "purge_protection_enabled", false, true)).toBeUndefined();
    expect(changeEffect("azurerm_kubernetes_cluster", "default_node_pool.vm_size", "a", "b", { rotationConfigured: true })).toMatchObject({
      effect: "rotates-node-pool",
    });
    expect(changeEffect("azurerm_kubernetes_cluster", "default_node_pool.vm_size", "a", "b")).toMatchObject({ effect: "fails" });
  });

  test("a ForceNew block replaces only when it is added or removed", () => {
    const [block] = AZURERM_REPLACEMENT.types.azurerm_kubernetes_cluster.forceNewBlocks.filter((b) => b === "network_profile");
    expect(block).toBe("network_profile");
    const present = () => true;
    expect(
      changeEffect("azurerm_kubernetes_cluster", "network_profile.outbound_type", "loadBalancer", "userDefinedRouting", { blockExists: present }),
    ).toBeUndefined();
    expect(
      changeEffect("azurerm_kubernetes_cluster", "network_profile.outbound_type", undefined, "loadBalancer", { blockExists: (_b, side) => side === "after" }),
    ).toMatchObject({ effect: "replace" });
  });

  test("kubernetes_manifest: identity fields replace, immutable fields of the kind fail", () => {
    expect(changeEffect("kubernetes_manifest", "manifest.metadata.name", "a", "b")).toMatchObject({ effect: "replace" });
    expect(changeEffect("kubernetes_manifest", "manifest.parameters.skuName", "Premium_LRS", "Premium_ZRS", { kind: "StorageClass" })).toMatchObject({
      effect: "fails",
      note: expect.stringContaining("StorageClass parameters is immutable"),
    });
    expect(changeEffect("kubernetes_manifest", "manifest.spec.volumeClaimTemplates[0].spec.storageClassName", "a", "b", { kind: "StatefulSet" })).toMatchObject(
      { effect: "fails" },
    );
    expect(changeEffect("kubernetes_manifest", "manifest.spec.template.spec.containers[0].image", "a:1", "a:2", { kind: "StatefulSet" })).toBeUndefined();
  });

  test("list indexes are not part of the table's names", () => {
    expect(normalizeAttribute("default_node_pool[0].zones[1]")).toBe("default_node_pool.zones");
  });
});
