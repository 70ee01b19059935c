import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Construct } from "constructs";
import { IPV4_CIDR, PRIVATE_IPV4_RANGES } from "../core/cidr";
import { checkPattern, checkRange, collectProblems, GUID, isKnown, propError } from "../core/validation";
import { ContainerResources, renderContainer, validateContainers, writableVolumes } from "./container";
import { checkDnsLabel } from "./k8s-names";
import { KubeObject } from "./kube-object";
import { NamespaceRef, dependOn, dependOnNamespace } from "./namespace";
import { KEY_VAULT_SECRETS_MOUNT_PATH, secretsStoreVolume } from "./secret-provider-class";
import { checkQuantity, podSecurityContext } from "./security-context";
import { Workload } from "./workload";
import { STORAGE_ACCOUNT_NAME, STORAGE_CONTAINER_NAME } from "../core/storage-account-baseline";

/** Where a backup goes: a container of the environment's backup storage account ({@link BackupStorage}). */
export interface BackupDestination {
  /** Storage account name. */
  readonly accountName: string;
  readonly containerName: string;
  /** The private endpoint's subnet: the only address the uploader may reach the account at. */
  readonly privateEndpointCidr: string;
}

/** Props of {@link PostgresBackup}. */
export interface PostgresBackupProps {
  /** The database: a StatefulSet whose own image has `pg_dumpall`, mounting its password from Key Vault. */
  readonly database: Workload;
  /** The namespace object, so the CronJob waits for it. @default - the database's namespace, by name */
  readonly namespace?: NamespaceRef;
  /** Cron expression, five fields. */
  readonly schedule: string;
  /** File of the database's Key Vault secrets that holds the `postgres` role's password. */
  readonly passwordFile: string;
  readonly destination: BackupDestination;
  /** Image with the Azure CLI (`az`), pinned. */
  readonly uploaderImage: string;
  /** Tenant and client id of the identity federated with the database's ServiceAccount (it writes the container). */
  readonly tenantId: string;
  readonly clientId: string;
  /** @default "Etc/UTC" */
  readonly timeZone?: string;
  /** Seconds a run may take before it is stopped and counted as failed. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /**
   * Most the compressed dump may take on the node's disk (the emptyDir's sizeLimit): above it the kubelet evicts
   * the pod rather than let it fill the node.
   * @default "32Gi"
   */
  readonly dumpSizeLimit?: string;
  /** @default POSTGRES_BACKUP_DEFAULTS.dumpResources */
  readonly dumpResources?: ContainerResources;
  /** @default POSTGRES_BACKUP_DEFAULTS.uploadResources */
  readonly uploadResources?: ContainerResources;
}

export const POSTGRES_BACKUP_DEFAULTS = {
  timeZone: "Etc/UTC",
  activeDeadlineSeconds: 3600,
  dumpSizeLimit: "32Gi",
  dumpResources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  uploadResources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
} as const satisfies Partial<PostgresBackupProps>;

/** How runs are handled (not props): two retries of a failed run, three runs of each outcome kept to inspect. */
export const POSTGRES_BACKUP_RUNS = { backoffLimit: 2, historyLimit: 3 } as const;

/** The name of the backup CronJob of workload `name` (what alerts on its runs look for). */
export const backupCronJobName = (name: string): string => `${name}-backup`;

/** Label of a backup job's pods that names the workload it backs up (what reviews recognise it by). */
export const BACKUP_OF_LABEL = "backup-of";

/** Where the projected ServiceAccount token for Entra ID's token exchange is mounted. */
const TOKEN_DIR = "/var/run/secrets/azure/tokens";
const TOKEN_FILE = "azure-identity-token";
const DUMP_DIR = "/backup";
const DUMP_FILE = `${DUMP_DIR}/dumpall.sql.gz`;
const CRON = /^\S+( \S+){4}$/;
/** A client id, or a Flux post-build variable that becomes one in the cluster. */
const CLIENT_ID = new RegExp(`^(?:${GUID.source.slice(1, -1)}|\\$\\{[A-Z0-9_]+\\})$`);

/**
 * A nightly (or any cron) logical backup of an in-cluster Postgres: a CronJob whose pod runs, as the database's
 * own ServiceAccount, `pg_dumpall` with the database's image (so client and server versions match; the password
 * file is mounted from the database's Key Vault by the same SecretProviderClass), then `az storage blob upload`
 * signed in as the database's workload identity through a projected ServiceAccount token (audience
 * `api://AzureADTokenExchange`), to `<container>/<UTC time>.sql.gz`. One run at a time (`Forbid`), a deadline,
 * two retries. NetworkPolicies admit the pod to the database's port, to the backup account's private endpoint
 * on 443, and to the internet on 443 for Entra ID's sign-in (NetworkPolicies cannot name hosts); and the database
 * to accept it. Restricted Pod Security, read-only root filesystems.
 *
 * @example
 * ```ts
 * new PostgresBackup(this, "DatabaseBackup", {
 *   database,
 *   schedule: "30 1 * * *",
 *   passwordFile: "postgres-password",
 *   destination: { accountName: "stbackupsdev", containerName: "shop-database", privateEndpointCidr: "10.20.8.0/24" },
 *   uploaderImage: "mcr.microsoft.com/azure-cli:2.77.0",
 *   tenantId: "00000000-0000-0000-0000-00000000000a",
 *   clientId: databaseIdentity.clientId,
 * });
 * ```
 */
export class PostgresBackup extends Construct {
  public readonly name: string;
  public readonly podLabels: Readonly<Record<string, string>>;
  public readonly cronJob: KubeObject;
  public readonly policies: readonly KubeObject[];

  constructor(scope: Construct, id: string, props: PostgresBackupProps) {
    super(scope, id);
    const d = POSTGRES_BACKUP_DEFAULTS;
    const db = props.database;
    const dumpSizeLimit = props.dumpSizeLimit ?? d.dumpSizeLimit;
    const dumpResources = props.dumpResources ?? d.dumpResources;
    const { accountName, containerName } = props.destination;
    const upload = {
      name: "upload",
      image: props.uploaderImage,
      resources: props.uploadResources ?? d.uploadResources,
      writablePaths: ["/tmp"],
      env: {
        AZURE_CLIENT_ID: props.clientId,
        AZURE_TENANT_ID: props.tenantId,
        AZURE_FEDERATED_TOKEN_FILE: `${TOKEN_DIR}/${TOKEN_FILE}`,
        AZURE_CONFIG_DIR: "/tmp/.azure",
        AZURE_CORE_COLLECT_TELEMETRY: "false",
        HOME: "/tmp",
      },
      command: ["/bin/sh", "-c"],
      args: [
        [
          "set -eu",
          'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none',
          `az storage blob upload --auth-mode login --account-name ${accountName} --container-name ${containerName} --name "$(date -u +%Y%m%dT%H%M%SZ).sql.gz" --file ${DUMP_FILE} --no-progress --output none`,
        ].join("\n"),
      ],
    };
    this.name = backupCronJobName(db.name);
    collectProblems(this, [
      // The password file is one of the database's Key Vault files, so it is checked once the database has them.
      () => {
        if (db.kind !== "StatefulSet")
          throw propError(this, "database", "must be a StatefulSet (the database and its volume)", db.kind, "back up the StatefulSet that runs Postgres.");
        if (!db.secretProviderClassName)
          throw propError(
            this,
            "database",
            "must mount its secrets from Key Vault (keyVaultSecrets)",
            db.name,
            "give the database keyVaultSecrets with the postgres password.",
          );
        if (!db.keyVaultSecretFiles.includes(props.passwordFile)) {
          throw propError(
            this,
            "passwordFile",
            `must be one of the database's Key Vault files (${db.keyVaultSecretFiles.join(", ")})`,
            props.passwordFile,
            "name the file of keyVaultSecrets that holds the postgres password.",
          );
        }
        checkPattern(this, "passwordFile", props.passwordFile, /^[A-Za-z0-9._-]+$/, "a file name of the database's keyVaultSecrets");
      },
      () => {
        if (!db.service) throw propError(this, "database", "must expose its port through a Service", db.name, "give the database a port.");
      },
      () => {
        if (isKnown(props.schedule) && !CRON.test(props.schedule))
          throw propError(this, "schedule", "must be a five-field cron expression", props.schedule, 'use e.g. "30 1 * * *".');
      },
      () => checkPattern(this, "destination.accountName", accountName, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      () => checkPattern(this, "destination.containerName", containerName, STORAGE_CONTAINER_NAME.pattern, STORAGE_CONTAINER_NAME.rule),
      () => checkPattern(this, "destination.privateEndpointCidr", props.destination.privateEndpointCidr, IPV4_CIDR, "an IPv4 CIDR such as 10.11.8.0/27"),
      () => checkPattern(this, "tenantId", props.tenantId, GUID, "a GUID"),
      () => checkPattern(this, "clientId", props.clientId, CLIENT_ID, "a GUID, or a ${VARIABLE} that Flux substitutes"),
      () => checkRange(this, "activeDeadlineSeconds", props.activeDeadlineSeconds, 60, 86400),
      () => {
        if (checkQuantity(this, "dumpSizeLimit", dumpSizeLimit) === 0)
          throw propError(this, "dumpSizeLimit", "must be greater than 0", dumpSizeLimit, 'use e.g. "32Gi".');
      },
      () => checkDnsLabel(this, "database.name", this.name, 52),
      // The dump container's command names the database's Service, so only its image and resources are checked here.
      () => validateContainers(this, [{ name: "dump", image: db.containers[0].image, resources: dumpResources }, upload]),
    ]);

    this.podLabels = { app: this.name, tier: "backup", [BACKUP_OF_LABEL]: db.name };
    const namespace = db.namespace;
    const port = Object.values(db.ports)[0];
    const dump = {
      name: "dump",
      image: db.containers[0].image,
      resources: dumpResources,
      command: ["/bin/sh", "-c"],
      args: [
        [
          "set -eu -o pipefail",
          `PGPASSWORD="$(cat ${KEY_VAULT_SECRETS_MOUNT_PATH}/${props.passwordFile})" pg_dumpall --host=${db.serviceName} --port=${port} --username=postgres --no-password --clean --if-exists | gzip > ${DUMP_FILE}`,
        ].join("\n"),
      ],
    };
    const dumpVolume = { name: "dump", emptyDir: { sizeLimit: dumpSizeLimit } };
    const secretsVolume = secretsStoreVolume("keyvault-secrets", db.secretProviderClassName!);
    const tokenVolume = {
      name: "azure-identity-token",
      projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: TOKEN_FILE } }] },
    };

    this.cronJob = new KubeObject(this, "CronJob", {
      render: () =>
        new CronJob({
          metadata: { name: this.name, namespace, labels: { ...this.podLabels } },
          spec: {
            schedule: props.schedule,
            timeZone: props.timeZone ?? d.timeZone,
            concurrencyPolicy: "Forbid",
            successfulJobsHistoryLimit: POSTGRES_BACKUP_RUNS.historyLimit,
            failedJobsHistoryLimit: POSTGRES_BACKUP_RUNS.historyLimit,
            jobTemplate: {
              metadata: { labels: { ...this.podLabels } },
              spec: {
                backoffLimit: POSTGRES_BACKUP_RUNS.backoffLimit,
                activeDeadlineSeconds: props.activeDeadlineSeconds ?? d.activeDeadlineSeconds,
                template: {
                  metadata: { labels: { ...this.podLabels } },
                  spec: {
                    restartPolicy: "Never",
                    serviceAccountName: db.serviceAccountName,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: podSecurityContext({ ...db.podIdentity }),
                    initContainers: [
                      renderContainer(dump, [
                        { name: dumpVolume.name, mountPath: DUMP_DIR },
                        { name: secretsVolume.name, mountPath: KEY_VAULT_SECRETS_MOUNT_PATH, readOnly: true },
                      ]),
                    ],
                    containers: [
                      renderContainer(upload, [
                        { name: dumpVolume.name, mountPath: DUMP_DIR, readOnly: true },
                        { name: tokenVolume.name, mountPath: TOKEN_DIR, readOnly: true },
                      ]),
                    ],
                    volumes: [dumpVolume, secretsVolume, tokenVolume, ...writableVolumes(upload)],
                  },
                },
              },
            },
          },
        }),
    });

    const dbLabels = { ...db.selectorLabels };
    const egress = new KubeObject(this, "Egress", {
      render: () =>
        new NetworkPolicy({
          metadata: { name: `${this.name}-egress`, namespace },
          spec: {
            podSelector: { matchLabels: { ...this.podLabels } },
            policyTypes: ["Egress"],
            egress: [
              { to: [{ podSelector: { matchLabels: dbLabels } }], ports: [{ protocol: "TCP", port }] },
              { to: [{ ipBlock: { cidr: props.destination.privateEndpointCidr } }], ports: [{ protocol: "TCP", port: 443 }] },
              { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...PRIVATE_IPV4_RANGES] } }], ports: [{ protocol: "TCP", port: 443 }] },
            ],
          },
        }),
    });
    const ingress = new KubeObject(this, "DatabaseIngress", {
      render: () =>
        new NetworkPolicy({
          metadata: { name: `${db.name}-from-${this.name}-${port}`, namespace },
          spec: {
            podSelector: { matchLabels: dbLabels },
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: { ...this.podLabels } } }], ports: [{ protocol: "TCP", port }] }],
          },
        }),
    });
    this.policies = [egress, ingress];
    if (props.namespace) dependOnNamespace(props.namespace, this.cronJob, egress, ingress);
    // The pod mounts the database's SecretProviderClass and runs as its ServiceAccount.
    for (const dependency of [db.serviceAccount, db.secretProviderClass]) {
      if (dependency) dependOn(this.cronJob, dependency);
    }
  }
}
