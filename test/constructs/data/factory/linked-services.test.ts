import { DataFactoryCredentialUserManagedIdentity } from "@cdktf/provider-azurerm/lib/data-factory-credential-user-managed-identity";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { DataFactoryLinkedServiceAzureSqlDatabase } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-azure-sql-database";
import { DataFactoryLinkedServiceDataLakeStorageGen2 } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-data-lake-storage-gen2";
import { DataFactoryLinkedServiceKeyVault } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-key-vault";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { IDataFactory } from "../../../../constructs/data/data-factory";
import { UserAssignedIdentityCredential } from "../../../../constructs/data/factory/credentials";
import {
  DatabricksLinkedService,
  JobClusterProps,
  KeyVaultLinkedService,
  LakeLinkedService,
  SqlLinkedService,
} from "../../../../constructs/data/factory/linked-services";

const factory: IDataFactory = {
  id: "/subscriptions/0000/resourceGroups/rg-data/providers/Microsoft.DataFactory/factories/adf",
  name: "adf",
  integrationRuntimeName: "ir-managed-vnet",
  resourceGroupName: "rg-data",
};
const WORKSPACE_ID = "/subscriptions/0000/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/dbw";
const jobCluster: JobClusterProps = { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 4 };

const synth = (fn: (scope: Construct) => void): string => Testing.synthScope(fn);
/** The linked service resource of the ARM template that deploys the Databricks linked service. */
const deployedLinkedService = (out: string): Record<string, any> => {
  const [deployment] = Object.values<any>(JSON.parse(out).resource.azurerm_resource_group_template_deployment);
  return JSON.parse(deployment.template_content).resources[0];
};
const IDENTITY_ID = "/subscriptions/0000/resourceGroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-transform";
const credential = (scope: Construct) => new UserAssignedIdentityCredential(scope, "Credential", { factory, name: "cred_transform", identityId: IDENTITY_ID });

const databricks = (cluster: Partial<JobClusterProps> = {}, name = "ls_databricks") =>
  synth((scope) => {
    new DatabricksLinkedService(scope, "Dbx", {
      factory,
      name,
      credential: credential(scope),
      workspaceId: WORKSPACE_ID,
      workspaceUrl: "adb-123.4.azuredatabricks.net",
      jobCluster: { ...jobCluster, ...cluster },
    });
  });

/** Every linked service, synthesized together. */
const allFour = () =>
  synth((scope) => {
    new LakeLinkedService(scope, "Lake", { factory, name: "ls_lake", dfsEndpoint: "https://st.dfs.core.windows.net/" });
    new DatabricksLinkedService(scope, "Dbx", {
      factory,
      name: "ls_databricks",
      credential: credential(scope),
      workspaceId: WORKSPACE_ID,
      workspaceUrl: "adb-1.azuredatabricks.net",
      jobCluster,
    });
    new SqlLinkedService(scope, "Sql", { factory, name: "ls_sql", serverFqdn: "sql-x.database.windows.net", databaseName: "gold" });
    new KeyVaultLinkedService(scope, "Kv", { factory, name: "ls_kv", keyVaultId: "/subscriptions/0000/vaults/kv" });
  });

describe("linked services", () => {
  test("defaults: every linked service runs on the managed-VNet runtime of its factory", () => {
    const resources = JSON.parse(allFour()).resource as Record<string, Record<string, Record<string, unknown>>>;
    const linked = Object.entries(resources).filter(([type]) => type.startsWith("azurerm_data_factory_linked_"));
    expect(linked).toHaveLength(3);
    for (const [, byId] of linked) {
      for (const ls of Object.values(byId)) expect(ls).toMatchObject({ data_factory_id: factory.id, integration_runtime_name: "ir-managed-vnet" });
    }
    expect(deployedLinkedService(allFour()).properties.connectVia).toEqual({ referenceName: "ir-managed-vnet", type: "IntegrationRuntimeReference" });
  });

  test("defaults: lake and SQL use the factory's identity, Databricks the credential's identity on the workspace", () => {
    const resources = JSON.parse(allFour()).resource as Record<string, Record<string, Record<string, unknown>>>;
    const only = (type: string) => Object.values(resources[type]);
    expect(only("azurerm_data_factory_linked_service_data_lake_storage_gen2")).toEqual([expect.objectContaining({ use_managed_identity: true })]);
    expect(only("azurerm_data_factory_linked_service_azure_sql_database")).toEqual([expect.objectContaining({ use_managed_identity: true })]);
    const dbx = deployedLinkedService(allFour()).properties.typeProperties;
    expect(dbx).toMatchObject({
      authentication: "MSI",
      workspaceResourceId: WORKSPACE_ID,
      credential: { referenceName: "cred_transform", type: "CredentialReference" },
    });
    expect(dbx).not.toHaveProperty("existingClusterId");
    expect(dbx).not.toHaveProperty("instancePoolId");
  });

  test("defaults: no key, password, token, SAS or secret in any linked service", () => {
    const text = allFour();
    for (const secret of [
      "password",
      "access_token",
      "account_key",
      "storage_account_key",
      "service_principal_key",
      "service_principal_id",
      "sas_uri",
      "key_vault_password",
    ]) {
      expect(text).not.toContain(`"${secret}`);
    }
    expect(text).not.toMatch(/Password=|AccountKey=|SharedAccessSignature=|User ID=/i);
  });

  test("lake: dfs endpoint with the factory's managed identity", () => {
    const out = synth((scope) => {
      const ls = new LakeLinkedService(scope, "Lake", { factory, name: "ls_lake", dfsEndpoint: "https://st.dfs.core.windows.net/" });
      expect(ls.name).toBe("ls_lake");
    });
    expect(out).toHaveResourceWithProperties(DataFactoryLinkedServiceDataLakeStorageGen2, {
      name: "ls_lake",
      url: "https://st.dfs.core.windows.net/",
      use_managed_identity: true,
      integration_runtime_name: "ir-managed-vnet",
    });
  });

  const databricksProperties = (out: string) => deployedLinkedService(out).properties;

  test("databricks: an ARM deployment of Data Factory's own JSON (azurerm's models drop dataSecurityMode), in the factory's resource group", () => {
    const out = databricks();
    const [deployment] = Object.values<any>(JSON.parse(out).resource.azurerm_resource_group_template_deployment);
    expect(deployment).toMatchObject({ name: "adf-linked-service-ls_databricks", resource_group_name: "rg-data", deployment_mode: "Incremental" });
    expect(deployment.depends_on).toEqual([expect.stringMatching(/^azurerm_data_factory_credential_user_managed_identity\./)]);
    const template = JSON.parse(deployment.template_content);
    expect(template.resources).toHaveLength(1);
    expect(template.resources[0]).toMatchObject({
      type: "Microsoft.DataFactory/factories/linkedservices",
      apiVersion: "2018-06-01",
      name: "adf/ls_databricks",
    });
    expect(out).toHaveResource(ResourceGroupTemplateDeployment);
  });

  test("databricks: the credential's identity on the workspace, an autoscaling single-user job cluster", () => {
    const out = databricks();
    const { type, typeProperties } = databricksProperties(out);
    expect(type).toBe("AzureDatabricks");
    expect(typeProperties).toEqual({
      domain: "https://adb-123.4.azuredatabricks.net",
      authentication: "MSI",
      workspaceResourceId: WORKSPACE_ID,
      credential: { referenceName: "cred_transform", type: "CredentialReference" },
      newClusterVersion: "15.4.x-scala2.12",
      newClusterNodeType: "Standard_D4ds_v5",
      newClusterDriverNodeType: "Standard_D4ds_v5",
      newClusterNumOfWorker: "1:4",
      dataSecurityMode: "SINGLE_USER",
    });
    expect(out).toHaveResourceWithProperties(DataFactoryCredentialUserManagedIdentity, {
      name: "cred_transform",
      identity_id: IDENTITY_ID,
      data_factory_id: factory.id,
    });
  });

  test("databricks: a fixed-size cluster (min = max) is allowed", () => {
    expect(databricksProperties(databricks({ minWorkers: 3, maxWorkers: 3 })).typeProperties.newClusterNumOfWorker).toBe("3:3");
  });

  test("sql: connection string without credentials, managed identity on", () => {
    const out = synth((scope) => {
      new SqlLinkedService(scope, "Sql", { factory, name: "ls_sql", serverFqdn: "sql-x.database.windows.net", databaseName: "gold" });
    });
    expect(out).toHaveResourceWithProperties(DataFactoryLinkedServiceAzureSqlDatabase, {
      name: "ls_sql",
      use_managed_identity: true,
      connection_string: "Data Source=tcp:sql-x.database.windows.net,1433;Initial Catalog=gold;Encrypt=True;Connection Timeout=30;",
    });
  });

  test("key vault: vault id, read with the factory's identity", () => {
    const out = synth((scope) => {
      new KeyVaultLinkedService(scope, "Kv", { factory, name: "ls_kv", keyVaultId: "/subscriptions/0000/vaults/kv" });
    });
    expect(out).toHaveResourceWithProperties(DataFactoryLinkedServiceKeyVault, { name: "ls_kv", key_vault_id: "/subscriptions/0000/vaults/kv" });
  });

  test("fails for minWorkers above maxWorkers", () => {
    expect(() => databricks({ minWorkers: 5, maxWorkers: 2 })).toThrow(/Dbx: jobCluster\.minWorkers must be <= jobCluster\.maxWorkers \(2\) \(got 5\)/);
  });

  test("fails for zero workers", () => {
    expect(() => databricks({ minWorkers: 0 })).toThrow(/jobCluster\.minWorkers must be a whole number from 1 to 100/);
  });

  test("fails for more than 100 workers", () => {
    expect(() => databricks({ maxWorkers: 101 })).toThrow(/jobCluster\.maxWorkers must be a whole number from 1 to 100/);
  });

  test("fails for a name with a forbidden character", () => {
    expect(() => databricks({}, "ls.databricks")).toThrow(/Dbx: name must be 1-140 characters starting with a letter, digit or _/);
  });

  test("fails for a name starting with a hyphen", () => {
    expect(() =>
      synth((scope) => {
        new LakeLinkedService(scope, "Lake", { factory, name: "-lake", dfsEndpoint: "https://st.dfs.core.windows.net/" });
      }),
    ).toThrow(/Lake: name must be 1-140 characters/);
  });

  test("fails for a name longer than 140 characters", () => {
    expect(() =>
      synth((scope) => {
        new KeyVaultLinkedService(scope, "Kv", { factory, name: "k".repeat(141), keyVaultId: "/kv" });
      }),
    ).toThrow(/Kv: name must be 1-140 characters/);
  });

  test("fails naming every problem of the Databricks linked service at once", () => {
    expect(() => databricks({ minWorkers: 0 }, "ls.databricks")).toThrow(
      /Dbx: 2 problems:\n- \S*Dbx: name must be 1-140 characters.*\n- \S*Dbx: jobCluster\.minWorkers must be a whole number from 1 to 100.*$/,
    );
  });
});
