import { environmentStacks, ofType, refersTo } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView } from "../types";

/** Lockable parents of data stores: the lake itself, the SQL server of a database, and the Databricks workspace. */
function lockTargets(stack: StackView): ResourceView[] {
  return [
    ...ofType(stack, "azurerm_storage_account").filter((s) => s.attrs.is_hns_enabled === true),
    ...ofType(stack, "azurerm_mssql_server"),
    ...ofType(stack, "azurerm_databricks_workspace"),
  ];
}

/**
 * Secrets in clear: argument or key names that hold credentials (any case style: `admin_password`,
 * `adminPassword`, `db-password`), and credential-looking values.
 */
const SECRET_NAME = /(password|passwd|secret|accesskey|accountkey|primarykey|secondarykey|privatekey|apikey|sastoken|token)$/;
const isSecretName = (name: string) => SECRET_NAME.test(name.toLowerCase().replace(/[-_.]/g, ""));
const SECRET_VALUE: [RegExp, string][] = [
  [/-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----/, "a private key"],
  [/(AccountKey|SharedAccessKey|Password|Pwd)=[^;${]{4,}/i, "a connection string with a credential"],
  [/[?&]sig=[A-Za-z0-9%+/=]{20,}/, "a SAS signature"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON Web Token"],
  [/\b(ghp|gho|github_pat)_[A-Za-z0-9_]{20,}/, "a GitHub token"],
];

/** Walks JSON and reports the first credential-looking argument or value with its path. */
function findSecret(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") {
    const hit = SECRET_VALUE.find(([re]) => re.test(value));
    return hit ? `${path.join(".")} holds ${hit[1]}` : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findSecret(v, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    // Name/value pairs (Helm `set`, container `env`) carry the secret's name in `name`.
    const pair = value as { name?: unknown; value?: unknown };
    if (typeof pair.name === "string" && typeof pair.value === "string" && pair.value !== "" && isSecretName(pair.name) && !/^\$\{[^}]+\}$/.test(pair.value)) {
      return `${[...path, pair.name].join(".")} is set in clear`;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k === "//") continue;
      // A key name alone is not a secret: only a literal value is (references and secretKeyRef names are fine).
      if (isSecretName(k) && typeof v === "string" && v !== "" && !/^\$\{[^}]+\}$/.test(v)) return `${[...path, k].join(".")} is set in clear`;
      const found = findSecret(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The Defender for Cloud plan (pricing resource type) that covers each deployed type. */
const DEFENDER_PLAN_OF: Readonly<Record<string, string>> = {
  azurerm_storage_account: "StorageAccounts",
  azurerm_mssql_server: "SqlServers",
  azurerm_key_vault: "KeyVaults",
  azurerm_kubernetes_cluster: "Containers",
};

export const PROTECTION_RULES: PolicyRule[] = [
  resourceRule({
    id: "DP-001",
    severity: "high",
    title: "Production data stores have prevent_destroy",
    rationale: "A plan that replaces the lake or the serving database deletes the data with it.",
    fix: "set lifecycle.prevent_destroy = true (the constructs do by default)",
    types: ["azurerm_storage_account", "azurerm_mssql_database"],
    productionOnly: true,
    test: (a, r) => {
      if (r.type === "azurerm_storage_account" && a.is_hns_enabled !== true) return undefined;
      return a.lifecycle?.prevent_destroy === true ? undefined : "has no lifecycle.prevent_destroy";
    },
  }),
  stackRule({
    id: "DP-002",
    severity: "high",
    title: "Production data stores and Databricks workspaces are locked against deletion",
    rationale: "A CanNotDelete lock stops deletion from the portal, CLI, a runaway script or an identity that was granted too much.",
    fix: "add lock { kind = CanNotDelete } on the lake and the SQL server (config: dataLake.lock: true locks both) and on the Databricks workspace (the data stack locks it in prod)",
    check: (stack) => {
      if (!stack.production) return [];
      const locks = ofType(stack, "azurerm_management_lock").filter((l) => ["CanNotDelete", "ReadOnly"].includes(l.attrs.lock_level));
      const groups = ofType(stack, "azurerm_resource_group");
      // A lock on the resource group that holds the store protects it too.
      const lockedGroup = (store: ResourceView) =>
        groups.some((g) => refersTo(store.attrs.resource_group_name, g) && locks.some((l) => refersTo(l.attrs.scope, g)));
      return lockTargets(stack)
        .filter((store) => !locks.some((l) => refersTo(l.attrs.scope, store)) && !lockedGroup(store))
        .map((store) => ({ resource: store, message: "has no CanNotDelete lock" }));
    },
  }),
  resourceRule({
    id: "DP-003",
    severity: "high",
    title: "Production Databricks workspaces and AKS clusters have prevent_destroy",
    rationale:
      "Several of their settings force replacement (VNet injection, encryption, network profile, private cluster, DNS prefix); a plan that replaces one deletes clusters, jobs and notebooks, or every workload and its volumes.",
    fix: "set lifecycle.prevent_destroy = true (DatabricksWorkspace / AksCluster preventDestroy)",
    types: ["azurerm_databricks_workspace", "azurerm_kubernetes_cluster"],
    productionOnly: true,
    test: (a) => (a.lifecycle?.prevent_destroy === true ? undefined : "has no lifecycle.prevent_destroy"),
  }),
  stackRule({
    id: "SEC-001",
    severity: "critical",
    title: "No password, key or token in clear in any synthesized file",
    rationale: "Synthesized JSON is committed, reviewed and stored in state: a secret there is a leaked secret.",
    fix: "use managed identities, Key Vault references or Kubernetes Secret references; never literal credentials",
    mirrors: { checkov: "CKV_SECRET_*" },
    check: (stack) =>
      stack.resources.flatMap((r) => {
        const found = findSecret(r.attrs);
        return found ? [{ resource: r, message: found }] : [];
      }),
  }),
  stackRule({
    id: "DEF-001",
    severity: "medium",
    title: "In production, the subscription has the Defender plan of every kind of resource deployed",
    rationale:
      "Audit logs nobody analyses detect nothing: Defender for Storage, SQL, Key Vault and Containers raise the alerts (malware uploads, SQL injection, unusual secret reads, container runtime threats).",
    fix: "turn the plans on (config defender.*; DefenderPlans in <env>-data: azurerm_security_center_subscription_pricing with tier Standard)",
    mirrors: { checkov: "CKV_AZURE_84 / CKV_AZURE_85 / CKV_AZURE_87 / CKV_AZURE_234" },
    check: (stack) => {
      if (!stack.production) return [];
      const stacks = environmentStacks(stack);
      const pricings = stacks.flatMap((s) => ofType(s, "azurerm_security_center_subscription_pricing"));
      // A stack seen alone (no sibling known, no plan in it) cannot tell what its subscription has.
      if (pricings.length === 0 && (stack.siblings ?? []).length === 0) return [];
      const on = new Set(pricings.filter((p) => p.attrs.tier === "Standard").map((p) => String(p.attrs.resource_type ?? "VirtualMachines")));
      return ofType(stack, ...Object.keys(DEFENDER_PLAN_OF))
        .filter((r) => !on.has(DEFENDER_PLAN_OF[r.type]))
        .map((r) => ({ resource: r, message: `runs without Defender for ${DEFENDER_PLAN_OF[r.type]} on its subscription` }));
    },
  }),
  stackRule({
    id: "OBS-001",
    severity: "medium",
    title: "The environment's Activity Log goes to its Log Analytics workspace, which is locked in production",
    rationale:
      "The Activity Log is the audit trail of every control-plane change; Azure keeps it 90 days and nowhere it can be alerted on. In production its destination must survive an attacker's cleanup.",
    fix: "add an azurerm_monitor_diagnostic_setting on /subscriptions/<id> sending the Administrative and Security categories (ActivityLogExport) to the workspace, and a CanNotDelete lock on the workspace in production",
    mirrors: { checkov: "CKV_AZURE_37 / CKV_AZURE_38" },
    check: (stack) =>
      ofType(stack, "azurerm_log_analytics_workspace").flatMap((workspace) => {
        const exported = ofType(stack, "azurerm_monitor_diagnostic_setting").some((d) => {
          const categories = ([] as any[]).concat(d.attrs.enabled_log ?? []).map((l: any) => l.category);
          return (
            /^\/subscriptions\/[^/]+$/.test(String(d.attrs.target_resource_id)) &&
            refersTo(d.attrs.log_analytics_workspace_id, workspace) &&
            ["Administrative", "Security"].every((c) => categories.includes(c))
          );
        });
        const locked = ofType(stack, "azurerm_management_lock").some((l) => refersTo(l.attrs.scope, workspace) && l.attrs.lock_level === "CanNotDelete");
        const problems = [
          ...(exported ? [] : ["receives no Activity Log (Administrative and Security) of the subscription"]),
          ...(stack.production && !locked ? ["is not locked against deletion in production"] : []),
        ];
        return problems.map((message) => ({ resource: workspace, message }));
      }),
  }),
];
