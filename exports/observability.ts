/** Observability: Log Analytics, the Activity Log export and the alerts on pipelines and backups. */
export { ACTIVITY_LOG_CATEGORIES, ActivityLogExport } from "../constructs/observability/activity-log-export";
export type { ActivityLogCategory, ActivityLogExportProps } from "../constructs/observability/activity-log-export";
export { BACKUP_ALERTS_DEFAULTS, BackupAlerts } from "../constructs/observability/backup-alerts";
export type { BackupAlertsProps, WatchedBackup } from "../constructs/observability/backup-alerts";
export { LOG_ANALYTICS_DEFAULTS, LogAnalytics } from "../constructs/observability/log-analytics";
export type { LogAnalyticsProps } from "../constructs/observability/log-analytics";
export { PIPELINE_ALERTS_DEFAULTS, PipelineAlerts } from "../constructs/observability/pipeline-alerts";
export type { PipelineAlertKind, PipelineAlertsProps, PipelineAlertsReceivers, PipelineAlertsWebhook } from "../constructs/observability/pipeline-alerts";
