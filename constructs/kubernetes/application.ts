import { Construct } from "constructs";
import { collectProblems, propError } from "../core/validation";
import { HorizontalAutoscaler, PodsMetric } from "./autoscaling";
import { ContainerResources } from "./container";
import { AppHttpRoute, ISharedGateway } from "./gateway";
import { NetworkFlow, ZeroTrustPolicies } from "./network-policies";
import { mirroredImage } from "./image-references";
import { BackupDestination, PostgresBackup } from "./postgres-backup";
import { KeyVaultSecretFiles } from "./secret-provider-class";
import { Workload, WorkloadKind } from "./workload";

/** Autoscaling of one workload (autoscaling/v2). */
export interface ApplicationAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** @default - no CPU metric */
  readonly cpuUtilization?: number;
  /** @default - no memory metric */
  readonly memoryUtilization?: number;
  /** @default - no Pods metric */
  readonly podsMetric?: PodsMetric;
}

/** One workload of an application: a single-container Deployment or StatefulSet with one port. */
export interface ApplicationWorkload {
  readonly kind: WorkloadKind;
  /** Pod label `tier`. */
  readonly tier: string;
  /** Image pinned by tag or digest. */
  readonly image: string;
  readonly port: { readonly name: string; readonly containerPort: number };
  readonly resources: ContainerResources;
  /**
   * Readiness and liveness check on the workload's port: an HTTP GET of `path`, or a TCP connect.
   * @default { type: "tcp" }
   */
  readonly probe?: { readonly type: "http"; readonly path: string } | { readonly type: "tcp" };
  /** User the pod runs as (non-root). */
  readonly runAsUser: number;
  /**
   * Primary group of the pod's processes.
   * @default - runAsUser
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns the pod's volumes.
   * @default - runAsGroup
   */
  readonly fsGroup?: number;
  /** @default [] */
  readonly writablePaths?: string[];
  /** @default [] */
  readonly args?: string[];
  /** @default {} */
  readonly env?: Record<string, string>;
  /**
   * Variables read from existing Secrets: never a secret value in configuration or state.
   * @default {}
   */
  readonly envFromSecrets?: Record<string, { readonly secret: string; readonly key: string }>;
  /**
   * Key Vault secrets mounted as files (file name -> secret name); the vault and identity come from
   * {@link ApplicationProps.keyVaultAccess}.
   * @default {}
   */
  readonly keyVaultSecrets?: Readonly<Record<string, string>>;
  /** @default - set by the autoscaler when `autoscaling` is given, else 1 */
  readonly replicas?: number;
  /** @default - not autoscaled */
  readonly autoscaling?: ApplicationAutoscaling;
  /** Persistent volume of a StatefulSet. @default - none */
  readonly volume?: { readonly size: string; readonly mountPath: string };
  /**
   * A scheduled `pg_dumpall` of the StatefulSet's Postgres ({@link PostgresBackup}) to
   * {@link ApplicationProps.backups}' destination of this workload.
   * @default - no backup
   */
  readonly backup?: { readonly schedule: string; readonly passwordFile: string };
}

/** Where the application's backups go (see {@link PostgresBackup}). */
export interface ApplicationBackups {
  /** The Azure CLI image that uploads the dumps. */
  readonly uploaderImage: string;
  /** By workload name: the container of each workload with a `backup`. */
  readonly destinations: Readonly<Record<string, BackupDestination>>;
}

/** A weighted backend of a route rule. */
export interface ApplicationRouteBackend {
  readonly workload: string;
  readonly weight: number;
}

/** An HTTPRoute of the application. */
export interface ApplicationRoute {
  readonly hostnames: string[];
  readonly rules: ReadonlyArray<{ readonly path: string; readonly pathType?: "PathPrefix" | "Exact"; readonly backends: ApplicationRouteBackend[] }>;
}

/** The `from` of a flow that comes from the shared gateway's data plane; no workload may be named so. */
export const GATEWAY_FLOW_SOURCE = "gateway";

/** A permitted connection: from a workload or {@link GATEWAY_FLOW_SOURCE} (the shared gateway's data plane) to a workload's port. */
export interface ApplicationFlow {
  /** A workload of the application, or {@link GATEWAY_FLOW_SOURCE}. */
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

/**
 * Readiness gates traffic (Services and the Gateway only send to ready pods, rollouts wait for it); liveness, with
 * a longer budget, restarts a hung container.
 */
function probes(w: ApplicationWorkload) {
  const check = w.probe?.type === "http" ? { httpGet: { path: w.probe.path, port: w.port.name } } : { tcpSocket: { port: w.port.name } };
  return {
    readiness: { ...check, periodSeconds: 10, failureThreshold: 3 },
    liveness: { ...check, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 6 },
  };
}

/** Props of {@link Application}. */
export interface ApplicationProps {
  /** Namespace of the application (created with its Pod Security labels in `<env>-k8s-addons`). */
  readonly namespace: string;
  readonly workloads: Record<string, ApplicationWorkload>;
  /** @default {} */
  readonly routes?: Record<string, ApplicationRoute>;
  /**
   * The only connections allowed besides DNS: everything else is denied.
   * @default []
   */
  readonly flows?: ApplicationFlow[];
  /** The shared Gateway that routes attach to and whose data plane may be a flow source. */
  readonly gateway: ISharedGateway & { readonly dataPlaneNamespace: string; readonly dataPlanePodLabels: Record<string, string> };
  /** StorageClass of StatefulSet volumes (the Retain class for databases). */
  readonly volumeStorageClassName: string;
  /**
   * Per workload with `keyVaultSecrets`: its vault, tenant and the client id of the identity it reads them as.
   * @default {}
   */
  readonly keyVaultAccess?: Readonly<Record<string, Omit<KeyVaultSecretFiles, "files">>>;
  /**
   * The registry the cluster pulls every image from (`<name>.azurecr.io`): each image is referenced there, under its
   * full source reference ({@link mirroredImage}).
   * @default - each image from its source registry
   */
  readonly imageRegistry?: string;
  /**
   * Where the workloads with a `backup` write it; the identity is their {@link keyVaultAccess} one.
   * @default - none (then no workload may declare a backup)
   */
  readonly backups?: ApplicationBackups;
}

/**
 * One application in its namespace, zero-trust by construction: its workloads (restricted securityContext,
 * requests and limits), autoscalers and disruption budgets, HTTPRoutes on the shared Gateway, and NetworkPolicies
 * that deny everything but DNS and exactly the declared flows.
 *
 * @example
 * ```ts
 * new Application(this, "Shop", {
 *   namespace: "shop",
 *   gateway,
 *   volumeStorageClassName: "platform-disk-premium-zrs-retain",
 *   workloads: {
 *     frontend: {
 *       kind: "Deployment",
 *       tier: "frontend",
 *       image: "ghcr.io/example/web:1.0.0",
 *       port: { name: "http", containerPort: 8080 },
 *       resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
 *       runAsUser: 101,
 *       autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 },
 *     },
 *   },
 *   routes: { shop: { hostnames: ["shop.example.com"], rules: [{ path: "/", backends: [{ workload: "frontend", weight: 100 }] }] } },
 *   flows: [{ from: "gateway", to: "frontend", port: 8080 }],
 * });
 * ```
 */
export class Application extends Construct {
  public readonly namespace: string;
  public readonly workloads: Record<string, Workload> = {};
  public readonly autoscalers: Record<string, HorizontalAutoscaler> = {};
  public readonly policies: ZeroTrustPolicies;
  public readonly routes: Record<string, AppHttpRoute> = {};
  public readonly flows: readonly NetworkFlow[];
  public readonly backups: Record<string, PostgresBackup> = {};

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    this.validate(props);
    this.namespace = props.namespace;
    for (const [name, w] of Object.entries(props.workloads)) {
      const secretEnv = Object.fromEntries(Object.entries(w.envFromSecrets ?? {}).map(([k, s]) => [k, { secretKeyRef: { name: s.secret, key: s.key } }]));
      this.workloads[name] = new Workload(this, `Workload-${name}`, {
        name,
        namespace: props.namespace,
        kind: w.kind,
        tier: w.tier,
        replicas: w.autoscaling ? undefined : (w.replicas ?? 1),
        podIdentity: { runAsUser: w.runAsUser, runAsGroup: w.runAsGroup ?? w.runAsUser, fsGroup: w.fsGroup ?? w.runAsGroup ?? w.runAsUser },
        containers: [
          {
            name,
            image: props.imageRegistry ? mirroredImage(props.imageRegistry, w.image) : w.image,
            ports: [w.port],
            resources: w.resources,
            writablePaths: w.writablePaths,
            args: w.args?.length ? w.args : undefined,
            env: { ...w.env, ...secretEnv },
            probes: probes(w),
          },
        ],
        volumeClaim: w.volume ? { storageClassName: props.volumeStorageClassName, size: w.volume.size, mountPath: w.volume.mountPath } : undefined,
        keyVaultSecrets: this.keyVaultSecrets(name, w, props),
      });
      if (w.autoscaling) {
        this.autoscalers[name] = new HorizontalAutoscaler(this, `Autoscaler-${name}`, { target: this.workloads[name], ...w.autoscaling });
      }
    }

    this.policies = new ZeroTrustPolicies(this, "NetworkPolicies", { namespace: props.namespace });
    const gatewaySource = { gateway: { namespace: props.gateway.dataPlaneNamespace, podLabels: props.gateway.dataPlanePodLabels } };
    for (const f of props.flows ?? []) {
      this.policies.allowFlow(f.from === GATEWAY_FLOW_SOURCE ? gatewaySource : this.workloads[f.from], this.workloads[f.to], f.port);
    }
    this.flows = this.policies.flows;
    this.addBackups(props);

    const services = Object.values(this.workloads)
      .filter((w) => w.kind === "Deployment")
      .map((w) => ({ name: w.serviceName, port: Object.values(w.ports)[0] }));
    for (const [name, r] of Object.entries(props.routes ?? {})) {
      this.routes[name] = new AppHttpRoute(this, `Route-${name}`, {
        gateway: props.gateway,
        name,
        namespace: props.namespace,
        hostnames: r.hostnames,
        rules: r.rules.map((rule) => ({
          path: rule.path,
          pathType: rule.pathType,
          backends: rule.backends.map((b) => ({ service: this.workloads[b.workload].serviceName, weight: b.weight })),
        })),
        services,
      });
    }
  }

  /** Throws on invalid props of the application itself, naming every problem at once (its parts check their own). */
  private validate(props: ApplicationProps): void {
    const names = Object.keys(props.workloads);
    const named = (prop: string) => (name: string) => {
      if (!names.includes(name))
        throw propError(this, prop, `names no workload of the application (${names.join(", ")})`, name, "use one of the workload names.");
    };
    collectProblems(this, [
      () => {
        if (Object.prototype.hasOwnProperty.call(props.workloads, GATEWAY_FLOW_SOURCE)) {
          throw propError(
            this,
            "workloads",
            `may not name a workload "${GATEWAY_FLOW_SOURCE}": flows use it for the gateway's data plane`,
            GATEWAY_FLOW_SOURCE,
            "rename the workload.",
          );
        }
      },
      ...Object.entries(props.workloads).map(
        ([name, w]) =>
          () =>
            this.keyVaultSecrets(name, w, props),
      ),
      ...(props.flows ?? []).flatMap((f, i) => [
        () => named(`flows[${i}].to`)(f.to),
        () => (f.from === GATEWAY_FLOW_SOURCE ? undefined : named(`flows[${i}].from`)(f.from)),
      ]),
      ...Object.entries(props.workloads).map(
        ([name, w]) =>
          () =>
            this.backupOf(name, w, props),
      ),
      ...Object.keys(props.backups?.destinations ?? {}).map((name) => () => named(`backups.destinations.${name}`)(name)),
      ...Object.entries(props.routes ?? {}).map(
        ([name, r]) =>
          () =>
            r.rules.forEach((rule) => rule.backends.forEach((b) => named(`routes.${name}.backends`)(b.workload))),
      ),
    ]);
  }

  private addBackups(props: ApplicationProps): void {
    const image = (i: string) => (props.imageRegistry ? mirroredImage(props.imageRegistry, i) : i);
    for (const [name, w] of Object.entries(props.workloads)) {
      const backup = this.backupOf(name, w, props);
      if (!backup || !w.backup) continue;
      this.backups[name] = new PostgresBackup(this, `Backup-${name}`, {
        database: this.workloads[name],
        schedule: w.backup.schedule,
        passwordFile: w.backup.passwordFile,
        destination: backup.destination,
        uploaderImage: image(backup.uploaderImage),
        tenantId: backup.access.tenantId,
        clientId: backup.access.clientId,
      });
    }
  }

  /** Where a workload's backup goes and as whom; undefined without a backup; throws on a missing or stray part. */
  private backupOf(name: string, w: ApplicationWorkload, props: ApplicationProps) {
    const destination = props.backups?.destinations[name];
    if (!w.backup) {
      if (destination)
        throw propError(
          this,
          `backups.destinations.${name}`,
          "is given for a workload without a backup",
          destination.containerName,
          `remove it, or give workloads.${name}.backup.`,
        );
      return undefined;
    }
    if (!props.backups || !destination)
      throw propError(
        this,
        `backups.destinations.${name}`,
        "is required: the workload declares a backup",
        undefined,
        "give the storage account, container and private endpoint range its dumps go to.",
      );
    const access = props.keyVaultAccess?.[name];
    if (!access)
      throw propError(
        this,
        `workloads.${name}.backup`,
        "needs the workload's Key Vault secrets (its password and its identity)",
        name,
        `give workloads.${name}.keyVaultSecrets and keyVaultAccess.${name}.`,
      );
    return { destination, access, uploaderImage: props.backups.uploaderImage };
  }

  private keyVaultSecrets(name: string, w: ApplicationWorkload, props: ApplicationProps): KeyVaultSecretFiles | undefined {
    const files = w.keyVaultSecrets ?? {};
    const access = props.keyVaultAccess?.[name];
    if (Object.keys(files).length === 0) {
      if (access)
        throw propError(
          this,
          `keyVaultAccess.${name}`,
          "is given for a workload without keyVaultSecrets",
          access.keyVaultName,
          `remove it, or give workloads.${name}.keyVaultSecrets.`,
        );
      return undefined;
    }
    if (!access)
      throw propError(
        this,
        `keyVaultAccess.${name}`,
        "is required: the workload mounts keyVaultSecrets",
        undefined,
        "give the vault, tenant and client id of the workload's identity.",
      );
    return { ...access, files };
  }
}
