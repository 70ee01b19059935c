import { DataFactoryLinkedServiceAzureSqlDatabase } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-azure-sql-database";
import { DataFactoryLinkedServiceDataLakeStorageGen2 } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-data-lake-storage-gen2";
import { DataFactoryLinkedServiceKeyVault } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-key-vault";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { Construct } from "constructs";
import { checkRange, collectProblems, propError } from "../../core/validation";
import { IDataFactory } from "../data-factory";
import { IFactoryCredential } from "./credentials";
import { IFactoryEntity } from "./entity";
import { checkFactoryEntityName } from "./factory-names";

/**
 * Linked services of the medallion platform. Every one authenticates with a managed identity (the factory's own, or
 * for Databricks the transformation identity) and runs on the managed-VNet integration runtime: none carries a key,
 * password, token or secret connection string.
 */

interface LinkedServiceBaseProps {
  readonly factory: IDataFactory;
  /** Linked service name. */
  readonly name: string;
}

/** Data Factory's type names of the linked services below: what a factory of this platform needs, and all it may hold. */
export const MEDALLION_LINKED_SERVICE_TYPES = ["AzureBlobFS", "AzureDatabricks", "AzureSqlDatabase", "AzureKeyVault"] as const;

/** A linked service: what datasets and activities refer to ({@link linkedServiceRef}). */
export interface ILinkedService extends IFactoryEntity {
  readonly entityKind: "LinkedService";
  /** Resource id (some azurerm datasets reference their linked service by id). */
  readonly id: string;
}

/**
 * ADLS Gen2 through its dfs endpoint, with the factory's managed identity.
 *
 * @example
 * ```ts
 * const lakeLinked = new LakeLinkedService(this, "LakeLinked", { factory, name: "ls_lake", dfsEndpoint: lake.dfsEndpoint });
 * ```
 */
export class LakeLinkedService extends Construct implements ILinkedService {
  public readonly resource: DataFactoryLinkedServiceDataLakeStorageGen2;
  public readonly name: string;
  public readonly id: string;
  public readonly entityKind = "LinkedService";

  constructor(scope: Construct, id: string, props: LinkedServiceBaseProps & { readonly dfsEndpoint: string }) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryLinkedServiceDataLakeStorageGen2(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      integrationRuntimeName: props.factory.integrationRuntimeName,
      url: props.dfsEndpoint,
      useManagedIdentity: true,
      description: "Medallion lake (landing, bronze, silver, gold) with the factory's managed identity",
    });
    this.name = props.name;
    this.id = this.resource.id;
  }
}

/** Sizing of the job cluster Data Factory creates for each notebook run. */
export interface JobClusterProps {
  /** Databricks runtime, e.g. "15.4.x-scala2.12". */
  readonly sparkVersion: string;
  /** VM size of workers and driver, e.g. "Standard_D4ds_v5". */
  readonly nodeType: string;
  /** Autoscaling minimum (>= 1). */
  readonly minWorkers: number;
  /** Autoscaling maximum (>= minWorkers). */
  readonly maxWorkers: number;
}

/** The Databricks linked service's `typeProperties`, as Data Factory's API takes them. */
export function databricksTypeProperties(props: {
  readonly workspaceId: string;
  readonly workspaceUrl: string;
  readonly jobCluster: JobClusterProps;
  readonly credentialName: string;
}): Record<string, unknown> {
  const { jobCluster } = props;
  return {
    domain: `https://${props.workspaceUrl}`,
    authentication: "MSI",
    workspaceResourceId: props.workspaceId,
    credential: { referenceName: props.credentialName, type: "CredentialReference" },
    newClusterVersion: jobCluster.sparkVersion,
    newClusterNodeType: jobCluster.nodeType,
    newClusterDriverNodeType: jobCluster.nodeType,
    newClusterNumOfWorker: `${jobCluster.minWorkers}:${jobCluster.maxWorkers}`,
    // Unity Catalog needs an access mode; single user (dedicated) runs as the identity that submits the run.
    dataSecurityMode: "SINGLE_USER",
  };
}

/**
 * Azure Databricks, authenticated as a user-assigned identity (a factory credential), with a new job cluster per
 * notebook run in single-user access mode: the cluster runs as that identity, so Unity Catalog grants to it
 * decide what the notebooks can read and write. The identity is admitted as a workspace service principal
 * (`<env>-databricks`), with no Azure role on the workspace.
 *
 * It is an ARM deployment of the linked service, not an azurerm linked service: azurerm's typed Databricks
 * linked service has neither the credential nor the access mode, and its custom linked service passes the JSON
 * through an SDK model without `dataSecurityMode`, which drops the property without a diff. A deployment sends
 * Data Factory's own JSON as written. Terraform tracks the deployment, not the linked service: a change made in
 * the factory's authoring UI is not detected (the next change of these properties overwrites it); destroying it
 * deletes the linked service.
 *
 * @example
 * ```ts
 * new DatabricksLinkedService(this, "DatabricksLinked", {
 *   factory,
 *   name: "ls_databricks",
 *   workspaceId: workspace.id,
 *   workspaceUrl: workspace.workspaceUrl,
 *   jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
 *   credential,
 * });
 * ```
 */
export class DatabricksLinkedService extends Construct implements ILinkedService {
  public readonly resource: ResourceGroupTemplateDeployment;
  public readonly name: string;
  public readonly id: string;
  public readonly entityKind = "LinkedService";

  constructor(
    scope: Construct,
    id: string,
    props: LinkedServiceBaseProps & {
      readonly workspaceId: string;
      readonly workspaceUrl: string;
      readonly jobCluster: JobClusterProps;
      /** The factory credential of the identity the notebooks run as. */
      readonly credential: IFactoryCredential;
    },
  ) {
    super(scope, id);
    const { jobCluster } = props;
    collectProblems(this, [
      () => checkFactoryEntityName(this, props.name),
      () => {
        checkRange(this, "jobCluster.minWorkers", jobCluster.minWorkers, 1, 100);
        checkRange(this, "jobCluster.maxWorkers", jobCluster.maxWorkers, 1, 100);
        if (jobCluster.minWorkers > jobCluster.maxWorkers) {
          throw propError(
            this,
            "jobCluster.minWorkers",
            `must be <= jobCluster.maxWorkers (${jobCluster.maxWorkers})`,
            jobCluster.minWorkers,
            "lower minWorkers or raise maxWorkers.",
          );
        }
      },
    ]);
    const linkedService = {
      type: "Microsoft.DataFactory/factories/linkedservices",
      apiVersion: "2018-06-01",
      name: `${props.factory.name}/${props.name}`,
      properties: {
        type: "AzureDatabricks",
        description: "Databricks job clusters (single user, Unity Catalog) run as the transformation identity",
        connectVia: { referenceName: props.factory.integrationRuntimeName, type: "IntegrationRuntimeReference" },
        typeProperties: databricksTypeProperties({ ...props, credentialName: props.credential.name }),
      },
    };
    this.resource = new ResourceGroupTemplateDeployment(this, "Resource", {
      // One deployment per linked service name and resource group; re-applying it updates the linked service.
      name: `adf-linked-service-${props.name}`,
      resourceGroupName: props.factory.resourceGroupName,
      deploymentMode: "Incremental",
      templateContent: JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        resources: [linkedService],
      }),
      // The credential is referenced by name only.
      dependsOn: [props.credential.resource],
    });
    this.name = props.name;
    this.id = `${props.factory.id}/linkedservices/${props.name}`;
  }
}

/**
 * Azure SQL Database with the factory's managed identity (a contained database user, created with T-SQL).
 *
 * @example
 * ```ts
 * const sqlLinked = new SqlLinkedService(this, "SqlLinked", { factory, name: "ls_sql", serverFqdn: sql.serverFqdn, databaseName: "sqldb-gold" });
 * ```
 */
export class SqlLinkedService extends Construct implements ILinkedService {
  public readonly resource: DataFactoryLinkedServiceAzureSqlDatabase;
  public readonly name: string;
  public readonly id: string;
  public readonly entityKind = "LinkedService";

  constructor(scope: Construct, id: string, props: LinkedServiceBaseProps & { readonly serverFqdn: string; readonly databaseName: string }) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryLinkedServiceAzureSqlDatabase(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      integrationRuntimeName: props.factory.integrationRuntimeName,
      // No credentials in the string: authentication is the managed identity.
      connectionString: `Data Source=tcp:${props.serverFqdn},1433;Initial Catalog=${props.databaseName};Encrypt=True;Connection Timeout=30;`,
      useManagedIdentity: true,
      description: "Serving database with the factory's managed identity",
    });
    this.name = props.name;
    this.id = this.resource.id;
  }
}

/**
 * Key Vault holding source-system credentials, read with the factory's managed identity (Key Vault Secrets User).
 *
 * @example
 * ```ts
 * new KeyVaultLinkedService(this, "VaultLinked", { factory, name: "ls_key_vault", keyVaultId: vault.id });
 * ```
 */
export class KeyVaultLinkedService extends Construct implements ILinkedService {
  public readonly resource: DataFactoryLinkedServiceKeyVault;
  public readonly name: string;
  public readonly id: string;
  public readonly entityKind = "LinkedService";

  constructor(scope: Construct, id: string, props: LinkedServiceBaseProps & { readonly keyVaultId: string }) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryLinkedServiceKeyVault(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      integrationRuntimeName: props.factory.integrationRuntimeName,
      keyVaultId: props.keyVaultId,
      description: "Credentials of source systems",
    });
    this.name = props.name;
    this.id = this.resource.id;
  }
}
