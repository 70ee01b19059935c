/** Fixtures of the Azure resource rules: storage, Data Factory, Databricks, SQL, Key Vault, AKS. */
import {
  aksCluster,
  clusterCompanions,
  containerInsights,
  podSecurityInitiative,
  allowedImagesPolicy,
  REF_LAW,
  auditing,
  databricks,
  factory,
  factoryGuardrail,
  integrationRuntime,
  keyVault,
  linkedService,
  lock,
  nodePool,
  res,
  RuleCaseTable,
  sqlDatabase,
  sqlServer,
  alertPolicy,
  storage,
  view,
} from "../fixtures";

const DEV = "dev-data";
const PROD = "prod-data";
const LAKE = `${DEV}/Platform/Lake/Resource`;
const FACTORY = `${DEV}/Platform/Factory/Resource`;
const DBW = `${DEV}/Platform/Databricks/Resource`;
const SQL = `${DEV}/Platform/Sql/Server`;
const VAULT = `${DEV}/Platform/KeyVault/Resource`;

const lake = (overrides: Record<string, any>) => view(DEV, [storage(DEV, overrides)]);

export const STORAGE_CASES: RuleCaseTable = {
  "STG-001": {
    compliant: { TLS1_2: lake({}) },
    violating: {
      TLS1_1: { view: lake({ min_tls_version: "TLS1_1" }), expected: [{ path: LAKE, message: /^min_tls_version is "TLS1_1"$/ }] },
      "unset (provider default TLS1_0)": {
        view: lake({ min_tls_version: undefined }),
        expected: [{ path: LAKE, message: /^min_tls_version is "TLS1_0 \(default\)"$/ }],
      },
    },
  },
  "STG-002": {
    compliant: { "https only": lake({}), "unset (provider default true)": lake({ https_traffic_only_enabled: undefined }) },
    violating: {
      "http allowed": { view: lake({ https_traffic_only_enabled: false }), expected: [{ path: LAKE, message: /^https_traffic_only_enabled is false$/ }] },
    },
  },
  "STG-003": {
    compliant: { "shared key disabled": lake({}) },
    violating: {
      "shared key enabled": { view: lake({ shared_access_key_enabled: true }), expected: [{ path: LAKE, message: /^shared-key authorization is enabled$/ }] },
      "unset (provider default true)": {
        view: lake({ shared_access_key_enabled: undefined }),
        expected: [{ path: LAKE, message: /^shared-key authorization is enabled$/ }],
      },
    },
  },
  "STG-004": {
    compliant: { "public access disabled": lake({}) },
    violating: {
      "public access enabled": {
        view: lake({ public_network_access_enabled: true }),
        expected: [{ path: LAKE, message: /^public network access is enabled$/ }],
      },
      "unset (provider default true)": {
        view: lake({ public_network_access_enabled: undefined }),
        expected: [{ path: LAKE, message: /^public network access is enabled$/ }],
      },
      "only the public one of two accounts": {
        view: view(DEV, [storage(DEV), storage(DEV, { public_network_access_enabled: true }, "landing", `${DEV}/Landing/Resource`)]),
        expected: [{ path: `${DEV}/Landing/Resource`, message: /^public network access is enabled$/ }],
      },
    },
  },
  "STG-005": {
    compliant: { "nested items private": lake({}) },
    violating: {
      "nested items may be public": {
        view: lake({ allow_nested_items_to_be_public: true }),
        expected: [{ path: LAKE, message: /^nested items may be public$/ }],
      },
      "unset (provider default true)": {
        view: lake({ allow_nested_items_to_be_public: undefined }),
        expected: [{ path: LAKE, message: /^nested items may be public$/ }],
      },
    },
  },
  "STG-006": {
    compliant: {
      "default action Deny": lake({}),
      "network_rules rendered as a one-element list": lake({ network_rules: [{ default_action: "Deny", bypass: ["None"] }] }),
    },
    violating: {
      "default action Allow": {
        view: lake({ network_rules: { default_action: "Allow", bypass: ["None"] } }),
        expected: [{ path: LAKE, message: /^the network rules' default action is not Deny$/ }],
      },
      "no network rules": {
        view: lake({ network_rules: undefined }),
        expected: [{ path: LAKE, message: /^the network rules' default action is not Deny$/ }],
        alsoFlaggedBy: ["STG-008"],
      },
    },
  },
  "STG-008": {
    compliant: {
      "no bypass, resource instance rules": lake({
        network_rules: { default_action: "Deny", bypass: ["None"], private_link_access: [{ endpoint_resource_id: "${azurerm_data_factory.f.id}" }] },
      }),
      "logging and metrics bypass only": lake({ network_rules: [{ default_action: "Deny", bypass: ["Logging", "Metrics"] }] }),
      "an account without hierarchical namespace is not a lake": view(DEV, [
        storage(DEV, { is_hns_enabled: false, network_rules: { default_action: "Deny", bypass: ["AzureServices"] } }, "diag", `${DEV}/Diagnostics/Resource`),
      ]),
    },
    violating: {
      "AzureServices bypass": {
        view: lake({ network_rules: { default_action: "Deny", bypass: ["AzureServices"] } }),
        expected: [{ path: LAKE, message: /^the firewall bypasses every trusted Azure service$/ }],
      },
      "bypass unset (Azure's default is AzureServices)": {
        view: lake({ network_rules: { default_action: "Deny" } }),
        expected: [{ path: LAKE, message: /^the firewall bypasses every trusted Azure service$/ }],
      },
    },
  },
  "STG-007": {
    compliant: {
      "7 days each": lake({}),
      "blocks rendered as one-element lists": lake({
        blob_properties: [{ delete_retention_policy: [{ days: 30 }], container_delete_retention_policy: [{ days: 7 }] }],
      }),
    },
    violating: {
      "3 days for blobs": {
        view: lake({ blob_properties: { delete_retention_policy: { days: 3 }, container_delete_retention_policy: { days: 7 } } }),
        expected: [{ path: LAKE, message: /^soft delete is 3 days for blobs and 7 days for containers$/ }],
      },
      "no container soft delete": {
        view: lake({ blob_properties: { delete_retention_policy: { days: 14 } } }),
        expected: [{ path: LAKE, message: /^soft delete is 14 days for blobs and off days for containers$/ }],
      },
      "no blob properties": {
        view: lake({ blob_properties: undefined }),
        expected: [{ path: LAKE, message: /^soft delete is off days for blobs and off days for containers$/ }],
      },
    },
  },
};

const adf = (overrides: Record<string, any>) => view(DEV, [factory(DEV, overrides), factoryGuardrail(DEV)]);
const withLink = (kind: string, attrs: Record<string, any>) => view(DEV, [factory(DEV), factoryGuardrail(DEV), linkedService(DEV, kind, attrs)]);
const LINK = `${DEV}/Platform/Factory/LinkedService/lake_link`;

const copyToSql = (sink: Record<string, unknown>) => ({ name: "Copy gold to SQL", type: "Copy", typeProperties: { source: { type: "ParquetSource" }, sink } });
const pipeline = (activities: unknown[]) =>
  res("azurerm_data_factory_pipeline", "worker", `${DEV}/Platform/Pipelines/Worker`, {
    name: "pl_medallion_source",
    activities_json: JSON.stringify(activities),
  });

export const DATA_FACTORY_CASES: RuleCaseTable = {
  "ADF-001": {
    compliant: { "public network disabled": adf({}) },
    violating: {
      "public network enabled": { view: adf({ public_network_enabled: true }), expected: [{ path: FACTORY, message: /^public network access is enabled$/ }] },
      "unset (provider default true)": {
        view: adf({ public_network_enabled: undefined }),
        expected: [{ path: FACTORY, message: /^public network access is enabled$/ }],
      },
    },
  },
  "ADF-002": {
    compliant: { "managed virtual network": adf({}) },
    violating: {
      "no managed virtual network": {
        view: adf({ managed_virtual_network_enabled: false }),
        expected: [{ path: FACTORY, message: /^the managed virtual network is off$/ }],
      },
    },
  },
  "ADF-003": {
    compliant: {
      "system-assigned identity": adf({}),
      "user-assigned identity as a list": adf({ identity: [{ type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.adf.id}"] }] }),
    },
    violating: {
      "no identity": { view: adf({ identity: undefined }), expected: [{ path: FACTORY, message: /^the factory has no managed identity$/ }] },
    },
  },
  "ADF-004": {
    compliant: {
      "managed identity": withLink("data_lake_storage_gen2", { url: "https://stlake.dfs.core.windows.net", use_managed_identity: true }),
      "SQL connection string without a credential": withLink("azure_sql_database", {
        connection_string: "Integrated Security=False;Data Source=sql-dev.database.windows.net;Initial Catalog=serving",
        use_managed_identity: true,
      }),
      "empty secret argument": withLink("azure_blob_storage", {
        service_endpoint: "https://stlake.blob.core.windows.net",
        use_managed_identity: true,
        sas_uri: "",
      }),
    },
    violating: {
      "service principal key (even a reference)": {
        view: withLink("data_lake_storage_gen2", {
          url: "https://stlake.dfs.core.windows.net",
          service_principal_id: "app",
          service_principal_key: "${var.sp_key}",
        }),
        expected: [{ path: LINK, message: /^sets service_principal_key$/ }],
      },
      "storage account key in clear": {
        view: withLink("data_lake_storage_gen2", { url: "https://stlake.dfs.core.windows.net", storage_account_key: "c2VjcmV0LWtleS12YWx1ZQ==" }),
        expected: [{ path: LINK, message: /^sets storage_account_key$/ }],
        alsoFlaggedBy: ["SEC-001"],
      },
      "password in a SQL connection string": {
        view: withLink("sql_server", { connection_string: "Data Source=sql;Initial Catalog=db;User ID=etl;Password=Sup3rS3cret!" }),
        expected: [{ path: LINK, message: /^its connection string carries a credential$/ }],
        alsoFlaggedBy: ["SEC-001"],
      },
    },
  },
  "ADF-005": {
    compliant: { "in the managed virtual network": view(DEV, [factory(DEV), factoryGuardrail(DEV), integrationRuntime(DEV)]) },
    violating: {
      "outside the managed virtual network": {
        view: view(DEV, [factory(DEV), factoryGuardrail(DEV), integrationRuntime(DEV, { virtual_network_enabled: undefined })]),
        expected: [{ path: `${DEV}/Platform/Factory/Runtime`, message: /^the integration runtime is outside the managed virtual network$/ }],
      },
    },
  },
  "ADF-006": {
    compliant: {
      "Deny in production": view(PROD, [factory(PROD), factoryGuardrail(PROD)]),
      "Audit outside production": view(DEV, [factory(DEV), factoryGuardrail(DEV, "Audit")]),
    },
    violating: {
      "no allow-list policy": {
        view: view(DEV, [factory(DEV)]),
        expected: [{ path: FACTORY, message: /^may hold linked services of any type \(no linked-service allow-list policy\)$/ }],
      },
      "Audit in production": {
        view: view(PROD, [factory(PROD), factoryGuardrail(PROD, "Audit")]),
        expected: [{ path: `${PROD}/Platform/Factory/Resource`, message: /^only audits linked-service types in production \(effect Audit\)$/ }],
      },
    },
  },
  "ADF-007": {
    compliant: {
      "a copy into an existing table": view(DEV, [pipeline([copyToSql({ type: "AzureSqlSink", writeBehavior: "Insert" })])]),
      "a pre-copy DELETE of the rows being replaced": view(DEV, [
        pipeline([copyToSql({ type: "AzureSqlSink", preCopyScript: "DELETE FROM gold.t WHERE run_date = '2026-01-01'" })]),
      ]),
      "no copy at all": view(DEV, [pipeline([{ name: "Wait", type: "Wait", typeProperties: { waitTimeInSeconds: 1 } }])]),
    },
    violating: {
      "a copy that auto-creates its table, nested in a ForEach": {
        view: view(DEV, [
          pipeline([
            { name: "Each source", type: "ForEach", typeProperties: { activities: [copyToSql({ type: "AzureSqlSink", tableOption: "autoCreate" })] } },
          ]),
        ]),
        expected: [{ path: `${DEV}/Platform/Pipelines/Worker`, message: /^"Copy gold to SQL" auto-creates its sink table$/ }],
      },
      "a script creating a schema, and a pre-copy TRUNCATE written as an expression": {
        view: view(DEV, [
          pipeline([
            {
              name: "Ensure serving schema",
              type: "Script",
              typeProperties: { scripts: [{ type: "NonQuery", text: { value: "@concat('CREATE SCHEMA ', pipeline().parameters.s)", type: "Expression" } }] },
            },
            copyToSql({ type: "AzureSqlSink", preCopyScript: { value: "@concat('TRUNCATE TABLE ', pipeline().parameters.t)", type: "Expression" } }),
          ]),
        ]),
        expected: [{ path: `${DEV}/Platform/Pipelines/Worker`, message: /^"Ensure serving schema" runs DDL, "Copy gold to SQL" runs DDL$/ }],
      },
    },
  },
};

const ipAccessList = (enabledFeature = "true", list: Record<string, any> = {}) => [
  res("databricks_workspace_conf", "conf", "dev-databricks/IpAccessList/Conf", { custom_config: { enableIpAccessLists: enabledFeature } }),
  res("databricks_ip_access_list", "allow", "dev-databricks/IpAccessList/Allow", {
    label: "platform-allow",
    list_type: "ALLOW",
    ip_addresses: ["203.0.113.0/24"],
    enabled: true,
    ...list,
  }),
];
const dbw = (overrides: Record<string, any>, stack = DEV) => view(stack, [databricks(stack, overrides)]);

export const DATABRICKS_CASES: RuleCaseTable = {
  "DBW-001": {
    compliant: { premium: dbw({}) },
    violating: {
      standard: { view: dbw({ sku: "standard" }), expected: [{ path: DBW, message: /^sku is "standard"$/ }] },
      trial: { view: dbw({ sku: "trial" }), expected: [{ path: DBW, message: /^sku is "trial"$/ }] },
    },
  },
  "DBW-002": {
    compliant: { "no public IP": dbw({}) },
    violating: {
      "public IPs": {
        view: dbw({ custom_parameters: { no_public_ip: false, virtual_network_id: "${azurerm_virtual_network.network.id}" } }),
        expected: [{ path: DBW, message: /^cluster nodes get public IPs$/ }],
      },
    },
  },
  "DBW-003": {
    compliant: { "VNet-injected": dbw({}) },
    violating: {
      "not injected": {
        view: dbw({ custom_parameters: { no_public_ip: true } }),
        expected: [{ path: DBW, message: /^the workspace is not injected into a VNet$/ }],
      },
    },
  },
  "DBW-004": {
    compliant: { "production, private": dbw({}, PROD), "dev, private": dbw({}) },
    violating: {
      "production, public": {
        view: dbw({ public_network_access_enabled: true }, PROD),
        expected: [{ path: `${PROD}/Platform/Databricks/Resource`, message: /^public network access is enabled$/ }],
        alsoFlaggedBy: ["DP-002"],
      },
      "dev, public (waived in dev.yaml)": {
        view: dbw({ public_network_access_enabled: true }),
        expected: [{ path: DBW, message: /^public network access is enabled$/ }],
      },
    },
  },
  "DBW-005": {
    compliant: {
      "public, with an enabled allow list in the databricks stack": view(DEV, [databricks(DEV, { public_network_access_enabled: true })], {
        siblings: [view("dev-databricks", ipAccessList())],
      }),
      "private needs no list": view(DEV, [databricks(DEV)], {
        siblings: [view("dev-databricks", [res("databricks_notebook", "nb", "dev-databricks/Notebook", { path: "/x" })])],
      }),
      "the databricks stack is not known here": view(DEV, [databricks(DEV, { public_network_access_enabled: true })]),
    },
    violating: {
      "public, no list": {
        view: view(DEV, [databricks(DEV, { public_network_access_enabled: true })], {
          siblings: [view("dev-databricks", [res("databricks_notebook", "nb", "dev-databricks/Notebook", { path: "/x" })])],
        }),
        expected: [{ path: DBW, message: /^is public with no IP access list$/ }],
        alsoFlaggedBy: ["DBW-004"],
      },
      "public, a list but the feature off": {
        view: view(DEV, [databricks(DEV, { public_network_access_enabled: true })], { siblings: [view("dev-databricks", ipAccessList("false"))] }),
        expected: [{ path: DBW, message: /^is public with no IP access list$/ }],
        alsoFlaggedBy: ["DBW-004"],
      },
      "public, a disabled list": {
        view: view(DEV, [databricks(DEV, { public_network_access_enabled: true })], {
          siblings: [view("dev-databricks", ipAccessList("true", { enabled: false }))],
        }),
        expected: [{ path: DBW, message: /^is public with no IP access list$/ }],
        alsoFlaggedBy: ["DBW-004"],
      },
    },
  },
};

/** A production SQL server with its lock and audit policy (what the other production rules want). */
const lockedSql = (name = "sql") => [
  sqlServer(PROD, {}, name),
  lock(PROD, `\${azurerm_mssql_server.${name}.id}`, {}, `${name}_lock`),
  auditing(PROD, name, {}, `${name}_audit`),
];

/** A stack of SQL resources; every server gets its threat detection policy (SQL-006 has its own cases). */
const sqlView = (stack: string, ...resources: Parameters<typeof view>[1]) =>
  view(stack, [...resources, ...resources.filter((r) => r.type === "azurerm_mssql_server").map((r) => alertPolicy(stack, r.name))]);
const workspace = (days: number, stack = PROD) =>
  res("azurerm_log_analytics_workspace", "logs", `${stack}/LogAnalytics/Resource`, { name: "log", retention_in_days: days });
const diagnosticsTable = (total: number, name = "AzureDiagnostics") =>
  res("azurerm_log_analytics_workspace_table", "audit_table", `${PROD}/LogAnalytics/Table-${name}`, {
    name,
    workspace_id: "${azurerm_log_analytics_workspace.logs.id}",
    retention_in_days: 30,
    total_retention_in_days: total,
  });

export const SQL_CASES: RuleCaseTable = {
  "SQL-001": {
    compliant: { "Entra ID only": sqlView(DEV, sqlServer(DEV), auditing(DEV)) },
    violating: {
      "SQL authentication alongside Entra ID": {
        view: sqlView(
          DEV,
          sqlServer(DEV, { azuread_administrator: { azuread_authentication_only: false, login_username: "sql-admins", object_id: "x" } }),
          auditing(DEV),
        ),
        expected: [{ path: SQL, message: /^SQL authentication is enabled$/ }],
      },
      "an administrator login": {
        view: sqlView(DEV, sqlServer(DEV, { administrator_login: "sqladmin", administrator_login_password: "${random_password.sql.result}" }), auditing(DEV)),
        expected: [{ path: SQL, message: /^SQL authentication is enabled$/ }],
      },
      "no Entra administrator": {
        view: sqlView(DEV, sqlServer(DEV, { azuread_administrator: undefined }), auditing(DEV)),
        expected: [{ path: SQL, message: /^SQL authentication is enabled$/ }],
      },
    },
  },
  "SQL-002": {
    compliant: {
      "TLS 1.2": sqlView(DEV, sqlServer(DEV), auditing(DEV)),
      "TLS 1.3": sqlView(DEV, sqlServer(DEV, { minimum_tls_version: "1.3" }), auditing(DEV)),
    },
    violating: {
      "TLS 1.0": {
        view: sqlView(DEV, sqlServer(DEV, { minimum_tls_version: "1.0" }), auditing(DEV)),
        expected: [{ path: SQL, message: /^minimum_tls_version is "1\.0"$/ }],
      },
      "TLS Disabled": {
        view: sqlView(DEV, sqlServer(DEV, { minimum_tls_version: "Disabled" }), auditing(DEV)),
        expected: [{ path: SQL, message: /^minimum_tls_version is "Disabled"$/ }],
      },
    },
  },
  "SQL-003": {
    compliant: { private: sqlView(DEV, sqlServer(DEV), auditing(DEV)) },
    violating: {
      public: {
        view: sqlView(DEV, sqlServer(DEV, { public_network_access_enabled: true }), auditing(DEV)),
        expected: [{ path: SQL, message: /^public network access is enabled$/ }],
      },
      "unset (provider default true)": {
        view: sqlView(DEV, sqlServer(DEV, { public_network_access_enabled: undefined }), auditing(DEV)),
        expected: [{ path: SQL, message: /^public network access is enabled$/ }],
      },
    },
  },
  "SQL-007": {
    compliant: { "outbound restricted": sqlView(DEV, sqlServer(DEV), auditing(DEV)) },
    violating: {
      "restriction off": {
        view: sqlView(DEV, sqlServer(DEV, { outbound_network_restriction_enabled: false }), auditing(DEV)),
        expected: [{ path: SQL, message: /^outbound network access is unrestricted$/ }],
      },
      "unset (provider default false)": {
        view: sqlView(DEV, sqlServer(DEV, { outbound_network_restriction_enabled: undefined }), auditing(DEV)),
        expected: [{ path: SQL, message: /^outbound network access is unrestricted$/ }],
      },
    },
  },
  "SQL-004": {
    compliant: {
      "audit policy referencing the server": sqlView(DEV, sqlServer(DEV), auditing(DEV)),
      "production, no workspace in the stack to judge": sqlView(PROD, sqlServer(PROD), auditing(PROD)),
      "production, the workspace keeps 90 days": sqlView(PROD, sqlServer(PROD), auditing(PROD), workspace(90)),
      "production, 30-day workspace but AzureDiagnostics kept 365 days": sqlView(PROD, sqlServer(PROD), auditing(PROD), workspace(30), diagnosticsTable(365)),
      "production, the policy's storage-only retention_in_days does not matter": sqlView(
        PROD,
        sqlServer(PROD),
        auditing(PROD, "sql", { retention_in_days: 7 }),
        workspace(90),
      ),
      "two servers, each with its policy": sqlView(
        DEV,
        sqlServer(DEV),
        sqlServer(DEV, {}, "replica"),
        auditing(DEV),
        auditing(DEV, "replica", {}, "replica_audit"),
      ),
    },
    violating: {
      "no audit policy": { view: sqlView(DEV, sqlServer(DEV)), expected: [{ path: SQL, message: /^has no auditing to Log Analytics$/ }] },
      "the only policy audits another server": {
        view: sqlView(DEV, sqlServer(DEV), sqlServer(DEV, {}, "replica"), auditing(DEV, "replica", {}, "replica_audit")),
        expected: [{ path: SQL, message: /^has no auditing to Log Analytics$/ }],
      },
      "a server whose name prefixes the audited one's is not audited": {
        view: sqlView(DEV, sqlServer(DEV), sqlServer(DEV, {}, "sql2"), auditing(DEV, "sql2", {}, "audit2")),
        expected: [{ path: SQL, message: /^has no auditing to Log Analytics$/ }],
      },
      "auditing disabled": {
        view: sqlView(DEV, sqlServer(DEV), auditing(DEV, "sql", { enabled: false })),
        expected: [{ path: SQL, message: /^has no auditing to Log Analytics$/ }],
      },
      "not to Log Analytics": {
        view: sqlView(DEV, sqlServer(DEV), auditing(DEV, "sql", { log_monitoring_enabled: false, storage_endpoint: "https://staudit.blob.core.windows.net" })),
        expected: [{ path: SQL, message: /^has no auditing to Log Analytics$/ }],
      },
      "production, Log Analytics keeps 30 days": {
        view: sqlView(PROD, sqlServer(PROD), lock(PROD, "${azurerm_mssql_server.sql.id}", {}, "sql_lock"), auditing(PROD), workspace(30)),
        expected: [{ path: `${PROD}/LogAnalytics/Resource`, message: /^keeps SQL audit records \(AzureDiagnostics\) 30 days in production$/ }],
        alsoFlaggedBy: ["OBS-001"],
      },
      "production, a longer table that is not where the audit events land": {
        view: sqlView(
          PROD,
          sqlServer(PROD),
          lock(PROD, "${azurerm_mssql_server.sql.id}", {}, "sql_lock"),
          auditing(PROD),
          workspace(30),
          diagnosticsTable(365, "ContainerLogV2"),
        ),
        expected: [{ path: `${PROD}/LogAnalytics/Resource`, message: /^keeps SQL audit records \(AzureDiagnostics\) 30 days in production$/ }],
        alsoFlaggedBy: ["OBS-001"],
      },
    },
    notApplicable: { "dev, 30 days": sqlView(DEV, sqlServer(DEV), auditing(DEV), workspace(30, DEV)) },
  },
  "SQL-006": {
    compliant: {
      "production, enabled, admins alerted": view(PROD, [...lockedSql(), alertPolicy(PROD)]),
      "production, two servers, each with its policy": view(PROD, [...lockedSql(), ...lockedSql("replica"), alertPolicy(PROD), alertPolicy(PROD, "replica")]),
    },
    violating: {
      "production, no policy": {
        view: view(PROD, lockedSql()),
        expected: [{ path: `${PROD}/Platform/Sql/Server`, message: /^has no enabled threat detection alerting the admins$/ }],
      },
      "production, disabled": {
        view: view(PROD, [...lockedSql(), alertPolicy(PROD, "sql", { state: "Disabled" })]),
        expected: [{ path: `${PROD}/Platform/Sql/Server`, message: /^has no enabled threat detection alerting the admins$/ }],
      },
      "production, the only policy is another server's": {
        view: view(PROD, [...lockedSql(), ...lockedSql("replica"), alertPolicy(PROD, "replica")]),
        expected: [{ path: `${PROD}/Platform/Sql/Server`, message: /^has no enabled threat detection alerting the admins$/ }],
      },
    },
    notApplicable: { "dev, no policy": view(DEV, [sqlServer(DEV), auditing(DEV)]) },
  },
  "SQL-005": {
    compliant: {
      "7 days and long-term retention": sqlView(DEV, sqlDatabase(DEV)),
      "unset point-in-time retention (default 7 days)": sqlView(DEV, sqlDatabase(DEV, { short_term_retention_policy: undefined })),
      "production with yearly retention only": sqlView(PROD, sqlDatabase(PROD, { long_term_retention_policy: [{ yearly_retention: "P7Y", week_of_year: 1 }] })),
    },
    violating: {
      "3 days point-in-time": {
        view: sqlView(DEV, sqlDatabase(DEV, { short_term_retention_policy: { retention_days: 3 } })),
        expected: [{ path: `${DEV}/Platform/Sql/Database`, message: /^point-in-time retention is 3 days$/ }],
      },
      "production without long-term retention": {
        view: sqlView(PROD, sqlDatabase(PROD, { long_term_retention_policy: undefined })),
        expected: [{ path: `${PROD}/Platform/Sql/Database`, message: /^has no long-term retention in production$/ }],
      },
    },
    notApplicable: { "dev without long-term retention": sqlView(DEV, sqlDatabase(DEV, { long_term_retention_policy: undefined })) },
  },
};

const kv = (overrides: Record<string, any>) => view(DEV, [keyVault(DEV, overrides)]);

export const KEY_VAULT_CASES: RuleCaseTable = {
  "KV-001": {
    compliant: { "purge protection": kv({}) },
    violating: {
      "no purge protection": { view: kv({ purge_protection_enabled: false }), expected: [{ path: VAULT, message: /^purge protection is off$/ }] },
      unset: { view: kv({ purge_protection_enabled: undefined }), expected: [{ path: VAULT, message: /^purge protection is off$/ }] },
    },
  },
  "KV-002": {
    compliant: { private: kv({}) },
    violating: { public: { view: kv({ public_network_access_enabled: true }), expected: [{ path: VAULT, message: /^public network access is enabled$/ }] } },
  },
  "KV-003": {
    compliant: { "Azure RBAC": kv({}), "Azure RBAC (azurerm 3 argument name)": kv({ rbac_authorization_enabled: undefined, enable_rbac_authorization: true }) },
    violating: {
      "access policies": { view: kv({ rbac_authorization_enabled: false }), expected: [{ path: VAULT, message: /^access policies instead of Azure RBAC$/ }] },
    },
  },
};

const kvGrant = (scope: string, overrides: Record<string, any> = {}) =>
  res("azurerm_role_assignment", "kv_grant", `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, {
    role_definition_name: "Key Vault Secrets User",
    principal_id: "${azurerm_data_factory.factory.identity[0].principal_id}",
    principal_type: "ServicePrincipal",
    scope,
    ...overrides,
  });
const VAULT_ID = "${azurerm_key_vault.vault.id}";
const dedicatedVault = () => {
  const vault = keyVault(DEV);
  return { ...vault, attrs: { ...vault.attrs, tags: { "dedicated-to": "shop/database" } } };
};
/** The database's identity, federated with its ServiceAccount, reading its vault. */
const databaseReader = (subject = "system:serviceaccount:shop:database") => [
  res("azurerm_federated_identity_credential", "db_credential", `${DEV}/WorkloadKeyVault-shop-database/Identity/FederatedCredential`, {
    parent_id: "${azurerm_user_assigned_identity.db.id}",
    subject,
    audience: ["api://AzureADTokenExchange"],
  }),
  kvGrant(VAULT_ID, { principal_id: "${azurerm_user_assigned_identity.db.principal_id}" }),
];
const KEYS_VAULT = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-keys";
const keyGrant = (scope: string, overrides: Record<string, any> = {}) =>
  res("azurerm_role_assignment", "key_grant", `${DEV}/LakeKeyIdentity/Grant-KeyEncryption`, {
    role_definition_name: "Key Vault Crypto Service Encryption User",
    principal_id: "${azurerm_user_assigned_identity.cmk.principal_id}",
    principal_type: "ServicePrincipal",
    scope,
    ...overrides,
  });
export const KEY_VAULT_GRANT_CASES: RuleCaseTable = {
  "KV-004": {
    compliant: {
      "on one secret": view(DEV, [keyVault(DEV), kvGrant(`${VAULT_ID}/secrets/crm-password`)]),
      "a workload's own vault (tagged dedicated-to, read by the identity federated with that ServiceAccount)": view(DEV, [
        dedicatedVault(),
        ...databaseReader(),
      ]),
      "a group of people on the vault": view(DEV, [keyVault(DEV), kvGrant(VAULT_ID, { principal_type: "Group" })]),
    },
    violating: {
      "Secrets User on the vault": {
        view: view(DEV, [keyVault(DEV), kvGrant(VAULT_ID)]),
        expected: [
          { path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /^grants "Key Vault Secrets User" on the whole vault to a service principal$/ },
        ],
      },
      "Secrets User on the resource group": {
        view: view(DEV, [kvGrant("/subscriptions/s/resourceGroups/rg-data")]),
        expected: [
          {
            path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`,
            message: /^grants "Key Vault Secrets User" on a scope above one vault item to a service principal$/,
          },
        ],
      },
      "Secrets User by role definition id on a vault without the dedicated tag": {
        view: view(DEV, [
          keyVault(DEV),
          kvGrant(VAULT_ID, {
            role_definition_name: undefined,
            role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
          }),
        ]),
        expected: [{ path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /^grants "Key Vault Secrets User" on the whole vault/ }],
      },
      "a vault tagged for one workload, read by an identity federated with another": {
        view: view(DEV, [dedicatedVault(), ...databaseReader("system:serviceaccount:shop:backend")]),
        expected: [{ path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /on the whole vault/ }],
      },
      "a vault tagged for one workload, read by a factory (not a federated identity)": {
        view: view(DEV, [dedicatedVault(), kvGrant(VAULT_ID)]),
        expected: [{ path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /on the whole vault/ }],
      },
      "a dedicated vault read by two identities": {
        view: view(DEV, [
          dedicatedVault(),
          kvGrant(VAULT_ID),
          res("azurerm_role_assignment", "kv_grant_2", `${DEV}/Platform/KeyVault/Grant-SecretRead-other`, {
            role_definition_name: "Key Vault Secrets User",
            principal_id: "other",
            principal_type: "ServicePrincipal",
            scope: VAULT_ID,
          }),
        ]),
        expected: [
          { path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /on the whole vault/ },
          { path: `${DEV}/Platform/KeyVault/Grant-SecretRead-other`, message: /on the whole vault/ },
        ],
      },
      "Secrets Officer on a literal vault id": {
        view: view(DEV, [
          kvGrant("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", { role_definition_name: "Key Vault Secrets Officer" }),
        ]),
        expected: [{ path: `${DEV}/Platform/KeyVault/Grant-SecretRead-factory`, message: /^grants "Key Vault Secrets Officer" on the whole vault/ }],
      },
    },
  },
  "KV-005": {
    compliant: {
      "on one key": view(DEV, [keyGrant(`${KEYS_VAULT}/keys/lake`)]),
      "a group of people on the vault": view(DEV, [keyGrant(KEYS_VAULT, { principal_type: "Group" })]),
    },
    violating: {
      "encryption user on a literal vault id": {
        view: view(DEV, [keyGrant(KEYS_VAULT)]),
        expected: [
          {
            path: `${DEV}/LakeKeyIdentity/Grant-KeyEncryption`,
            message: /^grants "Key Vault Crypto Service Encryption User" on the whole vault to a service principal$/,
          },
        ],
      },
      "on the subscription, by role definition id": {
        view: view(DEV, [
          keyGrant("/subscriptions/11111111-1111-1111-1111-111111111111", {
            role_definition_name: undefined,
            role_definition_id:
              "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6",
          }),
        ]),
        expected: [
          { path: `${DEV}/LakeKeyIdentity/Grant-KeyEncryption`, message: /^grants "Key Vault Crypto Service Encryption User" on a scope above one vault item/ },
        ],
      },
      "on the vault, with a trailing slash": {
        view: view(DEV, [keyGrant(`${KEYS_VAULT}/`)]),
        expected: [{ path: `${DEV}/LakeKeyIdentity/Grant-KeyEncryption`, message: /on the whole vault/ }],
      },
      "Crypto User on the stack's vault": {
        view: view(DEV, [keyVault(DEV), keyGrant(VAULT_ID, { role_definition_name: "Key Vault Crypto User" })]),
        expected: [{ path: `${DEV}/LakeKeyIdentity/Grant-KeyEncryption`, message: /^grants "Key Vault Crypto User" on the whole vault/ }],
      },
    },
  },
};

const AKS_DEV = "dev-aks";
const REGISTRY = `${AKS_DEV}/Registry/Resource`;
const registry = (overrides: Record<string, any> = {}) =>
  res("azurerm_container_registry", "registry", REGISTRY, {
    name: "acrmedaldevweu1234",
    sku: "Premium",
    admin_enabled: false,
    anonymous_pull_enabled: false,
    public_network_access_enabled: false,
    export_policy_enabled: false,
    ...overrides,
  });
const AKS_PROD = "prod-aks";
const CLUSTER = `${AKS_DEV}/Cluster/Resource`;
const aks = (overrides: Record<string, any>, stack = AKS_DEV) => view(stack, [aksCluster(stack, overrides), nodePool(stack), ...clusterCompanions(stack)]);

export const AKS_CASES: RuleCaseTable = {
  "AKS-001": {
    compliant: { "local accounts disabled": aks({}) },
    violating: {
      enabled: { view: aks({ local_account_disabled: false }), expected: [{ path: CLUSTER, message: /^local accounts are enabled$/ }] },
      "unset (provider default enabled)": {
        view: aks({ local_account_disabled: undefined }),
        expected: [{ path: CLUSTER, message: /^local accounts are enabled$/ }],
      },
    },
  },
  "AKS-002": {
    compliant: { "Azure RBAC": aks({}) },
    violating: {
      "Entra ID without Azure RBAC": {
        view: aks({ azure_active_directory_role_based_access_control: { azure_rbac_enabled: false, admin_group_object_ids: ["x"] } }),
        expected: [{ path: CLUSTER, message: /^Azure RBAC for Kubernetes is off$/ }],
      },
      "no Entra ID integration": {
        view: aks({ azure_active_directory_role_based_access_control: undefined }),
        expected: [{ path: CLUSTER, message: /^Azure RBAC for Kubernetes is off$/ }],
      },
    },
  },
  "AKS-003": {
    compliant: { cilium: aks({}), "calico (as a list)": aks({ network_profile: [{ network_plugin: "azure", network_policy: "calico" }] }) },
    violating: {
      "no policy engine": { view: aks({ network_profile: { network_plugin: "azure" } }), expected: [{ path: CLUSTER, message: /^no network policy engine$/ }] },
    },
  },
  "AKS-004": {
    compliant: { "patch and NodeImage": aks({}) },
    violating: {
      "upgrade channel none": { view: aks({ automatic_upgrade_channel: "none" }), expected: [{ path: CLUSTER, message: /^automatic upgrades are off$/ }] },
      "node OS channel None": { view: aks({ node_os_upgrade_channel: "None" }), expected: [{ path: CLUSTER, message: /^automatic upgrades are off$/ }] },
      "no upgrade channel": { view: aks({ automatic_upgrade_channel: undefined }), expected: [{ path: CLUSTER, message: /^automatic upgrades are off$/ }] },
    },
  },
  "AKS-005": {
    compliant: { "every pool autoscales": aks({}) },
    violating: {
      "fixed default pool": {
        view: aks({ default_node_pool: { name: "system", vm_size: "Standard_D4ds_v5", node_count: 3, host_encryption_enabled: true } }),
        expected: [{ path: CLUSTER, message: /^node pool system does not autoscale$/ }],
      },
      "user pool without max_count": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), nodePool(AKS_DEV, { max_count: undefined }), ...clusterCompanions(AKS_DEV)]),
        expected: [{ path: `${AKS_DEV}/Cluster/UserPool/Resource`, message: /^node pool user does not autoscale$/ }],
      },
    },
  },
  "AKS-006": {
    compliant: { "Azure Policy on": aks({}) },
    violating: { off: { view: aks({ azure_policy_enabled: false }), expected: [{ path: CLUSTER, message: /^the Azure Policy add-on is off$/ }] } },
  },
  "AKS-007": {
    compliant: { "Container Insights with MSI": aks({}) },
    violating: {
      "workspace key auth": {
        view: aks({ oms_agent: { log_analytics_workspace_id: "${azurerm_log_analytics_workspace.law.id}", msi_auth_for_monitoring_enabled: false } }),
        expected: [{ path: CLUSTER, message: /^Container Insights with managed identity is off$/ }],
      },
      "no Container Insights": {
        view: aks({ oms_agent: undefined }),
        expected: [{ path: CLUSTER, message: /^Container Insights with managed identity is off$/ }],
      },
    },
  },
  "AKS-008": {
    compliant: {
      "private cluster": aks({}),
      "public with authorized ranges": aks({ private_cluster_enabled: false, api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] } }),
    },
    violating: {
      "public without ranges": {
        view: aks({ private_cluster_enabled: false }),
        expected: [{ path: CLUSTER, message: /^the API server is public to the world$/ }],
      },
      "ranges including 0.0.0.0/0": {
        view: aks({ private_cluster_enabled: undefined, api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24", "0.0.0.0/0"] } }),
        expected: [{ path: CLUSTER, message: /^authorized ranges include 0\.0\.0\.0\/0$/ }],
      },
      "two /1 ranges (the world without a /0)": {
        view: aks({ private_cluster_enabled: false, api_server_access_profile: { authorized_ip_ranges: ["0.0.0.0/1", "128.0.0.0/1"] } }),
        expected: [
          { path: CLUSTER, message: /^authorized ranges are too wide: the ranges together admit 4,294,967,296 addresses, more than a \/16 \(65,536\)$/ },
        ],
      },
    },
  },
  "AKS-009": {
    compliant: { "production, Standard": aks({}, AKS_PROD), "production, Premium": aks({ sku_tier: "Premium" }, AKS_PROD) },
    violating: {
      "production, Free": { view: aks({ sku_tier: "Free" }, AKS_PROD), expected: [{ path: `${AKS_PROD}/Cluster/Resource`, message: /^sku_tier is "Free"$/ }] },
      "production, unset (default Free)": {
        view: aks({ sku_tier: undefined }, AKS_PROD),
        expected: [{ path: `${AKS_PROD}/Cluster/Resource`, message: /^sku_tier is "Free"$/ }],
      },
    },
    notApplicable: { "dev, Free": aks({ sku_tier: "Free" }) },
  },
  "AKS-010": {
    compliant: { rotation: aks({}) },
    violating: {
      "no rotation": {
        view: aks({ key_vault_secrets_provider: { secret_rotation_enabled: false } }),
        expected: [{ path: CLUSTER, message: /^Key Vault CSI secret rotation is off$/ }],
      },
      "no CSI driver": {
        view: aks({ key_vault_secrets_provider: undefined }),
        expected: [{ path: CLUSTER, message: /^Key Vault CSI secret rotation is off$/ }],
      },
    },
  },
  "AKS-014": {
    compliant: { "every pool": aks({}) },
    violating: {
      "system pool": {
        view: aks({ default_node_pool: { ...aksCluster(AKS_DEV).attrs.default_node_pool, host_encryption_enabled: false } }),
        expected: [{ path: CLUSTER, message: /^node pool system does not encrypt at host$/ }],
      },
      "user pool, unset": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), nodePool(AKS_DEV, { host_encryption_enabled: undefined }), ...clusterCompanions(AKS_DEV)]),
        expected: [{ path: `${AKS_DEV}/Cluster/UserPool/Resource`, message: /^node pool user does not encrypt at host$/ }],
      },
    },
  },
  "AKS-015": {
    compliant: {
      "private, run command off": aks({}),
      "public API server (authorized ranges)": aks({ private_cluster_enabled: false, run_command_enabled: undefined }),
    },
    violating: {
      "private, run command unset (on)": {
        view: aks({ run_command_enabled: undefined }),
        expected: [{ path: CLUSTER, message: /^run command is enabled on a private cluster$/ }],
      },
    },
  },
  "AKS-016": {
    compliant: { "production, sensor on": aks({}, AKS_PROD) },
    violating: {
      "production, no sensor": {
        view: aks({ microsoft_defender: undefined }, AKS_PROD),
        expected: [{ path: `${AKS_PROD}/Cluster/Resource`, message: /^the Defender sensor is off$/ }],
      },
    },
    notApplicable: { "dev, no sensor": aks({ microsoft_defender: undefined }) },
  },
  "AKS-017": {
    compliant: {
      "the initiative on the cluster": aks({}),
      "no add-on, nothing to evaluate": view(AKS_DEV, [
        aksCluster(AKS_DEV, { azure_policy_enabled: false }),
        ...containerInsights(AKS_DEV),
        allowedImagesPolicy(AKS_DEV),
      ]),
      "assigned on the resource group": view(AKS_DEV, [
        aksCluster(AKS_DEV),
        ...containerInsights(AKS_DEV),
        res("azurerm_resource_group_policy_assignment", "rg_ps", `${AKS_DEV}/RgPodSecurity`, {
          policy_definition_id: "/providers/Microsoft.Authorization/policySetDefinitions/42B8EF37-b724-4e24-bbc8-7a7708edfe00",
        }),
      ]),
    },
    violating: {
      "the add-on with nothing assigned": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), ...containerInsights(AKS_DEV), allowedImagesPolicy(AKS_DEV)]),
        expected: [{ path: CLUSTER, message: /^runs the Azure Policy add-on with no pod security initiative assigned$/ }],
      },
      "the initiative assigned with effect Disabled": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          ...containerInsights(AKS_DEV),
          allowedImagesPolicy(AKS_DEV),
          podSecurityInitiative(AKS_DEV, { parameters: JSON.stringify({ effect: { value: "Disabled" } }) }),
        ]),
        expected: [{ path: CLUSTER, message: /no pod security initiative assigned/ }],
      },
      "the baseline initiative instead of the restricted one": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          ...containerInsights(AKS_DEV),
          allowedImagesPolicy(AKS_DEV),
          podSecurityInitiative(AKS_DEV, {
            policy_definition_id: "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d",
          }),
        ]),
        expected: [{ path: CLUSTER, message: /no pod security initiative assigned/ }],
      },
    },
  },
  "AKS-011": {
    compliant: {
      "1.36 everywhere": aks({}),
      "the oldest supported minor before its end of life (checked on 2026-11-26)": view(AKS_DEV, [
        aksCluster(AKS_DEV, {
          kubernetes_version: "1.35",
          default_node_pool: { ...aksCluster(AKS_DEV).attrs.default_node_pool, orchestrator_version: "1.35" },
        }),
        nodePool(AKS_DEV, { orchestrator_version: "1.35" }),
        ...clusterCompanions(AKS_DEV),
      ]),
      "a minor newer than the reviewed table": aks({ kubernetes_version: "1.38" }),
      "a pool without orchestrator_version follows the cluster": view(AKS_DEV, [
        aksCluster(AKS_DEV),
        nodePool(AKS_DEV, { orchestrator_version: undefined }),
        ...clusterCompanions(AKS_DEV),
      ]),
    },
    violating: {
      "past upstream and AKS end of life": {
        view: aks({ kubernetes_version: "1.33" }),
        expected: [{ path: CLUSTER, message: /^Kubernetes 1\.33 is older than 1\.35, the oldest minor AKS supports \(calendar reviewed 2026-12-01\)$/ }],
      },
      "an old node pool": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), nodePool(AKS_DEV, { orchestrator_version: "1.34" }), ...clusterCompanions(AKS_DEV)]),
        expected: [{ path: `${AKS_DEV}/Cluster/UserPool/Resource`, message: /^Kubernetes 1\.34 is older than 1\.35/ }],
      },
      "no version pinned": { view: aks({ kubernetes_version: undefined }), expected: [{ path: CLUSTER, message: /^kubernetes_version is not pinned$/ }] },
    },
  },
  "AKS-013": {
    compliant: {
      "the ContainerInsights rule associated with the cluster": aks({}),
      "no managed-identity auth, no rule needed": view(AKS_DEV, [
        aksCluster(AKS_DEV, { oms_agent: { log_analytics_workspace_id: REF_LAW, msi_auth_for_monitoring_enabled: false } }),
        nodePool(AKS_DEV),
      ]),
    },
    violating: {
      "no rule and no association (what Terraform alone gives)": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), nodePool(AKS_DEV), podSecurityInitiative(AKS_DEV), allowedImagesPolicy(AKS_DEV)]),
        expected: [
          { path: CLUSTER, message: /^Container Insights uses managed identity but no ContainerInsights data collection rule is associated with the cluster$/ },
        ],
      },
      "a rule without the ContainerInsights extension": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          nodePool(AKS_DEV),
          ...clusterCompanions(AKS_DEV, { data_sources: { syslog: [{ name: "s", facility_names: ["*"], log_levels: ["*"], streams: ["Microsoft-Syslog"] }] } }),
        ]),
        expected: [{ path: CLUSTER, message: /no ContainerInsights data collection rule is associated/ }],
      },
      "the association targets another resource": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          nodePool(AKS_DEV),
          ...clusterCompanions(AKS_DEV, {}, { target_resource_id: "${azurerm_kubernetes_cluster.other.id}" }),
        ]),
        expected: [{ path: CLUSTER, message: /no ContainerInsights data collection rule is associated/ }],
      },
    },
  },
  "AKS-018": {
    compliant: {
      "the policy on the cluster": aks({}),
      "no add-on, nothing to evaluate": view(AKS_DEV, [aksCluster(AKS_DEV, { azure_policy_enabled: false }), ...containerInsights(AKS_DEV)]),
    },
    violating: {
      "the add-on with no allowed-images policy": {
        view: view(AKS_DEV, [aksCluster(AKS_DEV), ...containerInsights(AKS_DEV), podSecurityInitiative(AKS_DEV)]),
        expected: [{ path: CLUSTER, message: /^runs the Azure Policy add-on with no allowed-images policy assigned that names registries$/ }],
      },
      "a regex that admits every image": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          ...containerInsights(AKS_DEV),
          podSecurityInitiative(AKS_DEV),
          allowedImagesPolicy(AKS_DEV, { parameters: JSON.stringify({ effect: { value: "Audit" }, allowedContainerImagesRegex: { value: ".*" } }) }),
        ]),
        expected: [{ path: CLUSTER, message: /no allowed-images policy assigned that names registries/ }],
      },
      "the policy with effect Disabled": {
        view: view(AKS_DEV, [
          aksCluster(AKS_DEV),
          ...containerInsights(AKS_DEV),
          podSecurityInitiative(AKS_DEV),
          allowedImagesPolicy(AKS_DEV, { parameters: JSON.stringify({ effect: { value: "disabled" } }) }),
        ]),
        expected: [{ path: CLUSTER, message: /no allowed-images policy assigned/ }],
      },
    },
  },
  "ACR-001": {
    compliant: { "private, keyless, no export": view(AKS_DEV, [registry()]) },
    violating: {
      "the admin user": { view: view(AKS_DEV, [registry({ admin_enabled: true })]), expected: [{ path: REGISTRY, message: /^has the admin user enabled$/ }] },
      "anonymous pull": {
        view: view(AKS_DEV, [registry({ anonymous_pull_enabled: true })]),
        expected: [{ path: REGISTRY, message: /^allows anonymous pull$/ }],
      },
      "public network access (the provider's default)": {
        view: view(AKS_DEV, [registry({ public_network_access_enabled: undefined })]),
        expected: [{ path: REGISTRY, message: /^has public network access enabled$/ }],
      },
      "export allowed (the provider's default)": {
        view: view(AKS_DEV, [registry({ export_policy_enabled: undefined })]),
        expected: [{ path: REGISTRY, message: /^allows exporting its images$/ }],
      },
    },
  },
};

export const AZURE_CASES: RuleCaseTable = {
  ...STORAGE_CASES,
  ...DATA_FACTORY_CASES,
  ...DATABRICKS_CASES,
  ...SQL_CASES,
  ...KEY_VAULT_CASES,
  ...KEY_VAULT_GRANT_CASES,
  ...AKS_CASES,
};
