/** Fixtures of the in-cluster rules (kubernetes_manifest resources of a k8s-config stack). */
import {
  allowDns,
  appNamespace,
  container,
  cronJob,
  defaultDeny,
  deployment,
  DNS_PEER,
  hpa,
  K8S,
  k8sView,
  manifest,
  namespace,
  path,
  POD_SECURITY,
  podSpec,
  RuleCaseTable,
  storageClass,
} from "../fixtures";

const NO_DENY = /^namespace app has no default-deny NetworkPolicy$/;
const NO_DNS = /^namespace app has no DNS egress policy to kube-dns on UDP and TCP 53$/;

/** Namespace app with its labels and the DNS policy, plus a replacement for the default-deny policy. */
const withDeny = (...deny: ReturnType<typeof defaultDeny>[]) => k8sView(undefined, [namespace(), allowDns(), ...deny]);
/** Namespace app with its labels and the default-deny policy, plus a replacement for the DNS policy. */
const withDns = (...dns: ReturnType<typeof allowDns>[]) => k8sView(undefined, [namespace(), defaultDeny(), ...dns]);
/** Namespace app with its policies and a Deployment api with this pod spec (no HPA). */
const withPod = (pod: Record<string, any>) => k8sView([deployment({ pod })]);

/** A container whose image is pinned by digest (what production requires: K8S-006). */
const pinned = (overrides: Record<string, any> = {}) => container({ image: `ghcr.io/acme/api:2.0.1@sha256:${"c3".repeat(32)}`, ...overrides });

/** A backup CronJob of `name` (labelled backup-of: name) in namespace `ns`, its image pinned by digest. */
const backupOf = (name: string, ns = "app") => {
  const job = cronJob(podSpec({ serviceAccountName: name, containers: [pinned()] }), ns, `${name}-backup`);
  return { ...job, attrs: { ...job.attrs, manifest: { ...job.attrs.manifest, metadata: { ...job.attrs.manifest.metadata, labels: { "backup-of": name } } } } };
};

export const KUBERNETES_CASES: RuleCaseTable = {
  "K8S-001": {
    compliant: {
      "default deny in the workload's namespace": k8sView(),
      "default deny with explicit empty matchLabels": withDeny(defaultDeny("app", { podSelector: { matchLabels: {} }, ingress: [], egress: [] })),
      "workloads in system namespaces are exempt": k8sView([deployment({ ns: "kube-system", name: "agent" })], []),
      "no workloads, no requirement": k8sView([], [namespace()]),
    },
    violating: {
      "no default deny": { view: withDeny(), expected: [{ path: path.deployment(), message: NO_DENY }], alsoFlaggedBy: ["K8S-010"] },
      "ingress only": {
        view: withDeny(defaultDeny("app", { policyTypes: ["Ingress"] })),
        expected: [{ path: path.deployment(), message: NO_DENY }],
        alsoFlaggedBy: ["K8S-010"],
      },
      "selects some pods only": {
        view: withDeny(defaultDeny("app", { podSelector: { matchLabels: { app: "api" } } })),
        expected: [{ path: path.deployment(), message: NO_DENY }],
        alsoFlaggedBy: ["K8S-010"],
      },
      "allows some ingress": {
        view: withDeny(defaultDeny("app", { ingress: [{ from: [{ podSelector: {} }] }] })),
        expected: [{ path: path.deployment(), message: NO_DENY }],
        alsoFlaggedBy: ["K8S-010"],
      },
      "the deny policy is in another namespace": {
        view: withDeny(defaultDeny("web")),
        expected: [{ path: path.deployment(), message: NO_DENY }],
        alsoFlaggedBy: ["K8S-010"],
      },
      "one violation per namespace, on its first workload": {
        view: k8sView(
          [deployment(), deployment({ name: "worker" }), deployment({ ns: "web", name: "site" })],
          [namespace(), allowDns(), ...appNamespace("web")],
        ),
        expected: [{ path: path.deployment(), message: NO_DENY }],
        alsoFlaggedBy: ["K8S-010"],
      },
    },
  },
  "K8S-002": {
    compliant: {
      "DNS to kube-dns on UDP and TCP": k8sView(),
      "TCP implied by an omitted protocol": withDns(allowDns("app", { ports: [{ protocol: "UDP", port: 53 }, { port: 53 }] })),
    },
    violating: {
      "no DNS policy": { view: withDns(), expected: [{ path: path.deployment(), message: NO_DNS }] },
      "UDP only": { view: withDns(allowDns("app", { ports: [{ protocol: "UDP", port: 53 }] })), expected: [{ path: path.deployment(), message: NO_DNS }] },
      "to pods other than kube-dns": {
        view: withDns(allowDns("app", { to: [{ ...DNS_PEER, podSelector: { matchLabels: { "k8s-app": "coredns-custom" } } }] })),
        expected: [{ path: path.deployment(), message: NO_DNS }],
      },
      "kube-dns peer without a namespace selector": {
        view: withDns(allowDns("app", { to: [{ podSelector: DNS_PEER.podSelector }] })),
        expected: [{ path: path.deployment(), message: NO_DNS }],
      },
      "anywhere on port 53": { view: withDns(allowDns("app", { to: undefined })), expected: [{ path: path.deployment(), message: NO_DNS }] },
    },
  },
  "K8S-003": {
    compliant: {
      restricted: k8sView(),
      "restricted with audit and warn": k8sView(undefined, [
        namespace("app", {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        }),
        defaultDeny(),
        allowDns(),
      ]),
    },
    violating: {
      "no label": {
        view: k8sView(undefined, [namespace("app", null), defaultDeny(), allowDns()]),
        expected: [{ path: path.namespace(), message: /^namespace app has no pod-security\.kubernetes\.io\/enforce label$/ }],
      },
      "audit only": {
        view: k8sView(undefined, [namespace("app", { "pod-security.kubernetes.io/audit": "restricted" }), defaultDeny(), allowDns()]),
        expected: [{ path: path.namespace(), message: /^namespace app has no pod-security\.kubernetes\.io\/enforce label$/ }],
      },
      baseline: {
        view: k8sView(undefined, [namespace("app", { "pod-security.kubernetes.io/enforce": "baseline" }), defaultDeny(), allowDns()]),
        expected: [{ path: path.namespace(), message: /^namespace app enforces only baseline$/ }],
      },
    },
  },
  "K8S-004": {
    compliant: {
      "restricted pod and container": k8sView(),
      "container-level runAsNonRoot and a Localhost seccomp profile": withPod({
        containers: [
          container({
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: "Localhost", localhostProfile: "profiles/api.json" },
              allowPrivilegeEscalation: false,
              capabilities: { drop: ["ALL"] },
              readOnlyRootFilesystem: true,
            },
          }),
        ],
      }),
    },
    violating: {
      "no security context at all": {
        view: withPod({ serviceAccountName: "api", containers: [container({ securityContext: undefined })] }),
        expected: [
          {
            path: path.deployment(),
            message:
              /^Deployment app\/api container api lacks runAsNonRoot, allowPrivilegeEscalation: false, capabilities\.drop \[ALL\], seccompProfile RuntimeDefault, readOnlyRootFilesystem$/,
          },
        ],
      },
      "container overrides runAsNonRoot with false": {
        view: withPod(podSpec({ containers: [container({ securityContext: { ...container().securityContext, runAsNonRoot: false } })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api lacks runAsNonRoot$/ }],
      },
      privileged: {
        view: withPod(podSpec({ containers: [container({ securityContext: { ...container().securityContext, privileged: true } })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api lacks privileged: false$/ }],
      },
      "an init container": {
        view: withPod(
          podSpec({ initContainers: [container({ name: "migrate", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } })] }),
        ),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container migrate lacks readOnlyRootFilesystem$/ }],
      },
      "a CronJob's job template": {
        view: k8sView([
          cronJob({
            securityContext: { seccompProfile: POD_SECURITY.seccompProfile },
            serviceAccountName: "report",
            containers: [container({ name: "report" })],
          }),
        ]),
        expected: [{ path: path.deployment("app", "report", "CronJob"), message: /^CronJob app\/report container report lacks runAsNonRoot$/ }],
      },
    },
  },
  "K8S-005": {
    compliant: { "requests and limits": k8sView() },
    violating: {
      "no limits": {
        view: withPod(podSpec({ containers: [container({ resources: { requests: { cpu: "100m", memory: "128Mi" } } })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api has no limits\.cpu, limits\.memory$/ }],
      },
      "no resources": {
        view: withPod(podSpec({ containers: [container({ resources: undefined })] })),
        expected: [
          { path: path.deployment(), message: /^Deployment app\/api container api has no requests\.cpu, requests\.memory, limits\.cpu, limits\.memory$/ },
        ],
      },
    },
  },
  "K8S-012": {
    compliant: { "its own ServiceAccount": k8sView() },
    violating: {
      "no serviceAccountName": {
        view: withPod(podSpec({ serviceAccountName: undefined })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api runs as the namespace's default ServiceAccount$/ }],
      },
      "default named": {
        view: withPod(podSpec({ serviceAccountName: "default" })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api runs as the namespace's default ServiceAccount$/ }],
      },
    },
  },
  "K8S-017": {
    compliant: {
      "production, a Key Vault file": {
        ...withPod(
          podSpec({
            containers: [pinned({ env: [{ name: "POSTGRES_PASSWORD_FILE", value: "/mnt/secrets-store/postgres-password" }] })],
            volumes: [
              {
                name: "keyvault-secrets",
                csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "api-keyvault" } },
              },
            ],
          }),
        ),
        production: true,
      },
    },
    violating: {
      "production, a Kubernetes Secret in the environment": {
        view: {
          ...withPod(podSpec({ containers: [pinned({ env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] })] })),
          production: true,
        },
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api reads the Kubernetes Secret db into its environment$/ }],
      },
      "production, envFrom a Secret": {
        view: { ...withPod(podSpec({ containers: [pinned({ envFrom: [{ secretRef: { name: "all" } }] })] })), production: true },
        expected: [{ path: path.deployment(), message: /reads the Kubernetes Secret all into its environment$/ }],
      },
      "production, a CSI volume with a node-publish Secret": {
        view: {
          ...withPod(
            podSpec({
              containers: [pinned()],
              volumes: [{ name: "kv", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, nodePublishSecretRef: { name: "sp-creds" } } }],
            }),
          ),
          production: true,
        },
        expected: [{ path: path.deployment(), message: /mounts a Kubernetes Secret \(volume kv\)$/ }],
      },
      "production, a SecretProviderClass that syncs a Kubernetes Secret": {
        view: {
          ...k8sView([
            deployment({ pod: podSpec({ containers: [pinned()] }) }),
            hpa(),
            manifest("spc", "App-shop/SecretProviderClass", {
              apiVersion: "secrets-store.csi.x-k8s.io/v1",
              kind: "SecretProviderClass",
              metadata: { name: "api-keyvault", namespace: "app" },
              spec: { provider: "azure", parameters: {}, secretObjects: [{ secretName: "api", type: "Opaque", data: [{ objectName: "pw", key: "pw" }] }] },
            }),
          ]),
          production: true,
        },
        expected: [
          {
            path: `${K8S}/App-shop/SecretProviderClass/Resource`,
            message: /^SecretProviderClass app\/api-keyvault syncs Key Vault secrets into Kubernetes Secrets \(secretObjects\)$/,
          },
        ],
      },
      "production, a Secret volume": {
        view: { ...withPod(podSpec({ containers: [pinned()], volumes: [{ name: "creds", secret: { secretName: "db" } }] })), production: true },
        expected: [{ path: path.deployment(), message: /^Deployment app\/api mounts a Kubernetes Secret \(volume creds\)$/ }],
      },
    },
    notApplicable: {
      "dev, a Secret volume": withPod(podSpec({ volumes: [{ name: "creds", secret: { secretName: "db" } }] })),
      "dev, a Kubernetes Secret in the environment": withPod(
        podSpec({ containers: [container({ env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] })] }),
      ),
    },
  },
  "K8S-018": {
    compliant: {
      "production, a StatefulSet with a backup CronJob": {
        ...k8sView([
          deployment({
            kind: "StatefulSet",
            name: "db",
            pod: podSpec({ containers: [pinned()] }),
            spec: { serviceName: "db", volumeClaimTemplates: [{ metadata: { name: "data" } }] },
          }),
          backupOf("db"),
        ]),
        production: true,
      },
      "production, a StatefulSet without volumes": {
        ...k8sView([deployment({ kind: "StatefulSet", name: "cache", spec: { serviceName: "cache" } })]),
        production: true,
      },
    },
    violating: {
      "production, a StatefulSet with volumes and no backup": {
        view: {
          ...k8sView([
            deployment({
              kind: "StatefulSet",
              name: "db",
              pod: podSpec({ containers: [pinned()] }),
              spec: { serviceName: "db", volumeClaimTemplates: [{ metadata: { name: "data" } }] },
            }),
          ]),
          production: true,
        },
        expected: [
          { path: `${K8S}/StatefulSetappdb/Resource`, message: /^StatefulSet app\/db keeps persistent volumes and has no backup CronJob \(backup-of: db\)$/ },
        ],
      },
      "production, a backup CronJob of another workload": {
        view: {
          ...k8sView([
            deployment({
              kind: "StatefulSet",
              name: "db",
              pod: podSpec({ containers: [pinned()] }),
              spec: { serviceName: "db", volumeClaimTemplates: [{ metadata: { name: "data" } }] },
            }),
            backupOf("cache"),
          ]),
          production: true,
        },
        expected: [{ path: `${K8S}/StatefulSetappdb/Resource`, message: /^StatefulSet app\/db keeps persistent volumes and has no backup CronJob/ }],
      },
    },
    notApplicable: {
      "dev, a StatefulSet with volumes and no backup": k8sView([
        deployment({
          kind: "StatefulSet",
          name: "db",
          pod: podSpec({ containers: [pinned()] }),
          spec: { serviceName: "db", volumeClaimTemplates: [{ metadata: { name: "data" } }] },
        }),
      ]),
    },
  },
  "K8S-006": {
    compliant: {
      "version tag": k8sView(),
      "sha256 digest": withPod(podSpec({ containers: [container({ image: `ghcr.io/acme/api@sha256:${"a1".repeat(32)}` })] })),
      "registry with a port and a tag": withPod(podSpec({ containers: [container({ image: "registry.local:5000/acme/api:2.0.1" })] })),
      "production, tag and digest": {
        ...withPod(podSpec({ containers: [container({ image: `ghcr.io/acme/api:2.0.1@sha256:${"b2".repeat(32)}` })] })),
        production: true,
      },
    },
    violating: {
      "production, a version tag only": {
        view: { ...k8sView(), production: true },
        expected: [
          { path: path.deployment(), message: /^Deployment app\/api container api uses image .*:[^@]+ by tag only \(production requires a sha256 digest\)$/ },
        ],
      },
      "a malformed digest": {
        view: withPod(podSpec({ containers: [container({ image: `ghcr.io/acme/api:2.0.1@sha256:${"AB".repeat(32)}` })] })),
        expected: [{ path: path.deployment(), message: /uses image .* with a malformed digest/ }],
      },
      latest: {
        view: withPod(podSpec({ containers: [container({ image: "ghcr.io/acme/api:latest" })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api uses image ghcr\.io\/acme\/api:latest$/ }],
      },
      "no tag": {
        view: withPod(podSpec({ containers: [container({ image: "ghcr.io/acme/api" })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api uses image ghcr\.io\/acme\/api without a tag$/ }],
      },
      "registry port but no tag": {
        view: withPod(podSpec({ containers: [container({ image: "registry.local:5000/acme/api" })] })),
        expected: [{ path: path.deployment(), message: /^Deployment app\/api container api uses image registry\.local:5000\/acme\/api without a tag$/ }],
      },
    },
  },
  "K8S-007": {
    compliant: {
      "HPA on a Deployment without replicas": k8sView(),
      "HPA on a StatefulSet with replicas": k8sView([
        deployment({ kind: "StatefulSet", spec: { replicas: 2, serviceName: "api" } }),
        hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "api" } }),
      ]),
      "a memory metric on containers requesting memory": k8sView([
        deployment(),
        hpa({ metrics: [{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } }] }),
      ]),
    },
    violating: {
      "minReplicas above maxReplicas": {
        view: k8sView([deployment(), hpa({ minReplicas: 8, maxReplicas: 4 })]),
        expected: [{ path: path.hpa(), message: /^HPA app\/api has minReplicas 8 > maxReplicas 4$/ }],
      },
      "a missing target": {
        view: k8sView([deployment(), hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" } })]),
        expected: [{ path: path.hpa(), message: /^HPA app\/api targets missing Deployment web$/ }],
      },
      "a target of the same name in another namespace": {
        view: k8sView([deployment({ ns: "web" }), hpa()], [...appNamespace(), ...appNamespace("web")]),
        expected: [{ path: path.hpa(), message: /^HPA app\/api targets missing Deployment api$/ }],
      },
      "the target sets replicas": {
        view: k8sView([deployment({ spec: { replicas: 3 } }), hpa()]),
        expected: [{ path: path.hpa(), message: /^HPA app\/api: its target sets spec\.replicas 3$/ }],
      },
      "a container without the metric's request": {
        view: k8sView([
          deployment({
            pod: podSpec({
              containers: [container(), container({ name: "sidecar", resources: { requests: { memory: "32Mi" }, limits: { cpu: "50m", memory: "64Mi" } } })],
            }),
          }),
          hpa(),
        ]),
        expected: [{ path: path.hpa(), message: /^HPA app\/api: container sidecar has no cpu request$/ }],
        alsoFlaggedBy: ["K8S-005"],
      },
    },
  },
  "K8S-008": {
    compliant: {
      "classes with a name of our own": k8sView([], [storageClass("platform-disk-premium-zrs-retain"), storageClass("platform-files-premium-zrs")]),
      "a name that only contains a built-in word": k8sView([], [storageClass("db-managed-csi")]),
    },
    violating: {
      "AKS's Azure Files premium class": {
        view: k8sView([], [storageClass("azurefile-csi-premium")]),
        expected: [{ path: path.storageClass("azurefile-csi-premium"), message: /^StorageClass azurefile-csi-premium collides with AKS's built-in classes$/ }],
      },
      "the default class": {
        view: k8sView([], [storageClass("default")]),
        expected: [{ path: path.storageClass("default"), message: /^StorageClass default collides/ }],
      },
      "a name AKS may add (managed* prefix)": {
        view: k8sView([], [storageClass("managed-csi-premium-zrs-retain"), storageClass("azureblob-nfs-standard")]),
        expected: [
          { path: path.storageClass("managed-csi-premium-zrs-retain"), message: /^StorageClass managed-csi-premium-zrs-retain collides/ },
          { path: path.storageClass("azureblob-nfs-standard"), message: /^StorageClass azureblob-nfs-standard collides/ },
        ],
      },
    },
  },
};
