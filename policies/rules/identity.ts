import { ofType, refersTo } from "../stack-view";
import { builtInRole, resourceRule } from "../rule-helpers";
import { PolicyRule, StackView } from "../types";

/**
 * Built-in roles that control the resource itself (ARM write, delete, or handing out roles), by name and id: the
 * generic ones, and each data service's own "Contributor", which is the same ARM write on that service (Storage
 * Account Contributor also lists the account keys; Key Vault Contributor can reopen a vault's network).
 */
const CONTROL_ROLES: Readonly<Record<string, string>> = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
  "Key Vault Contributor": "f25e0fa2-a7c8-4377-a976-54943a77a395",
  "SQL Server Contributor": "6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437",
  "SQL DB Contributor": "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec",
  "Data Factory Contributor": "673868aa-7521-48a0-acc6-0f60742d39f5",
};

/** Resources that hold or move data, and the ARM provider paths of their ids (for literal scopes). */
const DATA_RESOURCE_TYPES = [
  "azurerm_storage_account",
  "azurerm_storage_container",
  "azurerm_storage_data_lake_gen2_filesystem",
  "azurerm_databricks_workspace",
  "azurerm_mssql_server",
  "azurerm_mssql_database",
  "azurerm_key_vault",
  "azurerm_data_factory",
  "azurerm_postgresql_flexible_server",
  "azurerm_cosmosdb_account",
];
const DATA_PROVIDER_PATH =
  /\/providers\/Microsoft\.(Storage\/storageAccounts|Databricks\/workspaces|Sql\/servers|KeyVault\/vaults|DataFactory\/factories|DBforPostgreSQL\/flexibleServers|DocumentDB\/databaseAccounts)\//i;

/** Roles that hand out roles: acceptable only with an ABAC condition that constrains what they may assign. */
const ROLE_GRANTING = new Set(["User Access Administrator", "Role Based Access Control Administrator"]);

/** True when the scope is a literal id matching `path`, or refers to a resource of the stack of one of `types`. */
function scopeIs(scope: unknown, stack: StackView, path: RegExp, types: readonly string[]): boolean {
  if (typeof scope === "string" && path.test(scope)) return true;
  return ofType(stack, ...types).some((r) => refersTo(scope, r));
}

/** Built-in roles that write DNS records, by name and id. */
const DNS_WRITER_ROLES: Readonly<Record<string, string>> = {
  "DNS Zone Contributor": "befefa01-2a29-4197-83a8-272ff33ce314",
  "Private DNS Zone Contributor": "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
};
const ZONE_PATH = /\/providers\/Microsoft\.Network\/(dnsZones|privateDnsZones)\/[^/]+$/i;
const RECORD_SET_PATH = /\/providers\/Microsoft\.Network\/(dnsZones|privateDnsZones)\/[^/]+\/[A-Za-z]+\/[^/]+$/i;
const ZONE_TYPES = ["azurerm_dns_zone", "azurerm_private_dns_zone"];
const RECORD_SET_TYPE = /^azurerm_(private_)?dns_[a-z]+_record$/;

/** Names of the resource groups holding the DNS zones and record sets the stack manages or writes into. */
function dnsResourceGroups(stack: StackView): Set<string> {
  const dns = stack.resources.filter((r) => ZONE_TYPES.includes(r.type) || RECORD_SET_TYPE.test(r.type));
  return new Set(
    dns
      .map((r) => r.attrs.resource_group_name)
      .filter((n): n is string => typeof n === "string")
      .map((n) => n.toLowerCase()),
  );
}

/** True when the scope (a literal id) contains a DNS zone of the stack: its resource group or its subscription. */
function containsDnsZone(scope: unknown, stack: StackView): boolean {
  if (typeof scope !== "string") return false;
  const groups = dnsResourceGroups(stack);
  if (groups.size === 0) return false;
  if (/^\/subscriptions\/[^/]+\/?$/i.test(scope)) return true;
  const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/?$/i.exec(scope)?.[1];
  return rg !== undefined && groups.has(rg.toLowerCase());
}

export const IDENTITY_RULES: PolicyRule[] = [
  resourceRule({
    id: "IAM-001",
    severity: "high",
    title:
      "No managed identity or service principal holds Owner, Contributor (generic or the service's own) or an unconstrained role-granting role on a data resource",
    rationale:
      "Contributor on a data service is ARM write on it (reopen its network, delete it) and, for Databricks, workspace admin; every pipeline or notebook author who can act as the identity inherits that. Data services grant data access through their own data roles.",
    fix: "grant the service's data-plane role at the narrowest scope (Storage Blob Data Reader/Contributor on a container, Key Vault Secrets User on a secret, a Databricks service principal with entitlements, a database user) instead; a role-granting role needs an ABAC condition naming the roles it may assign",
    types: ["azurerm_role_assignment"],
    test: (a, _r, stack) => {
      if (a.principal_type === "User" || a.principal_type === "Group") return undefined;
      const role = builtInRole(a, CONTROL_ROLES);
      if (role === undefined || !scopeIs(a.scope, stack, DATA_PROVIDER_PATH, DATA_RESOURCE_TYPES)) return undefined;
      if (ROLE_GRANTING.has(role) && typeof a.condition === "string" && a.condition.trim() !== "") return undefined;
      return `grants "${role}" on a data resource to ${a.principal_type === undefined ? "a principal of unknown type" : "a service principal"}`;
    },
  }),
  resourceRule({
    id: "IAM-002",
    severity: "high",
    title: "DNS rights are granted on record sets, never on a zone (or anything containing one)",
    rationale:
      "A role on a zone lets its holder rewrite every record in it (MX, SPF, NS, the apex) or delete the zone; an identity that only answers ACME challenges needs its _acme-challenge TXT record sets, which Azure RBAC can scope to.",
    fix: "create the record set ahead and assign a TXT-only custom role on it (AcmeDnsChallengeAccess), or delegate a challenge zone; never DNS Zone Contributor, nor any role but Reader on a zone or on the resource group or subscription holding it",
    types: ["azurerm_role_assignment"],
    test: (a, _r, stack) => {
      const recordSet = scopeIs(
        a.scope,
        stack,
        RECORD_SET_PATH,
        stack.resources.filter((r) => RECORD_SET_TYPE.test(r.type)).map((r) => r.type),
      );
      if (recordSet) return undefined;
      const role = builtInRole(a, DNS_WRITER_ROLES);
      if (role !== undefined) return `grants "${role}" above a single record set`;
      const named = a.role_definition_name ? `"${a.role_definition_name}"` : "a role";
      if (a.role_definition_name === "Reader") return undefined;
      if (scopeIs(a.scope, stack, ZONE_PATH, ZONE_TYPES)) return `grants ${named} on a whole DNS zone`;
      if (containsDnsZone(a.scope, stack)) return `grants ${named} on ${String(a.scope)}, which holds a DNS zone`;
      return undefined;
    },
  }),
];
