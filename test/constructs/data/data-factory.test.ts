import { DataFactory as AzDataFactory } from "@cdktf/provider-azurerm/lib/data-factory";
import { DataFactoryIntegrationRuntimeAzure } from "@cdktf/provider-azurerm/lib/data-factory-integration-runtime-azure";
import { DataFactoryManagedPrivateEndpoint } from "@cdktf/provider-azurerm/lib/data-factory-managed-private-endpoint";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformOutput, Testing } from "cdktf";
import { DATA_FACTORY_DEFAULTS, DataFactory, DataFactoryProps } from "../../../constructs/data/data-factory";

const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
const SUBNET_ID = "/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe";
const FACTORY_REF = /^\$\{azurerm_data_factory\.[^.]+\.id\}$/;

const baseProps: DataFactoryProps = { resourceGroupName: "rg-data", location: "westeurope", name: "adf-medallion-dev" };

function build(props: Partial<DataFactoryProps> = {}): { synth: string; factory: DataFactory } {
  let factory: DataFactory | undefined;
  const out = Testing.synthScope((scope) => {
    factory = new DataFactory(scope, "Factory", { ...baseProps, ...props });
  });
  return { synth: out, factory: factory as DataFactory };
}

const synth = (props: Partial<DataFactoryProps> = {}): string => build(props).synth;

function warnings(factory: DataFactory): string[] {
  return factory.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

/** Every resource of `type` in the synthesized JSON. */
function all(out: string, type: string): Record<string, unknown>[] {
  return Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, unknown>[];
}

describe("DataFactory", () => {
  test("defaults", () => {
    const { synth: out, factory } = build();
    expect(DATA_FACTORY_DEFAULTS).toEqual({
      publicNetworkAccess: false,
      integrationRuntime: { computeType: "General", coreCount: 8, timeToLiveMin: 10 },
    });
    expect(out).toHaveResourceWithProperties(AzDataFactory, {
      name: "adf-medallion-dev",
      resource_group_name: "rg-data",
      location: "westeurope",
      identity: { type: "SystemAssigned" },
      managed_virtual_network_enabled: true,
      public_network_enabled: false,
    });
    expect(out).toHaveResourceWithProperties(DataFactoryIntegrationRuntimeAzure, {
      name: "ir-managed-vnet",
      data_factory_id: expect.stringMatching(FACTORY_REF),
      location: "AutoResolve",
      virtual_network_enabled: true,
      compute_type: "General",
      core_count: 8,
      time_to_live_min: 10,
    });
    const [adf] = all(out, "azurerm_data_factory");
    expect(adf.github_configuration).toBeUndefined();
    expect(adf.vsts_configuration).toBeUndefined();
    for (const absent of [DataFactoryManagedPrivateEndpoint, PrivateEndpoint, MonitorDiagnosticSetting, RoleAssignment, ManagementLock]) {
      expect(out).not.toHaveResource(absent);
    }
    expect(warnings(factory)).toEqual([]);
  });

  test("exposes the identity and the integration runtime name as references", () => {
    const out = Testing.synthScope((scope) => {
      const factory = new DataFactory(scope, "Factory", baseProps);
      expect(factory.identity.principalType).toBe("ServicePrincipal");
      expect(factory.name).toBe("adf-medallion-dev");
      new TerraformOutput(scope, "principal", { value: factory.identity.principalId });
      new TerraformOutput(scope, "ir", { value: factory.integrationRuntimeName });
      new TerraformOutput(scope, "id", { value: factory.id });
    });
    const outputs = JSON.parse(out).output as Record<string, { value: string }>;
    expect(outputs.principal.value).toMatch(/^\$\{azurerm_data_factory\.[^.]+\.identity\[0\]\.principal_id\}$/);
    expect(outputs.ir.value).toMatch(/^\$\{azurerm_data_factory_integration_runtime_azure\.[^.]+\.name\}$/);
    expect(outputs.id.value).toMatch(FACTORY_REF);
  });

  test("github repository: github_configuration without publishing, no vsts", () => {
    const out = synth({
      gitRepository: { type: "github", accountName: "contoso", repositoryName: "adf", branchName: "main", rootFolder: "/factory" },
    });
    expect(out).toHaveResourceWithProperties(AzDataFactory, {
      github_configuration: { account_name: "contoso", repository_name: "adf", branch_name: "main", root_folder: "/factory", publishing_enabled: false },
    });
    expect(all(out, "azurerm_data_factory")[0].vsts_configuration).toBeUndefined();
  });

  test("azureDevOps repository: vsts_configuration with tenant, no github", () => {
    const out = synth({
      gitRepository: {
        type: "azureDevOps",
        accountName: "contoso",
        projectName: "data",
        repositoryName: "adf",
        branchName: "develop",
        rootFolder: "/",
        tenantId: "00000000-0000-0000-0000-00000000000a",
      },
    });
    expect(out).toHaveResourceWithProperties(AzDataFactory, {
      vsts_configuration: {
        account_name: "contoso",
        project_name: "data",
        repository_name: "adf",
        branch_name: "develop",
        root_folder: "/",
        tenant_id: "00000000-0000-0000-0000-00000000000a",
        publishing_enabled: false,
      },
    });
    expect(all(out, "azurerm_data_factory")[0].github_configuration).toBeUndefined();
  });

  test("managed private endpoints: one per key, named by the key, in the factory", () => {
    const { synth: out, factory } = build({
      managedPrivateEndpoints: {
        "mpe-lake-dfs": { targetResourceId: "/subscriptions/0000/storage/st", subresourceName: "dfs" },
        "mpe-sql": { targetResourceId: "/subscriptions/0000/sql/srv", subresourceName: "sqlServer" },
      },
    });
    expect(Object.keys(factory.managedPrivateEndpoints)).toEqual(["mpe-lake-dfs", "mpe-sql"]);
    expect(all(out, "azurerm_data_factory_managed_private_endpoint")).toHaveLength(2);
    expect(out).toHaveResourceWithProperties(DataFactoryManagedPrivateEndpoint, {
      name: "mpe-lake-dfs",
      data_factory_id: expect.stringMatching(FACTORY_REF),
      target_resource_id: "/subscriptions/0000/storage/st",
      subresource_name: "dfs",
    });
    expect(out).toHaveResourceWithProperties(DataFactoryManagedPrivateEndpoint, { name: "mpe-sql", subresource_name: "sqlServer" });
  });

  test("integration runtime sizing: compute type, cores and time to live", () => {
    const out = synth({ integrationRuntime: { computeType: "MemoryOptimized", coreCount: 16, timeToLiveMin: 0 } });
    expect(out).toHaveResourceWithProperties(DataFactoryIntegrationRuntimeAzure, {
      compute_type: "MemoryOptimized",
      core_count: 16,
      time_to_live_min: 0,
      virtual_network_enabled: true,
    });
  });

  test("integration runtime sizing: a partial override keeps the other defaults", () => {
    const out = synth({ integrationRuntime: { coreCount: 32 } });
    expect(out).toHaveResourceWithProperties(DataFactoryIntegrationRuntimeAzure, { compute_type: "General", core_count: 32, time_to_live_min: 10 });
  });

  test("private endpoints: the dataFactory sub-resource with DNS zone group", () => {
    const out = synth({ privateEndpoints: { main: { subnetId: SUBNET_ID, privateDnsZoneIds: ["/zones/privatelink.datafactory.azure.net"] } } });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "pe-adf-medallion-dev-datafactory",
      subnet_id: SUBNET_ID,
      private_service_connection: expect.objectContaining({
        private_connection_resource_id: expect.stringMatching(FACTORY_REF),
        subresource_names: ["dataFactory"],
        is_manual_connection: false,
      }),
      private_dns_zone_group: { name: "default", private_dns_zone_ids: ["/zones/privatelink.datafactory.azure.net"] },
    });
  });

  test("diagnostic settings: all logs and metrics to Log Analytics", () => {
    const out = synth({ diagnosticSettings: { logs: { workspaceId: LAW_ID } } });
    expect(out).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-logs",
      target_resource_id: expect.stringMatching(FACTORY_REF),
      log_analytics_workspace_id: LAW_ID,
      log_analytics_destination_type: "Dedicated",
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("role assignments on the factory", () => {
    const out = synth({ roleAssignments: { ops: { roleDefinitionIdOrName: "Data Factory Contributor", principalId: "pid", principalType: "Group" } } });
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: expect.stringMatching(FACTORY_REF),
      role_definition_name: "Data Factory Contributor",
      principal_id: "pid",
      principal_type: "Group",
    });
  });

  test("lock on the factory", () => {
    const out = synth({ lock: { kind: "CanNotDelete" } });
    expect(out).toHaveResourceWithProperties(ManagementLock, {
      name: "lock-adf-medallion-dev",
      scope: expect.stringMatching(FACTORY_REF),
      lock_level: "CanNotDelete",
    });
  });

  test("warns when public network access is allowed", () => {
    const { synth: out, factory } = build({ publicNetworkAccess: true });
    expect(out).toHaveResourceWithProperties(AzDataFactory, { public_network_enabled: true, managed_virtual_network_enabled: true });
    expect(warnings(factory)).toEqual([expect.stringMatching(/^publicNetworkAccess opts out of a secure default: .*internet/)]);
  });

  test("fails for a name with a double hyphen", () => {
    expect(() => synth({ name: "adf--dev" })).toThrow(/Factory: name must be 3-63 letters, digits and single hyphens \(got "adf--dev"\)/);
  });

  test("fails for a name that is too short", () => {
    expect(() => synth({ name: "ad" })).toThrow(/name must be 3-63 letters/);
  });

  test("fails for a name ending with a hyphen", () => {
    expect(() => synth({ name: "adf-dev-" })).toThrow(/name must be 3-63 letters/);
  });

  test("fails for an unsupported core count", () => {
    expect(() => synth({ integrationRuntime: { coreCount: 12 } })).toThrow(
      /integrationRuntime\.coreCount must be one of 8, 16, 32, 48, 80, 144, 272 \(got 12\)/,
    );
  });

  test("fails for a time to live above a day", () => {
    expect(() => synth({ integrationRuntime: { timeToLiveMin: 1441 } })).toThrow(/integrationRuntime\.timeToLiveMin must be a whole number from 0 to 1440/);
  });

  test("fails for a managed private endpoint key with invalid characters", () => {
    expect(() => synth({ managedPrivateEndpoints: { "mpe lake": { targetResourceId: "/x", subresourceName: "dfs" } } })).toThrow(
      /managedPrivateEndpoints\.mpe lake must be letters, digits, '_' and '-'/,
    );
  });

  test("fails naming every problem at once", () => {
    const managedPrivateEndpoints = { "mpe lake": { targetResourceId: "/x", subresourceName: "dfs" } };
    expect(() => synth({ name: "adf--dev", integrationRuntime: { coreCount: 12, timeToLiveMin: 1441 }, managedPrivateEndpoints })).toThrow(
      /Factory: 4 problems:\n- \S*Factory: name must be 3-63 letters.*\n- \S*Factory: integrationRuntime\.coreCount must be one of.*\n- \S*Factory: integrationRuntime\.timeToLiveMin must be a whole number.*\n- \S*Factory: managedPrivateEndpoints\.mpe lake must be.*$/,
    );
  });
});
