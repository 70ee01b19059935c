import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Testing } from "cdktf";
import { KubeObject } from "../../../constructs/kubernetes/kube-object";
import { parseQuantity, POD_IDENTITY_DEFAULTS } from "../../../constructs/kubernetes/security-context";
import { WORKLOAD_DEFAULTS, Workload, WorkloadProps } from "../../../constructs/kubernetes/workload";
import { manifestOf, manifests, resourceOf, synth, warnings, webContainer } from "./kube-test-helpers";

const base: WorkloadProps = { name: "web", namespace: "shop", tier: "frontend", containers: [webContainer()] };

function build(props: Partial<WorkloadProps> = {}, extra?: (w: Workload) => void): { out: any; w: Workload } {
  let w: Workload | undefined;
  const out = synth((scope) => {
    w = new Workload(scope, "Web", { ...base, ...props });
    extra?.(w);
  });
  return { out, w: w as Workload };
}

const dbProps: Partial<WorkloadProps> = {
  name: "db",
  kind: "StatefulSet",
  tier: "database",
  containers: [
    webContainer({
      name: "postgres",
      image: "docker.io/library/postgres@sha256:" + "a".repeat(64),
      ports: [{ name: "postgres", containerPort: 5432 }],
      writablePaths: ["/tmp", "/var/run/postgresql"],
    }),
  ],
  volumeClaim: { storageClassName: "platform-disk-premium-zrs-retain", size: "64Gi", mountPath: "/var/lib/postgresql/data" },
};

describe("Workload", () => {
  test("defaults: restricted pod and container security contexts, no token, pinned image, Service", () => {
    expect(WORKLOAD_DEFAULTS).toMatchObject({ kind: "Deployment", replicas: 1, automountServiceAccountToken: false });
    expect(POD_IDENTITY_DEFAULTS).toEqual({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    const { out, w } = build();
    const d = manifestOf(out, "Deployment", "web");
    expect(d.apiVersion).toBe("apps/v1");
    expect(d.metadata).toEqual({ name: "web", namespace: "shop", labels: { app: "web", tier: "frontend" } });
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { app: "web" } });
    const pod = d.spec.template;
    expect(pod.metadata.labels).toEqual({ app: "web", tier: "frontend" });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.enableServiceLinks).toBe(false);
    // Its own service account, never the namespace's default one.
    expect(pod.spec.serviceAccountName).toBe("web");
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
    ]);
    const [c] = pod.spec.containers;
    expect(c).toEqual({
      name: "web",
      image: "ghcr.io/example/web:1.4.2",
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      },
      volumeMounts: [{ name: "web-tmp", mountPath: "/tmp" }],
    });
    expect(pod.spec.volumes).toEqual([{ name: "web-tmp", emptyDir: {} }]);
    expect(manifestOf(out, "Service", "web").spec).toEqual({
      type: "ClusterIP",
      selector: { app: "web" },
      ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }],
    });
    expect(manifests(out)).toHaveLength(3); // Deployment, ServiceAccount, Service
    expect(w.kind).toBe("Deployment");
    expect(w.name).toBe("web");
    expect(w.namespace).toBe("shop");
    expect(w.podLabels).toEqual({ app: "web", tier: "frontend" });
    expect(w.serviceName).toBe("web");
    expect(w.ports).toEqual({ http: 8080 });
    expect(w.replicas).toBe(1);
    expect(w.minReplicas).toBe(1);
    expect(w.isAutoscaled).toBe(false);
    expect(w.containers).toHaveLength(1);
    expect(warnings(w)).toEqual([]);
  });

  test("replicas, extra labels, service account and pod identity", () => {
    const { out, w } = build({
      replicas: 3,
      labels: { team: "shop" },
      serviceAccountName: "web-identity",
      podIdentity: { runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000 },
    });
    const d = manifestOf(out, "Deployment", "web");
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.metadata.labels).toEqual({ team: "shop", app: "web", tier: "frontend" });
    expect(d.spec.template.spec.serviceAccountName).toBe("web-identity");
    expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000, runAsNonRoot: true });
    expect(w.replicas).toBe(3);
    expect(w.podLabels).toEqual({ team: "shop", app: "web", tier: "frontend" });
  });

  test("env: plain values and secretKeyRef", () => {
    const { out } = build({
      containers: [webContainer({ env: { LOG_LEVEL: "info", DB_PASSWORD: { secretKeyRef: { name: "db", key: "password" } } } })],
    });
    expect(manifestOf(out, "Deployment", "web").spec.template.spec.containers[0].env).toEqual([
      { name: "LOG_LEVEL", value: "info" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
    ]);
  });

  test("probes, command and args", () => {
    const readiness = { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5 };
    const liveness = { tcpSocket: { port: 8080 } };
    const startup = { exec: { command: ["/bin/true"] } };
    const { out } = build({ containers: [webContainer({ probes: { readiness, liveness, startup }, command: ["/app"], args: ["--serve"] })] });
    const c = manifestOf(out, "Deployment", "web").spec.template.spec.containers[0];
    expect(c.readinessProbe).toEqual(readiness);
    expect(c.livenessProbe).toEqual(liveness);
    expect(c.startupProbe).toEqual(startup);
    expect(c.command).toEqual(["/app"]);
    expect(c.args).toEqual(["--serve"]);
  });

  test("several containers and writable paths: one emptyDir per path, ports from all containers", () => {
    const { out, w } = build({
      containers: [
        webContainer({ writablePaths: ["/tmp", "/var/cache/nginx"] }),
        webContainer({ name: "metrics", image: "ghcr.io/example/exporter:0.9", ports: [{ name: "metrics", containerPort: 9090 }], writablePaths: [] }),
      ],
    });
    const spec = manifestOf(out, "Deployment", "web").spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: "web-tmp", emptyDir: {} },
      { name: "web-var-cache-nginx", emptyDir: {} },
    ]);
    expect(spec.containers[1].volumeMounts).toBeUndefined();
    expect(w.ports).toEqual({ http: 8080, metrics: 9090 });
    expect(manifestOf(out, "Service", "web").spec.ports).toHaveLength(2);
  });

  test("its own ServiceAccount, without a token, unless serviceAccountName names one", () => {
    const { out, w } = build();
    expect(manifestOf(out, "ServiceAccount", "web")).toMatchObject({ metadata: { name: "web" }, automountServiceAccountToken: false });
    expect(w.serviceAccountName).toBe("web");
    const given = build({ serviceAccountName: "shop-api" });
    expect(manifests(given.out).some((m) => m.kind === "ServiceAccount")).toBe(false);
    expect(given.w.serviceAccount).toBeUndefined();
    expect(manifestOf(given.out, "Deployment", "web").spec.template.spec.serviceAccountName).toBe("shop-api");
  });

  test("no ports: no Service, serviceName throws", () => {
    const { out, w } = build({ containers: [webContainer({ ports: [] })] });
    expect(
      manifests(out)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(["Deployment", "ServiceAccount"]);
    expect(() => w.serviceName).toThrow(/containers\[\]\.ports are empty, so the workload has no Service/);
  });

  test("UDP ports keep their protocol", () => {
    const { out, w } = build({ containers: [webContainer({ ports: [{ name: "syslog", containerPort: 514, protocol: "UDP" }] })] });
    expect(manifestOf(out, "Service", "web").spec.ports).toEqual([{ name: "syslog", port: 514, targetPort: "syslog", protocol: "UDP" }]);
    expect(w.portProtocols).toEqual({ syslog: "UDP" });
  });

  test("StatefulSet: headless service for serviceName, ClusterIP Service, volumeClaimTemplate mounted", () => {
    const { out, w } = build(dbProps);
    const s = manifestOf(out, "StatefulSet", "db");
    expect(s.spec.serviceName).toBe("db-headless");
    expect(s.spec.replicas).toBe(1);
    expect(s.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: "data" },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "platform-disk-premium-zrs-retain", resources: { requests: { storage: "64Gi" } } },
      },
    ]);
    expect(s.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: "postgres-tmp", mountPath: "/tmp" },
      { name: "postgres-var-run-postgresql", mountPath: "/var/run/postgresql" },
      { name: "data", mountPath: "/var/lib/postgresql/data" },
    ]);
    expect(manifestOf(out, "Service", "db-headless").spec).toEqual({
      clusterIP: "None",
      selector: { app: "db" },
      ports: [{ name: "postgres", port: 5432, targetPort: "postgres", protocol: "TCP" }],
    });
    expect(manifestOf(out, "Service", "db").spec.type).toBe("ClusterIP");
    expect(w.kind).toBe("StatefulSet");
    expect(w.headlessServiceName).toBe("db-headless");
    expect(w.serviceName).toBe("db");
  });

  test("volumeClaim options: name, access modes, container", () => {
    const { out } = build({
      ...dbProps,
      containers: [...dbProps.containers!, webContainer({ name: "sidecar", ports: [] })],
      volumeClaim: { ...dbProps.volumeClaim!, name: "pgdata", accessModes: ["ReadWriteOncePod"], containerName: "sidecar", mountPath: "/data" },
    });
    const s = manifestOf(out, "StatefulSet", "db");
    expect(s.spec.volumeClaimTemplates[0].metadata.name).toBe("pgdata");
    expect(s.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(["ReadWriteOncePod"]);
    expect(s.spec.template.spec.containers[1].volumeMounts).toContainEqual({ name: "pgdata", mountPath: "/data" });
    expect(s.spec.template.spec.containers[0].volumeMounts).not.toContainEqual(expect.objectContaining({ name: "pgdata" }));
  });

  test("markAutoscaled: replicas omitted from the manifest, minReplicas from the autoscaler", () => {
    const { out, w } = build({}, (w) => w.markAutoscaled(w, 3));
    expect(manifestOf(out, "Deployment", "web").spec).not.toHaveProperty("replicas");
    expect(w.replicas).toBeUndefined();
    expect(w.minReplicas).toBe(3);
    expect(w.isAutoscaled).toBe(true);
  });

  test("every emitted manifest passes its model's schema", () => {
    for (const props of [{}, dbProps]) {
      const { w } = build(props);
      const objects = KubeObject.allIn(w);
      expect(objects.length).toBeGreaterThanOrEqual(2);
      for (const obj of objects) {
        const m = obj.toManifest() as any;
        const model =
          m.kind === "Deployment"
            ? new Deployment(m)
            : m.kind === "StatefulSet"
              ? new StatefulSet(m)
              : m.kind === "ServiceAccount"
                ? new ServiceAccount(m)
                : new Service(m);
        expect(() => model.validate()).not.toThrow();
      }
    }
  });

  test("fails on a schema-invalid object (KubeObject validates)", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new KubeObject(scope, "Bad", {
          render: () => new Deployment({ metadata: { name: "bad" }, spec: { replicas: "two" as any, selector: {}, template: {} } }),
        });
      }),
    ).toThrow(/Bad: Deployment bad does not match its schema/);
  });

  test("parseQuantity", () => {
    expect(parseQuantity("250m")).toBeCloseTo(0.25);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("0.5")).toBe(0.5);
    expect(parseQuantity("512Mi")).toBe(512 * 2 ** 20);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("-1")).toBeUndefined();
    expect(parseQuantity("1 Gi")).toBeUndefined();
    expect(parseQuantity("lots")).toBeUndefined();
  });

  describe("fails", () => {
    test.each([
      [
        "ghcr.io/example/web",
        /containers\[0\]\.image must be pinned \(no tag means `latest`\) \(got "ghcr.io\/example\/web"\)\. Fix: use an immutable version tag/,
      ],
      ["ghcr.io/example/web:latest", /image must be pinned \(`latest` moves\)/],
      ["registry:5000/web", /image must be pinned/],
      ["web@sha256:abc", /image has a malformed digest/],
    ])("on unpinned image %s", (image, error) => {
      expect(() => build({ containers: [webContainer({ image })] })).toThrow(error);
    });

    test("accepts a registry port with a tag and a digest", () => {
      expect(() => build({ containers: [webContainer({ image: "registry:5000/web:1.0" })] })).not.toThrow();
      expect(() => build({ containers: [webContainer({ image: "web:1.0@sha256:" + "0".repeat(64) })] })).not.toThrow();
    });

    test("on requests above limits", () => {
      const resources = { requests: { cpu: "1", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
      expect(() => build({ containers: [webContainer({ resources })] })).toThrow(/requests\.cpu must be <= limits\.cpu \(500m\) \(got "1"\)/);
      const mem = { requests: { cpu: "100m", memory: "1Gi" }, limits: { cpu: "500m", memory: "512Mi" } };
      expect(() => build({ containers: [webContainer({ resources: mem })] })).toThrow(/requests\.memory must be <= limits\.memory/);
    });

    test("on unparsable or zero quantities", () => {
      const bad = { requests: { cpu: "100 m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
      expect(() => build({ containers: [webContainer({ resources: bad })] })).toThrow(/resources\.requests\.cpu must be a Kubernetes quantity/);
      const zero = { requests: { cpu: "0", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
      expect(() => build({ containers: [webContainer({ resources: zero })] })).toThrow(/requests\.cpu must be greater than 0/);
    });

    test("on bad names, labels and kinds", () => {
      expect(() => build({ name: "Web" })).toThrow(/name must be a DNS label/);
      expect(() => build({ tier: "Front End" })).toThrow(/tier must be a DNS label/);
      expect(() => build({ labels: { app: "other" } })).toThrow(/labels\.app is set by the construct/);
      expect(() => build({ kind: "DaemonSet" as any })).toThrow(/kind must be one of Deployment, StatefulSet/);
      expect(() => build({ ...dbProps, name: "a".repeat(55) })).toThrow(/name must be a DNS label: at most 54/);
      expect(() => build({ containers: [] })).toThrow(/containers must list at least one container/);
      expect(() => build({ containers: [webContainer(), webContainer({ ports: [] })] })).toThrow(/containers\[1\]\.name is used by two containers/);
    });

    test("on bad ports", () => {
      expect(() => build({ containers: [webContainer({ ports: [{ name: "http-frontend-port", containerPort: 80 }] })] })).toThrow(
        /ports\[0\]\.name must be an IANA service name/,
      );
      expect(() => build({ containers: [webContainer({ ports: [{ name: "http", containerPort: 70000 }] })] })).toThrow(
        /containerPort must be a whole number from 1 to 65535/,
      );
      expect(() =>
        build({
          containers: [
            webContainer({
              ports: [
                { name: "http", containerPort: 80 },
                { name: "http", containerPort: 81 },
              ],
            }),
          ],
        }),
      ).toThrow(/ports\[1\]\.name is declared twice/);
      expect(() =>
        build({
          containers: [
            webContainer({
              ports: [
                { name: "a", containerPort: 80 },
                { name: "b", containerPort: 80 },
              ],
            }),
          ],
        }),
      ).toThrow(/containerPort is declared twice in the pod for TCP/);
    });

    test("on bad env names, writable paths and probe ports", () => {
      expect(() => build({ containers: [webContainer({ env: { "1BAD": "x" } })] })).toThrow(/env has an invalid variable name/);
      expect(() => build({ containers: [webContainer({ writablePaths: ["tmp"] })] })).toThrow(/writablePaths must hold absolute paths/);
      expect(() => build({ containers: [webContainer({ writablePaths: ["/tmp", "/tmp"] })] })).toThrow(/writablePaths lists a path twice/);
      expect(() => build({ containers: [webContainer({ probes: { readiness: { httpGet: { port: "admin" } } } })] })).toThrow(
        /probes\.readiness uses port admin, which the container does not declare/,
      );
    });

    test("on bad replicas and pod identity", () => {
      expect(() => build({ replicas: -1 })).toThrow(/replicas must be a whole number from 0 to 1000/);
      expect(() => build({ podIdentity: { runAsUser: 0 } })).toThrow(/podIdentity\.runAsUser must be a whole number from 1/);
    });

    test("naming every problem of independent props at once, down to each container's", () => {
      const containers = [webContainer({ image: "web", env: { "1BAD": "x" } })];
      expect(() => build({ tier: "Front End", replicas: -1, containers })).toThrow(
        /: 4 problems:\n- \S+: tier must be a DNS label.*\n- \S+: replicas must be a whole number from 0 to 1000.*\n- \S+: containers\[0\]\.image must be pinned.*\n- \S+: containers\[0\]\.env has an invalid variable name.*$/,
      );
    });

    test("naming every problem of the pod identity at once", () => {
      expect(() => build({ podIdentity: { runAsUser: 0, fsGroup: -1 } })).toThrow(
        /: 2 problems:\n- \S+: podIdentity\.runAsUser must be a whole number.*\n- \S+: podIdentity\.fsGroup must be a whole number.*$/,
      );
    });

    test("on volumeClaim misuse", () => {
      expect(() => build({ volumeClaim: dbProps.volumeClaim })).toThrow(
        /volumeClaim is only supported for StatefulSets \(per-replica volumes\) \(got "Deployment"\)/,
      );
      expect(() => build({ ...dbProps, volumeClaim: { ...dbProps.volumeClaim!, size: "lots" } })).toThrow(/volumeClaim\.size must be a Kubernetes quantity/);
      expect(() => build({ ...dbProps, volumeClaim: { ...dbProps.volumeClaim!, mountPath: "data" } })).toThrow(
        /volumeClaim\.mountPath must be an absolute path/,
      );
      expect(() => build({ ...dbProps, volumeClaim: { ...dbProps.volumeClaim!, containerName: "nope" } })).toThrow(
        /volumeClaim\.containerName names no container/,
      );
      expect(() => build({ ...dbProps, volumeClaim: { ...dbProps.volumeClaim!, storageClassName: "Premium" } })).toThrow(
        /storageClassName must be a DNS subdomain/,
      );
      expect(() => build({ ...dbProps, volumeClaim: { ...dbProps.volumeClaim!, mountPath: "/tmp" } })).toThrow(
        /volumeClaim\.mountPath is also in writablePaths/,
      );
    });

    test("when an autoscaled workload also sets replicas, or gets two autoscalers", () => {
      expect(() => build({ replicas: 2 }, (w) => w.markAutoscaled(w, 2))).toThrow(
        /replicas must not be set when .* autoscales the workload \(got 2\)\. Fix: remove replicas/,
      );
      expect(() =>
        build({}, (w) => {
          w.markAutoscaled(w, 2);
          w.markAutoscaled(w, 2);
        }),
      ).toThrow(/one HPA per workload/);
    });
  });
});

describe("Workload without writable paths", () => {
  test("leaves volumes out rather than sending an empty list (kubernetes_manifest would see null after apply)", () => {
    const { out } = build({ containers: [webContainer({ writablePaths: [] })] });
    expect(manifestOf(out, "Deployment", "web").spec.template.spec).not.toHaveProperty("volumes");
  });
});

describe("Workload keyVaultSecrets", () => {
  const secrets = {
    keyVaultName: "kv-dev-44a9dd69",
    tenantId: "99999999-9999-9999-9999-999999999999",
    clientId: "11111111-2222-3333-4444-555555555555",
    files: { "postgres-password": "shop-database-password" },
  };

  test("defaults: no SecretProviderClass, no CSI volume", () => {
    const { out, w } = build(dbProps);
    expect(w.secretProviderClass).toBeUndefined();
    expect(manifests(out).some((m) => m.kind === "SecretProviderClass")).toBe(false);
    expect(manifestOf(out, "ServiceAccount", "db").metadata.annotations).toBeUndefined();
  });

  test("the first container gets the files read-only; the class reads them as the identity", () => {
    const { out } = build({ ...dbProps, keyVaultSecrets: secrets });
    const sts = manifestOf(out, "StatefulSet", "db");
    expect(sts.spec.template.spec.volumes).toContainEqual({
      name: "keyvault-secrets",
      csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "db-keyvault" } },
    });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "keyvault-secrets", mountPath: "/mnt/secrets-store", readOnly: true });
    expect(sts.spec.template.spec.automountServiceAccountToken).toBe(false);
    // The identity is named by the class (clientID); the ServiceAccount needs no workload-identity annotation.
    expect(manifestOf(out, "ServiceAccount", "db").metadata.annotations).toBeUndefined();
    const spc = manifestOf(out, "SecretProviderClass", "db-keyvault");
    expect(spc).toMatchObject({ apiVersion: "secrets-store.csi.x-k8s.io/v1", metadata: { namespace: "shop" }, spec: { provider: "azure" } });
  });

  test("the workload is created after its ServiceAccount and SecretProviderClass (pods need both)", () => {
    const { out } = build({ ...dbProps, keyVaultSecrets: secrets });
    const deps = resourceOf(out, "StatefulSet", "db").depends_on;
    const idOf = (kind: string, name: string) =>
      Object.keys(out.resource.kubernetes_manifest).find((k) => out.resource.kubernetes_manifest[k] === resourceOf(out, kind, name));
    expect(deps).toEqual(
      expect.arrayContaining([`kubernetes_manifest.${idOf("ServiceAccount", "db")}`, `kubernetes_manifest.${idOf("SecretProviderClass", "db-keyvault")}`]),
    );
    // With someone else's account, the workload waits for nothing of its own.
    expect(resourceOf(build({ serviceAccountName: "shared" }).out, "Deployment", "web").depends_on).toBeUndefined();
  });

  test("fails with a service account of someone else's", () => {
    expect(() => build({ ...dbProps, serviceAccountName: "shared", keyVaultSecrets: secrets })).toThrow(
      /Web: keyVaultSecrets needs the workload's own service account \(its identity is federated with it\) \(got "shared"\)\. Fix: leave serviceAccountName unset\./,
    );
  });

  test("fails on a file name with a path in it, and on a secret name Key Vault refuses", () => {
    expect(() => build({ ...dbProps, keyVaultSecrets: { ...secrets, files: { "../etc/passwd": "x", ok: "bad_name" } } })).toThrow(
      /keyVaultSecrets\.files file name "\.\.\/etc\/passwd" must be letters, digits, '\.', '_' and '-'; Key Vault secret name "bad_name" must be 1-127 letters, digits and hyphens/,
    );
  });

  test("fails on no files", () => {
    expect(() => build({ ...dbProps, keyVaultSecrets: { ...secrets, files: {} } })).toThrow(/keyVaultSecrets\.files must name at least one file/);
  });

  test("fails when a writable path would shadow the secrets mount", () => {
    const containers = [webContainer({ name: "postgres", writablePaths: ["/mnt/secrets-store"] })];
    expect(() => build({ ...dbProps, containers, keyVaultSecrets: secrets })).toThrow(
      /containers\[0\]\.writablePaths must not include the secrets mount \/mnt\/secrets-store/,
    );
  });
});
