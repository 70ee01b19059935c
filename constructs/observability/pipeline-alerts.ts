import { namePrefix } from "../core/names";
import { MonitorActionGroup, MonitorActionGroupWebhookReceiver } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert, MonitorMetricAlertCriteria } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { Construct } from "constructs";
import { ResourcePlacement } from "../core/interfaces";
import { checkPattern, checkRange, collectProblems, isKnown, propError, warnOptOut } from "../core/validation";

/** A webhook the action group calls with the common alert schema. */
export interface PipelineAlertsWebhook {
  /** Receiver name, unique within the action group (1-60 characters). */
  readonly name: string;
  /** `https://` endpoint without a query string (no `sig=`, `code=` or other token in the URL). */
  readonly serviceUri: string;
}

/** Who the action group notifies. At least one receiver in total. */
export interface PipelineAlertsReceivers {
  /**
   * Email addresses; each becomes a receiver named `email-<index>` (0-based).
   * @default []
   */
  readonly emails?: string[];
  /**
   * Webhooks (e.g. a Logic App that authenticates callers with Entra ID).
   * @default []
   */
  readonly webhooks?: PipelineAlertsWebhook[];
}

/** Keys of {@link PipelineAlerts.alerts}. */
export type PipelineAlertKind = "pipelineFailed" | "triggerFailed" | "databricksFailed";

/**
 * Props of {@link PipelineAlerts}. `location` is not used: action groups live in the provider's default location
 * ("global") and metric alerts have none.
 */
export interface PipelineAlertsProps extends ResourcePlacement {
  /** Resource id of the Data Factory the alerts watch (may be a Terraform reference). */
  readonly dataFactoryId: string;
  /** Prefix of the alert names, e.g. "adf-medal-dev-weu" (letters, digits and hyphens; starts with a letter or digit). */
  readonly namePrefix: string;
  /** Name of the action group (1-260 characters). */
  readonly actionGroupName: string;
  /** Short name of the action group, shown in emails and SMS (1-12 characters). */
  readonly shortName: string;
  /** Who gets notified: at least one email or webhook. */
  readonly receivers: PipelineAlertsReceivers;
  /**
   * Severity of the alerts: 0 (critical) to 4 (verbose).
   * @default 2 - warning
   */
  readonly severity?: number;
  /**
   * Whether the action group and the alerts are enabled.
   * @default true
   */
  readonly enabled?: boolean;
}

export const PIPELINE_ALERTS_DEFAULTS = {
  severity: 2,
  enabled: true,
} as const satisfies Partial<PipelineAlertsProps>;

/** Metric namespace of Data Factory (V2) metrics. */
export const DATA_FACTORY_METRIC_NAMESPACE = "Microsoft.DataFactory/factories";

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATA_FACTORY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DataFactory\/factories\/[^/]+$/i;
/** `sig=`, `code=`, `token=`, `key=`, ...: a credential in the URL, wherever it sits. */
const SECRET_KEYS = "sig|code|token|access_token|key|apikey|api-key|api_key|secret|password|signature";
const SECRET_PART = new RegExp(`(?:^|[?&#;/])(?:${SECRET_KEYS})=`, "i");
const NO_SECRET_IN_URL =
  "must not carry a query string: a token in the URL would be a secret in config and Terraform state; use an endpoint that authenticates with Entra ID (e.g. a Logic App with Entra auth)";

/**
 * Why a webhook URL is refused, or undefined: it must be https and carry no credential (query string, fragment,
 * user info, `sig=`-like part), since config and Terraform state are not secret.
 */
export function webhookUriProblem(uri: string): string | undefined {
  if (!/^https:\/\/[^/?#\s]+/i.test(uri)) return "must be an https:// URL";
  if (/[?#]/.test(uri) || SECRET_PART.test(uri) || /^https:\/\/[^/]*@/i.test(uri)) return NO_SECRET_IN_URL;
  return undefined;
}

/** The URL with its user info, query, fragment and any `sig=`-like value replaced, so an error never repeats the secret. */
function redact(uri: string): string {
  return uri
    .replace(/\/\/[^/@]*@/, "//<redacted>@")
    .replace(/[?#].*$/, "?<redacted>")
    .replace(new RegExp(`((?:${SECRET_KEYS})=)[^/;&]*`, "gi"), "$1<redacted>");
}

/**
 * Alerts on failed runs of one Data Factory, evaluated every 5 minutes over the last 15 minutes (any failure fires):
 * - `<namePrefix>-pipeline-failed` fires when a pipeline run fails (`PipelineFailedRuns`);
 * - `<namePrefix>-trigger-failed` fires when a trigger run fails (`TriggerFailedRuns`);
 * - `<namePrefix>-databricks-failed` fires when a Databricks notebook activity started by the factory fails
 *   (`ActivityFailedRuns` with `ActivityType` = `DatabricksNotebook`).
 *
 * The dimension value `*` splits each alert per pipeline (or per trigger): every pipeline gets its own alert
 * instance, which resolves itself (auto-mitigation) once that pipeline stops failing. Notifications go to the action
 * group this construct creates (emails and webhooks, all with the common alert schema).
 *
 * @example
 * ```ts
 * const alerts = new PipelineAlerts(this, "PipelineAlerts", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   dataFactoryId: platform.factory.id,
 *   namePrefix: "alert-medallion-dev",
 *   actionGroupName: "ag-medallion-dev",
 *   shortName: "medallion",
 *   receivers: { emails: ["data-team@example.com"] },
 * });
 * ```
 */
export class PipelineAlerts extends Construct {
  public readonly actionGroup: MonitorActionGroup;
  /** Resource id of the action group. */
  public readonly actionGroupId: string;
  public readonly alerts: Record<PipelineAlertKind, MonitorMetricAlert>;

  constructor(scope: Construct, id: string, props: PipelineAlertsProps) {
    super(scope, id);
    const emails = props.receivers.emails ?? [];
    const webhooks = props.receivers.webhooks ?? [];
    const receiverNames = new Set(emails.map((_, i) => `email-${i}`));
    collectProblems(this, [
      () => checkPattern(this, "namePrefix", props.namePrefix, ...namePrefix(201)),
      () => checkPattern(this, "actionGroupName", props.actionGroupName, /^.{1,260}$/, "1-260 characters"),
      () => checkPattern(this, "shortName", props.shortName, /^.{1,12}$/, "1-12 characters"),
      () => checkRange(this, "severity", props.severity, 0, 4),
      () => {
        if (isKnown(props.dataFactoryId) && !DATA_FACTORY_ID.test(props.dataFactoryId)) {
          throw propError(
            this,
            "dataFactoryId",
            "must be a Data Factory resource id",
            props.dataFactoryId,
            "pass the factory's id (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.DataFactory/factories/<name>), e.g. dataFactory.id.",
          );
        }
      },
      () => {
        if (emails.length + webhooks.length === 0) {
          throw propError(
            this,
            "receivers",
            "must have at least one email or webhook",
            props.receivers,
            "add an email address to receivers.emails or a webhook to receivers.webhooks.",
          );
        }
      },
      ...emails.map((email, i) => () => checkPattern(this, `receivers.emails[${i}]`, email, EMAIL, "an email address such as data-team@example.com")),
      ...webhooks.map((webhook, i) => () => this.checkWebhook(webhook, i, receiverNames)),
    ]);

    const enabled = props.enabled ?? PIPELINE_ALERTS_DEFAULTS.enabled;
    if (!enabled) warnOptOut(this, "enabled", "failed pipeline, trigger and Databricks runs notify nobody");
    this.actionGroup = new MonitorActionGroup(this, "ActionGroup", {
      name: props.actionGroupName,
      resourceGroupName: props.resourceGroupName,
      shortName: props.shortName,
      enabled,
      emailReceiver: emails.length ? emails.map((emailAddress, i) => ({ name: `email-${i}`, emailAddress, useCommonAlertSchema: true })) : undefined,
      webhookReceiver: webhooks.length
        ? webhooks.map((w): MonitorActionGroupWebhookReceiver => ({ name: w.name, serviceUri: w.serviceUri, useCommonAlertSchema: true }))
        : undefined,
      tags: props.tags,
    });
    this.actionGroupId = this.actionGroup.id;

    const alert = (key: string, suffix: string, description: string, criteria: MonitorMetricAlertCriteria): MonitorMetricAlert =>
      new MonitorMetricAlert(this, key, {
        name: `${props.namePrefix}-${suffix}`,
        resourceGroupName: props.resourceGroupName,
        scopes: [props.dataFactoryId],
        description,
        enabled,
        severity: props.severity ?? PIPELINE_ALERTS_DEFAULTS.severity,
        frequency: "PT5M",
        windowSize: "PT15M",
        autoMitigate: true,
        criteria: [criteria],
        action: [{ actionGroupId: this.actionGroupId }],
        tags: props.tags,
      });
    const failedRuns = (metricName: string, dimension: MonitorMetricAlertCriteria["dimension"]): MonitorMetricAlertCriteria => ({
      metricNamespace: DATA_FACTORY_METRIC_NAMESPACE,
      metricName,
      aggregation: "Total",
      operator: "GreaterThan",
      threshold: 0,
      dimension,
    });
    const logs = "if the factory sends diagnostics to Log Analytics, query";

    this.alerts = {
      pipelineFailed: alert(
        "PipelineFailed",
        "pipeline-failed",
        `A Data Factory pipeline run failed (one alert per pipeline, named in the Name dimension). Look in the factory's Monitor > Pipeline runs for the failed activity and its error; ${logs} ADFPipelineRun and ADFActivityRun.`,
        failedRuns("PipelineFailedRuns", [{ name: "Name", operator: "Include", values: ["*"] }]),
      ),
      triggerFailed: alert(
        "TriggerFailed",
        "trigger-failed",
        `A Data Factory trigger run failed (one alert per trigger, named in the Name dimension): its pipelines did not start. Look in the factory's Monitor > Trigger runs for the error; ${logs} ADFTriggerRun.`,
        failedRuns("TriggerFailedRuns", [{ name: "Name", operator: "Include", values: ["*"] }]),
      ),
      databricksFailed: alert(
        "DatabricksFailed",
        "databricks-failed",
        `A Databricks notebook activity started by Data Factory failed (one alert per pipeline, named in the PipelineName dimension). Open the activity's run page URL from the factory's Monitor > Pipeline runs, or the job run in the Databricks workspace, for the notebook error; ${logs} ADFActivityRun.`,
        failedRuns("ActivityFailedRuns", [
          { name: "ActivityType", operator: "Include", values: ["DatabricksNotebook"] },
          { name: "PipelineName", operator: "Include", values: ["*"] },
        ]),
      ),
    };
  }

  private checkWebhook(webhook: PipelineAlertsWebhook, i: number, receiverNames: Set<string>): void {
    const prop = `receivers.webhooks[${i}]`;
    checkPattern(this, `${prop}.name`, webhook.name, /^.{1,60}$/, "1-60 characters");
    if (isKnown(webhook.name)) {
      if (receiverNames.has(webhook.name)) {
        throw propError(
          this,
          `${prop}.name`,
          "must be unique among the action group's receivers",
          webhook.name,
          "rename it (email receivers are named email-0, email-1, ...).",
        );
      }
      receiverNames.add(webhook.name);
    }
    const uri = webhook.serviceUri;
    if (!isKnown(uri)) return;
    const problem = webhookUriProblem(uri);
    if (problem !== undefined) {
      const fix =
        problem === NO_SECRET_IN_URL
          ? "drop the query string and the token, and authenticate the caller with Entra ID instead."
          : "use the endpoint's https:// address.";
      throw propError(this, `${prop}.serviceUri`, problem, redact(uri), fix);
    }
  }
}
