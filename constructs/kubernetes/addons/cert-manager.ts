import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { checkPattern, checkRange, isKnown, propError, warnOptOut } from "../../core/validation";

/** Workload identity of the cert-manager controller (Azure DNS DNS-01 without secrets). */
export interface CertManagerWorkloadIdentity {
  /** Client ID of the user-assigned managed identity federated with the cert-manager service account. */
  readonly clientId: string;
}

/** Props of {@link CertManager}. */
export interface CertManagerProps {
  /** Namespace of the release. It is created elsewhere: the release never creates namespaces. */
  readonly namespace: string;
  /**
   * Exact chart version (`vX.Y.Z`, no ranges).
   * @default CERT_MANAGER_DEFAULTS.chartVersion
   */
  readonly chartVersion?: string;
  /**
   * Helm release name.
   * @default "cert-manager"
   */
  readonly releaseName?: string;
  /**
   * Name of the controller's service account (the subject of a workload identity federated credential).
   * @default "cert-manager"
   */
  readonly serviceAccountName?: string;
  /**
   * Azure workload identity for DNS-01 with Azure DNS: labels the controller pods and service account with
   * `azure.workload.identity/use: "true"` and annotates the service account with the client ID.
   * @default - no workload identity (HTTP-01 only)
   */
  readonly workloadIdentity?: CertManagerWorkloadIdentity;
  /**
   * Controller replicas (leader election keeps one active).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Helm wait timeout in seconds.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Opt-out of `crds.keep`: uninstalling the release then deletes the CRDs and, with them, every Certificate and
   * Issuer. Adds a warning.
   * @default true
   */
  readonly keepCrds?: boolean;
}

/**
 * Pinned cert-manager chart. v1.21.2 (2026-09-11) is the newest v1.x release verified; the Gateway API switch
 * `config.enableGatewayAPI` exists since 1.16 and is accepted by 1.21 (the nested `config.gatewayAPI.enabled` is its
 * announced successor).
 */
export const CERT_MANAGER_DEFAULTS = {
  chartRepository: "oci://quay.io/jetstack/charts",
  chart: "cert-manager",
  chartVersion: "v1.21.2",
  releaseName: "cert-manager",
  serviceAccountName: "cert-manager",
  replicas: 1,
  timeoutSeconds: 600,
  keepCrds: true,
} as const satisfies Partial<CertManagerProps> & Record<string, unknown>;

/** Label and annotation of the Azure workload identity webhook. */
export const AZURE_WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";
export const AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_LABEL_RULE = "a DNS label (1-63 lowercase letters, digits and '-')";
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * cert-manager from the Jetstack OCI chart: CRDs installed and kept by the chart, Gateway API support on (the
 * gateway-shim issues certificates for annotated Gateways, HTTP-01 can be solved through a Gateway), optional Azure
 * workload identity for DNS-01. The release is atomic, waits for readiness and cleans up failed upgrades.
 */
export class CertManager extends Construct {
  public readonly release: Release;
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly chartVersion: string;
  /** `system:serviceaccount:<namespace>:<serviceAccountName>`, the subject of a federated identity credential. */
  public readonly serviceAccountSubject: string;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    checkPattern(this, "namespace", props.namespace, DNS_LABEL, DNS_LABEL_RULE);
    checkPattern(this, "releaseName", props.releaseName, DNS_LABEL, DNS_LABEL_RULE);
    checkPattern(this, "serviceAccountName", props.serviceAccountName, DNS_LABEL, DNS_LABEL_RULE);
    checkPattern(this, "chartVersion", props.chartVersion, /^v\d+\.\d+\.\d+$/, "an exact version such as v1.21.2 (no ranges)");
    if (props.chartVersion !== undefined && isKnown(props.chartVersion) && !props.chartVersion.startsWith("v1.")) {
      throw propError(this, "chartVersion", "must be a v1.x release (the values this construct sets are those of v1)", props.chartVersion, "pin a v1.x chart.");
    }
    checkPattern(this, "workloadIdentity.clientId", props.workloadIdentity?.clientId, GUID, "a GUID (the managed identity's client ID)");
    checkRange(this, "replicas", props.replicas, 1, 10);
    checkRange(this, "timeoutSeconds", props.timeoutSeconds, 60, 3600);
    const keepCrds = props.keepCrds ?? CERT_MANAGER_DEFAULTS.keepCrds;
    if (!keepCrds) warnOptOut(this, "keepCrds", "uninstalling cert-manager deletes its CRDs and every Certificate, Issuer and ClusterIssuer");

    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccountName ?? CERT_MANAGER_DEFAULTS.serviceAccountName;
    this.chartVersion = props.chartVersion ?? CERT_MANAGER_DEFAULTS.chartVersion;
    this.serviceAccountSubject = `system:serviceaccount:${this.namespace}:${this.serviceAccountName}`;

    this.release = new Release(this, "Release", {
      name: props.releaseName ?? CERT_MANAGER_DEFAULTS.releaseName,
      repository: CERT_MANAGER_DEFAULTS.chartRepository,
      chart: CERT_MANAGER_DEFAULTS.chart,
      version: this.chartVersion,
      namespace: this.namespace,
      createNamespace: false,
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? CERT_MANAGER_DEFAULTS.timeoutSeconds,
      values: [stringify(certManagerValues(this.serviceAccountName, keepCrds, props), { lineWidth: 0, aliasDuplicateObjects: false })],
    });
  }
}

/** The chart values as one typed document (keys of deploy/charts/cert-manager/values.yaml). */
export function certManagerValues(serviceAccountName: string, keepCrds: boolean, props: CertManagerProps): Record<string, unknown> {
  const wi = props.workloadIdentity;
  const useLabel = wi ? { [AZURE_WORKLOAD_IDENTITY_USE_LABEL]: "true" } : undefined;
  return {
    crds: { enabled: true, keep: keepCrds },
    replicaCount: props.replicas ?? CERT_MANAGER_DEFAULTS.replicas,
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      enableGatewayAPI: true,
    },
    serviceAccount: {
      create: true,
      name: serviceAccountName,
      ...(wi ? { labels: useLabel, annotations: { [AZURE_WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: wi.clientId } } : {}),
    },
    ...(wi ? { podLabels: useLabel } : {}),
  };
}
