/**
 * A data platform only, as another repository builds it with this package: one stack with the network (egress
 * through the Azure Firewall), Log Analytics with the subscription's Activity Log, the medallion platform (lake, Key
 * Vault, Data Factory, Databricks, Azure SQL), its pipeline alerts and the factory's linked-service guardrail, with
 * the mandatory tags and the policy pack. Run it with `npx tsx examples/data-platform/main.ts [outdir]`.
 */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import {
  ActivityLogExport,
  DataFactoryGuardrails,
  DataNetwork,
  databricksEgressAllowList,
  LogAnalytics,
  MEDALLION_LINKED_SERVICE_TYPES,
  MedallionPlatform,
  MedallionSource,
  PipelineAlerts,
  PolicyAspect,
  SQL_AUDIT_LOG_TABLE,
  SqlDatabaseSku,
  TaggingAspect,
} from "azure-platform-iac";

const TENANT_ID = "00000000-0000-0000-0000-00000000000a";
const SUBSCRIPTION_ID = "00000000-0000-0000-0000-00000000000b";
const LOCATION = "westeurope";

/** One daily CSV drop of orders: typed and deduplicated in silver, summed per day in gold, served from SQL. */
const ORDERS: MedallionSource = {
  name: "orders",
  format: "csv",
  trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" },
  silver: { columns: { order_id: "BIGINT", amount: "DOUBLE" }, keys: ["order_id"], required: ["order_id"] },
  gold: { groupBy: [], measures: { amount: "sum" } },
  goldTable: { schema: "gold", table: "orders" },
};

/** Builds the data platform's app into `outdir` and synthesizes it; the policy pack refuses the synth on a finding. */
export function synthDataPlatform(outdir: string): App {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "example-data");
  new AzurermProvider(stack, "azurerm", {
    // The lake is private and keyless: the provider reads no storage data plane and signs in with Entra ID.
    features: [{ storage: [{ dataPlaneAvailable: false }] }],
    subscriptionId: SUBSCRIPTION_ID,
    tenantId: TENANT_ID,
    storageUseAzuread: true,
  });
  Aspects.of(stack).add(new TaggingAspect({ environment: "dev", owner: "data-team", costCenter: "cc-1234" }));
  Aspects.of(stack).add(new PolicyAspect({ environment: "dev", production: false }));

  const rg = new ResourceGroup(stack, "ResourceGroup", { name: "rg-example-data", location: LOCATION });
  const placement = { resourceGroupName: rg.name, location: LOCATION };
  const logs = new LogAnalytics(stack, "LogAnalytics", {
    ...placement,
    name: "log-example-data",
    tableRetention: { [SQL_AUDIT_LOG_TABLE]: { totalRetentionInDays: 365 } },
  });
  new ActivityLogExport(stack, "ActivityLog", { subscriptionId: SUBSCRIPTION_ID, workspaceId: logs.id });
  const diagnosticSettings = { logs: { workspaceId: logs.id } };
  const network = new DataNetwork(stack, "Network", {
    ...placement,
    name: "vnet-example-data",
    addressSpace: "10.10.0.0/16",
    subnets: { privateEndpoints: "10.10.0.0/24", databricksHost: "10.10.1.0/26", databricksContainer: "10.10.2.0/26" },
    firewall: {
      name: "afw-example-data",
      subnetRange: "10.10.3.0/26",
      allowList: databricksEgressAllowList(LOCATION, { publicWorkspace: false, dbfsStorageAccountName: "stexampledbfs" }),
      diagnosticSettings,
    },
    diagnosticSettings,
  });
  const platform = new MedallionPlatform(stack, "Platform", {
    ...placement,
    names: {
      storageAccount: "stexamplelake",
      keyVault: "kv-example-data",
      dataFactory: "adf-example-data",
      databricksWorkspace: "dbw-example-data",
      databricksAccessConnector: "dbac-example-data",
      databricksStorageAccount: "stexampledbfs",
      sqlServer: "sql-example-data",
      sqlDatabase: "sqldb-example-gold",
      transformIdentity: "id-example-transform",
    },
    tenantId: TENANT_ID,
    network,
    logAnalyticsWorkspaceId: logs.id,
    dataLake: { replication: "ZRS", softDeleteRetentionInDays: 7, lifecycle: {}, lock: false },
    keyVault: { softDeleteRetentionInDays: 7 },
    dataFactory: { publicNetworkAccess: false },
    databricks: {
      publicNetworkAccess: false,
      jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
    },
    sql: {
      entraAdmin: { loginName: "sg-sql-admins", objectId: "00000000-0000-0000-0000-000000000001" },
      publicNetworkAccess: false,
      sku: SqlDatabaseSku.serverless({ maxVCores: 2 }),
      maxSizeGb: 32,
      zoneRedundant: false,
      shortTermRetentionDays: 7,
      lock: false,
    },
    medallion: { sources: [ORDERS] },
  });
  // Failed runs reach the team; the factory may only hold the linked-service types the medallion flow uses.
  const alerts = new PipelineAlerts(stack, "PipelineAlerts", {
    ...placement,
    dataFactoryId: platform.factory.id,
    namePrefix: "alert-example-medallion",
    actionGroupName: "ag-example-medallion",
    shortName: "example-data",
    receivers: { emails: ["data-team@example.com"] },
  });
  new DataFactoryGuardrails(stack, "FactoryGuardrails", {
    resourceGroupName: rg.name,
    resourceGroupId: rg.id,
    namePrefix: "example-data",
    allowedLinkedServiceTypes: MEDALLION_LINKED_SERVICE_TYPES,
    actionGroupId: alerts.actionGroupId,
  });
  new TerraformOutput(stack, "lake_dfs_endpoint", { value: platform.lake.dfsEndpoint });
  new TerraformOutput(stack, "sql_server_fqdn", { value: platform.sql.serverFqdn });
  app.synth();
  return app;
}

if (require.main === module) synthDataPlatform(process.argv[2] ?? "examples/data-platform/cdktf.out");
