import { DEDICATED_VAULT_TAG } from "../../constructs/aks/workload-key-vault";
import { LINKED_SERVICE_ALLOW_LIST_POLICY } from "../../constructs/data/data-factory-guardrails";
import { block, ofType, refersTo } from "../stack-view";
import { builtInRole, resourceRule, stackRule, unless } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView, Violation } from "../types";

/** Linked-service and dataset arguments that carry a credential in clear. */
const ADF_SECRET_ARGUMENTS = ["access_token", "service_principal_key", "storage_account_key", "password", "sas_uri", "sas_token", "connection_string_secret"];
const SECRET_IN_CONNECTION_STRING = /(password|pwd|accountkey|sharedaccesssignature|sig)=/i;

export const DATA_FACTORY_RULES: PolicyRule[] = [
  resourceRule({
    id: "ADF-001",
    severity: "high",
    title: "Data factories disable public network access",
    rationale: "A public factory endpoint lets anyone with credentials author and run pipelines from the internet.",
    fix: "set public_network_enabled = false and reach the factory through its private endpoint",
    mirrors: { checkov: "CKV_AZURE_104" },
    types: ["azurerm_data_factory"],
    test: (a) => unless(a.public_network_enabled === false, "public network access is enabled"),
  }),
  resourceRule({
    id: "ADF-002",
    severity: "high",
    title: "Data factories use a managed virtual network",
    rationale: "Without it, integration runtimes reach data stores over public endpoints.",
    fix: "set managed_virtual_network_enabled = true and run activities on an integration runtime with virtual_network_enabled",
    types: ["azurerm_data_factory"],
    test: (a) => unless(a.managed_virtual_network_enabled === true, "the managed virtual network is off"),
  }),
  resourceRule({
    id: "ADF-003",
    severity: "medium",
    title: "Data factories have a managed identity",
    rationale: "Linked services authenticate with the factory's identity instead of stored keys.",
    fix: "add identity { type = SystemAssigned } (or UserAssigned)",
    types: ["azurerm_data_factory"],
    test: (a) => unless(Boolean(block(a.identity)?.type), "the factory has no managed identity"),
  }),
  resourceRule({
    id: "ADF-004",
    severity: "critical",
    title: "Linked services embed no secret",
    rationale: "Keys, passwords and tokens in linked services end up in Terraform state and the factory's JSON.",
    fix: "authenticate with the managed identity (use_managed_identity / msi_work_space_resource_id) or reference Key Vault",
    types: ofTypePrefix("azurerm_data_factory_linked_service"),
    test: (a) => {
      const present = ADF_SECRET_ARGUMENTS.filter((k) => a[k] !== undefined && a[k] !== "");
      if (present.length > 0) return `sets ${present.join(", ")}`;
      if (typeof a.connection_string === "string" && SECRET_IN_CONNECTION_STRING.test(a.connection_string)) return "its connection string carries a credential";
      return undefined;
    },
  }),
  resourceRule({
    id: "ADF-005",
    severity: "medium",
    title: "Azure integration runtimes run in the managed virtual network",
    rationale: "An IR outside the managed VNet cannot use managed private endpoints.",
    fix: "set virtual_network_enabled = true",
    types: ["azurerm_data_factory_integration_runtime_azure"],
    test: (a) => unless(a.virtual_network_enabled === true, "the integration runtime is outside the managed virtual network"),
  }),
  stackRule({
    id: "ADF-006",
    severity: "high",
    title: "A factory's resource group refuses linked services of types the pipelines do not use (Deny in production)",
    rationale:
      "The managed virtual network leaves outbound open on every port and cannot be routed through a firewall: a linked service to an HTTP, S3 or SFTP sink is how a pipeline author copies data out.",
    fix: "assign the built-in policy 6809a3d0-d354-42fb-b955-783d207c62a8 (linked service resource type in allow list) on the factory's resource group with the pipelines' types, effect Deny (DataFactoryGuardrails)",
    check: (stack) =>
      ofType(stack, "azurerm_data_factory").flatMap((factory) => {
        const assignments = ofType(stack, "azurerm_resource_group_policy_assignment", "azurerm_subscription_policy_assignment").filter(
          (p) => String(p.attrs.policy_definition_id).toLowerCase() === LINKED_SERVICE_ALLOW_LIST_POLICY.toLowerCase(),
        );
        if (assignments.length === 0) return [{ resource: factory, message: "may hold linked services of any type (no linked-service allow-list policy)" }];
        const effect = (p: ResourceView) => {
          try {
            return JSON.parse(p.attrs.parameters ?? "{}").effect?.value ?? "Audit";
          } catch {
            return "unknown";
          }
        };
        if (stack.production && !assignments.some((p) => effect(p) === "Deny")) {
          return [{ resource: factory, message: `only audits linked-service types in production (effect ${effect(assignments[0])})` }];
        }
        return [];
      }),
  }),
  resourceRule({
    id: "ADF-007",
    severity: "medium",
    title: "No pipeline needs DDL rights: no table auto-creation, no CREATE, ALTER, DROP or TRUNCATE in its SQL",
    rationale:
      "A copy with tableOption autoCreate, or a script or pre-copy script with DDL (TRUNCATE included: it needs ALTER on the table), needs the factory to hold DDL rights (db_ddladmin) on the database: every pipeline author could then create, alter or drop any table of it.",
    fix: "create the tables ahead (the generated sql/<env>/serving-setup.sql), drop tableOption from the sink and replace TRUNCATE with a DELETE; the factory keeps db_datareader and db_datawriter only",
    types: ["azurerm_data_factory_pipeline"],
    test: (a) => {
      const found = new Set<string>();
      const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") {
          const o = v as Record<string, any>;
          const tp = o.typeProperties;
          if (tp && /autoCreate/.test(text(tp.sink?.tableOption))) found.add(`"${o.name}" auto-creates its sink table`);
          const sql = [text(tp?.sink?.preCopyScript), ...([] as any[]).concat(tp?.scripts ?? []).map((sc) => text(sc?.text))].join("\n");
          if (tp && /\b(CREATE|ALTER|DROP|TRUNCATE)\s+(TABLE|SCHEMA|VIEW|PROCEDURE|INDEX|USER|ROLE)\b/i.test(sql)) found.add(`"${o.name}" runs DDL`);
          Object.values(o).forEach(walk);
        }
      };
      try {
        walk(JSON.parse(a.activities_json ?? "[]"));
      } catch {
        return undefined;
      }
      return found.size ? [...found].join(", ") : undefined;
    },
  }),
];

/** Every linked-service type of azurerm (they share the prefix). */
function ofTypePrefix(prefix: string): string[] {
  return [
    "azure_blob_storage",
    "azure_databricks",
    "azure_file_storage",
    "azure_function",
    "azure_search",
    "azure_sql_database",
    "azure_table_storage",
    "cosmosdb",
    "cosmosdb_mongoapi",
    "data_lake_storage_gen2",
    "key_vault",
    "kusto",
    "mysql",
    "odata",
    "odbc",
    "postgresql",
    "sftp",
    "snowflake",
    "sql_server",
    "synapse",
    "web",
  ].map((s) => `${prefix}_${s}`);
}

export const DATABRICKS_RULES: PolicyRule[] = [
  resourceRule({
    id: "DBW-001",
    severity: "high",
    title: "Databricks workspaces are Premium",
    rationale: "Unity Catalog, private link, RBAC on objects and customer-managed keys need Premium.",
    fix: "set sku = premium",
    types: ["azurerm_databricks_workspace"],
    test: (a) => unless(a.sku === "premium", `sku is ${JSON.stringify(a.sku)}`),
  }),
  resourceRule({
    id: "DBW-002",
    severity: "high",
    title: "Databricks clusters get no public IP",
    rationale: "Secure cluster connectivity keeps cluster nodes off the internet.",
    fix: "set custom_parameters.no_public_ip = true",
    types: ["azurerm_databricks_workspace"],
    test: (a) => unless(block(a.custom_parameters)?.no_public_ip === true, "cluster nodes get public IPs"),
  }),
  resourceRule({
    id: "DBW-003",
    severity: "high",
    title: "Databricks workspaces are VNet-injected",
    rationale: "Injection puts clusters in your network, behind your NSGs and egress controls.",
    fix: "set custom_parameters.virtual_network_id with delegated host and container subnets",
    types: ["azurerm_databricks_workspace"],
    test: (a) => unless(Boolean(block(a.custom_parameters)?.virtual_network_id), "the workspace is not injected into a VNet"),
  }),
  resourceRule({
    id: "DBW-004",
    severity: "high",
    title: "Databricks workspaces disable public network access",
    rationale:
      "The workspace UI and REST API should be reachable only through private endpoints; a public workspace (dev) is an exception that is waived, with an owner and an expiry.",
    fix: "set public_network_access_enabled = false and network_security_group_rules_required = NoAzureDatabricksRules",
    mirrors: { checkov: "CKV_AZURE_158" },
    types: ["azurerm_databricks_workspace"],
    test: (a) => unless(a.public_network_access_enabled === false, "public network access is enabled"),
  }),
  stackRule({
    id: "DBW-005",
    severity: "high",
    title: "A public Databricks workspace answers only its IP access list",
    rationale: "Without an IP access list, a public workspace's UI and REST API accept a stolen token or phished session from anywhere.",
    fix: "enable IP access lists (databricks_workspace_conf enableIpAccessLists = true) with an enabled ALLOW databricks_ip_access_list in the workspace's stack (config databricks.allowedIpRanges; WorkspaceIpAccessList)",
    mirrors: { checkov: "CKV_AZURE_158" },
    check: (stack) => {
      const publicWorkspaces = ofType(stack, "azurerm_databricks_workspace").filter((w) => w.attrs.public_network_access_enabled !== false);
      // The list lives in the workspace-level stack (<env>-databricks): only judge when that stack is known.
      const others = (stack.siblings ?? []).filter((s) => s.resources.some((r) => r.type.startsWith("databricks_")));
      if (publicWorkspaces.length === 0 || others.length === 0) return [];
      const enabled = others.some(
        (s) =>
          ofType(s, "databricks_workspace_conf").some((c) => String(block(c.attrs.custom_config)?.enableIpAccessLists) === "true") &&
          ofType(s, "databricks_ip_access_list").some(
            (l) => l.attrs.list_type === "ALLOW" && l.attrs.enabled !== false && (l.attrs.ip_addresses ?? []).length > 0,
          ),
      );
      return enabled ? [] : publicWorkspaces.map((w) => ({ resource: w, message: "is public with no IP access list" }));
    },
  }),
];

export const SQL_RULES: PolicyRule[] = [
  resourceRule({
    id: "SQL-001",
    severity: "high",
    title: "SQL servers use Entra ID authentication only",
    rationale: "SQL logins are passwords outside identity governance; Entra-only removes them.",
    fix: "set azuread_administrator.azuread_authentication_only = true and remove administrator_login(_password)",
    mirrors: { checkov: "CKV2_AZURE_27" },
    types: ["azurerm_mssql_server"],
    test: (a) =>
      unless(block(a.azuread_administrator)?.azuread_authentication_only === true && a.administrator_login === undefined, "SQL authentication is enabled"),
  }),
  resourceRule({
    id: "SQL-002",
    severity: "high",
    title: "SQL servers require TLS 1.2",
    rationale: "Older TLS versions are deprecated and weak.",
    fix: "set minimum_tls_version = 1.2",
    mirrors: { checkov: "CKV_AZURE_52", trivy: "AVD-AZU-0026" },
    types: ["azurerm_mssql_server"],
    test: (a) => unless(a.minimum_tls_version === "1.2" || a.minimum_tls_version === "1.3", `minimum_tls_version is ${JSON.stringify(a.minimum_tls_version)}`),
  }),
  resourceRule({
    id: "SQL-003",
    severity: "high",
    title: "SQL servers disable public network access",
    rationale: "A public endpoint exposes the database to the internet; use private endpoints.",
    fix: "set public_network_access_enabled = false",
    mirrors: { checkov: "CKV_AZURE_113" },
    types: ["azurerm_mssql_server"],
    test: (a) => unless(a.public_network_access_enabled === false, "public network access is enabled"),
  }),
  stackRule({
    id: "SQL-004",
    severity: "high",
    title: "SQL servers audit to Log Analytics (90 days or more in production)",
    rationale: "Auditing records who did what; production needs at least 90 days of it.",
    fix: "add azurerm_mssql_server_extended_auditing_policy with log_monitoring_enabled = true; in prod keep the audit events 90+ days where they land: the workspace's retention or the AzureDiagnostics table's total retention",
    mirrors: { checkov: "CKV_AZURE_23 / CKV_AZURE_24" },
    check: (stack) =>
      ofType(stack, "azurerm_mssql_server").flatMap((server) => {
        const policy = ofType(stack, "azurerm_mssql_server_extended_auditing_policy").find((p) => refersTo(p.attrs.server_id, server));
        if (!policy || policy.attrs.enabled === false || policy.attrs.log_monitoring_enabled !== true) {
          return [{ resource: server, message: "has no auditing to Log Analytics" }];
        }
        if (!stack.production) return [];
        // Audit records sent to Log Analytics live in the AzureDiagnostics table: as long as the workspace keeps
        // data, or that table's total retention if set. The policy's retention_in_days governs storage targets only.
        const tables = ofType(stack, "azurerm_log_analytics_workspace_table").filter((t) => t.attrs.name === "AzureDiagnostics");
        const kept = (w: ResourceView) =>
          Math.max(
            w.attrs.retention_in_days ?? 30,
            ...tables.filter((t) => refersTo(t.attrs.workspace_id, w)).map((t) => t.attrs.total_retention_in_days ?? 0),
          );
        const short = ofType(stack, "azurerm_log_analytics_workspace").filter((w) => kept(w) < 90);
        return short.map((w) => ({ resource: w, message: `keeps SQL audit records (AzureDiagnostics) ${kept(w)} days in production` }));
      }),
  }),
  stackRule({
    id: "SQL-006",
    severity: "medium",
    title: "In production, SQL servers have Defender threat detection on",
    rationale: "Without it nobody hears of SQL injection, anomalous access or brute-force logins until the data is gone.",
    fix: "add azurerm_mssql_server_security_alert_policy for the server with state = Enabled and email_account_admins = true (config: sql.threatDetection)",
    mirrors: { checkov: "CKV2_AZURE_13 / CKV_AZURE_27" },
    check: (stack) =>
      !stack.production
        ? []
        : ofType(stack, "azurerm_mssql_server").flatMap((server) => {
            const policy = ofType(stack, "azurerm_mssql_server_security_alert_policy").find((p) => refersTo(p.attrs.server_name, server));
            return policy?.attrs.state === "Enabled" && policy.attrs.email_account_admins === true
              ? []
              : [{ resource: server, message: "has no enabled threat detection alerting the admins" }];
          }),
  }),
  resourceRule({
    id: "SQL-007",
    severity: "medium",
    title: "SQL servers restrict outbound networking",
    rationale:
      "Private endpoints protect inbound only: without the restriction, anyone with database rights can push data to any storage account or HTTPS endpoint (OPENROWSET, BULK INSERT, sp_invoke_external_rest_endpoint, Import/Export).",
    fix: "set outbound_network_restriction_enabled = true and allow only the FQDNs the server must reach with azurerm_mssql_outbound_firewall_rule (SqlServing does by default)",
    types: ["azurerm_mssql_server"],
    test: (a) => unless(a.outbound_network_restriction_enabled === true, "outbound network access is unrestricted"),
  }),
  resourceRule({
    id: "SQL-005",
    severity: "medium",
    title: "SQL databases keep backups: 7+ days point-in-time, long-term retention in production",
    rationale: "Backups are the recovery path after corruption or deletion.",
    fix: "set short_term_retention_policy.retention_days >= 7 and, in production, a long_term_retention_policy",
    types: ["azurerm_mssql_database"],
    test: (a, _r, stack) => {
      const days = block(a.short_term_retention_policy)?.retention_days ?? 7;
      if (days < 7) return `point-in-time retention is ${days} days`;
      const ltr = block(a.long_term_retention_policy);
      if (stack.production && !(ltr?.weekly_retention || ltr?.monthly_retention || ltr?.yearly_retention)) return "has no long-term retention in production";
      return undefined;
    },
  }),
];

export const KEY_VAULT_RULES: PolicyRule[] = [
  resourceRule({
    id: "KV-001",
    severity: "high",
    title: "Key vaults have purge protection",
    rationale: "Without it, a deleted vault and its secrets can be purged before anyone notices.",
    fix: "set purge_protection_enabled = true",
    mirrors: { checkov: "CKV_AZURE_110", trivy: "AVD-AZU-0016" },
    types: ["azurerm_key_vault"],
    test: (a) => unless(a.purge_protection_enabled === true, "purge protection is off"),
  }),
  resourceRule({
    id: "KV-002",
    severity: "high",
    title: "Key vaults disable public network access",
    rationale: "Secrets should be reachable only from the network and trusted services.",
    fix: "set public_network_access_enabled = false with network_acls.default_action = Deny",
    mirrors: { checkov: "CKV_AZURE_189" },
    types: ["azurerm_key_vault"],
    test: (a) => unless(a.public_network_access_enabled === false, "public network access is enabled"),
  }),
  resourceRule({
    id: "KV-003",
    severity: "medium",
    title: "Key vaults use Azure RBAC",
    rationale: "Access policies are per-vault and unaudited in PIM; RBAC is governed like every other role.",
    fix: "set rbac_authorization_enabled = true and drop access policies",
    types: ["azurerm_key_vault"],
    test: (a) => unless(a.rbac_authorization_enabled === true || a.enable_rbac_authorization === true, "access policies instead of Azure RBAC"),
  }),
  stackRule({
    id: "KV-004",
    severity: "medium",
    title: "Service identities read Key Vault secrets one secret at a time, or from a vault of their own",
    rationale:
      "A secrets role on a whole vault, its resource group or the subscription lets the identity, and everyone who can act as it (a pipeline author), read every secret there, including those added later. A vault that holds one workload's secrets only (tagged dedicated-to, with one reader) is that narrow scope.",
    fix: "assign Key Vault Secrets User on <vault id>/secrets/<name> for each secret the identity needs (KeyVault grantSecretRead; config keyVault.factorySecrets), or give the workload a vault of its own (WorkloadKeyVault)",
    check: (stack) =>
      serviceGrantsOutside(
        stack,
        SECRETS_ROLES,
        (a, scope) => /\/secrets\/[^/]+$/i.test(scope) || (a.role === "Key Vault Secrets User" && isDedicatedVault(stack, scope)),
      ),
  }),
  stackRule({
    id: "KV-005",
    severity: "medium",
    title: "Service identities use encryption keys one key at a time",
    rationale:
      "A crypto role on a whole vault, its resource group or the subscription lets the identity wrap and unwrap with every key there, including the keys of other services and those added later: one compromised service identity reaches every service's data key.",
    fix: "assign Key Vault Crypto Service Encryption User on <vault id>/keys/<name> (CustomerManagedKeyIdentity; config encryption.customerManagedKeys)",
    check: (stack) => serviceGrantsOutside(stack, CRYPTO_ROLES, (_a, scope) => /\/keys\/[^/]+$/i.test(scope)),
  }),
];

/** Key Vault data roles, by name and id (a grant by id is judged like one by name). */
const KEY_VAULT_DATA_ROLES: Readonly<Record<string, string>> = {
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Key Vault Certificates Officer": "a4417e6f-fecd-4de8-b567-7b0420556985",
  "Key Vault Crypto Officer": "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
  "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
  "Key Vault Crypto Service Release User": "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
};
const SECRETS_ROLES = /^Key Vault (Secrets User|Secrets Officer|Administrator|Certificates Officer|Crypto Officer)$/;
const CRYPTO_ROLES = /^Key Vault Crypto (Service Encryption User|User|Service Release User)$/;

/** The Key Vault data role a role assignment grants, or "". */
const roleOf = (a: ResourceView): string => builtInRole(a.attrs, KEY_VAULT_DATA_ROLES) ?? "";

/**
 * A vault of this stack, referred to by `scope`, tagged `dedicated-to: <namespace>/<serviceAccount>`, on which exactly
 * one service principal holds a secrets role: a user-assigned identity of this stack whose federated credential
 * trusts that very ServiceAccount. A tag alone proves nothing; the tag, the reader and its federation must agree.
 */
function isDedicatedVault(stack: StackView, scope: string): boolean {
  const vault = ofType(stack, "azurerm_key_vault").find((v) => scope === `\${${v.type}.${v.name}.id}`);
  const owner = String(((vault?.attrs.tags ?? {}) as Record<string, unknown>)[DEDICATED_VAULT_TAG] ?? "");
  if (!vault || !/^[^/]+\/[^/]+$/.test(owner)) return false;
  const readers = ofType(stack, "azurerm_role_assignment").filter(
    (a) => a.attrs.scope === scope && a.attrs.principal_type !== "User" && a.attrs.principal_type !== "Group" && SECRETS_ROLES.test(roleOf(a)),
  );
  const principals = [...new Set(readers.map((a) => String(a.attrs.principal_id)))];
  const identity = principals.length === 1 ? /^\$\{azurerm_user_assigned_identity\.([^.]+)\.principal_id\}$/.exec(principals[0])?.[1] : undefined;
  if (!identity) return false;
  return ofType(stack, "azurerm_federated_identity_credential").some(
    (c) => c.attrs.parent_id === `\${azurerm_user_assigned_identity.${identity}.id}` && c.attrs.subject === `system:serviceaccount:${owner.replace("/", ":")}`,
  );
}

/** Role assignments of `roles` to service principals on any scope but those `allowed` accepts. */
function serviceGrantsOutside(stack: StackView, roles: RegExp, allowed: (grant: { role: string }, scope: string) => boolean): Violation[] {
  return ofType(stack, "azurerm_role_assignment").flatMap((a) => {
    if (a.attrs.principal_type === "User" || a.attrs.principal_type === "Group") return [];
    const role = roleOf(a);
    if (!roles.test(role)) return [];
    const scope = String(a.attrs.scope ?? "").replace(/\/+$/, "");
    if (allowed({ role }, scope)) return [];
    const what =
      /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(scope) || scope.includes("azurerm_key_vault.")
        ? "the whole vault"
        : "a scope above one vault item";
    return [{ resource: a, message: `grants "${role}" on ${what} to a service principal` }];
  });
}
