import { Application, ApplicationProps, ApplicationWorkload } from "../../../constructs/kubernetes/application";
import { manifestOf, manifests, synth } from "./kube-test-helpers";

const gateway = {
  gatewayName: "shared",
  namespace: "gateway",
  hostname: "shop.example.com",
  httpsListener: { name: "shared", namespace: "gateway", sectionName: "https" },
  httpListener: { name: "shared", namespace: "gateway", sectionName: "http" },
  routeNamespaceLabel: { key: "shared-gateway-access", value: "true" },
  dataPlaneNamespace: "envoy-gateway-system",
  dataPlanePodLabels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy" },
};

const web = (overrides: Partial<ApplicationWorkload> = {}): ApplicationWorkload => ({
  kind: "Deployment",
  tier: "frontend",
  image: "ghcr.io/example/web:1.0.0",
  port: { name: "http", containerPort: 8080 },
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  runAsUser: 101,
  ...overrides,
});

const shop = (overrides: Partial<ApplicationProps> = {}): ApplicationProps => ({
  namespace: "shop",
  gateway: gateway as ApplicationProps["gateway"],
  volumeStorageClassName: "platform-disk-premium-zrs-retain",
  workloads: {
    frontend: web({ autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 } }),
    backend: web({ tier: "backend", replicas: 1 }),
    database: web({
      kind: "StatefulSet",
      tier: "database",
      image: "postgres:17.2-alpine",
      port: { name: "postgres", containerPort: 5432 },
      runAsUser: 70,
      replicas: 1,
      envFromSecrets: { POSTGRES_PASSWORD: { secret: "shop-database", key: "password" } },
      volume: { size: "10Gi", mountPath: "/var/lib/postgresql/data" },
    }),
  },
  routes: { shop: { hostnames: ["shop.example.com"], rules: [{ path: "/", backends: [{ workload: "frontend", weight: 100 }] }] } },
  flows: [
    { from: "gateway", to: "frontend", port: 8080 },
    { from: "frontend", to: "backend", port: 8080 },
    { from: "backend", to: "database", port: 5432 },
  ],
  ...overrides,
});

describe("Application", () => {
  test("defaults: workloads, services, autoscaler, default deny, DNS and exactly the declared flows", () => {
    const out = synth((s) => new Application(s, "Shop", shop()));
    const names = (kind: string) =>
      manifests(out)
        .filter((m) => m.kind === kind)
        .map((m) => m.metadata.name)
        .sort();
    expect(names("Deployment")).toEqual(["backend", "frontend"]);
    expect(names("StatefulSet")).toEqual(["database"]);
    expect(names("HorizontalPodAutoscaler")).toEqual(["frontend"]);
    expect(names("NetworkPolicy")).toEqual([
      "allow-backend-to-database-5432-egress",
      "allow-backend-to-database-5432-ingress",
      "allow-dns",
      "allow-envoy-gateway-system-gateway-to-frontend-8080-ingress",
      "allow-frontend-to-backend-8080-egress",
      "allow-frontend-to-backend-8080-ingress",
      "default-deny-all",
    ]);
    for (const m of manifests(out)) expect(m.metadata.namespace).toBe("shop");
  });

  test("runs each pod as its configured non-root user", () => {
    const out = synth((s) => new Application(s, "Shop", shop()));
    expect(manifestOf(out, "StatefulSet", "database").spec.template.spec.securityContext).toMatchObject({
      runAsUser: 70,
      runAsGroup: 70,
      fsGroup: 70,
      runAsNonRoot: true,
    });
  });

  test("reads secret environment variables from Secrets, never from values", () => {
    const out = synth((s) => new Application(s, "Shop", shop()));
    expect(manifestOf(out, "StatefulSet", "database").spec.template.spec.containers[0].env).toContainEqual({
      name: "POSTGRES_PASSWORD",
      valueFrom: { secretKeyRef: { name: "shop-database", key: "password" } },
    });
  });

  test("gives StatefulSet volumes the configured storage class", () => {
    const out = synth((s) => new Application(s, "Shop", shop()));
    expect(manifestOf(out, "StatefulSet", "database").spec.volumeClaimTemplates[0].spec.storageClassName).toBe("platform-disk-premium-zrs-retain");
  });

  test("routes weighted backends to the workloads' services through the shared Gateway", () => {
    const props = shop({
      workloads: { ...shop().workloads, canary: web({ replicas: 1 }) },
      routes: {
        shop: {
          hostnames: ["shop.example.com"],
          rules: [
            {
              path: "/",
              backends: [
                { workload: "frontend", weight: 90 },
                { workload: "canary", weight: 10 },
              ],
            },
          ],
        },
      },
    });
    const route = manifestOf(
      synth((s) => new Application(s, "Shop", props)),
      "HTTPRoute",
      "shop",
    );
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: "shared", namespace: "gateway", sectionName: "https" })]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      expect.objectContaining({ name: "frontend", port: 8080, weight: 90 }),
      expect.objectContaining({ name: "canary", port: 8080, weight: 10 }),
    ]);
  });

  test("exposes the flows for analysis", () => {
    let app: Application | undefined;
    synth((s) => (app = new Application(s, "Shop", shop())));
    expect(app!.flows).toHaveLength(3);
  });

  test("runAsUser is the pod's group and volume group unless runAsGroup or fsGroup say otherwise", () => {
    const podSecurity = (w: ApplicationWorkload) => {
      let app: Application;
      synth((s) => (app = new Application(s, "Shop", shop({ workloads: { frontend: w }, flows: [], routes: {} }))));
      return app!.workloads.frontend.podIdentity;
    };
    expect(podSecurity(web())).toEqual({ runAsUser: 101, runAsGroup: 101, fsGroup: 101 });
    expect(podSecurity(web({ runAsGroup: 2000 }))).toEqual({ runAsUser: 101, runAsGroup: 2000, fsGroup: 2000 });
    expect(podSecurity(web({ runAsGroup: 2000, fsGroup: 3000 }))).toEqual({ runAsUser: 101, runAsGroup: 2000, fsGroup: 3000 });
  });

  test("fails on a workload named like the gateway flow source", () => {
    expect(() => synth((s) => new Application(s, "Shop", shop({ workloads: { gateway: web() }, flows: [] })))).toThrow(
      /Shop: workloads may not name a workload "gateway": flows use it for the gateway's data plane \(got "gateway"\)\. Fix: rename the workload\./,
    );
  });

  test("fails on a flow to an unknown workload", () => {
    expect(() => synth((s) => new Application(s, "Shop", shop({ flows: [{ from: "frontend", to: "cart", port: 8080 }] })))).toThrow(
      /Shop: flows\[0\]\.to names no workload of the application \(frontend, backend, database\) \(got "cart"\)/,
    );
  });

  test("fails on a route to an unknown workload", () => {
    const routes = { shop: { hostnames: ["shop.example.com"], rules: [{ path: "/", backends: [{ workload: "cart", weight: 1 }] }] } };
    expect(() => synth((s) => new Application(s, "Shop", shop({ routes })))).toThrow(/Shop: routes\.shop\.backends names no workload/);
  });

  test("fails naming every problem of its own props at once", () => {
    const routes = { shop: { hostnames: ["shop.example.com"], rules: [{ path: "/", backends: [{ workload: "cart", weight: 1 }] }] } };
    expect(() => synth((s) => new Application(s, "Shop", shop({ flows: [{ from: "checkout", to: "cart", port: 8080 }], routes })))).toThrow(
      /Shop: 3 problems:\n- \S*Shop: flows\[0\]\.to names no workload.*\(got "cart"\).*\n- \S*Shop: flows\[0\]\.from names no workload.*\(got "checkout"\).*\n- \S*Shop: routes\.shop\.backends names no workload.*$/,
    );
  });

  test("fails on a flow to a port the destination does not expose", () => {
    expect(() => synth((s) => new Application(s, "Shop", shop({ flows: [{ from: "frontend", to: "backend", port: 9999 }] })))).toThrow(/9999/);
  });
});

describe("Application probes", () => {
  test("default to a TCP check on the workload's port, for readiness and liveness", () => {
    const out = synth((s) => new Application(s, "Shop", shop()));
    const c = manifestOf(out, "StatefulSet", "database").spec.template.spec.containers[0];
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: "postgres" }, periodSeconds: 10, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: "postgres" }, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 6 });
  });

  test("use an HTTP GET when the workload asks for one", () => {
    const props = shop({ workloads: { ...shop().workloads, backend: web({ tier: "backend", replicas: 1, probe: { type: "http", path: "/healthz" } }) } });
    const c = manifestOf(
      synth((s) => new Application(s, "Shop", props)),
      "Deployment",
      "backend",
    ).spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
  });
});

describe("Application keyVaultSecrets", () => {
  const access = { keyVaultName: "kv-dev-44a9dd69", tenantId: "99999999-9999-9999-9999-999999999999", clientId: "11111111-2222-3333-4444-555555555555" };
  const withSecrets = (overrides: Partial<ApplicationProps> = {}) =>
    shop({
      workloads: {
        ...shop().workloads,
        database: { ...shop().workloads.database, envFromSecrets: undefined, keyVaultSecrets: { "postgres-password": "shop-database-password" } },
      },
      keyVaultAccess: { database: access },
      ...overrides,
    });

  test("a workload's Key Vault secrets become its SecretProviderClass and a read-only mount", () => {
    const out = synth((scope) => new Application(scope, "Shop", withSecrets()));
    const spc = manifestOf(out, "SecretProviderClass", "database-keyvault");
    expect(spc.spec.parameters).toMatchObject({ clientID: access.clientId, keyvaultName: access.keyVaultName, tenantID: access.tenantId });
    const sts = manifestOf(out, "StatefulSet", "database");
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "keyvault-secrets", mountPath: "/mnt/secrets-store", readOnly: true });
    expect(manifestOf(out, "ServiceAccount", "database").metadata.annotations).toBeUndefined();
    expect(manifests(out).filter((m) => m.kind === "SecretProviderClass")).toHaveLength(1);
  });

  test("fails when a workload mounts Key Vault secrets without its access", () => {
    expect(() => synth((scope) => new Application(scope, "Shop", withSecrets({ keyVaultAccess: {} })))).toThrow(
      /Shop: keyVaultAccess\.database is required: the workload mounts keyVaultSecrets \(got undefined\)\. Fix: give the vault, tenant and client id/,
    );
  });

  test("fails on access given to a workload without Key Vault secrets", () => {
    expect(() => synth((scope) => new Application(scope, "Shop", withSecrets({ keyVaultAccess: { database: access, backend: access } })))).toThrow(
      /Shop: keyVaultAccess\.backend is given for a workload without keyVaultSecrets \(got "kv-dev-44a9dd69"\)/,
    );
  });
});

describe("Application backups", () => {
  const access = { keyVaultName: "kv-dev-44a9dd69", tenantId: "99999999-9999-9999-9999-999999999999", clientId: "11111111-2222-3333-4444-555555555555" };
  const destination = { accountName: "stbakdev1234", containerName: "shop-database", privateEndpointCidr: "10.11.8.0/27" };
  const database = (backup?: ApplicationWorkload["backup"]) => ({
    ...shop().workloads.database,
    envFromSecrets: undefined,
    keyVaultSecrets: { "postgres-password": "shop-database-password" },
    backup,
  });
  const withBackup = (overrides: Partial<ApplicationProps> = {}) =>
    shop({
      workloads: { ...shop().workloads, database: database({ schedule: "30 1 * * *", passwordFile: "postgres-password" }) },
      keyVaultAccess: { database: access },
      backups: { uploaderImage: "mcr.microsoft.com/azure-cli:2.77.0", destinations: { database: destination } },
      ...overrides,
    });

  test("a workload's backup becomes its CronJob, running as the workload's identity, with the mirrored uploader", () => {
    const app = synth((scope) => new Application(scope, "Shop", withBackup({ imageRegistry: "acr.azurecr.io" })));
    const job = manifestOf(app, "CronJob", "database-backup");
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe("database");
    expect(pod.initContainers[0].image).toBe("acr.azurecr.io/docker.io/library/postgres:17.2-alpine");
    expect(pod.containers[0].image).toBe("acr.azurecr.io/mcr.microsoft.com/azure-cli:2.77.0");
    expect(pod.containers[0].env).toContainEqual({ name: "AZURE_CLIENT_ID", value: access.clientId });
  });

  test("no backup, no CronJob", () => {
    const out = synth((scope) => new Application(scope, "Shop", shop()));
    expect(manifests(out).filter((m) => m.kind === "CronJob")).toEqual([]);
  });

  test("fails when a workload declares a backup without a destination", () => {
    expect(() => synth((scope) => new Application(scope, "Shop", withBackup({ backups: undefined })))).toThrow(
      /Shop: backups\.destinations\.database is required: the workload declares a backup \(got undefined\)\. Fix: give the storage account/,
    );
  });

  test("fails on a destination for a workload without a backup", () => {
    const props = withBackup({
      backups: { uploaderImage: "mcr.microsoft.com/azure-cli:2.77.0", destinations: { database: destination, backend: destination } },
    });
    expect(() => synth((scope) => new Application(scope, "Shop", props))).toThrow(
      /Shop: backups\.destinations\.backend is given for a workload without a backup \(got "shop-database"\)/,
    );
  });

  test("fails on a destination for a workload the application does not have", () => {
    const props = withBackup({ backups: { uploaderImage: "mcr.microsoft.com/azure-cli:2.77.0", destinations: { database: destination, crm: destination } } });
    expect(() => synth((scope) => new Application(scope, "Shop", props))).toThrow(/Shop: backups\.destinations\.crm names no workload of the application/);
  });

  test("fails on a backup of a workload without Key Vault secrets", () => {
    const props = withBackup({
      keyVaultAccess: {},
      workloads: { ...shop().workloads, database: { ...database({ schedule: "30 1 * * *", passwordFile: "postgres-password" }), keyVaultSecrets: {} } },
    });
    expect(() => synth((scope) => new Application(scope, "Shop", props))).toThrow(/Shop: workloads\.database\.backup needs the workload's Key Vault secrets/);
  });
});
