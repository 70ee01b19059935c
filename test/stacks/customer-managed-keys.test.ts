import { Testing } from "cdktf";
import { loadEnvironmentConfigs } from "../../config/load";
import { AZURERM_REPLACEMENT } from "../../review/replacement";
import { addShippedEnvironment } from "./shipped-platform";
import { prodWith } from "../config/config-fixtures";

/**
 * Customer-managed keys are off in every shipped environment; this turns them on for prod, every service at once,
 * and reads what the data and AKS stacks then deploy (the policy pack runs in the same synth).
 */
const SUBSCRIPTION = "44444444-4444-4444-4444-444444444444"; // prod.yaml's
const VAULT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-medal-keys`;
const VERSION = "0123456789abcdef0123456789abcdef";
const AZURE_DATABRICKS = "55555555-aaaa-4bbb-8ccc-555555555555";

const [config] = loadEnvironmentConfigs(
  prodWith((c) => {
    c.encryption = {
      customerManagedKeys: {
        keyVaultId: VAULT,
        dataLake: { keyName: "lake" },
        sqlServer: { keyName: "sql", keyVersion: VERSION },
        databricks: { keyName: "databricks", keyVersion: VERSION, azureDatabricksPrincipalId: AZURE_DATABRICKS },
        aksDisks: { keyName: "aks-disks", keyVersion: VERSION },
      },
    };
  }),
);
const stacks = addShippedEnvironment(Testing.app({ stackTraces: false }), config);
const data = JSON.parse(Testing.synth(stacks.data, true));
const aks = JSON.parse(Testing.synth(stacks.aks, true));
const k8sConfig = JSON.parse(Testing.synth(stacks.k8sConfig, true));
const databricks = JSON.parse(Testing.synth(stacks.databricks, true));
const all = (tf: any, type: string): Record<string, any>[] => Object.values(tf.resource[type] ?? {});
const one = (tf: any, type: string): Record<string, any> => {
  const found = all(tf, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const keyGrants = (tf: any) => all(tf, "azurerm_role_assignment").filter((a) => a.role_definition_name === "Key Vault Crypto Service Encryption User");

describe("customer-managed keys turned on (prod, every service)", () => {
  test("each of our services unwraps its key with an identity of its own, granted on its key only", () => {
    const identities = all(data, "azurerm_user_assigned_identity").map((i) => i.name);
    expect(identities).toEqual(expect.arrayContaining(["id-medal-prod-weu-cmk-lake", "id-medal-prod-weu-cmk-sql"]));
    expect(all(aks, "azurerm_user_assigned_identity").map((i) => i.name)).toContain("id-medal-prod-weu-cmk-aks-disks");
    expect(
      keyGrants(data)
        .map((g) => g.scope)
        .sort(),
    ).toEqual([`${VAULT}/keys/databricks`, `${VAULT}/keys/lake`, `${VAULT}/keys/sql`]);
    // The workspace's managed disk identity exists once <env>-data set the key: <env>-databricks grants it.
    expect(keyGrants(databricks)).toEqual([
      expect.objectContaining({
        scope: `${VAULT}/keys/databricks`,
        principal_id: expect.stringMatching(/^\$\{data\.azurerm_databricks_workspace\.[^.]+\.managed_disk_identity\[0\]\.principal_id\}$/),
      }),
    ]);
    expect(keyGrants(aks).map((g) => g.scope)).toEqual([`${VAULT}/keys/aks-disks`]);
  });

  test("the lake follows its key's rotations; SQL, Databricks and the disks pin a version", () => {
    const lake = all(data, "azurerm_storage_account").find((a) => a.is_hns_enabled);
    expect(lake?.customer_managed_key.key_vault_key_id).toBe("https://kv-medal-keys.vault.azure.net/keys/lake");
    expect(lake?.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\.LakeKeyIdentity_Grant-KeyEncryption/)]);
    expect(one(data, "azurerm_mssql_server").transparent_data_encryption_key_vault_key_id).toBe(`https://kv-medal-keys.vault.azure.net/keys/sql/${VERSION}`);
    expect(one(data, "azurerm_databricks_workspace").managed_services_cmk_key_vault_key_id).toBe(
      `https://kv-medal-keys.vault.azure.net/keys/databricks/${VERSION}`,
    );
    expect(one(aks, "azurerm_disk_encryption_set").key_vault_key_id).toBe(`https://kv-medal-keys.vault.azure.net/keys/aks-disks/${VERSION}`);
    expect(one(aks, "azurerm_kubernetes_cluster").disk_encryption_set_id).toMatch(/^\$\{azurerm_disk_encryption_set\./);
  });

  test("the database StorageClass encrypts its volumes with the cluster's disk encryption set", () => {
    const classes = all(k8sConfig, "kubernetes_manifest")
      .map((m) => m.manifest)
      .filter((m) => m.kind === "StorageClass");
    const disk = classes.find((c) => c.provisioner === "disk.csi.azure.com");
    const des = one(aks, "azurerm_disk_encryption_set");
    expect(disk.parameters.diskEncryptionSetID).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-medal-prod-weu-aks/providers/Microsoft.Compute/diskEncryptionSets/${des.name}`,
    );
  });

  test("the shipped environments keep Microsoft-managed keys", () => {
    for (const env of loadEnvironmentConfigs()) expect(env.encryption.customerManagedKeys).toBeUndefined();
  });

  test("the review's replacement table knows every azurerm resource type the keys add", () => {
    const types = [data, aks, k8sConfig, databricks].flatMap((tf) => Object.keys(tf.resource ?? {}).filter((t) => t.startsWith("azurerm_")));
    expect([...new Set(types)].filter((t) => !AZURERM_REPLACEMENT.types[t]).sort()).toEqual([]);
  });
});
