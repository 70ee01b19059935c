import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { TerraformOutput, Testing, Token } from "cdktf";
import { LOG_ANALYTICS_DEFAULTS, LogAnalytics, LogAnalyticsProps, isValidTotalRetention } from "../../../constructs/observability/log-analytics";

const baseProps: LogAnalyticsProps = { resourceGroupName: "rg-obs", location: "westeurope", name: "law-data-dev" };

function build(props: Partial<LogAnalyticsProps> = {}): { out: string; law: LogAnalytics } {
  let law: LogAnalytics | undefined;
  const out = Testing.synthScope((scope) => {
    law = new LogAnalytics(scope, "Law", { ...baseProps, ...props });
  });
  return { out, law: law as LogAnalytics };
}

function synth(props: Partial<LogAnalyticsProps> = {}): string {
  return build(props).out;
}

describe("LogAnalytics", () => {
  test("defaults", () => {
    expect(LOG_ANALYTICS_DEFAULTS).toEqual({ retentionInDays: 90, dailyQuotaGb: -1, auditQueries: true });
    const out = synth();
    expect(out).toHaveResourceWithProperties(LogAnalyticsWorkspace, {
      name: "law-data-dev",
      location: "westeurope",
      resource_group_name: "rg-obs",
      sku: "PerGB2018",
      retention_in_days: 90,
      daily_quota_gb: -1,
      local_authentication_enabled: false,
    });
    expect(JSON.parse(out).resource.azurerm_management_lock).toBeUndefined();
  });

  test("defaults: every query is audited into the workspace itself (LAQueryLogs)", () => {
    const { out, law } = build();
    const settings = Object.values<any>(JSON.parse(out).resource.azurerm_monitor_diagnostic_setting);
    expect(settings).toEqual([
      {
        name: "diag-audit",
        target_resource_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\..*\.id\}$/),
        log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\..*\.id\}$/),
        enabled_log: [{ category_group: "audit" }],
        enabled_metric: [],
      },
    ]);
    expect(law.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
  });

  test("auditQueries: false drops the audit setting and warns", () => {
    const { out, law } = build({ auditQueries: false });
    expect(JSON.parse(out).resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    expect(law.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data))).toEqual([
      expect.stringMatching(/^auditQueries opts out of a secure default/),
    ]);
  });

  test("id is the workspace's resource id", () => {
    const out = Testing.synthScope((scope) => {
      new TerraformOutput(scope, "WorkspaceId", { value: new LogAnalytics(scope, "Law", baseProps).id });
    });
    expect(JSON.parse(out).output.WorkspaceId.value).toMatch(/^\$\{azurerm_log_analytics_workspace\.[^.]+\.id\}$/);
  });

  test("retentionInDays sets the retention", () => {
    expect(synth({ retentionInDays: 365 })).toHaveResourceWithProperties(LogAnalyticsWorkspace, { retention_in_days: 365 });
  });

  test("dailyQuotaGb sets the ingestion cap", () => {
    expect(synth({ dailyQuotaGb: 5 })).toHaveResourceWithProperties(LogAnalyticsWorkspace, { daily_quota_gb: 5 });
  });

  test("tags are passed through", () => {
    expect(synth({ tags: { app: "obs" } })).toHaveResourceWithProperties(LogAnalyticsWorkspace, { tags: { app: "obs" } });
  });

  test("lock adds a management lock on the workspace", () => {
    expect(synth({ lock: { kind: "CanNotDelete" } })).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-law-data-dev",
      lock_level: "CanNotDelete",
      scope: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.[^.]+\.id\}$/),
    });
  });

  test("an unresolved name skips the name check", () => {
    expect(() => synth({ name: Token.asString({ Ref: "name" }) })).not.toThrow();
  });

  test("fails on a name shorter than 4 characters", () => {
    expect(() => synth({ name: "law" })).toThrow(/Law: name must be 4-63 letters, digits and hyphens \(got "law"\)/);
  });

  test("fails on a name ending with a hyphen", () => {
    expect(() => synth({ name: "law-data-" })).toThrow(/name must be 4-63 letters, digits and hyphens/);
  });

  test("fails on a name longer than 63 characters", () => {
    expect(() => synth({ name: "l".repeat(64) })).toThrow(/name must be 4-63 letters, digits and hyphens/);
  });

  test("fails on retentionInDays below 30", () => {
    expect(() => synth({ retentionInDays: 29 })).toThrow(/retentionInDays must be a whole number from 30 to 730 \(got 29\)/);
  });

  test("fails on retentionInDays above 730", () => {
    expect(() => synth({ retentionInDays: 731 })).toThrow(/retentionInDays must be a whole number from 30 to 730 \(got 731\)/);
  });

  test("defaults: no table override", () => {
    expect(JSON.parse(synth()).resource.azurerm_log_analytics_workspace_table).toBeUndefined();
  });

  test("tableRetention keeps a table's data longer (AzureDiagnostics: where SQL audit events land)", () => {
    const tables = Object.values<any>(
      JSON.parse(synth({ retentionInDays: 90, tableRetention: { AzureDiagnostics: { totalRetentionInDays: 1095 } } })).resource
        .azurerm_log_analytics_workspace_table,
    );
    expect(tables).toEqual([
      expect.objectContaining({
        name: "AzureDiagnostics",
        retention_in_days: 90,
        total_retention_in_days: 1095,
        workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.\w+\.id\}$/),
      }),
    ]);
  });

  test("total retentions: up to 730 days, then whole years", () => {
    expect([4, 730, 1095, 4383].map(isValidTotalRetention)).toEqual([true, true, true, true]);
    expect([3, 731, 1000, 4384, 90.5].map(isValidTotalRetention)).toEqual([false, false, false, false, false]);
  });

  test("fails on a total retention Azure refuses, shorter than the workspace's, or a malformed table name", () => {
    expect(() => synth({ tableRetention: { AzureDiagnostics: { totalRetentionInDays: 1000 } } })).toThrow(
      /Law: tableRetention\.AzureDiagnostics\.totalRetentionInDays must be 4-730, or 1095.* \(got 1000\)/,
    );
    expect(() => synth({ retentionInDays: 365, tableRetention: { AzureDiagnostics: { totalRetentionInDays: 90 } } })).toThrow(
      /totalRetentionInDays must be at least retentionInDays \(365\)/,
    );
    expect(() => synth({ tableRetention: { "Azure Diagnostics": { totalRetentionInDays: 90 } } })).toThrow(
      /tableRetention key "Azure Diagnostics" must be a table name/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() =>
      synth({ name: "law", tableRetention: { AzureDiagnostics: { totalRetentionInDays: 1000 }, "Azure Diagnostics": { totalRetentionInDays: 90 } } }),
    ).toThrow(
      /Law: 3 problems:\n- \S*Law: name must be 4-63 letters.*\n- \S*Law: tableRetention\.AzureDiagnostics\.totalRetentionInDays must be 4-730.*\n- \S*Law: tableRetention key "Azure Diagnostics" must be a table name.*$/,
    );
  });
});
