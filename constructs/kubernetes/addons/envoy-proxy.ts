import { KubeModel } from "../kube-object";
import { envoySchemaPath, validateEnvoyObject } from "../vendored-schemas";

/**
 * The `EnvoyProxy` custom resource (gateway.envoyproxy.io/v1alpha1) of Envoy Gateway: how the proxies of a
 * GatewayClass run. Only the fields this platform sets are typed; `validate()` checks the object against the
 * pinned release's CRD schema reduced to those fields (vendor/envoy-gateway/<version>/envoyproxy.schema.json, from
 * `npm run vendor:crds`), which also refuses any other field. CEL rules are left to the API server. There is no
 * maintained typed model package for Envoy Gateway's CRDs.
 */

/** Requests and limits of a container. */
export interface ResourceRequirements {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** A topology spread constraint (core/v1). */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector?: { readonly matchLabels?: Record<string, string> };
}

/** `spec` of an EnvoyProxy, as far as this platform sets it (field names of api/v1alpha1 in envoyproxy/gateway). */
export interface EnvoyProxySpec {
  /** Envoy worker threads (default: the node's cpuset threads). */
  readonly concurrency?: number;
  readonly provider: {
    readonly type: "Kubernetes";
    readonly kubernetes?: {
      readonly envoyDeployment?: {
        /** Ignored by Envoy Gateway when `envoyHpa` is set (the Deployment then has no replicas). */
        readonly replicas?: number;
        readonly pod?: {
          readonly nodeSelector?: Record<string, string>;
          readonly topologySpreadConstraints?: TopologySpreadConstraint[];
          readonly securityContext?: Record<string, unknown>;
          readonly labels?: Record<string, string>;
        };
        readonly container?: { readonly image?: string; readonly resources?: ResourceRequirements; readonly securityContext?: Record<string, unknown> };
      };
      readonly envoyService?: {
        readonly type?: "LoadBalancer" | "ClusterIP" | "NodePort";
        readonly annotations?: Record<string, string>;
        readonly externalTrafficPolicy?: "Local" | "Cluster";
      };
      readonly envoyHpa?: {
        readonly minReplicas?: number;
        readonly maxReplicas: number;
        readonly metrics?: Record<string, unknown>[];
      };
      /** Exactly one of minAvailable and maxUnavailable. */
      readonly envoyPDB?: { readonly minAvailable?: number | string; readonly maxUnavailable?: number | string };
    };
  };
}

/**
 * The field paths {@link EnvoyProxySpec} types (objects are descended into; leaves are kept whole). The vendored
 * schema is reduced to these, and every object on the way refuses fields it does not list.
 */
export const ENVOY_PROXY_TYPED_FIELDS = [
  "apiVersion",
  "kind",
  "metadata",
  "spec.concurrency",
  "spec.provider.type",
  "spec.provider.kubernetes.envoyDeployment.replicas",
  "spec.provider.kubernetes.envoyDeployment.pod.nodeSelector",
  "spec.provider.kubernetes.envoyDeployment.pod.topologySpreadConstraints",
  "spec.provider.kubernetes.envoyDeployment.pod.securityContext",
  "spec.provider.kubernetes.envoyDeployment.pod.labels",
  "spec.provider.kubernetes.envoyDeployment.container.image",
  "spec.provider.kubernetes.envoyDeployment.container.resources",
  "spec.provider.kubernetes.envoyDeployment.container.securityContext",
  "spec.provider.kubernetes.envoyService.type",
  "spec.provider.kubernetes.envoyService.annotations",
  "spec.provider.kubernetes.envoyService.externalTrafficPolicy",
  "spec.provider.kubernetes.envoyHpa.minReplicas",
  "spec.provider.kubernetes.envoyHpa.maxReplicas",
  "spec.provider.kubernetes.envoyHpa.metrics",
  "spec.provider.kubernetes.envoyPDB.minAvailable",
  "spec.provider.kubernetes.envoyPDB.maxUnavailable",
] as const;

export interface EnvoyProxyProps {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly spec: EnvoyProxySpec;
}

/** File name of the vendored EnvoyProxy schema. */
export const ENVOY_PROXY_SCHEMA_FILE = "envoyproxy.schema.json";

/** Path of the vendored EnvoyProxy schema of an Envoy Gateway release. */
export function envoyProxySchemaPath(version: string): string {
  return envoySchemaPath(version, ENVOY_PROXY_SCHEMA_FILE);
}

/** An EnvoyProxy object. */
export class EnvoyProxy implements KubeModel {
  public static readonly apiVersion = "gateway.envoyproxy.io/v1alpha1";
  public static readonly kind = "EnvoyProxy";
  public readonly apiVersion = EnvoyProxy.apiVersion;
  public readonly kind = EnvoyProxy.kind;
  public readonly metadata: EnvoyProxyProps["metadata"];
  public readonly spec: EnvoyProxySpec;

  /** @param releaseVersion the Envoy Gateway release whose CRD schema validates the object */
  constructor(
    props: EnvoyProxyProps,
    private readonly releaseVersion: string,
  ) {
    this.metadata = props.metadata;
    this.spec = props.spec;
  }

  public validate(): void {
    validateEnvoyObject(this.releaseVersion, ENVOY_PROXY_SCHEMA_FILE, this.toJSON());
  }

  public toJSON(): { apiVersion: string; kind: string; metadata: EnvoyProxyProps["metadata"]; spec: EnvoyProxySpec } {
    return JSON.parse(JSON.stringify({ apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata, spec: this.spec }));
  }
}
