/** The medallion data platform: lake, factory, Databricks, SQL serving, their composition and Unity Catalog. */
export { DATA_FACTORY_DEFAULTS, DataFactory } from "../constructs/data/data-factory";
export type {
  DataFactoryGitRepository,
  DataFactoryProps,
  IDataFactory,
  IntegrationRuntimeProps,
  ManagedPrivateEndpointProps,
} from "../constructs/data/data-factory";
export { DATA_FACTORY_GUARDRAILS_DEFAULTS, DataFactoryGuardrails } from "../constructs/data/data-factory-guardrails";
export type { DataFactoryGuardrailsProps } from "../constructs/data/data-factory-guardrails";
export { DATA_LAKE_DEFAULTS, DATA_LAKE_LAYERS, DataLake } from "../constructs/data/data-lake";
export type { DataLakeLayer, DataLakePrivateEndpointProps, DataLakeProps, LayerLifecycle, StorageReplication } from "../constructs/data/data-lake";
export { DATABRICKS_EGRESS_ENDPOINTS, databricksEgressAllowList } from "../constructs/data/databricks-egress";
export type { DatabricksEgressOptions, DatabricksRegionEndpoints } from "../constructs/data/databricks-egress";
export { DATABRICKS_WORKSPACE_DEFAULTS, DATABRICKS_WORKSPACE_FIXED, DatabricksWorkspace, grantManagedDiskKey } from "../constructs/data/databricks-workspace";
export type { DatabricksCustomerManagedKeyProps, DatabricksWorkspaceProps } from "../constructs/data/databricks-workspace";
export { MEDALLION_NAMES, MedallionPipelines } from "../constructs/data/medallion-pipelines";
export { CSV_DEFAULTS } from "../constructs/data/medallion/source";
export type { CsvDialect, MedallionPipelinesProps, MedallionSource, SourceTrigger, TransformIdentity } from "../constructs/data/medallion-pipelines";
export { MedallionPlatform } from "../constructs/data/medallion-platform";
export type { MedallionPlatformNames, MedallionPlatformProps } from "../constructs/data/medallion-platform";
export { SQL_SERVERLESS_DEFAULTS, SqlDatabaseSku } from "../constructs/data/sql-database-sku";
export type { SqlHardwareFamily, SqlPremiumObjective, SqlServerlessOptions, SqlSkuTier, SqlStandardObjective } from "../constructs/data/sql-database-sku";
export { SQL_AUDIT_LOG_TABLE, SQL_SERVING_DEFAULTS, SQL_SERVING_FIXED, SqlServing } from "../constructs/data/sql-serving";
export type { SqlAuditingProps, SqlBackupStorageRedundancy, SqlEntraAdmin, SqlLongTermRetention, SqlServingProps } from "../constructs/data/sql-serving";
export { TransformationWorkspace } from "../constructs/data/transformation-workspace";
export type { TransformationWorkspaceProps } from "../constructs/data/transformation-workspace";
export { goldColumns, servingSetupSql } from "../constructs/data/transformations/serving-tables";
export type { ServingColumn, ServingTable } from "../constructs/data/transformations/serving-tables";
export type { GoldAggregation, GoldSpec, SilverSpec, SilverType } from "../constructs/data/transformations/sql";
export { CATALOG_SCHEMAS, UNITY_CATALOG_FILESYSTEM, UNITY_CATALOG_LAKE_DEFAULTS, UnityCatalogLake } from "../constructs/data/unity-catalog";
export type { FileAccess, UnityCatalogLakeProps } from "../constructs/data/unity-catalog";
export { WorkspaceIpAccessList } from "../constructs/data/workspace-ip-access-list";
export type { WorkspaceIpAccessListProps } from "../constructs/data/workspace-ip-access-list";
