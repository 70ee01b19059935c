import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { DiagnosticSettingsProps } from "./interfaces";

/** Default log and metric selection: everything, as AVM does. */
export const DIAGNOSTIC_DEFAULTS = {
  logCategoryGroups: ["allLogs"],
  metricCategories: ["AllMetrics"],
} as const;

/**
 * Creates one `azurerm_monitor_diagnostic_setting` per entry of a `diagnosticSettings` record, each as child
 * `DiagnosticSetting-<key>` of `scope`, all sent to Log Analytics in resource-specific tables (`Dedicated`).
 */
export function addDiagnosticSettings(
  scope: Construct,
  targetResourceId: string,
  settings: DiagnosticSettingsProps | undefined,
): MonitorDiagnosticSetting[] {
  return Object.entries(settings ?? {}).map(
    ([key, s]) =>
      new MonitorDiagnosticSetting(scope, `DiagnosticSetting-${key}`, {
        name: s.name ?? `diag-${key}`,
        targetResourceId,
        logAnalyticsWorkspaceId: s.workspaceId,
        logAnalyticsDestinationType: "Dedicated",
        enabledLog: [
          ...(s.logCategoryGroups ?? DIAGNOSTIC_DEFAULTS.logCategoryGroups).map((categoryGroup) => ({ categoryGroup })),
          ...(s.logCategories ?? []).map((category) => ({ category })),
        ],
        enabledMetric: (s.metricCategories ?? DIAGNOSTIC_DEFAULTS.metricCategories).map((category) => ({ category })),
      }),
  );
}
