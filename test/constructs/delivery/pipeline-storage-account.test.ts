import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { Testing } from "cdktf";
import { PIPELINE_STORAGE_ACCOUNT_DEFAULTS, PipelineStorageAccount, PipelineStorageAccountProps } from "../../../constructs/delivery/pipeline-storage-account";

const baseProps: PipelineStorageAccountProps = {
  resourceGroupName: "rg-tfstate",
  location: "westeurope",
  name: "sttfstate01",
  containerNames: ["tfstate-dev", "tfstate-prod"],
};

function build(props: Partial<PipelineStorageAccountProps> = {}) {
  let account: PipelineStorageAccount | undefined;
  const out = Testing.synthScope((scope) => {
    account = new PipelineStorageAccount(scope, "State", { ...baseProps, ...props });
  });
  return { out, tf: JSON.parse(out), account: account as PipelineStorageAccount };
}

const accountOf = (tf: any) => Object.values<any>(tf.resource.azurerm_storage_account)[0];
const warningsOf = (account: PipelineStorageAccount) => account.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

describe("PipelineStorageAccount", () => {
  test("defaults: Entra ID only, TLS 1.2, private blobs, versioning and soft delete, firewall, lock, prevent_destroy", () => {
    expect(PIPELINE_STORAGE_ACCOUNT_DEFAULTS).toEqual({
      replication: "ZRS",
      softDeleteRetentionInDays: 30,
      allowedIpRanges: [],
      allowAllNetworks: false,
      lock: { kind: "CanNotDelete" },
      preventDestroy: true,
    });
    const { out, tf, account } = build();
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      name: "sttfstate01",
      account_replication_type: "ZRS",
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      infrastructure_encryption_enabled: true,
      local_user_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] },
      blob_properties: {
        versioning_enabled: true,
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      },
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toHaveResourceWithProperties(ManagementLock, { lock_level: "CanNotDelete", name: "lock-sttfstate01" });
    expect(Object.values(tf.resource.azurerm_storage_container).map((c: any) => [c.name, c.container_access_type])).toEqual([
      ["tfstate-dev", "private"],
      ["tfstate-prod", "private"],
    ]);
    expect(Object.keys(account.containers)).toEqual(["tfstate-dev", "tfstate-prod"]);
    expect(tf.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    expect(warningsOf(account)).toEqual([]);
  });

  test("allowedIpRanges become firewall rules (single addresses without /32)", () => {
    const { out } = build({ allowedIpRanges: ["203.0.113.7/32", "198.51.100.0/24"] });
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.7", "198.51.100.0/24"] },
    });
  });

  test("replication and soft delete retention are configurable", () => {
    const { tf } = build({ replication: "RAGZRS", softDeleteRetentionInDays: 90 });
    expect(accountOf(tf).account_replication_type).toBe("RAGZRS");
    expect(accountOf(tf).blob_properties).toEqual({
      versioning_enabled: true,
      delete_retention_policy: { days: 90 },
      container_delete_retention_policy: { days: 90 },
    });
  });

  test("diagnostic settings log the blob service and send account metrics", () => {
    const { out, tf } = build({ diagnosticSettings: { logs: { workspaceId: "/subscriptions/x/law" } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, { log_analytics_workspace_id: "/subscriptions/x/law" });
    const targets = Object.values(tf.resource.azurerm_monitor_diagnostic_setting).map((d: any) => [
      d.name,
      d.target_resource_id.replace(/\$\{[^}]+\}/, "<account>"),
      d.enabled_metric,
    ]);
    expect(targets.sort()).toEqual([
      ["diag-logs", "<account>/blobServices/default", [{ category: "Transaction" }]],
      ["diag-logs-account", "<account>", [{ category: "Transaction" }]],
    ]);
  });

  test("allowAllNetworks opts out with a warning", () => {
    const { tf, account } = build({ allowAllNetworks: true });
    expect(accountOf(tf).network_rules.default_action).toBe("Allow");
    expect(warningsOf(account)).toEqual([expect.stringMatching(/^allowAllNetworks opts out of a secure default/)]);
  });

  test("lock: false and preventDestroy: false opt out with warnings", () => {
    const { tf, account } = build({ lock: false, preventDestroy: false });
    expect(tf.resource.azurerm_management_lock).toBeUndefined();
    expect(accountOf(tf).lifecycle).toEqual({ prevent_destroy: false });
    expect(warningsOf(account)).toEqual([expect.stringMatching(/^lock opts out/), expect.stringMatching(/^preventDestroy opts out/)]);
  });

  test("fails on a bad account name", () => {
    expect(() => build({ name: "St-State" })).toThrow(/State: name must be 3-24 lowercase letters and digits \(got "St-State"\)/);
  });

  test("fails on soft delete retention out of range", () => {
    expect(() => build({ softDeleteRetentionInDays: 3 })).toThrow(/softDeleteRetentionInDays must be a whole number from 7 to 365 \(got 3\)/);
  });

  test("fails without containers", () => {
    expect(() => build({ containerNames: [] })).toThrow(
      /containerNames must name at least one container \(got \[\]\)\. Fix: list one container per environment/,
    );
  });

  test("fails on a bad or repeated container name", () => {
    expect(() => build({ containerNames: ["TFState"] })).toThrow(
      /containerNames entries must be 3-63 lowercase letters, digits and single hyphens \(got "TFState"\)/,
    );
    expect(() => build({ containerNames: ["tfstate-dev", "tfstate-dev"] })).toThrow(/containerNames must not repeat a name \(got "tfstate-dev"\)/);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ name: "St-State", softDeleteRetentionInDays: 3, containerNames: ["tfstate-dev", "tfstate-dev"] })).toThrow(
      /State: 3 problems:\n- \S*State: name must be 3-24 lowercase.*\n- \S*State: softDeleteRetentionInDays must be a whole number.*\n- \S*State: containerNames must not repeat a name.*$/,
    );
  });

  test("fails naming every bad container name at once", () => {
    expect(() => build({ containerNames: ["TFState", "tfstate-dev", "tf_state"] })).toThrow(
      /State: 2 problems:\n- \S*State: containerNames entries must be .*\(got "TFState"\).*\n- \S*State: containerNames entries must be .*\(got "tf_state"\).*$/,
    );
  });

  test("fails on IP ranges next to allowAllNetworks", () => {
    expect(() => build({ allowAllNetworks: true, allowedIpRanges: ["203.0.113.0/24"] })).toThrow(/allowedIpRanges has no effect when allowAllNetworks is true/);
  });
});
