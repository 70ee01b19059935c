/** Fixtures of the data-protection and secret rules. */
import {
  aksCluster,
  allowDns,
  container,
  clusterCompanions,
  databricks,
  defaultDeny,
  deployment,
  k8sView,
  lock,
  manifest,
  namespace,
  podSpec,
  res,
  RuleCaseTable,
  sqlDatabase,
  storage,
  view,
} from "../fixtures";

const PROD = "prod-data";
const DEV = "dev-data";
const LAKE_REF = "${azurerm_storage_account.lake.id}";
const PROD_LAKE = `${PROD}/Platform/Lake/Resource`;
const LAW_REF = "${azurerm_log_analytics_workspace.logs.id}";
const logWorkspace = (stack: string) =>
  res("azurerm_log_analytics_workspace", "logs", `${stack}/LogAnalytics/Resource`, { name: "log", retention_in_days: 90 });
const activityLog = (stack: string, categories = ["Administrative", "Security", "Policy"], target = "/subscriptions/11111111-1111-1111-1111-111111111111") =>
  res("azurerm_monitor_diagnostic_setting", "activity", `${stack}/ActivityLog/Resource`, {
    name: "diag-activity-log",
    target_resource_id: target,
    log_analytics_workspace_id: LAW_REF,
    enabled_log: categories.map((category) => ({ category })),
  });

const pricing = (stack: string, resourceType: string, tier = "Standard") =>
  res("azurerm_security_center_subscription_pricing", resourceType, `${stack}/Defender/${resourceType}`, { tier, resource_type: resourceType });
const ALL_PLANS = (stack: string) => ["StorageAccounts", "SqlServers", "KeyVaults", "Containers"].map((t) => pricing(stack, t));

export const PROTECTION_CASES: RuleCaseTable = {
  "DEF-001": {
    compliant: {
      "every plan on, in the same stack": view(PROD, [storage(PROD), lock(PROD, LAKE_REF), ...ALL_PLANS(PROD)]),
      "the cluster's Containers plan lives in a sibling stack": view("prod-aks", [aksCluster("prod-aks"), ...clusterCompanions("prod-aks")], {
        siblings: [view(PROD, ALL_PLANS(PROD))],
      }),
      "a stack seen alone cannot be judged": view(PROD, [storage(PROD), lock(PROD, LAKE_REF)]),
    },
    violating: {
      "the storage plan off": {
        view: view(PROD, [
          storage(PROD),
          lock(PROD, LAKE_REF),
          ...ALL_PLANS(PROD).filter((p) => p.name !== "StorageAccounts"),
          pricing(PROD, "StorageAccounts", "Free"),
        ]),
        expected: [{ path: PROD_LAKE, message: /^runs without Defender for StorageAccounts on its subscription$/ }],
      },
      "no Containers plan among the environment's stacks": {
        view: view("prod-aks", [aksCluster("prod-aks"), ...clusterCompanions("prod-aks")], {
          siblings: [
            view(
              PROD,
              ALL_PLANS(PROD).filter((p) => p.name !== "Containers"),
            ),
          ],
        }),
        expected: [{ path: "prod-aks/Cluster/Resource", message: /^runs without Defender for Containers on its subscription$/ }],
      },
    },
    notApplicable: { "dev without plans": view(DEV, [storage(DEV)], { siblings: [view("dev-aks", [])] }) },
  },
  "DP-001": {
    compliant: {
      "production lake and database with prevent_destroy": view(PROD, [storage(PROD), lock(PROD, LAKE_REF), sqlDatabase(PROD)]),
      "a production account without hierarchical namespace is not a data store": view(PROD, [
        storage(PROD, { is_hns_enabled: false, lifecycle: undefined }, "diag", `${PROD}/Diagnostics/Resource`),
      ]),
    },
    violating: {
      "production lake without prevent_destroy": {
        view: view(PROD, [storage(PROD, { lifecycle: undefined }), lock(PROD, LAKE_REF)]),
        expected: [{ path: PROD_LAKE, message: /^has no lifecycle\.prevent_destroy$/ }],
      },
      "production database with prevent_destroy false": {
        view: view(PROD, [sqlDatabase(PROD, { lifecycle: { prevent_destroy: false } })]),
        expected: [{ path: `${PROD}/Platform/Sql/Database`, message: /^has no lifecycle\.prevent_destroy$/ }],
      },
    },
    notApplicable: { "dev lake without prevent_destroy": view(DEV, [storage(DEV, { lifecycle: undefined })]) },
  },
  "DP-003": {
    compliant: {
      "production workspace and cluster with prevent_destroy": view("prod-data", [databricks("prod-data")]),
      "production cluster with prevent_destroy": view("prod-aks", [aksCluster("prod-aks"), ...clusterCompanions("prod-aks")]),
    },
    violating: {
      "production workspace without prevent_destroy": {
        view: view("prod-data", [databricks("prod-data", { lifecycle: undefined })]),
        expected: [{ path: "prod-data/Platform/Databricks/Resource", message: /^has no lifecycle\.prevent_destroy$/ }],
        alsoFlaggedBy: ["DP-002"],
      },
      "production cluster without prevent_destroy": {
        view: view("prod-aks", [aksCluster("prod-aks", { lifecycle: undefined }), ...clusterCompanions("prod-aks")]),
        expected: [{ path: "prod-aks/Cluster/Resource", message: /^has no lifecycle\.prevent_destroy$/ }],
      },
    },
    notApplicable: { "a dev cluster may be destroyed": view("dev-aks", [aksCluster("dev-aks", { lifecycle: undefined }), ...clusterCompanions("dev-aks")]) },
  },
  "DP-002": {
    compliant: {
      "CanNotDelete lock on the lake": view(PROD, [storage(PROD), lock(PROD, LAKE_REF)]),
      "ReadOnly lock on the lake": view(PROD, [storage(PROD), lock(PROD, LAKE_REF, { lock_level: "ReadOnly" })]),
      "CanNotDelete lock on the Databricks workspace": view(PROD, [databricks(PROD), lock(PROD, "${azurerm_databricks_workspace.databricks.id}")]),
      "a production account without hierarchical namespace needs no lock": view(PROD, [
        storage(PROD, { is_hns_enabled: false }, "diag", `${PROD}/Diagnostics/Resource`),
      ]),
    },
    violating: {
      "no lock": { view: view(PROD, [storage(PROD)]), expected: [{ path: PROD_LAKE, message: /^has no CanNotDelete lock$/ }] },
      "an unlocked production Databricks workspace": {
        view: view(PROD, [databricks(PROD)]),
        expected: [{ path: `${PROD}/Platform/Databricks/Resource`, message: /^has no CanNotDelete lock$/ }],
      },
      "the lock's scope is another account": {
        view: view(PROD, [storage(PROD), storage(PROD, {}, "archive", `${PROD}/Archive/Resource`), lock(PROD, "${azurerm_storage_account.archive.id}")]),
        expected: [{ path: PROD_LAKE, message: /^has no CanNotDelete lock$/ }],
      },
      "the lock's scope is an account whose name extends the lake's": {
        view: view(PROD, [storage(PROD), storage(PROD, {}, "lake2", `${PROD}/Lake2/Resource`), lock(PROD, "${azurerm_storage_account.lake2.id}")]),
        expected: [{ path: PROD_LAKE, message: /^has no CanNotDelete lock$/ }],
      },
      "a lock of an unknown level": {
        view: view(PROD, [storage(PROD), lock(PROD, LAKE_REF, { lock_level: "None" })]),
        expected: [{ path: PROD_LAKE, message: /^has no CanNotDelete lock$/ }],
      },
    },
    notApplicable: { "dev lake without a lock": view(DEV, [storage(DEV)]) },
  },
  "SEC-001": {
    compliant: {
      "a secretKeyRef whose key is password": k8sView([
        deployment({
          pod: podSpec({
            containers: [container({ env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] })],
          }),
        }),
      ]),
      "a reference in a password argument": view(DEV, [
        res("azurerm_linux_virtual_machine", "jump", `${DEV}/Jump/Resource`, { admin_username: "ops", admin_password: "${random_password.jump.result}" }),
      ]),
      "shared_access_key_enabled: false": view(DEV, [storage(DEV)]),
      "an account key reference in a connection string": view(DEV, [
        res("azurerm_linux_function_app", "fn", `${DEV}/Fn/Resource`, {
          app_settings: { AzureWebJobsStorage: "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${azurerm_storage_account.fn.primary_access_key}" },
        }),
      ]),
      "an empty password": view(DEV, [res("azurerm_linux_virtual_machine", "jump", `${DEV}/Jump/Resource`, { admin_username: "ops", admin_password: "" })]),
      "a Key Vault secret id": view(DEV, [
        res("azurerm_api_management_named_value", "nv", `${DEV}/Nv/Resource`, { value_from_key_vault: { secret_id: "${azurerm_key_vault_secret.s.id}" } }),
      ]),
    },
    violating: {
      "an admin password in clear": {
        view: view(DEV, [res("azurerm_linux_virtual_machine", "jump", `${DEV}/Jump/Resource`, { admin_username: "ops", admin_password: "Sup3rS3cret!" })]),
        expected: [{ path: `${DEV}/Jump/Resource`, message: /^admin_password is set in clear$/ }],
      },
      "a password in a Kubernetes Secret": {
        view: k8sView(
          [],
          [
            namespace(),
            defaultDeny(),
            allowDns(),
            manifest("secret", "DbSecret", {
              apiVersion: "v1",
              kind: "Secret",
              metadata: { name: "db", namespace: "app" },
              stringData: { password: "hunter22" },
            }),
          ],
        ),
        expected: [{ path: "dev-k8s-config/DbSecret/Resource", message: /^manifest\.stringData\.password is set in clear$/ }],
      },
      "a connection string with AccountKey=": {
        view: view(DEV, [
          res("azurerm_linux_function_app", "fn", `${DEV}/Fn/Resource`, {
            app_settings: {
              AzureWebJobsStorage: "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=bm90LWEtcmVhbC1rZXk=;EndpointSuffix=core.windows.net",
            },
          }),
        ]),
        expected: [{ path: `${DEV}/Fn/Resource`, message: /^app_settings\.AzureWebJobsStorage holds a connection string with a credential$/ }],
      },
      "a private key": {
        view: k8sView(
          [],
          [
            namespace(),
            defaultDeny(),
            manifest("tls", "Tls", {
              apiVersion: "v1",
              kind: "Secret",
              metadata: { name: "tls", namespace: "app" },
              type: "kubernetes.io/tls",
              stringData: { "tls.key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n" },
            }),
          ],
        ),
        expected: [{ path: "dev-k8s-config/Tls/Resource", message: /^manifest\.stringData\.tls\.key holds a private key$/ }],
      },
      "a JWT in a Helm value": {
        view: view("dev-k8s-addons", [
          res("helm_release", "grafana", "dev-k8s-addons/Grafana/Resource", {
            name: "grafana",
            chart: "grafana",
            set: [
              { name: "replicas", value: "2" },
              { name: "auth.apiKey", value: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
            ],
          }),
        ]),
        expected: [{ path: "dev-k8s-addons/Grafana/Resource", message: /^set\.1\.auth\.apiKey is set in clear$/ }],
      },
      "a SAS URL": {
        view: view(DEV, [
          res("azurerm_storage_blob", "drop", `${DEV}/Drop/Resource`, {
            source_uri: "https://stsrc.blob.core.windows.net/drop/file.csv?sv=2022-11-02&ss=b&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%3D",
          }),
        ]),
        expected: [{ path: `${DEV}/Drop/Resource`, message: /^source_uri holds a SAS signature$/ }],
      },
      "a GitHub token": {
        view: view(DEV, [
          res("azurerm_data_factory", "factory", `${DEV}/Platform/Factory/Resource`, {
            public_network_enabled: false,
            managed_virtual_network_enabled: true,
            identity: { type: "SystemAssigned" },
            github_configuration: {
              account_name: "acme",
              repository_name: "etl",
              branch_name: "main",
              root_folder: "/",
              git_url: "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com",
            },
          }),
        ]),
        expected: [{ path: `${DEV}/Platform/Factory/Resource`, message: /^github_configuration\.git_url holds a GitHub token$/ }],
        alsoFlaggedBy: ["ADF-006"],
      },
      "one finding per resource, on each offending resource": {
        view: view(DEV, [
          res("azurerm_linux_virtual_machine", "a", `${DEV}/A/Resource`, { admin_password: "first-secret", custom_data: "-----BEGIN RSA PRIVATE KEY-----" }),
          res("azurerm_linux_virtual_machine", "b", `${DEV}/B/Resource`, { admin_password: "${var.b}" }),
          res("azurerm_linux_virtual_machine", "c", `${DEV}/C/Resource`, { os_profile: [{ client_secret: "second-secret" }] }),
        ]),
        expected: [
          { path: `${DEV}/A/Resource`, message: /^admin_password is set in clear$/ },
          { path: `${DEV}/C/Resource`, message: /^os_profile\.0\.client_secret is set in clear$/ },
        ],
      },
    },
  },
  "OBS-001": {
    compliant: {
      "dev: the Activity Log goes to the workspace": view(DEV, [logWorkspace(DEV), activityLog(DEV)]),
      "production: exported, and the workspace locked": view(PROD, [logWorkspace(PROD), activityLog(PROD), lock(PROD, LAW_REF, {}, "law_lock")]),
    },
    violating: {
      "dev: no export": {
        view: view(DEV, [logWorkspace(DEV)]),
        expected: [{ path: `${DEV}/LogAnalytics/Resource`, message: /^receives no Activity Log \(Administrative and Security\) of the subscription$/ }],
      },
      "an export without the Security category": {
        view: view(DEV, [logWorkspace(DEV), activityLog(DEV, ["Administrative"])]),
        expected: [{ path: `${DEV}/LogAnalytics/Resource`, message: /^receives no Activity Log/ }],
      },
      "an export of a resource, not the subscription": {
        view: view(DEV, [logWorkspace(DEV), activityLog(DEV, undefined, "/subscriptions/1/resourceGroups/rg")]),
        expected: [{ path: `${DEV}/LogAnalytics/Resource`, message: /^receives no Activity Log/ }],
      },
      "production: the workspace unlocked": {
        view: view(PROD, [logWorkspace(PROD), activityLog(PROD)]),
        expected: [{ path: `${PROD}/LogAnalytics/Resource`, message: /^is not locked against deletion in production$/ }],
      },
    },
  },
};
