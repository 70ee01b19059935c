import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { DiagnosticSettingsProps } from "./interfaces";

/** Default log and metric selection: everything, as AVM does. */
export const DIAGNOSTIC_DEFAULTS = {
  logCategoryGroups: ["allLogs"],
  metricCategories: ["AllMetrics"],
} as const;

/** What a resource type accepts, where it differs from {@link DIAGNOSTIC_DEFAULTS}. */
export interface DiagnosticDefaults {
  /**
   * Metric categories when a setting names none (some types reject "AllMetrics").
   * @default ["AllMetrics"]
   */
  readonly metricCategories?: readonly string[];
  /**
   * Whether the type supports resource-specific tables (`Dedicated`). Types that do not return null, which
   * Terraform would show as a change on every plan.
   * @default true
   */
  readonly dedicatedTables?: boolean;
}

/**
 * Creates one `azurerm_monitor_diagnostic_setting` per entry of a `diagnosticSettings` record, each as child
 * `DiagnosticSetting-<key>` of `scope`, sent to Log Analytics (resource-specific tables where the type has them).
 */
export function addDiagnosticSettings(
  scope: Construct,
  targetResourceId: string,
  settings: DiagnosticSettingsProps | undefined,
  defaults: DiagnosticDefaults = {},
): MonitorDiagnosticSetting[] {
  return Object.entries(settings ?? {}).map(
    ([key, s]) =>
      new MonitorDiagnosticSetting(scope, `DiagnosticSetting-${key}`, {
        name: s.name ?? `diag-${key}`,
        targetResourceId,
        logAnalyticsWorkspaceId: s.workspaceId,
        logAnalyticsDestinationType: (defaults.dedicatedTables ?? true) ? "Dedicated" : undefined,
        enabledLog: [
          ...(s.logCategoryGroups ?? DIAGNOSTIC_DEFAULTS.logCategoryGroups).map((categoryGroup) => ({ categoryGroup })),
          ...(s.logCategories ?? []).map((category) => ({ category })),
        ],
        enabledMetric: (s.metricCategories ?? defaults.metricCategories ?? DIAGNOSTIC_DEFAULTS.metricCategories).map((category) => ({ category })),
      }),
  );
}

/**
 * {@link addDiagnosticSettings} for one of several resources of a construct: children `DiagnosticSetting-<label>-<key>`,
 * each setting keeping the name `diag-<key>` (names are unique per target resource only).
 */
export function addDiagnosticSettingsOf(
  scope: Construct,
  label: string,
  targetResourceId: string,
  settings: DiagnosticSettingsProps | undefined,
  defaults: DiagnosticDefaults = {},
): MonitorDiagnosticSetting[] {
  const keyed = Object.fromEntries(Object.entries(settings ?? {}).map(([k, s]) => [`${label}-${k}`, { ...s, name: s.name ?? `diag-${k}` }]));
  return addDiagnosticSettings(scope, targetResourceId, keyed, defaults);
}

/**
 * Network resources send their logs to AzureDiagnostics only (no resource-specific tables): virtual networks
 * (VMProtectionAlerts), public IPs (DDoS notifications, mitigation reports and flow logs). Their categories only
 * carry records once DDoS Protection covers them (none here): the settings make sure nothing is lost if it does.
 */
export const NETWORK_DIAGNOSTIC_DEFAULTS: DiagnosticDefaults = { dedicatedTables: false };

/** NSGs: rule events and rule counters, to AzureDiagnostics; they have no metrics. */
export const NSG_DIAGNOSTIC_DEFAULTS: DiagnosticDefaults = { dedicatedTables: false, metricCategories: [] };

/** Storage metric categories ("AllMetrics" is rejected: "supported categories are: 'Capacity;Transaction'"). */
export const STORAGE_METRIC_DEFAULTS = ["Transaction"] as const;

/**
 * Diagnostic settings of a storage account: the blob service carries the logs (reads, writes, deletes) and its
 * metrics, the account-level setting (`<key>-account`) the account's metrics only. Storage has no
 * resource-specific destination setting (its logs always go to StorageBlobLogs).
 */
export function addStorageDiagnosticSettings(scope: Construct, accountId: string, settings: DiagnosticSettingsProps | undefined): MonitorDiagnosticSetting[] {
  const storageDefaults = { metricCategories: STORAGE_METRIC_DEFAULTS, dedicatedTables: false };
  const entries = Object.entries(settings ?? {});
  return [
    ...addDiagnosticSettings(scope, `${accountId}/blobServices/default`, Object.fromEntries(entries), storageDefaults),
    ...addDiagnosticSettings(
      scope,
      accountId,
      Object.fromEntries(
        entries.map(([k, s]) => [`${k}-account`, { ...s, logCategoryGroups: [], logCategories: [], name: `${s.name ?? `diag-${k}`}-account` }]),
      ),
      storageDefaults,
    ),
  ];
}
