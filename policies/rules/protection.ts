import { ofType, refersTo } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView } from "../types";

/** Data stores whose loss is loss of data: the lake (HNS storage) and SQL databases. */
function dataStores(stack: StackView): ResourceView[] {
  return [...ofType(stack, "azurerm_storage_account").filter((s) => s.attrs.is_hns_enabled === true), ...ofType(stack, "azurerm_mssql_database")];
}

/** Secrets in clear: argument names that hold credentials, and credential-looking values. */
const SECRET_ARGUMENT = /(^|_)(password|secret|client_secret|access_key|account_key|primary_key|secondary_key|private_key|sas_token|token)$/i;
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
    for (const [k, v] of Object.entries(value)) {
      if (k === "//") continue;
      // A key name alone is not a secret: only a literal value is (references and secretKeyRef names are fine).
      if (SECRET_ARGUMENT.test(k) && typeof v === "string" && v !== "" && !v.startsWith("${")) return `${[...path, k].join(".")} is set in clear`;
      const found = findSecret(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

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
    title: "Production data stores are locked against deletion",
    rationale: "A CanNotDelete lock stops deletion from the portal, CLI or a runaway script.",
    fix: "add lock { kind = CanNotDelete } (the lake's config: dataLake.lock: true; SQL: lock on the server)",
    check: (stack) => {
      if (!stack.production) return [];
      const locks = ofType(stack, "azurerm_management_lock").filter((l) => ["CanNotDelete", "ReadOnly"].includes(l.attrs.lock_level));
      return dataStores(stack)
        .filter((s) => s.type === "azurerm_storage_account")
        .filter((store) => !locks.some((l) => refersTo(l.attrs.scope, store)))
        .map((store) => ({ resource: store, message: "has no CanNotDelete lock" }));
    },
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
];
