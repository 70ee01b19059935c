import { ofType, refersTo } from "../stack-view";
import { resourceRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView } from "../types";

/**
 * Resource types the stacks deploy that have resource-log categories, and where their logs are configured: a
 * storage account logs per service (the blob service carries the lake's reads, writes and deletes). Types without
 * log categories (private endpoints, DNS zones, route tables, identities, NAT gateways) are not listed.
 */
export const LOGGED_RESOURCE_TYPES: Readonly<Record<string, { readonly targetSuffix?: string }>> = {
  azurerm_storage_account: { targetSuffix: "/blobServices/default" },
  azurerm_key_vault: {},
  azurerm_data_factory: {},
  azurerm_databricks_workspace: {},
  azurerm_mssql_database: {},
  azurerm_kubernetes_cluster: {},
  azurerm_firewall: {},
  azurerm_network_security_group: {},
  azurerm_public_ip: {},
  azurerm_virtual_network: {},
  azurerm_log_analytics_workspace: {},
  azurerm_monitor_data_collection_rule: {},
};

/** True when a diagnostic setting of the stack sends logs of `resource` somewhere. */
function logged(resource: ResourceView, stack: StackView): boolean {
  const suffix = LOGGED_RESOURCE_TYPES[resource.type]?.targetSuffix ?? "";
  return ofType(stack, "azurerm_monitor_diagnostic_setting").some((d) => {
    const target = String(d.attrs.target_resource_id ?? "");
    const logs = ([] as any[]).concat(d.attrs.enabled_log ?? []);
    const destination = d.attrs.log_analytics_workspace_id ?? d.attrs.storage_account_id ?? d.attrs.eventhub_authorization_rule_id;
    return refersTo(target, resource) && target.endsWith(suffix) && logs.length > 0 && destination !== undefined;
  });
}

export const OBSERVABILITY_RULES: PolicyRule[] = [
  resourceRule({
    id: "OBS-002",
    severity: "medium",
    title: "Every deployed resource that has resource logs sends them to a workspace",
    rationale:
      "Without a diagnostic setting Azure keeps no resource log at all: NSG rule hits, vault and factory operations, lake reads and deletes, data collection errors (and DDoS reports, once DDoS Protection is on) are lost, and the audit trail has holes exactly where an investigation looks.",
    fix: "add a diagnostic setting with at least one log category (allLogs) to the environment's Log Analytics workspace: the constructs' diagnosticSettings prop (for a storage account, on its blob service)",
    types: Object.keys(LOGGED_RESOURCE_TYPES),
    test: (_a, r, stack) =>
      logged(r, stack)
        ? undefined
        : `has no diagnostic setting sending its logs${LOGGED_RESOURCE_TYPES[r.type].targetSuffix ? ` (on ${LOGGED_RESOURCE_TYPES[r.type].targetSuffix})` : ""}`,
  }),
];
