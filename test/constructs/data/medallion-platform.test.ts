import { DataFactory as AzDataFactory } from "@cdktf/provider-azurerm/lib/data-factory";
import { DataFactoryLinkedServiceAzureSqlDatabase } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-azure-sql-database";
import { DataFactoryLinkedServiceKeyVault } from "@cdktf/provider-azurerm/lib/data-factory-linked-service-key-vault";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { SqlDatabaseSku } from "../../../constructs/data/sql-database-sku";
import { MedallionPlatform, MedallionPlatformProps } from "../../../constructs/data/medallion-platform";
import { DataNetwork, IDataNetwork } from "../../../constructs/network/data-network";
import { DATA_PRIVATE_DNS_ZONES } from "../../../constructs/network/private-dns-zones";
import { MEDALLION_LAKE_ACCESS } from "../../../constructs/data/medallion/names";

const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
const placement = { resourceGroupName: "rg-data", location: "westeurope" };

/** The network the platform's private endpoints and Databricks live in. */
function network(scope: Construct): DataNetwork {
  return new DataNetwork(scope, "Network", {
    ...placement,
    name: "vnet-data",
    addressSpace: "10.10.0.0/16",
    subnets: { privateEndpoints: "10.10.0.0/24", databricksHost: "10.10.1.0/26", databricksContainer: "10.10.2.0/26" },
  });
}

const silver = { columns: { id: "BIGINT", amount: "DOUBLE" }, keys: ["id"], required: ["id"] } as const;
const gold = { groupBy: [], measures: { amount: "sum" } } as const;

type Overrides = { [K in keyof MedallionPlatformProps]?: K extends "network" ? never : Partial<MedallionPlatformProps[K]> };

function platformProps(net: IDataNetwork, o: Overrides = {}): MedallionPlatformProps {
  return {
    ...placement,
    names: {
      storageAccount: "stmedallion",
      keyVault: "kv-medallion",
      dataFactory: "adf-medallion",
      databricksWorkspace: "dbw-medallion",
      databricksAccessConnector: "dbac-medallion",
      sqlServer: "sql-medallion",
      sqlDatabase: "sqldb-gold",
      transformIdentity: "id-medallion-transform",
      ...o.names,
    },
    tenantId: "00000000-0000-0000-0000-00000000000a",
    network: net,
    logAnalyticsWorkspaceId: LAW_ID,
    dataLake: { replication: "ZRS", softDeleteRetentionInDays: 7, lifecycle: {}, lock: false, ...o.dataLake },
    keyVault: { softDeleteRetentionInDays: 90, ...o.keyVault },
    dataFactory: { publicNetworkAccess: false, ...o.dataFactory },
    databricks: {
      publicNetworkAccess: false,
      jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
      ...o.databricks,
    },
    sql: {
      entraAdmin: { loginName: "sg-sql-admins", objectId: "00000000-0000-0000-0000-000000000001" },
      publicNetworkAccess: false,
      sku: SqlDatabaseSku.serverless({ maxVCores: 2 }),
      maxSizeGb: 32,
      zoneRedundant: false,
      shortTermRetentionDays: 7,
      lock: false,
      ...o.sql,
    },
    medallion: {
      sources: [
        {
          name: "sales",
          format: "csv",
          trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" },
          silver,
          gold,
          goldTable: { schema: "gold", table: "sales" },
        },
        { name: "inventory", format: "parquet", trigger: { type: "fileDrop" }, silver, gold, goldTable: { schema: "gold", table: "inventory" } },
      ],
    },
  };
}

function build(o: Overrides = {}): { synth: string; platform: MedallionPlatform } {
  let platform: MedallionPlatform | undefined;
  const synth = Testing.synthScope((scope) => {
    platform = new MedallionPlatform(scope, "Platform", platformProps(network(scope), o));
  });
  return { synth, platform: platform as MedallionPlatform };
}

/** Warnings of every construct of the platform, as "<path>: <message>". */
function warnings(platform: MedallionPlatform): string[] {
  return platform.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `${c.node.path}: ${String(m.data)}`));
}

type Json = Record<string, unknown>;
const resources = (out: string, type: string): Json[] => Object.values(JSON.parse(out).resource[type] ?? {}) as Json[];

/** Every [key, value] pair of a JSON tree. */
function entries(node: unknown): Array<[string, unknown]> {
  if (Array.isArray(node)) return node.flatMap(entries);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [[k, v] as [string, unknown], ...entries(v)]);
}

const ref = (type: string, attr: string, construct = "") => expect.stringMatching(new RegExp(`^\\$\\{${type}\\.Platform_${construct}[^.]*\\.${attr}\\}$`));

describe("MedallionPlatform", () => {
  const { synth: out, platform } = build();

  test("defaults: private factory with managed VNet and identity, no opt-out warnings", () => {
    expect(out).toHaveResourceWithProperties(AzDataFactory, {
      name: "adf-medallion",
      // Its own identity moves data; the transformation identity is there for the Databricks credential.
      identity: { type: "SystemAssigned, UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", "id")] },
      managed_virtual_network_enabled: true,
      public_network_enabled: false,
    });
    expect(warnings(platform)).toEqual([]);
  });

  test("defaults: no password, key, token or secret anywhere in the platform", () => {
    const all = entries(JSON.parse(out).resource);
    const secretKeys = all.map(([k]) => k).filter((k) => /password|access_token|secret|sas|(^|_)key$|service_principal/.test(k));
    expect([...new Set(secretKeys)]).toEqual([]);
    const connectionStrings = all.filter(([k]) => k === "connection_string").map(([, v]) => String(v));
    expect(connectionStrings).toHaveLength(1);
    for (const cs of connectionStrings) expect(cs).not.toMatch(/password|pwd=|user id=/i);
  });

  test("grants: each identity gets exactly the filesystems it uses, one container-scoped assignment each, the connector Storage Blob Delegator on the account; no Azure role on the Databricks workspace, no secret for the factory", () => {
    const container = (fs: string) => expect.stringMatching(new RegExp(`^\\$\\{azurerm_storage_container\\.Platform_Lake_Filesystem-${fs}_[^.]+\\.id\\}$`));
    const factory = ref("azurerm_data_factory", "identity\\[0\\]\\.principal_id");
    const connector = ref("azurerm_databricks_access_connector", "identity\\[0\\]\\.principal_id");
    const grants = resources(out, "azurerm_role_assignment").map((r) => [r.role_definition_name, r.scope, r.principal_id]);
    const [reader, contributor] = ["Storage Blob Data Reader", "Storage Blob Data Contributor"];
    expect(grants).toHaveLength(8);
    expect(grants).toEqual(
      expect.arrayContaining([
        [reader, container("landing"), factory],
        [reader, container("gold"), factory],
        [contributor, container("bronze"), factory],
        [reader, container("bronze"), connector],
        [contributor, container("silver"), connector],
        [contributor, container("gold"), connector],
        [contributor, container("catalog"), connector],
        ["Storage Blob Delegator", ref("azurerm_storage_account", "id"), connector],
      ]),
    );
    expect(Object.keys(MEDALLION_LAKE_ACCESS.factory).sort()).toEqual(["bronze", "gold", "landing"]);
    for (const r of resources(out, "azurerm_role_assignment")) {
      expect(r.principal_type).toBe("ServicePrincipal");
      if (r.role_definition_name !== "Storage Blob Delegator") expect(r.scope).not.toMatch(/azurerm_storage_account\./);
    }
  });

  test("transformIdentity is exposed as every identity is: a principal with its resource id and client id", () => {
    const { synth, platform: p } = build();
    expect(Object.keys(p.transformIdentity).sort()).toEqual(["clientId", "id", "principalId", "principalType"]);
    expect(p.transformIdentity.principalType).toBe("ServicePrincipal");
    const factory = Object.values<any>(JSON.parse(synth).resource.azurerm_data_factory)[0];
    expect(factory.identity.identity_ids).toEqual([expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Platform_TransformIdentity_[A-Z0-9]+\.id\}$/)]);
  });

  test("keyVault.factorySecrets: the factory reads each listed secret, on the secret", () => {
    const secrets = (o: Overrides) =>
      resources(build(o).synth, "azurerm_role_assignment")
        .filter((r) => r.role_definition_name === "Key Vault Secrets User")
        .map((r) => r.scope);
    expect(secrets({ keyVault: { factorySecrets: ["crm-password", "erp-key"] } })).toEqual([
      expect.stringMatching(/^\$\{azurerm_key_vault\.[^.]+\.id\}\/secrets\/crm-password$/),
      expect.stringMatching(/^\$\{azurerm_key_vault\.[^.]+\.id\}\/secrets\/erp-key$/),
    ]);
  });

  test("the Databricks workspace waits for the NSG and NAT gateway associations of both its subnets", () => {
    const [workspace] = Object.values<any>(JSON.parse(build().synth).resource.azurerm_databricks_workspace);
    expect([...workspace.depends_on].sort()).toEqual([
      expect.stringMatching(/^azurerm_subnet_nat_gateway_association\.Network_DatabricksContainerSubnetNat_/),
      expect.stringMatching(/^azurerm_subnet_nat_gateway_association\.Network_DatabricksHostSubnetNat_/),
      expect.stringMatching(/^azurerm_subnet_network_security_group_association\.Network_DatabricksContainerSubnetNsg_/),
      expect.stringMatching(/^azurerm_subnet_network_security_group_association\.Network_DatabricksHostSubnetNsg_/),
    ]);
  });

  test("takes a network built elsewhere (IDataNetwork): its subnets, associations and DNS zones", () => {
    const vnet = "/subscriptions/0000/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke";
    const subnet = (name: string) => ({ id: `${vnet}/subnets/${name}`, name, networkSecurityGroupAssociationId: `${vnet}/subnets/${name}`, associations: [] });
    const spoke: IDataNetwork = {
      id: vnet,
      privateEndpointSubnet: subnet("snet-pe"),
      databricksHostSubnet: subnet("snet-dbw-host"),
      databricksContainerSubnet: subnet("snet-dbw-container"),
      privateDnsZoneIds: Object.fromEntries(Object.keys(DATA_PRIVATE_DNS_ZONES).map((key) => [key, `/zones/${key}`])) as IDataNetwork["privateDnsZoneIds"],
    };
    const synth = Testing.synthScope((scope) => {
      new MedallionPlatform(scope, "Platform", platformProps(spoke));
    });
    const [workspace] = Object.values<any>(JSON.parse(synth).resource.azurerm_databricks_workspace);
    expect(workspace.custom_parameters).toMatchObject({
      virtual_network_id: vnet,
      public_subnet_name: "snet-dbw-host",
      private_subnet_name: "snet-dbw-container",
    });
    expect(workspace).not.toHaveProperty("depends_on");
    for (const endpoint of resources(synth, "azurerm_private_endpoint")) expect(endpoint.subnet_id).toBe(`${vnet}/subnets/snet-pe`);
  });

  test("private endpoints: dfs, blob, vault, sqlServer, dataFactory, databricks_ui_api and browser_authentication in the endpoint subnet", () => {
    const endpoints = resources(out, "azurerm_private_endpoint");
    const subresources = endpoints.map((e) => (e.private_service_connection as { subresource_names: string[] }).subresource_names[0]);
    expect(subresources.sort()).toEqual(["blob", "browser_authentication", "databricks_ui_api", "dataFactory", "dfs", "sqlServer", "vault"].sort());
    for (const e of endpoints) {
      // Read through the subnet's NSG association: no endpoint NIC is placed while the association rewrites the subnet.
      expect(e.subnet_id).toEqual(
        expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Network_PrivateEndpointSubnetNsg_[^.]+\.subnet_id\}$/),
      );
      expect(e.private_dns_zone_group).toEqual({
        name: "default",
        private_dns_zone_ids: [expect.stringMatching(/^\$\{azurerm_private_dns_zone\.Network_DnsZone-/)],
      });
    }
  });

  test("private endpoints: each registers in its service's private DNS zone", () => {
    const zoneOf = Object.fromEntries(
      resources(out, "azurerm_private_endpoint")
        .filter((e) => !JSON.stringify(e.private_service_connection).includes("browser_authentication"))
        .map((e) => [
          (e.private_service_connection as { subresource_names: string[] }).subresource_names[0],
          (e.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids[0],
        ]),
    );
    const zone = (key: string) => expect.stringMatching(new RegExp(`^\\$\\{azurerm_private_dns_zone\\.Network_DnsZone-${key}_[^.]+\\.id\\}$`));
    expect(zoneOf).toEqual({
      dfs: zone("dfs"),
      blob: zone("blob"),
      vault: zone("vault"),
      sqlServer: zone("sql"),
      dataFactory: zone("dataFactory"),
      databricks_ui_api: zone("databricks"),
    });
  });

  test("managed private endpoints: the factory reaches lake, SQL, vault and workspace privately", () => {
    const mpes = Object.fromEntries(
      resources(out, "azurerm_data_factory_managed_private_endpoint").map((m) => [m.name, [m.subresource_name, m.target_resource_id]]),
    );
    expect(mpes).toEqual({
      "mpe-lake-dfs": ["dfs", ref("azurerm_storage_account", "id")],
      "mpe-lake-blob": ["blob", ref("azurerm_storage_account", "id")],
      "mpe-sql": ["sqlServer", ref("azurerm_mssql_server", "id")],
      "mpe-keyvault": ["vault", ref("azurerm_key_vault", "id")],
      "mpe-databricks": ["databricks_ui_api", ref("azurerm_databricks_workspace", "id")],
    });
  });

  test("diagnostic settings: lake, vault, workspace, SQL and factory all send to Log Analytics", () => {
    const settings = resources(out, "azurerm_monitor_diagnostic_setting");
    for (const s of settings) expect(s.log_analytics_workspace_id).toBe(LAW_ID);
    const targets = settings.map((s) => String(s.target_resource_id));
    for (const type of ["azurerm_storage_account", "azurerm_key_vault", "azurerm_databricks_workspace", "azurerm_mssql_database", "azurerm_data_factory"]) {
      expect(targets.some((t) => t.startsWith(`\${${type}.`))).toBe(true);
    }
    expect(targets).toContainEqual(expect.stringMatching(/^\$\{azurerm_storage_account\.[^.]+\.id\}\/blobServices\/default$/));
  });

  test("pipelines: linked services point at the platform's workspace, database and vault", () => {
    const [deployment] = resources(out, "azurerm_resource_group_template_deployment") as Record<string, any>[];
    const [dbx] = JSON.parse(deployment.template_content).resources;
    expect(dbx.name).toBe("adf-medallion/ls_databricks");
    // Created after the integration runtime it names (and so after the factory).
    expect(dbx.properties.connectVia.referenceName).toEqual(expect.stringMatching(/^\$\{azurerm_data_factory_integration_runtime_azure\.[^.]+\.name\}$/));
    expect(dbx.properties.typeProperties).toMatchObject({
      workspaceResourceId: expect.stringMatching(/^\$\{azurerm_databricks_workspace\.[^.]+\.id\}$/),
      domain: expect.stringMatching(/^https:\/\/\$\{azurerm_databricks_workspace\.[^.]+\.workspace_url\}$/),
    });
    expect(resources(out, "azurerm_data_factory_credential_user_managed_identity")).toEqual([
      expect.objectContaining({ identity_id: ref("azurerm_user_assigned_identity", "id"), data_factory_id: ref("azurerm_data_factory", "id") }),
    ]);
    expect(out).toHaveResourceWithProperties(DataFactoryLinkedServiceAzureSqlDatabase, {
      connection_string: expect.stringMatching(
        /^Data Source=tcp:\$\{azurerm_mssql_server\.[^.]+\.fully_qualified_domain_name\},1433;Initial Catalog=\$\{azurerm_mssql_database\.[^.]+\.name\};/,
      ),
      use_managed_identity: true,
    });
    expect(out).toHaveResourceWithProperties(DataFactoryLinkedServiceKeyVault, { key_vault_id: ref("azurerm_key_vault", "id") });
    // Worker, all sources, a run pipeline per source, a drop pipeline per file-drop source.
    expect(resources(out, "azurerm_data_factory_pipeline")).toHaveLength(5);
    expect(resources(out, "azurerm_data_factory_trigger_tumbling_window")).toHaveLength(1);
    expect(resources(out, "azurerm_data_factory_trigger_blob_event")).toHaveLength(1);
  });

  test("the transformation identity: named from props, in the platform's resource group; the lake gets a catalog filesystem", () => {
    expect(resources(out, "azurerm_user_assigned_identity")).toEqual([
      expect.objectContaining({ name: "id-medallion-transform", resource_group_name: "rg-data" }),
    ]);
    expect(
      resources(out, "azurerm_storage_container")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["bronze", "catalog", "gold", "landing", "silver"]);
  });

  test("exposes the composed constructs", () => {
    expect(platform.factory.name).toBe("adf-medallion");
    expect(platform.pipelines.sourcePipeline.name).toBe("pl_medallion_source");
    expect(platform.lake.name).toBe("stmedallion");
  });

  test("git repository reaches the factory", () => {
    const { synth } = build({
      dataFactory: { gitRepository: { type: "github", accountName: "contoso", repositoryName: "adf", branchName: "main", rootFolder: "/" } },
    });
    expect(synth).toHaveResourceWithProperties(AzDataFactory, {
      github_configuration: expect.objectContaining({ account_name: "contoso", publishing_enabled: false }),
    });
  });

  test("dataLake.lock locks the storage account only; sql.lock the SQL server only", () => {
    const locks = (o: Overrides) => resources(build(o).synth, "azurerm_management_lock").map((l) => l.scope);
    expect(locks({ dataLake: { lock: true } })).toEqual([ref("azurerm_storage_account", "id")]);
    expect(locks({ sql: { lock: true } })).toEqual([ref("azurerm_mssql_server", "id")]);
    expect(locks({})).toEqual([]);
  });

  test("warns for the factory's public network access opt-out", () => {
    const { synth, platform: p } = build({ dataFactory: { publicNetworkAccess: true } });
    expect(synth).toHaveResourceWithProperties(AzDataFactory, { public_network_enabled: true });
    expect(warnings(p)).toEqual([expect.stringMatching(/^stack\/Platform\/Factory: publicNetworkAccess opts out of a secure default/)]);
  });

  test("warns once per opt-out in a dev configuration", () => {
    const { platform: p } = build({
      dataFactory: { publicNetworkAccess: true },
      databricks: { publicNetworkAccess: true },
      sql: { publicNetworkAccess: true },
      dataLake: { publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24"] },
    });
    const paths = warnings(p).map((w) => w.split(":")[0]);
    expect(paths).toEqual(expect.arrayContaining(["stack/Platform/Lake", "stack/Platform/Factory", "stack/Platform/Databricks", "stack/Platform/Sql"]));
    expect(paths).toHaveLength(4);
  });

  test("fails for an invalid factory name", () => {
    const { names } = platformProps({} as DataNetwork);
    expect(() => build({ names: { ...names, dataFactory: "adf--x" } })).toThrow(/Platform\/Factory: name must be 3-63 letters/);
  });

  test("fails for a job cluster with minWorkers above maxWorkers", () => {
    const jobCluster = { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 4, maxWorkers: 2 };
    expect(() => build({ databricks: { jobCluster } })).toThrow(
      /Platform\/Pipelines\/DatabricksLinkedService: jobCluster\.minWorkers must be <= jobCluster\.maxWorkers/,
    );
  });
});
