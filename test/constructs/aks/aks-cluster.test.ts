import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Testing, Token } from "cdktf";
import {
  AKS_AUTOSCALER_DEFAULTS,
  AKS_CLUSTER_DEFAULTS,
  AKS_DIAGNOSTIC_LOG_CATEGORIES,
  AKS_MAINTENANCE_WINDOW_DEFAULTS,
  AksCluster,
} from "../../../constructs/aks/aks-cluster";
import { AksNetwork } from "../../../constructs/aks/aks-network";
import { ADMINS, LAW_ID, SUBNET_SYSTEM, SUBNET_USER, TENANT, baseProps, build, cluster, resources, synth, warnings } from "./aks-cluster-fixtures";
import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { KEY_IDENTITY_ID, KEY_VERSION, testKey } from "../../support/keys";

const CP_IDENTITY = /^\$\{azurerm_user_assigned_identity\.Aks_ControlPlaneIdentity_[^.]+\.(id|principal_id)\}$/;
const KUBELET = (attr: string) => new RegExp(`^\\$\\{azurerm_user_assigned_identity\\.Aks_KubeletIdentity_[^.]+\\.${attr}\\}$`);
const WEEKLY_DEFAULT = { frequency: "Weekly", interval: 1, day_of_week: "Sunday", start_time: "02:00", duration: 4, utc_offset: "+00:00" };

describe("AksCluster", () => {
  test("defaults", () => {
    expect(AKS_CLUSTER_DEFAULTS).toEqual({
      skuTier: "Standard",
      encryptionAtHost: true,
      defender: true,
      availabilityZones: [],
      userPools: {},
      autoscalerProfile: AKS_AUTOSCALER_DEFAULTS,
    });
    expect(AKS_MAINTENANCE_WINDOW_DEFAULTS).toEqual({ dayOfWeek: "Sunday", startTime: "02:00", durationHours: 4, utcOffset: "+00:00" });
    const { out, aks } = build();
    expect(out).toHaveResourceWithProperties(KubernetesCluster, {
      name: "aks-platform-dev",
      location: "westeurope",
      resource_group_name: "rg-aks",
      dns_prefix: "aks-platform-dev",
      kubernetes_version: "1.36",
      sku_tier: "Standard",
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: TENANT, admin_group_object_ids: [ADMINS] },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      image_cleaner_enabled: true,
      image_cleaner_interval_hours: 48,
      key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: "2m" },
      oms_agent: { log_analytics_workspace_id: LAW_ID, msi_auth_for_monitoring_enabled: true },
      private_cluster_enabled: true,
      private_dns_zone_id: "System",
      private_cluster_public_fqdn_enabled: false,
      run_command_enabled: false,
      network_profile: {
        network_plugin: "azure",
        network_plugin_mode: "overlay",
        network_data_plane: "cilium",
        network_policy: "cilium",
        load_balancer_sku: "standard",
        outbound_type: "loadBalancer",
        pod_cidr: "10.244.0.0/16",
        service_cidr: "10.0.0.0/16",
        dns_service_ip: "10.0.0.10",
      },
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      maintenance_window_auto_upgrade: WEEKLY_DEFAULT,
      maintenance_window_node_os: WEEKLY_DEFAULT,
      auto_scaler_profile: {
        scale_down_delay_after_add: "10m",
        scale_down_unneeded: "10m",
        scale_down_utilization_threshold: "0.5",
        balance_similar_node_groups: true,
        expander: "least-waste",
        skip_nodes_with_system_pods: true,
        skip_nodes_with_local_storage: false,
      },
      default_node_pool: {
        name: "system",
        temporary_name_for_rotation: "systemtmp",
        vm_size: "Standard_D4ds_v5",
        only_critical_addons_enabled: true,
        auto_scaling_enabled: true,
        min_count: 3,
        max_count: 5,
        max_pods: 110,
        os_disk_type: "Ephemeral",
        os_disk_size_gb: 128,
        os_sku: "AzureLinux",
        orchestrator_version: "1.36",
        vnet_subnet_id: SUBNET_SYSTEM,
        node_public_ip_enabled: false,
        host_encryption_enabled: true,
        upgrade_settings: { max_surge: "33%" },
      },
    });
    expect(warnings(aks)).toEqual([]);
  });

  test("defaults: no zones, no API server access profile, no user pools, no lock, no diagnostics but the data collection rule's", () => {
    const out = synth();
    const c = cluster(out);
    expect(c.default_node_pool).not.toHaveProperty("zones");
    expect(c).not.toHaveProperty("api_server_access_profile");
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")).toHaveLength(0);
    expect(resources(out, "azurerm_management_lock")).toHaveLength(0);
    // Only Container Insights' data collection rule reports its own errors (to the cluster's workspace).
    expect(resources(out, "azurerm_monitor_diagnostic_setting")).toEqual([
      expect.objectContaining({
        target_resource_id: expect.stringMatching(/^\$\{azurerm_monitor_data_collection_rule\./),
        enabled_log: [{ category_group: "allLogs" }],
        enabled_metric: [],
      }),
    ]);
  });

  test("defaults: user-assigned control-plane identity and a separate kubelet identity", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(UserAssignedIdentity, {
      name: "id-aks-platform-dev-control-plane",
      location: "westeurope",
      resource_group_name: "rg-aks",
    });
    expect(out).toHaveResourceWithProperties(UserAssignedIdentity, {
      name: "id-aks-platform-dev-kubelet",
      location: "westeurope",
      resource_group_name: "rg-aks",
    });
    const c = cluster(out);
    expect(c.identity.type).toBe("UserAssigned");
    expect(c.identity.identity_ids).toEqual([expect.stringMatching(CP_IDENTITY)]);
    expect(c.kubelet_identity).toEqual({
      client_id: expect.stringMatching(KUBELET("client_id")),
      object_id: expect.stringMatching(KUBELET("principal_id")),
      user_assigned_identity_id: expect.stringMatching(KUBELET("id")),
    });
  });

  test("defaults: the control plane is Managed Identity Operator on the kubelet identity and Network Contributor on each node subnet", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Managed Identity Operator",
      scope: expect.stringMatching(KUBELET("id")),
      principal_id: expect.stringMatching(CP_IDENTITY),
      principal_type: "ServicePrincipal",
    });
    const network = resources(out, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Network Contributor");
    expect(network.map((r) => r.scope).sort()).toEqual([SUBNET_SYSTEM, SUBNET_USER]);
    expect(network.every((r) => CP_IDENTITY.test(r.principal_id) && r.principal_type === "ServicePrincipal")).toBe(true);
  });

  test("the cluster depends_on the control plane's role assignments", () => {
    const out = synth();
    const parsed = JSON.parse(out);
    const names = Object.keys(parsed.resource.azurerm_role_assignment).map((n) => `azurerm_role_assignment.${n}`);
    expect(names).toHaveLength(3);
    expect([...cluster(out).depends_on].sort()).toEqual(names.sort());
  });

  test("one Network Contributor assignment per distinct subnet", () => {
    const out = synth({ nodeSubnets: { system: { id: SUBNET_SYSTEM, name: "snet-aks-system" }, user: { id: SUBNET_SYSTEM, name: "snet-aks-system" } } });
    expect(resources(out, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Network Contributor")).toHaveLength(1);
    expect(cluster(out).depends_on).toHaveLength(2);
  });

  test("never exposes kubeconfigs, client keys or passwords", () => {
    const { out, aks } = build();
    for (const secret of ["kube_admin_config", "kube_config", "client_key", "client_certificate", "cluster_ca_certificate", "password"]) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out).output).toBeUndefined();
    const exposed = Object.keys(aks);
    expect(exposed.filter((k) => /kube_?config|adminConfig|clientKey|password/i.test(k))).toEqual([]);
  });

  test("outputs: id, name (as given: it names what is attached to the cluster), OIDC issuer URL, node resource group and identities", () => {
    const { aks } = build();
    expect(Token.isUnresolved(aks.name)).toBe(false);
    for (const value of [
      aks.id,
      aks.oidcIssuerUrl,
      aks.nodeResourceGroup,
      aks.kubeletIdentity.id,
      aks.kubeletIdentity.clientId,
      aks.kubeletIdentity.principalId,
    ]) {
      expect(Token.isUnresolved(value)).toBe(true);
    }
    expect(aks.kubeletIdentity.principalType).toBe("ServicePrincipal");
    expect(aks.controlPlaneIdentity.principalType).toBe("ServicePrincipal");
    expect(aks.identity).toBe(aks.controlPlaneIdentity);
    expect(aks.resource.node.id).toBe("Resource");
    const out = Testing.synthScope((scope) => {
      const c = new AksCluster(scope, "Aks", baseProps);
      new UserAssignedIdentity(scope, "Probe", { name: c.oidcIssuerUrl, location: c.nodeResourceGroup, resourceGroupName: "x" });
    });
    expect(out).toHaveResourceWithProperties(UserAssignedIdentity, {
      name: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.oidc_issuer_url\}$/),
      location: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.node_resource_group\}$/),
    });
  });

  test("skuTier Free opts out with a warning", () => {
    const { out, aks } = build({ skuTier: "Free" });
    expect(out).toHaveResourceWithProperties(KubernetesCluster, { sku_tier: "Free" });
    expect(warnings(aks)).toEqual([expect.stringMatching(/^skuTier opts out of a secure default: the Free tier has no uptime SLA/)]);
  });

  test("skuTier Premium", () => {
    const { out, aks } = build({ skuTier: "Premium" });
    expect(out).toHaveResourceWithProperties(KubernetesCluster, { sku_tier: "Premium" });
    expect(warnings(aks)).toEqual([]);
  });

  test("encryption at host on every pool, and no run command on a private cluster, by default", () => {
    const out = synth({ userPools: { general: { vmSize: "Standard_D8ds_v5", minCount: 0, maxCount: 6, maxPods: 110, subnet: "user" } } });
    expect(cluster(out).default_node_pool.host_encryption_enabled).toBe(true);
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")[0].host_encryption_enabled).toBe(true);
    expect(cluster(out).run_command_enabled).toBe(false);
  });

  test("the Defender sensor reports to the cluster's workspace; defender false opts out, with a warning", () => {
    expect(cluster(synth()).microsoft_defender).toEqual({ log_analytics_workspace_id: LAW_ID });
    const { out, aks } = build({ defender: false });
    expect(cluster(out)).not.toHaveProperty("microsoft_defender");
    expect(warnings(aks)).toEqual([
      expect.stringMatching(/^defender opts out of a secure default: no runtime threat detection on the nodes \[opt-out AksCluster\.defender\]$/),
    ]);
  });

  test("encryptionAtHost false opts out on every pool, with a warning", () => {
    const { out, aks } = build({
      encryptionAtHost: false,
      userPools: { general: { vmSize: "Standard_D8ds_v5", minCount: 0, maxCount: 6, maxPods: 110, subnet: "user" } },
    });
    expect(cluster(out).default_node_pool.host_encryption_enabled).toBe(false);
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")[0].host_encryption_enabled).toBe(false);
    expect(warnings(aks)).toEqual([
      expect.stringMatching(
        /^encryptionAtHost opts out of a secure default: node temp disks and disk caches are not encrypted on the host \[opt-out AksCluster\.encryptionAtHost\]$/,
      ),
    ]);
  });

  test("publicNetworkAccess gives the API server a public endpoint limited to allowedIpRanges, with a warning", () => {
    const { out, aks } = build({ apiServer: { publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24", "198.51.100.7"] } });
    const c = cluster(out);
    expect(c).not.toHaveProperty("run_command_enabled");
    expect(c.private_cluster_enabled).toBe(false);
    expect(c).not.toHaveProperty("private_dns_zone_id");
    expect(c.api_server_access_profile).toEqual({ authorized_ip_ranges: ["203.0.113.0/24", "198.51.100.7"] });
    expect(warnings(aks)).toEqual([
      expect.stringMatching(
        /^apiServer.publicNetworkAccess opts out of a secure default: the API server has a public endpoint.*\[opt-out AksCluster.apiServer.publicNetworkAccess\]$/,
      ),
    ]);
  });

  test("availabilityZones spread every pool over the zones", () => {
    const out = synth({
      availabilityZones: ["1", "2", "3"],
      userPools: { general: { vmSize: "Standard_D8ds_v5", minCount: 0, maxCount: 6, maxPods: 110, subnet: "user" } },
    });
    expect(cluster(out).default_node_pool.zones).toEqual(["1", "2", "3"]);
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")[0].zones).toEqual(["1", "2", "3"]);
  });

  test("autoscalerProfile overrides single fields and keeps the other defaults", () => {
    const out = synth({ autoscalerProfile: { scaleDownUnneeded: "20m", scaleDownUtilizationThreshold: 0.65, expander: "priority" } });
    expect(cluster(out).auto_scaler_profile).toEqual({
      scale_down_delay_after_add: "10m",
      scale_down_unneeded: "20m",
      scale_down_utilization_threshold: "0.65",
      balance_similar_node_groups: true,
      expander: "priority",
      skip_nodes_with_system_pods: true,
      skip_nodes_with_local_storage: false,
    });
  });

  test("maintenance windows are set independently, unset fields keep the defaults", () => {
    const out = synth({
      maintenance: {
        autoUpgrade: { dayOfWeek: "Tuesday", startTime: "22:30", durationHours: 6, utcOffset: "+01:00" },
        nodeOs: { dayOfWeek: "Saturday" },
      },
    });
    expect(cluster(out).maintenance_window_auto_upgrade).toEqual({
      ...WEEKLY_DEFAULT,
      day_of_week: "Tuesday",
      start_time: "22:30",
      duration: 6,
      utc_offset: "+01:00",
    });
    expect(cluster(out).maintenance_window_node_os).toEqual({ ...WEEKLY_DEFAULT, day_of_week: "Saturday" });
  });

  test("diagnosticSettings: the AKS control-plane categories by default (no kube-audit), AllMetrics", () => {
    const out = synth({ diagnosticSettings: { law: { workspaceId: LAW_ID } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-law",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.id\}$/),
      log_analytics_workspace_id: LAW_ID,
      log_analytics_destination_type: "Dedicated",
      enabled_log: AKS_DIAGNOSTIC_LOG_CATEGORIES.map((category) => ({ category })),
      enabled_metric: [{ category: "AllMetrics" }],
    });
    expect(AKS_DIAGNOSTIC_LOG_CATEGORIES).toContain("kube-audit-admin");
    expect(AKS_DIAGNOSTIC_LOG_CATEGORIES).not.toContain("kube-audit");
  });

  test("diagnosticSettings: explicit categories are kept", () => {
    const out = synth({ diagnosticSettings: { law: { workspaceId: LAW_ID, logCategoryGroups: ["audit"] } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, { enabled_log: [{ category_group: "audit" }] });
  });

  test("lock and roleAssignments target the cluster", () => {
    const out = synth({
      lock: { kind: "CanNotDelete" },
      roleAssignments: { readers: { roleDefinitionIdOrName: "Azure Kubernetes Service RBAC Reader", principalId: "g-1", principalType: "Group" } },
    });
    const clusterRef = expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[^.]+\.id\}$/);
    expect(out).toHaveResourceWithProperties(ManagementLock, { name: "lock-aks-platform-dev", lock_level: "CanNotDelete", scope: clusterRef });
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_name: "Azure Kubernetes Service RBAC Reader",
      principal_id: "g-1",
      scope: clusterRef,
    });
  });

  test("tags reach the cluster, both identities and the user pools", () => {
    const out = synth({ tags: { app: "aks" }, userPools: { general: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 2, maxPods: 30, subnet: "user" } } });
    expect(cluster(out).tags).toEqual({ app: "aks" });
    expect(resources(out, "azurerm_user_assigned_identity").every((i) => i.tags?.app === "aks")).toBe(true);
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")[0].tags).toEqual({ app: "aks" });
  });

  test("works with AksNetwork's subnet ids (tokens)", () => {
    const out = Testing.synthScope((scope) => {
      const net = new AksNetwork(scope, "Net", {
        resourceGroupName: "rg-aks",
        location: "westeurope",
        name: "vnet-aks",
        addressSpace: "10.20.0.0/16",
        nodeSubnets: { system: "10.20.0.0/24", user: "10.20.4.0/22" },
      });
      new AksCluster(scope, "Aks", {
        ...baseProps,
        nodeSubnets: net.nodeSubnets,
        userPools: { general: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, maxPods: 110, subnet: "user" } },
      });
    });
    expect(cluster(out).default_node_pool.vnet_subnet_id).toMatch(
      /^\$\{azurerm_subnet_network_security_group_association\.Net_SubnetNsg-system_[^.]+\.subnet_id\}$/,
    );
    expect(resources(out, "azurerm_kubernetes_cluster_node_pool")[0].vnet_subnet_id).toMatch(/SubnetNsg-user/);
  });
});

describe("AksCluster Container Insights", () => {
  test("defaults: the data collection rule managed-identity auth needs, sending to the workspace, associated with the cluster", () => {
    const out = synth();
    const [rule] = resources(out, "azurerm_monitor_data_collection_rule");
    expect(rule).toMatchObject({ kind: "Linux", destinations: { log_analytics: [{ name: "ciworkspace", workspace_resource_id: LAW_ID }] } });
    expect(JSON.parse(rule.data_sources.extension[0].extension_json).dataCollectionSettings).toEqual({
      interval: "1m",
      namespaceFilteringMode: "Off",
      enableContainerLogV2: true,
    });
    expect(resources(out, "azurerm_monitor_data_collection_rule_association")).toEqual([
      expect.objectContaining({
        name: "ContainerInsightsExtension",
        target_resource_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_\w+\.id\}$/),
      }),
    ]);
  });

  test("containerInsights options reach the rule", () => {
    const [rule] = resources(synth({ containerInsights: { intervalMinutes: 5, excludedNamespaces: ["kube-system"] } }), "azurerm_monitor_data_collection_rule");
    expect(JSON.parse(rule.data_sources.extension[0].extension_json).dataCollectionSettings).toMatchObject({
      interval: "5m",
      namespaceFilteringMode: "Exclude",
      namespaces: ["kube-system"],
    });
  });
});

describe("AksCluster preventDestroy", () => {
  test("off by default; on, a plan that would delete or replace the cluster fails", () => {
    expect(resources(synth(), "azurerm_kubernetes_cluster")[0]).not.toHaveProperty("lifecycle");
    expect(resources(synth({ preventDestroy: true }), "azurerm_kubernetes_cluster")[0].lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("AksCluster customerManagedKey", () => {
  test("defaults: platform-managed disk keys, no disk encryption set", () => {
    const out = synth();
    expect(cluster(out).disk_encryption_set_id).toBeUndefined();
    expect(resources(out, "azurerm_disk_encryption_set")).toEqual([]);
  });

  test("a disk encryption set with the key's identity and pinned version; the control plane reads it; the cluster uses it", () => {
    const out = synth({ customerManagedKey: testKey("aks-disks", KEY_VERSION) });
    expect(out).toHaveResourceWithProperties(DiskEncryptionSet, {
      name: "des-aks-platform-dev",
      encryption_type: "EncryptionAtRestWithCustomerKey",
      key_vault_key_id: `https://kv-medal-keys.vault.azure.net/keys/aks-disks/${KEY_VERSION}`,
      auto_key_rotation_enabled: false,
      identity: { type: "UserAssigned", identity_ids: [KEY_IDENTITY_ID] },
    });
    expect(cluster(out).disk_encryption_set_id).toMatch(/^\$\{azurerm_disk_encryption_set\.[^.]+\.id\}$/);
    const reader = resources(out, "azurerm_role_assignment").find((a) => a.role_definition_name === "Reader");
    expect(reader).toMatchObject({ scope: cluster(out).disk_encryption_set_id, principal_type: "ServicePrincipal" });
    expect(cluster(out).depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/ControlPlaneDiskEncryptionSetReader/)]));
  });

  test("fails without a key version (a set that follows rotations needs the vault's data plane)", () => {
    expect(() => synth({ customerManagedKey: testKey("aks-disks") })).toThrow(
      /customerManagedKey\.keyVersion is required for a disk encryption set \(got undefined\)\. Fix: give the key's current version/,
    );
  });
});
