import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { IIoK8sApiCoreV1PodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Construct, IConstruct } from "constructs";
import { checkRange, collectProblems, propError } from "../core/validation";
import { PortProtocol, WorkloadContainer, renderContainer, validateContainers, writableVolumes } from "./container";
import { checkDnsLabel, checkDnsSubdomain, checkLabels } from "./k8s-names";
import { KubeObject } from "./kube-object";
import { NamespaceRef, dependOn, dependOnNamespace, namespaceName } from "./namespace";
import { PodIdentity, checkPodIdentity, checkQuantity, podSecurityContext } from "./security-context";
import {
  AzureKeyVaultSecretProviderClass,
  KEY_VAULT_SECRETS_MOUNT_PATH,
  KeyVaultSecretFiles,
  secretFileProblems,
  secretsStoreVolume,
} from "./secret-provider-class";

// The container types are part of the Workload API.
export * from "./container";

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export type AccessMode = "ReadWriteOnce" | "ReadWriteOncePod" | "ReadWriteMany" | "ReadOnlyMany";

/** The persistent volume of each StatefulSet replica (a volumeClaimTemplate). */
export interface WorkloadVolumeClaim {
  /** e.g. the database class of {@link StorageClasses}. */
  readonly storageClassName: string;
  /** Quantity, e.g. "64Gi". */
  readonly size: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** @default ["ReadWriteOnce"] */
  readonly accessModes?: AccessMode[];
  /** @default "data" */
  readonly name?: string;
  /** @default - the first container */
  readonly containerName?: string;
}

/** Props of {@link Workload}. */
export interface WorkloadProps {
  /** DNS label; names the Deployment/StatefulSet and its Service. */
  readonly name: string;
  readonly namespace: NamespaceRef;
  /** @default "Deployment" */
  readonly kind?: WorkloadKind;
  /** Value of the pod label `tier` (e.g. "frontend", "backend", "database"). */
  readonly tier: string;
  /** Extra pod labels; `app` and `tier` are set by the construct. @default {} */
  readonly labels?: Record<string, string>;
  readonly containers: WorkloadContainer[];
  /**
   * Replica count. Must stay unset when a {@link HorizontalAutoscaler} scales the workload.
   * @default 1 - or, when autoscaled, no `replicas` field (the HPA owns it)
   */
  readonly replicas?: number;
  /** StatefulSet only. @default - no persistent volume */
  readonly volumeClaim?: WorkloadVolumeClaim;
  /** @default { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 } */
  readonly podIdentity?: PodIdentity;
  /**
   * An existing service account to run as (e.g. a workload-identity one).
   * @default - the workload's own service account, named after it and created with it (never the namespace's
   *   `default`, which every other pod of the namespace shares)
   */
  readonly serviceAccountName?: string;
  /**
   * Key Vault secrets mounted read-only as files at {@link KEY_VAULT_SECRETS_MOUNT_PATH} in the first container, by
   * the Secrets Store CSI driver (a SecretProviderClass `<name>-keyvault`) reading them as the managed identity
   * `clientId`, with a token of the workload's own ServiceAccount (the identity's federated credential must trust
   * it; the pod itself still mounts no token). Needs the workload's own service account.
   * @default - none
   */
  readonly keyVaultSecrets?: KeyVaultSecretFiles;
}

export const WORKLOAD_DEFAULTS = {
  kind: "Deployment",
  replicas: 1,
  automountServiceAccountToken: false,
  protocol: "TCP",
  volumeClaimName: "data",
  accessModes: ["ReadWriteOnce"] as AccessMode[],
} as const;

const MARKER = Symbol.for("azure-platform-iac.Workload");

const KEY_VAULT_SECRETS_VOLUME = "keyvault-secrets";

/** Throws on an unusable {@link WorkloadProps.keyVaultSecrets}. */
function validateKeyVaultSecrets(scope: IConstruct, props: WorkloadProps): void {
  const secrets = props.keyVaultSecrets!;
  if (props.serviceAccountName !== undefined) {
    throw propError(
      scope,
      "keyVaultSecrets",
      "needs the workload's own service account (its identity is federated with it)",
      props.serviceAccountName,
      "leave serviceAccountName unset.",
    );
  }
  const problems = secretFileProblems(secrets.files);
  if (problems.length > 0)
    throw propError(
      scope,
      "keyVaultSecrets.files",
      problems.join("; "),
      secrets.files,
      "name each file with letters, digits, '.', '_' and '-', and each secret as Key Vault names it.",
    );
  const taken = (props.containers[0]?.writablePaths ?? []).find((p) => p === KEY_VAULT_SECRETS_MOUNT_PATH || p.startsWith(`${KEY_VAULT_SECRETS_MOUNT_PATH}/`));
  if (taken)
    throw propError(scope, "containers[0].writablePaths", `must not include the secrets mount ${KEY_VAULT_SECRETS_MOUNT_PATH}`, taken, "use another path.");
}

/** The labels every pod of a workload carries (what NetworkPolicies of other namespaces select it by). */
export function workloadPodLabels(name: string, tier: string): Record<string, string> {
  return { app: name, tier };
}

/**
 * A Deployment or StatefulSet plus its ClusterIP Service (a StatefulSet also gets the headless Service its
 * `serviceName` needs), hardened to the `restricted` Pod Security Standard: non-root user, RuntimeDefault seccomp,
 * no privilege escalation, all capabilities dropped, read-only root filesystem (emptyDir volumes for
 * `writablePaths`), no service account token, no service links. Images must be pinned. Pods spread across zones.
 *
 * @example
 * ```ts
 * const frontend = new Workload(this, "Frontend", {
 *   name: "frontend",
 *   namespace: shop,
 *   tier: "frontend",
 *   containers: [
 *     {
 *       name: "web",
 *       image: "ghcr.io/example/web:1.4.2",
 *       ports: [{ name: "http", containerPort: 8080 }],
 *       resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
 *       writablePaths: ["/tmp"],
 *     },
 *   ],
 *   replicas: 2,
 * });
 * ```
 */
export class Workload extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly kind: WorkloadKind;
  /** Labels of every pod (`app`, `tier` and extras): what NetworkPolicies and PodDisruptionBudgets select. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The immutable selector of the Deployment/StatefulSet and the Services (`app: <name>`). */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Container port numbers by port name. */
  public readonly ports: Readonly<Record<string, number>>;
  /** Port protocols by port name. */
  public readonly portProtocols: Readonly<Record<string, PortProtocol>>;
  public readonly containers: readonly WorkloadContainer[];
  /** The Deployment or StatefulSet. */
  public readonly object: KubeObject;
  /** The ClusterIP Service, when the workload has ports. */
  public readonly service?: KubeObject;
  /** The headless Service of a StatefulSet. */
  public readonly headlessService?: KubeObject;
  /** Name of the StatefulSet's headless Service. */
  public readonly headlessServiceName?: string;
  /** The service account the pods run as. */
  public readonly serviceAccountName: string;
  /** The workload's own service account, when it created one. */
  public readonly serviceAccount?: KubeObject;
  /** The SecretProviderClass of {@link WorkloadProps.keyVaultSecrets}. */
  public readonly secretProviderClass?: KubeObject;
  /** Its name (`<name>-keyvault`), when the workload mounts Key Vault secrets. */
  public readonly secretProviderClassName?: string;
  /** The StorageClass of the workload's volume claim template, when it has one. */
  public readonly volumeClaimStorageClassName?: string;
  /** The file names of its Key Vault secrets (empty without `keyVaultSecrets`). */
  public readonly keyVaultSecretFiles: readonly string[];
  /** User, group and fsGroup the pods run as. */
  public readonly podIdentity: Readonly<Required<PodIdentity>>;
  private readonly requestedReplicas?: number;
  private autoscaler?: { path: string; minReplicas: number };

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    Object.defineProperty(this, MARKER, { value: true });
    const kind = props.kind ?? WORKLOAD_DEFAULTS.kind;
    const extraLabels = props.labels ?? {};
    let identity: Required<PodIdentity> | undefined;
    let containers: ReturnType<typeof validateContainers> | undefined;
    let claim: ResolvedClaim | undefined;
    collectProblems(this, [
      () => {
        if (!WORKLOAD_KINDS.includes(kind)) {
          throw propError(this, "kind", `must be one of ${WORKLOAD_KINDS.join(", ")}`, kind, 'use "Deployment" or "StatefulSet".');
        }
        checkDnsLabel(this, "name", props.name, kind === "StatefulSet" ? 54 : 63);
      },
      () => checkDnsLabel(this, "tier", props.tier),
      () => checkRange(this, "replicas", props.replicas, 0, 1000),
      () => {
        checkLabels(this, "labels", extraLabels);
        const reserved = ["app", "tier"].find((key) => key in extraLabels);
        if (reserved) {
          const fix = `remove it; use ${reserved === "app" ? "name" : "tier"}.`;
          throw propError(this, `labels.${reserved}`, "is set by the construct", extraLabels[reserved], fix);
        }
      },
      () => (identity = checkPodIdentity(this, "podIdentity", props.podIdentity ?? {})),
      () => {
        if (props.containers.length === 0) throw propError(this, "containers", "must list at least one container", [], "add a container.");
        containers = validateContainers(this, props.containers);
      },
      // A claim needs a known kind (it is StatefulSet only) and a container to mount into.
      () => (claim = WORKLOAD_KINDS.includes(kind) && props.containers.length > 0 ? validateVolumeClaim(this, kind, props) : undefined),
      () => props.keyVaultSecrets && validateKeyVaultSecrets(this, props),
    ]);
    this.podIdentity = identity!;

    this.name = props.name;
    this.namespace = namespaceName(props.namespace);
    this.kind = kind;
    this.containers = props.containers;
    this.requestedReplicas = props.replicas;
    this.selectorLabels = { app: props.name };
    this.podLabels = { ...extraLabels, ...workloadPodLabels(props.name, props.tier) };
    this.ports = containers!.ports;
    this.portProtocols = containers!.protocols;
    this.volumeClaimStorageClassName = claim?.storageClassName;

    const secrets = props.keyVaultSecrets;
    this.keyVaultSecretFiles = Object.keys(secrets?.files ?? {});
    this.serviceAccountName = props.serviceAccountName ?? props.name;
    if (props.serviceAccountName === undefined) {
      // Its own identity in the cluster: RBAC bindings or workload identity given to it reach no other pod.
      this.serviceAccount = new KubeObject(this, "ServiceAccount", {
        render: () =>
          new ServiceAccount({ metadata: { name: props.name, namespace: this.namespace, labels: { ...this.podLabels } }, automountServiceAccountToken: false }),
      });
      dependOnNamespace(props.namespace, this.serviceAccount);
    }
    const secretsClass = `${props.name}-keyvault`;
    if (secrets) {
      this.secretProviderClassName = secretsClass;
      this.secretProviderClass = new KubeObject(this, "SecretProviderClass", {
        render: () => new AzureKeyVaultSecretProviderClass({ name: secretsClass, namespace: this.namespace, labels: { ...this.podLabels } }, secrets),
      });
      dependOnNamespace(props.namespace, this.secretProviderClass);
    }
    const volumes = [...props.containers.flatMap((c) => writableVolumes(c)), ...(secrets ? [secretsStoreVolume(KEY_VAULT_SECRETS_VOLUME, secretsClass)] : [])];
    const extraMounts = (c: WorkloadContainer) => [
      ...(claim && claim.containerName === c.name ? [{ name: claim.name, mountPath: claim.mountPath }] : []),
      ...(secrets && c === props.containers[0] ? [{ name: KEY_VAULT_SECRETS_VOLUME, mountPath: KEY_VAULT_SECRETS_MOUNT_PATH, readOnly: true }] : []),
    ];
    const podTemplate = (): IIoK8sApiCoreV1PodTemplateSpec => ({
      metadata: { labels: { ...this.podLabels } },
      spec: {
        automountServiceAccountToken: WORKLOAD_DEFAULTS.automountServiceAccountToken,
        enableServiceLinks: false,
        serviceAccountName: this.serviceAccountName,
        securityContext: podSecurityContext(this.podIdentity),
        containers: props.containers.map((c) => renderContainer(c, extraMounts(c))),
        // An empty list would come back from the API server as null, which kubernetes_manifest reports as an
        // inconsistent result after apply (terraform-provider-kubernetes #2783): leave the field out instead.
        ...(volumes.length > 0 ? { volumes } : {}),
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { ...this.selectorLabels } },
          },
        ],
      },
    });
    const metadata = () => ({ name: this.name, namespace: this.namespace, labels: { ...this.podLabels } });
    const replicas = () => (this.autoscaler ? {} : { replicas: this.requestedReplicas ?? WORKLOAD_DEFAULTS.replicas });

    if (kind === "StatefulSet") this.headlessServiceName = `${props.name}-headless`;
    this.object = new KubeObject(this, "Resource", {
      render: () =>
        kind === "Deployment"
          ? new Deployment({
              metadata: metadata(),
              spec: { ...replicas(), selector: { matchLabels: { ...this.selectorLabels } }, template: podTemplate() },
            })
          : new StatefulSet({
              metadata: metadata(),
              spec: {
                ...replicas(),
                serviceName: this.headlessServiceName!,
                selector: { matchLabels: { ...this.selectorLabels } },
                template: podTemplate(),
                ...(claim
                  ? {
                      volumeClaimTemplates: [
                        {
                          metadata: { name: claim.name },
                          spec: {
                            accessModes: [...claim.accessModes],
                            storageClassName: claim.storageClassName,
                            resources: { requests: { storage: claim.size } },
                          },
                        },
                      ],
                    }
                  : {}),
              },
            }),
    });

    // Created after its ServiceAccount (admission refuses a pod whose account does not exist yet, and the
    // controller retries with back-off) and its SecretProviderClass (the CSI mount fails until it exists).
    for (const needed of [this.serviceAccount, this.secretProviderClass]) if (needed) dependOn(this.object, needed);

    const servicePorts = () => Object.entries(this.ports).map(([name, port]) => ({ name, port, targetPort: name, protocol: this.portProtocols[name] }));
    const objects = [this.object];
    if (Object.keys(this.ports).length > 0) {
      this.service = new KubeObject(this, "Service", {
        render: () =>
          new Service({
            metadata: metadata(),
            spec: { type: "ClusterIP", selector: { ...this.selectorLabels }, ports: servicePorts() },
          }),
      });
      objects.push(this.service);
    }
    if (this.headlessServiceName) {
      const headlessName = this.headlessServiceName;
      this.headlessService = new KubeObject(this, "HeadlessService", {
        render: () =>
          new Service({
            metadata: { ...metadata(), name: headlessName },
            spec: {
              clusterIP: "None",
              selector: { ...this.selectorLabels },
              ...(Object.keys(this.ports).length > 0 ? { ports: servicePorts() } : {}),
            },
          }),
      });
      objects.push(this.headlessService);
    }
    dependOnNamespace(props.namespace, ...objects);
  }

  /** Name of the ClusterIP Service (the workload's name); throws when the workload has no ports and so no Service. */
  public get serviceName(): string {
    if (!this.service) {
      throw propError(this, "containers[].ports", "are empty, so the workload has no Service", [], "declare the ports the workload listens on.");
    }
    return this.name;
  }

  /** The fixed replica count; undefined when a {@link HorizontalAutoscaler} owns it. */
  public get replicas(): number | undefined {
    return this.autoscaler ? undefined : (this.requestedReplicas ?? WORKLOAD_DEFAULTS.replicas);
  }

  /** The fewest replicas that run: the fixed count, or the autoscaler's minimum. */
  public get minReplicas(): number {
    return this.autoscaler ? this.autoscaler.minReplicas : (this.requestedReplicas ?? WORKLOAD_DEFAULTS.replicas);
  }

  public get isAutoscaled(): boolean {
    return this.autoscaler !== undefined;
  }

  /**
   * Declares that `by` (a HorizontalAutoscaler) owns the replica count: the manifest then omits `replicas`, so
   * Terraform and the HPA do not fight over it. Throws if `replicas` was set or another autoscaler is registered.
   */
  public markAutoscaled(by: IConstruct, minReplicas: number): void {
    if (this.requestedReplicas !== undefined) {
      throw propError(
        this,
        "replicas",
        `must not be set when ${by.node.path} autoscales the workload`,
        this.requestedReplicas,
        "remove replicas; set minReplicas on the autoscaler.",
      );
    }
    if (this.autoscaler) {
      throw propError(this, "autoscaler", `is already ${this.autoscaler.path}; one HPA per workload`, by.node.path, "remove the second autoscaler.");
    }
    this.autoscaler = { path: by.node.path, minReplicas };
  }

  public static isWorkload(x: unknown): x is Workload {
    return typeof x === "object" && x !== null && MARKER in x;
  }
}

interface ResolvedClaim {
  readonly name: string;
  readonly storageClassName: string;
  readonly size: string;
  readonly mountPath: string;
  readonly accessModes: readonly AccessMode[];
  readonly containerName: string;
}

function validateVolumeClaim(scope: IConstruct, kind: WorkloadKind, props: WorkloadProps): ResolvedClaim | undefined {
  const claim = props.volumeClaim;
  if (!claim) return undefined;
  if (kind !== "StatefulSet") {
    throw propError(
      scope,
      "volumeClaim",
      "is only supported for StatefulSets (per-replica volumes)",
      kind,
      'set kind: "StatefulSet", or mount a shared claim another way.',
    );
  }
  const name = claim.name ?? WORKLOAD_DEFAULTS.volumeClaimName;
  checkDnsLabel(scope, "volumeClaim.name", name);
  checkDnsSubdomain(scope, "volumeClaim.storageClassName", claim.storageClassName);
  const size = checkQuantity(scope, "volumeClaim.size", claim.size);
  if (size === 0) throw propError(scope, "volumeClaim.size", "must be greater than 0", claim.size, 'use e.g. "64Gi".');
  if (!claim.mountPath.startsWith("/") || claim.mountPath === "/") {
    throw propError(scope, "volumeClaim.mountPath", "must be an absolute path other than /", claim.mountPath, 'use e.g. "/var/lib/postgresql/data".');
  }
  const accessModes = claim.accessModes ?? WORKLOAD_DEFAULTS.accessModes;
  if (accessModes.length === 0) throw propError(scope, "volumeClaim.accessModes", "must not be empty", accessModes, "omit it for ReadWriteOnce.");
  const containerName = claim.containerName ?? props.containers[0]?.name;
  const container = props.containers.find((c) => c.name === containerName);
  if (!container) {
    throw propError(scope, "volumeClaim.containerName", "names no container of the workload", containerName, "use the name of one of containers[].");
  }
  if ((container.writablePaths ?? []).includes(claim.mountPath)) {
    throw propError(scope, "volumeClaim.mountPath", "is also in writablePaths", claim.mountPath, "remove it from writablePaths.");
  }
  return { name, storageClassName: claim.storageClassName, size: claim.size, mountPath: claim.mountPath, accessModes, containerName: container.name };
}
