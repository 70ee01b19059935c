import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { checkPattern, collectProblems, GUID, propError } from "../core/validation";

/** The Activity Log categories of a subscription (every one: who changed what, security and policy events, health). */
export const ACTIVITY_LOG_CATEGORIES = [
  "Administrative",
  "Security",
  "ServiceHealth",
  "Alert",
  "Recommendation",
  "Policy",
  "Autoscale",
  "ResourceHealth",
] as const;
export type ActivityLogCategory = (typeof ACTIVITY_LOG_CATEGORIES)[number];

/** Props of {@link ActivityLogExport}. */
export interface ActivityLogExportProps {
  /** The subscription whose Activity Log is exported. */
  readonly subscriptionId: string;
  /** Resource id of the Log Analytics workspace that receives it. */
  readonly workspaceId: string;
  /**
   * The categories sent.
   * @default ACTIVITY_LOG_CATEGORIES (all)
   */
  readonly categories?: readonly ActivityLogCategory[];
  /**
   * Name of the diagnostic setting (one subscription takes at most 5).
   * @default "diag-activity-log"
   */
  readonly name?: string;
}

/**
 * The subscription's Activity Log (every control-plane write, role assignment, policy and security event) sent to
 * the environment's Log Analytics workspace, where it is kept with the other logs: the audit trail outlives the 90
 * days Azure keeps it by itself and can be queried and alerted on.
 *
 * @example
 * ```ts
 * new ActivityLogExport(this, "ActivityLog", { subscriptionId: "00000000-0000-0000-0000-00000000000b", workspaceId: logs.id });
 * ```
 */
export class ActivityLogExport extends Construct {
  public readonly resource: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: ActivityLogExportProps) {
    super(scope, id);
    const categories = props.categories ?? ACTIVITY_LOG_CATEGORIES;
    collectProblems(this, [
      () => checkPattern(this, "subscriptionId", props.subscriptionId, GUID, "a subscription GUID"),
      () => {
        if (categories.length === 0) throw propError(this, "categories", "must name at least one category", categories, "leave it out to send every category.");
      },
    ]);
    this.resource = new MonitorDiagnosticSetting(this, "Resource", {
      name: props.name ?? "diag-activity-log",
      targetResourceId: `/subscriptions/${props.subscriptionId}`,
      logAnalyticsWorkspaceId: props.workspaceId,
      enabledLog: categories.map((category) => ({ category })),
    });
  }
}
