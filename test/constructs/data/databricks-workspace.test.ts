import { DatabricksAccessConnector } from "@cdktf/provider-azurerm/lib/databricks-access-connector";
import { DatabricksWorkspace as AzDatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformOutput, Testing } from "cdktf";
import {
  DATABRICKS_WORKSPACE_DEFAULTS,
  DATABRICKS_WORKSPACE_FIXED,
  DatabricksWorkspace,
  DatabricksWorkspaceProps,
} from "../../../constructs/data/databricks-workspace";
import { KEYS_VAULT_ID, KEY_VERSION } from "../../support/keys";
import { grantManagedDiskKey } from "../../../constructs/data/databricks-workspace";
import { INsgAssociatedSubnet } from "../../../constructs/core/interfaces";

const VNET_ID = "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-data";

/** A delegated subnet as a network construct hands it over (no association resources here). */
function injectedSubnet(name: string, associations: INsgAssociatedSubnet["associations"] = []): INsgAssociatedSubnet {
  return { name, id: `${VNET_ID}/subnets/${name}`, networkSecurityGroupAssociationId: `${VNET_ID}/subnets/${name}`, associations };
}

const baseProps: DatabricksWorkspaceProps = {
  resourceGroupName: "rg-data",
  location: "westeurope",
  name: "dbw-data-dev",
  virtualNetworkId: VNET_ID,
  hostSubnet: injectedSubnet("snet-dbw-host"),
  containerSubnet: injectedSubnet("snet-dbw-container"),
};

function synth(props: Partial<DatabricksWorkspaceProps> = {}): string {
  return Testing.synthScope((scope) => {
    new DatabricksWorkspace(scope, "Dbw", { ...baseProps, ...props });
  });
}

/** Synthesizes and returns the construct too, for outputs and warnings. */
function build(props: Partial<DatabricksWorkspaceProps> = {}): { synth: string; dbw: DatabricksWorkspace } {
  let dbw: DatabricksWorkspace | undefined;
  const out = Testing.synthScope((scope) => {
    dbw = new DatabricksWorkspace(scope, "Dbw", { ...baseProps, ...props });
  });
  return { synth: out, dbw: dbw as DatabricksWorkspace };
}

function warnings(dbw: DatabricksWorkspace): string[] {
  return dbw.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

/** Synthesizes the construct with its public outputs as Terraform outputs, and returns them by name. */
function outputs(): Record<string, string> {
  const out = Testing.synthScope((scope) => {
    const dbw = new DatabricksWorkspace(scope, "Dbw", baseProps);
    const values: Record<string, string> = {
      id: dbw.id,
      workspaceId: dbw.workspaceId,
      workspaceUrl: dbw.workspaceUrl,
      accessConnectorId: dbw.accessConnector.id,
      accessConnectorPrincipalId: dbw.accessConnector.principalId,
    };
    for (const [name, value] of Object.entries(values)) new TerraformOutput(scope, name, { value });
  });
  const parsed = JSON.parse(out).output as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

function resources(out: string, type: string): Record<string, Record<string, unknown>> {
  return JSON.parse(out).resource[type] ?? {};
}

describe("DatabricksWorkspace", () => {
  test("defaults", () => {
    const { synth: out, dbw } = build();
    expect(DATABRICKS_WORKSPACE_DEFAULTS).toEqual({
      publicNetworkAccess: false,
      infrastructureEncryptionEnabled: true,
      preventDestroy: false,
    });
    expect(Object.values<any>(JSON.parse(out).resource.azurerm_databricks_workspace)[0]).not.toHaveProperty("lifecycle");
    expect(out).toHaveResourceWithProperties(AzDatabricksWorkspace, {
      name: "dbw-data-dev",
      resource_group_name: "rg-data",
      location: "westeurope",
      sku: DATABRICKS_WORKSPACE_FIXED.sku,
      managed_resource_group_name: "databricks-rg-dbw-data-dev",
      public_network_access_enabled: false,
      network_security_group_rules_required: "NoAzureDatabricksRules",
      infrastructure_encryption_enabled: true,
      custom_parameters: {
        no_public_ip: true,
        virtual_network_id: VNET_ID,
        public_subnet_name: "snet-dbw-host",
        private_subnet_name: "snet-dbw-container",
        public_subnet_network_security_group_association_id: `${VNET_ID}/subnets/snet-dbw-host`,
        private_subnet_network_security_group_association_id: `${VNET_ID}/subnets/snet-dbw-container`,
      },
    });
    expect(DATABRICKS_WORKSPACE_FIXED.sku).toBe("premium");
    expect(warnings(dbw)).toEqual([]);
    // No optional children unless asked for.
    for (const type of [MonitorDiagnosticSetting, ManagementLock, RoleAssignment, PrivateEndpoint]) {
      expect(out).not.toHaveResource(type);
    }
  });

  test("primary resource has construct id Resource", () => {
    const { dbw } = build();
    expect(dbw.node.findChild("Resource")).toBe(dbw.resource);
  });

  test("access connector with system-assigned identity", () => {
    const { synth: out, dbw } = build({ tags: { env: "dev" } });
    expect(out).toHaveResourceWithProperties(DatabricksAccessConnector, {
      name: "dbac-dbw-data-dev",
      resource_group_name: "rg-data",
      location: "westeurope",
      identity: { type: "SystemAssigned" },
      tags: { env: "dev" },
    });
    expect(dbw.node.findChild("AccessConnector")).toBeInstanceOf(DatabricksAccessConnector);
    expect(dbw.accessConnector.principalType).toBe("ServicePrincipal");
  });

  test("accessConnectorName overrides the connector name", () => {
    expect(synth({ accessConnectorName: "ac-unity" })).toHaveResourceWithProperties(DatabricksAccessConnector, {
      name: "ac-unity",
    });
  });

  test("outputs reference the workspace and the access connector", () => {
    expect(outputs()).toEqual({
      id: expect.stringMatching(/^\$\{azurerm_databricks_workspace\.[^.]+\.id\}$/),
      workspaceId: expect.stringMatching(/^\$\{azurerm_databricks_workspace\.[^.]+\.workspace_id\}$/),
      workspaceUrl: expect.stringMatching(/^\$\{azurerm_databricks_workspace\.[^.]+\.workspace_url\}$/),
      accessConnectorId: expect.stringMatching(/^\$\{azurerm_databricks_access_connector\.[^.]+\.id\}$/),
      accessConnectorPrincipalId: expect.stringMatching(/^\$\{azurerm_databricks_access_connector\.[^.]+\.identity\[0\]\.principal_id\}$/),
    });
  });

  test("managedResourceGroupName", () => {
    expect(synth({ managedResourceGroupName: "rg-dbw-managed" })).toHaveResourceWithProperties(AzDatabricksWorkspace, {
      managed_resource_group_name: "rg-dbw-managed",
    });
  });

  test("publicNetworkAccess opts out with a warning", () => {
    const { synth: out, dbw } = build({ publicNetworkAccess: true });
    expect(out).toHaveResourceWithProperties(AzDatabricksWorkspace, {
      public_network_access_enabled: true,
      network_security_group_rules_required: "AllRules",
    });
    expect(warnings(dbw)).toEqual([expect.stringMatching(/^publicNetworkAccess opts out of a secure default/)]);
  });

  test("infrastructureEncryptionEnabled false opts out with a warning", () => {
    const { synth: out, dbw } = build({ infrastructureEncryptionEnabled: false });
    expect(out).toHaveResourceWithProperties(AzDatabricksWorkspace, { infrastructure_encryption_enabled: false });
    expect(warnings(dbw)).toEqual([expect.stringMatching(/^infrastructureEncryptionEnabled opts out/)]);
  });

  test("tags", () => {
    expect(synth({ tags: { env: "dev" } })).toHaveResourceWithProperties(AzDatabricksWorkspace, {
      tags: { env: "dev" },
    });
  });

  test("diagnosticSettings", () => {
    const out = synth({ diagnosticSettings: { law: { workspaceId: "law-id" } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      log_analytics_workspace_id: "law-id",
      target_resource_id: expect.stringMatching(/azurerm_databricks_workspace\.[^.]+\.id/),
    });
  });

  test("lock", () => {
    expect(synth({ lock: { kind: "CanNotDelete" } })).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-dbw-data-dev",
      lock_level: "CanNotDelete",
    });
  });

  test("roleAssignments", () => {
    const out = synth({ roleAssignments: { ops: { roleDefinitionIdOrName: "Reader", principalId: "group-1" } } });
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Reader",
      principal_id: "group-1",
    });
  });

  test("privateEndpoints use databricks_ui_api", () => {
    const out = synth({ privateEndpoints: { fe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-dbw"] } } });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-dbw-data-dev-databricks_ui_api",
      subnet_id: "snet-pe",
      private_service_connection: expect.objectContaining({ subresource_names: ["databricks_ui_api"] }),
    });
  });

  test("browserAuthenticationPrivateEndpoints use browser_authentication", () => {
    const out = synth({
      privateEndpoints: { fe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-dbw"] } },
      browserAuthenticationPrivateEndpoints: { fe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-dbw"] } },
    });
    expect(Object.keys(resources(out, "azurerm_private_endpoint"))).toHaveLength(2);
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-dbw-data-dev-browser_authentication",
      private_service_connection: expect.objectContaining({ subresource_names: ["browser_authentication"] }),
    });
  });

  test("endpoints to the same workspace are created one at a time: browser_authentication after databricks_ui_api", () => {
    const out = synth({
      privateEndpoints: { fe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-dbw"] } },
      browserAuthenticationPrivateEndpoints: { fe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-dbw"] } },
    });
    const endpoints = Object.entries(resources(out, "azurerm_private_endpoint"));
    const [uiApiKey] = endpoints.find(([, r]) => r.name === "pe-dbw-data-dev-databricks_ui_api")!;
    const [, browserAuth] = endpoints.find(([, r]) => r.name === "pe-dbw-data-dev-browser_authentication")!;
    expect(browserAuth.depends_on).toEqual([`azurerm_private_endpoint.${uiApiKey}`]);
  });

  test("preventDestroy: a plan that would delete or replace the workspace fails", () => {
    expect(synth({ preventDestroy: true })).toHaveResourceWithProperties(AzDatabricksWorkspace, { lifecycle: { prevent_destroy: true } });
  });

  test("the workspace waits for everything that rewrites its subnets (their associations)", () => {
    const out = Testing.synthScope((scope) => {
      const nat = new ManagementLock(scope, "StandIn", { name: "x", scope: VNET_ID, lockLevel: "CanNotDelete" });
      new DatabricksWorkspace(scope, "Dbw", { ...baseProps, hostSubnet: injectedSubnet("snet-dbw-host", [nat]) });
    });
    const [workspace] = Object.values(resources(out, "azurerm_databricks_workspace"));
    expect(workspace.depends_on).toEqual([expect.stringMatching(/^azurerm_management_lock\.StandIn/)]);
    expect(Object.values(resources(synth(), "azurerm_databricks_workspace"))[0]).not.toHaveProperty("depends_on");
  });

  test("fails on an invalid name", () => {
    expect(() => synth({ name: "dbw data" })).toThrow(/name must be 3-64 letters, digits, underscores or hyphens/);
  });

  test("fails on an invalid access connector name", () => {
    expect(() => synth({ accessConnectorName: "ac.unity" })).toThrow(/accessConnectorName must be/);
  });

  test("fails when the managed resource group is the workspace's resource group", () => {
    expect(() => synth({ managedResourceGroupName: "RG-DATA" })).toThrow(/managedResourceGroupName must differ from resourceGroupName .*got "RG-DATA"/);
  });

  test("fails when host and container subnets are the same", () => {
    expect(() => synth({ containerSubnet: injectedSubnet("snet-dbw-host") })).toThrow(
      /containerSubnet\.name must differ from hostSubnet\.name \(Databricks needs two delegated subnets\) \(got "snet-dbw-host"\)/,
    );
  });

  test("skips validation of unresolved tokens", () => {
    const out = Testing.synthScope((scope) => {
      const first = new DatabricksWorkspace(scope, "First", baseProps);
      new DatabricksWorkspace(scope, "Second", { ...baseProps, name: "dbw-two", managedResourceGroupName: first.name });
    });
    expect(Object.keys(resources(out, "azurerm_databricks_workspace"))).toHaveLength(2);
  });
});

describe("DatabricksWorkspace diagnostics", () => {
  test("send logs only: a workspace has no metric category", () => {
    const tf = JSON.parse(synth({ diagnosticSettings: { law: { workspaceId: "/law" } } }));
    const setting = Object.values<any>(tf.resource.azurerm_monitor_diagnostic_setting)[0];
    expect(setting.enabled_log).toEqual([{ category_group: "allLogs" }]);
    expect(setting.enabled_metric ?? []).toEqual([]);
  });
});

describe("DatabricksWorkspace customerManagedKey", () => {
  const AZURE_DATABRICKS = "33333333-3333-3333-3333-333333333333";
  const key = { keyVaultResourceId: KEYS_VAULT_ID, keyName: "databricks", keyVersion: KEY_VERSION, azureDatabricksPrincipalId: AZURE_DATABRICKS };
  const grants = (out: string) => Object.values(JSON.parse(out).resource.azurerm_role_assignment ?? {}) as Record<string, any>[];

  test("defaults: Microsoft-managed keys, no key grant", () => {
    const out = synth();
    const attrs = Object.values(JSON.parse(out).resource.azurerm_databricks_workspace)[0] as Record<string, unknown>;
    expect(attrs.managed_services_cmk_key_vault_key_id).toBeUndefined();
    expect(attrs.managed_disk_cmk_key_vault_key_id).toBeUndefined();
    expect(grants(out).filter((g) => g.role_definition_name === "Key Vault Crypto Service Encryption User")).toEqual([]);
  });

  test("managed services and managed disks use the key; the AzureDatabricks application holds the encryption role on it", () => {
    const out = synth({ customerManagedKey: key });
    const url = `https://kv-medal-keys.vault.azure.net/keys/databricks/${KEY_VERSION}`;
    expect(out).toHaveResourceWithProperties(AzDatabricksWorkspace, {
      managed_services_cmk_key_vault_id: KEYS_VAULT_ID,
      managed_services_cmk_key_vault_key_id: url,
      managed_disk_cmk_key_vault_id: KEYS_VAULT_ID,
      managed_disk_cmk_key_vault_key_id: url,
      managed_disk_cmk_rotation_to_latest_version_enabled: false,
    });
    // The AzureDatabricks application, before the workspace; the managed disk identity is granted by the caller.
    const keyGrants = grants(out).filter((g) => g.role_definition_name === "Key Vault Crypto Service Encryption User");
    expect(keyGrants).toEqual([
      expect.objectContaining({ scope: `${KEYS_VAULT_ID}/keys/databricks`, principal_id: AZURE_DATABRICKS, principal_type: "ServicePrincipal" }),
    ]);
    const workspace = Object.values(JSON.parse(out).resource.azurerm_databricks_workspace)[0] as Record<string, any>;
    expect(workspace.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\..*ManagedServicesKey/)]));
  });

  test("grantManagedDiskKey: the managed disk identity on the key", () => {
    const out = Testing.synthScope((scope) => {
      grantManagedDiskKey(scope, "Disk", key, "${data.azurerm_databricks_workspace.ws.managed_disk_identity[0].principal_id}");
    });
    expect(grants(out)).toEqual([
      expect.objectContaining({ scope: `${KEYS_VAULT_ID}/keys/databricks`, role_definition_name: "Key Vault Crypto Service Encryption User" }),
    ]);
  });

  test("fails on an AzureDatabricks principal id that is not a GUID", () => {
    expect(() => synth({ customerManagedKey: { ...key, azureDatabricksPrincipalId: "AzureDatabricks" } })).toThrow(
      /customerManagedKey\.azureDatabricksPrincipalId must be a GUID \(the AzureDatabricks application's object id in the tenant\) \(got "AzureDatabricks"\)/,
    );
  });

  test("fails on a key version that is not one", () => {
    expect(() => synth({ customerManagedKey: { ...key, keyVersion: "v1" } })).toThrow(/customerManagedKey\.keyVersion must be 32 lowercase hexadecimal digits/);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ name: "dbw data", accessConnectorName: "ac.unity", managedResourceGroupName: "RG-DATA" })).toThrow(
      /: 3 problems:\n- \S+: name must be 3-64 letters.*\n- \S+: accessConnectorName must be.*\n- \S+: managedResourceGroupName must differ from resourceGroupName.*$/,
    );
  });
});
