import { AKS_KUBERNETES_SUPPORT, kubernetesVersionProblem } from "../../constructs/aks/kubernetes-versions";
import { ALLOWED_IMAGES_POLICY } from "../../constructs/aks/allowed-images-policy";
import { POD_SECURITY_RESTRICTED_INITIATIVE } from "../../constructs/aks/pod-security-initiative";
import { allowListTooWide } from "../../constructs/core/cidr";
import { block, ofType, referenceTo } from "../stack-view";
import { resourceRule, unless } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView } from "../types";

const cluster = ["azurerm_kubernetes_cluster"];

export const AKS_RULES: PolicyRule[] = [
  resourceRule({
    id: "AKS-001",
    severity: "critical",
    title: "AKS clusters disable local accounts",
    rationale: "The local admin kubeconfig bypasses Entra ID, conditional access and audit.",
    fix: "set local_account_disabled = true",
    mirrors: { checkov: "CKV_AZURE_141" },
    types: cluster,
    test: (a) => unless(a.local_account_disabled === true, "local accounts are enabled"),
  }),
  resourceRule({
    id: "AKS-002",
    severity: "high",
    title: "AKS clusters use Entra ID with Azure RBAC",
    rationale: "Kubernetes authorization then follows Entra groups and PIM instead of in-cluster bindings.",
    fix: "set azure_active_directory_role_based_access_control { azure_rbac_enabled = true, admin_group_object_ids = [...] }",
    mirrors: { checkov: "CKV_AZURE_5" },
    types: cluster,
    test: (a) => unless(block(a.azure_active_directory_role_based_access_control)?.azure_rbac_enabled === true, "Azure RBAC for Kubernetes is off"),
  }),
  resourceRule({
    id: "AKS-003",
    severity: "high",
    title: "AKS clusters enforce NetworkPolicies",
    rationale: "Without a policy engine, NetworkPolicies are silently ignored and every pod can reach every pod.",
    fix: "set network_profile.network_policy (cilium with network_data_plane = cilium)",
    mirrors: { checkov: "CKV_AZURE_7" },
    types: cluster,
    test: (a) => unless(Boolean(block(a.network_profile)?.network_policy), "no network policy engine"),
  }),
  resourceRule({
    id: "AKS-004",
    severity: "medium",
    title: "AKS clusters upgrade automatically",
    rationale: "Patch and node-image upgrades close CVEs without manual work.",
    fix: "set automatic_upgrade_channel (e.g. patch) and node_os_upgrade_channel (NodeImage) with maintenance windows",
    mirrors: { checkov: "CKV_AZURE_171" },
    types: cluster,
    test: (a) =>
      unless(
        Boolean(a.automatic_upgrade_channel) &&
          a.automatic_upgrade_channel !== "none" &&
          Boolean(a.node_os_upgrade_channel) &&
          a.node_os_upgrade_channel !== "None",
        "automatic upgrades are off",
      ),
  }),
  resourceRule({
    id: "AKS-005",
    severity: "medium",
    title: "Every AKS node pool autoscales",
    rationale: "Fixed pools either waste money or run out of capacity under load.",
    fix: "set auto_scaling_enabled = true with min_count and max_count on every pool",
    types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
    test: (a, r) => {
      const pool = r.type === "azurerm_kubernetes_cluster" ? block(a.default_node_pool) : a;
      return unless(
        pool?.auto_scaling_enabled === true && pool.min_count !== undefined && pool.max_count !== undefined,
        `node pool ${pool?.name ?? "?"} does not autoscale`,
      );
    },
  }),
  resourceRule({
    id: "AKS-006",
    severity: "medium",
    title: "AKS clusters run the Azure Policy add-on",
    rationale: "Azure Policy enforces pod security and image rules at admission.",
    fix: "set azure_policy_enabled = true",
    mirrors: { checkov: "CKV_AZURE_116" },
    types: cluster,
    test: (a) => unless(a.azure_policy_enabled === true, "the Azure Policy add-on is off"),
  }),
  resourceRule({
    id: "AKS-007",
    severity: "medium",
    title: "AKS clusters send Container Insights to Log Analytics with managed identity",
    rationale: "Without monitoring, incidents have no logs; MSI auth avoids workspace keys.",
    fix: "set oms_agent { log_analytics_workspace_id, msi_auth_for_monitoring_enabled = true }",
    mirrors: { checkov: "CKV_AZURE_4" },
    types: cluster,
    test: (a) => {
      const oms = block(a.oms_agent);
      return unless(
        Boolean(oms?.log_analytics_workspace_id) && oms.msi_auth_for_monitoring_enabled === true,
        "Container Insights with managed identity is off",
      );
    },
  }),
  resourceRule({
    id: "AKS-008",
    severity: "critical",
    title: "The AKS API server is private or limited to authorized ranges",
    rationale: "An API server open to the internet is exposed to credential stuffing and zero-days.",
    fix: "set private_cluster_enabled = true, or api_server_access_profile.authorized_ip_ranges admitting no more than a /16 in all",
    mirrors: { checkov: "CKV_AZURE_6 / CKV_AZURE_115" },
    types: cluster,
    test: (a) => {
      if (a.private_cluster_enabled === true) return undefined;
      const ranges: string[] = block(a.api_server_access_profile)?.authorized_ip_ranges ?? [];
      if (ranges.length === 0) return "the API server is public to the world";
      if (ranges.some((r) => r.endsWith("/0"))) return `authorized ranges include ${ranges.find((r) => r.endsWith("/0"))}`;
      const tooWide = allowListTooWide(ranges);
      return tooWide ? `authorized ranges are too wide: ${tooWide}` : undefined;
    },
  }),
  resourceRule({
    id: "AKS-009",
    severity: "medium",
    title: "Production AKS clusters use the Standard (SLA) tier",
    rationale: "The Free tier has no uptime SLA for the API server.",
    fix: "set sku_tier = Standard (or Premium)",
    mirrors: { checkov: "CKV_AZURE_170" },
    types: cluster,
    productionOnly: true,
    test: (a) => unless(a.sku_tier === "Standard" || a.sku_tier === "Premium", `sku_tier is ${JSON.stringify(a.sku_tier ?? "Free")}`),
  }),
  resourceRule({
    id: "AKS-010",
    severity: "medium",
    title: "AKS clusters rotate Key Vault CSI secrets",
    rationale: "Without rotation, rotated secrets never reach the pods.",
    fix: "set key_vault_secrets_provider.secret_rotation_enabled = true",
    mirrors: { checkov: "CKV_AZURE_172" },
    types: cluster,
    test: (a) => unless(block(a.key_vault_secrets_provider)?.secret_rotation_enabled === true, "Key Vault CSI secret rotation is off"),
  }),
  resourceRule({
    id: "AKS-011",
    severity: "high",
    title: "AKS clusters and node pools run a Kubernetes minor that AKS still supports",
    rationale: `Past AKS end of life a cluster gets no security patches and AKS upgrades it on its own schedule; the support table was reviewed on ${AKS_KUBERNETES_SUPPORT.reviewed}.`,
    fix: `set kubernetes_version (and orchestrator_version) to ${AKS_KUBERNETES_SUPPORT.minimum} or newer with AKS support left, and review AKS_KUBERNETES_SUPPORT against the AKS release calendar`,
    types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
    test: (a, r, _stack, { today }) => {
      const versions =
        r.type === "azurerm_kubernetes_cluster" ? [a.kubernetes_version, block(a.default_node_pool)?.orchestrator_version] : [a.orchestrator_version];
      const problems = versions
        .filter((v): v is string => typeof v === "string")
        .map((v) => kubernetesVersionProblem(v, today))
        .filter((p) => p !== undefined);
      if (r.type === "azurerm_kubernetes_cluster" && typeof a.kubernetes_version !== "string") problems.unshift("kubernetes_version is not pinned");
      return problems[0];
    },
  }),
  resourceRule({
    id: "AKS-013",
    severity: "medium",
    title: "Container Insights with managed identity has a data collection rule associated with the cluster",
    rationale:
      "With msi_auth_for_monitoring_enabled the monitoring agent reads what to collect from a data collection rule associated with the cluster; the CLI and portal create it, Terraform does not, and without it nothing is collected.",
    fix: "add an azurerm_monitor_data_collection_rule with the ContainerInsights extension sending to the workspace, and an azurerm_monitor_data_collection_rule_association (name ContainerInsightsExtension) on the cluster",
    types: cluster,
    test: (a, r, stack) => {
      if (block(a.oms_agent)?.msi_auth_for_monitoring_enabled !== true) return undefined;
      const rules = ofType(stack, "azurerm_monitor_data_collection_rule").filter((dcr) =>
        ([] as any[]).concat(block(dcr.attrs.data_sources)?.extension ?? []).some((e: any) => e.extension_name === "ContainerInsights"),
      );
      const associated = ofType(stack, "azurerm_monitor_data_collection_rule_association").some(
        (assoc) =>
          String(assoc.attrs.target_resource_id ?? "").startsWith(referenceTo(r)) &&
          rules.some((dcr) => String(assoc.attrs.data_collection_rule_id ?? "").startsWith(referenceTo(dcr))),
      );
      return associated ? undefined : "Container Insights uses managed identity but no ContainerInsights data collection rule is associated with the cluster";
    },
  }),
  resourceRule({
    id: "AKS-014",
    severity: "medium",
    title: "Every AKS node pool encrypts at host",
    rationale: "Without it, node temp disks and OS and data disk caches are stored unencrypted on the VM host.",
    fix: "set host_encryption_enabled = true on the default node pool and every node pool (register the subscription feature Microsoft.Compute/EncryptionAtHost once)",
    mirrors: { checkov: "CKV_AZURE_227" },
    types: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
    test: (a, r) => {
      const pool = r.type === "azurerm_kubernetes_cluster" ? block(a.default_node_pool) : a;
      return unless(pool?.host_encryption_enabled === true, `node pool ${pool?.name ?? "?"} does not encrypt at host`);
    },
  }),
  resourceRule({
    id: "AKS-015",
    severity: "medium",
    title: "Private AKS clusters disable run command",
    rationale:
      "Run command (az aks command invoke) executes kubectl inside a private cluster for anyone with the Azure action: a way around the private endpoint and its network controls.",
    fix: "set run_command_enabled = false where private_cluster_enabled = true",
    types: cluster,
    test: (a) => (a.private_cluster_enabled === true ? unless(a.run_command_enabled === false, "run command is enabled on a private cluster") : undefined),
  }),
  resourceRule({
    id: "AKS-016",
    severity: "medium",
    title: "In production, AKS clusters run the Defender for Containers sensor",
    rationale: "Without it, nothing watches the nodes and containers at runtime (crypto miners, reverse shells, privilege escalation).",
    fix: "set microsoft_defender { log_analytics_workspace_id } (config: aks.defender) and turn on the subscription's Defender for Containers plan",
    types: cluster,
    productionOnly: true,
    test: (a) => unless(Boolean(block(a.microsoft_defender)?.log_analytics_workspace_id), "the Defender sensor is off"),
  }),
  resourceRule({
    id: "AKS-017",
    severity: "medium",
    title: "A cluster with the Azure Policy add-on has the restricted pod security initiative assigned (not Disabled)",
    rationale:
      "The add-on evaluates only the assignments at or above the cluster: unless the restricted standard is assigned there, nobody sees a pod that breaks it.",
    fix: "assign the built-in initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 on the cluster, its resource group or subscription (PodSecurityInitiative; Audit, or Deny once compliant)",
    types: cluster,
    test: (a, r, stack) =>
      a.azure_policy_enabled === true && !policyCovers(a, r, stack, POD_SECURITY_RESTRICTED_INITIATIVE)
        ? "runs the Azure Policy add-on with no pod security initiative assigned"
        : undefined,
  }),
  resourceRule({
    id: "AKS-018",
    severity: "medium",
    title: "A cluster with the Azure Policy add-on has the allowed-images policy assigned (not Disabled)",
    rationale:
      "Without it, a pod may run an image from any registry on the internet: nothing reports, let alone refuses, an image that never went through the environment's registry and its scanning.",
    fix: "assign the built-in policy febd0533-8e55-448f-b837-bd0e06f16469 on the cluster, its resource group or subscription, allowing the environment's registry (AllowedImagesPolicy; Audit, or Deny once every image comes from it)",
    types: cluster,
    test: (a, r, stack) =>
      a.azure_policy_enabled === true && !policyCovers(a, r, stack, ALLOWED_IMAGES_POLICY, (p) => !admitsAnyRegistry(p.allowedContainerImagesRegex?.value))
        ? "runs the Azure Policy add-on with no allowed-images policy assigned that names registries"
        : undefined,
  }),
];

/** An assignment of `definitionId` covering the cluster (on it, its resource group or a subscription), not Disabled. */
function policyCovers(
  a: Record<string, any>,
  r: ResourceView,
  stack: StackView,
  definitionId: string,
  accepts: (parameters: Record<string, any>) => boolean = () => true,
): boolean {
  const clusterGroup = /\$\{(azurerm_resource_group\.[^.]+)\./.exec(String(a.resource_group_name))?.[1];
  const covers = (p: { type: string; attrs: Record<string, any> }) =>
    p.type === "azurerm_subscription_policy_assignment" ||
    (p.type === "azurerm_resource_policy_assignment" && String(p.attrs.resource_id).startsWith(referenceTo(r))) ||
    (p.type === "azurerm_resource_group_policy_assignment" &&
      (clusterGroup === undefined || String(p.attrs.resource_group_id).includes(`\${${clusterGroup}.`)));
  const parameters = (p: { attrs: Record<string, any> }): Record<string, any> | undefined => {
    try {
      return JSON.parse(p.attrs.parameters ?? "{}");
    } catch {
      return undefined;
    }
  };
  return ofType(stack, "azurerm_resource_policy_assignment", "azurerm_resource_group_policy_assignment", "azurerm_subscription_policy_assignment").some((p) => {
    const given = parameters(p);
    const effect = String(given?.effect?.value ?? "Audit");
    return (
      String(p.attrs.policy_definition_id).toLowerCase() === definitionId.toLowerCase() &&
      covers(p) &&
      given !== undefined &&
      effect.toLowerCase() !== "disabled" &&
      accepts(given)
    );
  });
}

/** True when an allowed-images regex is missing, invalid, or admits images of public registries anyway. */
function admitsAnyRegistry(regex: unknown): boolean {
  if (typeof regex !== "string" || regex === "") return true;
  try {
    const r = new RegExp(regex);
    return ["docker.io/library/busybox:1.36", "ghcr.io/acme/tool:1.0.0", "quay.io/acme/tool:1.0.0"].some((image) => r.test(image));
  } catch {
    return true;
  }
}
