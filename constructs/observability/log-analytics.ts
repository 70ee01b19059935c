import { LogAnalyticsWorkspace as AzLogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { Construct } from "constructs";
import { LockProps, ResourcePlacement } from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { checkPattern, checkRange } from "../core/validation";

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
}

export const LOG_ANALYTICS_DEFAULTS = {
  retentionInDays: 90,
  dailyQuotaGb: -1,
} as const satisfies Partial<LogAnalyticsProps>;

/**
 * The environment's Log Analytics workspace: the destination of every diagnostic setting. Shared-key (local)
 * authentication is off, so agents and queries use Entra ID.
 */
export class LogAnalytics extends Construct {
  public readonly resource: AzLogAnalyticsWorkspace;
  /** Resource id, the value every `diagnosticSettings` entry takes as `workspaceId`. */
  public readonly id: string;

  constructor(scope: Construct, id: string, props: LogAnalyticsProps) {
    super(scope, id);
    checkPattern(this, "name", props.name, /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/, "4-63 letters, digits and hyphens");
    checkRange(this, "retentionInDays", props.retentionInDays, 30, 730);
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
  }
}
