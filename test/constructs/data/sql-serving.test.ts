import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MssqlDatabase } from "@cdktf/provider-azurerm/lib/mssql-database";
import { MssqlServer } from "@cdktf/provider-azurerm/lib/mssql-server";
import { MssqlServerExtendedAuditingPolicy } from "@cdktf/provider-azurerm/lib/mssql-server-extended-auditing-policy";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformOutput, Testing } from "cdktf";
import { SQL_SERVERLESS_DEFAULTS, SqlDatabaseSku } from "../../../constructs/data/sql-database-sku";
import { SQL_AUDIT_LOG_TABLE, SQL_SERVING_DEFAULTS, SQL_SERVING_FIXED, SqlServing, SqlServingProps } from "../../../constructs/data/sql-serving";
import { KEY_IDENTITY_ID, KEY_VERSION, testKey } from "../../support/keys";

const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";

const baseProps: SqlServingProps = {
  resourceGroupName: "rg-data",
  location: "westeurope",
  serverName: "sql-serving-dev",
  databaseName: "sqldb-gold",
  entraAdmin: { loginName: "sg-sql-admins", objectId: "00000000-0000-0000-0000-000000000001" },
  sku: SqlDatabaseSku.serverless({ maxVCores: 2 }),
  auditing: { workspaceId: LAW_ID },
};

function build(props: Partial<SqlServingProps> = {}): { synth: string; sql: SqlServing } {
  let sql: SqlServing | undefined;
  const out = Testing.synthScope((scope) => {
    sql = new SqlServing(scope, "Sql", { ...baseProps, ...props });
  });
  return { synth: out, sql: sql as SqlServing };
}

function synth(props: Partial<SqlServingProps> = {}): string {
  return build(props).synth;
}

function warnings(sql: SqlServing): string[] {
  return sql.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

/** The only resource of `type` in the synthesized JSON. */
function single(out: string, type: string): Record<string, unknown> {
  const all = Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, unknown>[];
  expect(all).toHaveLength(1);
  return all[0];
}

describe("SqlServing", () => {
  test("defaults", () => {
    const { synth: out, sql } = build();
    expect(SQL_SERVING_DEFAULTS).toEqual({
      publicNetworkAccess: false,
      outboundNetworkRestriction: true,
      zoneRedundant: false,
      shortTermRetentionDays: 7,
      backupStorageRedundancy: "Geo",
      preventDestroy: true,
      threatDetection: { emailAddresses: [] },
    });
    expect(Object.values<any>(JSON.parse(out).resource.azurerm_mssql_server_security_alert_policy)).toEqual([
      expect.objectContaining({
        state: "Enabled",
        email_account_admins: true,
        server_name: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.name\}$/),
      }),
    ]);
    expect(out).toHaveResourceWithProperties(MssqlServer, {
      name: "sql-serving-dev",
      resource_group_name: "rg-data",
      location: "westeurope",
      version: "12.0",
      minimum_tls_version: "1.2",
      public_network_access_enabled: false,
      outbound_network_restriction_enabled: true,
      identity: { type: "SystemAssigned" },
      azuread_administrator: {
        login_username: "sg-sql-admins",
        object_id: "00000000-0000-0000-0000-000000000001",
        azuread_authentication_only: true,
      },
    });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, {
      name: "sqldb-gold",
      server_id: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}$/),
      sku_name: "GP_S_Gen5_2",
      min_capacity: 0.5,
      auto_pause_delay_in_minutes: 60,
      zone_redundant: false,
      storage_account_type: "Geo",
      short_term_retention_policy: { retention_days: 7 },
      lifecycle: { prevent_destroy: true },
    });
    const db = single(out, "azurerm_mssql_database");
    expect(db).not.toHaveProperty("long_term_retention_policy");
    expect(db).not.toHaveProperty("max_size_gb");
    expect(warnings(sql)).toEqual([]);
    for (const type of [ManagementLock, RoleAssignment, PrivateEndpoint]) expect(out).not.toHaveResource(type);
  });

  test("fixed settings", () => {
    expect(SQL_SERVING_FIXED).toEqual({
      version: "12.0",
      minimumTlsVersion: "1.2",
      azureadAuthenticationOnly: true,
      auditLogCategory: "SQLSecurityAuditEvents",
      auditDiagnosticSettingName: "diag-sql-security-audit",
    });
  });

  test("no SQL login or password anywhere in the output", () => {
    const out = synth({
      publicNetworkAccess: true,
      longTermRetention: { weeklyRetention: "P4W" },
      sku: SqlDatabaseSku.generalPurpose(2),
    });
    const server = single(out, "azurerm_mssql_server");
    expect(server).not.toHaveProperty("administrator_login");
    expect(server).not.toHaveProperty("administrator_login_password");
    expect(server).not.toHaveProperty("administrator_login_password_wo");
    expect(out).not.toMatch(/password/i);
  });

  test("primary resource has construct id Resource and the database id Database", () => {
    const { sql } = build();
    expect(sql.node.findChild("Resource")).toBe(sql.server);
    expect(sql.node.findChild("Database")).toBe(sql.database);
  });

  test("auditing: diagnostic setting on master, then the extended auditing policy", () => {
    const out = synth();
    const setting = single(out, "azurerm_monitor_diagnostic_setting");
    expect(setting).toEqual({
      name: "diag-sql-security-audit",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}\/databases\/master$/),
      log_analytics_workspace_id: LAW_ID,
      enabled_log: [{ category: "SQLSecurityAuditEvents" }],
    });
    const policy = single(out, "azurerm_mssql_server_extended_auditing_policy");
    expect(policy).toEqual({
      server_id: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}$/),
      enabled: true,
      log_monitoring_enabled: true,
      depends_on: [expect.stringMatching(/^azurerm_monitor_diagnostic_setting\./)],
    });
    expect(out).toHaveResource(MssqlServerExtendedAuditingPolicy);
  });

  test("auditing.diagnosticSettingName", () => {
    expect(synth({ auditing: { workspaceId: LAW_ID, diagnosticSettingName: "audit" } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "audit",
      enabled_log: [{ category: "SQLSecurityAuditEvents" }],
    });
  });

  test("the auditing policy sets no retention_in_days: it applies to storage targets only, not Log Analytics", () => {
    const [policy] = Object.values<any>(JSON.parse(synth()).resource.azurerm_mssql_server_extended_auditing_policy);
    expect(policy).toMatchObject({ enabled: true, log_monitoring_enabled: true });
    expect(policy).not.toHaveProperty("retention_in_days");
    expect(SQL_AUDIT_LOG_TABLE).toBe("AzureDiagnostics");
  });

  test("entraAdmin.tenantId", () => {
    const out = synth({ entraAdmin: { ...baseProps.entraAdmin, tenantId: "tenant-1" } });
    expect(out).toHaveResourceWithProperties(MssqlServer, {
      azuread_administrator: expect.objectContaining({ tenant_id: "tenant-1", azuread_authentication_only: true }),
    });
  });

  test("outputs", () => {
    const out = Testing.synthScope((scope) => {
      const sql = new SqlServing(scope, "Sql", baseProps);
      const values = {
        serverId: sql.serverId,
        serverName: sql.serverName,
        serverFqdn: sql.serverFqdn,
        databaseId: sql.databaseId,
        databaseName: sql.databaseName,
        principalId: sql.identity!.principalId,
        principalType: sql.identity!.principalType,
      };
      for (const [name, value] of Object.entries(values)) new TerraformOutput(scope, name, { value });
    });
    const output = JSON.parse(out).output as Record<string, { value: string }>;
    expect(Object.fromEntries(Object.entries(output).map(([k, v]) => [k, v.value]))).toEqual({
      serverId: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}$/),
      serverName: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.name\}$/),
      serverFqdn: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.fully_qualified_domain_name\}$/),
      databaseId: expect.stringMatching(/^\$\{azurerm_mssql_database\.[^.]+\.id\}$/),
      databaseName: expect.stringMatching(/^\$\{azurerm_mssql_database\.[^.]+\.name\}$/),
      principalId: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.identity\[0\]\.principal_id\}$/),
      principalType: "ServicePrincipal",
    });
  });

  test("publicNetworkAccess opts out with a warning", () => {
    const { synth: out, sql } = build({ publicNetworkAccess: true });
    expect(out).toHaveResourceWithProperties(MssqlServer, { public_network_access_enabled: true });
    expect(warnings(sql)).toEqual([expect.stringMatching(/^publicNetworkAccess opts out of a secure default/)]);
  });

  test("outboundNetworkRestriction false opts out with a warning", () => {
    const { synth: out, sql } = build({ outboundNetworkRestriction: false });
    expect(out).toHaveResourceWithProperties(MssqlServer, { outbound_network_restriction_enabled: false });
    expect(warnings(sql)).toEqual([expect.stringMatching(/^outboundNetworkRestriction opts out of a secure default.*OPENROWSET/)]);
  });

  test("preventDestroy false opts out with a warning", () => {
    const { synth: out, sql } = build({ preventDestroy: false });
    expect(single(out, "azurerm_mssql_database")).not.toHaveProperty("lifecycle");
    expect(warnings(sql)).toEqual([expect.stringMatching(/^preventDestroy opts out/)]);
  });

  test.each(["Zone", "Local"] as const)("backupStorageRedundancy %s opts out with a warning", (type) => {
    const { synth: out, sql } = build({ backupStorageRedundancy: type });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, { storage_account_type: type });
    expect(warnings(sql)).toEqual([expect.stringMatching(/^backupStorageRedundancy opts out.*no geo-restore/)]);
  });

  test("backupStorageRedundancy GeoZone has no warning", () => {
    const { synth: out, sql } = build({ backupStorageRedundancy: "GeoZone" });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, { storage_account_type: "GeoZone" });
    expect(warnings(sql)).toEqual([]);
  });

  test("zoneRedundant", () => {
    expect(synth({ zoneRedundant: true })).toHaveResourceWithProperties(MssqlDatabase, { zone_redundant: true });
  });

  test("maxSizeGb", () => {
    expect(synth({ maxSizeGb: 32 })).toHaveResourceWithProperties(MssqlDatabase, { max_size_gb: 32 });
  });

  test("shortTermRetentionDays", () => {
    expect(synth({ shortTermRetentionDays: 35 })).toHaveResourceWithProperties(MssqlDatabase, {
      short_term_retention_policy: { retention_days: 35 },
    });
  });

  test("longTermRetention (weekOfYear defaults to 1 with a yearly retention)", () => {
    const out = synth({
      sku: SqlDatabaseSku.serverless({ maxVCores: 2, autoPauseDelayInMinutes: -1 }),
      longTermRetention: { weeklyRetention: "P4W", monthlyRetention: "P12M", yearlyRetention: "P5Y" },
    });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, {
      long_term_retention_policy: {
        weekly_retention: "P4W",
        monthly_retention: "P12M",
        yearly_retention: "P5Y",
        week_of_year: 1,
      },
    });
  });

  test("longTermRetention.weekOfYear", () => {
    const out = synth({
      sku: SqlDatabaseSku.generalPurpose(2),
      longTermRetention: { yearlyRetention: "P10Y", weekOfYear: 20 },
    });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, {
      long_term_retention_policy: { yearly_retention: "P10Y", week_of_year: 20 },
    });
  });

  test("tags on server and database", () => {
    const out = synth({ tags: { env: "dev" } });
    expect(out).toHaveResourceWithProperties(MssqlServer, { tags: { env: "dev" } });
    expect(out).toHaveResourceWithProperties(MssqlDatabase, { tags: { env: "dev" } });
  });

  test("diagnosticSettings target the database", () => {
    const out = synth({ diagnosticSettings: { law: { workspaceId: "law-2" } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      log_analytics_workspace_id: "law-2",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_mssql_database\.[^.]+\.id\}$/),
    });
  });

  test("lock on the server", () => {
    expect(synth({ lock: { kind: "CanNotDelete" } })).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-sql-serving-dev",
      lock_level: "CanNotDelete",
      scope: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}$/),
    });
  });

  test("roleAssignments on the server", () => {
    const out = synth({
      roleAssignments: { ops: { roleDefinitionIdOrName: "SQL DB Contributor", principalId: "g-1" } },
    });
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "SQL DB Contributor",
      principal_id: "g-1",
      scope: expect.stringMatching(/^\$\{azurerm_mssql_server\.[^.]+\.id\}$/),
    });
  });

  test("privateEndpoints use sqlServer", () => {
    const out = synth({ privateEndpoints: { pe: { subnetId: "snet-pe", privateDnsZoneIds: ["zone-sql"] } } });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-sql-serving-dev-sqlserver",
      private_service_connection: expect.objectContaining({ subresource_names: ["sqlServer"] }),
    });
  });

  test("fails naming every problem at once: names, and the database's settings", () => {
    expect(() => synth({ serverName: "SQL_Serving", databaseName: "gold?", maxSizeGb: -1 })).toThrow(
      /Sql: 3 problems:\n- .*Sql: serverName must be .*\n- .*Sql: databaseName must be .*\n- .*Sql: maxSizeGb must be a positive number of GB/,
    );
  });

  test("fails on an invalid server name", () => {
    expect(() => synth({ serverName: "SQL_Serving" })).toThrow(/Sql: serverName must be 1-63 lowercase letters/);
  });

  test("fails on an invalid database name", () => {
    expect(() => synth({ databaseName: "gold?" })).toThrow(/databaseName must be/);
  });

  test("fails on zoneRedundant with a tier that does not support it", () => {
    expect(() => synth({ sku: SqlDatabaseSku.standard("S2"), zoneRedundant: true })).toThrow(/zoneRedundant is not available for the Standard tier/);
    expect(() => synth({ sku: SqlDatabaseSku.basic(), zoneRedundant: true })).toThrow(/not available for the Basic tier/);
  });

  test.each([6, 36, 7.5])("fails on shortTermRetentionDays %p", (days) => {
    expect(() => synth({ shortTermRetentionDays: days })).toThrow(/shortTermRetentionDays must be a whole number from 7 to 35/);
  });

  test("fails on shortTermRetentionDays above 7 on Basic", () => {
    expect(() => synth({ sku: SqlDatabaseSku.basic(), shortTermRetentionDays: 14 })).toThrow(/from 7 to 7/);
  });

  test("fails on maxSizeGb 0", () => {
    expect(() => synth({ maxSizeGb: 0 })).toThrow(/maxSizeGb must be a positive number of GB \(got 0\)/);
  });

  test.each(["4 weeks", "P0W", "PT4H", "P1Y2M", "P11Y", "P521W"])("fails on longTermRetention duration %p", (value) => {
    expect(() => synth({ sku: SqlDatabaseSku.generalPurpose(2), longTermRetention: { weeklyRetention: value } })).toThrow(
      /longTermRetention.weeklyRetention must be an ISO 8601 period of one unit and at most 10 years/,
    );
  });

  test("fails on an empty longTermRetention", () => {
    expect(() => synth({ sku: SqlDatabaseSku.generalPurpose(2), longTermRetention: {} })).toThrow(/longTermRetention must set at least one retention/);
  });

  test("fails on longTermRetention.weekOfYear out of range", () => {
    expect(() => synth({ sku: SqlDatabaseSku.generalPurpose(2), longTermRetention: { yearlyRetention: "P1Y", weekOfYear: 53 } })).toThrow(
      /longTermRetention.weekOfYear must be a whole number from 1 to 52/,
    );
  });

  test("fails on longTermRetention with serverless auto-pause", () => {
    expect(() => synth({ longTermRetention: { weeklyRetention: "P4W" } })).toThrow(/longTermRetention cannot be combined with serverless auto-pause/);
  });

  test("skips validation of unresolved tokens", () => {
    const out = Testing.synthScope((scope) => {
      const first = new SqlServing(scope, "First", baseProps);
      new SqlServing(scope, "Second", { ...baseProps, serverName: first.databaseName, databaseName: first.serverName });
    });
    expect(Object.keys(JSON.parse(out).resource.azurerm_mssql_server)).toHaveLength(2);
  });
});

describe("SqlDatabaseSku", () => {
  const skuOf = (sku: SqlDatabaseSku) => single(synth({ sku }), "azurerm_mssql_database");

  test("serverless defaults", () => {
    expect(SQL_SERVERLESS_DEFAULTS).toEqual({ family: "Gen5", minCapacity: 0.5, autoPauseDelayInMinutes: 60 });
    const sku = SqlDatabaseSku.serverless({ maxVCores: 4 });
    expect(sku.skuName).toBe("GP_S_Gen5_4");
    expect(sku.tier).toBe("GeneralPurpose");
    expect(sku.serverless).toBe(true);
    expect(sku.supportsZoneRedundancy).toBe(true);
  });

  test("serverless with explicit options", () => {
    const db = skuOf(SqlDatabaseSku.serverless({ family: "Gen5", maxVCores: 2, minCapacity: 1, autoPauseDelayInMinutes: 15 }));
    expect(db).toMatchObject({ sku_name: "GP_S_Gen5_2", min_capacity: 1, auto_pause_delay_in_minutes: 15 });
  });

  test("serverless without auto-pause", () => {
    expect(skuOf(SqlDatabaseSku.serverless({ maxVCores: 2, autoPauseDelayInMinutes: -1 }))).toMatchObject({
      auto_pause_delay_in_minutes: -1,
    });
  });

  test.each([
    [SqlDatabaseSku.generalPurpose(4), "GP_Gen5_4", "GeneralPurpose", true],
    [SqlDatabaseSku.businessCritical(8), "BC_Gen5_8", "BusinessCritical", true],
    [SqlDatabaseSku.premium("P1"), "P1", "Premium", true],
    [SqlDatabaseSku.standard("S0"), "S0", "Standard", false],
    [SqlDatabaseSku.basic(), "Basic", "Basic", false],
  ])("provisioned sku %#", (sku, skuName, tier, zoneRedundancy) => {
    expect(sku).toMatchObject({ skuName, tier, serverless: false, supportsZoneRedundancy: zoneRedundancy });
    const db = skuOf(sku);
    expect(db).toMatchObject({ sku_name: skuName });
    expect(db).not.toHaveProperty("min_capacity");
    expect(db).not.toHaveProperty("auto_pause_delay_in_minutes");
  });

  test.each([
    [SqlDatabaseSku.generalPurpose(3), /sku.vCores is not a GeneralPurpose size \(got 3\)/],
    [SqlDatabaseSku.businessCritical(1), /sku.vCores is not a BusinessCritical size/],
    [SqlDatabaseSku.serverless({ maxVCores: 128 }), /sku.maxVCores is not a GeneralPurpose serverless size/],
    [SqlDatabaseSku.standard("S5" as never), /sku is not a Standard service objective \(got "S5"\)/],
    [SqlDatabaseSku.premium("P3" as never), /sku is not a Premium service objective/],
    [SqlDatabaseSku.serverless({ maxVCores: 2, minCapacity: 0 }), /sku.minCapacity must be from 0.5 to maxVCores/],
    [SqlDatabaseSku.serverless({ maxVCores: 2, minCapacity: 4 }), /sku.minCapacity must be from 0.5 to maxVCores \(got 4\)/],
    [SqlDatabaseSku.serverless({ maxVCores: 2, autoPauseDelayInMinutes: 10 }), /sku.autoPauseDelayInMinutes must be -1/],
    [SqlDatabaseSku.serverless({ maxVCores: 2, autoPauseDelayInMinutes: 10081 }), /got 10081/],
    [SqlDatabaseSku.serverless({ maxVCores: 2, autoPauseDelayInMinutes: 0 }), /got 0/],
  ])("fails on invalid sku %#", (sku, message) => {
    expect(() => synth({ sku })).toThrow(message);
  });

  test("fails naming every problem of a sku at once", () => {
    expect(() => synth({ sku: SqlDatabaseSku.serverless({ maxVCores: 2, minCapacity: 4, autoPauseDelayInMinutes: 10 }) })).toThrow(
      /: 2 problems:\n- \S+: sku\.minCapacity must be from 0\.5 to maxVCores.*\n- \S+: sku\.autoPauseDelayInMinutes must be -1.*$/,
    );
  });
});

describe("SqlServing database diagnostics", () => {
  test("send the database's own metric categories to AzureDiagnostics (no AllMetrics, no Dedicated)", () => {
    const tf = JSON.parse(synth({ diagnosticSettings: { law: { workspaceId: LAW_ID } } }));
    const setting = Object.values<any>(tf.resource.azurerm_monitor_diagnostic_setting).find((d) => d.name === "diag-law");
    expect(setting.enabled_metric).toEqual([{ category: "Basic" }, { category: "InstanceAndAppAdvanced" }, { category: "WorkloadManagement" }]);
    expect(setting).not.toHaveProperty("log_analytics_destination_type");
  });

  test("threatDetection sends alerts to the given addresses too", () => {
    const policy = Object.values<any>(
      JSON.parse(synth({ threatDetection: { emailAddresses: ["soc@contoso.com"] } })).resource.azurerm_mssql_server_security_alert_policy,
    )[0];
    expect(policy).toMatchObject({ state: "Enabled", email_account_admins: true, email_addresses: ["soc@contoso.com"] });
  });

  test("threatDetection false opts out, with a warning", () => {
    const { synth: out, sql } = build({ threatDetection: false });
    expect(JSON.parse(out).resource.azurerm_mssql_server_security_alert_policy).toBeUndefined();
    expect(warnings(sql)).toEqual([expect.stringMatching(/^threatDetection opts out of a secure default: no alert on SQL injection/)]);
  });

  test("fails naming alert addresses beside the other props' problems", () => {
    expect(() => synth({ serverName: "SQL_Server", threatDetection: { emailAddresses: ["soc", "soc@contoso.com", "noc"] } })).toThrow(
      /: 3 problems:\n- \S+: serverName must be.*\n- \S+: threatDetection\.emailAddresses must be e-mail addresses \(got "soc"\).*\n- \S+: threatDetection\.emailAddresses must be e-mail addresses \(got "noc"\).*$/,
    );
  });

  test("fails on an alert address that is not an e-mail address", () => {
    expect(() => synth({ threatDetection: { emailAddresses: ["soc"] } })).toThrow(
      /threatDetection.emailAddresses must be e-mail addresses \(got "soc"\)\. Fix: list the addresses/,
    );
  });
});

describe("SqlServing customerManagedKey", () => {
  test("defaults: a service-managed TDE protector", () => {
    const server = single(synth(), "azurerm_mssql_server");
    expect(server.transparent_data_encryption_key_vault_key_id).toBeUndefined();
    expect(server.primary_user_assigned_identity_id).toBeUndefined();
  });

  test("the key is the TDE protector, read with its identity as the server's primary identity", () => {
    const server = single(
      synth({ customerManagedKey: testKey("sql", KEY_VERSION), managedIdentities: { userAssignedResourceIds: ["/id/other"] } }),
      "azurerm_mssql_server",
    );
    expect(server.transparent_data_encryption_key_vault_key_id).toBe(`https://kv-medal-keys.vault.azure.net/keys/sql/${KEY_VERSION}`);
    expect(server.primary_user_assigned_identity_id).toBe(KEY_IDENTITY_ID);
    expect(server.identity).toEqual({ type: "SystemAssigned, UserAssigned", identity_ids: ["/id/other", KEY_IDENTITY_ID] });
  });

  test("fails without a key version (azurerm takes only a versioned key id)", () => {
    expect(() => synth({ customerManagedKey: testKey("sql") })).toThrow(
      /customerManagedKey\.keyVersion is required for a TDE protector \(got undefined\)\. Fix: give the key's current version/,
    );
  });
});
