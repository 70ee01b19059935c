import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { DiagnosticSettingsProps, ResourcePlacement } from "../core/interfaces";
import { IUserAssignedIdentity, userAssignedPrincipal } from "../core/managed-identities";
import { IDataNetwork } from "../network/data-network";
import { KeyVault, KeyVaultProps } from "../security/key-vault";
import { DataFactory, DataFactoryProps } from "./data-factory";
import { UNITY_CATALOG_FILESYSTEM } from "./unity-catalog";
import { filesystemsWith, MEDALLION_LAKE_ACCESS } from "./medallion/names";
import { DataLake, DataLakeProps } from "./data-lake";
import { DatabricksCustomerManagedKeyProps, DatabricksWorkspace, DatabricksWorkspaceProps } from "./databricks-workspace";
import { CustomerManagedKeyProps } from "../security/customer-managed-key";
import { JobClusterProps } from "./factory/linked-services";
import { MedallionPipelines, MedallionSource } from "./medallion-pipelines";
import { SqlAuditingProps, SqlServing, SqlServingProps } from "./sql-serving";

/** Names of the platform's resources (the stack derives them from the naming convention). */
export interface MedallionPlatformNames {
  readonly storageAccount: string;
  readonly keyVault: string;
  readonly dataFactory: string;
  readonly databricksWorkspace: string;
  readonly databricksAccessConnector: string;
  /**
   * The workspace's DBFS root storage account.
   * @default - a name Databricks generates (no egress firewall can then allow it)
   */
  readonly databricksStorageAccount?: string;
  readonly sqlServer: string;
  readonly sqlDatabase: string;
  /** User-assigned identity the Databricks notebooks run as. */
  readonly transformIdentity: string;
}

/** Props of {@link MedallionPlatform}. */
export interface MedallionPlatformProps extends ResourcePlacement {
  readonly names: MedallionPlatformNames;
  /** Entra tenant of the environment. */
  readonly tenantId: string;
  /** Network the platform's private endpoints and Databricks live in. */
  readonly network: IDataNetwork;
  /** Log Analytics workspace id that receives every diagnostic setting and SQL audit log. */
  readonly logAnalyticsWorkspaceId: string;
  /** The lake's settings, as {@link DataLakeProps} names them. */
  readonly dataLake: Pick<DataLakeProps, "replication" | "softDeleteRetentionInDays" | "lifecycle" | "publicNetworkAccess" | "allowedIpRanges"> & {
    /** CanNotDelete lock on the lake's storage account: a decision of the composition (production locks). */
    readonly lock: boolean;
  };
  /**
   * Customer-managed keys per service (each with its identity's access to the key already granted).
   * @default {} - Microsoft-managed keys everywhere
   */
  readonly customerManagedKeys?: {
    readonly dataLake?: CustomerManagedKeyProps;
    readonly sqlServer?: CustomerManagedKeyProps;
    readonly databricks?: DatabricksCustomerManagedKeyProps;
  };
  /** The vault's settings, as {@link KeyVaultProps} names them, and the secrets the factory reads. */
  readonly keyVault: Pick<KeyVaultProps, "softDeleteRetentionInDays"> & {
    /**
     * Secrets the factory may read, each granted on the secret (which must exist before the apply).
     * @default [] - the factory reads no secret
     */
    readonly factorySecrets?: readonly string[];
  };
  /** The factory's settings, as {@link DataFactoryProps} names them. */
  readonly dataFactory: Pick<DataFactoryProps, "publicNetworkAccess" | "gitRepository">;
  /** The workspace's settings, as {@link DatabricksWorkspaceProps} names them, and the factory's job cluster. */
  readonly databricks: Pick<DatabricksWorkspaceProps, "publicNetworkAccess" | "preventDestroy"> & {
    /** Job cluster that Data Factory starts for each notebook run. */
    readonly jobCluster: JobClusterProps;
    /**
     * CanNotDelete lock on the workspace (production): no identity, however it got Contributor, deletes it.
     * @default false
     */
    readonly lock?: boolean;
  };
  /** The serving database's settings, as {@link SqlServingProps} names them. */
  readonly sql: Pick<
    SqlServingProps,
    | "entraAdmin"
    | "publicNetworkAccess"
    | "sku"
    | "maxSizeGb"
    | "zoneRedundant"
    | "shortTermRetentionDays"
    | "longTermRetention"
    | "backupStorageRedundancy"
    | "threatDetection"
  > & {
    /** CanNotDelete lock on the SQL server: a decision of the composition (production locks). */
    readonly lock: boolean;
  };
  readonly medallion: {
    readonly sources: readonly MedallionSource[];
  };
}

/**
 * The medallion data platform: ADLS Gen2 lake (landing, bronze, silver, gold), Key Vault, Data Factory (managed
 * VNet, managed private endpoints), Databricks (VNet-injected, Unity Catalog access connector) and Azure SQL, each
 * with private endpoints and diagnostics to Log Analytics, wired with least-privilege grants:
 * factory and access connector -> Storage Blob Data Reader or Contributor on the filesystems each uses
 * (`MEDALLION_LAKE_ACCESS`), the connector also Storage Blob Delegator on the account; factory -> Key Vault Secrets User on each secret it is given (none by default), never on the vault. The transformation identity (a user-assigned identity of the factory,
 * the one the notebooks run as) holds no Azure role on the workspace: `<env>-databricks` registers it there as a
 * service principal (workspace access, cluster creation), which is what admits Data Factory's managed-identity
 * sign-in; an Azure Contributor would make it a workspace admin with ARM write on the workspace. What the notebooks
 * may read and write is decided by Unity Catalog grants to it; the factory's SQL access is a T-SQL step (see
 * README). The pipelines are in {@link MedallionPipelines}.
 *
 * @example
 * ```ts
 * const platform = new MedallionPlatform(this, "Platform", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   names: {
 *     storageAccount: "stlakedev",
 *     keyVault: "kv-data-dev",
 *     dataFactory: "adf-data-dev",
 *     databricksWorkspace: "dbw-data-dev",
 *     databricksAccessConnector: "dbac-data-dev",
 *     sqlServer: "sql-data-dev",
 *     sqlDatabase: "sqldb-gold",
 *     transformIdentity: "id-data-dev-transform",
 *   },
 *   tenantId: "00000000-0000-0000-0000-00000000000a",
 *   network,
 *   logAnalyticsWorkspaceId: logs.id,
 *   dataLake: { replication: "ZRS", softDeleteRetentionInDays: 7, lifecycle: {}, lock: false },
 *   keyVault: { softDeleteRetentionInDays: 7 },
 *   dataFactory: { publicNetworkAccess: false },
 *   databricks: {
 *     publicNetworkAccess: false,
 *     jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
 *   },
 *   sql: {
 *     entraAdmin: { loginName: "sg-sql-admins", objectId: "00000000-0000-0000-0000-000000000001" },
 *     publicNetworkAccess: false,
 *     sku: SqlDatabaseSku.serverless({ maxVCores: 2 }),
 *     maxSizeGb: 32,
 *     zoneRedundant: false,
 *     shortTermRetentionDays: 7,
 *   },
 *   medallion: { sources: [orders] },
 * });
 * ```
 */
export class MedallionPlatform extends Construct {
  public readonly lake: DataLake;
  public readonly keyVault: KeyVault;
  public readonly factory: DataFactory;
  public readonly databricks: DatabricksWorkspace;
  public readonly sql: SqlServing;
  public readonly pipelines: MedallionPipelines;
  /** The identity the Databricks notebooks run as (principal, resource id and client id, as every `identity`). */
  public readonly transformIdentity: IUserAssignedIdentity;

  constructor(scope: Construct, id: string, props: MedallionPlatformProps) {
    super(scope, id);
    const { names, network } = props;
    const placement: ResourcePlacement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const diagnosticSettings: DiagnosticSettingsProps = { logs: { workspaceId: props.logAnalyticsWorkspaceId } };
    const subnetId = network.privateEndpointSubnet.id;
    const { lock: lakeLock, ...lakeSettings } = props.dataLake;
    const { lock: sqlLock, ...sqlSettings } = props.sql;
    const zones = network.privateDnsZoneIds;

    this.lake = new DataLake(this, "Lake", {
      ...placement,
      name: names.storageAccount,
      ...lakeSettings,
      // Unity Catalog's managed storage (the catalog's and schemas' tables), out of reach of the layers' lifecycle rules.
      additionalFilesystems: [UNITY_CATALOG_FILESYSTEM],
      lock: lakeLock ? { kind: "CanNotDelete" } : undefined,
      privateEndpoints: {
        dfs: { subresourceName: "dfs", subnetId, privateDnsZoneIds: [zones.dfs] },
        blob: { subresourceName: "blob", subnetId, privateDnsZoneIds: [zones.blob] },
      },
      diagnosticSettings,
      customerManagedKey: props.customerManagedKeys?.dataLake,
    });

    this.keyVault = new KeyVault(this, "KeyVault", {
      ...placement,
      name: names.keyVault,
      tenantId: props.tenantId,
      softDeleteRetentionInDays: props.keyVault.softDeleteRetentionInDays,
      privateEndpoints: { vault: { subnetId, privateDnsZoneIds: [zones.vault] } },
      diagnosticSettings,
    });

    this.databricks = new DatabricksWorkspace(this, "Databricks", {
      ...placement,
      name: names.databricksWorkspace,
      accessConnectorName: names.databricksAccessConnector,
      storageAccountName: names.databricksStorageAccount,
      virtualNetworkId: network.id,
      hostSubnet: network.databricksHostSubnet,
      containerSubnet: network.databricksContainerSubnet,
      publicNetworkAccess: props.databricks.publicNetworkAccess,
      preventDestroy: props.databricks.preventDestroy,
      lock: props.databricks.lock ? { kind: "CanNotDelete" } : undefined,
      privateEndpoints: { uiApi: { subnetId, privateDnsZoneIds: [zones.databricks] } },
      // Without public access, single sign-on to the workspace UI needs the browser-authentication endpoint too
      // (one per region and DNS zone; this platform is the only workspace in its network).
      browserAuthenticationPrivateEndpoints: props.databricks.publicNetworkAccess
        ? undefined
        : { browserAuth: { subnetId, privateDnsZoneIds: [zones.databricks] } },
      diagnosticSettings,
      customerManagedKey: props.customerManagedKeys?.databricks,
    });

    this.sql = new SqlServing(this, "Sql", {
      ...placement,
      serverName: names.sqlServer,
      databaseName: names.sqlDatabase,
      ...sqlSettings,
      auditing: { workspaceId: props.logAnalyticsWorkspaceId } satisfies SqlAuditingProps,
      privateEndpoints: { sqlServer: { subnetId, privateDnsZoneIds: [zones.sql] } },
      // The serving database is a data store too: its server is locked with the lake.
      lock: sqlLock ? { kind: "CanNotDelete" } : undefined,
      diagnosticSettings,
      customerManagedKey: props.customerManagedKeys?.sqlServer,
    });

    const transform = (this.transformIdentity = userAssignedPrincipal(
      new UserAssignedIdentity(this, "TransformIdentity", { ...placement, name: names.transformIdentity }),
    ));

    this.factory = new DataFactory(this, "Factory", {
      ...placement,
      name: names.dataFactory,
      // Its own identity moves data; the transformation identity runs the notebooks (a factory credential).
      managedIdentities: { systemAssigned: true, userAssignedResourceIds: [transform.id] },
      publicNetworkAccess: props.dataFactory.publicNetworkAccess,
      gitRepository: props.dataFactory.gitRepository,
      // Data movement runs in the managed VNet and reaches each service privately (approve these on the targets).
      managedPrivateEndpoints: {
        "mpe-lake-dfs": { targetResourceId: this.lake.id, subresourceName: "dfs" },
        // Some ADLS Gen2 operations of the copy activity go to the blob endpoint.
        "mpe-lake-blob": { targetResourceId: this.lake.id, subresourceName: "blob" },
        "mpe-sql": { targetResourceId: this.sql.serverId, subresourceName: "sqlServer" },
        "mpe-keyvault": { targetResourceId: this.keyVault.id, subresourceName: "vault" },
        "mpe-databricks": { targetResourceId: this.databricks.id, subresourceName: "databricks_ui_api" },
      },
      privateEndpoints: { dataFactory: { subnetId, privateDnsZoneIds: [zones.dataFactory] } },
      diagnosticSettings,
    });

    // Both reach the lake as themselves (resource instance rules): no "trusted Azure services" bypass.
    this.lake.admitResource(this.databricks.accessConnector.id, props.tenantId);
    this.lake.admitResource(this.factory.id, props.tenantId);

    // Least-privilege wiring between the services: each identity gets the filesystems it uses (MEDALLION_LAKE_ACCESS),
    // the access connector those of the notebooks plus the catalog's managed storage.
    const { factory: factoryAccess, transformation } = MEDALLION_LAKE_ACCESS;
    this.lake.grantRead(this.factory.identity, "factory", { layers: filesystemsWith(factoryAccess, "read") });
    this.lake.grantReadWrite(this.factory.identity, "factory", { layers: filesystemsWith(factoryAccess, "readWrite") });
    this.lake.grantRead(this.databricks.accessConnector, "unity-catalog", { layers: filesystemsWith(transformation, "read") });
    this.lake.grantReadWrite(this.databricks.accessConnector, "unity-catalog", {
      layers: [...filesystemsWith(transformation, "readWrite"), UNITY_CATALOG_FILESYSTEM],
    });
    // Unity Catalog hands clusters user-delegation SAS tokens; the key that signs them is requested on the account
    // (a data role on a container does not include it). The role grants no data access: a SAS carries at most the
    // rights its signer has on the path, which are the container roles above.
    this.lake.grantRole(this.databricks.accessConnector, "Storage Blob Delegator", "UnityCatalogDelegator", {
      description: "User-delegation keys for Unity Catalog's SAS tokens (no data access)",
    });
    for (const secret of props.keyVault.factorySecrets ?? []) this.keyVault.grantSecretRead(this.factory.identity, secret, `factory-${secret}`);

    this.pipelines = new MedallionPipelines(this, "Pipelines", {
      factory: this.factory,
      lake: this.lake,
      databricks: { workspaceId: this.databricks.id, workspaceUrl: this.databricks.workspaceUrl, jobCluster: props.databricks.jobCluster },
      sql: { serverFqdn: this.sql.serverFqdn, databaseName: this.sql.databaseName },
      keyVaultId: this.keyVault.id,
      transformIdentity: transform,
      sources: props.medallion.sources,
    });
  }
}
