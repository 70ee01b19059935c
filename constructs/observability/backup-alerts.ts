import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ResourcePlacement } from "../core/interfaces";
import { grantRole } from "../core/role-assignments";
import { checkPattern, checkRange, collectProblems, propError } from "../core/validation";
import { checkDnsLabel } from "../kubernetes/k8s-names";
import { DNS_LABEL } from "../core/names";

/** One backup CronJob whose runs are watched. */
export interface WatchedBackup {
  /** Namespace and name of the CronJob (its Jobs are named `<name>-<minutes since the epoch>`). */
  readonly namespace: string;
  readonly cronJobName: string;
  /** Hours after which a missing successful run alerts (1-47: the query looks two days back). */
  readonly maxAgeHours: number;
}

/** Props of {@link BackupAlerts}. */
export interface BackupAlertsProps extends ResourcePlacement {
  /** Rules are named `<namePrefix>-<key of backups>`. */
  readonly namePrefix: string;
  readonly actionGroupName: string;
  /** Sender name of the action group's emails (1-12 characters). */
  readonly shortName: string;
  /** The Log Analytics workspace Container Insights writes `KubePodInventory` to. */
  readonly workspaceId: string;
  /** The cluster whose pods are counted (another cluster reporting to the same workspace must not hide a failure). */
  readonly clusterId: string;
  /** Who is told. */
  readonly emails: readonly string[];
  /** The backups to watch, by a key that names the rule. */
  readonly backups: Readonly<Record<string, WatchedBackup>>;
  /** @default 2 (warning) */
  readonly severity?: number;
}

export const BACKUP_ALERTS_DEFAULTS = { severity: 2 } as const satisfies Partial<BackupAlertsProps>;

/** How often each rule runs and how far back it reads (the longest window azurerm accepts: maxAgeHours < 48). */
export const BACKUP_ALERT_SCHEDULE = { evaluationFrequency: "PT1H", windowDuration: "P2D" } as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The query that finds successful runs of a backup started within its maximum age (Container Insights' pod inventory). */
export function successfulBackupRunsQuery(clusterId: string, b: WatchedBackup): string {
  return [
    "KubePodInventory",
    `| where _ResourceId =~ "${clusterId}"`,
    `| where Namespace == "${b.namespace}" and ControllerKind == "Job" and ControllerName startswith "${b.cronJobName}-"`,
    `| where PodStatus == "Succeeded" and PodCreationTimeStamp > ago(${b.maxAgeHours}h)`,
  ].join("\n");
}

/**
 * A backup nobody watches fails silently. One log search alert per backup CronJob, every hour: it fires when no run
 * of the job started within `maxAgeHours` and succeeded (a failed run, a run that never started, a suspended
 * CronJob, a cluster that stopped reporting all look the same), and resolves itself once one does. A new backup
 * alerts until its first run succeeds. Each rule queries as its own system-assigned identity ("Log Analytics Reader"
 * on the workspace). Notifications go to the email receivers of an action group of its own.
 *
 * @example
 * ```ts
 * new BackupAlerts(this, "BackupAlerts", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   namePrefix: "alert-backup-dev",
 *   actionGroupName: "ag-backups-dev",
 *   shortName: "backups",
 *   workspaceId: logs.id,
 *   clusterId: cluster.id,
 *   emails: ["platform-team@example.com"],
 *   backups: { "shop-database": { namespace: "shop", cronJobName: backupCronJobName("database"), maxAgeHours: 26 } },
 * });
 * ```
 */
export class BackupAlerts extends Construct {
  public readonly actionGroup: MonitorActionGroup;
  public readonly alerts: Record<string, MonitorScheduledQueryRulesAlertV2> = {};
  /** Each rule's "Log Analytics Reader" on the workspace. */
  public readonly readers: Record<string, RoleAssignment> = {};

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    const d = BACKUP_ALERTS_DEFAULTS;
    const entries = Object.entries(props.backups);
    collectProblems(this, [
      () => checkPattern(this, "shortName", props.shortName, /^.{1,12}$/, "1-12 characters"),
      () => checkRange(this, "severity", props.severity, 0, 4),
      () =>
        checkPattern(
          this,
          "clusterId",
          props.clusterId,
          /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i,
          "an AKS cluster's resource id",
        ),
      () => {
        if (props.emails.length === 0)
          throw propError(this, "emails", "must name at least one receiver", props.emails, "add the email address of whoever restores the databases.");
      },
      ...props.emails.map((email, i) => () => checkPattern(this, `emails[${i}]`, email, EMAIL, "an email address such as platform-team@example.com")),
      () => {
        if (entries.length === 0) throw propError(this, "backups", "must name at least one backup", props.backups, "pass the backup CronJobs to watch.");
      },
      ...entries.flatMap(([key, b]) => [
        () => checkPattern(this, "backups", key, DNS_LABEL, "keys of lowercase letters, digits and hyphens"),
        () => checkRange(this, `backups.${key}.maxAgeHours`, b.maxAgeHours, 1, 47),
        // Both go into the query: DNS labels only, so nothing can be injected into it.
        () => checkDnsLabel(this, `backups.${key}.namespace`, b.namespace),
        () => checkDnsLabel(this, `backups.${key}.cronJobName`, b.cronJobName),
      ]),
    ]);

    this.actionGroup = new MonitorActionGroup(this, "ActionGroup", {
      name: props.actionGroupName,
      resourceGroupName: props.resourceGroupName,
      shortName: props.shortName,
      emailReceiver: props.emails.map((emailAddress, i) => ({ name: `email-${i}`, emailAddress, useCommonAlertSchema: true })),
      tags: props.tags,
    });
    for (const [key, b] of entries) {
      this.alerts[key] = new MonitorScheduledQueryRulesAlertV2(this, `Alert-${key}`, {
        name: `${props.namePrefix}-${key}`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        scopes: [props.workspaceId],
        description: `No successful run of CronJob ${b.namespace}/${b.cronJobName} started in the last ${b.maxAgeHours} hours: the newest backup is older than that.`,
        severity: props.severity ?? d.severity,
        evaluationFrequency: BACKUP_ALERT_SCHEDULE.evaluationFrequency,
        windowDuration: BACKUP_ALERT_SCHEDULE.windowDuration,
        criteria: [
          {
            query: successfulBackupRunsQuery(props.clusterId, b),
            timeAggregationMethod: "Count",
            operator: "LessThan",
            threshold: 1,
            failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
          },
        ],
        autoMitigationEnabled: true,
        // On a new workspace KubePodInventory may not exist until Container Insights first reports: the service's
        // validation would refuse the query. It is fixed, and tested here.
        skipQueryValidation: true,
        // Its own identity, reading the workspace: without one the rule runs with whoever last edited it.
        identity: { type: "SystemAssigned" },
        action: { actionGroups: [this.actionGroup.id] },
        tags: props.tags,
      });
      this.readers[key] = grantRole(
        this,
        `Read-${key}`,
        props.workspaceId,
        "Log Analytics Reader",
        { principalId: this.alerts[key].identity.principalId, principalType: "ServicePrincipal" },
        `Backup alert ${key} reads the cluster's pod inventory`,
      );
    }
  }
}
