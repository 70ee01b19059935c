import { KeyVault as AzKeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Testing } from "cdktf";
import { KEY_VAULT_DEFAULTS, KeyVault, KeyVaultProps } from "../../../constructs/security/key-vault";

const TENANT = "00000000-0000-0000-0000-0000000000aa";
const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
const SUBNET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe";
const ZONE = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";
const VAULT_REF = /^\$\{azurerm_key_vault\.[^.]+\.id\}$/;

const baseProps: KeyVaultProps = { resourceGroupName: "rg-data", location: "westeurope", name: "kv-data-dev", tenantId: TENANT };

function build(props: Partial<KeyVaultProps> = {}, extra?: (kv: KeyVault) => void): { out: string; kv: KeyVault } {
  let kv: KeyVault | undefined;
  const out = Testing.synthScope((scope) => {
    kv = new KeyVault(scope, "Vault", { ...baseProps, ...props });
    extra?.(kv);
  });
  return { out, kv: kv as KeyVault };
}

function synth(props: Partial<KeyVaultProps> = {}): string {
  return build(props).out;
}

function warnings(kv: KeyVault): string[] {
  return kv.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("KeyVault", () => {
  test("defaults", () => {
    expect(KEY_VAULT_DEFAULTS).toEqual({ softDeleteRetentionInDays: 90 });
    const { out, kv } = build();
    expect(out).toHaveResourceWithProperties(AzKeyVault, {
      name: "kv-data-dev",
      location: "westeurope",
      resource_group_name: "rg-data",
      tenant_id: TENANT,
      sku_name: "standard",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
    });
    const resources = JSON.parse(out).resource;
    for (const type of ["azurerm_private_endpoint", "azurerm_monitor_diagnostic_setting", "azurerm_role_assignment", "azurerm_management_lock"]) {
      expect(resources[type]).toBeUndefined();
    }
    expect(warnings(kv)).toEqual([]);
    expect(kv.name).toBe("kv-data-dev");
  });

  test("softDeleteRetentionInDays sets the retention", () => {
    expect(synth({ softDeleteRetentionInDays: 7 })).toHaveResourceWithProperties(AzKeyVault, { soft_delete_retention_days: 7 });
  });

  test("publicNetworkAccess admits allowedIpRanges only, default action stays Deny", () => {
    expect(synth({ publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24"] })).toHaveResourceWithProperties(AzKeyVault, {
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"] },
    });
  });

  test("publicNetworkAccess warns about the opt-out", () => {
    const { kv } = build({ publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24"] });
    expect(warnings(kv)).toEqual([
      "publicNetworkAccess opts out of a secure default: the vault's firewall admits public IP ranges [opt-out KeyVault.publicNetworkAccess]",
    ]);
  });

  test("privateEndpoints adds a vault endpoint per entry", () => {
    expect(synth({ privateEndpoints: { primary: { subnetId: SUBNET, privateDnsZoneIds: [ZONE] } } })).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-kv-data-dev-vault",
      subnet_id: SUBNET,
      private_service_connection: expect.objectContaining({
        private_connection_resource_id: expect.stringMatching(VAULT_REF),
        subresource_names: ["vault"],
      }),
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [ZONE] },
    });
  });

  test("diagnosticSettings sends vault logs to the workspace", () => {
    expect(synth({ diagnosticSettings: { law: { workspaceId: LAW_ID } } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      target_resource_id: expect.stringMatching(VAULT_REF),
      log_analytics_workspace_id: LAW_ID,
    });
  });

  test("roleAssignments assigns roles on the vault", () => {
    expect(
      synth({ roleAssignments: { admins: { roleDefinitionIdOrName: "Key Vault Administrator", principalId: "p1", principalType: "Group" } } }),
    ).toHaveResourceWithProperties(RoleAssignment, {
      scope: expect.stringMatching(VAULT_REF),
      role_definition_name: "Key Vault Administrator",
      principal_id: "p1",
      principal_type: "Group",
    });
  });

  test("lock adds a management lock on the vault", () => {
    expect(synth({ lock: { kind: "CanNotDelete" } })).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-kv-data-dev",
      scope: expect.stringMatching(VAULT_REF),
      lock_level: "CanNotDelete",
    });
  });

  test("tags are passed through", () => {
    expect(synth({ tags: { app: "data" } })).toHaveResourceWithProperties(AzKeyVault, { tags: { app: "data" } });
  });

  test("grantSecretRead grants Key Vault Secrets User on one secret, not the vault", () => {
    const { out } = build({}, (kv) => kv.grantSecretRead({ principalId: "adf-mi", principalType: "ServicePrincipal" }, "crm-password", "adf"));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: expect.stringMatching(/^\$\{azurerm_key_vault\.[^.]+\.id\}\/secrets\/crm-password$/),
      role_definition_name: "Key Vault Secrets User",
      principal_id: "adf-mi",
      principal_type: "ServicePrincipal",
    });
  });

  test("fails on a secret name that Key Vault refuses", () => {
    expect(() => build({}, (kv) => kv.grantSecretRead({ principalId: "adf-mi", principalType: "ServicePrincipal" }, "crm_password", "adf"))).toThrow(
      /secretName must be 1-127 letters, digits and hyphens \(a Key Vault secret name\) \(got "crm_password"\)/,
    );
  });

  test("fails on a name starting with a digit", () => {
    expect(() => synth({ name: "1kv-data" })).toThrow(/Vault: name must be 3-24 letters, digits and single hyphens \(got "1kv-data"\)/);
  });

  test("fails naming the name, retention and network problems at once", () => {
    expect(() => synth({ name: "1kv-data", softDeleteRetentionInDays: 3, publicNetworkAccess: true, allowedIpRanges: [] })).toThrow(
      /Vault: 3 problems:\n- \S*Vault: name must be 3-24.*\n- \S*Vault: softDeleteRetentionInDays must be a whole number.*\n- \S*Vault: .*$/,
    );
  });

  test("fails on a name with consecutive hyphens", () => {
    expect(() => synth({ name: "kv--data" })).toThrow(/name must be 3-24 letters, digits and single hyphens/);
  });

  test("fails on a name longer than 24 characters", () => {
    expect(() => synth({ name: "kv" + "a".repeat(23) })).toThrow(/name must be 3-24 letters, digits and single hyphens/);
  });

  test("fails on softDeleteRetentionInDays below 7", () => {
    expect(() => synth({ softDeleteRetentionInDays: 6 })).toThrow(/softDeleteRetentionInDays must be a whole number from 7 to 90 \(got 6\)/);
  });

  test("fails on softDeleteRetentionInDays above 90", () => {
    expect(() => synth({ softDeleteRetentionInDays: 91 })).toThrow(/softDeleteRetentionInDays must be a whole number from 7 to 90 \(got 91\)/);
  });

  test("fails on public network access without ranges, and on ranges without it", () => {
    expect(() => synth({ publicNetworkAccess: true, allowedIpRanges: [] })).toThrow(
      /allowedIpRanges must list at least one range when publicNetworkAccess is true \(got \[\]\)/,
    );
    expect(() => synth({ allowedIpRanges: ["203.0.113.0/24"] })).toThrow(/allowedIpRanges applies only when publicNetworkAccess is true/);
  });
});

describe("KeyVault as an AzureResource", () => {
  test("grantRole: any role on the vault, described by default as the role on the construct path", () => {
    const auditors = { principalId: "auditors", principalType: "Group" as const };
    const { out, kv } = build({}, (vault) => vault.grantRole(auditors, "Key Vault Reader", "auditors"));
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Key Vault Reader",
      principal_id: "auditors",
      principal_type: "Group",
      description: "Key Vault Reader on stack/Vault",
      scope: expect.stringMatching(/^\$\{azurerm_key_vault\.Vault_[^.]+\.id\}$/),
    });
    expect(kv.node.tryFindChild("Grant-auditors")).toBeDefined();
  });
});
