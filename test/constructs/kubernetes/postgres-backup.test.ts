import { Construct } from "constructs";
import { POSTGRES_BACKUP_DEFAULTS, POSTGRES_BACKUP_RUNS, PostgresBackup, PostgresBackupProps } from "../../../constructs/kubernetes/postgres-backup";
import { Workload, WorkloadProps } from "../../../constructs/kubernetes/workload";
import { manifestOf, manifests, resourceOf, synth } from "./kube-test-helpers";

const TENANT = "99999999-9999-9999-9999-999999999999";
const CLIENT = "11111111-2222-3333-4444-555555555555";
const DATABASE: WorkloadProps = {
  name: "database",
  namespace: "shop",
  kind: "StatefulSet",
  tier: "database",
  podIdentity: { runAsUser: 70, runAsGroup: 70, fsGroup: 70 },
  containers: [
    {
      name: "database",
      image: "postgres:17.6-alpine",
      ports: [{ name: "postgres", containerPort: 5432 }],
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    },
  ],
  keyVaultSecrets: { keyVaultName: "kv-dev-44a9dd69", tenantId: TENANT, clientId: CLIENT, files: { "postgres-password": "shop-database-password" } },
};

function build(overrides: Partial<PostgresBackupProps> = {}, database: Partial<WorkloadProps> = {}) {
  return synth((scope: Construct) => {
    const db = new Workload(scope, "Database", { ...DATABASE, ...database });
    new PostgresBackup(scope, "Backup", {
      database: db,
      schedule: "30 1 * * *",
      passwordFile: "postgres-password",
      destination: { accountName: "stbakdev1234", containerName: "shop-database", privateEndpointCidr: "10.11.8.0/27" },
      uploaderImage: "mcr.microsoft.com/azure-cli:2.77.0",
      tenantId: TENANT,
      clientId: CLIENT,
      ...overrides,
    });
  });
}

describe("PostgresBackup", () => {
  test("defaults: one run at a time, in UTC, with a deadline, two retries and three runs of history", () => {
    expect(POSTGRES_BACKUP_DEFAULTS).toEqual({
      timeZone: "Etc/UTC",
      activeDeadlineSeconds: 3600,
      dumpSizeLimit: "32Gi",
      dumpResources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
      uploadResources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    });
    expect(POSTGRES_BACKUP_RUNS).toEqual({ backoffLimit: 2, historyLimit: 3 });
    const job = manifestOf(build(), "CronJob", "database-backup");
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers[0].resources).toEqual(POSTGRES_BACKUP_DEFAULTS.dumpResources);
    expect(pod.containers[0].resources).toEqual(POSTGRES_BACKUP_DEFAULTS.uploadResources);
    expect(job.metadata).toMatchObject({ namespace: "shop", labels: { app: "database-backup", tier: "backup", "backup-of": "database" } });
    expect(job.spec).toMatchObject({
      schedule: "30 1 * * *",
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(job.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
  });

  test("dumps with the database's image and password file, as the database's user, then uploads as its identity", () => {
    const pod = manifestOf(build(), "CronJob", "database-backup").spec.jobTemplate.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: "Never", serviceAccountName: "database", automountServiceAccountToken: false, enableServiceLinks: false });
    expect(pod.securityContext).toMatchObject({ runAsUser: 70, runAsGroup: 70, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const [dump] = pod.initContainers;
    expect(dump.image).toBe("postgres:17.6-alpine");
    expect(dump.args[0]).toContain('PGPASSWORD="$(cat /mnt/secrets-store/postgres-password)" pg_dumpall --host=database --port=5432 --username=postgres');
    expect(dump.args[0]).toMatch(/^set -eu -o pipefail\n/);
    expect(dump.volumeMounts).toContainEqual({ name: "keyvault-secrets", mountPath: "/mnt/secrets-store", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "dump", emptyDir: { sizeLimit: "32Gi" } });
    const [upload] = pod.containers;
    expect(upload.image).toBe("mcr.microsoft.com/azure-cli:2.77.0");
    expect(upload.env).toEqual(
      expect.arrayContaining([
        { name: "AZURE_CLIENT_ID", value: CLIENT },
        { name: "AZURE_TENANT_ID", value: TENANT },
        { name: "AZURE_FEDERATED_TOKEN_FILE", value: "/var/run/secrets/azure/tokens/azure-identity-token" },
      ]),
    );
    expect(upload.args[0]).toContain("az storage blob upload --auth-mode login --account-name stbakdev1234 --container-name shop-database");
    for (const c of [dump, upload])
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(pod.volumes).toContainEqual({
      name: "keyvault-secrets",
      csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "database-keyvault" } },
    });
    expect(pod.volumes).toContainEqual({
      name: "azure-identity-token",
      projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: "azure-identity-token" } }] },
    });
  });

  test("NetworkPolicies: the job reaches the database, the account's endpoint and Entra ID on 443; the database admits the job", () => {
    const out = build();
    const egress = manifestOf(out, "NetworkPolicy", "database-backup-egress");
    expect(egress.spec.podSelector.matchLabels).toEqual({ app: "database-backup", tier: "backup", "backup-of": "database" });
    expect(egress.spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { app: "database" } } }], ports: [{ protocol: "TCP", port: 5432 }] },
      { to: [{ ipBlock: { cidr: "10.11.8.0/27" } }], ports: [{ protocol: "TCP", port: 443 }] },
      { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    const ingress = manifestOf(out, "NetworkPolicy", "database-from-database-backup-5432");
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: { app: "database" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: "database-backup", tier: "backup", "backup-of": "database" } } }],
          ports: [{ protocol: "TCP", port: 5432 }],
        },
      ],
    });
  });

  test("the CronJob waits for the database's ServiceAccount and SecretProviderClass", () => {
    const job = resourceOf(build(), "CronJob", "database-backup");
    expect(job.depends_on).toHaveLength(2);
    expect(job.depends_on.join(" ")).toMatch(/ServiceAccount.*SecretProviderClass|SecretProviderClass.*ServiceAccount/);
  });

  test("options: time zone, deadline, resources, and a Flux variable as client id", () => {
    const job = manifestOf(
      build({
        timeZone: "Europe/Amsterdam",
        activeDeadlineSeconds: 7200,
        dumpSizeLimit: "100Gi",
        clientId: "${WORKLOAD_CLIENT_ID_SHOP_DATABASE}",
        uploadResources: { requests: { cpu: "50m", memory: "200Mi" }, limits: { cpu: "500m", memory: "500Mi" } },
      }),
      "CronJob",
      "database-backup",
    );
    expect(job.spec.timeZone).toBe("Europe/Amsterdam");
    expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(7200);
    expect(job.spec.jobTemplate.spec.template.spec.volumes).toContainEqual({ name: "dump", emptyDir: { sizeLimit: "100Gi" } });
    const upload = job.spec.jobTemplate.spec.template.spec.containers[0];
    expect(upload.resources.requests).toEqual({ cpu: "50m", memory: "200Mi" });
    expect(upload.env).toContainEqual({ name: "AZURE_CLIENT_ID", value: "${WORKLOAD_CLIENT_ID_SHOP_DATABASE}" });
    expect(manifests(build()).filter((m) => m.kind === "NetworkPolicy")).toHaveLength(2);
  });

  test("fails on a database that is not a StatefulSet", () => {
    expect(() => build({}, { kind: "Deployment" })).toThrow(/Backup: database must be a StatefulSet \(the database and its volume\) \(got "Deployment"\)/);
  });

  test("fails on a database without Key Vault secrets", () => {
    expect(() => build({}, { keyVaultSecrets: undefined })).toThrow(
      /Backup: database must mount its secrets from Key Vault \(keyVaultSecrets\) \(got "database"\)/,
    );
  });

  test("fails on a database without a Service (no port)", () => {
    expect(() => build({}, { containers: [{ ...DATABASE.containers[0], ports: [] }] })).toThrow(
      /Backup: database must expose its port through a Service \(got "database"\)/,
    );
  });

  test("fails on a password file the database does not mount", () => {
    expect(() => build({ passwordFile: "pw" })).toThrow(
      /Backup: passwordFile must be one of the database's Key Vault files \(postgres-password\) \(got "pw"\)/,
    );
  });

  test("fails on a storage account name Azure refuses", () => {
    expect(() => build({ destination: { accountName: "St-Bak", containerName: "shop-database", privateEndpointCidr: "10.11.8.0/27" } })).toThrow(
      /Backup: destination\.accountName must be 3-24 lowercase letters and digits \(got "St-Bak"\)/,
    );
  });

  test("fails on a container name Azure refuses", () => {
    expect(() => build({ destination: { accountName: "stbakdev1234", containerName: "shop--db", privateEndpointCidr: "10.11.8.0/27" } })).toThrow(
      /Backup: destination\.containerName must be 3-63 lowercase letters, digits and single hyphens \(got "shop--db"\)/,
    );
  });

  test("fails on a tenant id that is not a GUID", () => {
    expect(() => build({ tenantId: "contoso.onmicrosoft.com" })).toThrow(/Backup: tenantId must be a GUID \(got "contoso\.onmicrosoft\.com"\)/);
  });

  test("fails on a database whose name leaves no room for -backup in a CronJob name (52 characters)", () => {
    const name = "d".repeat(50);
    expect(() => build({}, { name })).toThrow(/Backup: database\.name must be a DNS label: at most 52 lowercase letters/);
  });

  test("fails naming every problem at once, the uploader container's too", () => {
    expect(() => build({ schedule: "@daily", tenantId: "contoso.onmicrosoft.com", uploaderImage: "mcr.microsoft.com/azure-cli" })).toThrow(
      /Backup: 3 problems:\n- \S*Backup: schedule must be a five-field cron expression.*\n- \S*Backup: tenantId must be a GUID.*\n- \S*Backup: containers\[1\]\.image must be pinned.*$/,
    );
  });

  test("fails on a schedule that is not five cron fields", () => {
    expect(() => build({ schedule: "@daily" })).toThrow(/Backup: schedule must be a five-field cron expression \(got "@daily"\)/);
  });

  test("fails on a client id that is neither a GUID nor a Flux variable", () => {
    expect(() => build({ clientId: "database" })).toThrow(/Backup: clientId must be a GUID, or a \$\{VARIABLE\} that Flux substitutes \(got "database"\)/);
  });

  test("fails on a private endpoint range that is not a CIDR", () => {
    expect(() => build({ destination: { accountName: "stbakdev1234", containerName: "shop-database", privateEndpointCidr: "10.11.8.0" } })).toThrow(
      /Backup: destination\.privateEndpointCidr must be an IPv4 CIDR/,
    );
  });

  test("fails on an unpinned uploader image", () => {
    expect(() => build({ uploaderImage: "mcr.microsoft.com/azure-cli" })).toThrow(/Backup: containers\[1\]\.image must be pinned/);
  });

  test("fails on a dump size limit that is not a quantity, or zero", () => {
    expect(() => build({ dumpSizeLimit: "lots" })).toThrow(/Backup: dumpSizeLimit must be a Kubernetes quantity/);
    expect(() => build({ dumpSizeLimit: "0" })).toThrow(/Backup: dumpSizeLimit must be greater than 0 \(got "0"\)/);
  });

  test("fails on a deadline outside a minute to a day", () => {
    expect(() => build({ activeDeadlineSeconds: 10 })).toThrow(/Backup: activeDeadlineSeconds must be a whole number from 60 to 86400 \(got 10\)/);
  });
});
