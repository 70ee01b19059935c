import { EnvironmentConfig } from "../config/schema";
import { ResourceNames } from "../config/naming";
import { ApplicationBackups } from "../constructs/kubernetes/application";

/**
 * Application workloads with a `backup` (`kubernetes.apps.<app>.workloads.<w>.backup`): `<env>-aks` gives each a
 * container of the environment's backup storage account and lets the workload's identity write it;
 * `<env>-k8s-config` runs the CronJob that dumps and uploads. Both stacks derive the names from the same config.
 */
export interface WorkloadBackup {
  readonly app: string;
  readonly namespace: string;
  readonly workload: string;
  /** `<app>-<workload>`. */
  readonly containerName: string;
  readonly retentionDays: number;
  /** Hours without a successful run before the alert fires. */
  readonly maxAgeHours: number;
}

/** Every workload of the environment that declares a backup. */
export function workloadBackups(config: EnvironmentConfig): WorkloadBackup[] {
  return Object.entries(config.kubernetes.apps).flatMap(([app, a]) =>
    Object.entries(a.workloads).flatMap(([workload, w]) =>
      w.backup
        ? [
            {
              app,
              namespace: a.namespace,
              workload,
              containerName: `${app}-${workload}`,
              retentionDays: w.backup.retentionDays,
              maxAgeHours: w.backup.maxAgeHours,
            },
          ]
        : [],
    ),
  );
}

/** Where application `app`'s workloads write their backups, or undefined when none declares one. */
export function applicationBackups(config: EnvironmentConfig, app: string): ApplicationBackups | undefined {
  const backups = workloadBackups(config).filter((b) => b.app === app);
  const settings = config.kubernetes.backups;
  if (backups.length === 0 || !settings) return undefined;
  const accountName = new ResourceNames(config).aksNames().backupStorageAccount;
  return {
    uploaderImage: settings.uploaderImage,
    destinations: Object.fromEntries(
      backups.map((b) => [b.workload, { accountName, containerName: b.containerName, privateEndpointCidr: config.aks.network.privateEndpoints }]),
    ),
  };
}
