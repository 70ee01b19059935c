import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { addDiagnosticSettings, DIAGNOSTIC_DEFAULTS } from "../../../constructs/core/diagnostic-settings";
import { DiagnosticSettingsProps } from "../../../constructs/core/interfaces";

const TARGET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";

function synth(settings: DiagnosticSettingsProps | undefined): string {
  return Testing.synthScope((scope) => {
    addDiagnosticSettings(new Construct(scope, "Target"), TARGET, settings);
  });
}

function all(out: string): Record<string, Record<string, unknown>> {
  return JSON.parse(out).resource?.azurerm_monitor_diagnostic_setting ?? {};
}

describe("addDiagnosticSettings", () => {
  test("defaults", () => {
    expect(DIAGNOSTIC_DEFAULTS).toEqual({ logCategoryGroups: ["allLogs"], metricCategories: ["AllMetrics"] });
    expect(synth({ law: { workspaceId: LAW_ID } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      target_resource_id: TARGET,
      log_analytics_workspace_id: LAW_ID,
      log_analytics_destination_type: "Dedicated",
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("no settings create no resource", () => {
    expect(all(synth(undefined))).toEqual({});
  });

  test("an empty record creates no resource", () => {
    expect(all(synth({}))).toEqual({});
  });

  test("one resource per key, as child DiagnosticSetting-<key>", () => {
    let created: MonitorDiagnosticSetting[] = [];
    Testing.synthScope((scope) => {
      created = addDiagnosticSettings(scope, TARGET, { a: { workspaceId: LAW_ID }, b: { workspaceId: LAW_ID } });
    });
    expect(created.map((d) => d.node.id)).toEqual(["DiagnosticSetting-a", "DiagnosticSetting-b"]);
  });

  test("name overrides the default name", () => {
    expect(synth({ law: { workspaceId: LAW_ID, name: "to-law" } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "to-law",
    });
  });

  test("logCategoryGroups replaces allLogs", () => {
    const out = synth({ law: { workspaceId: LAW_ID, logCategoryGroups: ["audit"] } });
    expect(Object.values(all(out))[0].enabled_log).toEqual([{ category_group: "audit" }]);
  });

  test("logCategories are sent in addition to the groups", () => {
    const out = synth({ law: { workspaceId: LAW_ID, logCategories: ["AuditEvent"] } });
    expect(Object.values(all(out))[0].enabled_log).toEqual([{ category_group: "allLogs" }, { category: "AuditEvent" }]);
  });

  test("metricCategories replaces AllMetrics", () => {
    const out = synth({ law: { workspaceId: LAW_ID, metricCategories: ["Transaction", "Capacity"] } });
    expect(Object.values(all(out))[0].enabled_metric).toEqual([{ category: "Transaction" }, { category: "Capacity" }]);
  });
});
