import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { Testing } from "cdktf";
import {
  BACKUP_ALERTS_DEFAULTS,
  BACKUP_ALERT_SCHEDULE,
  BackupAlerts,
  BackupAlertsProps,
  successfulBackupRunsQuery,
} from "../../../constructs/observability/backup-alerts";

const WORKSPACE = "/subscriptions/s/resourceGroups/rg-data/providers/Microsoft.OperationalInsights/workspaces/log-medal-dev-weu";
const CLUSTER = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-medal-dev-weu";
const baseProps: BackupAlertsProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  namePrefix: "alert-medal-dev-weu-backup",
  actionGroupName: "ag-medal-dev-weu-backups",
  shortName: "backups",
  workspaceId: WORKSPACE,
  clusterId: CLUSTER,
  emails: ["platform-team@contoso.com"],
  backups: { "shop-database": { namespace: "shop", cronJobName: "database-backup", maxAgeHours: 26 } },
};

function synth(props: Partial<BackupAlertsProps> = {}) {
  const out = Testing.synthScope((scope) => {
    new BackupAlerts(scope, "Alerts", { ...baseProps, ...props });
  });
  return { out, json: JSON.parse(out) };
}

describe("BackupAlerts", () => {
  test("defaults: hourly, two days of inventory, warning severity; alerts when no run started within maxAgeHours succeeded", () => {
    expect(BACKUP_ALERTS_DEFAULTS).toEqual({ severity: 2 });
    expect(BACKUP_ALERT_SCHEDULE).toEqual({ evaluationFrequency: "PT1H", windowDuration: "P2D" });
    const { out, json } = synth();
    expect(out).toHaveResourceWithProperties(MonitorActionGroup, {
      name: "ag-medal-dev-weu-backups",
      short_name: "backups",
      email_receiver: [{ name: "email-0", email_address: "platform-team@contoso.com", use_common_alert_schema: true }],
    });
    expect(out).toHaveResourceWithProperties(MonitorScheduledQueryRulesAlertV2, {
      name: "alert-medal-dev-weu-backup-shop-database",
      scopes: [WORKSPACE],
      severity: 2,
      evaluation_frequency: "PT1H",
      window_duration: "P2D",
      auto_mitigation_enabled: true,
      skip_query_validation: true,
      identity: { type: "SystemAssigned" },
    });
    const [rule] = Object.values<any>(json.resource.azurerm_monitor_scheduled_query_rules_alert_v2);
    expect(rule.criteria).toEqual([
      {
        query: successfulBackupRunsQuery(CLUSTER, { namespace: "shop", cronJobName: "database-backup", maxAgeHours: 26 }),
        time_aggregation_method: "Count",
        operator: "LessThan",
        threshold: 1,
        failing_periods: { minimum_failing_periods_to_trigger_alert: 1, number_of_evaluation_periods: 1 },
      },
    ]);
    expect(rule.action.action_groups).toEqual([expect.stringMatching(/^\$\{azurerm_monitor_action_group\.[^.]+\.id\}$/)]);
    // The rule queries as itself, never as whoever last edited it.
    expect(Object.values<any>(json.resource.azurerm_role_assignment)).toEqual([
      expect.objectContaining({
        scope: WORKSPACE,
        role_definition_name: "Log Analytics Reader",
        principal_type: "ServicePrincipal",
        principal_id: expect.stringMatching(/^\$\{azurerm_monitor_scheduled_query_rules_alert_v2\.[^.]+\.identity\[0\]\.principal_id\}$/),
      }),
    ]);
  });

  test("the query counts successful pods of the CronJob's Jobs created within maxAgeHours", () => {
    expect(successfulBackupRunsQuery(CLUSTER, { namespace: "shop", cronJobName: "database-backup", maxAgeHours: 26 })).toBe(
      [
        "KubePodInventory",
        `| where _ResourceId =~ "${CLUSTER}"`,
        '| where Namespace == "shop" and ControllerKind == "Job" and ControllerName startswith "database-backup-"',
        '| where PodStatus == "Succeeded" and PodCreationTimeStamp > ago(26h)',
      ].join("\n"),
    );
  });

  test("one rule per backup, a severity and several receivers", () => {
    const { json } = synth({
      severity: 1,
      emails: ["a@contoso.com", "b@contoso.com"],
      backups: { ...baseProps.backups, "crm-db": { namespace: "crm", cronJobName: "db-backup", maxAgeHours: 4 } },
    });
    const rules = Object.values<any>(json.resource.azurerm_monitor_scheduled_query_rules_alert_v2);
    expect(rules.map((r) => [r.name, r.severity]).sort()).toEqual([
      ["alert-medal-dev-weu-backup-crm-db", 1],
      ["alert-medal-dev-weu-backup-shop-database", 1],
    ]);
    expect(rules.find((r) => r.name.endsWith("crm-db")).criteria[0].query).toContain("ago(4h)");
    expect(Object.values<any>(json.resource.azurerm_monitor_action_group)[0].email_receiver).toHaveLength(2);
  });

  test("fails without receivers", () => {
    expect(() => synth({ emails: [] })).toThrow(/Alerts: emails must name at least one receiver \(got \[\]\)/);
  });

  test("fails on a receiver that is not an email address", () => {
    expect(() => synth({ emails: ["platform team"] })).toThrow(/Alerts: emails\[0\] must be an email address/);
  });

  test("fails without backups", () => {
    expect(() => synth({ backups: {} })).toThrow(/Alerts: backups must name at least one backup/);
  });

  test("fails on a maximum age the two-day window cannot see", () => {
    expect(() => synth({ backups: { "shop-database": { namespace: "shop", cronJobName: "database-backup", maxAgeHours: 48 } } })).toThrow(
      /Alerts: backups\.shop-database\.maxAgeHours must be a whole number from 1 to 47 \(got 48\)/,
    );
  });

  test("fails on a backup key that cannot name a rule", () => {
    expect(() => synth({ backups: { "Shop DB": { namespace: "shop", cronJobName: "database-backup", maxAgeHours: 26 } } })).toThrow(
      /Alerts: backups must be keys of lowercase letters, digits and hyphens \(got "Shop DB"\)/,
    );
  });

  test("fails on a namespace or CronJob name that is not a DNS label (it goes into the query)", () => {
    expect(() => synth({ backups: { "shop-database": { namespace: 'shop" or 1==1', cronJobName: "database-backup", maxAgeHours: 26 } } })).toThrow(
      /Alerts: backups\.shop-database\.namespace must be a DNS label/,
    );
    expect(() => synth({ backups: { "shop-database": { namespace: "shop", cronJobName: "Database_Backup", maxAgeHours: 26 } } })).toThrow(
      /Alerts: backups\.shop-database\.cronJobName must be a DNS label/,
    );
  });

  test("fails on a severity Azure Monitor does not have", () => {
    expect(() => synth({ severity: 5 })).toThrow(/Alerts: severity must be a whole number from 0 to 4 \(got 5\)/);
  });

  test("fails on a cluster id that is not an AKS cluster's", () => {
    expect(() => synth({ clusterId: WORKSPACE })).toThrow(/Alerts: clusterId must be an AKS cluster's resource id/);
  });

  test("fails on a sender name longer than 12 characters", () => {
    expect(() => synth({ shortName: "database-backups" })).toThrow(/Alerts: shortName must be 1-12 characters/);
  });

  test("fails naming every problem at once", () => {
    const backups = { "shop-database": { namespace: "shop", cronJobName: "Database_Backup", maxAgeHours: 48 } };
    expect(() => synth({ shortName: "database-backups", emails: ["platform team"], backups })).toThrow(
      /Alerts: 4 problems:\n- \S*Alerts: shortName must be 1-12 characters.*\n- \S*Alerts: emails\[0\] must be an email address.*\n- \S*Alerts: backups\.shop-database\.maxAgeHours must be a whole number.*\n- \S*Alerts: backups\.shop-database\.cronJobName must be a DNS label.*$/,
    );
  });
});
