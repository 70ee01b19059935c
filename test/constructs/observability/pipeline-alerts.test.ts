import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { TerraformOutput, Testing, Token } from "cdktf";
import { PIPELINE_ALERTS_DEFAULTS, PipelineAlerts, PipelineAlertsProps } from "../../../constructs/observability/pipeline-alerts";

const ADF_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DataFactory/factories/adf-medal-dev-weu";
const ACTION_GROUP_ID = expect.stringMatching(/^\$\{azurerm_monitor_action_group\.[^.]+\.id\}$/);

const baseProps: PipelineAlertsProps = {
  resourceGroupName: "rg-obs",
  location: "westeurope",
  dataFactoryId: ADF_ID,
  namePrefix: "adf-medal-dev-weu",
  actionGroupName: "ag-data-dev",
  shortName: "data-dev",
  receivers: { emails: ["data-team@example.com", "oncall@example.com"] },
};

function build(props: Partial<PipelineAlertsProps> = {}): { out: string; alerts: PipelineAlerts } {
  let alerts: PipelineAlerts | undefined;
  const out = Testing.synthScope((scope) => {
    alerts = new PipelineAlerts(scope, "Alerts", { ...baseProps, ...props });
  });
  return { out, alerts: alerts as PipelineAlerts };
}

function synth(props: Partial<PipelineAlertsProps> = {}): string {
  return build(props).out;
}

/** The synthesized metric alerts, by name. */
function alertsByName(out: string): Record<string, any> {
  return Object.fromEntries(Object.values<any>(JSON.parse(out).resource.azurerm_monitor_metric_alert).map((a) => [a.name, a]));
}

function actionGroup(out: string): any {
  const groups = Object.values<any>(JSON.parse(out).resource.azurerm_monitor_action_group);
  expect(groups).toHaveLength(1);
  return groups[0];
}

const common = {
  resource_group_name: "rg-obs",
  scopes: [ADF_ID],
  frequency: "PT5M",
  window_size: "PT15M",
  auto_mitigate: true,
  enabled: true,
  severity: 2,
  action: [{ action_group_id: ACTION_GROUP_ID }],
};

const failedRuns = { metric_namespace: "Microsoft.DataFactory/factories", aggregation: "Total", operator: "GreaterThan", threshold: 0 };

describe("PipelineAlerts", () => {
  test("defaults: an action group with the emails", () => {
    expect(PIPELINE_ALERTS_DEFAULTS).toEqual({ severity: 2, enabled: true });
    const out = synth();
    expect(out).toHaveResourceWithProperties(MonitorActionGroup, {
      name: "ag-data-dev",
      resource_group_name: "rg-obs",
      short_name: "data-dev",
      enabled: true,
      email_receiver: [
        { name: "email-0", email_address: "data-team@example.com", use_common_alert_schema: true },
        { name: "email-1", email_address: "oncall@example.com", use_common_alert_schema: true },
      ],
    });
    const group = actionGroup(out);
    // "global" is the provider's default: not set.
    expect(group.location).toBeUndefined();
    expect(group.webhook_receiver).toBeUndefined();
    expect(group.tags).toBeUndefined();
  });

  test("defaults: three alerts on failed pipeline, trigger and Databricks notebook runs", () => {
    const alerts = alertsByName(synth());
    expect(Object.keys(alerts).sort()).toEqual([
      "adf-medal-dev-weu-databricks-failed",
      "adf-medal-dev-weu-pipeline-failed",
      "adf-medal-dev-weu-trigger-failed",
    ]);
    expect(alerts["adf-medal-dev-weu-pipeline-failed"]).toEqual(
      expect.objectContaining({
        ...common,
        description: expect.stringMatching(/pipeline run failed.*Monitor > Pipeline runs/),
        criteria: [{ ...failedRuns, metric_name: "PipelineFailedRuns", dimension: [{ name: "Name", operator: "Include", values: ["*"] }] }],
      }),
    );
    expect(alerts["adf-medal-dev-weu-trigger-failed"]).toEqual(
      expect.objectContaining({
        ...common,
        description: expect.stringMatching(/trigger run failed.*Monitor > Trigger runs/),
        criteria: [{ ...failedRuns, metric_name: "TriggerFailedRuns", dimension: [{ name: "Name", operator: "Include", values: ["*"] }] }],
      }),
    );
    expect(alerts["adf-medal-dev-weu-databricks-failed"]).toEqual(
      expect.objectContaining({
        ...common,
        description: expect.stringMatching(/Databricks notebook activity.*failed/),
        criteria: [
          {
            ...failedRuns,
            metric_name: "ActivityFailedRuns",
            dimension: [
              { name: "ActivityType", operator: "Include", values: ["DatabricksNotebook"] },
              { name: "PipelineName", operator: "Include", values: ["*"] },
            ],
          },
        ],
      }),
    );
    for (const alert of Object.values(alerts)) expect(alert.tags).toBeUndefined();
  });

  test("public fields: the action group, its id and the alerts by kind", () => {
    let pa: PipelineAlerts | undefined;
    const out = Testing.synthScope((scope) => {
      pa = new PipelineAlerts(scope, "Alerts", baseProps);
      new TerraformOutput(scope, "ActionGroupId", { value: pa.actionGroupId });
    });
    expect(JSON.parse(out).output.ActionGroupId.value).toEqual(ACTION_GROUP_ID);
    const alerts = (pa as PipelineAlerts).alerts;
    expect(alerts.pipelineFailed).toBeInstanceOf(MonitorMetricAlert);
    expect([alerts.pipelineFailed.nameInput, alerts.triggerFailed.nameInput, alerts.databricksFailed.nameInput]).toEqual([
      "adf-medal-dev-weu-pipeline-failed",
      "adf-medal-dev-weu-trigger-failed",
      "adf-medal-dev-weu-databricks-failed",
    ]);
    expect((pa as PipelineAlerts).actionGroup).toBeInstanceOf(MonitorActionGroup);
  });

  test("webhooks become webhook receivers with the common alert schema", () => {
    const out = synth({ receivers: { webhooks: [{ name: "logic-app", serviceUri: "https://hooks.example.com/alerts/adf" }] } });
    expect(out).toHaveResourceWithProperties(MonitorActionGroup, {
      webhook_receiver: [{ name: "logic-app", service_uri: "https://hooks.example.com/alerts/adf", use_common_alert_schema: true }],
    });
    expect(actionGroup(out).email_receiver).toBeUndefined();
  });

  test("emails and webhooks together", () => {
    const group = actionGroup(synth({ receivers: { emails: ["a@example.com"], webhooks: [{ name: "hook", serviceUri: "https://hooks.example.com/x" }] } }));
    expect(group.email_receiver).toEqual([{ name: "email-0", email_address: "a@example.com", use_common_alert_schema: true }]);
    expect(group.webhook_receiver).toEqual([{ name: "hook", service_uri: "https://hooks.example.com/x", use_common_alert_schema: true }]);
  });

  test("severity sets every alert's severity", () => {
    const alerts = Object.values(alertsByName(synth({ severity: 1 })));
    expect(alerts.map((a) => a.severity)).toEqual([1, 1, 1]);
  });

  test("enabled false disables the action group and every alert, with a warning", () => {
    const out = synth({ enabled: false });
    expect(actionGroup(out).enabled).toBe(false);
    expect(Object.values(alertsByName(out)).map((a) => a.enabled)).toEqual([false, false, false]);
    const warnings = (alerts: PipelineAlerts) => alerts.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings(build({ enabled: false }).alerts)).toEqual([
      expect.stringMatching(/^enabled opts out of a secure default: failed pipeline, trigger and Databricks runs notify nobody/),
    ]);
    expect(warnings(build().alerts)).toEqual([]);
  });

  test("tags are passed through to the action group and the alerts", () => {
    const out = synth({ tags: { app: "data" } });
    expect(out).toHaveResourceWithProperties(MonitorActionGroup, { tags: { app: "data" } });
    expect(Object.values(alertsByName(out)).map((a) => a.tags)).toEqual([{ app: "data" }, { app: "data" }, { app: "data" }]);
  });

  test("an unresolved dataFactoryId is the alerts' scope", () => {
    const out = synth({ dataFactoryId: Token.asString({ Ref: "adf" }) });
    expect(out).toHaveResourceWithProperties(MonitorMetricAlert, { name: "adf-medal-dev-weu-pipeline-failed", scopes: [expect.anything()] });
  });

  test("unresolved receivers skip the checks", () => {
    expect(() =>
      synth({ receivers: { emails: [Token.asString({ Ref: "email" })], webhooks: [{ name: "hook", serviceUri: Token.asString({ Ref: "uri" }) }] } }),
    ).not.toThrow();
  });

  test("fails without receivers", () => {
    expect(() => synth({ receivers: {} })).toThrow(/Alerts: receivers must have at least one email or webhook \(got \{\}\)\. Fix: add an email/);
    expect(() => synth({ receivers: { emails: [], webhooks: [] } })).toThrow(/receivers must have at least one email or webhook/);
  });

  test("fails on a bad email", () => {
    expect(() => synth({ receivers: { emails: ["ok@example.com", "not-an-email"] } })).toThrow(
      /Alerts: receivers\.emails\[1\] must be an email address such as data-team@example\.com \(got "not-an-email"\)/,
    );
  });

  test("fails on an http webhook", () => {
    expect(() => synth({ receivers: { webhooks: [{ name: "hook", serviceUri: "http://hooks.example.com/x" }] } })).toThrow(
      /Alerts: receivers\.webhooks\[0\]\.serviceUri must be an https:\/\/ URL \(got "http:\/\/hooks\.example\.com\/x"\)/,
    );
  });

  test("fails on a webhook with a query string, without repeating the token", () => {
    const uri = "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sig=SECRET123";
    const run = (): string => synth({ receivers: { webhooks: [{ name: "logic-app", serviceUri: uri }] } });
    expect(run).toThrow(
      /receivers\.webhooks\[0\]\.serviceUri must not carry a query string: a token in the URL would be a secret in config and Terraform state; use an endpoint that authenticates with Entra ID \(e\.g\. a Logic App with Entra auth\)/,
    );
    expect(run).toThrow(/\(got "https:\/\/prod-01\.westeurope\.logic\.azure\.com\/workflows\/abc\/triggers\/manual\/paths\/invoke\?<redacted>"\)/);
    expect(run).not.toThrow(/SECRET123/);
  });

  test("fails on a webhook with a token outside the query string", () => {
    expect(() => synth({ receivers: { webhooks: [{ name: "hook", serviceUri: "https://hooks.example.com/x;sig=SECRET123" }] } })).toThrow(
      /must not carry a query string.*\(got "https:\/\/hooks\.example\.com\/x;sig=<redacted>"\)/,
    );
    expect(() => synth({ receivers: { webhooks: [{ name: "hook", serviceUri: "https://hooks.example.com/api/code=SECRET123" }] } })).toThrow(
      /must not carry a query string/,
    );
    expect(() => synth({ receivers: { webhooks: [{ name: "hook", serviceUri: "https://user:pass@hooks.example.com/x" }] } })).toThrow(
      /must not carry a query string.*\(got "https:\/\/<redacted>@hooks\.example\.com\/x"\)/,
    );
  });

  test("fails on duplicate webhook names", () => {
    const hook = { name: "hook", serviceUri: "https://hooks.example.com/x" };
    expect(() => synth({ receivers: { webhooks: [hook, { ...hook, serviceUri: "https://hooks.example.com/y" }] } })).toThrow(
      /Alerts: receivers\.webhooks\[1\]\.name must be unique among the action group's receivers \(got "hook"\)/,
    );
    expect(() => synth({ receivers: { emails: ["a@example.com"], webhooks: [{ ...hook, name: "email-0" }] } })).toThrow(
      /receivers\.webhooks\[0\]\.name must be unique/,
    );
  });

  test("fails on a webhook name longer than 60 characters", () => {
    expect(() => synth({ receivers: { webhooks: [{ name: "h".repeat(61), serviceUri: "https://hooks.example.com/x" }] } })).toThrow(
      /receivers\.webhooks\[0\]\.name must be 1-60 characters/,
    );
  });

  test("fails on a shortName longer than 12 characters", () => {
    expect(() => synth({ shortName: "data-platform" })).toThrow(
      /Alerts: shortName must be 1-12 characters \(got "data-platform"\)\. Fix: choose a shortName that is 1-12 characters\./,
    );
  });

  test("fails on an empty or too long actionGroupName", () => {
    expect(() => synth({ actionGroupName: "" })).toThrow(/actionGroupName must be 1-260 characters \(got ""\)/);
    expect(() => synth({ actionGroupName: "a".repeat(261) })).toThrow(/actionGroupName must be 1-260 characters/);
  });

  test("fails on severity 5", () => {
    expect(() => synth({ severity: 5 })).toThrow(/Alerts: severity must be a whole number from 0 to 4 \(got 5\)/);
  });

  test("fails on a bad namePrefix", () => {
    expect(() => synth({ namePrefix: "-adf" })).toThrow(
      /Alerts: namePrefix must be 1-201 letters, digits and hyphens, starting with a letter or digit \(got "-adf"\)/,
    );
    expect(() => synth({ namePrefix: "adf_medal" })).toThrow(/namePrefix must be 1-201 letters, digits and hyphens/);
  });

  test("fails on a dataFactoryId that is not a factory", () => {
    expect(() => synth({ dataFactoryId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st" })).toThrow(
      /dataFactoryId must be a Data Factory resource id/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() =>
      synth({ severity: 5, receivers: { emails: ["not-an-email"], webhooks: [{ name: "hook", serviceUri: "http://hooks.example.com/x" }] } }),
    ).toThrow(
      /Alerts: 3 problems:\n- \S*Alerts: severity must be a whole number.*\n- \S*Alerts: receivers\.emails\[0\] must be an email address.*\n- \S*Alerts: receivers\.webhooks\[0\]\.serviceUri .*$/,
    );
  });
});
