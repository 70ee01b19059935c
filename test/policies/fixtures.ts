/**
 * Minimal synthesized-stack fixtures for the policy rules: builders of compliant resources (as `cdk.tf.json`
 * renders them: snake_case arguments, `${...}` references, `//` metadata with the construct path) and the case
 * tables the rule tests run.
 */
import { ALL_RULES } from "../../policies/rules";
import { LOGGED_RESOURCE_TYPES } from "../../policies/rules/observability";
import { stackView } from "../../policies/stack-view";
import { PolicyRule, StackView } from "../../policies/types";

/** One resource of a fixture stack. */
export interface Res {
  readonly type: string;
  readonly name: string;
  readonly path: string;
  readonly attrs: Record<string, any>;
}

export const res = (type: string, name: string, path: string, attrs: Record<string, any>): Res => ({ type, name, path, attrs });

/**
 * A stack view of these resources; the environment is the stack's prefix, production when it is `prod`.
 * `siblings` are the environment's other stacks (what cross-stack rules compare).
 */
export function view(
  stack: string,
  resources: readonly Res[],
  options: { readonly production?: boolean; readonly siblings?: readonly StackView[]; readonly diagnostics?: boolean } = {},
): StackView {
  const json: { resource: Record<string, Record<string, any>> } = { resource: {} };
  // Every resource with resource logs gets a diagnostic setting (what the constructs do), unless a fixture is about
  // their absence (OBS-002).
  const diagnostics = options.diagnostics === false ? [] : resources.filter((r) => r.type in LOGGED_RESOURCE_TYPES).map(diagnosticSettingOf);
  for (const r of [...resources, ...diagnostics]) {
    json.resource[r.type] ??= {};
    json.resource[r.type][r.name] = { ...r.attrs, "//": { metadata: { path: r.path } } };
  }
  const environment = stack.split("-")[0];
  return stackView(stack, json, environment, options.production ?? environment === "prod", options.siblings ?? []);
}

/** A diagnostic setting sending the resource's logs to the workspace (on the blob service for a storage account). */
export function diagnosticSettingOf(r: Res): Res {
  const suffix = LOGGED_RESOURCE_TYPES[r.type]?.targetSuffix ?? "";
  return res("azurerm_monitor_diagnostic_setting", `${r.name}_diag`, `${r.path}/DiagnosticSetting-logs`, {
    name: "diag-logs",
    target_resource_id: `\${${r.type}.${r.name}.id}${suffix}`,
    log_analytics_workspace_id: REF_LAW,
    enabled_log: [{ category_group: "allLogs" }],
  });
}

export function ruleById(id: string): PolicyRule {
  const rule = ALL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** A violation a fixture must produce: the offending resource's construct path and the message. */
export interface Expected {
  readonly path: string;
  readonly message: RegExp;
}

export interface ViolatingCase {
  readonly view: StackView;
  /** Every violation of the rule, in order. */
  readonly expected: readonly Expected[];
  /** Other rules of the pack that rightly fire on the same fixture (by default, none). */
  readonly alsoFlaggedBy?: readonly string[];
}

/** The fixtures of one rule. */
export interface RuleCases {
  /** Stacks on which the rule finds nothing. */
  readonly compliant: Readonly<Record<string, StackView>>;
  readonly violating: Readonly<Record<string, ViolatingCase>>;
  /** Non-production stacks the rule ignores although the same stack in production violates it. */
  readonly notApplicable?: Readonly<Record<string, StackView>>;
}

export type RuleCaseTable = Readonly<Record<string, RuleCases>>;

// ---------------------------------------------------------------------------------------------------------------
// Compliant resources. `overrides` replace top-level arguments (undefined removes one).

export const REF_VNET = "${azurerm_virtual_network.network.id}";
export const REF_LAW = "${azurerm_log_analytics_workspace.law.id}";

export function storage(stack: string, overrides: Record<string, any> = {}, name = "lake", path = `${stack}/Platform/Lake/Resource`): Res {
  return res("azurerm_storage_account", name, path, {
    name: `st${stack.replace(/-/g, "")}${name}`,
    resource_group_name: "rg-data",
    location: "westeurope",
    account_tier: "Standard",
    account_replication_type: "ZRS",
    is_hns_enabled: true,
    min_tls_version: "TLS1_2",
    https_traffic_only_enabled: true,
    shared_access_key_enabled: false,
    public_network_access_enabled: false,
    allow_nested_items_to_be_public: false,
    network_rules: { default_action: "Deny", bypass: ["None"] },
    blob_properties: { delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } },
    lifecycle: { prevent_destroy: true },
    ...overrides,
  });
}

export function lock(stack: string, scope: string, overrides: Record<string, any> = {}, name = "lake_lock"): Res {
  return res("azurerm_management_lock", name, `${stack}/Platform/Lake/Lock`, {
    name: "do-not-delete",
    scope,
    lock_level: "CanNotDelete",
    notes: "data",
    ...overrides,
  });
}

/** The linked-service allow-list policy on the factory's resource group (DataFactoryGuardrails). */
export function factoryGuardrail(stack: string, effect = "Deny"): Res {
  return res("azurerm_resource_group_policy_assignment", "adf_types", `${stack}/FactoryGuardrails/LinkedServiceTypes`, {
    name: "adf-linked-service-types",
    resource_group_id: "${azurerm_resource_group.rg.id}",
    policy_definition_id: "/providers/Microsoft.Authorization/policyDefinitions/6809a3d0-d354-42fb-b955-783d207c62a8",
    parameters: JSON.stringify({ effect: { value: effect }, allowedLinkedServiceResourceTypes: { value: ["AzureBlobFS"] } }),
  });
}

export function factory(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_data_factory", "factory", `${stack}/Platform/Factory/Resource`, {
    name: `adf-${stack}`,
    resource_group_name: "rg-data",
    location: "westeurope",
    public_network_enabled: false,
    managed_virtual_network_enabled: true,
    identity: { type: "SystemAssigned" },
    ...overrides,
  });
}

export function linkedService(stack: string, kind: string, overrides: Record<string, any> = {}, name = "lake_link"): Res {
  return res(`azurerm_data_factory_linked_service_${kind}`, name, `${stack}/Platform/Factory/LinkedService/${name}`, {
    name,
    data_factory_id: "${azurerm_data_factory.factory.id}",
    ...overrides,
  });
}

export function integrationRuntime(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_data_factory_integration_runtime_azure", "runtime", `${stack}/Platform/Factory/Runtime`, {
    name: "managed-ir",
    data_factory_id: "${azurerm_data_factory.factory.id}",
    location: "westeurope",
    virtual_network_enabled: true,
    ...overrides,
  });
}

export function databricks(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_databricks_workspace", "databricks", `${stack}/Platform/Databricks/Resource`, {
    name: `dbw-${stack}`,
    resource_group_name: "rg-data",
    location: "westeurope",
    sku: "premium",
    public_network_access_enabled: false,
    network_security_group_rules_required: "NoAzureDatabricksRules",
    custom_parameters: { no_public_ip: true, virtual_network_id: REF_VNET, public_subnet_name: "host", private_subnet_name: "container" },
    lifecycle: { prevent_destroy: true },
    ...overrides,
  });
}

export function sqlServer(stack: string, overrides: Record<string, any> = {}, name = "sql"): Res {
  return res("azurerm_mssql_server", name, `${stack}/Platform/Sql/${name === "sql" ? "Server" : name}`, {
    name: `sql-${stack}-${name}`,
    resource_group_name: "rg-data",
    location: "westeurope",
    version: "12.0",
    minimum_tls_version: "1.2",
    public_network_access_enabled: false,
    outbound_network_restriction_enabled: true,
    azuread_administrator: { azuread_authentication_only: true, login_username: "sql-admins", object_id: "11111111-1111-1111-1111-111111111111" },
    ...overrides,
  });
}

export function alertPolicy(stack: string, server = "sql", overrides: Record<string, any> = {}, name = `${server}_alerts`): Res {
  return res("azurerm_mssql_server_security_alert_policy", name, `${stack}/Platform/Sql/${name}`, {
    resource_group_name: "rg-data",
    server_name: `\${azurerm_mssql_server.${server}.name}`,
    state: "Enabled",
    email_account_admins: true,
    ...overrides,
  });
}

export function auditing(stack: string, server = "sql", overrides: Record<string, any> = {}, name = "audit"): Res {
  return res("azurerm_mssql_server_extended_auditing_policy", name, `${stack}/Platform/Sql/${name}`, {
    server_id: `\${azurerm_mssql_server.${server}.id}`,
    log_monitoring_enabled: true,
    retention_in_days: 90,
    ...overrides,
  });
}

export function sqlDatabase(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_mssql_database", "db", `${stack}/Platform/Sql/Database`, {
    name: "serving",
    server_id: "${azurerm_mssql_server.sql.id}",
    short_term_retention_policy: { retention_days: 7 },
    long_term_retention_policy: { weekly_retention: "P4W", monthly_retention: "P12M" },
    lifecycle: { prevent_destroy: true },
    ...overrides,
  });
}

export function keyVault(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_key_vault", "vault", `${stack}/Platform/KeyVault/Resource`, {
    name: `kv-${stack}`,
    sku_name: "standard",
    purge_protection_enabled: true,
    public_network_access_enabled: false,
    rbac_authorization_enabled: true,
    network_acls: { default_action: "Deny", bypass: "AzureServices" },
    ...overrides,
  });
}

export function aksCluster(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_kubernetes_cluster", "cluster", `${stack}/Cluster/Resource`, {
    name: `aks-${stack}`,
    dns_prefix: "aks",
    kubernetes_version: "1.36",
    local_account_disabled: true,
    azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: ["55555555-5555-5555-5555-555555555555"] },
    network_profile: { network_plugin: "azure", network_policy: "cilium", network_data_plane: "cilium" },
    automatic_upgrade_channel: "patch",
    node_os_upgrade_channel: "NodeImage",
    default_node_pool: {
      name: "system",
      vm_size: "Standard_D4ds_v5",
      orchestrator_version: "1.36",
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 3,
      host_encryption_enabled: true,
    },
    azure_policy_enabled: true,
    oms_agent: { log_analytics_workspace_id: REF_LAW, msi_auth_for_monitoring_enabled: true },
    microsoft_defender: { log_analytics_workspace_id: REF_LAW },
    private_cluster_enabled: true,
    run_command_enabled: false,
    sku_tier: "Standard",
    key_vault_secrets_provider: { secret_rotation_enabled: true },
    lifecycle: { prevent_destroy: true },
    ...overrides,
  });
}

export function nodePool(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_kubernetes_cluster_node_pool", "user_pool", `${stack}/Cluster/UserPool/Resource`, {
    name: "user",
    kubernetes_cluster_id: "${azurerm_kubernetes_cluster.cluster.id}",
    vm_size: "Standard_D4ds_v5",
    orchestrator_version: "1.36",
    auto_scaling_enabled: true,
    min_count: 1,
    max_count: 5,
    host_encryption_enabled: true,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes manifests (kubernetes_manifest resources).

export const K8S = "dev-k8s-config";

export function manifest(name: string, path: string, m: Record<string, any>, stack = K8S): Res {
  return res("kubernetes_manifest", name, `${stack}/${path}/Resource`, { manifest: m });
}

/** A Namespace labelled `restricted`, or with these labels (`null`: none). */
export function namespace(ns = "app", labels: Record<string, string> | null = { "pod-security.kubernetes.io/enforce": "restricted" }): Res {
  return manifest(`namespace_${ns}`, `Namespace${ns}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, ...(labels ? { labels } : {}) } });
}

export function defaultDeny(ns = "app", spec: Record<string, any> = {}): Res {
  return manifest(`deny_${ns}`, `DefaultDeny${ns}`, {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny", namespace: ns },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ...spec },
  });
}

export const DNS_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

export function allowDns(ns = "app", egressRule: Record<string, any> = {}): Res {
  return manifest(`dns_${ns}`, `AllowDns${ns}`, {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-dns", namespace: ns },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [DNS_PEER],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
          ...egressRule,
        },
      ],
    },
  });
}

export function container(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name: "api",
    image: "ghcr.io/acme/api:1.4.2",
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    ...overrides,
  };
}

export const POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

export function podSpec(overrides: Record<string, any> = {}): Record<string, any> {
  return { securityContext: POD_SECURITY, serviceAccountName: "api", containers: [container()], ...overrides };
}

export function deployment(
  options: {
    readonly ns?: string;
    readonly name?: string;
    readonly pod?: Record<string, any>;
    readonly spec?: Record<string, any>;
    readonly kind?: string;
  } = {},
): Res {
  const { ns = "app", name = "api", kind = "Deployment" } = options;
  return manifest(`${kind.toLowerCase()}_${ns}_${name}`, `${kind}${ns}${name}`, {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: options.pod ?? podSpec() },
      ...options.spec,
    },
  });
}

export function cronJob(pod: Record<string, any>, ns = "app", name = "report"): Res {
  return manifest(`cronjob_${ns}_${name}`, `CronJob${ns}${name}`, {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: ns },
    spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", ...pod } } } } },
  });
}

export function hpa(spec: Record<string, any> = {}, ns = "app", name = "api"): Res {
  return manifest(`hpa_${ns}_${name}`, `Hpa${ns}${name}`, {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      ...spec,
    },
  });
}

export function storageClass(name: string): Res {
  return manifest(`storageclass_${name.replace(/\W/g, "_")}`, `StorageClass${name}`, {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner: "disk.csi.azure.com",
    reclaimPolicy: "Retain",
  });
}

/** The namespace `app` with its policies, a compliant Deployment `api` and its HPA. */
export function appNamespace(ns = "app"): Res[] {
  return [namespace(ns), defaultDeny(ns), allowDns(ns)];
}

/** A compliant k8s-config stack, with `workloads` (default: Deployment api and its HPA) in namespace app. */
export function k8sView(workloads: readonly Res[] = [deployment(), hpa()], extra: readonly Res[] = appNamespace()): StackView {
  return view(K8S, [...extra, ...workloads]);
}

export const path = {
  deployment: (ns = "app", name = "api", kind = "Deployment") => `${K8S}/${kind}${ns}${name}/Resource`,
  hpa: (ns = "app", name = "api") => `${K8S}/Hpa${ns}${name}/Resource`,
  namespace: (ns = "app") => `${K8S}/Namespace${ns}/Resource`,
  storageClass: (name: string) => `${K8S}/StorageClass${name}/Resource`,
};

// ---------------------------------------------------------------------------------------------------------------
// Whole compliant stacks (every rule of the pack passes).

export function dataResources(stack: string): Res[] {
  return [
    storage(stack),
    lock(stack, "${azurerm_storage_account.lake.id}"),
    lock(stack, "${azurerm_mssql_server.sql.id}", {}, "sql_lock"),
    lock(stack, "${azurerm_databricks_workspace.databricks.id}", {}, "databricks_lock"),
    factory(stack),
    factoryGuardrail(stack),
    linkedService(stack, "data_lake_storage_gen2", { url: "https://stlake.dfs.core.windows.net", use_managed_identity: true }),
    integrationRuntime(stack),
    databricks(stack),
    sqlServer(stack),
    auditing(stack),
    alertPolicy(stack),
    sqlDatabase(stack),
    keyVault(stack),
  ];
}

/** Container Insights' data collection rule and its association with the fixture cluster. */
/** The restricted pod security initiative assigned on the cluster (AKS-017). */
export function podSecurityInitiative(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_resource_policy_assignment", "pod_security", `${stack}/PodSecurity/Resource`, {
    name: "pod-security-restricted",
    resource_id: "${azurerm_kubernetes_cluster.cluster.id}",
    policy_definition_id: "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00",
    parameters: JSON.stringify({ effect: { value: "Audit" } }),
    ...overrides,
  });
}

export function allowedImagesPolicy(stack: string, overrides: Record<string, any> = {}): Res {
  return res("azurerm_resource_policy_assignment", "allowed_images", `${stack}/AllowedImages/Resource`, {
    name: "allowed-images",
    resource_id: "${azurerm_kubernetes_cluster.cluster.id}",
    policy_definition_id: "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
    parameters: JSON.stringify({ effect: { value: "Audit" }, allowedContainerImagesRegex: { value: "^(acrmedaldevweu1234\\.azurecr\\.io)/.+$" } }),
    ...overrides,
  });
}

/**
 * What every cluster stack carries beside the cluster: Container Insights (AKS-013), the pod security initiative
 * (AKS-017) and the allowed-images policy (AKS-018).
 */
export function clusterCompanions(stack: string, rule: Record<string, any> = {}, association: Record<string, any> = {}): Res[] {
  return [...containerInsights(stack, rule, association), podSecurityInitiative(stack), allowedImagesPolicy(stack)];
}

export function containerInsights(stack: string, rule: Record<string, any> = {}, association: Record<string, any> = {}): Res[] {
  return [
    res("azurerm_monitor_data_collection_rule", "ci", `${stack}/Cluster/ContainerInsights/Resource`, {
      name: "MSCI-westeurope-aks",
      kind: "Linux",
      destinations: { log_analytics: [{ name: "ciworkspace", workspace_resource_id: REF_LAW }] },
      data_flow: [{ streams: ["Microsoft-ContainerLogV2"], destinations: ["ciworkspace"] }],
      data_sources: { extension: [{ name: "ContainerInsightsExtension", extension_name: "ContainerInsights", streams: ["Microsoft-ContainerLogV2"] }] },
      ...rule,
    }),
    res("azurerm_monitor_data_collection_rule_association", "ci_assoc", `${stack}/Cluster/ContainerInsights/Association`, {
      name: "ContainerInsightsExtension",
      target_resource_id: "${azurerm_kubernetes_cluster.cluster.id}",
      data_collection_rule_id: "${azurerm_monitor_data_collection_rule.ci.id}",
      ...association,
    }),
  ];
}

export function aksResources(stack: string): Res[] {
  return [aksCluster(stack), nodePool(stack), ...clusterCompanions(stack)];
}
