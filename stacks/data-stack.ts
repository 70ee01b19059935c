import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { configureBackend } from "./backend";
import { customerManagedKeyOf, databricksCustomerManagedKey } from "./customer-managed-keys";
import { applyOrganisationAspects, isProduction, productionLock } from "./organisation";
import { DefenderPlans } from "../constructs/security/defender-plans";
import { DataFactoryGuardrails } from "../constructs/data/data-factory-guardrails";
import { databricksEgressAllowList } from "../constructs/data/databricks-egress";
import { MEDALLION_LINKED_SERVICE_TYPES } from "../constructs/data/factory/linked-services";
import { MedallionPlatform } from "../constructs/data/medallion-platform";
import { goldColumns, servingSetupSql } from "../constructs/data/transformations/serving-tables";
import { SqlDatabaseSku } from "../constructs/data/sql-database-sku";
import { SQL_AUDIT_LOG_TABLE } from "../constructs/data/sql-serving";
import { ActivityLogExport } from "../constructs/observability/activity-log-export";
import { LogAnalytics } from "../constructs/observability/log-analytics";
import { PipelineAlerts } from "../constructs/observability/pipeline-alerts";
import { DataNetwork } from "../constructs/network/data-network";

/** Props of {@link DataStack}. */
export interface DataStackProps {
  readonly config: EnvironmentConfig;
}

function sqlSku(sku: EnvironmentConfig["sql"]["database"]["sku"]): SqlDatabaseSku {
  switch (sku.tier) {
    case "serverless":
      return SqlDatabaseSku.serverless(sku);
    case "generalPurpose":
      return SqlDatabaseSku.generalPurpose(sku.vCores);
    case "businessCritical":
      return SqlDatabaseSku.businessCritical(sku.vCores);
  }
}

/**
 * `<env>-data`: the environment's data platform (network, Log Analytics, lake, factory, Databricks, SQL, Key Vault,
 * RBAC). Composition only: every setting comes from the checked config, every default from the constructs.
 */
export class DataStack extends TerraformStack {
  public readonly platform: MedallionPlatform;
  /** The environment's Log Analytics workspace, shared with the AKS stack (Container Insights). */
  public readonly logAnalytics: LogAnalytics;
  /** The serving database's one-time setup (factory user without DDL rights, gold schemas and tables), as T-SQL. */
  public readonly servingSetupSql: string;

  constructor(scope: Construct, id: string, { config }: DataStackProps) {
    super(scope, id);
    const names = new ResourceNames(config);
    configureBackend(this, id, config);
    applyOrganisationAspects(this, config, { tags: true });

    new AzurermProvider(this, "azurerm", {
      // The lake is private: without this, azurerm 4.x reads queue and static-website properties through the
      // storage data plane on every plan and fails outside the network (the lake uses neither).
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
      subscriptionId: config.subscriptionId,
      tenantId: config.tenantId,
      // The lake has shared keys disabled: the provider must use Entra ID for storage data-plane calls.
      storageUseAzuread: true,
    });

    const rg = new ResourceGroup(this, "ResourceGroup", { name: names.dataResourceGroup, location: config.location });
    const placement = { resourceGroupName: rg.name, location: config.location };
    const logs = (this.logAnalytics = new LogAnalytics(this, "LogAnalytics", {
      ...placement,
      name: names.logAnalytics,
      retentionInDays: config.observability.logRetentionInDays,
      // SQL audit events are kept as long as the table they land in keeps data.
      tableRetention: { [SQL_AUDIT_LOG_TABLE]: { totalRetentionInDays: config.sql.auditRetentionInDays } },
      // The audit trail lives here: locked in prod like the other data stores.
      lock: productionLock(config),
    }));
    new ActivityLogExport(this, "ActivityLog", { subscriptionId: config.subscriptionId, workspaceId: logs.id });
    // Subscription-wide, like the Activity Log export: the environment's subscription is managed here.
    new DefenderPlans(this, "Defender", { plans: config.defender });
    const platformNames = { ...names.platformNames(), ...config.names };
    const { egress, subnets } = config.network;
    const network = new DataNetwork(this, "Network", {
      ...placement,
      name: names.virtualNetwork,
      addressSpace: config.network.addressSpace,
      subnets: { privateEndpoints: subnets.privateEndpoints, databricksHost: subnets.databricksHost, databricksContainer: subnets.databricksContainer },
      firewall:
        egress.type === "firewall"
          ? {
              name: names.dataFirewall,
              // The schema requires the range with a firewall.
              subnetRange: subnets.firewall!,
              allowList: databricksEgressAllowList(config.location, {
                publicWorkspace: config.databricks.publicNetworkAccess,
                dbfsStorageAccountName: platformNames.databricksStorageAccount,
              }),
              zones: egress.zones,
              diagnosticSettings: { logs: { workspaceId: logs.id } },
            }
          : undefined,
      natGatewayZone: egress.type === "natGateway" ? egress.zone : undefined,
      privateEndpointClients: config.network.privateEndpointClients,
      diagnosticSettings: { logs: { workspaceId: logs.id } },
    });

    const { dataLake, dataFactory, databricks, sql, medallion } = config;
    this.servingSetupSql = servingSetupSql({
      environment: config.environment,
      factoryName: platformNames.dataFactory,
      tables: medallion.sources.map((s) => ({ ...s.goldTable, columns: goldColumns(s.gold, s.silver) })),
    });
    this.platform = new MedallionPlatform(this, "Platform", {
      ...placement,
      names: platformNames,
      tenantId: config.tenantId,
      network,
      logAnalyticsWorkspaceId: logs.id,
      dataLake: {
        replication: dataLake.replication,
        softDeleteRetentionInDays: dataLake.softDeleteRetentionInDays,
        lifecycle: dataLake.lifecycle,
        lock: dataLake.lock,
        publicNetworkAccess: dataLake.publicNetworkAccess,
        allowedIpRanges: dataLake.allowedIpRanges,
      },
      customerManagedKeys: {
        dataLake: customerManagedKeyOf(this, config, "dataLake", placement),
        sqlServer: customerManagedKeyOf(this, config, "sqlServer", placement),
        databricks: databricksCustomerManagedKey(config),
      },
      keyVault: { softDeleteRetentionInDays: config.keyVault.softDeleteRetentionInDays, factorySecrets: config.keyVault.factorySecrets },
      dataFactory: {
        publicNetworkAccess: dataFactory.publicNetworkAccess,
        gitRepository: dataFactory.git?.type === "azureDevOps" ? { ...dataFactory.git, tenantId: config.tenantId } : dataFactory.git,
      },
      databricks: {
        publicNetworkAccess: databricks.publicNetworkAccess,
        jobCluster: databricks.jobCluster,
        preventDestroy: isProduction(config),
        lock: isProduction(config),
      },
      sql: {
        entraAdmin: { loginName: sql.entraAdmin.loginName, objectId: sql.entraAdmin.objectId, tenantId: config.tenantId },
        publicNetworkAccess: sql.publicNetworkAccess,
        sku: sqlSku(sql.database.sku),
        maxSizeGb: sql.database.maxSizeGb,
        zoneRedundant: sql.database.zoneRedundant,
        shortTermRetentionDays: sql.database.shortTermRetentionDays,
        longTermRetention: sql.database.longTermRetention,
        backupStorageRedundancy: sql.backupStorageRedundancy,
        // config's dataLake.lock protects the stored data: the lake and the serving database's server alike.
        lock: dataLake.lock,
        threatDetection: sql.threatDetection.enabled ? { emailAddresses: sql.threatDetection.alertEmails } : false,
      },
      medallion: { sources: medallion.sources },
    });

    // Failed pipeline, trigger and Databricks runs of the medallion flow reach the people in config.
    const alerts = new PipelineAlerts(this, "PipelineAlerts", {
      ...placement,
      dataFactoryId: this.platform.factory.id,
      namePrefix: names.standard("alert", "medallion"),
      actionGroupName: names.standard("ag", "medallion"),
      shortName: `${config.workload}-${config.environment}`.slice(0, 12),
      receivers: { emails: medallion.alerts.emails, webhooks: medallion.alerts.webhooks },
      severity: medallion.alerts.severity,
    });
    // The factory's managed network cannot be routed through a firewall: its linked-service types are the control.
    new DataFactoryGuardrails(this, "FactoryGuardrails", {
      resourceGroupName: rg.name,
      resourceGroupId: rg.id,
      namePrefix: `${config.workload}-${config.environment}`,
      allowedLinkedServiceTypes: MEDALLION_LINKED_SERVICE_TYPES,
      actionGroupId: alerts.actionGroupId,
    });

    new TerraformOutput(this, "lake_dfs_endpoint", { value: this.platform.lake.dfsEndpoint });
    new TerraformOutput(this, "data_factory_name", { value: this.platform.factory.name });
    new TerraformOutput(this, "databricks_workspace_url", { value: this.platform.databricks.workspaceUrl });
    new TerraformOutput(this, "sql_server_fqdn", { value: this.platform.sql.serverFqdn });
    new TerraformOutput(this, "transform_identity_client_id", {
      value: this.platform.transformIdentity.clientId,
      description: "Application id of the identity the notebooks run as (its Databricks service principal)",
    });
  }
}
