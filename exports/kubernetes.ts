/** In-cluster objects: typed, schema-validated Kubernetes manifests and the cluster add-ons. */
export { KubeObject } from "../constructs/kubernetes/kube-object";
export type { KubeManifest, KubeModel, KubeObjectProps } from "../constructs/kubernetes/kube-object";
export { NAMESPACE_DEFAULTS, Namespace, POD_SECURITY_LEVELS } from "../constructs/kubernetes/namespace";
export type { NamespaceProps, NamespaceRef, PodSecurityLevel } from "../constructs/kubernetes/namespace";
export { DEFAULT_PORT_PROTOCOL, WORKLOAD_DEFAULTS, WORKLOAD_KINDS, Workload, workloadPodLabels } from "../constructs/kubernetes/workload";
export type {
  AccessMode,
  ContainerProbes,
  ContainerResources,
  PortProtocol,
  ResourceQuantities,
  SecretKeyRef,
  WorkloadContainer,
  WorkloadKind,
  WorkloadPort,
  WorkloadProps,
  WorkloadVolumeClaim,
} from "../constructs/kubernetes/workload";
export { POD_IDENTITY_DEFAULTS } from "../constructs/kubernetes/security-context";
export type { PodIdentity } from "../constructs/kubernetes/security-context";
export {
  HORIZONTAL_AUTOSCALER_DEFAULTS,
  HPA_BEHAVIOR_DEFAULTS,
  HorizontalAutoscaler,
  POD_DISRUPTION_BUDGET_DEFAULTS,
  PodDisruptionBudget,
} from "../constructs/kubernetes/autoscaling";
export type { HorizontalAutoscalerProps, PodDisruptionBudgetProps, PodsMetric } from "../constructs/kubernetes/autoscaling";
export { DNS_PEER_DEFAULTS, NAMESPACE_NAME_LABEL, ZeroTrustPolicies } from "../constructs/kubernetes/network-policies";
export type { FlowEndpoint, FlowSource, GatewaySource, NetworkFlow, PodPeer, ZeroTrustPoliciesProps } from "../constructs/kubernetes/network-policies";
export { NamespaceNetworkPolicies } from "../constructs/kubernetes/namespace-network-policies";
export type { NamespaceNetworkPoliciesProps, PolicyPeer, PolicyPort, PolicyRuleSpec } from "../constructs/kubernetes/namespace-network-policies";
export { POSTGRES_BACKUP_DEFAULTS, PostgresBackup, backupCronJobName } from "../constructs/kubernetes/postgres-backup";
export type { BackupDestination, PostgresBackupProps } from "../constructs/kubernetes/postgres-backup";
export { STORAGE_CLASSES_DEFAULTS, STORAGE_CLASS_NAMES, StorageClasses } from "../constructs/kubernetes/storage-classes";
export type { AzureFileSku, DiskNetworkAccessPolicy, StorageClassesProps } from "../constructs/kubernetes/storage-classes";
export { APP_HTTP_ROUTE_DEFAULTS, AppHttpRoute, SHARED_GATEWAY_DEFAULTS, SharedGateway } from "../constructs/kubernetes/gateway";
export type {
  AppHttpRouteProps,
  AppRouteBackend,
  AppRouteRule,
  AppService,
  GatewayListenerRef,
  ISharedGateway,
  SharedGatewayProps,
} from "../constructs/kubernetes/gateway";
export { GATEWAY_CLIENT_PROTECTION_DEFAULTS } from "../constructs/kubernetes/gateway-client-protections";
export type { GatewayClientProtectionProps } from "../constructs/kubernetes/gateway-client-protections";
export { AcmeClusterIssuers, LETSENCRYPT_SERVERS } from "../constructs/kubernetes/cluster-issuers";
export type { AcmeClusterIssuersProps, AzureDns01Props, LetsEncryptIssuerName } from "../constructs/kubernetes/cluster-issuers";
export { IssuerNamespaceRestriction } from "../constructs/kubernetes/issuer-admission-policy";
export type { IssuerNamespaceRestrictionProps } from "../constructs/kubernetes/issuer-admission-policy";
export { AzureKeyVaultSecretProviderClass, KEY_VAULT_SECRETS_MOUNT_PATH } from "../constructs/kubernetes/secret-provider-class";
export type { KeyVaultSecretFiles } from "../constructs/kubernetes/secret-provider-class";
export { Application } from "../constructs/kubernetes/application";
export type {
  ApplicationAutoscaling,
  ApplicationBackups,
  ApplicationFlow,
  ApplicationProps,
  ApplicationRoute,
  ApplicationRouteBackend,
  ApplicationWorkload,
} from "../constructs/kubernetes/application";
export type { ChartSource } from "../constructs/kubernetes/addons/chart-source";
export { CERT_MANAGER_DEFAULTS, CertManager } from "../constructs/kubernetes/addons/cert-manager";
export type { CertManagerProps, CertManagerWorkloadIdentity } from "../constructs/kubernetes/addons/cert-manager";
export { GATEWAY_API_BUNDLE, GATEWAY_API_CRDS_DEFAULTS, GatewayApiCrds } from "../constructs/kubernetes/addons/gateway-api-crds";
export type { GatewayApiChannel, GatewayApiCrdsProps } from "../constructs/kubernetes/addons/gateway-api-crds";
export { ENVOY_DATA_PLANE_DEFAULTS, ENVOY_GATEWAY_DEFAULTS, EnvoyGateway } from "../constructs/kubernetes/addons/envoy-gateway";
export type { EnvoyDataPlaneOptions, EnvoyGatewayOptions } from "../constructs/kubernetes/addons/envoy-gateway";
export { GATEWAY_IMPLEMENTATIONS, gatewayImplementation } from "../constructs/kubernetes/addons/gateway-implementation";
export type {
  GatewayClassParametersRef,
  GatewayClientProtections,
  GatewayDataPlane,
  GatewayImplementation,
  GatewayImplementationKind,
  GatewayImplementationOptions,
  GatewayNetworkPoliciesProps,
  GatewayRateLimit,
} from "../constructs/kubernetes/addons/gateway-implementation";
