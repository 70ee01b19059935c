import { LogAnalyticsWorkspace as AzLogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { LogAnalyticsWorkspaceTable } from "@cdktf/provider-azurerm/lib/log-analytics-workspace-table";
import { Construct } from "constructs";
import { LockProps, ResourcePlacement } from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import { checkPattern, checkRange, collectProblems, propError, warnOptOut } from "../core/validation";

/** Props of {@link LogAnalytics}. */
export interface LogAnalyticsProps extends ResourcePlacement {
  /** Workspace name (4-63 letters, digits and hyphens). */
  readonly name: string;
  /**
   * How long logs are kept, in days (30-730).
   * @default 90 - enough for SQL auditing in production
   */
  readonly retentionInDays?: number;
  /**
   * Daily ingestion cap in GB; -1 for none.
   * @default -1
   */
  readonly dailyQuotaGb?: number;
  /**
   * Management lock on the workspace.
   * @default - no lock
   */
  readonly lock?: LockProps;
  /**
   * Longer retention for some tables, by table name: `totalRetentionInDays` keeps their data that long (beyond
   * `retentionInDays`, in the cheaper long-term tier), e.g. `AzureDiagnostics`, where Azure SQL audit events land.
   * Allowed totals: up to 730 days, then whole years up to 12 (1095, 1460, ... 4383).
   * @default {} - every table keeps the workspace's retention
   */
  readonly tableRetention?: Record<string, { readonly totalRetentionInDays: number }>;
  /**
   * Query auditing: a diagnostic setting sending the workspace's own logs (every query: who, when, what; the
   * `LAQueryLogs` table) to itself. `false` opts out (adds a warning).
   * @default true
   */
  readonly auditQueries?: boolean;
}

/** Total retentions a table accepts beyond 730 days (whole years, azurerm_log_analytics_workspace_table). */
export const LOG_ANALYTICS_TOTAL_RETENTION_YEARS = [1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383] as const;

/** True when a table accepts `days` as its total retention. */
export function isValidTotalRetention(days: number): boolean {
  return Number.isInteger(days) && ((days >= 4 && days <= 730) || (LOG_ANALYTICS_TOTAL_RETENTION_YEARS as readonly number[]).includes(days));
}

export const LOG_ANALYTICS_DEFAULTS = {
  retentionInDays: 90,
  dailyQuotaGb: -1,
  auditQueries: true,
} as const satisfies Partial<LogAnalyticsProps>;

/**
 * The environment's Log Analytics workspace: the destination of every diagnostic setting. Shared-key (local)
 * authentication is off, so agents and queries use Entra ID, and every query is audited into the workspace itself.
 *
 * @example
 * ```ts
 * const logs = new LogAnalytics(this, "LogAnalytics", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "log-data-dev",
 *   retentionInDays: 90,
 *   tableRetention: { [SQL_AUDIT_LOG_TABLE]: { totalRetentionInDays: 365 } },
 * });
 * ```
 */
export class LogAnalytics extends Construct {
  public readonly resource: AzLogAnalyticsWorkspace;
  /** Resource id, the value every `diagnosticSettings` entry takes as `workspaceId`. */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    const retention = props.retentionInDays ?? LOG_ANALYTICS_DEFAULTS.retentionInDays;
    const tables = Object.entries(props.tableRetention ?? {});
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/, "4-63 letters, digits and hyphens"),
      () => checkRange(this, "retentionInDays", props.retentionInDays, 30, 730),
      ...tables.map(([table, { totalRetentionInDays }]) => () => {
        checkPattern(this, `tableRetention key "${table}"`, table, /^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a table name such as AzureDiagnostics");
        if (!isValidTotalRetention(totalRetentionInDays)) {
          throw propError(
            this,
            `tableRetention.${table}.totalRetentionInDays`,
            "must be 4-730, or 1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018 or 4383",
            totalRetentionInDays,
            "pick an allowed number of days.",
          );
        }
        if (totalRetentionInDays < retention) {
          throw propError(
            this,
            `tableRetention.${table}.totalRetentionInDays`,
            `must be at least retentionInDays (${retention}): the table keeps data that long anyway`,
            totalRetentionInDays,
            "raise it or drop the entry.",
          );
        }
      }),
    ]);
    this.resource = new AzLogAnalyticsWorkspace(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: "PerGB2018",
      retentionInDays: props.retentionInDays ?? LOG_ANALYTICS_DEFAULTS.retentionInDays,
      dailyQuotaGb: props.dailyQuotaGb ?? LOG_ANALYTICS_DEFAULTS.dailyQuotaGb,
      localAuthenticationEnabled: false,
      tags: props.tags,
    });
    this.id = this.resource.id;
    addLock(this, this.resource.id, props.name, props.lock);
    if (props.auditQueries ?? LOG_ANALYTICS_DEFAULTS.auditQueries) {
      // The `audit` group only (query audit, LAQueryLogs): allLogs would also export summary-rule and job logs, at a
      // cost. No destination type (the provider reads it back as computed), and no metrics.
      addDiagnosticSettings(this, this.id, { audit: { workspaceId: this.id, logCategoryGroups: ["audit"] } }, { dedicatedTables: false, metricCategories: [] });
    } else {
      warnOptOut(this, "auditQueries", "nobody can tell who queried the logs (and the audit events they hold)");
    }
    for (const [table, { totalRetentionInDays }] of tables) {
      // The table exists in every workspace: the resource only sets its retention (and resets it on destroy).
      new LogAnalyticsWorkspaceTable(this, `Table-${table}`, { workspaceId: this.id, name: table, retentionInDays: retention, totalRetentionInDays });
    }
  }
}
